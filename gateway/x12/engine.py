"""The X12 engine: the entry points the CLI and the pipeline call.

- :func:`validate_file` streams a file through the reader and the envelope check (which runs the
  map-driven set validator) and returns a :class:`~gateway.report.FileReport`.
- :func:`acknowledge_file` turns that report into the TA1/997/999 interchanges to send back.
- :func:`iter_transaction_sets` yields one :class:`~gateway.x12.parsed.ParsedSet` at a time for
  the business mappings, so memory stays bounded by the largest set.
- :func:`inspect_file` and :func:`print_summary` write readable text for people (see
  :mod:`gateway.x12.render`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from gateway.control_numbers import ControlNumberAllocator, MemoryAllocator
from gateway.errors import EdiInputError
from gateway.report import FileReport
from gateway.x12 import envelope
from gateway.x12.ack import AckOptions, acknowledge
from gateway.x12.delimiters import IsaHeader
from gateway.x12.envelope import EnvelopeChecker, ValidatorFactory
from gateway.x12.parsed import ParsedSet
from gateway.x12.reader import CHUNK_SIZE, X12Reader
from gateway.x12.render import render_inspect, render_summary


class _Default:
    """Marker: use the map-driven validator (looked up at call time, so tests can replace it)."""


DEFAULT = _Default()
Factory = ValidatorFactory | None | _Default


def _factory(choice: Factory) -> ValidatorFactory | None:
    return envelope.default_validator_factory if isinstance(choice, _Default) else choice


def _open(path: str | Path) -> BinaryIO:
    p = Path(path)
    try:
        return p.open("rb")
    except OSError as exc:
        raise EdiInputError(exc.strerror or str(exc), source=str(p)) from None


def validate_stream(stream: BinaryIO, source: str, *,
                    validator_factory: Factory = DEFAULT,
                    chunk_size: int = CHUNK_SIZE) -> FileReport:
    """Validate an open binary stream; ``source`` names it in messages."""
    reader = X12Reader(stream, source, chunk_size=chunk_size)
    checker = EnvelopeChecker(source, validator_factory=_factory(validator_factory))
    return checker.run(reader)


def validate_file(path: str | Path, *, validator_factory: Factory = DEFAULT,
                  chunk_size: int = CHUNK_SIZE) -> FileReport:
    """Validate envelopes and every set of ``path``; raises EdiInputError only when it is not readable X12."""
    with _open(path) as fh:
        return validate_stream(fh, str(path), validator_factory=validator_factory, chunk_size=chunk_size)


def acknowledge_file(path: str | Path, *, allocator: ControlNumberAllocator | None = None,
                     options: AckOptions | None = None,
                     validator_factory: Factory = DEFAULT) -> str:
    """The acknowledgment interchange(s) for ``path`` (TA1 and/or one 997 per group), concatenated.

    997 is the default for every version; ``AckOptions(use_999=True)`` answers 0050xx groups with
    a 999. Without an allocator, a process-local one starting at 1 is used (CLI previews).
    """
    report = validate_file(path, validator_factory=validator_factory)
    return acknowledge(report, allocator or MemoryAllocator(), options)


def print_summary(report: FileReport, out: TextIO) -> None:
    """A short verdict per interchange, group and set, with every problem on its own line."""
    out.write(render_summary(report))


def inspect_file(path: str | Path, out: TextIO, *,
                 validator_factory: Factory = DEFAULT) -> None:
    """Print the file as an indented tree of segments, each problem under the segment it concerns."""
    report = validate_file(path, validator_factory=validator_factory)
    with _open(path) as fh:
        reader = X12Reader(fh, str(path))
        for line in render_inspect(report, reader):
            out.write(line)
            out.write("\n")


def iter_transaction_sets(path: str | Path, *, chunk_size: int = CHUNK_SIZE) -> Iterator[ParsedSet]:
    """Yield every complete ST..SE set of ``path`` with its envelope ids, one at a time.

    Sets cut short (no SE before the next ST, GE, IEA or the end of the file) and segments outside
    a set are skipped: run :func:`validate_file` first to know whether to trust the file.
    """
    with _open(path) as fh:
        reader = X12Reader(fh, str(path), chunk_size=chunk_size)
        isa: IsaHeader | None = None
        gs: list[str] = []
        current: ParsedSet | None = None
        for elements, index, _offset in reader:
            tag = elements[0]
            if current is not None and tag not in ("SE", "ST", "GE", "GS", "IEA", "ISA"):
                current.segments.append(elements)
                continue
            if tag == "ISA":
                isa, gs, current = getattr(elements, "header", None), [], None
            elif tag == "GS":
                gs, current = elements, None
            elif tag == "ST" and isa is not None and gs:
                current = _new_set(isa, gs, elements, index)
            elif tag == "SE" and current is not None:
                current.segments.append(elements)
                yield current
                current = None
            else:
                current = None
                if tag == "GE":
                    gs = []


def _new_set(isa: IsaHeader, gs: list[str], st: list[str], index: int) -> ParsedSet:
    def g(i: int) -> str:
        return gs[i].strip() if i < len(gs) else ""

    return ParsedSet(
        set_id=st[1].strip() if len(st) > 1 else "",
        control_number=st[2].strip() if len(st) > 2 else "",
        version=g(8), functional_id=g(1), group_control_number=g(6),
        interchange_control_number=isa.field(13), sender_qualifier=isa.field(5), sender_id=isa.field(6),
        receiver_qualifier=isa.field(7), receiver_id=isa.field(8), app_sender=g(2), app_receiver=g(3),
        delimiters=isa.delimiters, segments=[st], test=isa.field(15) == "T", first_file_segment=index)
