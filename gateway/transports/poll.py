"""The one inbound loop every mailbox uses: list -> stable check -> fetch -> receive -> acknowledge.

The order is the whole point. A file leaves the inbox (archived or deleted) only after ``receive``
returned, and ``receive`` is the caller's durable commit (the ledger stores the raw bytes and
returns a receipt id). So a crash at any step leaves the file in the inbox and the next poll
delivers it again; the ledger sees the same hash and answers with the receipt it already has, and
the file is then acknowledged. At worst a file is delivered twice, never lost, never processed twice.

A file still being written is not taken: its name matches the partner's temporary-name convention
(``*.part``, ``*.tmp``...) or its size or modification time changed between two looks. The two looks
are either two listings in one call (``settle_seconds`` apart) or, with a :class:`StabilityTracker`
kept by the scheduler, the listings of two successive polls (no sleeping in a worker).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from gateway.transports.base import (
    FileTooLargeError,
    InboundFile,
    MailboxPolicy,
    Transport,
    TransportError,
    TransportUnavailable,
)
from gateway.transports.names import display_name, name_problem

log = logging.getLogger(__name__)

ReceiptId = Any
Receive = Callable[[InboundFile, bytes], ReceiptId]


@dataclass
class PollResult:
    """What one poll did, file by file, for the caller's events and the console."""

    received: list[tuple[InboundFile, ReceiptId]] = field(default_factory=list)
    rejected: list[tuple[InboundFile, str]] = field(default_factory=list)
    waiting: list[InboundFile] = field(default_factory=list)
    failed: list[tuple[InboundFile, str]] = field(default_factory=list)


class StabilityTracker:
    """Remembers what each inbox looked like last time, so two polls make the two looks.

    Keep one per mailbox in the scheduler; losing it (a restart, another worker) only delays a
    file by one poll.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], tuple[int, float]] = {}

    def observe(self, files: Iterable[InboundFile], mailbox: str) -> list[InboundFile]:
        """Record this look at ``mailbox``; return the files unchanged since the previous look."""
        current = {(f.mailbox, f.name): f for f in files}
        stable = [f for key, f in current.items() if self._last.get(key) == f.fingerprint()]
        self._last = {k: v for k, v in self._last.items() if k[0] != mailbox}
        self._last.update({k: f.fingerprint() for k, f in current.items()})
        return stable


def poll(transport: Transport, receive: Receive, *, tracker: StabilityTracker | None = None,
         settle_seconds: float = 1.0, max_files: int | None = None,
         sleep: Callable[[float], None] = time.sleep) -> PollResult:
    """Take every complete file from ``transport``'s inbox, hand it to ``receive``, then acknowledge it.

    ``receive(file, data)`` must store ``data`` durably (or recognise it as already stored) and
    return a receipt id; only then is the file archived or deleted. If it raises, the file stays in
    the inbox for the next poll. Unsafe names and files over the size limit are moved to the error
    folder with a reason. ``max_files`` bounds one poll's work. Raises :class:`TransportError` only
    when the inbox cannot be listed at all; per-file problems are reported in the result.
    """
    result = PollResult()
    policy = transport.policy
    listing = transport.list()
    candidates = [f for f in listing if not _still_uploading(policy, f)]
    if tracker is None:
        tracker = StabilityTracker()
        tracker.observe(candidates, transport.mailbox)
        if not candidates:
            result.waiting.extend(listing)
            return result
        sleep(settle_seconds)
        listing = transport.list()
        candidates = [f for f in listing if not _still_uploading(policy, f)]
    result.waiting.extend(f for f in listing if _still_uploading(policy, f))
    stable = tracker.observe(candidates, transport.mailbox)
    stable_names = {f.name for f in stable}
    result.waiting.extend(f for f in candidates if f.name not in stable_names)

    for index, file in enumerate(stable):
        if max_files is not None and index >= max_files:
            result.waiting.extend(stable[index:])
            break
        try:
            _take(transport, file, receive, result)
        except TransportUnavailable as exc:
            # The connection is gone: the rest would fail the same way; they stay for next poll.
            log.warning("poll %s stopped: %s", transport.mailbox, exc)
            result.failed.append((file, exc.describe()))
            result.failed.extend((f, "not tried: the mailbox became unavailable") for f in stable[index + 1:])
            break
    return result


def _still_uploading(policy: MailboxPolicy, file: InboundFile) -> bool:
    """A temporary name (``*.part``...) of a safe file; unsafe names are never waited for, they are refused."""
    return policy.is_temporary(file.name) and name_problem(file.name) is None


def _take(transport: Transport, file: InboundFile, receive: Receive, result: PollResult) -> None:
    """Move one stable file through fetch -> receive -> acknowledge (or to the error folder)."""
    policy = transport.policy
    problem = name_problem(file.name)
    if problem:
        _reject(transport, file, f"refused: {problem}", result)
        return
    if file.size > policy.max_size:
        _reject(transport, file, f"refused: {file.size} bytes is over this mailbox's limit of "
                                 f"{policy.max_size} bytes", result)
        return
    try:
        data = transport.fetch(file)
    except FileTooLargeError as exc:
        _reject(transport, file, f"refused: {exc.reason}", result)
        return
    except TransportUnavailable:
        raise
    except TransportError as exc:
        result.failed.append((file, exc.describe()))
        return
    if len(data) != file.size:
        # It changed between the listing and the read: still being written. Next poll.
        result.waiting.append(file)
        return
    try:
        receipt = receive(file, data)
    except Exception as exc:  # the caller's commit failed: keep the file, report, go on
        log.exception("receive failed for %s/%s", transport.mailbox, display_name(file.name))
        result.failed.append((file, f"not stored, left in the inbox: {exc}"))
        return
    try:
        transport.acknowledge(file)
    except TransportUnavailable:
        result.received.append((file, receipt))  # stored; it will come again and be seen as a duplicate
        raise
    except TransportError as exc:
        result.received.append((file, receipt))
        result.failed.append((file, f"stored, but not removed from the inbox: {exc.describe()}"))
        return
    result.received.append((file, receipt))


def _reject(transport: Transport, file: InboundFile, reason: str, result: PollResult) -> None:
    """Move a refused file to the error folder, recording a failure if even that is impossible."""
    try:
        transport.reject(file, reason)
    except TransportUnavailable:
        raise
    except TransportError as exc:
        result.failed.append((file, f"{reason}; and moving it to the error folder failed: {exc.describe()}"))
        return
    log.warning("%s: %s %s", transport.mailbox, display_name(file.name), reason)
    result.rejected.append((file, reason))
