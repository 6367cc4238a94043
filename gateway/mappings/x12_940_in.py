"""X12 940 (004010 and 005010) -> warehouse shipping order (the 3PL side, for tests and 3PL users)."""

from __future__ import annotations

from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.warehouse_shipping_order import ShippingOrderLine, WarehouseShippingOrder
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.values import parse_date, parse_decimal
from gateway.mappings.x12_common import Translation, build, el, need, opt, read_item_pairs, read_parties
from gateway.partners.model import PartnerProfile
from gateway.x12.parsed import ParsedSet


def translate(parsed: ParsedSet, profile: PartnerProfile | None) -> Translation:
    """The shipping order in one 940 set; a finding when W7601 disagrees with the lines."""
    f: list[Finding] = []
    segs = parsed.segments
    head: dict[str, Any] = {}
    refs, notes, parties, lines = [], [], [], []
    line: ShippingOrderLine | None = None
    lx = ""
    i = 1
    while i < len(segs):
        s = segs[i]
        tag = s[0]
        if tag == "W05":
            head.update(status_code=el(s, 1) or "N", depositor_order_number=el(s, 2), po_number=opt(s, 3))
        elif tag == "N1":
            for nxt, party in read_parties(segs, i, profile, frozenset()):
                parties.append(party)
                i = nxt
                break
            continue
        elif tag == "N9" and line is None:
            refs.append(Reference(qualifier=el(s, 1), value=el(s, 2)))
        elif tag == "G62" and el(s, 1) in ("10", "01"):
            key = "requested_ship_date" if el(s, 1) == "10" else "cancel_after_date"
            head[key] = parse_date(el(s, 2), f, f"G62*{el(s, 1)}")
        elif tag == "NTE":
            notes.append(el(s, 2))
        elif tag == "W66":
            head.update(payment_method=opt(s, 1), transport_method=opt(s, 2), routing=opt(s, 5),
                        carrier_scac=opt(s, 10))
        elif tag == "LX":
            lx = el(s, 1)
        elif tag == "W01":
            place = f"line {lx or len(lines) + 1}"
            qty = parse_decimal(el(s, 1), f, f"{place} W0101")
            unit = unit_from_code(el(s, 2) or "EA", "x12", profile, f, f"{place} W0102")
            pairs = [el(s, 4), el(s, 5), el(s, 6), el(s, 7), el(s, 15), el(s, 16)]
            line = ShippingOrderLine(line_number=lx or str(len(lines) + 1), quantity=need(qty, f"{place} W0101", el(s, 1)),
                                     unit=unit, odoo_uom=odoo_uom(unit, profile), lot=opt(s, 13),
                                     item=read_item_pairs(pairs, profile, f, place))
            lines.append(line)
        elif tag == "G69" and line is not None:
            line.description = el(s, 1)
        elif tag == "W76":
            total = parse_decimal(el(s, 1), f, "W7601")
            if total is not None and total != sum((x.quantity for x in lines), start=0):
                f.append(Finding(code="W76_TOTAL_MISMATCH", place="W7601",
                                 message=f"W7601 total {total} differs from the sum of the lines "
                                         f"{sum((x.quantity for x in lines), start=0)}"))
        i += 1
    head.update(references=refs, notes=notes, parties=parties, lines=lines)
    return Translation(build(WarehouseShippingOrder, "940", head, f), f)
