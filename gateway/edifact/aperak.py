"""Build APERAK (application error and acknowledgement) messages for errors found after CONTRL.

CONTRL says whether a message could be read; APERAK says what the application made of it: an
unknown item, a price outside tolerance, a closed order. The pipeline calls :func:`build_aperak`
with the original message's ids and its application errors and wraps the result in an interchange
with :func:`wrap_interchange`. Layout (D.96A): UNH, BGM (document 313 "application error message",
function 27 "not accepted" or 29 "accepted without amendment"), DTM 137, SG2 RFF+ACW (the
original message reference) and RFF for the business document, SG3 NAD sender and receiver, then
SG4 ERC + FTX per error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.control_numbers import ControlNumberAllocator
from gateway.edifact.chars import DEFAULT_CHARS, ServiceChars
from gateway.edifact.writer import ElementValue, format_segment

SegmentList = list[tuple[str, list[ElementValue]]]


@dataclass(frozen=True, slots=True)
class ApplicationError:
    """One application error: ERC code (9321, an..8), a text for people, and an optional reference."""

    code: str
    text: str = ""
    reference_qualifier: str | None = None
    reference: str | None = None


@dataclass(frozen=True, slots=True)
class OriginalMessage:
    """The ids of the message being answered."""

    message_type: str
    reference: str
    interchange_reference: str
    sender: str
    recipient: str
    document_number: str | None = None
    document_qualifier: str = "ON"


def aperak_segments(
    original: OriginalMessage,
    errors: list[ApplicationError],
    *,
    message_reference: str,
    document_number: str,
    now: datetime | None = None,
) -> SegmentList:
    """UNH..UNT of one APERAK D.96A message answering ``original``."""
    when = now or datetime.now(UTC)
    function = "27" if errors else "29"
    body: SegmentList = [
        ("BGM", [["313"], document_number, function]),
        ("DTM", [["137", when.strftime("%Y%m%d%H%M"), "203"]]),
        ("RFF", [["ACW", original.reference]]),
    ]
    if original.document_number:
        body.append(("RFF", [[original.document_qualifier, original.document_number]]))
    body.append(("NAD", ["MS", [original.recipient]]))
    body.append(("NAD", ["MR", [original.sender]]))
    for err in errors:
        body.append(("ERC", [[err.code]]))
        if err.text:
            chunks = [err.text[i:i + 70] for i in range(0, min(len(err.text), 350), 70)]
            body.append(("FTX", ["AAO", None, None, chunks]))
        if err.reference:
            body.append(("RFF", [[err.reference_qualifier or "ZZZ", err.reference]]))
    segments: SegmentList = [("UNH", [message_reference, ["APERAK", "D", "96A", "UN"]]), *body]
    segments.append(("UNT", [str(len(segments) + 1), message_reference]))
    return segments


def build_aperak(
    original: OriginalMessage,
    errors: list[ApplicationError],
    allocator: ControlNumberAllocator,
    *,
    document_number: str | None = None,
    chars: ServiceChars = DEFAULT_CHARS,
    now: datetime | None = None,
) -> str:
    """One APERAK message (UNH..UNT text) with its reference from ``allocator``."""
    msg_ref = str(allocator.next(original.sender, "set"))
    segs = aperak_segments(original, errors, message_reference=msg_ref,
                           document_number=document_number or f"APERAK{msg_ref}", now=now)
    return "".join(format_segment(tag, els, chars) for tag, els in segs)


def wrap_interchange(
    messages: list[str],
    *,
    sender: tuple[str, str],
    recipient: tuple[str, str],
    allocator: ControlNumberAllocator,
    syntax: tuple[str, int] = ("UNOC", 3),
    chars: ServiceChars = DEFAULT_CHARS,
    now: datetime | None = None,
) -> str:
    """UNA, UNB, the given messages and UNZ; the reference comes from ``allocator``."""
    when = now or datetime.now(UTC)
    ref = str(allocator.next(recipient[0], "interchange"))
    date = when.strftime("%Y%m%d" if syntax[1] >= 4 else "%y%m%d")
    unb = format_segment("UNB", [[syntax[0], str(syntax[1])], list(sender), list(recipient),
                                 [date, when.strftime("%H%M")], ref], chars)
    unz = format_segment("UNZ", [str(len(messages)), ref], chars)
    return chars.una() + unb + "".join(messages) + unz
