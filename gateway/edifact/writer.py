"""Write EDIFACT segments with any UNA: release escaping of every service character, trimmed trailers.

Every service character in data (component, element, repetition separator when used, terminator
and the release character itself) is preceded by the release character, so what the reader gets
back is exactly what was written. Trailing empty components and elements are dropped, as ISO 9735
requires (a trailing separator is syntax error 45).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from gateway.edifact.chars import DEFAULT_CHARS, ServiceChars
from gateway.edifact.segment import Repeated
from gateway.errors import EdiWriteError

ElementValue = str | Sequence[str] | None


@lru_cache(maxsize=32)
def _escape_table(chars: ServiceChars) -> dict[int, str]:
    specials = chars.separators
    return {ord(ch): chars.release + ch for ch in specials}


def escape(value: str, chars: ServiceChars = DEFAULT_CHARS) -> str:
    """Release every service character in ``value`` (the release character first of all)."""
    return value.translate(_escape_table(chars))


def _trim(items: list[str]) -> list[str]:
    while items and items[-1] == "":
        items.pop()
    return items


def _component_text(parts: Sequence[str | None], chars: ServiceChars) -> str:
    comps = _trim([escape(p or "", chars) for p in parts])
    return chars.component.join(comps)


def format_segment(tag: str, elements: Iterable[ElementValue], chars: ServiceChars = DEFAULT_CHARS) -> str:
    """One segment with its terminator. An element is a string, a list of components or ``None``.

    A :class:`~gateway.edifact.segment.Repeated` element is written with the repetition separator,
    which only syntax 4 (a UNA5 other than space) provides.
    """
    if len(tag) != 3 or not tag.isalnum():
        raise EdiWriteError(f"segment tag {tag!r} is not three letters or digits")
    texts: list[str] = []
    for el in elements:
        if el is None:
            texts.append("")
        elif isinstance(el, str):
            texts.append(escape(el, chars))
        elif isinstance(el, Repeated):
            if chars.repetition == " ":
                raise EdiWriteError(f"{tag}: a repeated data element needs a repetition separator (syntax 4)")
            texts.append(chars.repetition.join(_component_text(r, chars) for r in el.repetitions))
        else:
            texts.append(_component_text(list(el), chars))
    _trim(texts)
    return chars.element.join([tag, *texts]) + chars.terminator


def format_segments(
    segments: Iterable[tuple[str, Sequence[ElementValue]]],
    chars: ServiceChars = DEFAULT_CHARS,
    *,
    una: bool = True,
    newline: bool = False,
) -> str:
    """A run of segments, optionally preceded by the UNA string and broken into lines."""
    sep = "\n" if newline else ""
    body = sep.join(format_segment(tag, els, chars) for tag, els in segments)
    if una:
        return chars.una() + sep + body + sep
    return body + sep
