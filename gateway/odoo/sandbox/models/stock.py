"""Inventory master data of the sandbox: locations, warehouse, operation types, lots, packages, quants, carriers.

Pickings live in :mod:`.stock_picking`, moves and move lines in :mod:`.stock_move`.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.exceptions import UserError
from gateway.odoo.sandbox.orm import Field, Model, register

BACKORDER_VIEW_ID = 843
IMMEDIATE_VIEW_ID = 841
PICKING_STATES = [("draft", "Draft"), ("waiting", "Waiting Another Operation"), ("confirmed", "Waiting"),
                  ("assigned", "Ready"), ("done", "Done"), ("cancel", "Cancelled")]
MOVE_STATES = [("draft", "New"), ("waiting", "Waiting Another Move"), ("confirmed", "Waiting Availability"),
               ("partially_available", "Partially Available"), ("assigned", "Available"), ("done", "Done"),
               ("cancel", "Cancelled")]
EPS = 1e-6


@register
class Location(Model):
    _name = "stock.location"
    _description = "Inventory Locations"
    _order = "complete_name, id"
    name = Field("char", "Location Name", required=True)
    location_id = Field("many2one", "Parent Location", relation="stock.location")
    usage = Field("selection", "Location Type", default="internal", selection=[
        ("supplier", "Vendor Location"), ("view", "View"), ("internal", "Internal Location"),
        ("customer", "Customer Location"), ("inventory", "Inventory Loss"), ("transit", "Transit Location"),
    ])
    complete_name = Field("char", "Full Location Name", compute="_compute_complete_name")
    active = Field("boolean", "Active", default=True)

    def _compute_complete_name(self, rec: dict[str, Any]) -> str:
        parent = rec.get("location_id")
        prec = self.store.get(self._name, parent) if parent and rec.get("usage") != "view" else None
        return f"{self._compute_complete_name(prec)}/{rec['name']}" if prec else rec["name"]

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        return self._compute_complete_name(rec)

    def _internal_ids(self) -> set[int]:
        return {r["id"] for r in self._table().values() if r.get("usage") == "internal"}


@register
class Warehouse(Model):
    _name = "stock.warehouse"
    _description = "Warehouse"
    name = Field("char", "Warehouse", required=True)
    code = Field("char", "Short Name", required=True)
    lot_stock_id = Field("many2one", "Location Stock", relation="stock.location")
    partner_id = Field("many2one", "Address", relation="res.partner")
    in_type_id = Field("many2one", "In Type", relation="stock.picking.type")
    out_type_id = Field("many2one", "Out Type", relation="stock.picking.type")
    company_id = Field("many2one", "Company", relation="res.company", default=1)
    active = Field("boolean", "Active", default=True)


@register
class PickingType(Model):
    _name = "stock.picking.type"
    _description = "Picking Type"
    _order = "sequence, id"
    name = Field("char", "Operation Type", required=True)
    code = Field("selection", "Type of Operation", required=True, selection=[
        ("incoming", "Receipt"), ("outgoing", "Delivery"), ("internal", "Internal Transfer"),
    ])
    sequence = Field("integer", "Sequence", default=10)
    sequence_code = Field("char", "Sequence Prefix", required=True)
    warehouse_id = Field("many2one", "Warehouse", relation="stock.warehouse")
    default_location_src_id = Field("many2one", "Default Source Location", relation="stock.location")
    default_location_dest_id = Field("many2one", "Default Destination Location", relation="stock.location")
    create_backorder = Field("selection", "Create Backorder", default="ask", selection=[
        ("ask", "Ask"), ("always", "Always"), ("never", "Never"),
    ])
    use_create_lots = Field("boolean", "Create New Lots/Serial Numbers", default=False)
    use_existing_lots = Field("boolean", "Use Existing Lots/Serial Numbers", default=True)
    active = Field("boolean", "Active", default=True)

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        wh = self.store.get("stock.warehouse", rec.get("warehouse_id") or 0)
        return f"{wh['name']}: {rec['name']}" if wh else rec["name"]

    def _next_name(self, rid: int) -> str:
        rec = self._get(rid)
        wh = self.store.get("stock.warehouse", rec.get("warehouse_id") or 0)
        prefix = f"{wh['code']}/{rec['sequence_code']}/" if wh else f"{rec['sequence_code']}/"
        return f"{prefix}{self.store.next_sequence(f'picking.type.{rid}'):05d}"


@register
class Lot(Model):
    _name = "stock.lot"
    _description = "Lot/Serial"
    _order = "name, id"
    name = Field("char", "Lot/Serial Number", required=True)
    product_id = Field("many2one", "Product", relation="product.product", required=True)
    company_id = Field("many2one", "Company", relation="res.company", default=1)
    ref = Field("char", "Internal Reference")
    expiration_date = Field("datetime", "Expiration Date")

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        rec = self._get(rid)
        for other in self._table().values():
            if other["id"] != rid and other["name"] == rec["name"] and other["product_id"] == rec["product_id"]:
                product = self.env["product.product"]._get(rec["product_id"])
                raise UserError(
                    f"The combination of serial number {rec['name']} and product "
                    f"{self.env['product.product']._compute_display_name(product)} must be unique across a company."
                )


@register
class Package(Model):
    _name = "stock.quant.package"
    _description = "Packages"
    _order = "name"
    name = Field("char", "Package Reference", required=True)
    shipping_weight = Field("float", "Shipping Weight")
    pack_date = Field("date", "Pack Date", default=lambda m, v: m.env.today())
    valid_sscc = Field("boolean", "Package name is valid SSCC", compute="_compute_valid_sscc")
    quant_ids = Field("one2many", "Bulk Content", relation="stock.quant", inverse_name="package_id")

    def _compute_valid_sscc(self, rec: dict[str, Any]) -> bool:
        name = rec.get("name") or ""
        if len(name) != 18 or not name.isdigit():
            return False
        digits = [int(c) for c in name]
        total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits[:-1]))
        return (10 - total % 10) % 10 == digits[-1]


@register
class Quant(Model):
    _name = "stock.quant"
    _description = "Quants"
    product_id = Field("many2one", "Product", relation="product.product", required=True)
    location_id = Field("many2one", "Location", relation="stock.location", required=True)
    lot_id = Field("many2one", "Lot/Serial Number", relation="stock.lot")
    package_id = Field("many2one", "Package", relation="stock.quant.package")
    quantity = Field("float", "Quantity")
    reserved_quantity = Field("float", "Reserved Quantity")

    def _adjust(self, product: int, location: int, delta: float, *, lot: int | bool = False,
                package: int | bool = False, reserved: float = 0.0) -> None:
        for q in self._table().values():
            if (q["product_id"], q["location_id"], q.get("lot_id") or False, q.get("package_id") or False) == (
                product, location, lot or False, package or False
            ):
                self._update(q["id"], {"quantity": q["quantity"] + delta,
                                       "reserved_quantity": max(0.0, q["reserved_quantity"] - reserved)})
                return
        self._create_one({"product_id": product, "location_id": location, "lot_id": lot, "package_id": package,
                          "quantity": delta})


@register
class Carrier(Model):
    _name = "delivery.carrier"
    _description = "Shipping Methods"
    _order = "sequence, id"
    name = Field("char", "Delivery Method", required=True)
    sequence = Field("integer", "Sequence", default=10)
    delivery_type = Field("selection", "Provider", default="fixed", selection=[
        ("base_on_rule", "Based on Rules"), ("fixed", "Fixed Price"),
    ])
    integration_level = Field("selection", "Integration Level", default="rate_and_ship", selection=[
        ("rate", "Get Rate"), ("rate_and_ship", "Get Rate and Create Shipment"),
    ])
    product_id = Field("many2one", "Delivery Product", relation="product.product", required=True)
    fixed_price = Field("float", "Fixed Price")
    active = Field("boolean", "Active", default=True)
