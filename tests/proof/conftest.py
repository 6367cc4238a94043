"""Fixtures of the proof suite: seed documents for fuzzing, and the AS2 parties of the transport tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE_DOCS
from tests.transports.as2_fixtures import parties  # noqa: F401  (re-exported fixture)

MAX_SEED = 64 * 1024  # bigger seeds only slow the fuzzer down without reaching new code


def seeds(corpus: Path, syntax: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of every corpus and sample file of ``syntax`` ("x12" or "edifact"), small ones only."""
    dirs = [d for d in sorted(corpus.iterdir()) if d.is_dir() and (d.name.startswith(f"{syntax}-")
                                                                    or d.name == f"malformed-{syntax}")]
    files = [f for d in dirs for f in sorted(d.iterdir()) if f.is_file()]
    heads = (b"ISA",) if syntax == "x12" else (b"UNA", b"UNB")
    files += [f for f in sorted(SAMPLE_DOCS.rglob("*.edi")) if f.read_bytes().lstrip().startswith(heads)]
    out = [(f.name, f.read_bytes()) for f in files if f.stat().st_size <= MAX_SEED]
    assert out, f"no {syntax} seeds found in {corpus} and {SAMPLE_DOCS}"
    return out
