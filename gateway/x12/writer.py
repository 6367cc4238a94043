"""Serialise X12: segments with any delimiters, and whole interchanges with a correct envelope.

The writer is strict where the reader is tolerant: a value that contains one of the delimiters
(element, component, repetition, terminator) is refused with :class:`EdiWriteError` naming the
segment, the element and the value, because escaping does not exist in X12 and the partner would
read a different document. ISA fields are padded to their fixed widths; GS/ST/SE/GE/IEA counts
are computed, and control numbers come from a
:class:`~gateway.control_numbers.ControlNumberAllocator`, never from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from gateway.control_numbers import ControlNumberAllocator
from gateway.errors import EdiWriteError
from gateway.x12.delimiters import X12Delimiters, uses_repetition

#: An element value: text, or a composite written as its components.
Element = str | Sequence[str]
Segment = Sequence[Element]

_ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)


def check_delimiters(d: X12Delimiters) -> None:
    """Refuse delimiters that cannot work: empty, letters or digits, or two that are the same."""
    named = [("element separator", d.element), ("component separator", d.component),
             ("segment terminator", d.segment)]
    if d.repetition is not None:
        named.append(("repetition separator", d.repetition))
    for name, value in named:
        if not value:
            raise EdiWriteError(f"the {name} is empty")
        if name != "segment terminator" and len(value) != 1:
            raise EdiWriteError(f"the {name} {value!r} must be one character")
        if any(c.isalnum() or c == " " for c in value):
            raise EdiWriteError(f"the {name} {value!r} is a letter, digit or space")
    values = [v for _, v in named]
    if len(set(values)) != len(values):
        raise EdiWriteError(f"the delimiters {values!r} are not all different")


def format_segment(segment: Segment, d: X12Delimiters) -> str:
    """One segment without its terminator; trailing empty elements are dropped."""
    if not segment or not isinstance(segment[0], str) or not segment[0]:
        raise EdiWriteError(f"a segment needs a tag first, got {list(segment)!r}")
    tag = segment[0]
    forbidden = d.all()
    parts = [tag]
    for pos, value in enumerate(segment[1:], start=1):
        if isinstance(value, str):
            if not (tag == "ISA" and pos in (11, 16)):  # ISA11/ISA16 carry delimiters themselves
                _refuse(tag, pos, None, value, forbidden, d)
            parts.append(value)
        else:
            comps = list(value)
            for cpos, comp in enumerate(comps, start=1):
                if not isinstance(comp, str):
                    raise EdiWriteError(f"{tag}{pos:02d}-{cpos}: component {comp!r} is not text")
                _refuse(tag, pos, cpos, comp, forbidden, d)
            while comps and comps[-1] == "":
                comps.pop()
            parts.append(d.component.join(comps))
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return d.element.join(parts)


def _refuse(tag: str, pos: int, cpos: int | None, value: str, forbidden: tuple[str, ...], d: X12Delimiters) -> None:
    for delim in forbidden:
        if delim in value:
            name = {d.element: "element separator", d.component: "component separator",
                    d.segment: "segment terminator"}.get(delim, "repetition separator")
            where = f"{tag}{pos:02d}" + (f"-{cpos}" if cpos else "")
            raise EdiWriteError(f"{where}: the value {value!r} contains the {name} {delim!r}; "
                                "X12 has no escape, so the value cannot be written with these delimiters")


class SegmentWriter:
    """Joins segments with one set of delimiters and an optional suffix (e.g. a line break)."""

    def __init__(self, delimiters: X12Delimiters, suffix: str = "") -> None:
        check_delimiters(delimiters)
        if suffix and delimiters.segment in suffix:
            suffix = ""
        self.delimiters = delimiters
        self.suffix = suffix
        self._end = delimiters.segment + suffix

    def segment(self, segment: Segment) -> str:
        """One segment with its terminator (and suffix)."""
        return format_segment(segment, self.delimiters) + self._end

    def segments(self, segments: Sequence[Segment]) -> str:
        """Several segments, each with its terminator."""
        return "".join(self.segment(s) for s in segments)


@dataclass(slots=True)
class InterchangeHeader:
    """The ISA fields chosen by the sender (control number and delimiters are added on writing)."""

    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    version: str = "00401"
    ack_requested: bool = False
    test: bool = False
    auth_qualifier: str = "00"
    auth_info: str = ""
    security_qualifier: str = "00"
    security_info: str = ""


@dataclass(slots=True)
class SetSpec:
    """One transaction set to write: its type and body (segments between ST and SE)."""

    set_id: str
    body: list[Segment]
    implementation_ref: str | None = None


@dataclass(slots=True)
class GroupSpec:
    """One functional group to write."""

    functional_id: str
    app_sender: str
    app_receiver: str
    version: str
    sets: list[SetSpec] = field(default_factory=list)
    agency: str = "X"


def _number(allocator: ControlNumberAllocator, partner: str, level: str, width: int) -> str:
    value = allocator.next(partner, level)  # type: ignore[arg-type]
    text = str(value)
    if value < 0 or len(text) > 9:
        raise EdiWriteError(f"the allocator returned {value} for {level} control number; 1-9 digits are allowed")
    return text.zfill(width)


def isa_segment(h: InterchangeHeader, control: str, d: X12Delimiters, now: dt.datetime) -> list[str]:
    """The ISA element list with every field padded to its fixed width."""
    if uses_repetition(h.version):
        if d.repetition is None:
            raise EdiWriteError(f"version {h.version} needs a repetition separator (ISA11)")
        isa11 = d.repetition
    else:
        isa11 = "U"
    values = [h.auth_qualifier, h.auth_info, h.security_qualifier, h.security_info, h.sender_qualifier,
              h.sender_id, h.receiver_qualifier, h.receiver_id, now.strftime("%y%m%d"), now.strftime("%H%M"),
              isa11, h.version, control, "1" if h.ack_requested else "0", "T" if h.test else "P", d.component]
    out = ["ISA"]
    for n, (value, width) in enumerate(zip(values, _ISA_WIDTHS, strict=True), start=1):
        if len(value) > width:
            raise EdiWriteError(f"ISA{n:02d}: the value {value!r} is longer than its fixed width {width}")
        out.append(value if n in (11, 16) else value.ljust(width))
    return out


def write_interchange(header: InterchangeHeader, groups: Sequence[GroupSpec], *, delimiters: X12Delimiters,
                      allocator: ControlNumberAllocator, partner: str, now: dt.datetime | None = None,
                      suffix: str = "", leading: Sequence[Segment] = ()) -> str:
    """A whole interchange (ISA, ``leading`` segments such as TA1, the groups, IEA) as text.

    Control numbers (ISA13, GS06, ST02) are allocated from ``allocator`` for ``partner``; every
    count (SE01, GE01, IEA01) is computed from what is written.
    """
    now = now or dt.datetime.now(dt.UTC)
    if delimiters.repetition is not None and not uses_repetition(header.version):
        delimiters = X12Delimiters(delimiters.element, delimiters.component, delimiters.segment, None)
    w = SegmentWriter(delimiters, suffix)
    isa13 = _number(allocator, partner, "interchange", 9)
    out = [w.segment(isa_segment(header, isa13, delimiters, now))]
    out.extend(w.segment(s) for s in leading)
    for g in groups:
        gs06 = _number(allocator, partner, "group", 1)
        out.append(w.segment(["GS", g.functional_id, g.app_sender, g.app_receiver, now.strftime("%Y%m%d"),
                              now.strftime("%H%M"), gs06, g.agency, g.version]))
        for s in g.sets:
            st02 = _number(allocator, partner, "set", 4)
            st = ["ST", s.set_id, st02] + ([s.implementation_ref] if s.implementation_ref else [])
            out.append(w.segment(st))
            out.extend(w.segment(seg) for seg in s.body)
            out.append(w.segment(["SE", str(len(s.body) + 2), st02]))
        out.append(w.segment(["GE", str(len(g.sets)), gs06]))
    out.append(w.segment(["IEA", str(len(groups)), isa13]))
    return "".join(out)
