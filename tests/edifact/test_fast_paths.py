"""The performance shortcuts give the same answers as the plain way (reader split, chunk checks, batches).

The benchmark-driven paths are: splitting a chunk with placeholders instead of re-joining pieces,
checking the character repertoire once per chunk, and feeding a message validator a whole chunk.
Each is compared here with the straightforward computation on inputs built to hit its edges.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.edifact.engine import validate_bytes
from gateway.edifact.envelope import Walker
from gateway.edifact.reader import SegmentStream, _rejoin, _split_released
from gateway.report import FileReport


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="?'AB+\x1c\x1d\x1e\ue010", max_size=40))
def test_placeholder_split_equals_piecewise_rejoin(text: str) -> None:
    assert _split_released(text, "?", "'") == _rejoin(text.split("'"), "?", "'")


def test_release_parity_in_chunk_split() -> None:
    assert _split_released("A?'B'C??'D???'E'", "?", "'") == ["A?'B", "C??", "D???'E", ""]


def _message(i: int, ftx: str = "NOTE") -> str:
    return (f"UNH+M{i}+ORDERS:D:96A:UN'BGM+220+PO{i}+9'DTM+137:20260101:102'FTX+AAI+++{ftx}'"
            f"NAD+BY+5412345000013::9'LIN+1++4000000000001:EN'QTY+21:5'UNS+S'CNT+2:1'UNT+10+M{i}'")


def _file(bodies: list[str], syntax: str = "UNOA") -> bytes:
    body = "".join(bodies)
    return (f"UNB+{syntax}:3+S:14+R:14+260101:1200+IC1'{body}UNZ+{len(bodies)}+IC1'").encode("latin-1")


def _report(data: bytes, chunk_size: int) -> FileReport:
    walker = Walker(SegmentStream(io.BytesIO(data), source="t.edi", chunk_size=chunk_size), "t.edi")
    for _ in walker.run():
        pass
    return walker.report


def test_bad_character_in_a_later_chunk_is_still_found() -> None:
    # Lower case is outside UNOA; it sits in message 30, many chunks after the UNB.
    bodies = [_message(i, "note" if i == 30 else "NOTE") for i in range(1, 41)]
    data = _file(bodies)
    for chunk_size in (64, 300, 4096, 1 << 18):
        report = _report(data, chunk_size)
        sets = report.all_sets()
        bad = [s for s in sets if s.issues]
        assert [s.control_number for s in bad] == ["M30"], chunk_size
        issue = bad[0].issues[0]
        assert issue.code == "21" and issue.segment_id == "FTX" and issue.segment_position == 4
        assert issue.file_segment == 1 + 29 * 10 + 4


def test_chunk_size_does_not_change_the_report() -> None:
    # Structure and element errors in several messages; every chunking gives the same JSON.
    bodies = [_message(i) for i in range(1, 30)]
    bodies[5] = bodies[5].replace("QTY+21:5'", "QTY+21:5'QTY+21:X'")
    bodies[17] = bodies[17].replace("BGM+220", "BGM+ZZZ").replace("UNS+S'", "")
    data = _file(bodies)
    want = validate_bytes(data, source="t.edi").to_dict()
    for chunk_size in (16, 97, 1000, 5000):
        assert _report(data, chunk_size).to_dict() == want, chunk_size
    flagged = [s["control_number"] for i in want["interchanges"] for g in i["groups"]
               for s in g["transaction_sets"] if s["errors"]]
    assert flagged == ["M6", "M18"]
