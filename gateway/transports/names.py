"""Checks on partner-supplied file names.

Partners are untrusted: a file name comes from their side of the mailbox and may try to climb out
of a folder (``..``, ``a/../../etc``, ``..\\..\\x``), hide (control or bidi characters that make a
log line lie), or be too long for a file system. The gateway never builds a local path from a remote
name (local copies get names of our own choosing); these checks keep remote moves (inbox -> archive
or error) and outbound uploads inside their folders, and keep the names we show people honest.
"""

from __future__ import annotations

import time
import unicodedata

from gateway.transports.base import UnsafeNameError

MAX_NAME_BYTES = 255

_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a safe single file name, or None when it is."""
    if not name:
        return "the file name is empty"
    if name in (".", ".."):
        return f"{name!r} is a folder reference, not a file name"
    if "/" in name or "\\" in name:
        return f"{name!r} contains a path separator (path traversal is refused)"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"the file name is longer than {MAX_NAME_BYTES} bytes"
    for ch in name:
        if unicodedata.category(ch) in _BAD_CATEGORIES:
            return f"{name!r} contains the control or invisible character U+{ord(ch):04X}"
    if len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha():
        return f"{name!r} starts with a drive letter"
    return None


def check_name(name: str, *, mailbox: str | None = None) -> str:
    """Return ``name`` unchanged when it is a safe single file name, else raise :class:`UnsafeNameError`."""
    problem = name_problem(name)
    if problem:
        raise UnsafeNameError(problem, mailbox=mailbox, path=None)
    return name


def display_name(name: str) -> str:
    """A printable form of any name (escapes control characters) for logs and messages."""
    return name.encode("unicode_escape", "backslashreplace").decode("ascii")


def quarantine_name(name: str) -> str:
    """A safe stand-in for an unsafe name, used when moving such a file to the error folder.

    The original is kept readable in the reason note; this name only has to be unique and harmless.
    """
    cleaned = "".join(c if (c.isascii() and (c.isalnum() or c in "-_.")) else "_" for c in name)
    cleaned = cleaned.strip(".")[:80] or "unnamed"
    return f"unsafe-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{cleaned}"


def stamped_name(name: str) -> str:
    """``name`` with a UTC timestamp before its extension, used when the archive already holds ``name``."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + f"{time.time_ns() % 1_000_000_000:09d}"
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return f"{name}.{stamp}"
    return f"{stem}.{stamp}.{ext}"
