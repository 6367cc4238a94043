"""Shared builders for the EDIFACT tests: small valid interchanges written to a temporary file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ORDERS_BODY = [
    "BGM+220+PO123+9",
    "DTM+137:20260101:102",
    "NAD+BY+5412345000013::9",
    "NAD+SU+4012345000009::9",
    "LIN+1++4000862141404:EN",
    "QTY+21:10",
    "PRI+AAA:12.50",
    "UNS+S",
    "CNT+2:1",
]


def message(ref: str = "1", body: list[str] | None = None, msg_id: str = "ORDERS:D:96A:UN",
            count: int | None = None, trailer_ref: str | None = None) -> list[str]:
    """UNH + body + UNT with a correct count unless ``count`` overrides it."""
    body = ORDERS_BODY if body is None else body
    n = len(body) + 2 if count is None else count
    return [f"UNH+{ref}+{msg_id}", *body, f"UNT+{n}+{trailer_ref if trailer_ref is not None else ref}"]


def interchange(messages: list[list[str]] | None = None, *, una: str | None = "UNA:+.? '",
                syntax: str = "UNOC:3", ref: str = "IC1", unz_count: int | None = None,
                unz_ref: str | None = None, extra_unb: str = "", sender: str = "SENDER:14",
                term: str = "'", sep: str = "\n", unz: bool = True) -> str:
    """A whole interchange as text (segments joined with ``term`` + ``sep``)."""
    messages = [message()] if messages is None else messages
    segs = [f"UNB+{syntax}+{sender}+RECEIVER:14+260101:1200+{ref}{extra_unb}"]
    for m in messages:
        segs.extend(m)
    if unz:
        segs.append(f"UNZ+{len(messages) if unz_count is None else unz_count}+{unz_ref or ref}")
    text = "".join(s + term + sep for s in segs)
    return (una + sep if una else "") + text


@pytest.fixture
def edi_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a fresh file and return its path."""
    counter = {"n": 0}

    def write(content: str | bytes, name: str | None = None, encoding: str = "latin-1") -> Path:
        counter["n"] += 1
        path = tmp_path / (name or f"f{counter['n']}.edi")
        if isinstance(content, str):
            path.write_bytes(content.encode(encoding))
        else:
            path.write_bytes(content)
        return path

    return write
