"""Warehouse shipping order -> X12 940 (005010 and 004010), sent to a 3PL.

W05 header, N1 loops, N9 references, G62 dates (10 requested ship, 01 cancel after), NTE notes,
W66 carrier details, LX/W01 lines (first two item pairs in W0104-07, a third in W0115/16, lot
in W0113), G69 descriptions and the W76 quantity total.
"""

from __future__ import annotations

from gateway.documents.warehouse_shipping_order import WarehouseShippingOrder
from gateway.mappings.units import code_for_unit
from gateway.mappings.values import fmt_date, format_decimal
from gateway.mappings.x12_common import Segment, SetBuilder, item_pairs, write_party
from gateway.partners.model import PartnerProfile


def render(doc: WarehouseShippingOrder, profile: PartnerProfile | None, control_number: str,
           version: str = "005010") -> list[Segment]:
    """The 940 set (ST..SE) for one shipping order."""
    b = SetBuilder("940", control_number)
    b.add("W05", doc.status_code, doc.depositor_order_number, doc.po_number)
    for party in doc.parties:
        write_party(b, party)
    for ref in doc.references:
        b.add("N9", ref.qualifier, ref.value)
    if doc.requested_ship_date:
        b.add("G62", "10", fmt_date(doc.requested_ship_date))
    if doc.cancel_after_date:
        b.add("G62", "01", fmt_date(doc.cancel_after_date))
    for note in doc.notes:
        b.add("NTE", "WHI", note)
    if doc.payment_method or doc.transport_method or doc.carrier_scac:
        b.add("W66", doc.payment_method or "PP", doc.transport_method or "M", None, None, doc.routing,
              None, None, None, None, doc.carrier_scac)
    for line in doc.lines:
        b.add("LX", line.line_number)
        pairs = item_pairs(line.item, profile, limit=3)
        b.add("W01", format_decimal(line.quantity), code_for_unit(line.unit, "x12", profile), None,
              *(pairs[:4] + [""] * (4 - len(pairs[:4]))), None, None, None, None, None, line.lot, None,
              *pairs[4:6])
        if line.description:
            b.add("G69", line.description)
    total = sum((line.quantity for line in doc.lines), start=0)
    b.add("W76", format_decimal(total))
    return b.finish()
