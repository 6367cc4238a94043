"""The per-element-count syntax-note predicates agree with the general (padded) one and with the
explaining checker, for every segment of every map.

The validator's fast path evaluates ``compile_notes_for_count(notes, n)`` on the unpadded element
list; a wrong constant folding there would accept a broken segment or reject a valid one without
any other test noticing, so each segment's notes are compared on random presence patterns.
"""

from __future__ import annotations

import random

import pytest

from gateway.x12 import maps
from gateway.x12.syntax_notes import check_notes, compile_notes, compile_notes_for_count


def _segments_with_notes() -> list[maps.SegmentDef]:
    seen: dict[str, maps.SegmentDef] = {}

    def walk(loop: maps.LoopDef) -> None:
        for c in loop.children:
            if isinstance(c, maps.LoopDef):
                walk(c)
            elif c.syntax:
                seen.setdefault(f"{c.tag}:{len(c.elements)}:{c.syntax}", c)

    for version, set_id in maps.available_maps():
        tmap = maps.get_map(version, set_id)
        assert tmap is not None
        walk(tmap.root)
    return list(seen.values())


SEGMENTS = _segments_with_notes()


def test_there_are_segments_with_notes() -> None:
    assert len(SEGMENTS) > 30


@pytest.mark.parametrize("seg", SEGMENTS, ids=[s.tag for s in SEGMENTS])
def test_count_specialised_predicate_matches_padded_predicate(seg: maps.SegmentDef) -> None:
    rnd = random.Random(seg.tag)
    notes = tuple(seg.syntax)
    general, top = compile_notes(notes)
    width = len(seg.elements)
    for n in range(1, width + 2):
        special = compile_notes_for_count(notes, n)
        for _ in range(60):
            values = [seg.tag] + [rnd.choice(("", "", "X")) for _ in range(n - 1)]
            padded = values + [""] * max(0, top + 1 - n)
            expected = general(padded)
            assert special(values) == expected, (seg.tag, n, values)
            assert expected == (check_notes(notes, values, seg.tag) == []), (seg.tag, n, values)
