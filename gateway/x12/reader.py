"""Streaming X12 segment reader: chunked, flat memory, tolerant of what real files do.

The reader decodes the file in chunks (UTF-8 with ``surrogateescape``, so bytes that are not
UTF-8 survive as lone surrogates and can be reported instead of crashing the decode), finds the
delimiters of each interchange from its ISA (:func:`gateway.x12.delimiters.parse_isa`), and cuts
segments with ``str.split`` on the terminator, which keeps the per-segment work in C. Memory is
bounded by the chunk size plus the longest segment, whatever the file size.

Quirks handled: UTF-8 BOM and blank lines before an ISA; CR/LF or LF after the terminator or
instead of it; indentation; hard-wrapped (80-column) files, whose line breaks inside segments are
removed; multi-byte terminators; several interchanges with different delimiters in one file
(each ISA is re-read); anything after an IEA that is not an ISA is still cut with the last
delimiters and handed on, so the envelope check can report it.

Each segment is yielded as a plain tuple ``(elements, index, offset)``: the element list with the
tag first, the 1-based segment number in the file, and the character offset where the segment's
text starts (counting any line break or indentation before it). Tuples, not objects, because
this loop runs once per segment of files with millions of them.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from gateway.errors import EdiInputError
from gateway.x12.delimiters import IsaHeader, X12Delimiters, parse_isa

RawSegment = tuple[list[str], int, int]

CHUNK_SIZE = 16 * 1024  # small chunks keep the live segment lists in CPU cache (measured: 1 MB is 2-3x slower)
MAX_SEGMENT = 16 << 20
_BLANKS = " \t\r\n\x00\ufeff"


class X12Reader:
    """Iterate over the segments of one X12 stream; ``delimiters``/``isa`` follow the current ISA."""

    def __init__(self, stream: BinaryIO, source: str | None = None, *, chunk_size: int = CHUNK_SIZE,
                 max_segment: int = MAX_SEGMENT) -> None:
        self._stream = stream
        self.source = source
        self.chunk_size = chunk_size
        self.max_segment = max_segment
        self.delimiters: X12Delimiters | None = None
        self.isa: IsaHeader | None = None
        self.segments_read = 0

    def __iter__(self) -> Iterator[RawSegment]:
        return chain.from_iterable(self.batches())

    def batches(self) -> Iterator[list[RawSegment]]:
        """The segments in lists, one per chunk read: iterating them costs no generator switch per segment.

        ``delimiters``/``isa`` follow the last ISA *read*, which may be ahead of the segment being
        consumed; an ISA segment's element list carries its own header (``elements.header``).
        """
        decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        read = self._stream.read
        size = self.chunk_size
        source = self.source
        buf = ""
        base = 0
        eof = False
        index = 0
        seek = True
        sep = term = strip = ""
        tlen = 1
        newline = False

        def more() -> bool:
            nonlocal buf, eof
            if eof:
                return False
            chunk = read(max(size, len(buf)))  # a long segment doubles the read: no quadratic re-splitting
            if not chunk:
                eof = True
                buf += decoder.decode(b"", final=True)
                return False
            buf += decoder.decode(chunk)
            return True

        while True:
            out: list[RawSegment] = []
            append = out.append
            if seek:
                while len(buf.lstrip(_BLANKS)) < 20 and more():
                    pass
                stripped = buf.lstrip(_BLANKS)
                base += len(buf) - len(stripped)
                buf = stripped
                if not buf:
                    if self.delimiters is None:
                        raise EdiInputError("the file is empty", source=source, place="start of file")
                    self.segments_read = index
                    return
                if buf[:3] == "ISA":
                    isa = parse_isa(buf, 0, eof=eof, source=source, place=f"segment {index + 1} (ISA)")
                    while isa is None:
                        more()
                        isa = parse_isa(buf, 0, eof=eof, source=source, place=f"segment {index + 1} (ISA)")
                    self.isa = isa
                    self.delimiters = d = isa.delimiters
                    sep, term, strip, newline = d.element, d.segment, isa.strip, isa.newline_terminated
                    tlen = len(term)
                    index += 1
                    append((isa.elements, index, base))
                    base += isa.end
                    buf = buf[isa.end:]
                elif self.delimiters is None:
                    shown = buf[:20].encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                    raise EdiInputError(
                        f"not an X12 interchange: expected 'ISA', found {shown!r}",
                        source=source, place="start of file")
                seek = False
            pieces = buf.split(term)
            rest = "" if eof else pieces.pop()
            pos = base
            resync = -1
            if not newline and "\r" not in buf and "ISA" not in buf:
                # the usual chunk (no CR, no ISA anywhere, checked in C): the loop below minus the
                # tests that cannot succeed here
                for raw in pieces:
                    piece = raw.lstrip()
                    if "\n" in piece:
                        piece = piece.replace("\n", "")
                    if piece:
                        index += 1
                        append((piece.split(sep), index, pos))
                    pos += len(raw) + tlen
                pieces = []
            for raw in pieces:
                if newline:
                    piece = raw.strip(strip)
                else:
                    piece = raw.lstrip()
                    if "\n" in piece or "\r" in piece:
                        piece = piece.replace("\r", "").replace("\n", "")
                if piece:
                    elements = piece.split(sep)
                    if elements[0][:3] == "ISA":
                        at = pos - base + len(raw) - len(raw.lstrip())
                        isa = parse_isa(buf, at, eof=eof, source=source, place=f"segment {index + 1} (ISA)")
                        if (isa is None or isa.delimiters != self.delimiters
                                or isa.end != pos - base + len(raw) + tlen):
                            resync = at
                            break
                        self.isa = isa
                        elements = isa.elements
                    index += 1
                    append((elements, index, pos))
                pos += len(raw) + tlen
            if out:
                yield out
            if resync >= 0:
                base += resync
                buf = buf[resync:]
                seek = True
                continue
            if eof:
                self.segments_read = index
                return
            base = pos
            buf = rest
            if len(buf) > self.max_segment:
                raise EdiInputError(
                    f"no segment terminator {term!r} in the last {len(buf)} characters",
                    source=source, place=f"after segment {index}")
            if buf.lstrip(_BLANKS)[:3] == "ISA":
                seek = True
                continue
            more()


def read_segments(path: str | Path, *, chunk_size: int = CHUNK_SIZE) -> Iterator[RawSegment]:
    """Open ``path`` and yield its segments; the file is closed when the iteration ends."""
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise EdiInputError(exc.strerror or str(exc), source=str(p)) from None
    with fh:
        yield from X12Reader(fh, str(p), chunk_size=chunk_size)
