"""The streaming reader against every quirk real files have (inline fixtures, one quirk each)."""

from __future__ import annotations

import io

import pytest

from gateway.errors import EdiInputError
from gateway.x12.delimiters import X12Delimiters, parse_isa
from gateway.x12.reader import X12Reader
from tests.x12.core_fixtures import interchange, isa, text

CHUNKS = [1, 2, 3, 7, 64, 1 << 20]


def read(data: bytes | str, chunk_size: int = 1 << 20) -> tuple[list[list[str]], X12Reader]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    reader = X12Reader(io.BytesIO(raw), "test.edi", chunk_size=chunk_size)
    return [seg for seg, _i, _o in reader], reader


def tags(data: bytes | str, chunk_size: int = 1 << 20) -> list[str]:
    return [s[0] for s in read(data, chunk_size)[0]]


BASIC_TAGS = ["ISA", "GS", "ST", "BEG", "N1", "PO1", "PID", "CTT", "SE", "GE", "IEA"]


@pytest.mark.parametrize("chunk", CHUNKS)
def test_plain_tilde_terminated_file_at_any_chunk_size(chunk: int) -> None:
    segs, reader = read(text(interchange(), suffix=""), chunk)
    assert [s[0] for s in segs] == BASIC_TAGS
    assert segs[3] == ["BEG", "00", "SA", "PO1001", "", "20240131"]
    assert reader.delimiters == X12Delimiters("*", ":", "~", None)


def test_isa_elements_are_the_sixteen_fields() -> None:
    segs, _ = read(text(interchange()))
    assert len(segs[0]) == 17
    assert segs[0][13] == "000000001"
    assert segs[0][16] == ":"


@pytest.mark.parametrize("suffix", ["\n", "\r\n", "\r\n\r\n"])
def test_line_breaks_after_the_terminator_are_ignored(suffix: str) -> None:
    assert tags(text(interchange(), suffix=suffix)) == BASIC_TAGS


@pytest.mark.parametrize("chunk", CHUNKS)
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_line_end_as_the_terminator(eol: str, chunk: int) -> None:
    segs, reader = read(text(interchange(), term="", suffix=eol), chunk)
    assert [s[0] for s in segs] == BASIC_TAGS
    assert segs[-1] == ["IEA", "1", "000000001"]
    assert reader.delimiters is not None and reader.delimiters.segment in ("\n", "\r")


def test_utf8_bom_and_blank_lines_before_isa() -> None:
    assert tags("\ufeff\r\n\n  " + text(interchange())) == BASIC_TAGS


def test_indentation_is_removed() -> None:
    segs = interchange()
    indented = "".join(("  " * min(n, 3)) + s + "~\r\n" for n, s in enumerate(segs))
    got, _ = read(indented)
    assert [s[0] for s in got] == BASIC_TAGS
    assert got[3][0] == "BEG"


@pytest.mark.parametrize("chunk", [1, 5, 80, 1 << 20])
def test_hard_wrapped_at_80_columns(chunk: int) -> None:
    flat = text(interchange(), suffix="")
    wrapped = "\n".join(flat[i:i + 80] for i in range(0, len(flat), 80)) + "\n"
    assert "\n" in wrapped[:106]  # the ISA itself is wrapped
    assert read(wrapped, chunk)[0] == read(flat)[0]


def test_isa_padded_with_nbsp_and_unpadded() -> None:
    nbsp = isa().replace("          ", " \xa0 \xa0 \xa0 \xa0 \xa0")
    segs = interchange()
    segs[0] = nbsp
    got, reader = read(text(segs))
    assert [s[0] for s in got] == BASIC_TAGS
    assert reader.isa is not None and reader.isa.field(2) == ""
    trimmed = "ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*240131*1200*U*00401*000000001*0*P*:"
    segs[0] = trimmed
    got, reader = read(text(segs))
    assert [s[0] for s in got] == BASIC_TAGS
    assert reader.isa is not None and reader.isa.field(6) == "SENDER"


@pytest.mark.parametrize("sender", ["SHORT12CHARS", "SIXTEEN_CHARS_ID"])
def test_isa06_of_12_or_16_characters(sender: str) -> None:
    segs = interchange()
    segs[0] = segs[0].replace("SENDER         ", sender)
    got, reader = read(text(segs))
    assert [s[0] for s in got] == BASIC_TAGS
    assert reader.isa is not None and reader.isa.field(6) == sender


def test_space_then_crlf_after_isa16_means_the_line_end_terminates() -> None:
    lines = interchange()
    data = "".join(s + " \r\n" for s in lines)
    data = data.replace("N1*ST*STORE 12", "N1*ST*STORE 12 WITH SPACES")
    got, reader = read(data)
    assert [s[0] for s in got] == BASIC_TAGS
    assert got[4] == ["N1", "ST", "STORE 12 WITH SPACES"]
    assert reader.delimiters is not None and reader.delimiters.segment == "\n"


@pytest.mark.parametrize("chunk", [1, 2, 4, 1 << 20])
def test_multibyte_terminator(chunk: int) -> None:
    data = text(interchange(), term="\u2026", suffix="\r\n")
    got, reader = read(data, chunk)
    assert [s[0] for s in got] == BASIC_TAGS
    assert reader.delimiters is not None and reader.delimiters.segment == "\u2026"


