"""X12 relational conditions (syntax notes) between the elements of one segment or composite.

P paired (all or none), R required (at least one), E exclusion (at most one), C conditional (if
the first, then all the others), L list conditional (if the first, then at least one other). A
violated note becomes AK403 code 2 (conditional required element missing) or 10 (exclusion
condition violated) on the element that should (or should not) be there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gateway.x12.maps import SyntaxNote

_MEANING = {
    "P": "if any of {all} is present, all of them are required",
    "R": "at least one of {all} is required",
    "E": "only one of {all} may be present",
    "C": "if {first} is present, {rest} {verb} required",
    "L": "if {first} is present, at least one of {rest} is required",
}


@dataclass(frozen=True, slots=True)
class NoteViolation:
    """A violated syntax note: the AK403 code, the element it is reported on, and why."""

    code: str
    position: int
    note: SyntaxNote
    explanation: str


def explain(note: SyntaxNote, tag: str) -> str:
    """The note in words, e.g. 'if any of PO106, PO107 is present, all of them are required'."""
    names = [f"{tag}{p:02d}" for p in note.positions]
    rest = names[1:]
    return _MEANING[note.kind].format(all=", ".join(names), first=names[0], rest=", ".join(rest),
                                      verb="are" if len(rest) > 1 else "is")


def compile_notes(notes: tuple[SyntaxNote, ...]) -> tuple[Callable[[list[str]], bool], int]:
    """A fast predicate ``ok(values)`` that is True when every note holds, and the highest position.

    ``values`` must be padded to the highest position (the caller pads short segments). The
    predicate is one generated expression of string comparisons built from the note positions
    (integers from the compiled map, nothing else), so the common, valid case costs one call.
    """
    terms = []
    for note in notes:
        pres = [f"v[{p}]!=''" for p in note.positions]
        if note.kind == "P":
            terms.append("(" + " and ".join(pres) + ") or (" + " and ".join(f"v[{p}]==''" for p in note.positions)
                         + ")")
        elif note.kind == "R":
            terms.append(" or ".join(pres))
        elif note.kind == "E":
            terms.append(f"({' + '.join(f'({x})' for x in pres)}) <= 1")
        elif note.kind == "C":
            terms.append(f"v[{note.positions[0]}]=='' or (" + " and ".join(pres[1:]) + ")")
        elif note.kind == "L":
            terms.append(f"v[{note.positions[0]}]=='' or " + " or ".join(pres[1:]))
    top = max((p for n in notes for p in n.positions), default=0)
    if not terms:
        return (lambda v: True), top
    source = "lambda v: " + " and ".join(f"({t})" for t in terms)
    return eval(source, {"__builtins__": {}}), top


def compile_notes_for_count(notes: tuple[SyntaxNote, ...], n: int) -> Callable[[list[str]], bool]:
    """The predicate of :func:`compile_notes` specialised to segments of exactly ``n`` items (tag included).

    Positions at or beyond ``n`` are absent by construction, so their tests are constants decided
    here: the caller needs no padding (no list built per segment) and notes about elements the
    segment does not reach drop out. Same truth value as the padded general predicate.
    """

    def present(p: int) -> str:
        return f"v[{p}]!=''" if p < n else "False"

    def absent(p: int) -> str:
        return f"v[{p}]==''" if p < n else "True"

    terms = []
    for note in notes:
        pos = note.positions
        if note.kind == "P":
            term = "(" + " and ".join(map(present, pos)) + ") or (" + " and ".join(map(absent, pos)) + ")"
        elif note.kind == "R":
            term = " or ".join(map(present, pos))
        elif note.kind == "E":
            term = f"({' + '.join(f'({present(p)})' for p in pos)}) <= 1"
        elif note.kind == "C":
            term = f"{absent(pos[0])} or (" + " and ".join(map(present, pos[1:])) + ")"
        elif note.kind == "L":
            term = f"{absent(pos[0])} or " + " or ".join(map(present, pos[1:]))
        else:
            continue
        if "v[" not in term:
            if eval(term, {"__builtins__": {}}):  # a constant: decided now
                continue
            return lambda v: False
        terms.append(term)
    if not terms:
        return lambda v: True
    return eval("lambda v: " + " and ".join(f"({t})" for t in terms), {"__builtins__": {}})


def check_notes(notes: tuple[SyntaxNote, ...], values: list[str], tag: str) -> list[NoteViolation]:
    """Every violated note over ``values`` (index = element position; index 0 is the tag)."""
    n = len(values)
    out: list[NoteViolation] = []
    for note in notes:
        pos = note.positions
        present = [p < n and values[p] != "" for p in pos]
        kind = note.kind
        if kind == "P":
            if any(present) and not all(present):
                for p, ok in zip(pos, present, strict=True):
                    if not ok:
                        out.append(NoteViolation("2", p, note, explain(note, tag)))
        elif kind == "R":
            if not any(present):
                out.append(NoteViolation("2", pos[0], note, explain(note, tag)))
        elif kind == "E":
            if sum(present) > 1:
                second = [p for p, ok in zip(pos, present, strict=True) if ok][1]
                out.append(NoteViolation("10", second, note, explain(note, tag)))
        elif kind == "C":
            if present[0]:
                for p, ok in zip(pos[1:], present[1:], strict=True):
                    if not ok:
                        out.append(NoteViolation("2", p, note, explain(note, tag)))
        elif kind == "L" and present[0] and not any(present[1:]):
            out.append(NoteViolation("2", pos[1], note, explain(note, tag)))
    return out
