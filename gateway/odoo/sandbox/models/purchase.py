"""Purchase models of the sandbox: ``purchase.order`` and its lines, with receipts on confirmation.

``button_confirm`` returns ``True`` and creates an ``assigned`` receipt whose moves are pre-filled
with the demand (Odoo 17); ``button_cancel``/``button_done``/``button_unlock`` return ``None`` (an
XML-RPC fault after the work is committed) and ``button_draft`` returns ``{}``, as the transcripts
show. ``receipt_status`` and ``qty_received`` are computed from the done moves.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.exceptions import UserError
from gateway.odoo.sandbox.models.base import MailThread
from gateway.odoo.sandbox.orm import Field, Model, register

INCOMING_TYPE_ID = 1


@register
class PurchaseOrder(MailThread):
    _name = "purchase.order"
    _description = "Purchase Order"
    _order = "priority desc, id desc"
    name = Field("char", "Order Reference", default="New", required=True)
    priority = Field("selection", "Priority", default="0", selection=[("0", "Normal"), ("1", "Urgent")])
    origin = Field("char", "Source Document")
    partner_ref = Field("char", "Vendor Reference")
    partner_id = Field("many2one", "Vendor", relation="res.partner", required=True)
    dest_address_id = Field("many2one", "Dropship Address", relation="res.partner")
    state = Field("selection", "Status", default="draft", readonly=True, selection=[
        ("draft", "RFQ"), ("sent", "RFQ Sent"), ("to approve", "To Approve"), ("purchase", "Purchase Order"),
        ("done", "Locked"), ("cancel", "Cancelled"),
    ])
    locked = Field("boolean", "Locked", default=False, versions=(19, 19))
    date_order = Field("datetime", "Order Deadline", default=lambda m, v: m.env.now())
    date_approve = Field("datetime", "Confirmation Date", readonly=True)
    date_planned = Field("datetime", "Expected Arrival", compute="_compute_date_planned")
    order_line = Field("one2many", "Order Lines", relation="purchase.order.line", inverse_name="order_id")
    picking_ids = Field("many2many", "Receptions", relation="stock.picking", compute="_compute_picking_ids")
    picking_type_id = Field("many2one", "Deliver To", relation="stock.picking.type", default=INCOMING_TYPE_ID)
    currency_id = Field("many2one", "Currency", relation="res.currency", default=1)
    company_id = Field("many2one", "Company", relation="res.company", default=1)
    notes = Field("html", "Terms and Conditions")
    amount_untaxed = Field("float", "Untaxed Amount", compute="_compute_amount")
    amount_total = Field("float", "Total", compute="_compute_amount")
    receipt_status = Field("selection", "Receipt Status", compute="_compute_receipt_status", selection=[
        ("pending", "Not Received"), ("partial", "Partially Received"), ("full", "Fully Received"),
    ])
    invoice_status = Field("selection", "Billing Status", compute="_compute_invoice_status", selection=[
        ("no", "Nothing to Bill"), ("to invoice", "Waiting Bills"), ("invoiced", "Fully Billed"),
    ])

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        return f"{rec['name']} ({rec['partner_ref']})" if rec.get("partner_ref") else rec["name"]

    def _lines(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        lines = self.env["purchase.order.line"]
        return [lines._get(i) for i in self._value(rec, "order_line")]

    def _compute_date_planned(self, rec: dict[str, Any]) -> Any:
        dates = [line["date_planned"] for line in self._lines(rec) if line.get("date_planned")]
        return min(dates) if dates else False

    def _compute_picking_ids(self, rec: dict[str, Any]) -> list[int]:
        return self.store.children("stock.picking", "purchase_id", rec["id"])

    def _compute_amount(self, rec: dict[str, Any]) -> float:
        return float(sum(line["product_qty"] * line["price_unit"] for line in self._lines(rec)))

    def _compute_receipt_status(self, rec: dict[str, Any]) -> Any:
        pickings = self.env["stock.picking"]
        states = [pickings._get(p)["state"] for p in self._compute_picking_ids(rec)]
        states = [s for s in states if s != "cancel"]
        if not states:
            return False
        if all(s == "done" for s in states):
            return "full"
        return "partial" if any(s == "done" for s in states) else "pending"

    def _compute_invoice_status(self, rec: dict[str, Any]) -> str:
        return "no"

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        if not vals.get("name") or vals["name"] == "New":
            vals["name"] = f"P{self.store.next_sequence('purchase.order'):05d}"
        return vals

    def _check_unlink(self, ids: list[int]) -> None:
        for rid in ids:
            if self._get(rid)["state"] not in ("draft", "cancel"):
                raise UserError("In order to delete a purchase order, you must cancel it first.")

    def button_confirm(self, ids: list[int]) -> bool:
        """Confirm RFQs (draft/sent only) and create their receipts; returns True."""
        for rid in self._ids(ids):
            if self._get(rid)["state"] not in ("draft", "sent"):
                continue
            self.button_approve([rid])
        return True

    def button_approve(self, ids: list[int], force: bool = False) -> dict[str, Any]:
        """Approve: state ``purchase`` and a receipt for the stockable lines; returns ``{}``."""
        for rid in self._ids(ids):
            self._update(rid, {"state": "purchase", "date_approve": self.env.now()})
            self._create_picking(rid)
        return {}

    def _create_picking(self, rid: int) -> None:
        rec = self._get(rid)
        products = self.env["product.product"]
        lines = [line for line in self._lines(rec) if products._get(line["product_id"])["type"] != "service"]
        if not lines:
            return
        pickings = self.env["stock.picking"]
        pid = pickings._create_one({
            "picking_type_id": rec["picking_type_id"] or INCOMING_TYPE_ID, "partner_id": rec["partner_id"],
            "origin": rec["name"], "purchase_id": rid, "scheduled_date": self._compute_date_planned(rec) or self.env.now(),
        })
        moves = self.env["stock.move"]
        uom_field = self.env["purchase.order.line"]._uom_field()
        for line in lines:
            product = products._get(line["product_id"])
            qty = self.env["uom.uom"]._convert_qty(line["product_qty"], line[uom_field], product["uom_id"])
            moves._create_one({
                "picking_id": pid, "product_id": product["id"], "product_uom_qty": qty, "product_uom": product["uom_id"],
                "purchase_line_id": line["id"], "origin": rec["name"], "name": line.get("name") or product["name"],
                "state": "draft",
            })
        pickings.action_confirm([pid])

    def button_cancel(self, ids: list[int]) -> None:
        """Cancel the order and its open receipts; returns None (fault 1 over XML-RPC, after commit)."""
        pickings = self.env["stock.picking"]
        for rid in self._ids(ids):
            for pid in self._compute_picking_ids(self._get(rid)):
                state = pickings._get(pid)["state"]
                if state == "done":
                    raise UserError("Unable to cancel purchase order(s): a receipt is already done.")
            for pid in self._compute_picking_ids(self._get(rid)):
                if pickings._get(pid)["state"] != "cancel":
                    pickings.action_cancel([pid])
            self._update(rid, {"state": "cancel"})
        return None

    def button_draft(self, ids: list[int]) -> dict[str, Any]:
        """Back to RFQ; returns ``{}``."""
        for rid in self._ids(ids):
            self._update(rid, {"state": "draft"})
        return {}

    def button_done(self, ids: list[int]) -> None:
        """Lock the order; returns None."""
        for rid in self._ids(ids):
            self._update(rid, {"locked": True} if self.env.version >= 19 else {"state": "done"})
        return None

    def button_unlock(self, ids: list[int]) -> None:
        """Unlock the order; returns None."""
        for rid in self._ids(ids):
            self._update(rid, {"locked": False} if self.env.version >= 19 else {"state": "purchase"})
        return None


@register
class PurchaseOrderLine(Model):
    _name = "purchase.order.line"
    _description = "Purchase Order Line"
    _order = "order_id, sequence, id"
    order_id = Field("many2one", "Order Reference", relation="purchase.order", required=True)
    sequence = Field("integer", "Sequence", default=10)
    product_id = Field("many2one", "Product", relation="product.product")
    name = Field("text", "Description", required=True)
    product_qty = Field("float", "Quantity", default=1.0, required=True)
    product_uom = Field("many2one", "Unit of Measure", relation="uom.uom", versions=(16, 18))
    product_uom_id = Field("many2one", "Unit", relation="uom.uom", versions=(19, 19))
    product_uom_qty = Field("float", "Total Quantity", compute="_compute_product_uom_qty")
    price_unit = Field("float", "Unit Price", required=True, default=0.0)
    price_subtotal = Field("float", "Subtotal", compute="_compute_subtotal")
    taxes_id = Field("many2many", "Taxes", relation="account.tax", versions=(16, 18))
    tax_ids = Field("many2many", "Taxes", relation="account.tax", versions=(19, 19))
    date_planned = Field("datetime", "Expected Arrival", default=lambda m, v: m.env.now())
    qty_received = Field("float", "Received Qty", compute="_compute_qty_received")
    qty_received_method = Field("selection", "Received Qty Method", compute="_compute_received_method",
                                selection=[("manual", "Manual"), ("stock_moves", "Stock Moves")])
    qty_invoiced = Field("float", "Billed Qty", default=0.0)
    move_ids = Field("one2many", "Reservation", relation="stock.move", inverse_name="purchase_line_id")
    partner_id = Field("many2one", "Partner", relation="res.partner", compute="_compute_partner")

    def _uom_field(self) -> str:
        return "product_uom_id" if self.env.version >= 19 else "product_uom"

    def _compute_product_uom_qty(self, rec: dict[str, Any]) -> float:
        product = self.env["product.product"]._get(rec["product_id"]) if rec.get("product_id") else None
        if not product:
            return float(rec["product_qty"])
        return self.env["uom.uom"]._convert_qty(rec["product_qty"], rec[self._uom_field()], product["uom_id"])

    def _compute_subtotal(self, rec: dict[str, Any]) -> float:
        return float(rec["product_qty"] * rec["price_unit"])

    def _compute_partner(self, rec: dict[str, Any]) -> Any:
        return self.env["purchase.order"]._get(rec["order_id"])["partner_id"]

    def _compute_received_method(self, rec: dict[str, Any]) -> str:
        product = self.store.get("product.product", rec.get("product_id") or 0)
        return "stock_moves" if product and product.get("type") != "service" else "manual"

    def _compute_qty_received(self, rec: dict[str, Any]) -> float:
        internal = self.env["stock.location"]._internal_ids()
        return self.env["stock.move"]._moved_into(self._value(rec, "move_ids"), internal, rec[self._uom_field()])

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        products = self.env["product.product"]
        uom_field = self._uom_field()
        if vals.get("product_id"):
            product = products._get(int(vals["product_id"]))
            if not vals.get(uom_field):
                vals[uom_field] = product.get("uom_po_id") or product["uom_id"]
            if not vals.get("name"):
                vals["name"] = products._compute_display_name(product)
            if "price_unit" not in vals:
                order = self.store.get("purchase.order", int(vals.get("order_id") or 0)) or {}
                sellers = [s for s in self.env["product.supplierinfo"]._table().values()
                           if s.get("partner_id") == order.get("partner_id")
                           and (s.get("product_id") == product["id"] or s.get("product_tmpl_id") == product["product_tmpl_id"])]
                vals["price_unit"] = sellers[0]["price"] if sellers else product.get("standard_price", 0.0)
        return vals
