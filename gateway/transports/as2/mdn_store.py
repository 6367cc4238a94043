"""MDNs we gave, kept in the ledger so a resent Message-ID gets its original receipt back.

RFC 4130 section 7.6: a sender that got no MDN resends with the same Message-ID; the receiver must
not process it twice and should answer with the MDN it already gave. Each message we accept gets
one row in ``as2_receipts`` (:class:`gateway.ledger.runtime_state.As2Receipt`), unique per
(AS2-From, Message-ID): :func:`claim_receipt` inserts it ``ON CONFLICT DO NOTHING`` in the same
transaction as the interchange, so of two simultaneous first deliveries exactly one commits and
the other answers with the winner's MDN. The MDN is also an append-only event (step ``as2_mdn``)
on the interchange, for its timeline in the console.

For async MDNs the row holds the delivery state: ``pending`` with the next attempt time, then
``delivered``, or ``dead`` after :data:`MAX_DELIVERY_ATTEMPTS` (an event with outcome
``dead_lettered`` and an alert make it visible to operations). :func:`due_deliveries` is what the
worker's ``send_as2`` beat task retries.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gateway.ledger.events import record_event
from gateway.ledger.models import Event
from gateway.ledger.runtime_state import As2Receipt
from gateway.ledger.types import utcnow
from gateway.transports.as2.mdn import OutboundMdn

STEP = "as2_mdn"
DELIVERY_STEP = "as2_mdn_delivery"
MAX_DELIVERY_ATTEMPTS = 8
RETRY_BASE_SECONDS = 60.0
RETRY_MAX_SECONDS = 6 * 3600.0
# the HTTP request's own background delivery gets this long before the worker may retry it
FIRST_TRY_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class StoredMdn:
    """An MDN found for a Message-ID: the interchange it belongs to and the MDN itself."""

    interchange_id: int
    mdn: OutboundMdn | None
    mode: str
    async_url: str | None


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after ``attempts`` failed deliveries: exponential from one minute, capped."""
    return timedelta(seconds=min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)))


def claim_receipt(session: Session, *, interchange_id: int, original_message_id: str, as2_from: str,
                  mdn: OutboundMdn | None, mode: str, async_url: str | None, actor: str) -> bool:
    """Record the MDN we give for this message unless another delivery already did; True when ours won.

    Runs in the caller's transaction (with the interchange). On PostgreSQL a concurrent insert of
    the same key waits for the other transaction and then does nothing, so the loser sees False
    and must roll back and answer with :func:`find_mdn`.
    """
    values: dict[str, Any] = {
        "as2_from": as2_from, "message_id": original_message_id, "interchange_id": interchange_id,
        "mode": mode, "async_url": async_url, "mdn_message_id": mdn.message_id if mdn else None,
        "mdn_headers": dict(mdn.headers) if mdn else {}, "mdn_body": mdn.body if mdn else None,
        "delivery_status": "pending" if mode == "async" and mdn is not None else "none",
        "delivery_attempts": 0, "created_at": utcnow(),
        "next_attempt_at": utcnow() + FIRST_TRY_GRACE if mode == "async" and mdn is not None else None,
    }
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = (insert(As2Receipt).values(**values)
            .on_conflict_do_nothing(index_elements=["as2_from", "message_id"]).returning(As2Receipt.id))
    if session.execute(stmt).scalar_one_or_none() is None:
        return False
    record_event(session, interchange_id=interchange_id, step=STEP, outcome="ok", actor=actor, detail={
        "original_message_id": original_message_id, "as2_from": as2_from, "mode": mode, "async_url": async_url,
        "mdn_message_id": mdn.message_id if mdn else None,
    })
    return True


def _from_receipt(row: As2Receipt) -> StoredMdn:
    mdn = None
    if row.mdn_body is not None:
        mdn = OutboundMdn(str(row.mdn_message_id), dict(row.mdn_headers), bytes(row.mdn_body))
    return StoredMdn(row.interchange_id, mdn, row.mode, row.async_url)


