"""Data element checks for the X12 validator: one regex per segment on the fast path, exact
per-element diagnosis on the slow path.

A valid segment (the overwhelming majority) costs one ``fullmatch`` of a regex compiled from the
segment definition over its elements joined with ``\\x1f``: formats (N0-N9, R, ID codes, AN, DT
shape, TM), min/max lengths, mandatory elements, element count, composites and repetitions are all
in that one pattern. Only when it fails, :func:`diagnose` walks the elements one by one and names
each problem with its AK403 code (1 mandatory missing, 3 too many elements, 4 too short, 5 too
long, 6 invalid character, 7 invalid code, 8 invalid date, 9 invalid time; 12/13 in 005010).
Calendar validity of dates is checked in Python after the match (a regex cannot know February).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gateway.x12.maps import CompositeDef, ElementDef, SegmentDef, SyntaxNote

JOIN = "\x1f"
_CONTROL = "\\x00-\\x1f\\x7f"


@dataclass(frozen=True, slots=True)
class ElementProblem:
    """One element-level finding before it becomes an :class:`~gateway.errors.Issue`."""

    code: str
    element: ElementDef | CompositeDef | None
    element_position: int
    component_position: int | None
    repetition_position: int | None
    bad_value: str | None
    what: str
    hint: str | None


def forbidden_chars(component: str, repetition: str | None) -> str:
    """Regex character-class body of what may not appear inside a simple element value."""
    chars = _CONTROL + re.escape(component)
    if repetition:
        chars += re.escape(repetition)
    return chars


def value_pattern(e: ElementDef, forbidden: str) -> str:
    """Regex (unanchored) of a valid, non-empty value of one simple element.

    Runs of characters are possessive (``{m,n}+``, Python 3.11): what follows a value is always a
    separator the run's class excludes, so giving characters back could never help a match, and a
    failing segment fails without backtracking. Possessive runs only ever match less, never more,
    so they cannot accept a bad value; a fast-path miss just takes the explaining path.
    """
    t, lo, hi = e.data_type, e.min_len, e.max_len
    if e.codes:
        return "(?:" + "|".join(re.escape(c) for c in sorted(e.codes, key=len, reverse=True)) + ")"
    if t.startswith("N"):
        return f"-?[0-9]{{{lo},{hi}}}+"
    if t == "R":
        # with a decimal point the value is digits, one '.', digits: its length minus one is the
        # digit count, bounded by a (cheap, single character class) lookahead
        return f"-?(?:[0-9]{{{lo},{hi}}}+|(?=[0-9.]{{{lo + 1},{hi + 1}}}(?![0-9.]))[0-9]*+\\.[0-9]*+)"
    if t == "DT":
        return f"[0-9]{{{lo}}}" if lo == hi else f"(?:[0-9]{{{lo}}}|[0-9]{{{hi}}})"
    if t == "TM":
        pat = "(?:[01][0-9]|2[0-3])[0-5][0-9]"
        if hi >= 6:
            tail = "[0-5][0-9]" + (f"(?:[0-9]{{1,{hi - 6}}})?" if hi > 6 else "")
            pat += f"(?:{tail})" + ("" if lo >= 6 else "?")
        return pat
    return f"[^{forbidden}]{{{lo},{hi}}}+"


def _sequence(parts: list[tuple[str, bool]], sep: str) -> str:
    """Pattern of a separator-joined sequence (a composite) where trailing optional parts may be left off."""
    tail = ""
    all_optional_after = True
    for k in range(len(parts) - 1, -1, -1):
        pat, required = parts[k]
        value = pat if required else f"(?:{pat})?"
        piece = (sep if k else "") + value + tail
        all_optional_after = all_optional_after and not required
        tail = f"(?:{piece})?" if all_optional_after and k else piece
    return tail


def _with_repeats(pat: str, repeat: int, repetition: str | None) -> str:
    if repeat > 1 and repetition:
        return f"{pat}(?:{re.escape(repetition)}{pat}){{0,{repeat - 1}}}"
    return pat


def folded_notes(seg: SegmentDef) -> frozenset[SyntaxNote]:
    """Paired notes on two adjacent optional simple elements (``P0607``): checked inside the regex."""
    out = set()
    for note in seg.syntax:
        if note.kind == "P" and len(note.positions) == 2 and note.positions[1] == note.positions[0] + 1:
            a, b = (seg.elements[p - 1] for p in note.positions)
            if isinstance(a, ElementDef) and isinstance(b, ElementDef) and not a.required and not b.required \
                    and a.repeat == 1 and b.repeat == 1:
                out.add(note)
    return frozenset(out)


def segment_pattern(seg: SegmentDef, count: int, component: str,
                    repetition: str | None) -> re.Pattern[str] | None:
    """The fast-path regex for a segment with ``count`` elements after the tag (joined with ``\\x1f``).

    One flat pattern per element count (no nested optional tails, which Python's regex engine
    handles slowly). None when no segment with that many elements can be valid (a mandatory element
    beyond ``count``, or a folded pair cut in half): the caller then takes the slow path. Adjacent
    paired notes (:func:`folded_notes`) are part of the pattern: both values or both empty.
    """
    defs = seg.elements
    if count > len(defs) or any(e.required for e in defs[count:]):
        return None
    forbidden = forbidden_chars(component, repetition)
    pair_start = {n.positions[0] for n in folded_notes(seg)}
    parts: list[str] = []
    skip = False
    for e in defs[:count]:
        if skip:
            skip = False
            continue
        if e.position in pair_start:
            if e.position + 1 > count:
                return None
            b = defs[e.position]
            assert isinstance(e, ElementDef) and isinstance(b, ElementDef)
            parts.append(f"(?:{value_pattern(e, forbidden)}{JOIN}{value_pattern(b, forbidden)}|{JOIN})")
            skip = True
            continue
        if isinstance(e, CompositeDef):
            comp = _sequence([(value_pattern(c, forbidden), c.required) for c in e.components],
                             re.escape(component))
            # an all-optional composite must still have some content when present
            pat = f"(?=[^{JOIN}])(?:{comp})" if not any(c.required for c in e.components) else comp
            pat = _with_repeats(pat, e.repeat, repetition)
        else:
            pat = _with_repeats(value_pattern(e, forbidden), e.repeat, repetition)
        parts.append(pat if e.required else f"(?:{pat})?")
    return re.compile(JOIN.join(parts))


def date_positions(seg: SegmentDef) -> tuple[int, ...]:
    """Positions of simple DT elements (whose calendar validity is checked after the regex)."""
    return tuple(e.position for e in seg.elements if isinstance(e, ElementDef) and e.data_type == "DT")


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid_date(value: str) -> bool:
    """CCYYMMDD or YYMMDD with a real month and day (leap years honoured)."""
    if not value.isdigit() or len(value) not in (6, 8):
        return False
    year = int(value[:-4]) if len(value) == 8 else 2000 + int(value[:2])
    month, day = int(value[-4:-2]), int(value[-2:])
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month - 1]:
        return False
    return not (month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)))


def valid_time(value: str) -> bool:
    """HHMM[SS[d[d]]] with real hours, minutes and seconds."""
    return bool(re.fullmatch(r"(?:[01][0-9]|2[0-3])[0-5][0-9](?:[0-5][0-9][0-9]{0,2})?", value))


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _check_simple(e: ElementDef, value: str, invalid: Callable[[str], bool], pos: int,
                  comp: int | None, rep: int | None) -> ElementProblem | None:
    """The first problem of one non-empty simple value, or None."""
    t, lo, hi = e.data_type, e.min_len, e.max_len
    label = e.name.lower()

    def problem(code: str, what: str, hint: str | None, bad: str | None = value) -> ElementProblem:
        return ElementProblem(code, e, pos, comp, rep, bad, what, hint)

    if invalid(value):
        return problem("6", f"{label} contains a character that is not allowed (control character or a "
                            "delimiter)", "remove control characters and delimiter characters from the value",
                       None)
    if t.startswith("N"):
        if not re.fullmatch(r"-?[0-9]+", value):
            return problem("6", f"{label} '{value}' is not a number", "send digits only (implied decimals: "
                           f"{t[1:]}), e.g. '10'", None)
        n = _digits(value)
    elif t == "R":
        if not re.fullmatch(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", value):
            return problem("6", f"{label} '{value}' is not a number",
                           "send digits with at most one decimal point, e.g. '10' or '10.5'", None)
        n = _digits(value)
    elif t == "DT":
        if not valid_date(value) or len(value) not in (lo, hi):
            return problem("8", f"{label} '{value}' is not a valid date",
                           "send the date as CCYYMMDD, e.g. 20240131" if hi == 8 else "send YYMMDD")
        return None
    elif t == "TM":
        if not valid_time(value) or not lo <= len(value) <= hi:
            return problem("9", f"{label} '{value}' is not a valid time", "send the time as HHMM (24-hour)")
        return None
    else:
        n = len(value)
    if n < lo:
        return problem("4", f"{label} '{value}' is too short (minimum {lo})",
                       f"send at least {lo} {'digits' if t in ('R',) or t.startswith('N') else 'characters'}")
    if n > hi:
        return problem("5", f"{label} '{value}' is too long (maximum {hi})", f"shorten it to {hi} or fewer")
    if e.codes is not None and value not in e.codes:
        shown = ", ".join(sorted(e.codes)[:12]) + (" ..." if len(e.codes) > 12 else "")
        return problem("7", f"{label} '{value}' is not a valid code here", f"use one of: {shown}")
    return None


def diagnose(seg: SegmentDef, elements: list[str], component: str, repetition: str | None,
             version5: bool) -> list[ElementProblem]:
    """Every element-level problem of one segment (slow path; called when the fast regex fails)."""
    out: list[ElementProblem] = []
    bad_chars = re.compile(f"[{forbidden_chars(component, repetition)}]").search
    comp_bad = re.compile(f"[{forbidden_chars('', repetition) if repetition else _CONTROL}]").search
    defs = seg.elements
    n = len(defs)
    for pos in range(1, len(elements)):
        value = elements[pos]
        if pos > n:
            if value:
                out.append(ElementProblem("3", None, pos, None, None, value,
                                          f"has {len(elements) - 1} elements, the standard defines {n}",
                                          f"remove the elements after {seg.tag}{n:02d}"))
                break
            continue
        e = defs[pos - 1]
        if not value:
            continue
        reps = value.split(repetition) if repetition and e.repeat > 1 else [value]
        if len(reps) > e.repeat:
            out.append(ElementProblem("12" if version5 else "6", e, pos, None, len(reps), None,
                                      f"{e.name.lower()} repeats {len(reps)} times (at most {e.repeat})",
                                      "send fewer repetitions"))
            continue
        for r, rv in enumerate(reps, start=1):
            rep = r if len(reps) > 1 else None
            if isinstance(e, CompositeDef):
                comps = rv.split(component)
                if comp_bad(rv):
                    out.append(ElementProblem("6", e, pos, None, rep, None,
                                              f"{e.name.lower()} contains a character that is not allowed",
                                              "remove control characters and delimiters"))
                    continue
                if len(comps) > len(e.components):
                    out.append(ElementProblem("13" if version5 else "3", e, pos, len(e.components) + 1, rep,
                                              None, f"{e.name.lower()} has {len(comps)} components, the "
                                              f"standard defines {len(e.components)}",
                                              "remove the extra components"))
                for k, c in enumerate(e.components, start=1):
                    cv = comps[k - 1] if k <= len(comps) else ""
                    if not cv:
                        if c.required:
                            out.append(ElementProblem("1", c, pos, k, rep, None,
                                                      f"mandatory component {c.name.lower()} is missing",
                                                      f"fill {seg.tag}{pos:02d}-{k:02d} ({c.name})"))
                        continue
                    p = _check_simple(c, cv, lambda v: bool(comp_bad(v)), pos, k, rep)
                    if p:
                        out.append(p)
            else:
                p = _check_simple(e, rv, lambda v: bool(bad_chars(v)), pos, None, rep)
                if p:
                    out.append(p)
    for e in defs:
        if e.required and (e.position >= len(elements) or not elements[e.position]):
            out.append(ElementProblem("1", e, e.position, None, None, None,
                                      f"mandatory {e.name.lower()} ({seg.tag}{e.position:02d}) is missing",
                                      f"fill {seg.tag}{e.position:02d} ({e.name})"))
    out.sort(key=lambda p: (p.element_position, p.component_position or 0))
    return out
