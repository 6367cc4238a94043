"""Sales models of the sandbox: ``sale.order`` and its lines, with deliveries on confirmation.

As in Odoo 17: ``action_confirm`` returns ``True`` (refusing orders not in draft/sent with the real
message), creates the WH/OUT delivery with moves in the product's unit (1 Dozen -> 12 Units) and
reserves what the stock allows; ``action_lock``/``action_unlock`` return ``None``;
``client_order_ref`` is a plain, non-unique char; a line unit from another category is refused.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.exceptions import UserError
from gateway.odoo.sandbox.models.base import MailThread
from gateway.odoo.sandbox.orm import Field, Model, register

OUTGOING_TYPE_ID = 2
COMMITMENT_HELP = ("This is the delivery date promised to the customer. If set, the delivery order will be "
                   "scheduled based on this date rather than product lead times.")


@register
class SaleOrder(MailThread):
    _name = "sale.order"
    _description = "Sales Order"
    _order = "date_order desc, id desc"
    name = Field("char", "Order Reference", default="New", required=True, readonly=False)
    state = Field("selection", "Status", default="draft", readonly=True, selection=[
        ("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"), ("cancel", "Cancelled"),
    ], versions=(17, 19))
    state_16 = Field("selection", "Status", default="draft", readonly=True, alias="state", selection=[
        ("draft", "Quotation"), ("sent", "Quotation Sent"), ("sale", "Sales Order"), ("done", "Locked"),
        ("cancel", "Cancelled"),
    ], versions=(16, 16))
    locked = Field("boolean", "Locked", default=False, versions=(17, 19))
    partner_id = Field("many2one", "Customer", relation="res.partner", required=True)
    partner_invoice_id = Field("many2one", "Invoice Address", relation="res.partner")
    partner_shipping_id = Field("many2one", "Delivery Address", relation="res.partner")
    client_order_ref = Field("char", "Customer Reference")
    origin = Field("char", "Source Document")
    commitment_date = Field("datetime", "Delivery Date", help=COMMITMENT_HELP)
    date_order = Field("datetime", "Order Date", required=True, default=lambda m, v: m.env.now())
    expected_date = Field("datetime", "Expected Date", compute="_compute_expected_date")
    note = Field("html", "Terms and conditions")
    order_line = Field("one2many", "Order Lines", relation="sale.order.line", inverse_name="order_id")
    currency_id = Field("many2one", "Currency", relation="res.currency", default=1)
    company_id = Field("many2one", "Company", relation="res.company", default=1)
    warehouse_id = Field("many2one", "Warehouse", relation="stock.warehouse", default=1)
    picking_policy = Field("selection", "Shipping Policy", default="direct",
                           selection=[("direct", "As soon as possible"), ("one", "When all products are ready")])
    amount_untaxed = Field("float", "Untaxed Amount", compute="_compute_amount")
    amount_total = Field("float", "Total", compute="_compute_amount")
    picking_ids = Field("one2many", "Transfers", relation="stock.picking", inverse_name="sale_id")
    delivery_status = Field("selection", "Delivery Status", compute="_compute_delivery_status", selection=[
        ("pending", "Not Delivered"), ("started", "Started"), ("partial", "Partially Delivered"),
        ("full", "Fully Delivered"),
    ], versions=(17, 19))
    invoice_status = Field("selection", "Invoice Status", compute="_compute_invoice_status", selection=[
        ("upselling", "Upselling Opportunity"), ("invoiced", "Fully Invoiced"), ("to invoice", "To Invoice"),
        ("no", "Nothing to Invoice"),
    ])

    def _lines(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        lines = self.env["sale.order.line"]
        return [lines._get(i) for i in self._value(rec, "order_line")]

    def _compute_expected_date(self, rec: dict[str, Any]) -> Any:
        return rec.get("date_order") or False

    def _compute_amount(self, rec: dict[str, Any]) -> float:
        return float(sum(line["product_uom_qty"] * line["price_unit"] for line in self._lines(rec)))

    def _pickings(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        table = self.env["stock.picking"]._table()
        return [table[i] for i in self.store.children("stock.picking", "sale_id", rec["id"])]

    def _compute_delivery_status(self, rec: dict[str, Any]) -> Any:
        states = [p["state"] for p in self._pickings(rec) if p["state"] != "cancel"]
        if not states:
            return False
        if all(s == "done" for s in states):
            return "full"
        return "partial" if any(s == "done" for s in states) else "pending"

    def _compute_invoice_status(self, rec: dict[str, Any]) -> str:
        if rec.get("state") not in ("sale", "done"):
            return "no"
        lines = self.env["sale.order.line"]
        if any(lines._compute_qty_delivered(line) > line.get("qty_invoiced", 0.0) for line in self._lines(rec)):
            return "to invoice"
        return "no"

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        if not vals.get("name") or vals["name"] == "New":
            vals["name"] = f"S{self.store.next_sequence('sale.order'):05d}"
        if vals.get("partner_id"):
            vals.setdefault("partner_invoice_id", vals["partner_id"])
            vals.setdefault("partner_shipping_id", vals["partner_id"])
        return vals

    def _check_unlink(self, ids: list[int]) -> None:
        for rid in ids:
            if self._get(rid)["state"] not in ("draft", "cancel"):
                raise UserError("You can not delete a sent quotation or a confirmed sales order. You must first cancel it.")

    def action_confirm(self, ids: list[int]) -> bool:
        """Confirm quotations and create their deliveries; returns True."""
        ids = self._ids(ids)
        bad = [self._get(rid)["name"] for rid in ids if self._get(rid)["state"] not in ("draft", "sent")]
        if bad:
            if self.env.version >= 18:
                raise UserError("Some orders are not in a state requiring confirmation.")
            raise UserError(f"The following orders are not in a state requiring confirmation: {', '.join(bad)}")
        for rid in ids:
            self._update(rid, {"state": "sale", "date_order": self.env.now()})
            self._create_delivery(rid)
        return True

    def _create_delivery(self, rid: int) -> None:
        rec = self._get(rid)
        products = self.env["product.product"]
        lines = [line for line in self._lines(rec)
                 if line.get("product_id") and products._get(line["product_id"])["type"] != "service"]
        if not lines:
            return
        pickings = self.env["stock.picking"]
        pid = pickings._create_one({
            "picking_type_id": OUTGOING_TYPE_ID, "partner_id": rec.get("partner_shipping_id") or rec["partner_id"],
            "origin": rec["name"], "sale_id": rid, "scheduled_date": rec.get("commitment_date") or self.env.now(),
        })
        moves = self.env["stock.move"]
        uom_field = self.env["sale.order.line"]._uom_field()
        for line in lines:
            product = products._get(line["product_id"])
            qty = self.env["uom.uom"]._convert_qty(line["product_uom_qty"], line[uom_field], product["uom_id"])
            moves._create_one({
                "picking_id": pid, "product_id": product["id"], "product_uom_qty": qty, "product_uom": product["uom_id"],
                "sale_line_id": line["id"], "origin": rec["name"], "name": line["name"], "state": "draft",
                "partner_id": rec.get("partner_shipping_id") or rec["partner_id"],
            })
        pickings.action_confirm([pid])

    def action_cancel(self, ids: list[int]) -> bool:
        """Cancel orders and their open deliveries; returns True."""
        pickings = self.env["stock.picking"]
        for rid in self._ids(ids):
            for p in self._pickings(self._get(rid)):
                if p["state"] not in ("done", "cancel"):
                    pickings.action_cancel([p["id"]])
            self._update(rid, {"state": "cancel"})
        return True

    def action_draft(self, ids: list[int]) -> bool:
        """Back to quotation (from cancelled or sent)."""
        for rid in self._ids(ids):
            if self._get(rid)["state"] in ("cancel", "sent"):
                self._update(rid, {"state": "draft"})
        return True

    def action_lock(self, ids: list[int]) -> None:
        """Lock the orders; returns None (an XML-RPC fault after commit, as in 17)."""
        for rid in self._ids(ids):
            self._update(rid, {"locked": True})
        return None

    def action_unlock(self, ids: list[int]) -> None:
        """Unlock the orders; returns None."""
        for rid in self._ids(ids):
            self._update(rid, {"locked": False} if self.env.version >= 17 else {"state": "sale"})
        return None

    def action_done(self, ids: list[int]) -> bool:
        """Odoo 16: lock the order by moving it to ``done``."""
        if self.env.version >= 17:
            raise AttributeError(f"The method 'action_done' does not exist on the model '{self._name}'")
        for rid in self._ids(ids):
            self._update(rid, {"state": "done"})
        return True


@register
class SaleOrderLine(Model):
    _name = "sale.order.line"
    _description = "Sales Order Line"
    _order = "order_id, sequence, id"
    order_id = Field("many2one", "Order Reference", relation="sale.order", required=True)
    sequence = Field("integer", "Sequence", default=10)
    product_id = Field("many2one", "Product", relation="product.product")
    name = Field("text", "Description", required=True)
    product_uom_qty = Field("float", "Quantity", default=1.0, required=True)
    product_uom = Field("many2one", "Unit of Measure", relation="uom.uom", versions=(16, 18))
    product_uom_id = Field("many2one", "Unit", relation="uom.uom", versions=(19, 19))
    price_unit = Field("float", "Unit Price", required=True, default=0.0)
    price_subtotal = Field("float", "Subtotal", compute="_compute_subtotal")
    discount = Field("float", "Discount (%)", default=0.0)
    tax_id = Field("many2many", "Taxes", relation="account.tax", versions=(16, 18))
    tax_ids = Field("many2many", "Taxes", relation="account.tax", versions=(19, 19))
    qty_delivered = Field("float", "Delivery Quantity", compute="_compute_qty_delivered")
    qty_invoiced = Field("float", "Invoiced Quantity", default=0.0)
    customer_lead = Field("float", "Lead Time", default=0.0)
    move_ids = Field("one2many", "Stock Moves", relation="stock.move", inverse_name="sale_line_id")
    order_partner_id = Field("many2one", "Customer", relation="res.partner", compute="_compute_order_partner")

    def _uom_field(self) -> str:
        return "product_uom_id" if self.env.version >= 19 else "product_uom"

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        order = self.store.get("sale.order", rec["order_id"]) or {}
        first = (rec.get("name") or "").split("\n")[0]
        if not first and rec.get("product_id"):
            first = (self.store.get("product.product", rec["product_id"]) or {}).get("name", "")
        label = f"{order.get('name')} - {first}"
        partner = self.store.get("res.partner", order.get("partner_id") or 0) or {}
        return f"{label} ({partner['ref']})" if partner.get("ref") else label

    def _compute_order_partner(self, rec: dict[str, Any]) -> Any:
        return self.env["sale.order"]._get(rec["order_id"])["partner_id"]

    def _compute_subtotal(self, rec: dict[str, Any]) -> float:
        return float(rec["product_uom_qty"] * rec["price_unit"] * (1 - (rec.get("discount") or 0.0) / 100.0))

    def _compute_qty_delivered(self, rec: dict[str, Any]) -> float:
        customer = {r["id"] for r in self.env["stock.location"]._table().values() if r.get("usage") == "customer"}
        return self.env["stock.move"]._moved_into(self._value(rec, "move_ids"), customer, rec[self._uom_field()])

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        products = self.env["product.product"]
        uom_field = self._uom_field()
        if vals.get("product_id"):
            product = products._get(int(vals["product_id"]))
            if not vals.get(uom_field):
                vals[uom_field] = product["uom_id"]
            if not vals.get("name"):
                name = products._compute_display_name(product)
                if product.get("description_sale"):
                    name += "\n" + product["description_sale"]
                vals["name"] = name
            if "price_unit" not in vals:
                per_line_unit = self.env["uom.uom"]._convert_qty(1.0, int(vals[uom_field]), product["uom_id"])
                vals["price_unit"] = round(product.get("list_price", 0.0) * per_line_unit, 2)
        return vals

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        rec = self._get(rid)
        uom_field = self._uom_field()
        if rec.get("product_id") and rec.get(uom_field):
            uoms = self.env["uom.uom"]
            product = self.env["product.product"]._get(rec["product_id"])
            line_uom, product_uom = uoms._get(rec[uom_field]), uoms._get(product["uom_id"])
            if line_uom["category_id"] != product_uom["category_id"] and self.env.version <= 18:
                raise UserError(
                    f"The unit of measure {line_uom['name']} defined on the order line doesn't belong to the same "
                    f"category as the unit of measure {product_uom['name']} defined on the product. Please correct "
                    "the unit of measure defined on the order line or on the product, they should belong to the "
                    "same category."
                )
