"""Control-number allocation: the interface every writer of envelopes uses.

Interchange (ISA13, UNB0020), group (GS06, UNG0048) and set/message (ST02, UNH0062) numbers for
what we send are allocated per partner, direction and level, never reused and never derived from
the clock. The ledger provides the durable, multi-worker implementation; :class:`MemoryAllocator`
serves tests and one-shot CLI runs that do not touch a ledger.
"""

from __future__ import annotations

import threading
from typing import Literal, Protocol

ControlLevel = Literal["interchange", "group", "set"]


class ControlNumberAllocator(Protocol):
    """Hands out the next control number for one partner, direction and envelope level."""

    def next(self, partner: str, level: ControlLevel, direction: str = "outbound") -> int:
        """Return a number never returned before for the same partner, level and direction."""
        ...


class MemoryAllocator:
    """Process-local allocator: counts up from ``start`` per key. Not durable."""

    def __init__(self, start: int = 1) -> None:
        self._start = start
        self._next: dict[tuple[str, str, str], int] = {}
        self._lock = threading.Lock()

    def next(self, partner: str, level: ControlLevel, direction: str = "outbound") -> int:
        """Return the next number for the key and remember it."""
        key = (partner, level, direction)
        with self._lock:
            value = self._next.get(key, self._start)
            self._next[key] = value + 1
        return value
