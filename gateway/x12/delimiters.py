"""The four X12 delimiters of one interchange, and how to find them in its ISA segment.

Real ISA segments are not always the fixed 106 characters the standard describes: padding may
be missing or made of NO-BREAK SPACEs, ISA06/ISA08 may be 16 characters, the segment may be
hard-wrapped across lines, and the terminator may be a line end, a space followed by a line end,
or a multi-byte character. So :func:`parse_isa` never uses fixed offsets: it takes the element
separator from the fourth character, counts sixteen element separators (ignoring line breaks),
takes the next character as ISA16 (the component separator) and the one after it as the segment
terminator, with the line-end cases handled explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.errors import EdiInputError

#: How far past "ISA" the sixteenth element separator may be (padding, wrapping, NBSP).
ISA_WINDOW = 1024
_LINE_BREAKS = "\r\n"


@dataclass(frozen=True, slots=True)
class X12Delimiters:
    """Element, component and segment separators, and the repetition separator (None before 00501)."""

    element: str = "*"
    component: str = ":"
    segment: str = "~"
    repetition: str | None = None

    def all(self) -> tuple[str, ...]:
        """Every delimiter in use (the repetition separator only when there is one)."""
        found = [self.element, self.component, self.segment]
        if self.repetition:
            found.append(self.repetition)
        return tuple(found)


class IsaSegment(list[str]):
    """The ISA's element list (tag first) that also carries the :class:`IsaHeader` it was read from.

    The reader hands segments on in batches, so "the reader's current ISA" can be ahead of the
    segment being looked at; the header travels with the segment instead.
    """

    header: IsaHeader


@dataclass(frozen=True, slots=True)
class IsaHeader:
    """One ISA segment as read: its 16 elements (tag first), delimiters and how to cut segments.

    ``strip`` are the characters removed around every segment of this interchange when the
    terminator is a line end (indentation, CR, spaces before the line end); ``end`` is the index
    in the text just after the ISA's terminator (and its line-end suffix when the terminator is a
    line end). ``wrapped`` is True when the ISA itself contained line breaks.
    """

    elements: list[str]
    delimiters: X12Delimiters
    end: int
    newline_terminated: bool
    strip: str
    wrapped: bool

    def field(self, n: int) -> str:
        """ISA element ``n`` (1-16) without its padding (spaces or NO-BREAK SPACEs, UTF-8 or Latin-1)."""
        if n < len(self.elements):
            return self.elements[n].strip(" \xa0\udca0")
        return ""


def uses_repetition(version: str) -> bool:
    """True when ISA11 is the repetition separator: interchange control version 00501 and later."""
    return version.isdigit() and int(version) >= 501


def parse_isa(text: str, start: int, *, eof: bool, source: str | None = None,
              place: str | None = None) -> IsaHeader | None:
    """Read the ISA beginning at ``text[start]``; None when more text is needed (and not ``eof``).

    Raises :class:`EdiInputError` when the segment cannot be an ISA at all (no usable element
    separator, fewer than 16 elements, no terminator), since nothing after it could be split.
    """
    where = place or "ISA segment"
    size = len(text)
    if size - start < 4:
        if eof:
            raise EdiInputError("the file ends inside the ISA segment", source=source, place=where)
        return None
    sep = text[start + 3]
    if sep.isalnum() or sep in " \t\r\n":
        raise EdiInputError(
            f"the 4th character of ISA must be the element separator, found {sep!r} "
            "(a letter, digit or blank cannot be a separator)", source=source, place=where)
    limit = min(size, start + ISA_WINDOW)
    pos = start + 3
    for count in range(1, 16):
        pos = text.find(sep, pos + 1, limit)
        if pos < 0:
            if not eof and size < start + ISA_WINDOW:
                return None
            raise EdiInputError(
                f"the ISA has only {count} elements separated by {sep!r}, 16 are required",
                source=source, place=where)
    k = pos + 1
    while k < size and text[k] in _LINE_BREAKS:
        k += 1
    if k >= size:
        if not eof:
            return None
        raise EdiInputError("the file ends before ISA16 (component separator)", source=source, place=where)
    component = text[k]
    if component == sep:
        raise EdiInputError(f"ISA16 (component separator) is {sep!r}, the same as the element separator",
                            source=source, place=where)
    raw = text[start:k + 1]
    wrapped = "\n" in raw or "\r" in raw
    if wrapped:
        raw = raw.replace("\r", "").replace("\n", "")
    elements = IsaSegment(raw.split(sep))
    if len(elements) != 17:
        raise EdiInputError(
            f"the ISA has {len(elements) - 1} elements separated by {sep!r}, 16 are required",
            source=source, place=where)
    found = _terminator(text, k + 1, eof, sep, component, source, where)
    if found is None:
        return None
    terminator, end, newline, strip = found
    version = elements[12].strip(" \xa0")
    isa11 = elements[11].strip(" \xa0")
    repetition = None
    if uses_repetition(version) and len(isa11) == 1 and not isa11.isalnum() and isa11 not in " \r\n":
        repetition = isa11
    delimiters = X12Delimiters(element=sep, component=component, segment=terminator, repetition=repetition)
    header = IsaHeader(elements, delimiters, end, newline, strip, wrapped)
    elements.header = header
    return header


def _terminator(text: str, j: int, eof: bool, sep: str, component: str, source: str | None,
                where: str) -> tuple[str, int, bool, str] | None:
    """The segment terminator after ISA16 at ``text[j]``: (terminator, end, newline mode, strip)."""
    size = len(text)
    if j >= size:
        if not eof:
            return None
        return "~", j, False, ""  # nothing follows the ISA: the terminator does not matter
    t = text[j]
    if t == "\r":
        if j + 1 >= size and not eof:
            return None
        if j + 1 < size and text[j + 1] == "\n":
            return "\n", j + 2, True, _strip_for(sep, " \t\r")
        return "\r", j + 1, True, _strip_for(sep, " \t\n")
    if t == "\n":
        return "\n", j + 1, True, _strip_for(sep, " \t\r")
    if t in " \t":
        m = j
        while m < size and text[m] in " \t":
            m += 1
        if m >= size:
            if not eof:
                return None
            return "~", m, False, ""
        if text[m] in _LINE_BREAKS:
            # "ISA16 then a space then CR/LF": the real terminator is the line end.
            end = m + 2 if text[m:m + 2] == "\r\n" else m + 1
            return "\n", end, True, _strip_for(sep, " \t\r")
        raise EdiInputError(
            "a blank after ISA16 cannot be the segment terminator", source=source, place=where)
    if t.isalnum():
        raise EdiInputError(
            f"no segment terminator after ISA16 {component!r}: found {t!r}, a letter or digit",
            source=source, place=where)
    if t in (sep, component):
        raise EdiInputError(
            f"the segment terminator {t!r} is the same as another delimiter", source=source, place=where)
    return t, j + 1, False, ""


def _strip_for(sep: str, chars: str) -> str:
    """Characters to strip around line-terminated segments, never the element separator itself."""
    return "".join(c for c in chars if c != sep)
