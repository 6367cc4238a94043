"""Read the envelope ids (sender, receiver, interchange/group/set control numbers) of text we built.

The pipeline needs them to store an outbound interchange and to say which acknowledgment it
expects. Only the first interchange, group and set are read: every file we build holds one
interchange with one group (X12) or one message per document (EDIFACT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class EnvelopeIds:
    """The ids of an interchange we built."""

    syntax: str
    sender: str
    receiver: str
    interchange: str
    group: str | None
    sets: tuple[str, ...]


def _edifact_split(text: str) -> tuple[list[str], str, str, str]:
    comp, elem, release, term = ":", "+", "?", "'"
    if text.startswith("UNA"):
        comp, elem, release, term = text[3], text[4], text[6], text[8]
        text = text[9:]
    pattern = rf"(?<!{re.escape(release)}){re.escape(term)}"
    return [s.strip() for s in re.split(pattern, text) if s.strip()], comp, elem, release


def read_ids(text: str) -> EnvelopeIds:
    """The envelope ids of ``text`` (X12 or EDIFACT); ``ValueError`` when it has no envelope."""
    stripped = text.lstrip()
    if stripped.startswith("ISA"):
        element, terminator = stripped[3], stripped[105]
        segments = [s.strip().split(element) for s in stripped.split(terminator) if s.strip()]
        isa = segments[0]
        group = next((s[6] for s in segments if s[0] == "GS" and len(s) > 6), None)
        sets = tuple(s[2] for s in segments if s[0] == "ST" and len(s) > 2)
        return EnvelopeIds("x12", isa[6].strip(), isa[8].strip(), isa[13].strip(), group, sets)
    if stripped.startswith(("UNA", "UNB")):
        segments, comp, elem, _release = _edifact_split(stripped)
        parsed = [s.split(elem) for s in segments]
        unb = next(s for s in parsed if s[0] == "UNB")
        group = next((s[5] for s in parsed if s[0] == "UNG" and len(s) > 5), None)
        sets = tuple(s[1] for s in parsed if s[0] == "UNH" and len(s) > 1)
        return EnvelopeIds("edifact", unb[2].split(comp)[0], unb[3].split(comp)[0], unb[5], group, sets)
    raise ValueError("no ISA, UNA or UNB at the start")
