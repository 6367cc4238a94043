"""Test helpers: wrap rendered segments into a ParsedSet, and round-trip documents through X12 text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.x12_io import FUNCTIONAL_IDS
from gateway.partners.model import PartnerProfile
from gateway.x12.delimiters import X12Delimiters
from gateway.x12.parsed import ParsedSet

REPO = Path(__file__).resolve().parents[2]
PARTNERS = REPO / "trading_partners"
SAMPLES = REPO / "sample_docs"


def parsed(segments: list[list[str]], version: str = "004010") -> ParsedSet:
    """A ParsedSet around segments (ST first, SE last) as the X12 engine would hand it over."""
    return ParsedSet(set_id=segments[0][1], control_number=segments[0][2], version=version,
                     functional_id=FUNCTIONAL_IDS[segments[0][1]], group_control_number="1",
                     interchange_control_number="000000001", sender_qualifier="ZZ", sender_id="SENDER",
                     receiver_qualifier="ZZ", receiver_id="RECEIVER", app_sender="SENDER", app_receiver="RECEIVER",
                     delimiters=X12Delimiters("*", ">", "~", None), segments=segments)


def roundtrip(doc: Any, set_id: str, profile: PartnerProfile | None, version: str = "004010") -> Any:
    """document -> segments -> document, through the set's outbound and inbound mappings."""
    _, render = X12_OUTBOUND[set_id]
    segments = render(doc, profile, "0001", version)
    return X12_INBOUND[set_id](parsed(segments, version), profile)


def edifact_roundtrip(docs: list[Any], message_type: str, profile: PartnerProfile, tmp_path: Path,
                      directory: str = "D96A", decimal: str = ".") -> list[Any]:
    """documents -> EDIFACT interchange text (file) -> documents, through render, the reader and translate."""
    from gateway.control_numbers import MemoryAllocator
    from gateway.edifact.engine import iter_messages
    from gateway.mappings.edifact_io import EDIFACT_INBOUND, EDIFACT_OUTBOUND, wrap

    render = EDIFACT_OUTBOUND[message_type][1]
    if decimal != profile.envelope.edifact.decimal:
        profile = profile.model_copy(deep=True)
        profile.envelope.edifact.decimal = decimal  # type: ignore[assignment]
    messages = [render(d, profile, str(n), directory, decimal) for n, d in enumerate(docs, start=1)]
    path = tmp_path / f"{message_type}-{directory}-{len(list(tmp_path.iterdir()))}.edi"
    path.write_bytes(wrap(messages, profile, MemoryAllocator()).encode("latin-1"))
    return [EDIFACT_INBOUND[m.message_type](m, profile) for m in iter_messages(path)]
