"""Accounting models of the sandbox: journals, taxes, ``account.move`` bills/invoices and lines.

As in Odoo 17: a draft bill is named ``/``; ``action_post`` returns ``False`` (sic) and names it
``BILL/YYYY/MM/NNNN``; a second bill with the same partner, reference and date is accepted and
only flagged through the computed ``duplicated_ref_ids``; ``button_draft``/``button_cancel``
return ``None``.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.exceptions import UserError
from gateway.odoo.sandbox.models.base import MailThread
from gateway.odoo.sandbox.orm import Field, Model, register

MOVE_TYPES = [
    ("entry", "Journal Entry"), ("out_invoice", "Customer Invoice"), ("out_refund", "Customer Credit Note"),
    ("in_invoice", "Vendor Bill"), ("in_refund", "Vendor Credit Note"), ("out_receipt", "Sales Receipt"),
    ("in_receipt", "Purchase Receipt"),
]
JOURNAL_BY_TYPE = {"in_invoice": 2, "in_refund": 2, "in_receipt": 2, "out_invoice": 1, "out_refund": 1,
                   "out_receipt": 1, "entry": 3}


@register
class Journal(Model):
    _name = "account.journal"
    _description = "Journal"
    _order = "sequence, type, code"
    name = Field("char", "Journal Name", required=True)
    code = Field("char", "Short Code", required=True)
    type = Field("selection", "Type", required=True, selection=[
        ("sale", "Sales"), ("purchase", "Purchase"), ("cash", "Cash"), ("bank", "Bank"), ("general", "Miscellaneous"),
    ])
    sequence = Field("integer", "Sequence", default=10)


@register
class Tax(Model):
    _name = "account.tax"
    _description = "Tax"
    name = Field("char", "Tax Name", required=True)
    amount = Field("float", "Amount")
    type_tax_use = Field("selection", "Tax Type", default="sale",
                         selection=[("sale", "Sales"), ("purchase", "Purchases"), ("none", "None")])


@register
class AccountMove(MailThread):
    _name = "account.move"
    _description = "Journal Entry"
    _order = "date desc, name desc, id desc"
    name = Field("char", "Number", default="/")
    state = Field("selection", "Status", default="draft", readonly=True,
                  selection=[("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")])
    move_type = Field("selection", "Type", default="entry", required=True, selection=MOVE_TYPES)
    partner_id = Field("many2one", "Partner", relation="res.partner")
    ref = Field("char", "Reference")
    invoice_date = Field("date", "Invoice/Bill Date")
    invoice_date_due = Field("date", "Due Date")
    date = Field("date", "Date", required=True, default=lambda m, v: v.get("invoice_date") or m.env.today())
    journal_id = Field("many2one", "Journal", relation="account.journal", required=True,
                       default=lambda m, v: JOURNAL_BY_TYPE.get(v.get("move_type") or "entry", 3))
    currency_id = Field("many2one", "Currency", relation="res.currency", default=1)
    company_id = Field("many2one", "Company", relation="res.company", default=1)
    invoice_origin = Field("char", "Origin")
    payment_reference = Field("char", "Payment Reference")
    narration = Field("html", "Terms and Conditions")
    invoice_line_ids = Field("one2many", "Invoice lines", relation="account.move.line", inverse_name="move_id")
    line_ids = Field("one2many", "Journal Items", relation="account.move.line", inverse_name="move_id")
    amount_untaxed = Field("float", "Untaxed Amount", compute="_compute_amounts")
    amount_tax = Field("float", "Tax", compute="_compute_tax")
    amount_total = Field("float", "Total", compute="_compute_amounts")
    payment_state = Field("selection", "Payment Status", default="not_paid", readonly=True, selection=[
        ("not_paid", "Not Paid"), ("in_payment", "In Payment"), ("paid", "Paid"), ("partial", "Partially Paid"),
        ("reversed", "Reversed"),
    ])
    duplicated_ref_ids = Field("many2many", "Duplicated Ref", relation="account.move",
                               compute="_compute_duplicated_ref_ids", versions=(17, 19))

    def _compute_amounts(self, rec: dict[str, Any]) -> float:
        lines = self.env["account.move.line"]
        return float(sum(lines._compute_subtotal(lines._get(i)) for i in self._value(rec, "invoice_line_ids")))

    def _compute_tax(self, rec: dict[str, Any]) -> float:
        return 0.0

    def _compute_duplicated_ref_ids(self, rec: dict[str, Any]) -> list[int]:
        if not rec.get("ref") or rec.get("move_type") not in ("in_invoice", "in_refund"):
            return []
        return [
            o["id"] for o in self._table().values()
            if o["id"] != rec["id"] and o.get("ref") == rec["ref"] and o.get("partner_id") == rec.get("partner_id")
            and o.get("move_type") == rec["move_type"] and o.get("state") != "cancel"
            and (not rec.get("invoice_date") or not o.get("invoice_date") or o["invoice_date"] == rec["invoice_date"])
        ]

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        if vals.get("invoice_date") and not vals.get("invoice_date_due"):
            vals["invoice_date_due"] = vals["invoice_date"]
        if "line_ids" in vals and "invoice_line_ids" not in vals:
            vals["invoice_line_ids"] = vals.pop("line_ids")
        return vals

    def _check_unlink(self, ids: list[int]) -> None:
        for rid in ids:
            if self._get(rid)["state"] == "posted":
                raise UserError("You cannot delete an entry which has been posted once.")

    def action_post(self, ids: list[int]) -> bool:
        """Post drafts and give them their sequence number; returns False, as Odoo 17 does."""
        journals = self.env["account.journal"]
        for rid in self._ids(ids):
            rec = self._get(rid)
            if rec["state"] == "posted":
                raise UserError(f"The entry {rec['name']} (id {rid}) is already posted.")
            if rec["move_type"] in ("in_invoice", "in_refund") and not rec.get("invoice_date"):
                raise UserError("The Bill/Refund date is required to validate this document.")
            if not self._value(rec, "invoice_line_ids") and rec["move_type"] != "entry":
                raise UserError("You need to add a line before posting.")
            date = rec.get("date") or self.env.today()
            code = journals._get(rec["journal_id"])["code"]
            year, month = date[:4], date[5:7]
            number = self.store.next_sequence(f"journal.{rec['journal_id']}.{year}.{month}")
            self._update(rid, {"state": "posted", "name": f"{code}/{year}/{month}/{number:04d}"})
        return False

    def button_draft(self, ids: list[int]) -> None:
        """Reset to draft; returns None (fault 1 over XML-RPC, after commit)."""
        for rid in self._ids(ids):
            self._update(rid, {"state": "draft"})
        return None

    def button_cancel(self, ids: list[int]) -> None:
        """Cancel; returns None."""
        for rid in self._ids(ids):
            self._update(rid, {"state": "cancel"})
        return None


@register
class AccountMoveLine(Model):
    _name = "account.move.line"
    _description = "Journal Item"
    _order = "sequence, id"
    move_id = Field("many2one", "Journal Entry", relation="account.move", required=True)
    sequence = Field("integer", "Sequence", default=10)
    name = Field("char", "Label")
    product_id = Field("many2one", "Product", relation="product.product")
    product_uom_id = Field("many2one", "Unit of Measure", relation="uom.uom")
    quantity = Field("float", "Quantity", default=1.0)
    price_unit = Field("float", "Unit Price", default=0.0)
    discount = Field("float", "Discount (%)", default=0.0)
    price_subtotal = Field("float", "Subtotal", compute="_compute_subtotal")
    tax_ids = Field("many2many", "Taxes", relation="account.tax")
    display_type = Field("selection", "Display Type", default="product", selection=[
        ("product", "Product"), ("line_section", "Section"), ("line_note", "Note"),
    ])
    analytic_distribution = Field("json", "Analytic Distribution")

    def _compute_subtotal(self, rec: dict[str, Any]) -> float:
        return float(rec.get("quantity", 0.0) * rec.get("price_unit", 0.0) * (1 - (rec.get("discount") or 0.0) / 100))

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        if vals.get("product_id"):
            products = self.env["product.product"]
            product = products._get(int(vals["product_id"]))
            if not vals.get("name"):
                vals["name"] = products._compute_display_name(product)
            if not vals.get("product_uom_id"):  # as in Odoo: the product's unit unless the line names one
                vals["product_uom_id"] = product["uom_id"]
        return vals
