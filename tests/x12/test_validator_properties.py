"""Property test: the one-regex fast path accepts exactly what the element-by-element check accepts.

The validator trusts ``segment_pattern`` for valid segments and only runs ``diagnose`` when the
regex fails, so the two must never disagree: a segment the regex accepts must have no element
problem (and no violated folded pair note), and a segment it rejects must have at least one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.x12 import maps
from gateway.x12.element_checks import JOIN, diagnose, folded_notes, segment_pattern, valid_date
from gateway.x12.maps import ElementDef, SegmentDef
from gateway.x12.syntax_notes import check_notes


def _segment(version: str, set_id: str, tag: str) -> SegmentDef:
    tmap = maps.get_map(version, set_id)
    assert tmap is not None

    def walk(loop: maps.LoopDef) -> SegmentDef | None:
        for c in loop.children:
            if isinstance(c, maps.LoopDef):
                found = walk(c)
                if found:
                    return found
            elif c.tag == tag:
                return c
        return None

    seg = walk(tmap.root)
    assert seg is not None
    return seg


SEGMENTS = [_segment("004010", "850", t) for t in ("PO1", "BEG", "DTM", "REF", "N4", "CUR", "PID", "CTT")]
SEGMENTS += [_segment("005010", "999", "CTX"), _segment("005010", "997", "AK4"), _segment("005010", "850", "N4")]

VALUES = st.one_of(
    st.just(""),
    st.sampled_from(["1", "10", "-4", "2.5", ".5", "5.", "1.2.3", "-", ".", "1O", "00", "EA", "VN", "F", "Q",
                     "20240131", "20240230", "20240229", "2023022", "1200", "2460", "120099", "12000", "A:B",
                     "X^Y^Z", "SITUATIONAL TRIGGER", "a\x07b", "1234567890123456", "123456789012345.67"]),
    st.text(alphabet="0123456789.-", min_size=1, max_size=20),
    st.text(alphabet="ABCXYZ 0123:^", min_size=1, max_size=12),
)


def _fast_ok(seg: SegmentDef, elements: list[str]) -> bool:
    n = len(elements)
    pattern = segment_pattern(seg, n - 1, ":", "^")
    joined = JOIN.join(elements)
    if pattern is None or pattern.fullmatch(joined, len(elements[0]) + 1 if n > 1 else len(elements[0])) is None:
        return False
    if joined.count(JOIN) != n - 1:
        return False
    return all(not (p < n and elements[p]) or valid_date(elements[p])
               for p in (e.position for e in seg.elements if isinstance(e, ElementDef) and e.data_type == "DT"))


@settings(max_examples=400, deadline=None)
@given(seg=st.sampled_from(SEGMENTS), values=st.lists(VALUES, min_size=0, max_size=28))
def test_fast_path_agrees_with_element_by_element_check(seg: SegmentDef, values: list[str]) -> None:
    elements = [seg.tag, *values]
    problems = diagnose(seg, elements, ":", "^", True)
    folded = tuple(folded_notes(seg))
    note_problems = check_notes(folded, elements, seg.tag) if folded else []
    slow_ok = not problems and not note_problems
    # trailing empty elements beyond the definition are tolerated by diagnose but not by the regex;
    # the validator then takes the slow path and finds nothing, which is correct (only slower)
    if slow_ok and not _fast_ok(seg, elements):
        stripped = list(elements)
        while len(stripped) > 1 and stripped[-1] == "":
            stripped.pop()
        assert stripped != elements and _fast_ok(seg, stripped), (seg.tag, elements)
        return
    assert _fast_ok(seg, elements) == slow_ok, (seg.tag, elements, problems, note_problems)


TAGS = st.sampled_from(["ST", "BEG", "REF", "N1", "N3", "N4", "PO1", "PID", "PO4", "CTT", "SE", "HL", "LIN", "SN1",
                        "BSN", "W05", "LX", "W01", "ZZZ", "x1", "", "AK1", "AK2", "AK3", "AK4", "AK5", "CTX",
                        "IK3", "IK4", "IK5", "AK9", "L11", "AT7", "MS1", "B3", "L3", "W06", "W12", "W03"])


@settings(max_examples=150, deadline=None)
@given(set_id=st.sampled_from(["850", "856", "940", "945", "214", "210", "997", "999"]),
       segments=st.lists(st.tuples(TAGS, st.lists(VALUES, max_size=8)), max_size=30))
def test_random_segment_streams_never_raise(set_id: str, segments: list[tuple[str, list[str]]]) -> None:
    """Whatever arrives, the validator answers with issues, never an exception."""
    from gateway.x12.validator import validator_for

    v = validator_for("005010", set_id, component_separator=":", repetition_separator="^")
    assert v is not None
    for pos, (tag, values) in enumerate(segments, start=1):
        v.feed([tag, *values], pos)
    for issue in v.finish():
        assert issue.level in ("segment", "element") and issue.code and issue.message
        assert issue.segment_id is not None
