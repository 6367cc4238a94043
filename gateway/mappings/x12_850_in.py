"""X12 850 (004010 and 005010) -> purchase order.

Reads BEG, CUR, REF, DTM (002 delivery requested, 010 ship requested, 001 cancel after), TD5
(SCAC), notes (each MSG in 004010; each MTX's MTX02/MTX03 in 005010, where MTX replaces MSG in the N9,
SPI, CB1, PO1, LDT and SLN loops), the N1 loops and the PO1 loop (PID description, SDQ store distribution). Apart
from MSG/MTX these segments are laid out the same in both versions, so one function serves both.
"""

from __future__ import annotations

from gateway.documents.base import Finding, Reference
from gateway.documents.purchase_order import OrderLine, PurchaseOrder, StoreQuantity
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.values import parse_date, parse_decimal
from gateway.mappings.x12_common import Translation, build, el, need, opt, read_item_pairs, read_parties
from gateway.partners.model import PartnerProfile
from gateway.x12.parsed import ParsedSet

_DATES = {"002": "requested_delivery_date", "010": "requested_ship_date", "001": "cancel_after_date"}


def translate(parsed: ParsedSet, profile: PartnerProfile | None) -> Translation:
    """The purchase order in one 850 set, with findings for unknown items, bad numbers and dates."""
    f: list[Finding] = []
    segs = parsed.segments
    beg = next((s for s in segs if s[0] == "BEG"), ["BEG"])
    fields: dict[str, object] = {
        "purpose": el(beg, 1) or "00", "order_type": el(beg, 2) or "SA", "po_number": el(beg, 3),
        "release_number": opt(beg, 4), "po_date": parse_date(el(beg, 5), f, "BEG05"),
    }
    refs, notes, parties, lines = [], [], [], []
    line: OrderLine | None = None
    later = parsed.version.startswith("005")  # 005010: MTX in place of MSG (004010 MTX is ADV text only)
    i = 1
    while i < len(segs):
        s = segs[i]
        tag = s[0]
        if tag == "CUR" and line is None:
            fields["currency"] = opt(s, 2)
        elif tag == "REF" and line is None:
            refs.append(Reference(qualifier=el(s, 1), value=el(s, 2) or el(s, 3)))
        elif tag == "DTM" and line is None and el(s, 1) in _DATES:
            fields[_DATES[el(s, 1)]] = parse_date(el(s, 2), f, f"DTM*{el(s, 1)}")
        elif tag == "TD5" and line is None:
            fields["carrier_scac"] = opt(s, 3)
        elif tag == "MSG":
            notes.append(el(s, 1))
        elif tag == "MTX" and later and (el(s, 2) or el(s, 3)):
            notes.append(el(s, 2) + el(s, 3))  # 005010: MTX02 text, MTX03 its continuation
        elif tag == "N1":
            for nxt, party in read_parties(segs, i, profile, frozenset({"REF"})):
                parties.append(party)
                i = nxt
                break
            continue
        elif tag == "PO1":
            place = f"line {el(s, 1) or len(lines) + 1}"
            qty = parse_decimal(el(s, 2), f, f"{place} PO102")
            unit = unit_from_code(el(s, 3) or "EA", "x12", profile, f, f"{place} PO103")
            line = OrderLine(line_number=el(s, 1) or str(len(lines) + 1), quantity=need(qty, f"{place} PO102", el(s, 2)),
                             unit=unit, odoo_uom=odoo_uom(unit, profile),
                             unit_price=parse_decimal(el(s, 4), f, f"{place} PO104"), price_basis=opt(s, 5),
                             item=read_item_pairs(s[6:], profile, f, place))
            lines.append(line)
        elif tag == "SDQ" and line is not None:
            line.distribution_qualifier = opt(s, 2) or line.distribution_qualifier
            for k in range(3, len(s) - 1, 2):
                if el(s, k):
                    where = f"line {line.line_number} SDQ{k + 1:02d}"
                    amount = need(parse_decimal(el(s, k + 1), f, where), where, el(s, k + 1))
                    loc = profile.location(el(s, k)) if profile else None
                    line.distribution.append(StoreQuantity(
                        location=el(s, k), quantity=amount,
                        odoo_ref=(loc.odoo_partner or loc.odoo_warehouse) if loc else None))
        elif tag == "PID" and line is not None and el(s, 5):
            line.description = el(s, 5)
        elif tag == "CTT" and el(s, 1) and el(s, 1) != str(len(lines)):
            f.append(Finding(code="CTT_COUNT_MISMATCH", place="CTT01",
                             message=f"CTT01 says {el(s, 1)} lines, the order has {len(lines)}"))
        i += 1
    for ln in lines:
        split = sum((d.quantity for d in ln.distribution), start=0)
        if ln.distribution and split != ln.quantity:
            f.append(Finding(code="SDQ_TOTAL_MISMATCH", place=f"line {ln.line_number} SDQ",
                             message=f"the store quantities add up to {split}, the line orders {ln.quantity}"))
    if not fields["po_number"]:
        f.append(Finding(code="MISSING_PO_NUMBER", place="BEG03", message="the order has no PO number"))
    doc = build(PurchaseOrder, "850", {**fields, "references": refs, "notes": notes, "parties": parties,
                                       "lines": lines}, f)
    return Translation(doc, f)
