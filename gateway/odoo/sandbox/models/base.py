"""Master-data models of the sandbox: companies, users, partners, units, products, xmlids, chatter.

These mirror the Odoo 17 fields a gateway reads (``ref``, ``default_code``, ``barcode``,
``uom.uom`` factors...) and the behaviours the transcripts show: display names such as
``[FURN_7800] Desk Combination`` or ``YourCompany, Mitchell Admin``, unique product barcodes,
``message_post`` escaping plain-text bodies and returning the new message id.
"""

from __future__ import annotations

import html
from typing import Any

from gateway.odoo.sandbox.exceptions import ValidationError, recordset_repr
from gateway.odoo.sandbox.orm import Field, Model, api_model, register

CHATTER_PARAMS = {
    "body", "subject", "message_type", "subtype_xmlid", "subtype_id", "partner_ids", "attachments",
    "attachment_ids", "body_is_html", "author_id", "email_from", "parent_id", "email_layout_xmlid",
    "email_add_signature", "record_name", "mail_auto_delete", "model_description", "force_send",
}


class MailThread(Model):
    """The chatter mixin: ``message_post`` on business documents."""

    message_ids = Field("one2many", "Messages", relation="mail.message", compute="_compute_message_ids")

    def _compute_message_ids(self, rec: dict[str, Any]) -> list[int]:
        msgs = self.env["mail.message"]
        return [
            m["id"] for m in msgs._table().values()
            if m.get("model") == self._name and m.get("res_id") == rec["id"]
        ]

    def message_post(self, ids: list[int], *, body: str = "", message_type: str = "notification",
                     subtype_xmlid: str | None = None, body_is_html: bool = False,
                     **kwargs: Any) -> int | list[int]:
        """Post a message on one record; plain bodies are HTML-escaped (17+), returns the id."""
        ids = self._ids(ids)
        unknown = [k for k in kwargs if k not in CHATTER_PARAMS]
        if len(ids) != 1:
            raise ValueError(f"Expected singleton: {recordset_repr(self._name, ids)}")
        self._get(ids[0])
        if unknown:
            raise ValueError(f"Those values are not supported when posting or notifying: {', '.join(unknown)}")
        text = str(body or "")
        if not body_is_html:
            text = f"<p>{html.escape(text, quote=False)}</p>"
        subtype = kwargs.get("subtype_id") or False
        if subtype_xmlid:
            subtype = self.env["ir.model.data"]._xmlid_to_res_id(subtype_xmlid)
        user = self.env["res.users"]._get(self.env.uid)
        mid = self.env["mail.message"]._create_one({
            "body": text, "message_type": message_type, "subtype_id": subtype, "model": self._name,
            "res_id": ids[0], "author_id": user["partner_id"], "subject": kwargs.get("subject") or False,
            "date": self.env.now(),
        })
        return [mid] if self.env.version >= 19 else mid


@register
class Country(Model):
    _name = "res.country"
    _description = "Country"
    _order = "name"
    name = Field("char", "Country Name", required=True)
    code = Field("char", "Country Code")


@register
class Currency(Model):
    _name = "res.currency"
    _description = "Currency"
    name = Field("char", "Currency", required=True)
    symbol = Field("char", "Symbol")


@register
class Company(Model):
    _name = "res.company"
    _description = "Companies"
    name = Field("char", "Company Name", required=True)
    partner_id = Field("many2one", "Partner", relation="res.partner")
    currency_id = Field("many2one", "Currency", relation="res.currency")


@register
class Users(Model):
    _name = "res.users"
    _description = "User"
    login = Field("char", "Login", required=True)
    name = Field("char", "Name")
    partner_id = Field("many2one", "Related Partner", relation="res.partner")
    active = Field("boolean", "Active", default=True)
    company_id = Field("many2one", "Company", relation="res.company", default=1)

    @api_model
    def context_get(self) -> dict[str, Any]:
        """The user's context (JSON-2 clients call it to learn their uid)."""
        return {"lang": "en_US", "tz": "UTC", "uid": self.env.uid}


