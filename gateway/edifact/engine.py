"""The EDIFACT engine's entry points, the same shape as ``gateway.x12.engine``.

``validate_file`` -> :class:`~gateway.report.FileReport` (``validate_bytes`` for text in memory); ``inspect_file`` and ``print_summary``
for people; ``acknowledge_file`` -> the CONTRL interchange(s) as text; ``iter_messages`` -> one
:class:`~gateway.edifact.parsed.ParsedMessage` at a time for the business mappings. Each reads the
file once, streaming. Input that is not EDIFACT at all raises
:class:`~gateway.errors.EdiInputError` naming the file, the place and the reason.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from gateway.control_numbers import ControlNumberAllocator, MemoryAllocator
from gateway.edifact.chars import ServiceChars
from gateway.edifact.contrl import AckPolicy, build_contrl, contrl_due
from gateway.edifact.envelope import Options, Walker
from gateway.edifact.parsed import ParsedMessage
from gateway.edifact.reader import SegmentStream, open_segments
from gateway.edifact.render import render_inspect, render_summary
from gateway.report import FileReport


def _walk(path: str | Path, options: Options | None, collect: bool) -> tuple[Walker, Iterator[ParsedMessage]]:
    fh, stream = open_segments(path)
    walker = Walker(stream, str(path), options, collect=collect)

    def run() -> Iterator[ParsedMessage]:
        try:
            yield from walker.run()
        finally:
            fh.close()

    return walker, run()


def validate_file(path: str | Path, *, options: Options | None = None) -> FileReport:
    """Read, check envelopes and message structure, and return the report (one pass, flat memory)."""
    walker, messages = _walk(path, options, collect=False)
    for _ in messages:
        pass
    return walker.report


def validate_bytes(data: bytes, *, source: str = "<memory>", options: Options | None = None) -> FileReport:
    """Validate an interchange held in memory (e.g. one we are about to send), no temporary file."""
    stream = SegmentStream(io.BytesIO(data), source=source)
    walker = Walker(stream, source, options)
    for _ in walker.run():
        pass
    return walker.report


def iter_messages(path: str | Path, *, options: Options | None = None) -> Iterator[ParsedMessage]:
    """Yield each message with its envelope ids, validation status and issues, in file order."""
    _, messages = _walk(path, options, collect=True)
    yield from messages


def acknowledge_file(
    path: str | Path,
    *,
    policy: AckPolicy = "always",
    allocator: ControlNumberAllocator | None = None,
    now: datetime | None = None,
    options: Options | None = None,
    receipt_only: bool = False,
) -> str:
    """The CONTRL interchange(s) due for ``path``; ``""`` when none is (CONTRL-only input, policy).

    ``policy`` "requested" answers only interchanges whose UNB0031 asks for it, "always" answers
    every one (the CLI's default: it shows what would be sent), "never" answers none.
    """
    fh, stream = open_segments(path)
    try:
        walker = Walker(stream, str(path), options)
        for _ in walker.run():
            pass
    finally:
        fh.close()
    return acknowledge_report(walker.report, policy=policy, allocator=allocator, now=now,
                              chars=stream.chars, receipt_only=receipt_only)


def acknowledge_report(
    report: FileReport,
    *,
    policy: AckPolicy = "always",
    allocator: ControlNumberAllocator | None = None,
    now: datetime | None = None,
    chars: ServiceChars | None = None,
    receipt_only: bool = False,
) -> str:
    """The CONTRL interchange(s) due for an already validated report (e.g. after a partner overlay).

    ``chars`` are the service characters to answer with (the received file's, when known).
    """
    alloc = allocator or MemoryAllocator()
    out = []
    for ic in report.interchanges:
        if contrl_due(ic, policy):
            version = int(ic.extra.get("syntax_version") or 3)
            out.append(build_contrl(ic, alloc, chars=chars.for_syntax(version) if chars else None, now=now,
                                    receipt_only=receipt_only))
    return "".join(out)


def inspect_file(path: str | Path, out: TextIO) -> None:
    """Print the file as a readable tree: envelopes, messages, segments, errors inline."""
    walker, messages = _walk(path, None, collect=True)
    render_inspect(walker, messages, out)


def print_summary(report: FileReport, out: TextIO) -> None:
    """Print one line per interchange, group and message with status and explained errors."""
    render_summary(report, out)
