"""Stock moves and move lines of the sandbox: quantities, reservation, lots, and what validation does to stock.

Odoo 17 semantics: ``stock.move.quantity`` is the sum of its move lines (writing it adds, grows
or shrinks lines), ``picked`` propagates to the lines; Odoo 16 keeps ``qty_done`` on move lines.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.models.stock import EPS, MOVE_STATES
from gateway.odoo.sandbox.orm import Field, Model, register


@register
class Move(Model):
    _name = "stock.move"
    _description = "Stock Move"
    _order = "sequence, id"
    name = Field("char", "Description")
    sequence = Field("integer", "Sequence", default=10)
    product_id = Field("many2one", "Product", relation="product.product", required=True)
    product_uom_qty = Field("float", "Demand", default=1.0, required=True)
    product_qty = Field("float", "Real Quantity", compute="_compute_product_qty")
    quantity = Field("float", "Quantity", compute="_compute_quantity", inverse="_set_quantity", versions=(17, 19))
    picked = Field("boolean", "Picked", default=False, versions=(17, 19))
    quantity_done = Field("float", "Quantity Done", compute="_compute_quantity_done", inverse="_set_quantity_done",
                          versions=(16, 16))
    reserved_availability = Field("float", "Quantity Reserved", compute="_compute_quantity", versions=(16, 16))
    product_uom = Field("many2one", "UoM", relation="uom.uom", required=True)
    state = Field("selection", "Status", default="draft", readonly=True, selection=MOVE_STATES)
    picking_id = Field("many2one", "Transfer", relation="stock.picking")
    picking_type_id = Field("many2one", "Operation Type", relation="stock.picking.type")
    location_id = Field("many2one", "Source Location", relation="stock.location", required=True)
    location_dest_id = Field("many2one", "Destination Location", relation="stock.location", required=True)
    partner_id = Field("many2one", "Destination Address", relation="res.partner")
    move_line_ids = Field("one2many", "Move Lines", relation="stock.move.line", inverse_name="move_id")
    purchase_line_id = Field("many2one", "Purchase Order Line", relation="purchase.order.line")
    sale_line_id = Field("many2one", "Sale Line", relation="sale.order.line")
    origin = Field("char", "Source Document")
    description_picking = Field("text", "Description of Picking")
    date = Field("datetime", "Date Scheduled", default=lambda m, v: m.env.now())
    has_tracking = Field("selection", "Product with Tracking", compute="_compute_has_tracking", selection=[
        ("serial", "By Unique Serial Number"), ("lot", "By Lots"), ("none", "No Tracking"),
    ])
    reference = Field("char", "Reference", compute="_compute_reference")

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        picking = self.store.get("stock.picking", rec.get("picking_id") or 0)
        origin = picking.get("origin") if picking else rec.get("origin")
        product = self.store.get("product.product", rec["product_id"]) or {}
        src = self.store.get("stock.location", rec["location_id"]) or {}
        dst = self.store.get("stock.location", rec["location_dest_id"]) or {}
        code = product.get("default_code")
        return f"{origin + '/' if origin else ''}{code + ': ' if code else ''}{src.get('name')}>{dst.get('name')}"

    def _compute_reference(self, rec: dict[str, Any]) -> Any:
        picking = self.store.get("stock.picking", rec.get("picking_id") or 0)
        return picking["name"] if picking else rec.get("name") or False

    def _compute_has_tracking(self, rec: dict[str, Any]) -> str:
        return (self.store.get("product.product", rec["product_id"]) or {}).get("tracking") or "none"

    def _compute_product_qty(self, rec: dict[str, Any]) -> float:
        product = self.env["product.product"]._get(rec["product_id"])
        return self.env["uom.uom"]._convert_qty(rec["product_uom_qty"], rec["product_uom"], product["uom_id"])

    def _lines(self, rec: dict[str, Any]) -> list[dict[str, Any]]:
        lines = self.env["stock.move.line"]
        return [lines._get(i) for i in self._value(rec, "move_line_ids")]

    def _compute_quantity(self, rec: dict[str, Any]) -> float:
        return float(sum(line.get("quantity", 0.0) for line in self._lines(rec)))

    def _compute_quantity_done(self, rec: dict[str, Any]) -> float:
        return float(sum(line.get("qty_done", 0.0) for line in self._lines(rec)))

    def _moved_into(self, move_ids: list[int], locations: set[int], uom_id: int) -> float:
        """Quantity of the done moves among ``move_ids`` that ended in ``locations``, in ``uom_id``.

        What an order line reports as received (purchase) or delivered (sale).
        """
        uoms = self.env["uom.uom"]
        total = 0.0
        for mid in move_ids:
            m = self._get(mid)
            if m["state"] == "done" and m["location_dest_id"] in locations:
                qty = self._compute_quantity(m) if self.env.version >= 17 else self._compute_quantity_done(m)
                total += uoms._convert_qty(qty, m["product_uom"], uom_id)
        return round(total, 6)

    def _done_qty(self, rec: dict[str, Any], *, any_line: bool = False) -> float:
        """What validating would process: picked quantity (17+) or qty_done (16)."""
        if self.env.version <= 16:
            done = self._compute_quantity_done(rec)
            return done if done > EPS or not any_line else self._compute_quantity(rec)
        if any_line or rec.get("picked"):
            return self._compute_quantity(rec)
        return 0.0

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        if vals.get("product_id") and not vals.get("product_uom"):
            vals["product_uom"] = self.env["product.product"]._get(int(vals["product_id"]))["uom_id"]
        picking = vals.get("picking_id")
        if picking:
            prec = self.env["stock.picking"]._get(int(picking))
            vals.setdefault("location_id", prec["location_id"])
            vals.setdefault("location_dest_id", prec["location_dest_id"])
            vals.setdefault("picking_type_id", prec["picking_type_id"])
            if not vals.get("name"):
                product = self.env["product.product"]._get(int(vals["product_id"]))
                vals["name"] = self.env["product.product"]._compute_display_name(product)
            if prec["state"] not in ("draft",) and vals.get("state", "draft") == "draft":
                vals["state"] = "confirmed"
        return vals

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        rec = self._get(rid)
        if rec.get("picking_id") and rec["state"] == "confirmed" and "state" not in vals:
            self._reserve(rid)
            self.env["stock.picking"]._recompute_state(rec["picking_id"])

    def _post_write(self, ids: list[int], vals: dict[str, Any]) -> None:
        if "picked" in vals:
            for rid in ids:
                self._set_picked(rid, bool(vals["picked"]))
        for rid in ids:
            self._recompute_state(rid)

    def _set_picked(self, rid: int, value: bool) -> None:
        self._update(rid, {"picked": value})
        lines = self.env["stock.move.line"]
        for lid in self._value(self._get(rid), "move_line_ids"):
            lines._update(lid, {"picked": value})

    def _set_quantity(self, rid: int, qty: Any) -> None:
        rec = self._get(rid)
        target = float(qty or 0.0)
        current = self._compute_quantity(rec)
        lines = self.env["stock.move.line"]
        if target > current + EPS:
            delta = target - current
            existing = self._lines(rec)
            src = self.env["stock.location"]._get(rec["location_id"])
            if src.get("usage") != "internal" and len(existing) == 1 and not existing[0].get("lot_name"):
                lines._update(existing[0]["id"], {"quantity": existing[0]["quantity"] + delta})
            else:
                lines._new_line(rec, delta)
        elif target < current - EPS:
            excess = current - target
            for line in reversed(self._lines(rec)):
                if excess <= EPS:
                    break
                take = min(line["quantity"], excess)
                excess -= take
                if line["quantity"] - take <= EPS:
                    lines._release_and_delete(line["id"])
                else:
                    lines._update(line["id"], {"quantity": line["quantity"] - take})
        self._recompute_state(rid)

    def _set_quantity_done(self, rid: int, qty: Any) -> None:
        rec = self._get(rid)
        lines = self._lines(rec)
        if not lines:
            self.env["stock.move.line"]._new_line(rec, 0.0)
            lines = self._lines(self._get(rid))
        remaining = float(qty or 0.0)
        for i, line in enumerate(lines):
            take = remaining if i == len(lines) - 1 else min(remaining, line.get("quantity", 0.0))
            self.env["stock.move.line"]._update(line["id"], {"qty_done": take})
            remaining -= take

    def _recompute_state(self, rid: int, *, cascade: bool = True) -> None:
        rec = self._get(rid)
        if rec["state"] in ("done", "cancel", "draft"):
            return
        qty = self._compute_quantity(rec)
        demand = rec["product_uom_qty"]
        state = "assigned" if qty + EPS >= demand else "partially_available" if qty > EPS else "confirmed"
        self._update(rid, {"state": state})
        if cascade and rec.get("picking_id"):
            self.env["stock.picking"]._recompute_state(rec["picking_id"])

    def _reserve(self, rid: int) -> None:
        rec = self._get(rid)
        lines = self.env["stock.move.line"]
        src = self.env["stock.location"]._get(rec["location_id"])
        missing_qty = rec["product_uom_qty"] - self._compute_quantity(rec)
        if missing_qty <= EPS:
            self._recompute_state(rid, cascade=False)
            return
        if src.get("usage") != "internal":
            lines._new_line(rec, missing_qty)
        else:
            product = self.env["product.product"]._get(rec["product_id"])
            need = self.env["uom.uom"]._convert_qty(missing_qty, rec["product_uom"], product["uom_id"])
            quants = self.env["stock.quant"]
            for q in list(quants._table().values()):
                if need <= EPS:
                    break
                if q["product_id"] != rec["product_id"] or q["location_id"] != rec["location_id"]:
                    continue
                free = q["quantity"] - q["reserved_quantity"]
                if free <= EPS:
                    continue
                take = min(free, need)
                quants._update(q["id"], {"reserved_quantity": q["reserved_quantity"] + take})
                qty_move_uom = self.env["uom.uom"]._convert_qty(take, product["uom_id"], rec["product_uom"])
                lines._new_line(rec, qty_move_uom, lot=q.get("lot_id") or False, package=q.get("package_id") or False,
                                reserved=take)
                need -= take
        self._recompute_state(rid, cascade=False)

    def _done(self, rid: int) -> None:
        rec = self._get(rid)
        lines = self.env["stock.move.line"]
        for line in self._lines(rec):
            if lines._line_qty(line) <= EPS:
                lines._release_and_delete(line["id"])
                continue
            lines._apply(line)
        self._update(rid, {"state": "done", "picked": True} if self.env.version >= 17 else {"state": "done"})


@register
class MoveLine(Model):
    _name = "stock.move.line"
    _description = "Product Moves (Stock Move Line)"
    _order = "result_package_id desc, location_id asc, location_dest_id asc, picking_id asc, id"
    move_id = Field("many2one", "Stock Operation", relation="stock.move")
    picking_id = Field("many2one", "Transfer", relation="stock.picking")
    product_id = Field("many2one", "Product", relation="product.product")
    quantity = Field("float", "Quantity", versions=(17, 19))
    quantity_product_uom = Field("float", "Quantity in Product UoM", compute="_compute_qty_product_uom",
                                 versions=(17, 19))
    picked = Field("boolean", "Picked", default=False, versions=(17, 19))
    qty_done = Field("float", "Quantity Done", versions=(16, 16))
    reserved_uom_qty = Field("float", "Reserved", compute="_compute_reserved_16", versions=(16, 16))
    product_uom_id = Field("many2one", "Unit of Measure", relation="uom.uom")
    location_id = Field("many2one", "From", relation="stock.location")
    location_dest_id = Field("many2one", "To", relation="stock.location")
    lot_id = Field("many2one", "Lot/Serial Number", relation="stock.lot")
    lot_name = Field("char", "Lot/Serial Number Name")
    package_id = Field("many2one", "Source Package", relation="stock.quant.package")
    result_package_id = Field("many2one", "Destination Package", relation="stock.quant.package")
    reserved_qty = Field("float", "Reserved in product UoM (sandbox bookkeeping)", readonly=True)

    def _compute_qty_product_uom(self, rec: dict[str, Any]) -> float:
        product = self.env["product.product"]._get(rec["product_id"])
        return self.env["uom.uom"]._convert_qty(rec.get("quantity", 0.0), rec["product_uom_id"], product["uom_id"])

    def _compute_reserved_16(self, rec: dict[str, Any]) -> float:
        return float(rec.get("quantity", 0.0))

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        move = self.store.get("stock.move", rec.get("move_id") or 0)
        return self.env["stock.move"]._compute_display_name(move) if move else f"{self._name},{rec['id']}"

    def _line_qty(self, rec: dict[str, Any]) -> float:
        return float(rec.get("qty_done", 0.0) if self.env.version <= 16 else rec.get("quantity", 0.0))

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        move_id = vals.get("move_id")
        if move_id:
            move = self.env["stock.move"]._get(int(move_id))
            vals.setdefault("picking_id", move.get("picking_id"))
            vals.setdefault("product_id", move["product_id"])
            vals.setdefault("location_id", move["location_id"])
            vals.setdefault("location_dest_id", move["location_dest_id"])
            vals.setdefault("product_uom_id", move["product_uom"])
        elif vals.get("picking_id"):
            picking = self.env["stock.picking"]._get(int(vals["picking_id"]))
            vals.setdefault("location_id", picking["location_id"])
            vals.setdefault("location_dest_id", picking["location_dest_id"])
        if vals.get("product_id") and not vals.get("product_uom_id"):
            vals["product_uom_id"] = self.env["product.product"]._get(int(vals["product_id"]))["uom_id"]
        return vals

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        rec = self._get(rid)
        if rec.get("move_id"):
            moves = self.env["stock.move"]
            if rec.get("picked"):
                moves._update(rec["move_id"], {"picked": True})
            moves._recompute_state(rec["move_id"])

    def _post_write(self, ids: list[int], vals: dict[str, Any]) -> None:
        moves = self.env["stock.move"]
        for rid in ids:
            rec = self._get(rid)
            if rec.get("move_id"):
                if vals.get("picked"):
                    moves._update(rec["move_id"], {"picked": True})
                moves._recompute_state(rec["move_id"])

    def _new_line(self, move: dict[str, Any], qty: float, *, lot: int | bool = False, package: int | bool = False,
                  reserved: float = 0.0) -> int:
        vals = {
            "move_id": move["id"], "picking_id": move.get("picking_id"), "product_id": move["product_id"],
            "location_id": move["location_id"], "location_dest_id": move["location_dest_id"],
            "product_uom_id": move["product_uom"], "lot_id": lot, "package_id": package, "reserved_qty": reserved,
            "quantity": qty,
        }
        if self.env.version >= 17:
            vals["picked"] = bool(move.get("picked"))
        rid = self.store.next_id(self._name)
        # "quantity" is kept in 16 too: it is the reserved quantity there (reserved_uom_qty).
        stored = {n: vals.get(n, f.empty()) for n, f in self._fields.items() if f.store} | {"id": rid, "quantity": qty}
        self.store.insert(self._name, rid, stored)
        return rid

    def _release_and_delete(self, rid: int) -> None:
        rec = self._get(rid)
        if rec.get("reserved_qty"):
            quants = self.env["stock.quant"]
            for q in quants._table().values():
                if q["product_id"] == rec["product_id"] and q["location_id"] == rec["location_id"] and (
                    (q.get("lot_id") or False) == (rec.get("lot_id") or False)
                ):
                    quants._update(q["id"], {"reserved_quantity": max(0.0, q["reserved_quantity"] - rec["reserved_qty"])})
                    break
        self.store.delete(self._name, rid)

    def _apply(self, rec: dict[str, Any]) -> None:
        """Move the line's quantity in stock (quants), creating lots named on receipts."""
        product = self.env["product.product"]._get(rec["product_id"])
        qty = self.env["uom.uom"]._convert_qty(self._line_qty(rec), rec["product_uom_id"], product["uom_id"])
        lot = rec.get("lot_id") or False
        if not lot and rec.get("lot_name"):
            lots = self.env["stock.lot"]
            found = [r for r in lots._table().values() if r["name"] == rec["lot_name"] and r["product_id"] == product["id"]]
            lot = found[0]["id"] if found else lots._create_one({"name": rec["lot_name"], "product_id": product["id"]})
            self._update(rec["id"], {"lot_id": lot})
        internal = self.env["stock.location"]._internal_ids()
        quants = self.env["stock.quant"]
        if rec["location_id"] in internal:
            quants._adjust(product["id"], rec["location_id"], -qty, lot=lot, package=rec.get("package_id") or False,
                           reserved=rec.get("reserved_qty") or 0.0)
        if rec["location_dest_id"] in internal:
            quants._adjust(product["id"], rec["location_dest_id"], qty, lot=lot,
                           package=rec.get("result_package_id") or False)
        if self.env.version >= 17:
            self._update(rec["id"], {"picked": True})