@register
class Partner(MailThread):
    _name = "res.partner"
    _description = "Contact"
    _order = "name, id desc"
    name = Field("char", "Name")
    ref = Field("char", "Reference")
    is_company = Field("boolean", "Is a Company", default=False)
    customer_rank = Field("integer", "Customer Rank", default=0)
    supplier_rank = Field("integer", "Supplier Rank", default=0)
    email = Field("char", "Email")
    phone = Field("char", "Phone")
    vat = Field("char", "Tax ID")
    barcode = Field("char", "Barcode")
    street = Field("char", "Street")
    street2 = Field("char", "Street2")
    city = Field("char", "City")
    zip = Field("char", "Zip")
    state_id = Field("many2one", "State", relation="res.country")
    country_id = Field("many2one", "Country", relation="res.country")
    parent_id = Field("many2one", "Related Company", relation="res.partner")
    child_ids = Field("one2many", "Contact", relation="res.partner", inverse_name="parent_id")
    type = Field("selection", "Address Type", default="contact", selection=[
        ("contact", "Contact"), ("invoice", "Invoice Address"), ("delivery", "Delivery Address"),
        ("other", "Other Address"),
    ])
    commercial_partner_id = Field("many2one", "Commercial Entity", relation="res.partner",
                                  compute="_compute_commercial")
    peppol_eas = Field("char", "Peppol e-address (EAS)", versions=(17, 19))
    peppol_endpoint = Field("char", "Peppol Endpoint", versions=(17, 19))
    global_location_number = Field("char", "GLN", versions=(19, 19))
    active = Field("boolean", "Active", default=True)
    company_id = Field("many2one", "Company", relation="res.company")

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        name = rec.get("name") or ""
        parent = rec.get("parent_id")
        if parent and not rec.get("is_company"):
            prec = self.store.get(self._name, parent)
            if prec:
                label = name or dict(self._fields["type"].selection or []).get(rec.get("type") or "", "")
                return f"{self._compute_display_name(prec)}, {label}"
        return name

    def _compute_commercial(self, rec: dict[str, Any]) -> int:
        cur = rec
        while cur.get("parent_id") and not cur.get("is_company"):
            nxt = self.store.get(self._name, cur["parent_id"])
            if nxt is None:
                break
            cur = nxt
        return cur["id"]


@register
class UomCategory(Model):
    _name = "uom.category"
    _description = "Product UoM Categories"
    name = Field("char", "Unit of Measure Category", required=True)


@register
class Uom(Model):
    _name = "uom.uom"
    _description = "Product Unit of Measure"
    _order = "factor desc, id"
    name = Field("char", "Unit of Measure", required=True)
    category_id = Field("many2one", "Category", relation="uom.category", required=True)
    factor = Field("float", "Ratio", default=1.0)
    factor_inv = Field("float", "Bigger Ratio", compute="_compute_factor_inv")
    uom_type = Field("selection", "Type", default="reference", selection=[
        ("bigger", "Bigger than the reference Unit of Measure"), ("reference", "Reference Unit of Measure for this category"),
        ("smaller", "Smaller than the reference Unit of Measure"),
    ])
    rounding = Field("float", "Rounding Precision", default=0.01)
    active = Field("boolean", "Active", default=True)

    def _compute_factor_inv(self, rec: dict[str, Any]) -> float:
        return 1.0 / rec["factor"] if rec.get("factor") else 0.0

    def _convert_qty(self, qty: float, from_id: int, to_id: int) -> float:
        """``qty`` in unit ``from_id`` expressed in unit ``to_id`` (same category)."""
        if from_id == to_id or not from_id or not to_id:
            return float(qty)
        src, dst = self._get(from_id), self._get(to_id)
        return round(float(qty) / src["factor"] * dst["factor"], 6)


