"""X12 945 (005010 and 004010) -> warehouse shipping advice, the 3PL's confirmation.

W06 header (actual ship date), the header N1 loops (an N1 inside a line is not a party of the
advice), N9 references, W27 carrier, LX loops with MAN (SSCC), W12 (status, ordered, shipped,
difference, unit, UPC case code, item pair, lot) and N9*SE serials, W03 totals. The W1204
difference is checked against ordered - shipped.
"""

from __future__ import annotations

from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.warehouse_shipping_advice import ShippingAdviceLine, WarehouseShippingAdvice
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.values import normalise_sscc, parse_date, parse_decimal
from gateway.mappings.x12_common import Translation, build, el, need, opt, read_item_pairs, read_parties
from gateway.partners.model import PartnerProfile
from gateway.x12.parsed import ParsedSet


def translate(parsed: ParsedSet, profile: PartnerProfile | None) -> Translation:
    """The shipping advice in one 945 set."""
    f: list[Finding] = []
    segs = parsed.segments
    head: dict[str, Any] = {}
    refs, parties, lines = [], [], []
    line: ShippingAdviceLine | None = None
    lx, sscc = "", None
    i = 1
    while i < len(segs):
        s = segs[i]
        tag = s[0]
        if tag == "W06":
            head.update(reporting_code=el(s, 1) or "F", depositor_order_number=el(s, 2),
                        ship_date=parse_date(el(s, 3), f, "W0603"), shipment_id=opt(s, 4),
                        agent_shipment_id=opt(s, 5), po_number=opt(s, 6))
        elif tag == "N1" and not lx:
            # header parties only: an N1 inside a line (the 005010 W12 loop's N1 loop) is not one
            for nxt, party in read_parties(segs, i, profile, frozenset()):
                parties.append(party)
                i = nxt
                break
            continue
        elif tag == "N9" and not lx:
            refs.append(Reference(qualifier=el(s, 1), value=el(s, 2)))
        elif tag == "W27":
            head.update(transport_method=el(s, 1) or "M", carrier_scac=opt(s, 2), payment_method=opt(s, 4))
        elif tag == "LX":
            lx, sscc, line = el(s, 1), None, None
        elif tag == "MAN" and el(s, 1) in ("GM", "AA"):
            sscc = normalise_sscc(el(s, 2), f, f"line {lx} MAN02")
        elif tag == "W12":
            line = _w12(s, lx or str(len(lines) + 1), sscc, profile, f)
            lines.append(line)
        elif tag == "N9" and el(s, 1) == "SE" and line is not None:
            line.serials.append(el(s, 2))
        elif tag == "W03":
            head.update(total_shipped=parse_decimal(el(s, 1), f, "W0301"),
                        total_weight=parse_decimal(el(s, 2), f, "W0302"),
                        lading_quantity=parse_decimal(el(s, 6), f, "W0306"))
            if el(s, 3):
                head["weight_unit"] = unit_from_code(el(s, 3), "x12", profile, f, "W0303")
            if el(s, 7):
                head["lading_unit"] = unit_from_code(el(s, 7), "x12", profile, f, "W0307")
        i += 1
    head.update(references=refs, parties=parties, lines=lines)
    return Translation(build(WarehouseShippingAdvice, "945", head, f), f)


def _w12(s: list[str], number: str, sscc: str | None, profile: PartnerProfile | None,
         f: list[Finding]) -> ShippingAdviceLine:
    place = f"line {number}"
    ordered = parse_decimal(el(s, 2), f, f"{place} W1202")
    shipped = parse_decimal(el(s, 3), f, f"{place} W1203")
    diff = parse_decimal(el(s, 4), f, f"{place} W1204")
    if ordered is not None and shipped is not None and diff is not None and ordered - shipped != diff:
        f.append(Finding(code="W12_DIFFERENCE_MISMATCH", place=place,
                         message=f"W1204 difference {diff} is not ordered {ordered} - shipped {shipped}"))
    unit = unit_from_code(el(s, 5) or "EA", "x12", profile, f, f"{place} W1205")
    pairs = ["UP", el(s, 6), el(s, 7), el(s, 8)]
    return ShippingAdviceLine(line_number=number, status_code=el(s, 1) or "CC", quantity_ordered=ordered,
                              quantity_shipped=need(shipped, f"{place} W1203", el(s, 3)), quantity_difference=diff,
                              unit=unit, odoo_uom=odoo_uom(unit, profile), lot=opt(s, 9), sscc=sscc,
                              item=read_item_pairs(pairs, profile, f, place))
