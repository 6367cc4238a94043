"""Duplicate interchange detection: the same UNB0020 from the same sender within a time window.

A small interface so the ledger can provide a durable, multi-worker implementation later; the
in-memory one serves tests, the CLI and a single validation run (duplicates inside one file).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class InterchangeRegistry(Protocol):
    """Remembers interchange references per sender and says whether one was seen recently."""

    def check_and_record(self, sender: str, qualifier: str, reference: str, received_at: datetime) -> bool:
        """Record the reference; return True when the same sender sent it within the window."""
        ...


class MemoryInterchangeRegistry:
    """Process-local registry with a sliding window (default 30 days). Not durable."""

    def __init__(self, window: timedelta = timedelta(days=30)) -> None:
        self.window = window
        self._seen: dict[tuple[str, str, str], datetime] = {}
        self._lock = threading.Lock()

    def check_and_record(self, sender: str, qualifier: str, reference: str, received_at: datetime) -> bool:
        """Record ``reference`` for the sender and report whether it is a duplicate within the window."""
        key = (sender, qualifier, reference)
        with self._lock:
            last = self._seen.get(key)
            self._seen[key] = received_at
        return last is not None and abs(received_at - last) <= self.window


def utcnow() -> datetime:
    """The current time in UTC (one place, so tests can pass their own ``received_at`` instead)."""
    return datetime.now(UTC)
