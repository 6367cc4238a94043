"""Split one raw EDIFACT segment into its tag, elements and components, resolving release characters.

An element is a ``list[str]`` of component values. In syntax 4 a data element may repeat (the UNA5
repetition separator); such an element is a :class:`Repeated`, which is the first occurrence's
component list and carries every occurrence in ``repetitions``, so code that ignores repetitions
still reads the first one.

Fast path: a segment without a release character is split with ``str.split``. With release
characters, each escaped character is swapped for a private-use placeholder before splitting and
restored after, which keeps the work in C; text that already holds those placeholders falls back to
a character loop.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.edifact.chars import ServiceChars

_PLACEHOLDERS = "\ue000\ue001\ue002\ue003\ue004"


class Repeated(list[str]):
    """A repeated data element: the list itself is the first occurrence; ``repetitions`` holds all."""

    __slots__ = ("repetitions",)

    def __init__(self, repetitions: list[list[str]]) -> None:
        super().__init__(repetitions[0])
        self.repetitions = repetitions


Element = list[str]


class ReleaseProblem(ValueError):
    """A release character that escapes nothing (at the end of the segment)."""


@lru_cache(maxsize=32)
def _escape_tools(chars: ServiceChars) -> tuple[re.Pattern[str], dict[str, str], dict[int, str]]:
    service = [chars.component, chars.element, chars.release, chars.repetition, chars.terminator]
    to_ph = {ch: ph for ch, ph in zip(service, _PLACEHOLDERS, strict=True) if ch != " "}
    back = {ord(ph): ch for ch, ph in to_ph.items()}
    pattern = re.compile(re.escape(chars.release) + "(.)", re.S)
    return pattern, to_ph, back


def _split_plain(raw: str, chars: ServiceChars) -> tuple[str, list[Element]]:
    parts = raw.split(chars.element)
    comp = chars.component
    rep = chars.repetition
    tag = parts[0]
    if comp in tag:
        tag = tag.split(comp, 1)[0]
    if rep != " " and rep in raw:
        elements: list[Element] = []
        for p in parts[1:]:
            if rep in p:
                elements.append(Repeated([r.split(comp) for r in p.split(rep)]))
            else:
                elements.append(p.split(comp))
        return tag, elements
    return tag, [p.split(comp) for p in parts[1:]]


def split_segment(raw: str, chars: ServiceChars) -> tuple[str, list[Element]]:
    """Return ``(tag, elements)`` with release characters resolved.

    Raises :class:`ReleaseProblem` when the segment ends in a lone release character.
    """
    if chars.release not in raw:
        return _split_plain(raw, chars)
    pattern, to_ph, back = _escape_tools(chars)
    if any(ph in raw for ph in _PLACEHOLDERS):
        return _split_slow(raw, chars)
    tail = len(raw) - len(raw.rstrip(chars.release))
    if tail % 2 == 1:
        raise ReleaseProblem("the segment ends with a release character that escapes nothing")
    masked = pattern.sub(lambda m: to_ph.get(m.group(1), m.group(1)), raw)
    tag, elements = _split_plain(masked, chars)
    out: list[Element] = []
    for el in elements:
        if isinstance(el, Repeated):
            out.append(Repeated([[c.translate(back) for c in r] for r in el.repetitions]))
        else:
            out.append([c.translate(back) for c in el])
    return tag, out


def _split_slow(raw: str, chars: ServiceChars) -> tuple[str, list[Element]]:
    """Character loop used only when the text contains the private-use placeholders."""
    reps: list[list[str]] = [[""]]
    elements: list[list[list[str]]] = []
    i = 0
    n = len(raw)
    rep_on = chars.repetition != " "
    while i < n:
        ch = raw[i]
        if ch == chars.release:
            if i + 1 >= n:
                raise ReleaseProblem("the segment ends with a release character that escapes nothing")
            reps[-1][-1] += raw[i + 1]
            i += 2
            continue
        if ch == chars.element:
            elements.append(reps)
            reps = [[""]]
        elif ch == chars.component:
            reps[-1].append("")
        elif rep_on and ch == chars.repetition:
            reps.append([""])
        else:
            reps[-1][-1] += ch
        i += 1
    elements.append(reps)
    tag = elements[0][0][0]
    out: list[Element] = [r[0] if len(r) == 1 else Repeated(r) for r in elements[1:]]
    return tag, out


def unreleased_specials(raw: str, chars: ServiceChars) -> list[str]:
    """Characters preceded by a release character although they are not service characters."""
    if chars.release not in raw:
        return []
    pattern, to_ph, _ = _escape_tools(chars)
    return [m.group(1) for m in pattern.finditer(raw) if m.group(1) not in to_ph]
