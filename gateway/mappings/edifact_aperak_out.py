"""Application advice -> EDIFACT APERAK (D96A or D01B): our business answer to a partner's message.

The EDIFACT engine's ``gateway.edifact.aperak`` builds APERAKs straight from validation issues;
this mapping is the document-level route, used when the pipeline decides on business grounds.
"""

from __future__ import annotations

from gateway.documents.application_advice import ApplicationAdvice
from gateway.mappings.edifact_common import MessageBuilder, OutSegment, dtm, nad
from gateway.partners.model import PartnerProfile


def render(doc: ApplicationAdvice, profile: PartnerProfile | None, reference: str, directory: str = "D96A",
           decimal: str = ".") -> list[OutSegment]:
    """The APERAK message (UNH..UNT) for one advice."""
    b = MessageBuilder("APERAK", reference, directory, profile, decimal)
    b.add("BGM", "305", doc.advice_number, doc.function_code)
    b.add("DTM", *dtm("137", doc.advice_date))
    b.add("DOC", [doc.referenced_type or "", ], [doc.referenced_document])
    for party in doc.parties:
        b.add("NAD", *nad(party))
    for err in doc.errors:
        b.add("ERC", [err.code])
        if err.text:
            b.add("FTX", "AAO", None, None, [err.text[i:i + 70] for i in range(0, len(err.text), 70)][:5])
    return b.finish()
