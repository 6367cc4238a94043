"""The writer: any delimiters, a correct envelope, and refusals that name the place."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from gateway.control_numbers import MemoryAllocator
from gateway.errors import EdiWriteError
from gateway.x12.delimiters import X12Delimiters
from gateway.x12.engine import validate_stream
from gateway.x12.reader import X12Reader
from gateway.x12.writer import (
    GroupSpec,
    InterchangeHeader,
    SegmentWriter,
    SetSpec,
    check_delimiters,
    format_segment,
    write_interchange,
)

NOW = dt.datetime(2024, 3, 4, 5, 6, tzinfo=dt.UTC)
D = X12Delimiters("*", ":", "~", None)


def test_format_segment_joins_composites_and_drops_trailing_empties() -> None:
    assert format_segment(["PO1", "1", "2", "EA", "", ""], D) == "PO1*1*2*EA"
    assert format_segment(["SLN", "1", ("EA", "2", "")], D) == "SLN*1*EA:2"
    assert format_segment(["REF", "", "X"], D) == "REF**X"


@pytest.mark.parametrize(("value", "name"), [("A*B", "element separator"), ("A:B", "component separator"),
                                             ("A~B", "segment terminator"), ("A^B", "repetition separator")])
def test_value_containing_a_delimiter_is_refused_with_its_place(value: str, name: str) -> None:
    d = X12Delimiters("*", ":", "~", "^")
    with pytest.raises(EdiWriteError) as exc:
        format_segment(["N1", "ST", value], d)
    message = str(exc.value)
    assert "N102" in message and repr(value) in message and name in message


def test_component_containing_a_delimiter_is_refused() -> None:
    with pytest.raises(EdiWriteError, match=r"SLN05-2: the value 'A\*B'"):
        format_segment(["SLN", "1", "", "", "", ("EA", "A*B")], D)


@pytest.mark.parametrize("d", [X12Delimiters("*", "*", "~"), X12Delimiters("A", ":", "~"),
                               X12Delimiters("*", ":", "~", "~"), X12Delimiters("**", ":", "~")])
def test_unusable_delimiters_are_refused(d: X12Delimiters) -> None:
    with pytest.raises(EdiWriteError):
        check_delimiters(d)


def _write(delims: X12Delimiters, version: str = "00401", suffix: str = "") -> str:
    header = InterchangeHeader("ZZ", "US", "12", "5551234567", version=version, ack_requested=True, test=True)
    sets = [SetSpec("850", [["BEG", "00", "SA", "PO1", "", "20240304"], ["PO1", "1", "5", "EA"]]),
            SetSpec("850", [["BEG", "00", "SA", "PO2", "", "20240304"]])]
    groups = [GroupSpec("PO", "US", "THEM", "004010", sets)]
    return write_interchange(header, groups, delimiters=delims, allocator=MemoryAllocator(start=42),
                             partner="12:5551234567", now=NOW, suffix=suffix)


def test_envelope_is_padded_counted_and_numbered() -> None:
    out = _write(D)
    segs = out.split("~")[:-1]
    assert segs[0] == ("ISA*00*          *00*          *ZZ*US             *12*5551234567     *240304*0506*U*00401"
                       "*000000042*1*T*:")
    assert len(segs[0]) + 1 == 106
    assert segs[1] == "GS*PO*US*THEM*20240304*0506*42*X*004010"
    assert segs[2] == "ST*850*0042"
    assert segs[5] == "SE*4*0042"
    assert segs[6] == "ST*850*0043"
    assert segs[8] == "SE*3*0043"
    assert segs[9:] == ["GE*2*42", "IEA*1*000000042"]


def test_written_interchange_validates_clean_and_reads_back() -> None:
    out = _write(X12Delimiters("|", ">", "\n", "^"), version="00501")
    report = validate_stream(io.BytesIO(out.encode()), "w", validator_factory=None)
    assert not report.rejected and report.interchanges[0].issues == []
    segs = [s for s, _i, _o in X12Reader(io.BytesIO(out.encode()), "w")]
    assert segs[0][11] == "^"
    assert segs[3] == ["BEG", "00", "SA", "PO1", "", "20240304"]


def test_isa_field_too_long_is_refused() -> None:
    header = InterchangeHeader("ZZ", "A" * 16, "ZZ", "B")
    with pytest.raises(EdiWriteError, match="ISA06"):
        write_interchange(header, [], delimiters=D, allocator=MemoryAllocator(), partner="p", now=NOW)


def test_00501_needs_a_repetition_separator() -> None:
    with pytest.raises(EdiWriteError, match="repetition separator"):
        _write(D, version="00501")


def test_allocator_overflow_is_refused() -> None:
    with pytest.raises(EdiWriteError, match="1-9 digits"):
        write_interchange(InterchangeHeader("ZZ", "A", "ZZ", "B"), [], delimiters=D,
                          allocator=MemoryAllocator(start=10**9), partner="p", now=NOW)


def test_suffix_goes_after_each_terminator() -> None:
    w = SegmentWriter(D, "\r\n")
    assert w.segments([["A", "1"], ["B"]]) == "A*1~\r\nB~\r\n"
