"""EDIFACT APERAK (D96A and D01B) -> application advice: a partner's business answer to our message."""

from __future__ import annotations

from typing import Any

from gateway.documents.application_advice import AdviceError, ApplicationAdvice
from gateway.documents.base import Finding
from gateway.edifact.parsed import ParsedMessage
from gateway.mappings.edifact_common import ov, read_dtm, read_nad, v
from gateway.mappings.x12_common import Translation, build
from gateway.partners.model import PartnerProfile


def translate(msg: ParsedMessage, profile: PartnerProfile | None) -> Translation:
    """The advice in one APERAK message; accepted when it carries no error (ERC other than 1)."""
    f: list[Finding] = []
    head: dict[str, Any] = {}
    parties, errors = [], []
    for seg in msg.segments:
        tag = seg.tag
        if tag == "BGM":
            head.update(advice_number=v(seg, 2), function_code=v(seg, 3) or "9")
        elif tag == "DTM" and "advice_date" not in head:
            qual, value = read_dtm(seg, f)
            if qual == "137" and value is not None:
                head["advice_date"] = value if not hasattr(value, "date") else value.date()
        elif tag == "DOC":
            head.update(referenced_type=ov(seg, 1, 1), referenced_document=v(seg, 2, 1))
        elif tag == "RFF" and "referenced_document" not in head:
            head["referenced_document"] = v(seg, 1, 2)
        elif tag == "NAD":
            parties.append(read_nad(seg, profile))
        elif tag == "ERC":
            errors.append(AdviceError(code=v(seg, 1, 1)))
        elif tag == "FTX" and errors:
            errors[-1].text = "".join(c for c in (seg.elements[3] if len(seg.elements) > 3 else []) if c) or None
    real = [e for e in errors if e.code != "1"]
    head.update(parties=parties, errors=real, accepted=not real)
    return Translation(build(ApplicationAdvice, "APERAK", head, f), f)
