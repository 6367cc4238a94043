"""Purchase order -> X12 850 (004010 and 005010), for orders we send to suppliers.

Writes BEG, CUR, REF, DTM, TD5, N9 notes (N9/MSG in 004010, N9/MTX in 005010, whose N9 loop has no
MSG), N1 loops, PO1 with PID and SDQ, and CTT (line count and quantity hash total). Item codes missing
from the document are filled from the profile.
"""

from __future__ import annotations

from gateway.documents.purchase_order import PurchaseOrder
from gateway.mappings.units import code_for_unit
from gateway.mappings.values import fmt_date, format_decimal
from gateway.mappings.x12_common import Segment, SetBuilder, item_pairs, write_party
from gateway.partners.model import PartnerProfile


def render(doc: PurchaseOrder, profile: PartnerProfile | None, control_number: str,
           version: str = "004010") -> list[Segment]:
    """The 850 set (ST..SE) for one purchase order."""
    b = SetBuilder("850", control_number)
    b.add("BEG", doc.purpose, doc.order_type, doc.po_number, doc.release_number, fmt_date(doc.po_date))
    if doc.currency:
        b.add("CUR", "BY", doc.currency)
    for ref in doc.references:
        b.add("REF", ref.qualifier, ref.value)
    for qual, day in (("002", doc.requested_delivery_date), ("010", doc.requested_ship_date),
                      ("001", doc.cancel_after_date)):
        if day:
            b.add("DTM", qual, fmt_date(day))
    if doc.carrier_scac:
        b.add("TD5", None, "2", doc.carrier_scac)
    if doc.notes:
        b.add("N9", "L1", "NOTES")
        for note in doc.notes:
            if version >= "005010":
                b.add("MTX", None, note)  # the 005010 N9 loop has MTX (MTX02 text) in place of MSG
            else:
                b.add("MSG", note)
    for party in doc.parties:
        write_party(b, party)
    for line in doc.lines:
        price = format_decimal(line.unit_price) if line.unit_price is not None else None
        b.add("PO1", line.line_number, format_decimal(line.quantity), code_for_unit(line.unit, "x12", profile),
              price, line.price_basis, *item_pairs(line.item, profile))
        if line.description:
            b.add("PID", "F", None, None, None, line.description)
        unit = code_for_unit(line.unit, "x12", profile)
        for k in range(0, len(line.distribution), 10):
            pairs = [v for d in line.distribution[k:k + 10] for v in (d.location, format_decimal(d.quantity))]
            b.add("SDQ", unit, line.distribution_qualifier, *pairs)
    hash_total = sum((line.quantity for line in doc.lines), start=0)
    b.add("CTT", str(len(doc.lines)), format_decimal(hash_total) if doc.lines else None)
    return b.finish()
