"""Sign-in throttling: lock a user name, or a client address, after repeated wrong passwords.

Password guessing is slowed at two places: a user name is locked after ``login_max_failures``
refused sign-ins within ``login_lockout_seconds`` (counted since its last successful sign-in),
and a client address is locked after ``login_max_failures_per_address`` refused sign-ins within
the same window, whatever names it tried (so spraying many names from one address is caught
too). While locked, even the right password is refused, with a message saying when to retry;
the lock lifts by itself when the oldest failures leave the window.

The counts come from the audit log, which records every sign-in attempt with its outcome and
address; so every console process behind a load balancer sees the same counts, and a restart
does not reset them. Attempts refused because of a lock are audited as ``locked`` and do not
extend the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.ledger import types
from gateway.ledger.console import AuditEntry

SIGN_IN = "sign_in"


@dataclass(frozen=True)
class Lock:
    """Why sign-in is refused now and when it may be tried again."""

    scope: str  # "user" or "address"
    until: datetime

    def seconds_left(self) -> int:
        """Whole seconds until the lock lifts (at least 1), for the ``Retry-After`` header."""
        return max(1, int((self.until - types.utcnow()).total_seconds()) + 1)

    def message(self) -> str:
        """A plain sentence for the sign-in page."""
        what = "this user name" if self.scope == "user" else "this address"
        return (f"Too many wrong passwords for {what}; sign-in is locked until "
                f"{self.until:%Y-%m-%d %H:%M} UTC.")


def actor_of(username: str) -> str:
    """The audit actor of a sign-in attempt with ``username``."""
    return f"web:{username}"[:100]


def lock_for(session: Session, username: str, address: str | None, *, max_per_user: int, max_per_address: int,
             window_seconds: int) -> Lock | None:
    """The lock on signing in as ``username`` from ``address`` now, or None when it may be tried."""
    now = types.utcnow()
    window = timedelta(seconds=window_seconds)
    start = now - window
    actor = actor_of(username)
    last_ok = session.scalar(select(func.max(AuditEntry.at)).where(
        AuditEntry.action == SIGN_IN, AuditEntry.outcome == "ok", AuditEntry.actor == actor))
    since = max(start, last_ok) if last_ok is not None else start
    refused = select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == SIGN_IN, AuditEntry.outcome == "refused")
    user_failures = session.scalar(refused.where(AuditEntry.actor == actor, AuditEntry.at > since)) or 0
    if user_failures >= max_per_user:
        until = _failure_until(session, since, window, user_failures - max_per_user, AuditEntry.actor == actor)
        return Lock("user", until or now + window)
    if address:
        addr_failures = session.scalar(refused.where(AuditEntry.remote_addr == address, AuditEntry.at > start)) or 0
        if addr_failures >= max_per_address:
            until = _failure_until(session, start, window, addr_failures - max_per_address,
                                   AuditEntry.remote_addr == address)
            return Lock("address", until or now + window)
    return None


def _failure_until(session: Session, since: datetime, window: timedelta, skip: int, condition: object) -> \
        datetime | None:
    """When enough failures have left the window for the count to drop below the limit."""
    at = session.scalars(select(AuditEntry.at).where(
        AuditEntry.action == SIGN_IN, AuditEntry.outcome == "refused", AuditEntry.at > since, condition)
        .order_by(AuditEntry.at, AuditEntry.id).offset(skip).limit(1)).first()
    return at + window if at is not None else None
