"""One X12 transaction set, materialised for the business mappings.

The streaming reader never holds a whole file; mappings, however, want random access to one
document's segments. :class:`ParsedSet` is that view: one ST..SE set with the envelope ids around
it, produced one at a time so memory stays bounded by the largest set, not the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.x12.delimiters import X12Delimiters


@dataclass(slots=True)
class ParsedSet:
    """A transaction set's segments (``[tag, e1, e2, ...]``, ST and SE included) and its envelope.

    ``first_file_segment`` is the ST's 1-based segment number in the file (0 when not read from one).
    """

    set_id: str
    control_number: str
    version: str
    functional_id: str
    group_control_number: str
    interchange_control_number: str
    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    app_sender: str
    app_receiver: str
    delimiters: X12Delimiters
    segments: list[list[str]] = field(default_factory=list)
    test: bool = False
    first_file_segment: int = 0

    def components(self, value: str) -> list[str]:
        """Split a composite element value on the interchange's component separator."""
        return value.split(self.delimiters.component)

    def find(self, tag: str) -> list[list[str]]:
        """Every segment with this tag, in order."""
        return [s for s in self.segments if s[0] == tag]
