"""Inbound customer order (X12 850 / EDIFACT ORDERS) -> ``sale.order``, idempotent.

Steps: resolve partner, ship-to, products (code or GTIN) and units through the master-data
cache; refuse the whole order with one clear reason if anything is unknown (no partial order);
look for an existing order of the same customer with the same PO number or created from the same
ledger document (Odoo itself accepts duplicates); create the order with its lines in one call;
confirm it when the profile says so. With master data cached this is 4 round trips whatever the
number of lines: look-up, create, confirm, read back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import (
    WorkflowError,
    WorkflowResult,
    idempotency_key,
    marker,
    odoo_datetime,
)

DOC_TYPE = "sale_order"


@dataclass(frozen=True)
class SaleOrderLineRequest:
    """One ordered line, already translated to Odoo terms by the partner profile."""

    line_number: str
    product_code: str
    quantity: float
    uom: str | None = None
    price: float | None = None
    description: str | None = None


@dataclass(frozen=True)
class SaleOrderRequest:
    """A customer's order as the workflow needs it."""

    document_id: str
    partner_ref: str
    client_order_ref: str
    lines: tuple[SaleOrderLineRequest, ...]
    ship_to_ref: str | None = None
    requested_date: dt.date | dt.datetime | None = None
    confirm: bool = True
    note: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def _resolve(cache: MasterDataCache, req: SaleOrderRequest, key: str) -> tuple[dict, dict | None, dict, dict]:
    refs = [req.partner_ref] + ([req.ship_to_ref] if req.ship_to_ref else [])
    partners = cache.partners_by_ref(refs)
    if req.partner_ref not in partners:
        raise WorkflowError("master_data", f"no customer with reference {req.partner_ref!r} in Odoo", key=key)
    if req.ship_to_ref and req.ship_to_ref not in partners:
        raise WorkflowError("master_data", f"no ship-to address with reference {req.ship_to_ref!r} in Odoo", key=key)
    products = cache.products([line.product_code for line in req.lines])
    unknown = [f"line {line.line_number}: {line.product_code}" for line in req.lines if line.product_code not in products]
    if unknown:
        raise WorkflowError("master_data", "unknown products (" + "; ".join(unknown) + ")", key=key,
                            details={"unknown_products": [u.split(": ", 1)[1] for u in unknown]})
    unit_names = {line.uom for line in req.lines if line.uom}
    unit_names |= {products[line.product_code]["uom_id"][1] for line in req.lines}
    units = cache.uoms(unit_names)
    missing_units = sorted(unit_names - set(units))
    if missing_units:
        raise WorkflowError("master_data", f"unknown units of measure in Odoo: {', '.join(missing_units)}", key=key)
    for line in req.lines:
        product = products[line.product_code]
        own = units[product["uom_id"][1]]
        if line.uom and units[line.uom]["category_id"] != own["category_id"]:
            raise WorkflowError("master_data", f"line {line.line_number}: unit {line.uom!r} cannot measure "
                                f"{product['display_name']} (sold in {own['name']})", key=key)
    return partners[req.partner_ref], partners.get(req.ship_to_ref or ""), products, units


def import_sale_order(client: OdooClient, cache: MasterDataCache, req: SaleOrderRequest) -> WorkflowResult:
    """Create (and confirm) the sale order for ``req`` exactly once; see the module docstring."""
    start = client.round_trips.total
    key = idempotency_key(DOC_TYPE, req.partner_ref, req.client_order_ref)
    if not req.lines:
        raise WorkflowError("mismatch", f"order {req.client_order_ref} has no lines", key=key)
    partner, ship_to, products, units = _resolve(cache, req, key)
    commercial = partner["commercial_partner_id"][0] if partner.get("commercial_partner_id") else partner["id"]
    mark = marker(req.document_id)
    existing = client.search_read(
        "sale.order",
        [("partner_id", "child_of", commercial), ("state", "!=", "cancel"),
         "|", ("origin", "=", mark), ("client_order_ref", "=", req.client_order_ref)],
        ["id", "name", "state", "origin", "client_order_ref"], order="id")
    ours = [o for o in existing if o.get("origin") == mark]
    if ours:
        order = ours[0]
        if req.confirm and order["state"] in ("draft", "sent"):
            client.call("sale.order", "action_confirm", [order["id"]])
            order = client.read("sale.order", [order["id"]], ["name", "state"])[0]
        return WorkflowResult("resumed", "sale.order", order["id"], order["name"], key,
                              client.round_trips.total - start, {"state": order["state"]})
    if existing:
        other = existing[0]
        raise WorkflowError(
            "duplicate",
            f"customer PO {req.client_order_ref} from {partner['name']} already exists in Odoo as {other['name']} "
            f"(state {other['state']}); a repeated PO number is refused",
            key=key, details={"existing_id": other["id"], "existing_name": other["name"]})
    uom_field = client.version.order_line_uom_field
    lines = []
    for position, line in enumerate(req.lines, start=1):
        product = products[line.product_code]
        vals: dict[str, object] = {
            "product_id": product["id"], "product_uom_qty": line.quantity, "sequence": position * 10,
            uom_field: units[line.uom or product["uom_id"][1]]["id"],
        }
        if line.price is not None:
            vals["price_unit"] = line.price
        if line.description:
            vals["name"] = line.description
        lines.append((0, 0, vals))
    values: dict[str, object] = {
        "partner_id": partner["id"], "client_order_ref": req.client_order_ref, "origin": mark, "order_line": lines,
    }
    if ship_to:
        values["partner_shipping_id"] = ship_to["id"]
    if req.requested_date:
        values["commitment_date"] = odoo_datetime(req.requested_date)
    if req.note:
        values["note"] = req.note
    order_id = client.create("sale.order", values)
    if req.confirm:
        client.call("sale.order", "action_confirm", [order_id])
    order = client.read("sale.order", [order_id], ["name", "state"])[0]
    line_numbers = {line.line_number: position for position, line in enumerate(req.lines, start=1)}
    return WorkflowResult("created", "sale.order", order_id, order["name"], key, client.round_trips.total - start,
                          {"state": order["state"], "line_positions": line_numbers})
