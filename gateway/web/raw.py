"""The raw EDI of a document as segments, with the failing segment and element marked.

The interchange is split on its own segment terminator (X12: the character after ISA16;
EDIFACT: UNA's sixth character or the apostrophe). An issue points at a segment by
``file_segment`` (counted from the start of the file) or by ``segment_position`` inside the
document's set, found by its ST02/UNH01 control number; the element by ``element_position``.
Only the segments of the document's own set are returned when the set can be found, so a
100-document interchange does not fill the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.ledger.interchanges import LedgerNotFound, get_interchange, raw_content
from gateway.ledger.models import RawContent


@dataclass
class RawSegment:
    """One segment: its 1-based number in the file, its elements, and what is wrong in it."""

    number: int
    elements: list[str]
    element_separator: str
    bad_elements: set[int] = field(default_factory=set)
    messages: list[str] = field(default_factory=list)

    @property
    def failing(self) -> bool:
        """Whether an issue points at this segment."""
        return bool(self.messages)


def _delimiters(text: str) -> tuple[str, str]:
    """(element separator, segment terminator) of an X12 or EDIFACT interchange."""
    stripped = text.lstrip()
    if stripped.startswith("ISA") and len(stripped) > 106:
        return stripped[3], stripped[105]
    if stripped.startswith("UNA") and len(stripped) >= 9:
        return stripped[4], stripped[8]
    if stripped.startswith("UNB") or stripped.startswith("UNA"):
        return "+", "'"
    return "*", "~"


def split_segments(raw: bytes) -> list[RawSegment]:
    """Every segment of an interchange (decoded leniently: a bad byte must not hide the rest)."""
    text = raw.decode("utf-8", errors="replace")
    element, terminator = _delimiters(text)
    out = []
    for chunk in text.split(terminator):
        body = chunk.strip("\r\n ")
        if body:
            out.append(RawSegment(len(out) + 1, body.split(element), element))
    return out


def _set_range(segments: list[RawSegment], set_control: str | None) -> tuple[int, int] | None:
    """Indexes (start, end inclusive) of the set whose ST02/UNH01 is ``set_control``."""
    if not set_control:
        return None
    for i, seg in enumerate(segments):
        tag = seg.elements[0]
        at = 2 if tag == "ST" else 1  # ST02, UNH01
        if tag in ("ST", "UNH") and len(seg.elements) > at and seg.elements[at].strip() == set_control:
            end_tag = "SE" if tag == "ST" else "UNT"
            for j in range(i, len(segments)):
                if segments[j].elements[0] == end_tag:
                    return i, j
            return i, len(segments) - 1
    return None


def annotate(raw: bytes, set_control: str | None, issues: list[dict[str, Any]]) -> list[RawSegment]:
    """The document's segments (its set, or the whole file) with the issues placed on them."""
    segments = split_segments(raw)
    span = _set_range(segments, set_control)
    for issue in issues:
        target: RawSegment | None = None
        if isinstance(issue.get("file_segment"), int) and 0 < issue["file_segment"] <= len(segments):
            target = segments[issue["file_segment"] - 1]
        elif span is not None and isinstance(issue.get("segment_position"), int):
            index = span[0] + issue["segment_position"] - 1
            if span[0] <= index <= span[1]:
                target = segments[index]
        if target is None:
            continue
        target.messages.append(str(issue.get("message") or issue.get("code") or "error"))
        if isinstance(issue.get("element_position"), int):
            target.bad_elements.add(issue["element_position"])
    if span is not None:
        return segments[span[0]: span[1] + 1]
    return segments


def purged_notice(session: Session, interchange_id: int) -> str | None:
    """"raw content purged on DATE (retention policy)" when retention emptied the bytes, else None.

    The console shows this instead of the bytes (and instead of a 500): the interchange, its
    documents, size and SHA-256 stay in the ledger after :mod:`gateway.ledger.retention` ran.
    """
    ic = get_interchange(session, interchange_id)
    purged_at = session.scalar(select(RawContent.purged_at).where(RawContent.sha256 == ic.sha256))
    if purged_at is None:
        return None
    return f"raw content purged on {purged_at.strftime('%Y-%m-%d')} (retention policy)"


def raw_or_notice(session: Session, interchange_id: int) -> tuple[bytes | None, str | None]:
    """(bytes, None) of an interchange, or (None, purged notice) when retention removed them."""
    try:
        return raw_content(session, interchange_id), None
    except LedgerNotFound:
        notice = purged_notice(session, interchange_id)
        if notice is None:
            raise
        return None, notice
