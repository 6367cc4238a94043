"""Invoice -> EDIFACT INVOIC (D96A or D01B), the invoices we send EU customers.

BGM (380 invoice / 381 credit note), DTM 137 and 13 (due), RFF ON/AAK, NAD, CUX, LIN groups
(QTY+47, MOA+203 line amount, PRI+AAA net price, TAX+7+VAT rate), UNS, CNT, and the totals:
MOA+79 line items, MOA+124 tax, MOA+77 invoice amount.
"""

from __future__ import annotations

from gateway.documents.invoice import Invoice
from gateway.mappings.edifact_common import MessageBuilder, OutSegment, dtm, item_segments, nad
from gateway.mappings.units import code_for_unit
from gateway.partners.model import PartnerProfile


def render(doc: Invoice, profile: PartnerProfile | None, reference: str, directory: str = "D96A",
           decimal: str = ".") -> list[OutSegment]:
    """The INVOIC message (UNH..UNT) for one invoice."""
    b = MessageBuilder("INVOIC", reference, directory, profile, decimal)
    b.add("BGM", doc.invoice_type, doc.invoice_number, "9")
    b.add("DTM", *dtm("137", doc.invoice_date))
    if doc.due_date:
        b.add("DTM", *dtm("13", doc.due_date))
    if doc.order_number:
        b.add("RFF", ["ON", doc.order_number])
    if doc.despatch_number:
        b.add("RFF", ["AAK", doc.despatch_number])
    for ref in doc.references:
        b.add("RFF", [ref.qualifier, ref.value])
    for party in doc.parties:
        b.add("NAD", *nad(party))
    if doc.currency:
        b.add("CUX", ["2", doc.currency, "4"])
    for line in doc.lines:
        item_segments(b, line.line_number, line.item, profile)
        if line.description:
            b.add("IMD", "F", None, [None, None, None, line.description])
        b.add("QTY", ["47", b.num(line.quantity), code_for_unit(line.unit, "edifact", profile)])
        b.add("MOA", ["203", b.num(line.line_amount)])
        if line.unit_price is not None:
            b.add("PRI", ["AAA", b.num(line.unit_price)])
        if line.tax_rate is not None:
            b.add("TAX", "7", ["VAT"], None, None, [None, None, None, b.num(line.tax_rate)])
    b.add("UNS", "S")
    b.add("CNT", ["2", str(len(doc.lines))])
    b.add("MOA", ["79", b.num(doc.total_line_amount)])
    b.add("MOA", ["124", b.num(doc.tax_amount)])
    b.add("MOA", ["77", b.num(doc.total_amount)])
    return b.finish()
