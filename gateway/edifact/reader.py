"""Streaming EDIFACT reader: bytes in, raw segment strings out, with flat memory.

The file is read in chunks and decoded with an incremental decoder chosen from the UNB syntax
identifier, so a 1 GB interchange never needs more than one chunk of text plus one segment. The
tokenizer splits on the segment terminator with ``str.split`` (C speed); when the chunk holds a
released terminator it first masks release pairs and released terminators with placeholders, so
parity (``?'`` is data, ``??'`` ends a segment) costs a few ``str.replace`` passes per chunk, not
Python work per segment. Segments are handed out one list per chunk (``batches``) or one by one
(iteration). Line breaks are dropped
unless they are service characters and indentation before a tag is skipped, which covers
pretty-printed and 80-column wrapped files. Segments come out raw (release characters still in
place); :mod:`gateway.edifact.segment` splits them on demand, because the validator's fast path
checks a whole raw segment with one regular expression and never splits it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from gateway.edifact.chars import CHARSETS, DEFAULT_CHARS, FOREIGN_CHARSETS, ServiceChars, parse_una
from gateway.errors import EdiInputError

CHUNK_SIZE = 1 << 18
MAX_SEGMENT = 10_000_000  # characters without a terminator before the reader gives up
_BOM = b"\xef\xbb\xbf"
_LEADING = b" \t\r\n\x00"


@dataclass(slots=True)
class Head:
    """What the first bytes say: UNA characters, syntax identifier and version, text encoding."""

    chars: ServiceChars
    una_present: bool
    syntax_id: str | None
    syntax_version: int | None
    codec: str
    skip: int  # bytes to skip (BOM, leading blanks, UNA) before the first segment


def read_head(head: bytes, *, source: str | None = None) -> Head:
    """Inspect the start of a file: UNA (or the defaults), then the UNB syntax identifier."""
    pos = 0
    while True:
        if head.startswith(_BOM, pos):
            pos += 3
        elif pos < len(head) and head[pos] in _LEADING:
            pos += 1
        else:
            break
    una_present = head[pos:pos + 3] == b"UNA"
    chars = DEFAULT_CHARS
    if una_present:
        chars = parse_una(head[pos:pos + 9].decode("latin-1"), source=source)
        pos += 9
    rest = head[pos:pos + 200].decode("latin-1").lstrip(" \t\r\n")
    syntax_id: str | None = None
    version: int | None = None
    if rest.startswith("UNB" + chars.element):
        s001 = rest[4:].split(chars.element, 1)[0]
        parts = s001.split(chars.component)
        syntax_id = parts[0].strip() or None
        if len(parts) > 1 and parts[1].strip().isascii() and parts[1].strip().isdigit():
            version = int(parts[1].strip())
    key = FOREIGN_CHARSETS.get(syntax_id or "", syntax_id or "")
    info = CHARSETS.get(key)
    codec = info.codec if info else "latin-1"
    if version is not None:
        chars = chars.for_syntax(version)
    return Head(chars, una_present, syntax_id, version, codec, pos)


def _rejoin(parts: list[str], release: str, term: str) -> list[str]:
    """Glue back pieces split at an escaped terminator (odd run of release characters before it).

    The last item is the unterminated tail and is returned as the last item again. Only pieces
    that end with the release character are looked at closely.
    """
    suspects = [i for i, p in enumerate(parts) if p[-1:] == release]
    if not suspects or suspects == [len(parts) - 1]:
        return parts
    out: list[str] = []
    done = 0
    pending: str | None = None
    last = len(parts) - 1
    for i in suspects:
        if i == last:
            break
        piece = parts[i]
        if pending is not None and i == done:
            piece = pending + term + piece
        elif pending is not None:
            out.append(pending + term + parts[done])
            out.extend(parts[done + 1:i])
            pending = None
        else:
            out.extend(parts[done:i])
        run = len(piece) - len(piece.rstrip(release))
        if run % 2 == 1:
            pending = piece
        else:
            out.append(piece)
            pending = None
        done = i + 1
    if pending is not None:
        out.append(pending + term + parts[done])
        done += 1
    out.extend(parts[done:])
    return out


class SegmentStream:
    """Iterate over the raw segments of one EDIFACT file (UNA excluded), chunk by chunk.

    ``chars`` and ``head`` are known after construction. Iterating yields stripped segment text
    without its terminator; ``tail`` afterwards holds unterminated text found at the end of the
    file (empty when the file ends cleanly).
    """

    def __init__(self, fh: BinaryIO, *, source: str | None = None, chunk_size: int = CHUNK_SIZE) -> None:
        self._fh = fh
        self.source = source
        self._chunk_size = chunk_size
        first = fh.read(max(chunk_size, 4096))
        self.head = read_head(first, source=source)
        self.chars = self.head.chars
        self._first = first[self.head.skip:]
        self.tail = ""
        self.extra_una: list[str] = []

    def _text_chunks(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.head.codec)(errors="replace")
        data = self._first
        self._first = b""
        while data:
            yield decoder.decode(data)
            data = self._fh.read(self._chunk_size)
        yield decoder.decode(b"", final=True)

    def __iter__(self) -> Iterator[str]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[str]]:
        """Yield the segments chunk by chunk, one list per chunk (never empty).

        Iterating the stream yields the same segments one at a time; a list per chunk lets the
        walker run chunk-wide checks (the character repertoire) once per chunk instead of once
        per segment, and keeps the generator out of the per-segment loop.
        """
        chars = self.chars
        term, release = chars.terminator, chars.release
        drop_cr = "\r" not in chars.separators
        drop_lf = "\n" not in chars.separators
        buf = ""
        for chunk in self._text_chunks():
            if drop_cr and "\r" in chunk:
                chunk = chunk.replace("\r", "")
            if drop_lf and "\n" in chunk:
                chunk = chunk.replace("\n", "")
            buf += chunk
            if term not in buf:
                if len(buf) > MAX_SEGMENT:
                    raise EdiInputError(
                        f"no segment terminator {term!r} within {MAX_SEGMENT // 1_000_000} MB; "
                        "the file is not EDIFACT or its UNA is wrong", source=self.source)
                continue
            plain = not (buf[:1] in " \t\x00" or term + " " in buf or term + "\t" in buf
                         or term + term in buf or "\x00" in buf or "UNA" in buf)
            parts = _split_released(buf, release, term) if release + term in buf else buf.split(term)
            buf = parts.pop()
            if plain:
                # No indentation, empty segment or UNA anywhere in this chunk: every piece is a segment.
                if parts:
                    yield parts
                continue
            out: list[str] = []
            for part in parts:
                if part[:1] in " \t\x00":
                    part = part.lstrip(" \t\x00")
                    if not part:
                        continue
                elif not part:
                    continue
                if part[:3] == "UNA" and len(part) == 8:
                    # A UNA repeated before a later interchange: it must not change the characters.
                    if part + term != chars.una():
                        if out:
                            yield out  # the segments before it are delivered before the error
                        raise EdiInputError(
                            "a second UNA with different service characters is not supported",
                            source=self.source, place=f"UNA {part[3:]}{term}")
                    self.extra_una.append(part)
                    continue
                out.append(part)
            if out:
                yield out
        self.tail = buf.strip(" \t\x00\x1a")


# Stand-ins for a released release character, a released terminator and the real terminators
# while a chunk is split (see _split_released). ASCII FS, GS and RS rather than private-use
# characters: a stand-in above U+00FF would turn the whole chunk into a 2-byte string and make
# every replace, split and later regex match work on twice the memory (5 % fewer instructions per
# segment measured with callgrind). Text that holds them (ISO 9735 level B files use IS4/IS3 as
# separators) takes the exact piece-by-piece path.
_PAIR, _ESCAPED, _CUT = "\x1c", "\x1d", "\x1e"


def _split_released(text: str, release: str, term: str) -> list[str]:
    """``text.split(term)`` that keeps released terminators (``?'``) inside their segment.

    Release characters pair from the left, so replacing ``??`` first and then ``?'`` finds exactly
    the terminators preceded by an odd run of release characters. The remaining terminators are
    swapped for a cut mark, the two placeholders are put back, and the text is split at the cut
    marks: five passes in C instead of a Python loop over the pieces. Text that already holds one
    of the placeholders takes the piece-by-piece :func:`_rejoin`.
    """
    if _PAIR in text or _ESCAPED in text or _CUT in text:
        return _rejoin(text.split(term), release, term)
    masked = text.replace(release + release, _PAIR).replace(release + term, _ESCAPED)
    masked = masked.replace(term, _CUT).replace(_ESCAPED, release + term).replace(_PAIR, release + release)
    return masked.split(_CUT)


def open_segments(path: str | Path, *, chunk_size: int = CHUNK_SIZE) -> tuple[BinaryIO, SegmentStream]:
    """Open ``path`` and return the file handle and its segment stream; the caller closes the handle."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the caller after streaming
    except OSError as exc:
        raise EdiInputError(exc.strerror or str(exc), source=str(path)) from None
    try:
        return fh, SegmentStream(fh, source=str(path), chunk_size=chunk_size)
    except BaseException:
        fh.close()
        raise
