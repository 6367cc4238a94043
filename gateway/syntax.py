"""Tell X12 from UN/EDIFACT by looking at the first bytes of a file.

Real files start with a UTF-8 byte-order mark, blank lines or indentation often enough that a
strict ``startswith`` is wrong; this looks past them.
"""

from __future__ import annotations

from typing import Literal

Syntax = Literal["x12", "edifact"]

_SKIP = b"\xef\xbb\xbf \t\r\n\x00"


def detect_syntax(head: bytes) -> Syntax | None:
    """Return ``"x12"`` for ISA, ``"edifact"`` for UNA/UNB, ``None`` for anything else."""
    text = head.lstrip(_SKIP)
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:].lstrip(_SKIP)
    if text[:3] == b"ISA":
        return "x12"
    if text[:3] in (b"UNA", b"UNB"):
        return "edifact"
    return None