PRODUCT_TYPES_17 = [("consu", "Consumable"), ("service", "Service"), ("product", "Storable Product")]
PRODUCT_TYPES_18 = [("consu", "Goods"), ("service", "Service"), ("combo", "Combo")]


class ProductFields(MailThread):
    """Fields shared by product.template and product.product (kept on both in the sandbox)."""

    name = Field("char", "Name", required=True)
    default_code = Field("char", "Internal Reference")
    barcode = Field("char", "Barcode")
    type = Field("selection", "Product Type", default="consu", selection=PRODUCT_TYPES_17)
    detailed_type = Field("selection", "Product Type", selection=PRODUCT_TYPES_17, versions=(16, 17))
    is_storable = Field("boolean", "Track Inventory", default=False, versions=(18, 19))
    uom_id = Field("many2one", "Unit of Measure", relation="uom.uom", default=1, required=True)
    uom_po_id = Field("many2one", "Purchase Unit of Measure", relation="uom.uom", default=1, versions=(16, 18))
    list_price = Field("float", "Sales Price", default=1.0)
    standard_price = Field("float", "Cost", default=0.0)
    tracking = Field("selection", "Tracking", default="none", selection=[
        ("serial", "By Unique Serial Number"), ("lot", "By Lots"), ("none", "No Tracking"),
    ])
    description_sale = Field("text", "Sales Description")
    sale_ok = Field("boolean", "Can be Sold", default=True)
    purchase_ok = Field("boolean", "Can be Purchased", default=True)
    weight = Field("float", "Weight")
    active = Field("boolean", "Active", default=True)

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        code = rec.get("default_code")
        return f"[{code}] {rec.get('name')}" if code else str(rec.get("name") or "")


@register
class ProductTemplate(ProductFields):
    _name = "product.template"
    _description = "Product"
    _order = "name, id"
    product_variant_ids = Field("one2many", "Products", relation="product.product", inverse_name="product_tmpl_id")
    seller_ids = Field("one2many", "Vendors", relation="product.supplierinfo", inverse_name="product_tmpl_id")

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        if not self.env.context.get("create_product_product", True):
            return
        rec = self._get(rid)
        copy = {k: v for k, v in rec.items() if k in self.env["product.product"]._fields and k != "id"}
        self.env["product.product"]._insert_variant(rid, copy)


@register
class Product(ProductFields):
    _name = "product.product"
    _description = "Product Variant"
    _order = "default_code, name, id"
    product_tmpl_id = Field("many2one", "Product Template", relation="product.template")
    qty_available = Field("float", "Quantity On Hand", compute="_compute_qty_available")
    seller_ids = Field("one2many", "Vendors", relation="product.supplierinfo", inverse_name="product_id")

    def _insert_variant(self, tmpl_id: int, values: dict[str, Any]) -> int:
        rid = self.store.next_id(self._name)
        stored = {n: values.get(n, f.empty()) for n, f in self._fields.items() if f.store}
        stored.update(id=rid, product_tmpl_id=tmpl_id)
        self.store.insert(self._name, rid, stored)
        return rid

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        if not vals.get("product_tmpl_id"):
            tmpl = self.env.with_context(create_product_product=False)["product.template"]
            tvals = {k: v for k, v in vals.items() if k in tmpl._fields and tmpl._fields[k].store}
            vals["product_tmpl_id"] = tmpl._create_one(tvals)
        return vals

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        self._check_barcode([rid])

    def _post_write(self, ids: list[int], vals: dict[str, Any]) -> None:
        if vals.get("barcode"):
            self._check_barcode(ids)

    def _check_barcode(self, ids: list[int]) -> None:
        for rid in ids:
            code = self._get(rid).get("barcode")
            if not code:
                continue
            same = [r for r in self._table().values() if r.get("barcode") == code]
            if len(same) > 1:
                names = ", ".join(self._compute_display_name(r) for r in self._sort(same))
                raise ValidationError(
                    f"Barcode(s) already assigned:\n\n- Barcode \"{code}\" already assigned to product(s): {names}"
                    "\n\nNote: products that you don't have access to will not be shown above."
                )

    def _compute_qty_available(self, rec: dict[str, Any]) -> float:
        quants = self.env["stock.quant"]._table().values()
        internal = self.env["stock.location"]._internal_ids()
        return float(sum(q["quantity"] for q in quants if q["product_id"] == rec["id"] and q["location_id"] in internal))


