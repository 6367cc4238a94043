"""Property tests: any UNA and any values round-trip through writer and reader; mutated files only
ever raise the project's own errors."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.edifact.chars import ServiceChars
from gateway.edifact.engine import acknowledge_file, iter_messages, validate_file
from gateway.edifact.reader import SegmentStream
from gateway.edifact.segment import Repeated, split_segment
from gateway.edifact.writer import format_segments
from gateway.errors import GatewayError
from tests.conftest import CORPUS
from tests.edifact.conftest import interchange, message

POOL = ":+?'*~|^!#=@;/&%$<>\"_[]{}`\\"


@st.composite
def service_chars(draw: st.DrawFn) -> ServiceChars:
    comp, elem, rel, term, rep = draw(st.lists(st.sampled_from(POOL), min_size=5, max_size=5, unique=True))
    use_rep = draw(st.booleans())
    return ServiceChars(comp, elem, draw(st.sampled_from(".,")), rel, rep if use_rep else " ", term)


def values(chars: ServiceChars) -> st.SearchStrategy[str]:
    alphabet = st.sampled_from(list(chars.separators + chars.decimal + "AZaz09 .,-é"))
    return st.text(alphabet=alphabet, min_size=1, max_size=12)


def _trim(items: list) -> list:
    while items and (items[-1] == "" or items[-1] == []):
        items.pop()
    return items


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_write_then_read_returns_the_same_values(data: st.DataObject) -> None:
    chars = data.draw(service_chars())
    val = values(chars)
    segs = []
    for _ in range(data.draw(st.integers(1, 4))):
        elements: list = []
        for _ in range(data.draw(st.integers(1, 5))):
            comps = data.draw(st.lists(val, min_size=1, max_size=3))
            if chars.repetition != " " and data.draw(st.booleans()):
                elements.append(Repeated([comps, data.draw(st.lists(val, min_size=1, max_size=3))]))
            else:
                elements.append(comps)
        segs.append(("FTX", elements))
    text = format_segments(segs, chars, una=True, newline=data.draw(st.booleans()))
    stream = SegmentStream(io.BytesIO(text.encode("utf-8")), chunk_size=data.draw(st.integers(1, 64)))
    stream.head.codec = "utf-8"
    assert stream.chars == chars
    read = [split_segment(raw, chars) for raw in stream]
    assert [t for t, _ in read] == ["FTX"] * len(segs)
    for (_, written), (_, got) in zip(segs, read, strict=True):
        assert len(got) == len(written)
        for w, g in zip(written, got, strict=True):
            if isinstance(w, Repeated):
                assert isinstance(g, Repeated) and g.repetitions == w.repetitions
            else:
                assert g == w


VALID = [
    interchange([message("1"), message("2")]),
    interchange([["UNG+ORDERS+A+B+260101:1200+G1+UN+D:96A", *message("1"), "UNE+1+G1"]], unz_count=1,
                syntax="UNOA:4", una=None),
    interchange([message("1", body=["BGM+220+X?'Y+9", "DTM+137:20260101:102", "FTX+AAI+++A??:B?+C",
                                     "LIN+1", "UNS+S"])], una="UNA:+,? '"),
]
MUTATION_BYTES = list(b"+:'?*, \n\x00\xff\xe2\xb2UNHBZ0")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(VALID), data=st.data())
def test_mutated_files_raise_only_project_errors(base: str, data: st.DataObject) -> None:
    _mutate_and_check(bytearray(base.encode("latin-1")), data)


_CORPUS_FILES = sorted(p for d in CORPUS.glob("*edifact*") for p in d.iterdir()) if CORPUS.is_dir() else []


@pytest.mark.corpus
@pytest.mark.skipif(not _CORPUS_FILES, reason=f"real-world corpus not found at {CORPUS}")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_corpus_files_raise_only_project_errors(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_CORPUS_FILES))
    _mutate_and_check(bytearray(path.read_bytes()), data)


def _mutate_and_check(raw: bytearray, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["delete", "insert", "replace", "truncate", "duplicate"]))
        pos = data.draw(st.integers(0, max(len(raw) - 1, 0)))
        if op == "delete" and raw:
            del raw[pos]
        elif op == "insert":
            raw.insert(pos, data.draw(st.sampled_from(MUTATION_BYTES)))
        elif op == "replace" and raw:
            raw[pos] = data.draw(st.sampled_from(MUTATION_BYTES))
        elif op == "truncate":
            del raw[pos:]
        elif op == "duplicate":
            raw[pos:pos] = raw[pos:pos + data.draw(st.integers(1, 40))]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.edi"
        path.write_bytes(bytes(raw))
        try:
            report = validate_file(path)
            report.to_dict()
            acknowledge_file(path)
            for msg in iter_messages(path):
                msg.find("BGM")
        except GatewayError:
            pass