def find_mdn(session: Session, original_message_id: str, as2_from: str) -> StoredMdn | None:
    """The MDN given earlier to ``as2_from`` for this Message-ID, or None.

    Scoping by sender means nobody else can fetch a partner's receipt by quoting its Message-ID.
    Receipts from before migration 0004 exist only as ``as2_mdn`` events holding the MDN; they are
    still found.
    """
    row = session.scalars(select(As2Receipt).where(As2Receipt.as2_from == as2_from,
                                                   As2Receipt.message_id == original_message_id)).one_or_none()
    if row is not None:
        return _from_receipt(row)
    stmt = (select(Event).where(Event.step == STEP,
                                Event.detail["original_message_id"].as_string() == original_message_id,
                                Event.detail["as2_from"].as_string() == as2_from,
                                Event.detail["body_b64"].as_string().is_not(None))
            .order_by(Event.id).limit(1))
    ev = session.scalars(stmt).one_or_none()
    if ev is None or ev.interchange_id is None:
        return None
    d: dict[str, Any] = ev.detail
    mdn = OutboundMdn(str(d["mdn_message_id"]), dict(d["headers"]), base64.b64decode(d["body_b64"]))
    return StoredMdn(ev.interchange_id, mdn, str(d.get("mode", "sync")), d.get("async_url"))


def record_delivery(session: Session, *, interchange_id: int, original_message_id: str, as2_from: str,
                    url: str, ok: bool, attempts: int, error: str | None, actor: str,
                    max_attempts: int = MAX_DELIVERY_ATTEMPTS, now: datetime | None = None) -> str:
    """Record how delivering an async MDN went; return the receipt's new delivery status.

    ``attempts`` is how many POSTs this try made. A failure schedules the next try with
    :func:`retry_delay`; once ``max_attempts`` are used up the receipt is ``dead``, with an event of
    outcome ``dead_lettered`` (the console and the webhook show it).
    """
    now = now or utcnow()
    row = session.scalars(select(As2Receipt).where(As2Receipt.as2_from == as2_from,
                                                   As2Receipt.message_id == original_message_id)
                          .with_for_update()).one_or_none()
    status = "delivered" if ok else "pending"
    total = attempts
    if row is not None:
        row.delivery_attempts += attempts
        total = row.delivery_attempts
        if ok:
            row.delivered_at, row.next_attempt_at, row.last_error = now, None, None
        elif total >= max_attempts:
            status, row.next_attempt_at, row.last_error = "dead", None, error
        else:
            row.next_attempt_at, row.last_error = now + retry_delay(total), error
        row.delivery_status = status
    elif not ok:
        status = "dead"  # a receipt from before 0004: nothing to retry from
    outcome = {"delivered": "ok", "pending": "error", "dead": "dead_lettered"}[status]
    record_event(session, interchange_id=interchange_id, step=DELIVERY_STEP, outcome=outcome, actor=actor,
                 detail={"original_message_id": original_message_id, "url": url, "attempts": total,
                         "error": error, "reason": None if ok else f"async MDN not delivered to {url}: {error}"})
    return status


def due_deliveries(session: Session, *, now: datetime | None = None, limit: int = 20,
                   lease: timedelta = timedelta(minutes=5)) -> Sequence[As2Receipt]:
    """Claim the async MDNs due for another try, oldest first (leased so two workers never both send)."""
    now = now or utcnow()
    rows = session.scalars(
        select(As2Receipt).where(As2Receipt.delivery_status == "pending", As2Receipt.next_attempt_at <= now)
        .order_by(As2Receipt.next_attempt_at).limit(limit).with_for_update(skip_locked=True)
    ).all()
    for row in rows:
        row.next_attempt_at = now + lease
    session.flush()
    return rows


def as_stored(row: As2Receipt) -> StoredMdn:
    """The MDN a receipt row holds."""
    return _from_receipt(row)