@register
class SupplierInfo(Model):
    _name = "product.supplierinfo"
    _description = "Supplier Pricelist"
    _order = "sequence, min_qty desc, price, id"
    partner_id = Field("many2one", "Vendor", relation="res.partner", required=True)
    product_tmpl_id = Field("many2one", "Product Template", relation="product.template")
    product_id = Field("many2one", "Product Variant", relation="product.product")
    product_name = Field("char", "Vendor Product Name")
    product_code = Field("char", "Vendor Product Code")
    sequence = Field("integer", "Sequence", default=1)
    min_qty = Field("float", "Quantity", default=0.0)
    price = Field("float", "Price", default=0.0)
    delay = Field("integer", "Delivery Lead Time", default=1)

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        return self.env["res.partner"]._compute_display_name(self.env["res.partner"]._get(rec["partner_id"]))


@register
class ModelData(Model):
    _name = "ir.model.data"
    _description = "Model Data"
    _rec_name = "name"
    module = Field("char", "Module", required=True)
    name = Field("char", "External Identifier", required=True)
    model = Field("char", "Model Name", required=True)
    res_id = Field("integer", "Record ID")
    noupdate = Field("boolean", "Non Updatable", default=False)

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        return f"{rec['module']}.{rec['name']}"

    def _xmlid_to_res_id(self, xmlid: str) -> int | bool:
        module, _, name = xmlid.partition(".")
        for r in self._table().values():
            if r["module"] == module and r["name"] == name:
                return r["res_id"]
        raise ValueError(f"External ID not found in the system: {xmlid}")

    @api_model
    def check_object_reference(self, module: str, xml_id: str, raise_on_access_error: bool = False) -> list[Any]:
        """``[model, res_id]`` of an xmlid."""
        for r in self._table().values():
            if r["module"] == module and r["name"] == xml_id:
                return [r["model"], r["res_id"]]
        raise ValueError(f"External ID not found in the system: {module}.{xml_id}")


@register
class MessageSubtype(Model):
    _name = "mail.message.subtype"
    _description = "Message subtypes"
    name = Field("char", "Message Type", required=True)
    internal = Field("boolean", "Internal Only", default=False)


@register
class Message(Model):
    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"
    subject = Field("char", "Subject")
    body = Field("html", "Contents", default="")
    message_type = Field("selection", "Type", default="comment", selection=[
        ("email", "Incoming Email"), ("comment", "Comment"), ("email_outgoing", "Outgoing Email"),
        ("notification", "System notification"), ("auto_comment", "Automated Targeted Notification"),
        ("user_notification", "User Specific Notification"),
    ])
    subtype_id = Field("many2one", "Subtype", relation="mail.message.subtype")
    model = Field("char", "Related Document Model")
    res_id = Field("many2one_reference", "Related Document ID", model_field="model")
    author_id = Field("many2one", "Author", relation="res.partner")
    is_internal = Field("boolean", "Employee Only", default=False)
    date = Field("datetime", "Date")
    record_name = Field("char", "Message Record Name", compute="_compute_record_name")

    def _compute_record_name(self, rec: dict[str, Any]) -> Any:
        if rec.get("model") and rec.get("res_id"):
            target = self.store.get(rec["model"], rec["res_id"])
            if target is not None:
                return self.env[rec["model"]]._compute_display_name(target)
        return False
