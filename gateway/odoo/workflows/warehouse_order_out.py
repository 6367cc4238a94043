"""Ready deliveries of a 3PL-run warehouse -> outbound warehouse shipping order data (940 out).

One poll reads, in a fixed number of round trips: the ready (``assigned``) outgoing pickings of
the warehouse changed since the watermark, their moves and reserved lots, the products, the
sale orders (for the customer's PO number) and the ship-to addresses.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import idempotency_key
from gateway.odoo.workflows.outbound_common import Address, addresses, m2o_id, read_by_id, watermark_domain

DOC_TYPE = "warehouse_shipping_order"


@dataclass(frozen=True)
class ShippingOrderLine:
    """One line to pick: what, how many, in which unit, and the lots reserved for it."""

    line_number: str
    product_code: str | None
    gtin: str | None
    description: str
    quantity: float
    uom: str
    lots: tuple[str, ...]


@dataclass(frozen=True)
class WarehouseShippingOrder:
    """A delivery for the 3PL to ship."""

    key: str
    odoo_id: int
    picking_name: str
    sale_order: str | None
    customer_po: str | None
    ship_to: Address | None
    carrier: str | None
    scheduled_date: str | None
    lines: tuple[ShippingOrderLine, ...]
    write_date: str


def deliveries_to_send(client: OdooClient, warehouse_code: str, warehouse_ref: str, *, since: str | None = None,
                       limit: int = 200) -> list[WarehouseShippingOrder]:
    """Ready deliveries of the warehouse ``warehouse_code``, keyed for the 3PL ``warehouse_ref``."""
    pickings = client.search_read(
        "stock.picking", [("picking_type_code", "=", "outgoing"), ("state", "=", "assigned"),
                          ("picking_type_id.warehouse_id.code", "=", warehouse_code), *watermark_domain(since)],
        ["id", "name", "origin", "sale_id", "partner_id", "carrier_id", "scheduled_date", "write_date"],
        order="write_date, id", limit=limit)
    if not pickings:
        return []
    ids = [p["id"] for p in pickings]
    moves = client.search_read("stock.move", [("picking_id", "in", ids), ("state", "not in", ["done", "cancel"])],
                               ["id", "picking_id", "product_id", "product_uom_qty", "product_uom", "name",
                                "move_line_ids"], order="picking_id, sequence, id")
    move_lines = client.search_read("stock.move.line", [("picking_id", "in", ids), ("lot_id", "!=", False)],
                                    ["move_id", "lot_id"])
    lots: dict[int, list[str]] = {}
    for ml in move_lines:
        lots.setdefault(m2o_id(ml["move_id"]) or 0, []).append(ml["lot_id"][1])
    products = read_by_id(client, "product.product", (m2o_id(m["product_id"]) for m in moves),
                          ["default_code", "barcode"])
    orders = read_by_id(client, "sale.order", (m2o_id(p["sale_id"]) for p in pickings), ["name", "client_order_ref"])
    people = addresses(client, (m2o_id(p["partner_id"]) or 0 for p in pickings))
    by_picking: dict[int, list[ShippingOrderLine]] = {}
    for move in moves:
        pid = m2o_id(move["picking_id"]) or 0
        product = products.get(m2o_id(move["product_id"]) or 0, {})
        bucket = by_picking.setdefault(pid, [])
        bucket.append(ShippingOrderLine(str(len(bucket) + 1), product.get("default_code") or None,
                                        product.get("barcode") or None, move.get("name") or move["product_id"][1],
                                        move["product_uom_qty"], move["product_uom"][1],
                                        tuple(lots.get(move["id"], []))))
    out = []
    for p in pickings:
        order = orders.get(m2o_id(p["sale_id"]) or 0, {})
        out.append(WarehouseShippingOrder(
            idempotency_key(DOC_TYPE, warehouse_ref, p["name"]), p["id"], p["name"], order.get("name"),
            order.get("client_order_ref") or None, people.get(m2o_id(p["partner_id"]) or 0),
            p["carrier_id"][1] if p.get("carrier_id") else None, p.get("scheduled_date") or None,
            tuple(by_picking.get(p["id"], [])), p["write_date"]))
    return out
