"""Just enough MIME for AS2, working on raw bytes so signed parts stay byte-exact.

The standard library's email package rewrites line endings and headers when it serialises, which
breaks signatures (the signature covers the MIME part's exact bytes). So entities are split and
assembled here by hand, always with CRLF line ends, and the email package is used only to read
header parameters (``boundary``, ``filename``, ``smime-type``).
"""

from __future__ import annotations

import base64
import binascii
import quopri
import secrets
from collections.abc import Mapping
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from gateway.transports.as2.errors import As2Error, Modifier

CRLF = b"\r\n"
MICALG_NAMES = {"sha1": "sha1", "sha-1": "sha1", "sha256": "sha256", "sha-256": "sha256",
                "sha384": "sha384", "sha-384": "sha384", "sha512": "sha512", "sha-512": "sha512"}
MICALG_LABEL = {"sha1": "sha-1", "sha256": "sha-256", "sha384": "sha-384", "sha512": "sha-512"}


def new_boundary() -> str:
    """A boundary that will not occur in base64 or in EDI by chance."""
    return "----=_edigw_" + secrets.token_hex(16)


def entity(headers: Mapping[str, str], body: bytes) -> bytes:
    """A MIME entity: ``Name: value`` lines (CRLF), a blank line, then ``body`` untouched."""
    head = b"".join(f"{k}: {v}".encode() + CRLF for k, v in headers.items())
    return head + CRLF + body


def split_entity(raw: bytes, modifier: Modifier = "unexpected-processing-error") -> tuple[Message, bytes]:
    """Split an entity into its parsed headers and its raw body (everything after the blank line)."""
    crlf, lf = raw.find(b"\r\n\r\n"), raw.find(b"\n\n")
    if raw.startswith((b"\r\n", b"\n")):
        head, body = b"", raw[2:] if raw.startswith(b"\r\n") else raw[1:]
    elif crlf != -1 and (lf == -1 or crlf < lf):
        head, body = raw[:crlf], raw[crlf + 4:]
    elif lf != -1:
        head, body = raw[:lf], raw[lf + 2:]
    else:
        raise As2Error(modifier, "a MIME part has no blank line between headers and content")
    return BytesHeaderParser(policy=compat32).parsebytes(head + b"\r\n\r\n"), body


def split_multipart(body: bytes, boundary: str, modifier: Modifier) -> list[bytes]:
    """The raw bytes of each part of a multipart body (the CRLF before a delimiter is not part of it).

    Uses ``bytes.find`` rather than a regex: AS2 bodies are megabytes and a per-position regex
    costs a tenth of a second per 3 MB.
    """
    delim = b"--" + boundary.encode("ascii", "replace")
    parts: list[bytes] = []
    start: int | None = None
    pos = 0
    while (idx := body.find(delim, pos)) != -1:
        pos = idx + len(delim)
        if idx and body[idx - 1:idx] != b"\n":
            continue  # not at the start of a line
        closing = body[pos:pos + 2] == b"--"
        end = pos + 2 if closing else pos
        while body[end:end + 1] in (b" ", b"\t"):
            end += 1
        if body[end:end + 2] == b"\r\n":
            end += 2
        elif body[end:end + 1] == b"\n":
            end += 1
        elif end != len(body):
            continue  # the boundary string followed by other text: not a delimiter line
        if start is not None:
            stop = idx - 1 if idx else 0
            if stop and body[stop - 1:stop] == b"\r":
                stop -= 1
            parts.append(body[start:stop])
        if closing:
            return parts
        start = pos = end
    raise As2Error(modifier, "a multipart body is not closed by its boundary (truncated or damaged)")


def decode_body(headers: Message, body: bytes) -> bytes:
    """Undo a Content-Transfer-Encoding (base64, quoted-printable); binary and 8bit stay as they are."""
    cte = (headers.get("Content-Transfer-Encoding") or "binary").strip().lower()
    if cte == "base64":
        try:
            return base64.b64decode(body, validate=False)
        except (binascii.Error, ValueError):
            raise As2Error("unexpected-processing-error", "a base64 part cannot be decoded") from None
    if cte == "quoted-printable":
        return quopri.decodestring(body)
    return body


def content_type(headers: Message) -> str:
    """The lower-case media type of a part (``text/plain`` when absent, as MIME says)."""
    return headers.get_content_type().lower()


def micalg_name(label: str) -> str | None:
    """``sha-256`` / ``sha256`` -> ``sha256``; None for an algorithm we do not offer."""
    return MICALG_NAMES.get(label.strip().strip('"').lower())


def header_map(headers: Mapping[str, str]) -> dict[str, str]:
    """HTTP headers with lower-case names (AS2 header names are case-insensitive)."""
    return {k.lower(): v for k, v in headers.items()}


def b64_lines(data: bytes) -> bytes:
    """Base64 in 76-character CRLF lines, as MIME wants."""
    text = base64.b64encode(data)
    return CRLF.join(text[i:i + 76] for i in range(0, len(text), 76))
