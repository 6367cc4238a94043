"""Purchase order -> EDIFACT ORDERS (D96A or D01B), for orders we place with EU suppliers and for tests."""

from __future__ import annotations

from gateway.documents.purchase_order import PurchaseOrder
from gateway.mappings.edifact_common import MessageBuilder, OutSegment, dtm, item_segments, nad
from gateway.mappings.units import code_for_unit
from gateway.partners.model import PartnerProfile


def render(doc: PurchaseOrder, profile: PartnerProfile | None, reference: str, directory: str = "D96A",
           decimal: str = ".") -> list[OutSegment]:
    """The ORDERS message (UNH..UNT) for one purchase order."""
    b = MessageBuilder("ORDERS", reference, directory, profile, decimal)
    purpose = {"00": "9", "01": "1", "05": "5"}.get(doc.purpose, doc.purpose)
    b.add("BGM", doc.order_type if doc.order_type.isdigit() else "220", doc.po_number, purpose)
    b.add("DTM", *dtm("137", doc.po_date))
    for qual, day in (("2", doc.requested_delivery_date), ("10", doc.requested_ship_date),
                      ("61", doc.cancel_after_date)):
        if day:
            b.add("DTM", *dtm(qual, day))
    for note in doc.notes:
        b.add("FTX", "AAI", None, None, [note[i:i + 70] for i in range(0, len(note), 70)][:5])
    for ref in doc.references:
        b.add("RFF", [ref.qualifier, ref.value])
    for party in doc.parties:
        b.add("NAD", *nad(party))
    if doc.currency:
        b.add("CUX", ["2", doc.currency, "9"])
    if doc.carrier_scac:
        b.add("TDT", "20", None, None, None, [doc.carrier_scac, "", "182"])
    for line in doc.lines:
        item_segments(b, line.line_number, line.item, profile)
        if line.description:
            b.add("IMD", "F", None, [None, None, None, line.description])
        b.add("QTY", ["21", b.num(line.quantity), code_for_unit(line.unit, "edifact", profile)])
        if line.unit_price is not None:
            b.add("PRI", ["AAA", b.num(line.unit_price)])
        for d in line.distribution:
            b.add("LOC", "7", [d.location, "", line.distribution_qualifier])
            b.add("QTY", ["11", b.num(d.quantity)])
    b.add("UNS", "S")
    b.add("CNT", ["2", str(len(doc.lines))])
    return b.finish()
