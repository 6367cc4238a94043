"""X12 210 (004010 and 005010) -> freight invoice, from motor carriers.

B3 header (B307 net amount due is N2: implied two decimals, read as an exact Decimal), C3
currency, references (N9 in 004010; L11 in 005010, whose table has L11 where 004010 has N9: value in
L1101, qualifier in L1102), N1 loops, LX loops (L5 description, L0 weight and billed quantity, L1
rate and charge, L104 also N2, L108 special charge code) and the L3 totals (L305 N2).
"""

from __future__ import annotations

from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.freight_invoice import FreightCharge, FreightInvoice
from gateway.mappings.values import parse_date, parse_decimal, parse_implied
from gateway.mappings.x12_common import Translation, build, el, opt, read_parties
from gateway.partners.model import PartnerProfile
from gateway.x12.parsed import ParsedSet


def translate(parsed: ParsedSet, profile: PartnerProfile | None) -> Translation:
    """The freight invoice in one 210 set."""
    f: list[Finding] = []
    segs = parsed.segments
    head: dict[str, Any] = {}
    refs, parties, charges = [], [], []
    line: dict[str, Any] | None = None
    i = 1
    while i < len(segs):
        s = segs[i]
        tag = s[0]
        if tag == "B3":
            head.update(invoice_number=el(s, 2), shipment_id=opt(s, 3), payment_method=el(s, 4) or "PP",
                        billing_date=parse_date(el(s, 6), f, "B306"),
                        net_amount_due=parse_implied(el(s, 7), 2, f, "B307"),
                        delivery_date=parse_date(el(s, 9), f, "B309"), carrier_scac=el(s, 11))
        elif tag == "C3":
            head["currency"] = opt(s, 1)
        elif tag == "N9" and line is None:
            refs.append(Reference(qualifier=el(s, 1), value=el(s, 2)))
        elif tag == "L11" and line is None:
            refs.append(Reference(qualifier=el(s, 2), value=el(s, 1)))
        elif tag == "N1" and line is None:
            for nxt, party in read_parties(segs, i, profile, frozenset()):
                parties.append(party)
                i = nxt
                break
            continue
        elif tag == "LX":
            line = {"line_number": el(s, 1) or str(len(charges) + 1)}
            charges.append(line)
        elif tag == "L5" and line is not None:
            line["description"] = opt(s, 2)
        elif tag == "L0" and line is not None:
            line.update(billed_quantity=parse_decimal(el(s, 2), f, "L002"), billed_quantity_qualifier=opt(s, 3),
                        weight=parse_decimal(el(s, 4), f, "L004"), weight_qualifier=opt(s, 5))
        elif tag == "L1" and line is not None:
            line.update(rate=parse_decimal(el(s, 2), f, "L102"), rate_qualifier=opt(s, 3),
                        amount=parse_implied(el(s, 4), 2, f, f"line {line['line_number']} L104"),
                        charge_code=opt(s, 8))
        elif tag == "L3":
            head.update(total_weight=parse_decimal(el(s, 1), f, "L301"), weight_qualifier=opt(s, 2),
                        total_charges=parse_implied(el(s, 5), 2, f, "L305"))
        i += 1
    built = [build(FreightCharge, f"210 line {c['line_number']}", c, f) for c in charges]
    head.update(references=refs, parties=parties, charges=built)
    return Translation(build(FreightInvoice, "210", head, f), f)