def test_binary_delimiters() -> None:
    segs = interchange()
    segs[0] = isa(e="\x1d", c="\x1f")
    data = text(segs, term="\x1c", suffix="", e="\x1d")
    got, reader = read(data)
    assert [s[0] for s in got] == BASIC_TAGS
    assert reader.delimiters == X12Delimiters("\x1d", "\x1f", "\x1c", None)
    assert got[5][:3] == ["PO1", "1", "2"]


def test_several_interchanges_with_different_delimiters() -> None:
    first = text(interchange(control="000000001"))
    second_segs = interchange(control="000000002")
    second_segs[0] = isa(e="|", c=">", control="000000002")
    second = text(second_segs, term="\n", suffix="", e="|")
    third = text(interchange(control="000000003"), term="!", suffix="\r\n")
    for chunk in CHUNKS:
        got, _ = read(first + second + third, chunk)
        assert [s[0] for s in got] == BASIC_TAGS * 3, chunk
        assert got[11][13] == "000000002"
        assert got[16] == ["PO1", "1", "2", "EA", "9.95", "", "VN", "ITEM1"]


def test_same_delimiters_in_back_to_back_interchanges_stay_in_one_split() -> None:
    data = text(interchange(control="000000001")) + text(interchange(control="000000002"))
    got, reader = read(data)
    assert [s[0] for s in got] == BASIC_TAGS * 2
    assert reader.isa is not None and reader.isa.field(13) == "000000002"


def test_ta1_before_gs_and_isb_ise() -> None:
    segs = interchange(leading=["TA1*000000009*240130*1100*A*000", "ISB*1", "ISE*1"])
    assert tags(text(segs)) == ["ISA", "TA1", "ISB", "ISE", *BASIC_TAGS[1:]]


def test_repetition_separator_from_00501_only() -> None:
    _, reader = read(text(interchange(r="^", version="00501")))
    assert reader.delimiters is not None and reader.delimiters.repetition == "^"
    _, reader = read(text(interchange(r="U", version="00401")))
    assert reader.delimiters is not None and reader.delimiters.repetition is None
    _, reader = read(text(interchange(r="^", version="00401")))
    assert reader.delimiters is not None and reader.delimiters.repetition is None


def test_segment_index_and_offset_locate_each_segment() -> None:
    data = text(interchange(), suffix="\n")
    reader = X12Reader(io.BytesIO(data.encode()), "t")
    found = list(reader)
    assert [i for _s, i, _o in found] == list(range(1, len(BASIC_TAGS) + 1))
    for seg, _i, off in found:
        assert data[off:].lstrip().startswith(seg[0])


def test_odd_bytes_survive_as_surrogates() -> None:
    data = text(interchange()).replace("STORE 12", "STORE\xe9").encode("latin-1")
    got, _ = read(data)
    assert got[4][2] == "STORE\udce9"


def test_trailing_text_after_iea_is_still_cut_with_the_last_delimiters() -> None:
    got, _ = read(text(interchange()) + "IEA*1*000000099~")
    assert [s[0] for s in got] == [*BASIC_TAGS, "IEA"]


def test_last_segment_without_terminator() -> None:
    data = text(interchange(), suffix="")[:-1]
    assert tags(data) == BASIC_TAGS


@pytest.mark.parametrize(("data", "reason"), [
    ("", "empty"),
    ("hello world, this is not EDI", "not an X12 interchange"),
    ("ISA 00*          *00*", "element separator"),
    ("ISA*00*          *00*          *ZZ*S~", "only"),
    (isa() + "GS*PO", "letter or digit"),
    (isa() + ":GS", "same as another"),
    (isa()[:-1] + "**GS", "same as the element separator"),
])
def test_unreadable_input_is_refused_with_a_clear_reason(data: str, reason: str) -> None:
    with pytest.raises(EdiInputError) as exc:
        read(data)
    assert reason in str(exc.value)
    assert "test.edi" in str(exc.value)


def test_runaway_segment_is_refused_not_buffered_forever() -> None:
    data = text(interchange()[:3]) + "N1*" + "A" * 5000
    reader = X12Reader(io.BytesIO(data.encode()), "big.edi", chunk_size=512, max_segment=2000)
    with pytest.raises(EdiInputError, match="no segment terminator"):
        list(reader)


def test_parse_isa_asks_for_more_text_until_eof() -> None:
    head = isa()
    assert parse_isa(head[:50], 0, eof=False) is None
    assert parse_isa(head, 0, eof=False) is None  # the terminator is not there yet
    found = parse_isa(head + "~GS", 0, eof=False)
    assert found is not None and found.end == len(head) + 1


def test_latin1_nbsp_padding_is_stripped_from_isa_fields() -> None:
    segs = interchange()
    segs[0] = isa(sender="SENDER").replace("SENDER         ", "SENDER\xa0\xa0\xa0")
    _, reader = read(text(segs).encode("latin-1"))
    assert reader.isa is not None and reader.isa.field(6) == "SENDER"
