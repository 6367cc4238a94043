"""Operations shared by the receipt (856 in) and delivery (945 in) workflows.

Marking a picking as processed by a ledger document (an ``ir.model.data`` external id, written
*before* any quantity so a retry finds it), setting done quantities per move in the server's
version dialect, and validating with the backorder wizard (create the wizard with the action's
context, then ``process`` or ``process_cancel_backorder`` with the same context again: without
it Odoo silently does nothing). Success is judged by re-reading the picking state, never by the
return value.
"""

from __future__ import annotations

import hashlib
from typing import Any

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError

XMLID_MODULE = "edigw"


def xmlid_name(key: str) -> str:
    """A stable external-id name for an idempotency key (Odoo names are identifiers)."""
    return "k_" + hashlib.sha256(key.encode()).hexdigest()[:32]


def find_marked(client: OdooClient, key: str, model: str) -> int | None:
    """The record an earlier run marked with ``key``, if any (one round trip)."""
    rows = client.search_read("ir.model.data", [("module", "=", XMLID_MODULE), ("name", "=", xmlid_name(key)),
                                                ("model", "=", model)], ["res_id"], limit=1)
    return int(rows[0]["res_id"]) if rows else None


def mark(client: OdooClient, key: str, model: str, res_id: int) -> None:
    """Record that ``key`` is being processed on ``model``/``res_id`` (one round trip)."""
    client.create("ir.model.data", {"module": XMLID_MODULE, "name": xmlid_name(key), "model": model,
                                    "res_id": res_id, "noupdate": True})


def set_move_quantities(client: OdooClient, moves: dict[int, float]) -> None:
    """Write each move's done quantity (grouped: moves with the same quantity share one write)."""
    version = client.version
    by_qty: dict[float, list[int]] = {}
    for move_id, qty in moves.items():
        by_qty.setdefault(qty, []).append(move_id)
    for qty, ids in by_qty.items():
        client.write("stock.move", ids, version.move_done_vals(qty))


def validate(client: OdooClient, picking_id: int, *, create_backorder: bool) -> dict[str, Any]:
    """Validate a picking through whatever wizard Odoo asks for; returns the picking re-read.

    Raises WorkflowError when the picking is not ``done`` afterwards.
    """
    result = client.call("stock.picking", "button_validate", [picking_id])
    for _ in range(3):  # at most the immediate-transfer (16) and then the backorder wizard
        if not isinstance(result, dict) or result.get("type") != "ir.actions.act_window":
            break
        wizard_model = result.get("res_model")
        context = dict(result.get("context") or {})
        if wizard_model == "stock.backorder.confirmation":
            method = "process" if create_backorder else "process_cancel_backorder"
        elif wizard_model == "stock.immediate.transfer":
            method = "process"
        else:
            raise WorkflowError("odoo_business", f"validation asked for an unexpected wizard {wizard_model!r}")
        wizard = client.create(wizard_model, {}, context=context)
        result = client.call(wizard_model, method, [wizard], context=context)
    picking = client.read("stock.picking", [picking_id], ["name", "state", "backorder_ids", "date_done"])[0]
    if picking["state"] != "done":
        raise WorkflowError("odoo_business", f"{picking['name']} is still {picking['state']} after validation")
    return picking
