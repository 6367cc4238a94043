"""The gateway's one error model.

Every problem found in a document, whatever the syntax, is an :class:`Issue`: it carries what the
standard acknowledgments need (TA1, 997 AK3/AK4, 999 IK3/IK4, CONTRL UCS/UCD: segment id and
position, loop, element position, data element number, standard code, bad value) and a
plain-language explanation for people. Acknowledgment builders, the CLI, the console and the
ledger all read the same records, so what a partner is told and what operations see never differ.

Exceptions raised by the gateway itself derive from :class:`GatewayError`, so callers can catch the
project's own errors without catching programming mistakes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Level = Literal["file", "interchange", "group", "set", "segment", "element"]
Severity = Literal["error", "warning"]


class GatewayError(Exception):
    """Base class of every exception the gateway raises on purpose."""


class EdiInputError(GatewayError):
    """Input that cannot be read as EDI at all: names the file, the place and the reason."""

    def __init__(self, reason: str, *, source: str | None = None, place: str | None = None) -> None:
        self.reason = reason
        self.source = source
        self.place = place
        super().__init__(self.describe())

    def describe(self) -> str:
        """One line for people: ``file: place: reason``."""
        parts = [p for p in (self.source, self.place) if p]
        return ": ".join([*parts, self.reason])


class EdiWriteError(GatewayError):
    """A value or envelope setting that cannot be written in the chosen syntax."""


@dataclass(slots=True)
class Issue:
    """One problem in one place of one document, in standard codes and plain words.

    ``code`` is the standard code of the level the problem belongs to: for X12 the TA105 note
    code (element I18) at interchange level, AK905 (716) at group level, AK502 (718) at set
    level, AK304 (720) at segment level and AK403 (723) at element level; for EDIFACT the
    ISO 9735 syntax error code (0085). ``segment_position`` counts from the set header (ST or
    UNH = 1); ``file_segment`` counts segments from the start of the file (1-based).
    """

    level: Level
    code: str
    message: str
    severity: Severity = "error"
    segment_id: str | None = None
    segment_position: int | None = None
    loop_id: str | None = None
    element_position: int | None = None
    component_position: int | None = None
    repetition_position: int | None = None
    data_element: str | None = None
    bad_value: str | None = None
    file_segment: int | None = None
    hint: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with empty fields left out."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    def describe(self) -> str:
        """A single readable line: where, what, and the fix to try when known."""
        where = []
        if self.segment_id:
            seg = self.segment_id
            if self.segment_position is not None:
                seg += f" at segment {self.segment_position}"
            where.append(seg)
        if self.element_position is not None:
            el = f"element {self.element_position:02d}"
            if self.component_position:
                el += f"-{self.component_position}"
            where.append(el)
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" (fix: {self.hint})"
        return text
