"""Inbound ship notice (X12 856 from a supplier / EDIFACT DESADV) -> the PO's incoming picking.

Steps: resolve the supplier and the products; find our purchase order and its open receipt;
mark the receipt with the notice's idempotency key (an external id, before any change, so a
retry finds it); set the shipped quantity per move, with lots and serials as move lines and
SSCCs as packages; flag differences against the expected quantities beyond the profile's
tolerance; validate through the backorder wizard when the profile says so (backorder the rest,
or cancel it). A retry after a crash continues on the same receipt; a notice already applied
is reported, not applied twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError, WorkflowResult, idempotency_key
from gateway.odoo.workflows.picking_ops import find_marked, mark, set_move_quantities, validate

DOC_TYPE = "ship_notice_in"
EPS = 1e-6


@dataclass(frozen=True)
class LotQuantity:
    """Part of a line's quantity in one lot/serial (and optionally one SSCC package)."""

    lot_name: str
    quantity: float
    sscc: str | None = None


@dataclass(frozen=True)
class ShippedLine:
    """One shipped item of the notice, in Odoo terms."""

    line_number: str
    product_code: str
    quantity: float
    uom: str | None = None
    lots: tuple[LotQuantity, ...] = ()
    sscc: str | None = None


@dataclass(frozen=True)
class ReceiptRequest:
    """A supplier's ship notice against one of our purchase orders."""

    document_id: str
    supplier_ref: str
    po_name: str
    asn_number: str
    lines: tuple[ShippedLine, ...]
    tolerance_pct: float = 0.0
    validate: bool = True
    create_backorder: bool = True
    extra: dict[str, object] = field(default_factory=dict)


def _to_move_uom(qty: float, from_unit: dict[str, Any] | None, move_unit: dict[str, Any]) -> float:
    if from_unit is None or from_unit["id"] == move_unit["id"]:
        return qty
    return round(qty / from_unit["factor"] * move_unit["factor"], 6)


