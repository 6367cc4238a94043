"""ISO 9735 syntax error codes 45 (trailing separator) and 48 (dependency note violated)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gateway.control_numbers import MemoryAllocator
from gateway.edifact import maps
from gateway.edifact.chars import DEFAULT_CHARS
from gateway.edifact.elements import note_holds
from gateway.edifact.engine import acknowledge_file, validate_file
from gateway.edifact.structure import MessageValidator
from gateway.report import SetReport
from tests.edifact.conftest import ORDERS_BODY, interchange, message

Writer = Callable[..., Path]


def set_errors(edi_file: Writer, body: list[str], syntax: str = "UNOC:3", una: str | None = "UNA:+.? '",
               msg_id: str = "ORDERS:D:96A:UN") -> list[tuple[str, str | None, int | None, int | None, int | None]]:
    report: SetReport = validate_file(edi_file(interchange([message(body=body, msg_id=msg_id)], syntax=syntax,
                                                           una=una))).all_sets()[0]
    return [(i.code, i.segment_id, i.segment_position, i.element_position, i.component_position)
            for i in report.issues if i.severity == "error"]


def with_segment(index: int, segment: str) -> list[str]:
    """ORDERS_BODY with body line ``index`` replaced (message position = index + 2)."""
    body = list(ORDERS_BODY)
    body[index] = segment
    return body


@pytest.mark.parametrize(("segment", "expected"), [
    # Segment ends with a data element separator: the empty last element is the trailing one.
    ("NAD+BY+5412345000013::9+", [("45", "NAD", 4, 3, None)]),
    ("NAD+BY+5412345000013::9++", [("45", "NAD", 4, 4, None)]),
    # Segment ends with a component separator.
    ("NAD+BY+5412345000013::9:", [("45", "NAD", 4, 2, 4)]),
    # A composite ends with a component separator before the next element.
    ("DTM+137:20260101:102:", [("45", "DTM", 3, 1, 4)]),
    ("NAD+BY+5412345000013::+X", [("45", "NAD", 4, 2, 3)]),
])
def test_trailing_separator_is_45(edi_file: Writer, segment: str, expected: list[tuple]) -> None:
    index = 1 if segment.startswith("DTM") else 2
    assert set_errors(edi_file, with_segment(index, segment)) == expected


def test_released_separator_at_the_end_is_data_not_45(edi_file: Writer) -> None:
    # '?+' and '?:' are data: the NAD's last component is "9+" / the IMD text ends in ':'.
    body = with_segment(2, "NAD+BY+5412345000013::9+++NAME?+")
    assert set_errors(edi_file, body) == []
    body = [*ORDERS_BODY[:5], "IMD+F++:::TEXT?:", *ORDERS_BODY[5:]]
    assert set_errors(edi_file, body) == []


def test_trailing_repetition_separator_is_45_in_syntax4(edi_file: Writer) -> None:
    # Syntax 4 without UNA: '*' is the repetition separator; a segment must not end with it.
    body = with_segment(2, "NAD+BY+5412345000013::9*")
    codes = [e[0] for e in set_errors(edi_file, body, syntax="UNOC:4", una=None)]
    assert "45" in codes


def test_45_reaches_the_contrl_as_ucd(edi_file: Writer) -> None:
    body = with_segment(2, "NAD+BY+5412345000013::9+")
    path = edi_file(interchange([message("1", body=body)], syntax="UNOC:4", una=None))
    out = [ln for ln in acknowledge_file(path, allocator=MemoryAllocator()).splitlines() if ln]
    assert "UCM+1+ORDERS:D:96A:UN+4'" in out
    assert out[out.index("UCS+4'") + 1] == "UCD+45+3'"


@pytest.mark.parametrize(("kind", "present", "holds"), [
    ("D1", [True, False, False], True), ("D1", [True, True, False], False), ("D1", [False, False], False),
    ("D2", [True, True], True), ("D2", [False, False], True), ("D2", [True, False], False),
    ("D3", [False, True], True), ("D3", [False, False], False),
    ("D4", [False, False], True), ("D4", [True, False], True), ("D4", [True, True], False),
    ("D5", [False, True, False], True), ("D5", [True, True, True], True), ("D5", [True, True, False], False),
    ("D6", [False, False], True), ("D6", [True, False, True], True), ("D6", [True, False, False], False),
    ("D7", [False, True], True), ("D7", [True, False, False], True), ("D7", [True, False, True], False),
])
def test_dependency_note_types(kind: str, present: list[bool], holds: bool) -> None:
    assert note_holds(kind, present) is holds


def _notes_map(tmp_path: Path, notes: str) -> maps.MessageMap:
    (tmp_path / "X").mkdir()
    (tmp_path / "X" / "segments.yaml").write_text(
        "elements: {'1': an..3, '2': n..3, '3': an..3}\n"
        "composites: {C1: ['1 M', '3 C']}\n"
        "segments: {ABC: ['C1 C', '2 C', '3 C']}\n"
        f"notes: {notes}\n")
    (tmp_path / "X" / "M.yaml").write_text("message: M\nstructure: [UNH M 1, ABC C 9, UNT M 1]\n")
    return maps.load_message("X", "M", tmp_path)


@pytest.mark.parametrize(("raw", "codes"), [
    ("ABC+A:B+1+C", []),            # D5(010,020): C1 present, so 2 must be: it is.
    ("ABC++1", []),                 # C1 absent: no condition.
    ("ABC+A:B", ["48"]),            # C1 present without 2: fast path (formats fine) still sees it.
    ("ABC+A:B++C", ["48"]),
    ("ABC+A:BBBB", ["39", "48"]),   # exact path: format error and the note both reported.
])
def test_dependency_note_violation_is_48(tmp_path: Path, raw: str, codes: list[str]) -> None:
    mmap = _notes_map(tmp_path, "{ABC: ['D5(010,020)']}")
    assert mmap.segments["ABC"].notes == (("D5", (0, 1)),)
    validator = MessageValidator(mmap, DEFAULT_CHARS, ".")
    validator.segment("UNH", "UNH+1+M:X:X:UN", 1)
    validator.segment("ABC", raw, 2)
    assert sorted(i.code for i in validator.issues) == codes
    for issue in validator.issues:
        if issue.code == "48":
            assert issue.level == "segment" and issue.segment_position == 2 and issue.element_position == 1
            assert "D5(010,020)" in issue.message


@pytest.mark.parametrize("notes", ["{ABC: ['D9(010,020)']}", "{ABC: ['D5(010,040)']}", "{ABC: ['D5(010)']}",
                                   "{ABC: 'D5(010,020)'}"])
def test_malformed_dependency_note_is_refused(tmp_path: Path, notes: str) -> None:
    with pytest.raises(maps.MapError, match="ABC"):
        _notes_map(tmp_path, notes)


def test_trailing_separator_in_service_segments(edi_file: Writer) -> None:
    text = interchange([message("1")], extra_unb="++++1+")  # UNB ends with '+' after the test indicator
    ic = validate_file(edi_file(text)).interchanges[0]
    assert [(i.level, i.code, i.segment_id) for i in ic.issues] == [("interchange", "45", "UNB")]
    assert ic.status == "rejected"
    text = interchange([message("1")]).replace("UNZ+1+IC1'", "UNZ+1+IC1:'")
    ic = validate_file(edi_file(text)).interchanges[0]
    assert [(i.code, i.segment_id, i.element_position) for i in ic.issues] == [("45", "UNZ", 2)]


@pytest.mark.parametrize(("old", "new", "element"), [
    ("UNH+1+ORDERS:D:96A:UN'", "UNH+1+ORDERS:D:96A:UN:'", 2),
    ("UNT+11+1'", "UNT+11+1+'", 3),
])
def test_trailing_separator_in_unh_unt_is_message_level(edi_file: Writer, old: str, new: str, element: int) -> None:
    text = interchange([message("1")])
    assert old in text
    report = validate_file(edi_file(text.replace(old, new)))
    msg = report.all_sets()[0]
    assert [(i.level, i.code, i.element_position) for i in msg.issues if i.severity == "error"] == \
        [("set", "45", element)]
    assert report.interchanges[0].issues == []


def test_no_trailing_separator_no_45(edi_file: Writer) -> None:
    report = validate_file(edi_file(interchange([message("1"), message("2")], extra_unb="++++1")))
    assert not [i for i in report.interchanges[0].issues if i.code == "45"]
    assert all(s.status == "accepted" for s in report.all_sets())
