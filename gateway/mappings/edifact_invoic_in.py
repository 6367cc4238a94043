"""EDIFACT INVOIC (D96A and D01B) -> invoice, for suppliers' invoices (and our own read back in tests).

Totals are checked: the line amounts must add up to MOA+79 and lines + tax to MOA+77; a
difference is a finding.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.invoice import Invoice, InvoiceLine
from gateway.edifact.parsed import ParsedMessage, Segment
from gateway.mappings.edifact_common import num, ov, read_dtm, read_item, read_nad, read_qty, v
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.x12_common import Translation, build, need
from gateway.partners.model import PartnerProfile


def translate(msg: ParsedMessage, profile: PartnerProfile | None) -> Translation:
    """The invoice in one INVOIC message."""
    f: list[Finding] = []
    head: dict[str, Any] = {}
    refs, parties, lines = [], [], []
    current: dict[str, Any] | None = None
    lin: Segment | None = None
    pias: list[Segment] = []
    summary = False

    def close() -> None:
        nonlocal current
        if current is not None and lin is not None:
            place = f"line {current['line_number']}"
            current["item"] = read_item(lin, pias, profile, f, place)
            if current.get("line_amount") is None and current.get("unit_price") is not None \
                    and current.get("quantity") is not None:
                current["line_amount"] = current["unit_price"] * current["quantity"]
                f.append(Finding(code="LINE_AMOUNT_COMPUTED", severity="warning", place=place,
                                 message="no MOA+203 line amount; quantity x net price is used"))
            lines.append(build(InvoiceLine, f"INVOIC {place}", current, f))
        current = None

    for seg in msg.segments:
        tag = seg.tag
        if tag == "BGM":
            head.update(invoice_type=v(seg, 1, 1) or "380", invoice_number=v(seg, 2))
        elif tag == "DTM" and current is None:
            qual, value = read_dtm(seg, f)
            if qual in ("137", "3") and value is not None:
                head["invoice_date"] = value
            elif qual == "13" and value is not None:
                head["due_date"] = value
        elif tag == "RFF" and current is None:
            qual, value = v(seg, 1, 1), v(seg, 1, 2)
            if qual == "ON":
                head["order_number"] = value
            elif qual == "AAK":
                head["despatch_number"] = value
            else:
                refs.append(Reference(qualifier=qual, value=value))
        elif tag == "NAD" and current is None:
            parties.append(read_nad(seg, profile))
        elif tag == "CUX":
            head["currency"] = v(seg, 1, 2)
        elif tag == "LIN":
            close()
            lin, pias = seg, []
            current = {"line_number": v(seg, 1), "unit": "each"}
        elif tag == "UNS":
            close()
            summary = True
        elif current is not None:
            _line_segment(seg, current, pias, profile, f)
        elif summary and tag == "MOA":
            qual = v(seg, 1, 1)
            key = {"79": "total_line_amount", "124": "tax_amount", "77": "total_amount", "86": "total_amount"}.get(qual)
            if key and (key not in head or qual != "86"):
                head[key] = num(v(seg, 1, 2), f, f"MOA+{qual}")
    close()
    _fill_totals(head, lines, f)
    head.update(references=refs, parties=parties, lines=lines)
    doc = build(Invoice, "INVOIC", head, f)
    total = sum((x.line_amount for x in doc.lines), start=Decimal(0))
    if total != doc.total_line_amount:
        f.append(Finding(code="LINES_NOT_SUM", place="MOA+79",
                         message=f"line amounts add up to {total}, MOA+79 says {doc.total_line_amount}"))
    if doc.total_line_amount + doc.tax_amount != doc.total_amount:
        f.append(Finding(code="TOTAL_MISMATCH", place="MOA+77",
                         message=f"lines {doc.total_line_amount} + tax {doc.tax_amount} is not the invoice "
                                 f"amount {doc.total_amount}"))
    return Translation(doc, f)


def _line_segment(seg: Segment, current: dict[str, Any], pias: list[Segment], profile: PartnerProfile | None,
                  f: list[Finding]) -> None:
    tag = seg.tag
    place = f"line {current['line_number']}"
    if tag == "PIA":
        pias.append(seg)
    elif tag == "IMD":
        current["description"] = ov(seg, 3, 4)
    elif tag == "QTY" and (v(seg, 1) == "47" or (v(seg, 1) in ("46", "12", "1") and "quantity" not in current)):
        _, qty, unit = read_qty(seg, f)
        current["quantity"] = need(qty, f"{place} QTY+47", v(seg, 1, 2))
        current["unit"] = unit_from_code(unit or "EA", "edifact", profile, f, place)
        current["odoo_uom"] = odoo_uom(current["unit"], profile)
    elif tag == "MOA" and (v(seg, 1, 1) == "203" or (v(seg, 1, 1) == "66" and "line_amount" not in current)):
        current["line_amount"] = num(v(seg, 1, 2), f, f"{place} MOA+{v(seg, 1, 1)}")
    elif tag == "PRI" and v(seg, 1, 1) in ("AAA", "AAB"):
        current["unit_price"] = num(v(seg, 1, 2), f, f"{place} PRI")
    elif tag == "TAX":
        current["tax_rate"] = num(v(seg, 5, 4), f, f"{place} TAX")


def _fill_totals(head: dict[str, Any], lines: list[InvoiceLine], f: list[Finding]) -> None:
    """Totals a partner left out are computed from the lines, with a warning saying so."""
    if head.get("total_line_amount") is None:
        head["total_line_amount"] = sum((x.line_amount for x in lines), start=Decimal(0))
        f.append(Finding(code="TOTAL_COMPUTED", severity="warning", place="MOA+79",
                         message="no MOA+79 line total; the sum of the line amounts is used"))
    if head.get("tax_amount") is None:
        head["tax_amount"] = Decimal(0)
    if head.get("total_amount") is None:
        head["total_amount"] = head["total_line_amount"] + head["tax_amount"]
        f.append(Finding(code="TOTAL_COMPUTED", severity="warning", place="MOA+77",
                         message="no MOA+77 invoice amount; lines plus tax is used"))
