"""The audit log: every action through the console, API or admin commands, with who and when.

Recorded in the same transaction as the action when there is one, so an action and its audit
entry commit together; refused attempts (403, bad CSRF, failed sign-in) are recorded too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.ledger.console import AuditEntry
from gateway.ledger.types import utcnow


def record(session: Session, *, actor: str, action: str, outcome: str = "ok", target: str | None = None,
           detail: dict[str, Any] | None = None, remote_addr: str | None = None) -> AuditEntry:
    """Append one audit entry (flushed in the caller's transaction)."""
    entry = AuditEntry(at=utcnow(), actor=actor, action=action, target=target, outcome=outcome,
                       detail=dict(detail or {}), remote_addr=remote_addr)
    session.add(entry)
    session.flush()
    return entry


def recent(session: Session, *, limit: int = 50, target: str | None = None) -> Sequence[AuditEntry]:
    """The newest entries first, optionally for one target (``document:12``)."""
    stmt = select(AuditEntry)
    if target is not None:
        stmt = stmt.where(AuditEntry.target == target)
    return session.scalars(stmt.order_by(AuditEntry.id.desc()).limit(limit)).all()
