"""Reader and tokenizer: UNA, defaults, release parity, tolerated layout, chunk boundaries."""

from __future__ import annotations

import io

import pytest

from gateway.edifact.chars import DEFAULT_CHARS, ServiceChars, parse_una
from gateway.edifact.reader import SegmentStream, read_head
from gateway.edifact.segment import Repeated, split_segment
from gateway.errors import EdiInputError


def segments(data: bytes, chunk_size: int = 1 << 16) -> list[str]:
    stream = SegmentStream(io.BytesIO(data), source="t.edi", chunk_size=chunk_size)
    return list(stream)


def test_una_sets_all_six_characters() -> None:
    chars = parse_una("UNA=*,? ~")
    assert chars == ServiceChars("=", "*", ",", "?", " ", "~")


def test_defaults_without_una_and_syntax4_repetition() -> None:
    head = read_head(b"UNB+UNOA:3+S+R+260101:1200+1'")
    assert head.chars == DEFAULT_CHARS and not head.una_present and head.syntax_id == "UNOA"
    head4 = read_head(b"UNB+UNOC:4+S+R+20260101:1200+1'")
    assert head4.chars.repetition == "*" and head4.syntax_version == 4


def test_bom_and_blank_lines_before_una() -> None:
    head = read_head(b"\xef\xbb\xbf\r\n  UNA:+,? 'UNB+UNOC:3+S+R+260101:1200+1'")
    assert head.una_present and head.chars.decimal == ","


@pytest.mark.parametrize("una", ["UNA:+.? ", "UNA::.? '", "UNA:+x? '", "UNA:+.+ '", "UNA:+:? '"])
def test_bad_una_is_refused_with_code_20_or_short(una: str) -> None:
    with pytest.raises(EdiInputError) as exc:
        parse_una(una, source="x.edi")
    assert "x.edi" in str(exc.value)


def test_release_parity() -> None:
    data = b"UNB+UNOC:3+S+R+260101:1200+1'FTX+AAI+++A?'B'FTX+AAI+++C??'FTX+AAI+++D???'E'"
    segs = segments(data)
    assert segs[1] == "FTX+AAI+++A?'B"
    assert segs[2] == "FTX+AAI+++C??"
    assert segs[3] == "FTX+AAI+++D???'E"
    assert split_segment(segs[1], DEFAULT_CHARS)[1][3] == ["A'B"]
    assert split_segment(segs[2], DEFAULT_CHARS)[1][3] == ["C?"]
    assert split_segment(segs[3], DEFAULT_CHARS)[1][3] == ["D?'E"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_chunk_boundaries_anywhere(chunk: int) -> None:
    data = (b"UNA:+.? '\r\n  UNB+UNOC:3+S+R+260101:1200+1'\n    FTX+AAI+++A??'FTX+AAI+++B?'C'\n"
            b"UNZ+0+1'\n")
    assert segments(data, chunk_size=chunk) == [
        "UNB+UNOC:3+S+R+260101:1200+1", "FTX+AAI+++A??", "FTX+AAI+++B?'C", "UNZ+0+1"]


def test_newlines_inside_elements_are_dropped_80_column_wrap() -> None:
    data = b"UNB+UNOA:3+S+R+260101:1200+000\n00000778'UNH+1+INV\nOIC:D:97B:UN'"
    assert segments(data)[0].endswith("+00000000778")
    assert segments(data)[1] == "UNH+1+INVOIC:D:97B:UN"


def test_newline_as_terminator_is_kept() -> None:
    data = b"UNA:+.? \nUNB+UNOC:3+S+R+260101:1200+1\nUNZ+0+1\n"
    assert segments(data) == ["UNB+UNOC:3+S+R+260101:1200+1", "UNZ+0+1"]


def test_repetition_separator_syntax4() -> None:
    chars = DEFAULT_CHARS.for_syntax(4)
    tag, els = split_segment("COM+s11:AA*s21:AA*s31:AA", chars)
    assert tag == "COM"
    assert isinstance(els[0], Repeated)
    assert els[0] == ["s11", "AA"]
    assert els[0].repetitions == [["s11", "AA"], ["s21", "AA"], ["s31", "AA"]]
    # In syntax 3 the same text is data.
    assert split_segment("COM+a*b:TE", DEFAULT_CHARS)[1] == [["a*b", "TE"]]


def test_escaped_separators_resolved() -> None:
    _tag, els = split_segment("IMD+F++:::O?'REILLY ?+ SONS?: 50% ??", DEFAULT_CHARS)
    assert els[2] == ["", "", "", "O'REILLY + SONS: 50% ?"]


def test_private_use_placeholders_in_data_take_the_slow_path() -> None:
    _tag, els = split_segment("FTX+AAI+++\ue000?+x", DEFAULT_CHARS)
    assert els[3] == ["\ue000+x"]


def test_no_terminator_for_megabytes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import gateway.edifact.reader as reader

    monkeypatch.setattr(reader, "MAX_SEGMENT", 1000)
    data = b"UNB+UNOC:3+S+R+260101:1200+1" + b"X" * 5000
    with pytest.raises(EdiInputError, match="no segment terminator"):
        segments(data, chunk_size=256)
