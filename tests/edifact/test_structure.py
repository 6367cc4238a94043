"""Map-driven validation: segment order, groups, repeats, element formats and code lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.edifact import maps
from gateway.edifact.chars import DEFAULT_CHARS
from gateway.edifact.elements import check_elements, semantic_issues
from gateway.edifact.engine import validate_file
from gateway.edifact.segment import split_segment
from gateway.edifact.structure import MessageValidator
from gateway.report import SetReport
from tests.edifact.conftest import ORDERS_BODY, interchange, message

Writer = Callable[..., Path]


def validate_body(edi_file: Writer, body: list[str], msg_id: str = "ORDERS:D:96A:UN", una: str = "UNA:+.? '",
                  syntax: str = "UNOC:3") -> SetReport:
    return validate_file(edi_file(interchange([message(body=body, msg_id=msg_id)], una=una,
                                              syntax=syntax))).all_sets()[0]


def errors(msg: SetReport) -> list[tuple[str, str | None, int | None, int | None, int | None]]:
    return [(i.code, i.segment_id, i.segment_position, i.element_position, i.component_position)
            for i in msg.issues if i.severity == "error"]


def test_missing_mandatory_segment_is_13(edi_file: Writer) -> None:
    msg = validate_body(edi_file, [b for b in ORDERS_BODY if not b.startswith("BGM")])
    assert errors(msg) == [("13", "BGM", 2, None, None)]


def test_missing_uns_reported_at_unt(edi_file: Writer) -> None:
    msg = validate_body(edi_file, [b for b in ORDERS_BODY if not b.startswith("UNS")])
    assert errors(msg) == [("13", "UNS", 9, None, None)]


def test_segment_out_of_place_is_15(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:1], "LIN+1++X:EN", "DTM+137:20260101:102", *ORDERS_BODY[2:]]
    # Jumping from BGM to the line group skips the mandatory header DTM; the DTM after LIN is the
    # line's own DTM, which is allowed there.
    assert errors(validate_body(edi_file, body)) == [("13", "DTM", 3, None, None)]
    body = [*ORDERS_BODY[:5], "BGM+220+X+9", *ORDERS_BODY[5:]]
    assert errors(validate_body(edi_file, body)) == [("15", "BGM", 7, None, None)]


def test_unknown_segment_is_15(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:2], "ZZZ+1", *ORDERS_BODY[2:]]
    assert errors(validate_body(edi_file, body)) == [("15", "ZZZ", 4, None, None)]


def test_too_many_repetitions_is_35(edi_file: Writer) -> None:
    body = [ORDERS_BODY[0], *["DTM+137:20260101:102"] * 36, *ORDERS_BODY[2:]]
    assert errors(validate_body(edi_file, body)) == [("35", "DTM", 38, None, None)]


def test_group_repeated_too_often_is_36(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:2], *[f"RFF+ON:{i}" for i in range(11)], *ORDERS_BODY[2:]]
    assert errors(validate_body(edi_file, body)) == [("36", "RFF", 14, None, None)]


def test_group_trigger_opens_new_repetition(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:2], "RFF+ON:1", "DTM+171:20260101:102", "RFF+CT:2", *ORDERS_BODY[2:]]
    assert errors(validate_body(edi_file, body)) == []


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        ("QTY+21", ("13", "QTY", 7, 1, 2)),            # mandatory component missing
        ("QTY+21:1O", ("37", "QTY", 7, 1, 2)),         # not a number
        ("QTY+21:.5", ("38", "QTY", 7, 1, 2)),         # missing digit before decimal mark
        ("QTY+21:5,5", ("19", "QTY", 7, 1, 2)),        # wrong decimal mark under UNA '.'
        ("QTY+21:5.", ("19", "QTY", 7, 1, 2)),         # decimal mark with no digit after it
        ("QTY+21:1234567890123456", ("39", "QTY", 7, 1, 2)),  # n..15
        ("QTY+21:10:PCEX", ("39", "QTY", 7, 1, 3)),    # an..3
        ("QTY+21:10:PCE:X", ("16", "QTY", 7, 1, 4)),   # too many components
        ("QTY+21:10+X", ("16", "QTY", 7, 2, None)),    # too many elements
        ("QTY+21?:5:10", ("39", "QTY", 7, 1, 1)),      # released ':' is data: '21:5' is too long
    ],
)
def test_element_errors(edi_file: Writer, segment: str, expected: tuple) -> None:
    body = [s if not s.startswith("QTY") else segment for s in ORDERS_BODY]
    assert expected in errors(validate_body(edi_file, body))


def test_closed_code_list_is_12_open_list_only_warns(edi_file: Writer) -> None:
    body = [s if not s.startswith("UNS") else "UNS+X" for s in ORDERS_BODY]
    assert errors(validate_body(edi_file, body)) == [("12", "UNS", 9, 1, None)]
    body = [s if not s.startswith("NAD+BY") else "NAD+QQ+5412345000013::9" for s in ORDERS_BODY]
    msg = validate_body(edi_file, body)
    assert errors(msg) == [] and [i.code for i in msg.issues] == ["12"]


def test_alphabetic_element_rejects_digits(edi_file: Writer) -> None:
    body = [s if not s.startswith("UNS") else "UNS+1" for s in ORDERS_BODY]
    assert ("37", "UNS", 9, 1, None) in errors(validate_body(edi_file, body))


def test_invalid_calendar_date_is_12(edi_file: Writer) -> None:
    body = [s if not s.startswith("DTM") else "DTM+137:19999715:102" for s in ORDERS_BODY]
    assert errors(validate_body(edi_file, body)) == [("12", "DTM", 3, 1, 2)]


def test_decimal_comma_when_una_says_so_and_either_without_una(edi_file: Writer) -> None:
    comma = [s.replace("12.50", "12,50") for s in ORDERS_BODY]
    assert errors(validate_body(edi_file, comma, una="UNA:+,? '")) == []
    assert errors(validate_body(edi_file, comma, una=None)) == []
    assert errors(validate_body(edi_file, ORDERS_BODY, una=None)) == []


def test_d01b_orders_and_bgm_composite(edi_file: Writer) -> None:
    body = ["BGM+220+PO1:1:A+9", *ORDERS_BODY[1:]]
    assert errors(validate_body(edi_file, body, msg_id="ORDERS:D:01B:UN:EAN010")) == []
    # In D.96A the document number is a simple element: a component there is error 16.
    assert ("16", "BGM", 2, 2, 2) in errors(validate_body(edi_file, body))


@pytest.mark.parametrize(("directory", "message"), maps.available())
def test_every_map_loads_and_defines_its_segments(directory: str, message: str) -> None:
    mmap = maps.load_message(directory, message)
    tags: set[str] = set()

    def walk(node: maps.Node) -> None:
        for child in node.children:
            if child.is_group:
                walk(child)
            else:
                tags.add(child.tag)

    walk(mmap.root)
    assert tags - set(mmap.segments) == {"UNH", "UNT"}
    assert mmap.root.children[0].tag == "UNH" and mmap.root.children[-1].tag == "UNT"


def test_map_with_yaml_boolean_code_is_refused(tmp_path: Path) -> None:
    (tmp_path / "X").mkdir()
    (tmp_path / "X" / "segments.yaml").write_text("elements: {'1': an..3}\ncodes: {'1': {values: [ON]}}\n")
    (tmp_path / "X" / "M.yaml").write_text("message: M\nstructure: [UNH M 1, UNT M 1]\n")
    with pytest.raises(maps.MapError, match="boolean"):
        maps.load_message("X", "M", tmp_path)


# Fast path (one regex) and exact path (split and check) must agree on validity.
_QTY_VALUES = st.text(alphabet="0123456789.,-:+?AX ", min_size=0, max_size=20)


@settings(max_examples=300, deadline=None)
@given(tag=st.sampled_from(["QTY", "PRI", "NAD", "LIN", "DTM", "MOA", "BGM", "UNS"]), rest=_QTY_VALUES)
def test_fast_path_never_accepts_what_the_exact_path_rejects(tag: str, rest: str) -> None:
    mmap = maps.load_message("D96A", "ORDERS")
    raw = f"{tag}+{rest}"
    validator = MessageValidator(mmap, DEFAULT_CHARS, ".")
    fast = validator._fast.get(tag)
    if fast is None or "?" in raw:
        return
    m = fast[0].fullmatch(raw)
    fast_ok = m is not None and all(
        m.group(g) is None or (len(m.group(g)) <= hi and (codes is None or m.group(g) in codes))
        for g, codes, hi in fast[1])
    if fast_ok:
        _, els = split_segment(raw, DEFAULT_CHARS)
        exact = [i for i in check_elements(mmap.segments[tag], els, 2, ".") if i.severity == "error"]
        # After a fast match only the semantic check (DTM dates) may still find something.
        assert exact == semantic_issues(mmap.segments[tag], els, 2), (raw, exact)


@pytest.mark.parametrize(("unit", "codes"), [("PCE", []), ("GBND", ["39"])])
def test_d01b_measurement_unit_is_an3(edi_file: Writer, unit: str, codes: list[str]) -> None:
    # 6411 is an..3 in D.01B as in D.96A (widened to an..8 only in later directories).
    body = [b if not b.startswith("QTY") else f"QTY+21:2:{unit}" for b in ORDERS_BODY]
    found = errors(validate_body(edi_file, body, msg_id="ORDERS:D:01B:UN:EAN010"))
    assert [e[0] for e in found] == codes
    if codes:
        assert found[0][1:] == ("QTY", 7, 1, 3)
