"""Property tests: the batch path (``SetValidator.consume``) gives exactly what ``feed`` gives.

``consume`` validates most segments inline from precomputed one-lookup tables and hands every
other case to ``feed`` before the state moves; ``EnvelopeChecker.run`` uses it whenever the
validator has it. These tests feed randomly damaged sets (segments dropped, repeated, moved,
inserted from elsewhere, elements altered) both ways and require identical issues (every field),
and identical file reports through the envelope with and without ``consume``.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.errors import Issue
from gateway.x12.engine import validate_stream
from gateway.x12.envelope import default_validator_factory
from gateway.x12.validator import validator_for
from tests.x12.core_fixtures import group, interchange, text
from tests.x12.test_validator_samples import VALID, VERSIONS_OF

STOP = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
CASES = sorted((s, v) for s, vs in VERSIONS_OF.items() for v in vs)
# segments of other sets, unknown or malformed tags, and loop triggers out of place
FOREIGN = ["ZZZ*1", "N1*ST*X", "PO1*9*1*EA", "HL*9*8*I", "LX*2", "PID*F****X", "DTM*002*20240231",
           "REF*DP", "CTT*1", "12*3", "W01*1*EA", "AK2*850*0001", "N9*BM*1", "SE*1*0001"]
VALUES = ["", "1", "1O", "EA", "ZZ", "20240131", "20241301", "1200", "2.5", "-3", "A" * 40, "X:Y", "\x01"]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, str, list[list[str]]]:
    """A valid sample set with up to six random edits; the ST is kept so the set starts."""
    set_id, version = draw(st.sampled_from(CASES))
    lines = [line.split("*") for line in VALID[set_id]]
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "repeat", "move", "insert", "value", "block"]))
        k = draw(st.integers(1, max(len(lines) - 1, 1)))
        if k >= len(lines):
            continue
        if op == "delete":
            del lines[k]
        elif op == "repeat":
            lines[k:k] = [list(lines[k])] * draw(st.integers(1, 3))
        elif op == "move":
            seg = lines.pop(k)
            lines.insert(draw(st.integers(1, len(lines))), seg)
        elif op == "insert":
            lines.insert(k, draw(st.sampled_from(FOREIGN)).split("*"))
        elif op == "block":
            end = draw(st.integers(k, len(lines)))
            lines[end:end] = [list(s) for s in lines[k:end]]
        else:
            seg = list(lines[k])
            if len(seg) > 1:
                seg[draw(st.integers(1, len(seg) - 1))] = draw(st.sampled_from(VALUES))
            lines[k] = seg
    return set_id, version, lines


def by_feed(set_id: str, version: str, lines: list[list[str]]) -> list[Issue]:
    v = validator_for(version, set_id)
    assert v is not None
    for pos, seg in enumerate(lines, start=1):
        v.feed(list(seg), pos)
    return v.finish()


def by_consume(set_id: str, version: str, lines: list[list[str]]) -> list[Issue]:
    """What the envelope does: consume until a control segment, feed that one, go on."""
    v = validator_for(version, set_id)
    assert v is not None
    it = iter([(list(seg), i, 0) for i, seg in enumerate(lines, start=1)])
    pending, count = v.consume(it, 0, STOP)
    while pending is not None:
        count += 1
        v.feed(pending[0], count)
        pending, count = v.consume(it, count, STOP)
    assert count == len(lines)
    return v.finish()


@settings(max_examples=300, deadline=None)
@given(damaged())
def test_consume_reports_exactly_what_feed_reports(case: tuple[str, str, list[list[str]]]) -> None:
    set_id, version, lines = case
    assert by_consume(set_id, version, lines) == by_feed(set_id, version, lines)


def test_consume_is_exercised_and_finds_problems() -> None:
    """The comparison above is not vacuous: consume sees the errors feed sees."""
    lines = [line.split("*") for line in VALID["850"]]
    lines.insert(14, ["PID", "F", "", "", "", "X"])  # a second PID loop in the line: fine
    lines.insert(3, ["CUR", "BY", "USD"])  # CUR twice: max use 1
    lines[12] = ["PO1", "1", "1O", "EA"]
    issues = by_consume("850", "004010", lines)
    assert [(i.code, i.segment_id) for i in issues] == [("5", "CUR"), ("6", "PO1")]
    assert issues == by_feed("850", "004010", lines)


class _FeedOnly:
    """The map validator without its batch path: the envelope must fall back to feed."""

    def __init__(self, inner: object) -> None:
        self._inner = inner

    def feed(self, elements: list[str], position: int) -> None:
        self._inner.feed(elements, position)  # type: ignore[attr-defined]

    def finish(self) -> list[Issue]:
        return self._inner.finish()  # type: ignore[attr-defined, no-any-return]


def _feed_only_factory(version: str, set_id: str, delimiters: object) -> _FeedOnly | None:
    inner = default_validator_factory(version, set_id, delimiters)  # type: ignore[arg-type]
    return _FeedOnly(inner) if inner is not None else None


@settings(max_examples=60, deadline=None)
@given(st.lists(damaged(), min_size=1, max_size=3))
def test_envelope_reports_match_with_and_without_consume(cases: list[tuple[str, str, list[list[str]]]]) -> None:
    bodies = [["*".join(s) for s in lines[1:] if s[0] not in STOP] for _s, _v, lines in cases]
    version = cases[0][1]
    segments = interchange([group(bodies, version=version, set_ids=[c[0] for c in cases])],
                           version="00501" if version >= "005010" else "00401",
                           r="^" if version >= "005010" else "U")
    data = text(segments).encode("utf-8", "surrogateescape")
    fast = validate_stream(io.BytesIO(data), "t.edi")
    slow = validate_stream(io.BytesIO(data), "t.edi", validator_factory=_feed_only_factory)
    assert fast.to_dict() == slow.to_dict()
