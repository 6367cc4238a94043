"""Freight invoice -> X12 210 (the carrier side; used by tests and the demo's fake carrier).

Amounts go into N2 fields (B307, L104, L305) as integers of cents; an amount with more than two
decimals is refused rather than rounded. References go into N9 (qualifier, value) in 004010 and into
L11 (value, qualifier) in 005010, whose 210 table has L11 where 004010 has N9.
"""

from __future__ import annotations

from gateway.documents.freight_invoice import FreightInvoice
from gateway.mappings.values import fmt_date, format_decimal, format_implied
from gateway.mappings.x12_common import Segment, SetBuilder, write_party
from gateway.partners.model import PartnerProfile


def _num(value: object) -> str | None:
    return format_decimal(value) if value is not None else None  # type: ignore[arg-type]


def render(doc: FreightInvoice, profile: PartnerProfile | None, control_number: str,
           version: str = "004010") -> list[Segment]:
    """The 210 set (ST..SE) for one freight invoice."""
    b = SetBuilder("210", control_number)
    b.add("B3", None, doc.invoice_number, doc.shipment_id, doc.payment_method, None, fmt_date(doc.billing_date),
          format_implied(doc.net_amount_due, 2, "B307 net amount due"), None,
          fmt_date(doc.delivery_date) if doc.delivery_date else None, "035" if doc.delivery_date else None,
          doc.carrier_scac)
    if doc.currency:
        b.add("C3", doc.currency)
    for ref in doc.references:
        if version >= "005010":
            b.add("L11", ref.value, ref.qualifier)
        else:
            b.add("N9", ref.qualifier, ref.value)
    for party in doc.parties:
        write_party(b, party)
    for c in doc.charges:
        b.add("LX", c.line_number)
        if c.description:
            b.add("L5", c.line_number, c.description)
        if c.weight is not None or c.billed_quantity is not None:
            b.add("L0", c.line_number, _num(c.billed_quantity), c.billed_quantity_qualifier, _num(c.weight),
                  c.weight_qualifier)
        b.add("L1", c.line_number, _num(c.rate), c.rate_qualifier,
              format_implied(c.amount, 2, f"line {c.line_number} L104 charge"), None, None, None, c.charge_code)
    b.add("L3", _num(doc.total_weight), doc.weight_qualifier, None, None,
          format_implied(doc.total_charges, 2, "L305 total charges"))
    return b.finish()
