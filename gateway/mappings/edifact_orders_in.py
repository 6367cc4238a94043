"""EDIFACT ORDERS (D96A and D01B) -> purchase order.

BGM (order number, function), DTM (137 order date, 2 delivery requested, 10 shipment requested,
61 cancel if not delivered by), FTX notes, RFF references, NAD parties, CUX currency, TDT
carrier, then the LIN groups: PIA codes, IMD description, QTY+21 ordered quantity and unit
(UN/ECE Rec 20), PRI+AAA net price, and the SG32 delivery split (LOC+7 with QTY+11).
"""

from __future__ import annotations

from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.purchase_order import OrderLine, PurchaseOrder
from gateway.edifact.parsed import ParsedMessage, Segment
from gateway.mappings.edifact_common import num, ov, read_dtm, read_item, read_nad, read_qty, v
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.x12_common import Translation, build, need
from gateway.partners.model import PartnerProfile

_DATES = {"137": "po_date", "4": "po_date", "2": "requested_delivery_date", "10": "requested_ship_date",
          "61": "cancel_after_date"}


def translate(msg: ParsedMessage, profile: PartnerProfile | None) -> Translation:
    """The purchase order in one ORDERS message."""
    f: list[Finding] = []
    head: dict[str, Any] = {}
    refs, notes, parties, lines = [], [], [], []
    current: dict[str, Any] | None = None
    pias: list[Segment] = []
    lin: Segment | None = None

    def close() -> None:
        if current is not None and lin is not None:
            place = f"line {current['line_number']}"
            current["item"] = read_item(lin, pias, profile, f, place)
            lines.append(build(OrderLine, f"ORDERS {place}", current, f))

    for seg in msg.segments:
        tag = seg.tag
        if tag == "BGM":
            head.update(po_number=v(seg, 2), purpose=v(seg, 3) or "9", order_type=v(seg, 1) or "220")
        elif tag == "DTM" and current is None:
            qual, value = read_dtm(seg, f)
            if qual in _DATES and value is not None and not (qual == "4" and "po_date" in head):
                head[_DATES[qual]] = value if not hasattr(value, "date") else value.date()
        elif tag == "FTX" and current is None:
            notes.append("".join(c for c in (seg.elements[3] if len(seg.elements) > 3 else []) if c))
        elif tag == "RFF" and current is None:
            refs.append(Reference(qualifier=v(seg, 1, 1), value=v(seg, 1, 2)))
        elif tag == "NAD" and current is None:
            parties.append(read_nad(seg, profile))
        elif tag == "CUX":
            head["currency"] = ov(seg, 1, 2)
        elif tag == "TDT":
            head["carrier_scac"] = ov(seg, 5, 1)
        elif tag == "LIN":
            close()
            lin, pias = seg, []
            current = {"line_number": v(seg, 1), "quantity": None, "unit": "each"}
        elif current is not None and tag == "PIA":
            pias.append(seg)
        elif current is not None and tag == "IMD":
            current["description"] = ov(seg, 3, 4)
        elif current is not None and tag == "QTY" and (v(seg, 1) == "21" or (v(seg, 1) == "1" and current["quantity"] is None)):
            _, qty, unit = read_qty(seg, f)
            current["quantity"] = need(qty, f"line {current['line_number']} QTY+{v(seg, 1)}", v(seg, 1, 2))
            current["unit"] = unit_from_code(unit or "EA", "edifact", profile, f, f"line {current['line_number']}")
            current["odoo_uom"] = odoo_uom(current["unit"], profile)
        elif current is not None and tag == "LOC" and v(seg, 1) == "7":
            code = v(seg, 2)
            loc = profile.location(code) if profile else None
            current.setdefault("distribution", []).append(
                {"location": code, "quantity": None,
                 "odoo_ref": (loc.odoo_partner or loc.odoo_warehouse) if loc else None})
            current["distribution_qualifier"] = ov(seg, 2, 3)
        elif current is not None and tag == "QTY" and v(seg, 1) == "11" and current.get("distribution"):
            _, qty, _unit = read_qty(seg, f)
            current["distribution"][-1]["quantity"] = need(qty, f"line {current['line_number']} QTY+11", v(seg, 1, 2))
        elif current is not None and tag == "PRI" and v(seg, 1, 1) in ("AAA", "AAB"):
            current["unit_price"] = num(v(seg, 1, 2), f, f"line {current['line_number']} PRI")
        elif tag == "UNS":
            close()
            current, lin = None, None
    close()
    head.update(references=refs, notes=notes, parties=parties, lines=lines)
    return Translation(build(PurchaseOrder, "ORDERS", head, f), f)
