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

from sqlalchemy import and_, bindparam, insert, or_, select, update
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
    """Queue an interchange for sending over ``transport`` (a mailbox name); return the entry."""
    entry = session.get(OutboxEntry, queue(session, interchange_id=interchange_id, partner_id=partner_id,
                                           transport=transport, actor=actor, document_id=document_id,
                                           not_before=not_before))
    assert entry is not None
    return entry


_INSERT_ENTRY = insert(OutboxEntry.__table__).returning(OutboxEntry.__table__.c.id)


def queue(session: Session, *, interchange_id: int, partner_id: str, transport: str, actor: str,
          document_id: int | None = None, not_before: datetime | None = None) -> int:
    """:func:`enqueue` returning only the new entry's id, in one statement (the pipeline's ack path)."""
    now = utcnow()
    entry_id = int(session.connection().execute(_INSERT_ENTRY, dict(
        interchange_id=interchange_id, document_id=document_id, partner_id=partner_id, transport=transport,
        status=PENDING, attempts=0, next_attempt_at=not_before or now, created_at=now,
    )).scalar_one())
    record_event(session, interchange_id=interchange_id, document_id=document_id, step="enqueue", outcome="ok",
                 actor=actor, detail={"outbox": entry_id, "transport": transport}, flush=False)
    return entry_id


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


def mark_sent_many(session: Session, sent: Sequence[tuple[int, int, int | None, dict[str, Any]]], *,
                   actor: str, sent_at: datetime | None = None) -> None:
    """:func:`mark_sent` for several entries at once: ``(entry id, interchange id, document id, meta)``.

    The sender's batch after sending a claim's files: three statements for the whole batch (the
    entries, their interchanges, the events) instead of five per entry. Only entries this worker
    still holds (status ``sending``) are marked; one taken over after an expired lease stays with
    its new holder.
    """
    if not sent:
        return
    at = sent_at or utcnow()
    conn = session.connection()
    o, i = OutboxEntry.__table__.c, Interchange.__table__.c
    conn.execute(update(OutboxEntry.__table__).where(o.id.in_([e[0] for e in sent]), o.status == SENDING)
                 .values(status=SENT, sent_at=at, lease_until=None, last_error=None))
    metas = {ic_id: meta for _e, ic_id, _d, meta in sent}
    current = dict(conn.execute(select(i.id, i.transport_meta).where(i.id.in_(list(metas)))).all())
    conn.execute(update(Interchange.__table__).where(i.id == bindparam("ic_id"))
                 .values(occurred_at=at, transport_meta=bindparam("meta", type_=i.transport_meta.type)),
                 [{"ic_id": ic_id, "meta": {**(current.get(ic_id) or {}), **meta}} for ic_id, meta in metas.items()
                  if ic_id in current])
    for entry_id, ic_id, doc_id, meta in sent:
        record_event(session, interchange_id=ic_id, document_id=doc_id, step="send", outcome="ok", actor=actor,
                     detail={"outbox": entry_id, "transport_meta": meta}, at=at, flush=False)


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
