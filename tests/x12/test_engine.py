"""Engine entry points: validate_file, acknowledge_file, iter_transaction_sets, inspect and summary."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gateway.errors import EdiInputError
from gateway.x12 import engine
from tests.x12.core_fixtures import FakeFactory, body_850, element_issue, group, interchange, isa, text


def write(tmp_path: Path, data: str, name: str = "in.edi") -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8"))
    return p


def test_validate_file_and_missing_file(tmp_path: Path) -> None:
    p = write(tmp_path, text(interchange()))
    report = engine.validate_file(p, validator_factory=FakeFactory())
    assert report.syntax == "x12" and report.source == str(p)
    assert not report.rejected
    with pytest.raises(EdiInputError, match="No such file"):
        engine.validate_file(tmp_path / "nope.edi")


def test_iter_transaction_sets_yields_each_set_with_its_envelope(tmp_path: Path) -> None:
    second = interchange([group([body_850(3)], fid="PO", control="9")], control="000000002")
    second[0] = isa(e="|", c=">", control="000000002", sender="OTHER", usage="T")
    data = text(interchange([group([body_850(1), body_850(2)])])) + text(second, term="\n", suffix="", e="|")
    sets = list(engine.iter_transaction_sets(write(tmp_path, data), chunk_size=16))
    assert [(s.set_id, s.control_number, s.interchange_control_number) for s in sets] == [
        ("850", "0001", "000000001"), ("850", "0002", "000000001"), ("850", "0001", "000000002")]
    first, last = sets[0], sets[2]
    assert first.segments[0] == ["ST", "850", "0001"] and first.segments[-1] == ["SE", "7", "0001"]
    assert first.find("PO1") == [["PO1", "1", "2", "EA", "9.95", "", "VN", "ITEM1"]]
    assert (first.functional_id, first.group_control_number, first.version) == ("PO", "1", "004010")
    assert (first.sender_qualifier, first.sender_id, first.receiver_id) == ("ZZ", "SENDER", "RECEIVER")
    assert (first.app_sender, first.app_receiver, first.test) == ("APPSEND", "APPRECV", False)
    assert first.first_file_segment == 3
    assert last.delimiters.element == "|" and last.sender_id == "OTHER" and last.test
    assert len(last.find("PO1")) == 3


def test_iter_transaction_sets_skips_sets_cut_short(tmp_path: Path) -> None:
    segs = [s for s in interchange([group([body_850(), body_850()])]) if s != "SE*7*0001"]
    sets = list(engine.iter_transaction_sets(write(tmp_path, text(segs))))
    assert [s.control_number for s in sets] == ["0002"]


def test_acknowledge_file_uses_the_allocator(tmp_path: Path) -> None:
    from gateway.control_numbers import MemoryAllocator

    out = engine.acknowledge_file(write(tmp_path, text(interchange())), allocator=MemoryAllocator(start=7),
                                  validator_factory=FakeFactory())
    assert "*000000007*" in out.splitlines()[0] and "ST*997*0007~" in out


def test_print_summary_lists_verdicts_and_explained_problems(tmp_path: Path) -> None:
    segs = [("SE*99*0001" if s.startswith("SE") else s) for s in interchange()]
    report = engine.validate_file(write(tmp_path, text(segs)),
                                  validator_factory=FakeFactory({"0001": [element_issue(5)]}))
    out = io.StringIO()
    engine.print_summary(report, out)
    text_out = out.getvalue()
    assert "REJECTED" in text_out
    assert "set 850 0001: rejected, 2 error(s)" in text_out
    assert "SE01 says '99' segments but the set has 7" in text_out
    assert "AK502 4: number of included segments (SE01) does not match the actual count" in text_out
    assert "PO1 at segment 5, element 02: quantity '1O' is not a number" in text_out
    assert "AK403 6: invalid character in data element" in text_out


def test_inspect_shows_the_tree_with_problems_under_their_segment(tmp_path: Path) -> None:
    p = write(tmp_path, text(interchange()))
    out = io.StringIO()
    engine.inspect_file(p, out, validator_factory=FakeFactory({"0001": [element_issue(4)]}))
    lines = out.getvalue().splitlines()
    po1 = next(n for n, line in enumerate(lines) if "PO1*1*2*EA" in line)
    assert "quantity '1O' is not a number" in lines[po1 + 1]
    assert "ERROR" in lines[po1 + 1]
    assert any("-- interchange 000000001 from ZZ:SENDER to ZZ:RECEIVER: accepted [TA1 A]" in x for x in lines)
    assert any("-- transaction set 850 0001: rejected" in x for x in lines)
    # nesting: body segments are indented deeper than their ST
    st = next(x for x in lines if "ST*850*0001" in x)
    assert len(lines[po1]) - len(lines[po1].lstrip()) > len(st) - len(st.lstrip())


def test_inspect_prints_undecodable_bytes_readably(tmp_path: Path) -> None:
    p = tmp_path / "latin.edi"
    p.write_bytes(text(interchange()).replace("STORE 12", "STORE\xe9").encode("latin-1"))
    out = io.StringIO()
    engine.inspect_file(p, out, validator_factory=FakeFactory())
    assert "N1*ST*STORE\\xe9" in out.getvalue()
