"""Confirmed purchase orders for suppliers with 850 enabled -> outbound purchase order data (850 out).

Reads, in a fixed number of round trips per poll: the suppliers by reference, their confirmed
orders changed since the watermark, all their lines, the products with the supplier's own item
codes (``product.supplierinfo``), and the ship-to (the receiving warehouse's address).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import idempotency_key
from gateway.odoo.workflows.outbound_common import Address, addresses, m2o_id, read_by_id, watermark_domain

DOC_TYPE = "purchase_order_out"


@dataclass(frozen=True)
class OutboundPOLine:
    """One ordered line with every identifier a supplier may want."""

    line_number: str
    product_code: str | None
    vendor_code: str | None
    gtin: str | None
    description: str
    quantity: float
    uom: str
    price: float
    date_planned: str | None


@dataclass(frozen=True)
class OutboundPurchaseOrder:
    """A purchase order ready to render as an 850."""

    key: str
    odoo_id: int
    po_number: str
    supplier: Address
    vendor_reference: str | None
    order_date: str
    currency: str
    ship_to: Address | None
    lines: tuple[OutboundPOLine, ...]
    write_date: str


def purchase_orders_to_send(client: OdooClient, supplier_refs: Iterable[str], *, since: str | None = None,
                            limit: int = 200) -> list[OutboundPurchaseOrder]:
    """Confirmed orders of these suppliers changed after ``since``, oldest change first."""
    refs = list(dict.fromkeys(supplier_refs))
    suppliers = client.search_read("res.partner", [("ref", "in", refs)], ["id", "ref"]) if refs else []
    if not suppliers:
        return []
    uom_field = client.version.order_line_uom_field
    orders = client.search_read(
        "purchase.order", [("partner_id", "in", [s["id"] for s in suppliers]), ("state", "in", ["purchase", "done"]),
                           *watermark_domain(since)],
        ["id", "name", "partner_id", "partner_ref", "date_order", "currency_id", "picking_type_id", "order_line",
         "write_date"], order="write_date, id", limit=limit)
    if not orders:
        return []
    lines = client.search_read("purchase.order.line", [("order_id", "in", [o["id"] for o in orders])],
                               ["id", "order_id", "product_id", "name", "product_qty", uom_field, "price_unit",
                                "date_planned", "sequence"], order="order_id, sequence, id")
    products = read_by_id(client, "product.product", (m2o_id(line["product_id"]) for line in lines),
                          ["id", "default_code", "barcode", "product_tmpl_id"])
    vendor_codes: dict[tuple[int, int], str] = {}
    infos = client.search_read("product.supplierinfo", [("partner_id", "in", [s["id"] for s in suppliers])],
                               ["partner_id", "product_id", "product_tmpl_id", "product_code"])
    tmpl_to_products: dict[int, list[int]] = {}
    for pid, product in products.items():
        tmpl = m2o_id(product["product_tmpl_id"])
        if tmpl:
            tmpl_to_products.setdefault(tmpl, []).append(pid)
    for info in infos:
        if not info.get("product_code"):
            continue
        partner = m2o_id(info["partner_id"]) or 0
        targets = [m2o_id(info["product_id"])] if info.get("product_id") else \
            tmpl_to_products.get(m2o_id(info["product_tmpl_id"]) or 0, [])
        for pid in targets:
            if pid:
                vendor_codes.setdefault((partner, pid), info["product_code"])
    types = read_by_id(client, "stock.picking.type", (m2o_id(o["picking_type_id"]) for o in orders), ["warehouse_id"])
    warehouses = read_by_id(client, "stock.warehouse", (m2o_id(t["warehouse_id"]) for t in types.values()), ["partner_id"])
    wh_partner = {wid: m2o_id(w["partner_id"]) for wid, w in warehouses.items()}
    people = addresses(client, [m2o_id(o["partner_id"]) or 0 for o in orders] + [p for p in wh_partner.values() if p])
    by_order: dict[int, list[OutboundPOLine]] = {}
    for line in lines:
        order_id = m2o_id(line["order_id"]) or 0
        pid = m2o_id(line["product_id"])
        product = products.get(pid or 0, {})
        supplier_id = next(m2o_id(o["partner_id"]) for o in orders if o["id"] == order_id) or 0
        numbered = by_order.setdefault(order_id, [])
        numbered.append(OutboundPOLine(
            str(len(numbered) + 1), product.get("default_code") or None, vendor_codes.get((supplier_id, pid or 0)),
            product.get("barcode") or None, line["name"], line["product_qty"], line[uom_field][1] if line[uom_field] else "",
            line["price_unit"], line.get("date_planned") or None))
    out = []
    ref_by_id = {s["id"]: s["ref"] for s in suppliers}
    for order in orders:
        supplier_id = m2o_id(order["partner_id"]) or 0
        ptype = types.get(m2o_id(order["picking_type_id"]) or 0, {})
        wh = m2o_id(ptype.get("warehouse_id"))
        ship_to = people.get(wh_partner.get(wh or 0) or 0)
        out.append(OutboundPurchaseOrder(
            idempotency_key(DOC_TYPE, ref_by_id[supplier_id], order["name"]), order["id"], order["name"],
            people[supplier_id], order.get("partner_ref") or None, order["date_order"],
            order["currency_id"][1] if order.get("currency_id") else "", ship_to, tuple(by_order.get(order["id"], [])),
            order["write_date"]))
    return out
