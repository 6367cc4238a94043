"""The outbox: interchanges waiting to be sent, per transport, with attempts and backoff.

A sender claims due entries with a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so several
workers share the queue without taking the same entry; SQLite's exclusive transactions do the
same). An entry whose worker died becomes claimable again when its lease expires, so a crash
never loses a send; the transport must therefore be idempotent per interchange (SFTP writes to
a temporary name then renames; AS2 reuses the Message-ID). Every claim, success and failure is
an event on the interchange.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from gateway.ledger.events import record_event
from gateway.ledger.interchanges import LedgerNotFound
from gateway.ledger.models import Interchange, OutboxEntry
from gateway.ledger.types import utcnow

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"


def enqueue(
    session: Session,
    *,
    interchange_id: int,
    partner_id: str,
    transport: str,
    actor: str,
    document_id: int | None = None,
    not_before: datetime | None = None,
) -> OutboxEntry:
    """Queue an interchange for sending over ``transport`` (a mailbox name)."""
    now = utcnow()
    entry = OutboxEntry(
        interchange_id=interchange_id, document_id=document_id, partner_id=partner_id, transport=transport,
        status=PENDING, attempts=0, next_attempt_at=not_before or now, created_at=now,
    )
    session.add(entry)
    session.flush()
    record_event(session, interchange_id=interchange_id, document_id=document_id, step="enqueue", outcome="ok",
                 actor=actor, detail={"outbox": entry.id, "transport": transport}, flush=False)
    return entry


def claim_due(
    session: Session,
    *,
    transport: str,
    actor: str,
    lease: timedelta = timedelta(minutes=5),
    limit: int = 10,
    now: datetime | None = None,
) -> Sequence[OutboxEntry]:
    """Claim up to ``limit`` due entries of ``transport`` for ``lease``; count an attempt each.

    Due means pending with its next attempt time reached, or being sent by a worker whose lease
    expired. Commit right after claiming, send, then call :func:`mark_sent` or
    :func:`mark_failed`.
    """
    now = now or utcnow()
    entries = session.scalars(
        select(OutboxEntry)
        .where(
            OutboxEntry.transport == transport,
            or_(
                and_(OutboxEntry.status == PENDING, OutboxEntry.next_attempt_at <= now),
                and_(OutboxEntry.status == SENDING, OutboxEntry.lease_until < now),
            ),
        )
        .order_by(OutboxEntry.next_attempt_at, OutboxEntry.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for entry in entries:
        reclaimed = entry.status == SENDING
        entry.status = SENDING
        entry.attempts += 1
        entry.lease_until = now + lease
        record_event(session, interchange_id=entry.interchange_id, document_id=entry.document_id, step="send",
                     outcome="attempt", actor=actor,
                     detail={"outbox": entry.id, "attempt": entry.attempts, "lease_expired_before": reclaimed},
                     flush=False)
    return entries


def _entry(session: Session, entry_id: int) -> OutboxEntry:
    entry = session.scalars(select(OutboxEntry).where(OutboxEntry.id == entry_id).with_for_update()).one_or_none()
    if entry is None:
        raise LedgerNotFound(f"outbox entry {entry_id} is not in the ledger")
    return entry


def mark_sent(session: Session, entry_id: int, *, actor: str, transport_meta: dict[str, Any] | None = None,
              sent_at: datetime | None = None) -> OutboxEntry:
    """Record a successful send: the entry is done and the interchange's time is the send time."""
    entry = _entry(session, entry_id)
    at = sent_at or utcnow()
    entry.status = SENT
    entry.sent_at = at
    entry.lease_until = None
    entry.last_error = None
    interchange = session.get(Interchange, entry.interchange_id)
    if interchange is not None:
        interchange.occurred_at = at
        if transport_meta:
            interchange.transport_meta = {**(interchange.transport_meta or {}), **transport_meta}
    record_event(session, interchange_id=entry.interchange_id, document_id=entry.document_id, step="send",
                 outcome="ok", actor=actor, detail={"outbox": entry.id, "transport_meta": transport_meta or {}},
                 flush=False)
    return entry


def mark_failed(session: Session, entry_id: int, *, actor: str, error: str,
                retry_at: datetime | None) -> OutboxEntry:
    """Record a failed send: back to pending until ``retry_at``, or ``dead`` when ``None``."""
    entry = _entry(session, entry_id)
    entry.status = PENDING if retry_at is not None else DEAD
    entry.last_error = error
    entry.lease_until = None
    if retry_at is not None:
        entry.next_attempt_at = retry_at
    record_event(session, interchange_id=entry.interchange_id, document_id=entry.document_id, step="send",
                 outcome="retry" if retry_at else "dead", actor=actor,
                 detail={"outbox": entry.id, "error": error, "attempt": entry.attempts,
                         "retry_at": retry_at.isoformat() if retry_at else None}, flush=False)
    return entry


def list_outbox(session: Session, *, transport: str | None = None, status: str | None = None) -> Sequence[OutboxEntry]:
    """Outbox entries, optionally of one transport and/or status, oldest first."""
    stmt = select(OutboxEntry).order_by(OutboxEntry.id)
    if transport is not None:
        stmt = stmt.where(OutboxEntry.transport == transport)
    if status is not None:
        stmt = stmt.where(OutboxEntry.status == status)
    return session.scalars(stmt).all()
