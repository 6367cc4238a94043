"""Inbound warehouse shipping advice (X12 945 from a 3PL) -> the delivery picking, validated.

Steps: find the delivery the shipping order (940) was made from; mark it with the advice's
idempotency key before any change; set the shipped quantity per move (unshipped moves get 0, so
validation puts them in the backorder or cancels them, never ships reserved stock that did not
leave); write the tracking number and carrier first (so Odoo does not call a carrier API); then
validate through the backorder wizard (backorder or cancel the rest, per profile). Short
shipments are returned as exceptions for operations. A retry after a crash continues on the same
delivery; an advice already applied is reported, not applied twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError, WorkflowResult, idempotency_key
from gateway.odoo.workflows.picking_ops import find_marked, mark, set_move_quantities, validate

DOC_TYPE = "shipping_advice_in"
EPS = 1e-6


@dataclass(frozen=True)
class ShippedItem:
    """One shipped line of the advice, in Odoo terms (quantity in ``uom`` or the move's unit)."""

    line_number: str
    product_code: str
    quantity: float
    uom: str | None = None


@dataclass(frozen=True)
class ShippingAdviceRequest:
    """A 3PL's report of what left the warehouse for one of our deliveries."""

    document_id: str
    warehouse_ref: str
    picking_name: str
    advice_number: str
    items: tuple[ShippedItem, ...]
    tracking_ref: str | None = None
    carrier_name: str | None = None
    create_backorder: bool = True


def apply_shipping_advice(client: OdooClient, cache: MasterDataCache, req: ShippingAdviceRequest) -> WorkflowResult:
    """Ship the delivery named in ``req`` exactly once; see the module docstring."""
    start = client.round_trips.total
    key = idempotency_key(DOC_TYPE, req.warehouse_ref, req.advice_number)
    products = cache.products([item.product_code for item in req.items])
    unknown = [f"line {i.line_number}: {i.product_code}" for i in req.items if i.product_code not in products]
    if unknown:
        raise WorkflowError("master_data", "unknown products (" + "; ".join(unknown) + ")", key=key)
    picking_id = find_marked(client, key, "stock.picking")
    if picking_id is not None:
        picking = client.read("stock.picking", [picking_id], ["name", "state"])[0]
        if picking["state"] == "done":
            return WorkflowResult("resumed", "stock.picking", picking_id, picking["name"], key,
                                  client.round_trips.total - start, {"state": "done"})
    else:
        found = client.search_read("stock.picking", [("name", "=", req.picking_name), ("picking_type_code", "=", "outgoing")],
                                   ["id", "state"], limit=1)
        if not found:
            raise WorkflowError("master_data", f"no delivery {req.picking_name} in Odoo", key=key)
        if found[0]["state"] in ("done", "cancel"):
            raise WorkflowError("mismatch", f"delivery {req.picking_name} is already {found[0]['state']}; "
                                "this advice was not applied", key=key)
        picking_id = found[0]["id"]
        mark(client, key, "stock.picking", picking_id)
    moves = client.search_read("stock.move", [("picking_id", "=", picking_id), ("state", "not in", ["done", "cancel"])],
                               ["id", "product_id", "product_uom_qty", "product_uom"], order="id")
    units = cache.uoms({m["product_uom"][1] for m in moves} | {i.uom for i in req.items if i.uom})
    shipped: dict[int, float] = {m["id"]: 0.0 for m in moves}
    warnings: list[str] = []
    for item in req.items:
        product = products[item.product_code]
        move = next((m for m in moves if m["product_id"][0] == product["id"]), None)
        if move is None:
            warnings.append(f"line {item.line_number}: {product['display_name']} is not on {req.picking_name}")
            continue
        qty = item.quantity
        if item.uom and item.uom in units and item.uom != move["product_uom"][1]:
            qty = round(qty / units[item.uom]["factor"] * units[move["product_uom"][1]]["factor"], 6)
        shipped[move["id"]] += qty
    if not any(q > EPS for q in shipped.values()):
        raise WorkflowError("mismatch", f"the advice ships nothing for {req.picking_name}; the delivery was left open",
                            key=key)
    short = [{"product": m["product_id"][1], "ordered": m["product_uom_qty"], "shipped": shipped[m["id"]]}
             for m in moves if shipped[m["id"]] + EPS < m["product_uom_qty"]]
    for entry in short:
        warnings.append(f"short shipment: {entry['product']} {entry['shipped']:g} of {entry['ordered']:g}")
    header: dict[str, Any] = {}
    if req.tracking_ref:
        header["carrier_tracking_ref"] = req.tracking_ref
    if req.carrier_name:
        carriers = cache.lookup("delivery.carrier", "name", [req.carrier_name], ["id", "name"])
        if req.carrier_name in carriers:
            header["carrier_id"] = carriers[req.carrier_name]["id"]
        else:
            warnings.append(f"carrier {req.carrier_name!r} is not known in Odoo; tracking number kept without carrier")
    if header:
        client.write("stock.picking", [picking_id], header)
    set_move_quantities(client, shipped)
    picking = validate(client, picking_id, create_backorder=req.create_backorder)
    return WorkflowResult("created", "stock.picking", picking_id, picking["name"], key, client.round_trips.total - start,
                          {"state": picking["state"], "backorder_ids": picking["backorder_ids"], "short": short},
                          warnings)
