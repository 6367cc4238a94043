"""Property tests: write-then-read round trips, and mutated files never crash the engine."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.control_numbers import MemoryAllocator
from gateway.errors import EdiInputError
from gateway.report import FileReport
from gateway.x12.ack import AckOptions, acknowledge
from gateway.x12.delimiters import X12Delimiters
from gateway.x12.engine import DEFAULT, validate_stream
from gateway.x12.reader import X12Reader
from gateway.x12.writer import GroupSpec, InterchangeHeader, SetSpec, write_interchange
from tests.x12.core_fixtures import FakeFactory, body_850, group, interchange, text

NOW = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
SEPARATORS = [*list("*|^~!:>+{}`\\/#$%&@;=<?,"), "\x1c", "\x1d", "\x1e", "\x1f", "…", "§"]
CONTROL_TAGS = {"ISA", "IEA", "GS", "GE", "ST", "SE"}


@st.composite
def delimiter_sets(draw: st.DrawFn) -> X12Delimiters:
    chosen = draw(st.lists(st.sampled_from(SEPARATORS), min_size=4, max_size=4, unique=True))
    terminator = draw(st.sampled_from([chosen[2], "\n"]))
    return X12Delimiters(element=chosen[0], component=chosen[1], segment=terminator, repetition=chosen[3])


def values(d: X12Delimiters, *, edge_spaces: bool) -> st.SearchStrategy[str]:
    banned = set(d.all()) | {"\r", "\n"}
    alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                             exclude_characters="".join(banned))
    value = st.text(alphabet, max_size=12)
    if not edge_spaces:
        value = value.map(lambda v: v.strip())
    return value


@st.composite
def documents(draw: st.DrawFn) -> tuple[X12Delimiters, list[list[list[str]]]]:
    d = draw(delimiter_sets())
    value = values(d, edge_spaces=d.segment != "\n")
    tag = st.from_regex(r"[A-Z][A-Z0-9]{1,2}", fullmatch=True).filter(lambda t: t not in CONTROL_TAGS)
    last = value.filter(bool)
    segment = st.tuples(tag, st.lists(value, max_size=6), last).map(lambda t: [t[0], *t[1], t[2]])
    sets = draw(st.lists(st.lists(segment, min_size=1, max_size=6), min_size=1, max_size=3))
    return d, sets


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.sampled_from(["00401", "00501"]), st.sampled_from([1, 7, 4096]))
def test_write_then_read_returns_the_same_segments(doc: tuple[X12Delimiters, list[list[list[str]]]],
                                                   version: str, chunk: int) -> None:
    d, bodies = doc
    groups = [GroupSpec("PO", "APP1", "APP2", "004010", [SetSpec("850", body) for body in bodies])]
    out = write_interchange(InterchangeHeader("ZZ", "ME", "ZZ", "YOU", version=version), groups, delimiters=d,
                            allocator=MemoryAllocator(), partner="p", now=NOW,
                            suffix="" if d.segment == "\n" else "\r\n")
    reader = X12Reader(io.BytesIO(out.encode("utf-8")), "prop", chunk_size=chunk)
    segs = [s for s, _i, _o in reader]
    assert reader.delimiters is not None
    assert reader.delimiters.element == d.element and reader.delimiters.component == d.component
    assert reader.delimiters.segment == d.segment
    assert reader.delimiters.repetition == (d.repetition if version == "00501" else None)
    read_bodies = []
    current: list[list[str]] = []
    for s in segs:
        if s[0] == "ST":
            current = []
        elif s[0] == "SE":
            read_bodies.append(current)
        elif s[0] not in CONTROL_TAGS:
            current.append(s)
    assert read_bodies == bodies
    report = validate_stream(io.BytesIO(out.encode("utf-8")), "prop", validator_factory=None)
    assert not report.rejected, report.to_dict()


def _valid_file() -> bytes:
    segs = interchange([group([body_850(2), body_850(1)]), group([body_850(1)], control="2")], ack="1")
    return text(segs).encode() + text(interchange(control="000000002"), term="!", suffix="\r\n").encode()


VALID = _valid_file()


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "dup"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8)) if draw(st.booleans()) else draw(
                st.sampled_from([b"~", b"*", b"\n", b"ISA", b"GS*", b"SE*1*1~", b"\xe2\x80", b"IEA*1*1~"]))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        else:
            end = min(len(data), at + draw(st.integers(1, 60)))
            data[at:at] = data[at:end]
    return bytes(data)


def _run(data: bytes, factory: object) -> None:
    try:
        report = validate_stream(io.BytesIO(data), "mutant.edi", validator_factory=factory, chunk_size=64)  # type: ignore[arg-type]
    except EdiInputError as exc:
        assert exc.source == "mutant.edi" and exc.reason
        return
    assert isinstance(report, FileReport)
    report.to_dict()
    out = acknowledge(report, MemoryAllocator(), AckOptions(now=NOW))
    assert isinstance(out, str)
    if out:
        # what we send must itself be readable X12 with a clean envelope
        back = validate_stream(io.BytesIO(out.encode("utf-8", "strict")), "ack", validator_factory=None)
        assert all(not ic.issues for ic in back.interchanges), back.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_files_never_crash_the_envelope_and_ack(data: bytes) -> None:
    _run(data, FakeFactory())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_files_never_crash_with_the_real_map_validator(data: bytes) -> None:
    _run(data, DEFAULT)