def receive_ship_notice(client: OdooClient, cache: MasterDataCache, req: ReceiptRequest) -> WorkflowResult:
    """Apply a ship notice to its receipt exactly once; see the module docstring."""
    start = client.round_trips.total
    key = idempotency_key(DOC_TYPE, req.supplier_ref, req.asn_number)
    supplier = cache.partners_by_ref([req.supplier_ref]).get(req.supplier_ref)
    if supplier is None:
        raise WorkflowError("master_data", f"no supplier with reference {req.supplier_ref!r} in Odoo", key=key)
    products = cache.products([line.product_code for line in req.lines])
    unknown = [f"line {line.line_number}: {line.product_code}" for line in req.lines if line.product_code not in products]
    if unknown:
        raise WorkflowError("master_data", "unknown products (" + "; ".join(unknown) + ")", key=key)
    picking_id = find_marked(client, key, "stock.picking")
    if picking_id is not None:
        picking = client.read("stock.picking", [picking_id], ["name", "state", "backorder_ids"])[0]
        if picking["state"] == "done":
            return WorkflowResult("resumed", "stock.picking", picking_id, picking["name"], key,
                                  client.round_trips.total - start, {"state": "done"})
    else:
        commercial = supplier["commercial_partner_id"][0] if supplier.get("commercial_partner_id") else supplier["id"]
        orders = client.search_read("purchase.order", [("name", "=", req.po_name), ("partner_id", "child_of", commercial)],
                                    ["id", "state"], limit=1)
        if not orders:
            raise WorkflowError("master_data", f"no purchase order {req.po_name} for supplier {supplier['name']}", key=key)
        open_receipts = client.search_read(
            "stock.picking", [("purchase_id", "=", orders[0]["id"]), ("picking_type_code", "=", "incoming"),
                              ("state", "not in", ["done", "cancel"])], ["id", "name"], order="id", limit=1)
        if not open_receipts:
            raise WorkflowError("mismatch", f"purchase order {req.po_name} has no receipt waiting", key=key)
        picking_id = open_receipts[0]["id"]
        mark(client, key, "stock.picking", picking_id)
    moves = client.search_read("stock.move", [("picking_id", "=", picking_id), ("state", "not in", ["done", "cancel"])],
                               ["id", "product_id", "product_uom_qty", "product_uom", "move_line_ids"], order="id")
    by_product: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for move in moves:
        by_product[move["product_id"][0]].append(move)
    unit_names = {m["product_uom"][1] for m in moves} | {line.uom for line in req.lines if line.uom}
    units = cache.uoms(unit_names)
    warnings: list[str] = []
    shipped: dict[int, float] = defaultdict(float)
    lots: dict[int, list[LotQuantity]] = defaultdict(list)
    for line in req.lines:
        product = products[line.product_code]
        candidates = by_product.get(product["id"])
        if not candidates:
            warnings.append(f"line {line.line_number}: {product['display_name']} is not expected on this receipt")
            continue
        move = candidates[0]
        qty = _to_move_uom(line.quantity, units.get(line.uom) if line.uom else None, units[move["product_uom"][1]])
        shipped[move["id"]] += qty
        if line.lots:
            lots[move["id"]].extend(line.lots)
        elif line.sscc:
            lots[move["id"]].append(LotQuantity("", qty, line.sscc))
    for move in moves:
        expected, got = move["product_uom_qty"], shipped.get(move["id"], 0.0)
        if abs(got - expected) > expected * req.tolerance_pct / 100.0 + EPS:
            warnings.append(f"{move['product_id'][1]}: {got:g} shipped, {expected:g} expected "
                            f"(beyond the {req.tolerance_pct:g}% tolerance)")
    _apply_lots_and_packages(client, moves, lots)
    set_move_quantities(client, {m["id"]: shipped.get(m["id"], 0.0) for m in moves if m["id"] not in lots})
    details: dict[str, Any] = {"shipped": dict(shipped)}
    if req.validate:
        picking = validate(client, picking_id, create_backorder=req.create_backorder)
        details.update(state=picking["state"], backorder_ids=picking["backorder_ids"])
    else:
        picking = client.read("stock.picking", [picking_id], ["name", "state"])[0]
        details["state"] = picking["state"]
    return WorkflowResult("created", "stock.picking", picking_id, picking["name"], key, client.round_trips.total - start,
                          details, warnings)


def _apply_lots_and_packages(client: OdooClient, moves: list[dict[str, Any]], lots: dict[int, list[LotQuantity]]) -> None:
    """Rewrite the move lines of lot- or SSCC-carrying moves: one line per lot/package."""
    if not lots:
        return
    version = client.version
    package_model = version.package_model
    names = sorted({lq.sscc for parts in lots.values() for lq in parts if lq.sscc})
    packages: dict[str, int] = {}
    if names:
        for row in client.search_read(package_model, [("name", "in", names)], ["id", "name"]):
            packages[row["name"]] = row["id"]
        new = [n for n in names if n not in packages]
        for name, pid in zip(new, client.create_many(package_model, [{"name": n} for n in new]), strict=True):
            packages[name] = pid
    by_id = {m["id"]: m for m in moves}
    creates: list[dict[str, Any]] = []
    for move_id, parts in lots.items():
        move = by_id[move_id]
        existing = list(move["move_line_ids"])
        for index, part in enumerate(parts):
            vals: dict[str, Any] = dict(version.move_line_done_vals(part.quantity))
            if part.lot_name:
                vals["lot_name"] = part.lot_name
            if part.sscc:
                vals["result_package_id"] = packages[part.sscc]
            if index < len(existing):
                client.write("stock.move.line", [existing[index]], vals)
            else:
                creates.append({**vals, "move_id": move_id, "product_id": move["product_id"][0],
                                "product_uom_id": move["product_uom"][0]})
        if len(existing) > len(parts):
            client.execute_kw("stock.move.line", "unlink", [existing[len(parts):]])
    if creates:
        client.create_many("stock.move.line", creates)
