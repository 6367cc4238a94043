"""Interchanges: the files we receive and send, stored durably before anything else happens.

:func:`receive` is the first step of every inbound flow. It stores the raw bytes (once per
SHA-256) and the interchange row in the caller's transaction; :meth:`gateway.ledger.Ledger.receive`
commits it, and only after that commit may a transport delete or move the remote file. The same
bytes from the same partner (or the same shared mailbox while the partner is unknown) are a
duplicate: no second row is created, but the second arrival is recorded as an event on the
original, so the history shows every delivery. Concurrent deliveries of the same file are safe:
the insert is ``ON CONFLICT DO NOTHING`` against a unique key, so exactly one wins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gateway.errors import GatewayError
from gateway.ledger.events import record_event
from gateway.ledger.models import Interchange, RawContent
from gateway.ledger.status import Direction
from gateway.ledger.types import utcnow


class LedgerNotFound(GatewayError):
    """A ledger record that the caller named does not exist."""


@dataclass(frozen=True, slots=True)
class ReceiveResult:
    """What :func:`receive` did: the interchange the bytes belong to and whether it was a repeat."""

    interchange_id: int
    sha256: str
    size: int
    duplicate: bool


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def store_raw(session: Session, content: bytes) -> str:
    """Store ``content`` once under its SHA-256 (a no-op when already there); return the hash."""
    digest = hashlib.sha256(content).hexdigest()
    stmt = _insert(session, RawContent).values(
        sha256=digest, size=len(content), content=content, stored_at=utcnow()
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=["sha256"]))
    return digest


def dedupe_scope(partner_id: str | None, mailbox: str | None) -> str:
    """The scope in which identical bytes are a duplicate: the partner, else the mailbox."""
    if partner_id:
        return partner_id
    if mailbox:
        return f"mailbox:{mailbox}"
    raise ValueError("an interchange needs a partner_id or a mailbox")


def receive(
    session: Session,
    content: bytes,
    *,
    mailbox: str,
    transport: str,
    partner_id: str | None = None,
    received_at: datetime | None = None,
    transport_meta: dict[str, Any] | None = None,
    actor: str = "receiver",
) -> ReceiveResult:
    """Record an inbound file (flushed, not committed; commit before deleting the remote copy).

    ``mailbox`` is the configured mailbox name, ``transport`` its kind (``sftp``, ``as2``,
    ``folder``), ``transport_meta`` what the transport knows (remote path, AS2 Message-ID, MDN
    status...). Returns the interchange id; for a duplicate, the id of the first copy, with an
    event ``receive/duplicate`` recording this arrival.
    """
    at = received_at or utcnow()
    meta = dict(transport_meta or {})
    scope = dedupe_scope(partner_id, mailbox)
    digest = store_raw(session, content)
    stmt = (
        _insert(session, Interchange)
        .values(
            direction=Direction.INBOUND.value,
            partner_id=partner_id,
            dedupe_scope=scope,
            mailbox=mailbox,
            transport=transport,
            sha256=digest,
            size=len(content),
            occurred_at=at,
            recorded_at=utcnow(),
            transport_meta=meta,
        )
        .on_conflict_do_nothing(index_elements=["direction", "dedupe_scope", "sha256"])
        .returning(Interchange.id)
    )
    new_id = session.execute(stmt).scalar_one_or_none()
    detail = {"mailbox": mailbox, "transport": transport, "size": len(content), "sha256": digest,
              "arrived_at": at.isoformat(), "transport_meta": meta}
    if new_id is not None:
        record_event(session, interchange_id=new_id, step="receive", outcome="ok", actor=actor, detail=detail,
                     flush=False)
        return ReceiveResult(new_id, digest, len(content), duplicate=False)
    original = session.scalars(
        select(Interchange.id).where(
            Interchange.direction == Direction.INBOUND.value,
            Interchange.dedupe_scope == scope,
            Interchange.sha256 == digest,
        )
    ).one()
    record_event(session, interchange_id=original, step="receive", outcome="duplicate", actor=actor, detail=detail,
                 flush=False)
    return ReceiveResult(original, digest, len(content), duplicate=True)


def store_outbound(
    session: Session,
    content: bytes,
    *,
    partner_id: str,
    mailbox: str,
    transport: str,
    syntax: str,
    sender_id: str,
    receiver_id: str,
    control_number: str,
    transport_meta: dict[str, Any] | None = None,
    actor: str = "sender",
) -> int:
    """Record an interchange we built for a partner, before it is queued; return its id.

    ``occurred_at`` starts as the time of storing; :func:`gateway.ledger.outbox.mark_sent`
    records the actual send as an event.
    """
    digest = store_raw(session, content)
    existing = session.scalars(
        select(Interchange.id).where(Interchange.direction == Direction.OUTBOUND.value,
                                     Interchange.dedupe_scope == partner_id, Interchange.sha256 == digest)
    ).one_or_none()
    if existing is not None:
        raise GatewayError(
            f"partner {partner_id}: these exact bytes are already stored as outbound interchange {existing}; "
            "queue that interchange again instead of storing a copy"
        )
    ic = Interchange(
        direction=Direction.OUTBOUND.value,
        partner_id=partner_id,
        dedupe_scope=partner_id,
        mailbox=mailbox,
        transport=transport,
        sha256=digest,
        size=len(content),
        occurred_at=utcnow(),
        transport_meta=dict(transport_meta or {}),
        syntax=syntax,
        sender_id=sender_id,
        receiver_id=receiver_id,
        control_number=control_number,
    )
    session.add(ic)
    session.flush()
    record_event(session, interchange_id=ic.id, step="store", outcome="ok", actor=actor,
                 detail={"sha256": digest, "size": len(content), "control_number": control_number}, flush=False)
    return ic.id


def get_interchange(session: Session, interchange_id: int) -> Interchange:
    """The interchange row, or :class:`LedgerNotFound`."""
    ic = session.get(Interchange, interchange_id)
    if ic is None:
        raise LedgerNotFound(f"interchange {interchange_id} is not in the ledger")
    return ic


def raw_content(session: Session, interchange_id: int) -> bytes:
    """The exact bytes of an interchange as received or sent."""
    ic = get_interchange(session, interchange_id)
    content, size = session.execute(select(RawContent.content, RawContent.size)
                                    .where(RawContent.sha256 == ic.sha256)).one()
    if size and not content:  # emptied by gateway.ledger.retention (purged_at says when)
        raise LedgerNotFound(f"interchange {interchange_id}: its raw bytes were purged by retention "
                             f"(sha256 {ic.sha256} and the documents are kept)")
    return bytes(content)


def set_envelope(
    session: Session,
    interchange_id: int | Interchange,
    *,
    syntax: str,
    sender_id: str,
    receiver_id: str,
    control_number: str,
    partner_id: str | None = None,
    actor: str = "pipeline",
) -> Interchange:
    """Record what the envelope says (syntax, sender, receiver, ISA13/UNB0020) once parsed.

    ``partner_id`` fills in the partner identified from the envelope for a shared mailbox; it
    never replaces a different partner already recorded (that is a mismatch the pipeline must
    refuse, not overwrite). ``interchange_id`` may be the row the caller already locked.
    """
    ic = interchange_id if isinstance(interchange_id, Interchange) else get_interchange(session, interchange_id)
    interchange_id = ic.id
    if partner_id and ic.partner_id and ic.partner_id != partner_id:
        raise GatewayError(
            f"interchange {interchange_id}: envelope names partner {partner_id!r} but it arrived "
            f"for partner {ic.partner_id!r}"
        )
    ic.syntax = syntax
    ic.sender_id = sender_id
    ic.receiver_id = receiver_id
    ic.control_number = control_number
    if partner_id:
        ic.partner_id = partner_id
    record_event(session, interchange_id=interchange_id, step="envelope", outcome="ok", actor=actor,
                 detail={"syntax": syntax, "sender_id": sender_id, "receiver_id": receiver_id,
                         "control_number": control_number, "partner_id": ic.partner_id}, flush=False)
    return ic


def mark_processed(session: Session, interchange_id: int | Interchange, *, actor: str,
                   documents: int = 0) -> Interchange:
    """Record that an inbound interchange was split into its documents (the receive step is over).

    ``interchange_id`` may be the row the caller already locked in this transaction.
    """
    ic = interchange_id if isinstance(interchange_id, Interchange) else get_interchange(session, interchange_id)
    ic.processed_at = utcnow()
    record_event(session, interchange_id=ic.id, step="split", outcome="ok", actor=actor,
                 detail={"documents": documents}, flush=False)
    return ic


def unprocessed_inbound(session: Session, *, received_before: datetime | None = None,
                        limit: int = 100) -> Sequence[Interchange]:
    """Inbound interchanges received but not yet split, oldest first: what a restart must resume."""
    stmt = select(Interchange).where(Interchange.direction == Direction.INBOUND.value,
                                     Interchange.processed_at.is_(None))
    if received_before is not None:
        stmt = stmt.where(Interchange.occurred_at < received_before)
    return session.scalars(stmt.order_by(Interchange.id).limit(limit)).all()
