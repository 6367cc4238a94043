"""The audit log: every action through the console, API or admin commands, with who and when.

Recorded in the same transaction as the action when there is one, so an action and its audit
entry commit together; refused attempts (403, bad CSRF, failed sign-in) are recorded too.

The log is append-only: the ORM refuses to change or delete an entry (listeners below) and the
database refuses it too (triggers of migration 0005), so a history of actions cannot be rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Mapper, Session

from gateway.errors import GatewayError
from gateway.ledger.console import AuditEntry
from gateway.ledger.types import utcnow


class AuditLogAppendOnly(GatewayError):
    """Something tried to change or remove an audit entry."""


@sa_event.listens_for(AuditEntry, "before_update")
def _refuse_update(_mapper: Mapper[AuditEntry], _connection: Any, target: AuditEntry) -> None:
    raise AuditLogAppendOnly(f"audit entry {target.id} cannot be changed: the audit log is append-only")


@sa_event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(_mapper: Mapper[AuditEntry], _connection: Any, target: AuditEntry) -> None:
    raise AuditLogAppendOnly(f"audit entry {target.id} cannot be deleted: the audit log is append-only")


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
