"""Done deliveries for customers with 856 enabled -> outbound ship notice data (856 / DESADV out).

Packages (SSCCs) come from the move lines' destination packages, lots from their lots; the
shipped quantity is the done quantity in the server's version dialect (16 ``qty_done``, 17+
``quantity``). A fixed number of round trips per poll.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import idempotency_key
from gateway.odoo.workflows.outbound_common import Address, addresses, m2o_id, read_by_id

DOC_TYPE = "ship_notice_out"


@dataclass(frozen=True)
class PackedItem:
    """A quantity of one product (and lot) in one package, or loose when ``sscc`` is None."""

    product_code: str | None
    gtin: str | None
    quantity: float
    uom: str
    lot: str | None
    ordered: float


@dataclass(frozen=True)
class Pack:
    """One package (SSCC) and its content; ``sscc`` None groups loose items."""

    sscc: str | None
    items: tuple[PackedItem, ...]


@dataclass(frozen=True)
class OutboundShipNotice:
    """A shipped delivery ready to render as an 856 / DESADV."""

    key: str
    odoo_id: int
    picking_name: str
    customer_ref: str
    customer_po: str | None
    ship_date: str | None
    carrier: str | None
    tracking_ref: str | None
    ship_to: Address | None
    packs: tuple[Pack, ...]


def ship_notices_to_send(client: OdooClient, customer_refs: Iterable[str], *, since: str | None = None,
                         limit: int = 200) -> list[OutboundShipNotice]:
    """Deliveries done after ``since`` (``date_done``) for these customers and their addresses."""
    refs = list(dict.fromkeys(customer_refs))
    customers = client.search_read("res.partner", [("ref", "in", refs)], ["id", "ref"]) if refs else []
    if not customers:
        return []
    done_after = [("date_done", ">", since)] if since else []  # a ship notice's watermark is date_done
    pickings = client.search_read(
        "stock.picking", [("picking_type_code", "=", "outgoing"), ("state", "=", "done"),
                          ("partner_id", "child_of", [c["id"] for c in customers]), *done_after],
        ["id", "name", "sale_id", "partner_id", "carrier_id", "carrier_tracking_ref", "date_done"],
        order="date_done, id", limit=limit)
    if not pickings:
        return []
    done_field = client.version.move_line_done_field
    lines = client.search_read("stock.move.line", [("picking_id", "in", [p["id"] for p in pickings])],
                               ["picking_id", "move_id", "product_id", done_field, "product_uom_id", "lot_id",
                                "result_package_id"], order="picking_id, id")
    moves = read_by_id(client, "stock.move", (m2o_id(ln["move_id"]) for ln in lines), ["product_uom_qty"])
    products = read_by_id(client, "product.product", (m2o_id(ln["product_id"]) for ln in lines), ["default_code", "barcode"])
    orders = read_by_id(client, "sale.order", (m2o_id(p["sale_id"]) for p in pickings), ["client_order_ref", "partner_id"])
    people = addresses(client, (m2o_id(p["partner_id"]) or 0 for p in pickings))
    partners = read_by_id(client, "res.partner", (m2o_id(o["partner_id"]) for o in orders.values()),
                          ["commercial_partner_id"])
    ref_by_id = {c["id"]: c["ref"] for c in customers}
    packs: dict[int, dict[str | None, list[PackedItem]]] = {}
    for ln in lines:
        qty = ln.get(done_field) or 0.0
        if qty <= 0:
            continue
        product = products.get(m2o_id(ln["product_id"]) or 0, {})
        sscc = ln["result_package_id"][1] if ln.get("result_package_id") else None
        item = PackedItem(product.get("default_code") or None, product.get("barcode") or None, qty,
                          ln["product_uom_id"][1] if ln.get("product_uom_id") else "",
                          ln["lot_id"][1] if ln.get("lot_id") else None,
                          moves.get(m2o_id(ln["move_id"]) or 0, {}).get("product_uom_qty", qty))
        packs.setdefault(m2o_id(ln["picking_id"]) or 0, {}).setdefault(sscc, []).append(item)
    out = []
    for p in pickings:
        order = orders.get(m2o_id(p["sale_id"]) or 0, {})
        buyer = partners.get(m2o_id(order.get("partner_id")) or 0, {})
        commercial = m2o_id(buyer.get("commercial_partner_id")) or m2o_id(order.get("partner_id")) or 0
        customer_ref = ref_by_id.get(commercial) or ref_by_id.get(m2o_id(p["partner_id"]) or 0) or refs[0]
        grouped = packs.get(p["id"], {})
        out.append(OutboundShipNotice(
            idempotency_key(DOC_TYPE, customer_ref, p["name"]), p["id"], p["name"], customer_ref,
            order.get("client_order_ref") or None, p.get("date_done") or None,
            p["carrier_id"][1] if p.get("carrier_id") else None, p.get("carrier_tracking_ref") or None,
            people.get(m2o_id(p["partner_id"]) or 0),
            tuple(Pack(sscc, tuple(items)) for sscc, items in sorted(grouped.items(), key=lambda kv: kv[0] or ""))))
    return out
