"""Fixtures for report tests: a migrated SQLite ledger per test and a clock the ledger obeys.

The ledger stamps rows and events with :func:`gateway.ledger.types.utcnow`; the ``clock`` fixture
replaces that function in the ledger modules so a test can build a history at known times with
the ledger's own functions (create, transition, reject, resubmit, receive).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gateway.ledger import Ledger

_LEDGER_MODULES = ("events", "documents", "interchanges", "acks", "outbox")


class Clock:
    """A settable current time."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite ledger file, copied for each test."""
    path = tmp_path_factory.mktemp("report-ledger") / "ledger.sqlite3"
    ledger = Ledger.from_url(f"sqlite:///{path}")
    ledger.upgrade()
    ledger.dispose()
    return path


@pytest.fixture
def ledger(ledger_template: Path, tmp_path: Path) -> Iterator[Ledger]:
    """A fresh, migrated SQLite ledger."""
    path = tmp_path / "ledger.sqlite3"
    shutil.copy(ledger_template, path)
    led = Ledger.from_url(f"sqlite:///{path}")
    yield led
    led.dispose()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A clock that the ledger modules read instead of the real time."""
    c = Clock()
    import importlib

    for name in _LEDGER_MODULES:
        module = importlib.import_module(f"gateway.ledger.{name}")
        if hasattr(module, "utcnow"):
            monkeypatch.setattr(module, "utcnow", c)
    return c
