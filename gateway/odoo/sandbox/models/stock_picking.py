"""Transfers of the sandbox: ``stock.picking`` and its validation wizards (backorder, immediate transfer).

The behaviour follows Odoo 17 as the transcripts show it: receipts come ``assigned`` with
``quantity`` pre-filled; writing ``quantity``/``picked`` on a move adjusts its move lines;
``button_validate`` returns ``True`` or the ``stock.backorder.confirmation`` action, and the wizard
reads ``button_validate_picking_ids`` from the *call* context. Odoo 16 (``--odoo-version 16``)
uses ``qty_done`` on move lines and the ``stock.immediate.transfer`` wizard instead.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.exceptions import UserError
from gateway.odoo.sandbox.models.base import MailThread
from gateway.odoo.sandbox.models.stock import BACKORDER_VIEW_ID, EPS, IMMEDIATE_VIEW_ID, PICKING_STATES
from gateway.odoo.sandbox.orm import Field, Model, register


@register
class Picking(MailThread):
    _name = "stock.picking"
    _description = "Transfer"
    _order = "priority desc, scheduled_date asc, id desc"
    name = Field("char", "Reference", default="/")
    origin = Field("char", "Source Document")
    note = Field("html", "Notes")
    state = Field("selection", "Status", default="draft", readonly=True, selection=PICKING_STATES)
    priority = Field("selection", "Priority", default="0", selection=[("0", "Normal"), ("1", "Urgent")])
    move_type = Field("selection", "Shipping Policy", default="direct",
                      selection=[("direct", "As soon as possible"), ("one", "When all products are ready")])
    picking_type_id = Field("many2one", "Operation Type", relation="stock.picking.type", required=True)
    picking_type_code = Field("selection", "Type of Operation", compute="_compute_type_code", selection=[
        ("incoming", "Receipt"), ("outgoing", "Delivery"), ("internal", "Internal Transfer"),
    ])
    location_id = Field("many2one", "Source Location", relation="stock.location", required=True)
    location_dest_id = Field("many2one", "Destination Location", relation="stock.location", required=True)
    partner_id = Field("many2one", "Contact", relation="res.partner")
    company_id = Field("many2one", "Company", relation="res.company", default=1)
    move_ids = Field("one2many", "Stock Moves", relation="stock.move", inverse_name="picking_id")
    move_line_ids = Field("one2many", "Operations", relation="stock.move.line", inverse_name="picking_id")
    backorder_id = Field("many2one", "Back Order of", relation="stock.picking")
    backorder_ids = Field("one2many", "Back Orders", relation="stock.picking", inverse_name="backorder_id")
    purchase_id = Field("many2one", "Purchase Orders", relation="purchase.order")
    sale_id = Field("many2one", "Sales Order", relation="sale.order")
    scheduled_date = Field("datetime", "Scheduled Date", default=lambda m, v: m.env.now())
    date_deadline = Field("datetime", "Deadline")
    date_done = Field("datetime", "Date of Transfer", readonly=True)
    carrier_id = Field("many2one", "Carrier", relation="delivery.carrier")
    carrier_tracking_ref = Field("char", "Tracking Reference")
    carrier_price = Field("float", "Shipping Cost")
    weight = Field("float", "Weight")
    shipping_weight = Field("float", "Weight for Shipping")

    def _compute_type_code(self, rec: dict[str, Any]) -> str:
        return self.env["stock.picking.type"]._get(rec["picking_type_id"])["code"]

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        ptype = vals.get("picking_type_id")
        if ptype:
            trec = self.env["stock.picking.type"]._get(int(ptype))
            vals.setdefault("location_id", trec.get("default_location_src_id"))
            vals.setdefault("location_dest_id", trec.get("default_location_dest_id"))
            if not vals.get("name") or vals.get("name") == "/":
                vals["name"] = self.env["stock.picking.type"]._next_name(int(ptype))
        return vals

    # -- state bookkeeping ----------------------------------------------------------------
    def _moves(self, pid: int) -> list[dict[str, Any]]:
        moves = self.env["stock.move"]
        return [moves._get(m) for m in self._value(self._get(pid), "move_ids")]

    def _recompute_state(self, pid: int) -> None:
        rec = self._get(pid)
        if rec["state"] in ("done", "cancel") and rec.get("date_done"):
            return
        states = [m["state"] for m in self._moves(pid)]
        if not states or (rec["state"] == "draft" and all(s == "draft" for s in states)):
            return
        if all(s == "cancel" for s in states):
            new = "cancel"
        elif all(s in ("done", "cancel") for s in states):
            new = "done"
        elif any(s in ("assigned", "partially_available") for s in states):
            new = "assigned"
        elif any(s == "draft" for s in states):
            new = "draft"
        else:
            new = "confirmed"
        self._update(pid, {"state": new})

    # -- public actions -------------------------------------------------------------------
    def action_confirm(self, ids: list[int]) -> bool:
        """Confirm draft moves and reserve what is available."""
        moves = self.env["stock.move"]
        for pid in self._ids(ids):
            for m in self._moves(pid):
                if m["state"] == "draft":
                    moves._update(m["id"], {"state": "confirmed"})
            self._update(pid, {"state": "confirmed"})
            self.action_assign([pid])
        return True

    def action_assign(self, ids: list[int]) -> bool:
        """Reserve stock for the moves (receipts are always fully available)."""
        moves = self.env["stock.move"]
        for pid in self._ids(ids):
            for m in self._moves(pid):
                if m["state"] not in ("done", "cancel", "draft"):
                    moves._reserve(m["id"])
            self._recompute_state(pid)
        return True

    def do_unreserve(self, ids: list[int]) -> None:
        """Drop reservations; returns None like Odoo (an XML-RPC fault after commit)."""
        lines = self.env["stock.move.line"]
        for pid in self._ids(ids):
            for m in self._moves(pid):
                if m["state"] in ("done", "cancel"):
                    continue
                for lid in list(self.env["stock.move"]._value(m, "move_line_ids")):
                    lines._release_and_delete(lid)
                self.env["stock.move"]._recompute_state(m["id"])
            self._recompute_state(pid)
        return None

    def action_cancel(self, ids: list[int]) -> bool:
        """Cancel the transfer and its open moves."""
        for pid in self._ids(ids):
            for m in self._moves(pid):
                if m["state"] != "done":
                    self.env["stock.move"]._update(m["id"], {"state": "cancel"})
            self._update(pid, {"state": "cancel"})
        return True

    def button_validate(self, ids: list[int]) -> Any:
        """Validate transfers: True when done, or the backorder (17) / immediate (16) wizard action."""
        ids = self._ids(ids)
        for pid in ids:
            self._get(pid)
        for pid in ids:
            if self._get(pid)["state"] == "draft":
                self.action_confirm([pid])
        self._sanity_check(ids)
        stock = self.env["stock.move"]
        ctx = self.env.context
        if self.env.version <= 16 and not ctx.get("skip_immediate") and all(
            stock._done_qty(m) <= EPS for pid in ids for m in self._open_moves(pid)
        ):
            return self._wizard_action("stock.immediate.transfer", "Immediate Transfer?", IMMEDIATE_VIEW_ID, ids)
        if self.env.version >= 17:
            for pid in ids:
                moves = self._open_moves(pid)
                if not any(m.get("picked") for m in moves):
                    for m in moves:
                        if stock._value(m, "quantity") > EPS:
                            stock._set_picked(m["id"], True)
        if not ctx.get("skip_backorder"):
            need = [pid for pid in ids if self._needs_backorder(pid)]
            ask = [pid for pid in need
                   if self.env["stock.picking.type"]._get(self._get(pid)["picking_type_id"])["create_backorder"] == "ask"]
            if ask:
                return self._wizard_action("stock.backorder.confirmation", "Create Backorder?", BACKORDER_VIEW_ID, ids)
        no_backorder = set(ctx.get("picking_ids_not_to_backorder") or [])
        for pid in ids:
            ptype = self.env["stock.picking.type"]._get(self._get(pid)["picking_type_id"])
            cancel_rest = pid in no_backorder or ptype["create_backorder"] == "never"
            self._action_done(pid, cancel_rest=cancel_rest)
        return True

    def _open_moves(self, pid: int) -> list[dict[str, Any]]:
        return [m for m in self._moves(pid) if m["state"] not in ("done", "cancel")]

    def _wizard_action(self, model: str, title: str, view_id: int, ids: list[int]) -> dict[str, Any]:
        return {
            "name": title, "type": "ir.actions.act_window", "view_mode": "form", "res_model": model,
            "views": [[view_id, "form"]], "view_id": view_id, "target": "new",
            "context": {"button_validate_picking_ids": list(ids), "default_show_transfers": len(ids) > 1,
                        "default_pick_ids": [[4, i] for i in ids]},
        }

    def _sanity_check(self, ids: list[int]) -> None:
        stock = self.env["stock.move"]
        products = self.env["product.product"]
        for pid in ids:
            if not self._moves(pid):
                raise UserError("You can’t validate an empty transfer. Please add some products to move before proceeding.")
        for pid in ids:
            if not any(stock._done_qty(m, any_line=True) > EPS for m in self._open_moves(pid)):
                raise UserError(
                    "You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities."
                )
        missing_lots = []
        for pid in ids:
            for m in self._open_moves(pid):
                product = products._get(m["product_id"])
                if product.get("tracking", "none") == "none":
                    continue
                for lid in stock._value(m, "move_line_ids"):
                    line = self.env["stock.move.line"]._get(lid)
                    if self.env["stock.move.line"]._line_qty(line) > EPS and not (line.get("lot_id") or line.get("lot_name")):
                        missing_lots.append(products._compute_display_name(product))
                        break
        if missing_lots:
            listing = "".join(f"\n - {name}" for name in dict.fromkeys(missing_lots))
            raise UserError(f"You need to supply a Lot/Serial Number for product: {listing}")

    def _needs_backorder(self, pid: int) -> bool:
        stock = self.env["stock.move"]
        for m in self._open_moves(pid):
            done = stock._done_qty(m)
            if done + EPS < m["product_uom_qty"]:
                return True
        return False

    def _action_done(self, pid: int, *, cancel_rest: bool) -> None:
        stock = self.env["stock.move"]
        rest: list[tuple[dict[str, Any], float]] = []
        for m in self._open_moves(pid):
            done = stock._done_qty(m)
            if done <= EPS:
                if cancel_rest:
                    stock._update(m["id"], {"state": "cancel"})
                    for lid in stock._value(m, "move_line_ids"):
                        self.env["stock.move.line"]._release_and_delete(lid)
                else:
                    rest.append((m, m["product_uom_qty"]))
                continue
            remaining = m["product_uom_qty"] - done
            if remaining > EPS and not cancel_rest:
                rest.append((m, remaining))
                stock._update(m["id"], {"product_uom_qty": done})
            stock._done(m["id"])
        rec = self._get(pid)
        if rest:
            moved = [(m, q) for m, q in rest if stock._done_qty(m) <= EPS and m["product_uom_qty"] == q]
            split = [(m, q) for m, q in rest if (m, q) not in moved]
            bo = self._create_one({
                "picking_type_id": rec["picking_type_id"], "origin": rec.get("origin"), "partner_id": rec.get("partner_id"),
                "location_id": rec["location_id"], "location_dest_id": rec["location_dest_id"], "backorder_id": pid,
                "purchase_id": rec.get("purchase_id"), "sale_id": rec.get("sale_id"),
                "scheduled_date": rec.get("scheduled_date"), "carrier_id": rec.get("carrier_id"),
            })
            for m, _q in moved:
                for lid in stock._value(m, "move_line_ids"):
                    self.env["stock.move.line"]._release_and_delete(lid)
                stock._update(m["id"], {"picking_id": bo, "state": "confirmed", "picked": False})
            for m, q in split:
                stock._create_one({
                    "picking_id": bo, "product_id": m["product_id"], "product_uom_qty": q, "product_uom": m["product_uom"],
                    "location_id": m["location_id"], "location_dest_id": m["location_dest_id"], "name": m.get("name"),
                    "purchase_line_id": m.get("purchase_line_id"), "sale_line_id": m.get("sale_line_id"),
                    "origin": m.get("origin"), "state": "confirmed",
                })
            self._update(bo, {"state": "confirmed"})
            self.action_assign([bo])
        self._update(pid, {"state": "done", "date_done": self.env.now()})


class PickingWizard(Model):
    """Shared part of the validation wizards: the pickings come from the call context."""

    pick_ids = Field("many2many", "Transfers", relation="stock.picking")
    show_transfers = Field("boolean", "Show Transfers", default=False)

    def _picking_ids(self) -> list[int]:
        return [int(i) for i in self.env.context.get("button_validate_picking_ids") or []]


@register
class BackorderConfirmation(PickingWizard):
    _name = "stock.backorder.confirmation"
    _description = "Backorder Confirmation"
    backorder_confirmation_line_ids = Field("one2many", "Backorder Confirmation Lines",
                                            relation="stock.backorder.confirmation.line",
                                            inverse_name="backorder_confirmation_id")

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        lines = self.env["stock.backorder.confirmation.line"]
        for pid in self._get(rid).get("pick_ids") or []:
            lines._create_one({"backorder_confirmation_id": rid, "picking_id": pid, "to_backorder": True})

    def process(self, ids: list[int]) -> Any:
        """Validate and create backorders; reads the pickings from the call context only."""
        pids = self._picking_ids()
        if not pids:
            return True
        return self.env.with_context(skip_backorder=True)["stock.picking"].button_validate(pids)

    def process_cancel_backorder(self, ids: list[int]) -> Any:
        """Validate and cancel the remaining quantities (no backorder)."""
        pids = self._picking_ids()
        if not pids:
            return True
        env = self.env.with_context(skip_backorder=True, picking_ids_not_to_backorder=pids)
        return env["stock.picking"].button_validate(pids)


@register
class BackorderConfirmationLine(Model):
    _name = "stock.backorder.confirmation.line"
    _description = "Backorder Confirmation Line"
    _rec_name = "picking_id"
    backorder_confirmation_id = Field("many2one", "Immediate Transfer", relation="stock.backorder.confirmation")
    picking_id = Field("many2one", "Transfer", relation="stock.picking")
    to_backorder = Field("boolean", "To Backorder", default=False)


@register
class ImmediateTransfer(PickingWizard):
    _name = "stock.immediate.transfer"
    _description = "Immediate Transfer (Odoo 16)"

    def process(self, ids: list[int]) -> Any:
        """Set every reserved quantity as done, then validate again (16 only)."""
        pids = self._picking_ids()
        if not pids:
            return True
        lines = self.env["stock.move.line"]
        for pid in pids:
            for lid in self.env["stock.picking"]._value(self.env["stock.picking"]._get(pid), "move_line_ids"):
                line = lines._get(lid)
                lines._update(lid, {"qty_done": line.get("quantity", 0.0)})
        return self.env.with_context(skip_immediate=True)["stock.picking"].button_validate(pids)
