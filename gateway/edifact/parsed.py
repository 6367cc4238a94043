"""One EDIFACT message, materialised for the business mappings.

The reader streams; a mapping wants random access to one message. :class:`ParsedMessage` is that
view of one UNH..UNT message with the envelope ids around it, handed out one at a time by
``gateway.edifact.engine.iter_messages`` so memory is bounded by the largest message, not the file.
Values have their release characters resolved; numbers keep the sender's decimal mark, and
:meth:`ParsedMessage.number` reads them with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from gateway.edifact.chars import ServiceChars
from gateway.errors import Issue


class Segment(NamedTuple):
    """``(tag, elements)``; each element is a list of component strings (UNH and UNT included)."""

    tag: str
    elements: list[list[str]]

    def value(self, element: int, component: int = 1) -> str:
        """The value at 1-based element and component positions, ``""`` when absent."""
        if element > len(self.elements):
            return ""
        comps = self.elements[element - 1]
        return comps[component - 1] if component <= len(comps) else ""


@dataclass(slots=True)
class ParsedMessage:
    """A message's segments and its envelope: message id, UNH reference, group and interchange ids."""

    message_type: str
    version: str
    release: str
    agency: str
    association_code: str
    reference: str
    interchange_reference: str
    sender: str
    sender_qualifier: str
    recipient: str
    recipient_qualifier: str
    group_reference: str | None
    group_id: str | None
    chars: ServiceChars
    syntax_id: str
    syntax_version: int
    test: bool = False
    segments: list[Segment] = field(default_factory=list)
    status: str = "accepted"
    issues: list[Issue] = field(default_factory=list)

    @property
    def decimal_mark(self) -> str:
        """The decimal mark the sender declared (UNA3; ``.`` when no UNA was sent)."""
        return self.chars.decimal

    def find(self, tag: str) -> list[Segment]:
        """Every segment with this tag, in order."""
        return [s for s in self.segments if s.tag == tag]

    def number(self, text: str) -> Decimal | None:
        """Read a numeric value with either decimal mark; ``None`` when empty or not a number."""
        if not text:
            return None
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            return None
