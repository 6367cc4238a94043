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

from sqlalchemy import LargeBinary, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from gateway.errors import GatewayError
from gateway.ledger.events import record_event
from gateway.ledger.models import Interchange, RawContent
from gateway.ledger.status import Direction
from gateway.ledger.types import JsonType, UtcDateTime, utcnow


class LedgerNotFound(GatewayError):
    """A ledger record that the caller named does not exist."""


@dataclass(frozen=True, slots=True)
class ReceiveResult:
    """What :func:`receive` did: the interchange the bytes belong to and whether it was a repeat."""

    interchange_id: int
    sha256: str
    size: int
    duplicate: bool


# The two inserts of every received file, as SQL both databases read (``ON CONFLICT ... DO
# NOTHING``: PostgreSQL, SQLite 3.24+), with typed parameters. Written as text because
# SQLAlchemy 2.0 does not cache its dialect-specific INSERT constructs: those were compiled
# again at every call, the largest share of the receive step's CPU.
_STORE_RAW = text(
    "INSERT INTO raw_contents (sha256, size, content, stored_at) VALUES (:sha256, :size, :content, :stored_at) "
    "ON CONFLICT (sha256) DO NOTHING"
).bindparams(bindparam("content", type_=LargeBinary), bindparam("stored_at", type_=UtcDateTime))
_RECEIVE = text(
    "INSERT INTO interchanges (direction, partner_id, dedupe_scope, mailbox, transport, sha256, size, "
    "occurred_at, recorded_at, transport_meta) VALUES (:direction, :partner_id, :dedupe_scope, :mailbox, "
    ":transport, :sha256, :size, :occurred_at, :recorded_at, :transport_meta) "
    "ON CONFLICT (direction, dedupe_scope, sha256) DO NOTHING RETURNING id"
).bindparams(bindparam("occurred_at", type_=UtcDateTime), bindparam("recorded_at", type_=UtcDateTime),
             bindparam("transport_meta", type_=JsonType))


_INSERT_INTERCHANGE = insert(Interchange.__table__).returning(Interchange.__table__.c.id)
_IC, _RAW = Interchange.__table__.c, RawContent.__table__.c
_STORED_COLUMNS = (_IC.id, _IC.partner_id, _IC.mailbox, _IC.transport_meta, _IC.processed_at, _IC.sha256,
                   _RAW.content, _RAW.size)
_STORED = select(*_STORED_COLUMNS).join_from(Interchange.__table__, RawContent.__table__, _RAW.sha256 == _IC.sha256)
_STORED_ONE = _STORED.where(_IC.id == bindparam("interchange_id"))
_STORED_MANY = _STORED.where(_IC.id.in_(bindparam("ids", expanding=True)), _IC.size <= bindparam("max_bytes"))
_FINISH_SPLIT = update(Interchange.__table__).where(_IC.id == bindparam("interchange_id_"))
_LOCK_FOR_SPLIT = (select(_IC.processed_at, _IC.syntax, _IC.partner_id)
                   .where(_IC.id == bindparam("interchange_id")).with_for_update())


def store_raw(session: Session, content: bytes) -> str:
    """Store ``content`` once under its SHA-256 (a no-op when already there); return the hash."""
    digest = hashlib.sha256(content).hexdigest()
    session.connection().execute(_STORE_RAW, {"sha256": digest, "size": len(content), "content": content,
                                              "stored_at": utcnow()})
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
    new_id = session.connection().execute(_RECEIVE, {
        "direction": Direction.INBOUND.value, "partner_id": partner_id, "dedupe_scope": scope, "mailbox": mailbox,
        "transport": transport, "sha256": digest, "size": len(content), "occurred_at": at,
        "recorded_at": utcnow(), "transport_meta": meta}).scalar_one_or_none()
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
    check_repeat: bool = True,
) -> int:
    """Record an interchange we built for a partner, before it is queued; return its id.

    ``occurred_at`` starts as the time of storing; :func:`gateway.ledger.outbox.mark_sent`
    records the actual send as an event. ``check_repeat=False`` skips the friendly look for the
    same bytes stored before (for interchanges that carry freshly allocated control numbers, such
    as our acks); the unique key on (direction, scope, sha256) still refuses a copy.
    """
    digest = store_raw(session, content)
    existing = session.scalars(
        select(Interchange.id).where(Interchange.direction == Direction.OUTBOUND.value,
                                     Interchange.dedupe_scope == partner_id, Interchange.sha256 == digest)
    ).one_or_none() if check_repeat else None
    if existing is not None:
        raise GatewayError(
            f"partner {partner_id}: these exact bytes are already stored as outbound interchange {existing}; "
            "queue that interchange again instead of storing a copy"
        )
    new_id = session.connection().execute(_INSERT_INTERCHANGE, dict(
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
    )).scalar_one()
    record_event(session, interchange_id=new_id, step="store", outcome="ok", actor=actor,
                 detail={"sha256": digest, "size": len(content), "control_number": control_number}, flush=False)
    return int(new_id)


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


@dataclass(frozen=True, slots=True)
class StoredInbound:
    """What the split step needs of a stored interchange, read in one query (:func:`stored_inbound`)."""

    interchange_id: int
    partner_id: str | None
    mailbox: str | None
    transport_meta: dict[str, Any]
    processed: bool
    content: bytes


PREFETCH_MAX_BYTES = 256 * 1024


def stored_inbound_many(session: Session, interchange_ids: list[int],
                        max_bytes: int = PREFETCH_MAX_BYTES) -> dict[int, StoredInbound]:
    """:func:`stored_inbound` for every one of these interchanges of at most ``max_bytes``, in one query.

    Missing, larger and purged interchanges are simply not in the answer (the caller reads them
    one at a time, which reports the problem).
    """
    rows = session.connection().execute(_STORED_MANY, {"ids": list(interchange_ids), "max_bytes": max_bytes})
    return {row.id: StoredInbound(row.id, row.partner_id, row.mailbox, dict(row.transport_meta or {}),
                                  row.processed_at is not None, bytes(row.content))
            for row in rows if row.content or not row.size}


def stored_inbound(session: Session, interchange_id: int) -> StoredInbound:
    """The interchange's routing facts and raw bytes in one round trip (the split step's first read).

    Raises :class:`LedgerNotFound` for an unknown id, or when retention purged the bytes.
    """
    row = session.connection().execute(_STORED_ONE, {"interchange_id": interchange_id}).one_or_none()
    if row is None:
        raise LedgerNotFound(f"interchange {interchange_id} is not in the ledger")
    if row.size and not row.content:  # emptied by gateway.ledger.retention (purged_at says when)
        raise LedgerNotFound(f"interchange {interchange_id}: its raw bytes were purged by retention "
                             f"(sha256 {row.sha256} and the documents are kept)")
    return StoredInbound(interchange_id, row.partner_id, row.mailbox, dict(row.transport_meta or {}),
                         row.processed_at is not None, bytes(row.content))


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
    envelope = {"syntax": syntax, "sender_id": sender_id, "receiver_id": receiver_id, "control_number": control_number}
    for column, value in _envelope_values(session, ic.id, ic.partner_id, envelope, partner_id, actor).items():
        setattr(ic, column, value)
    return ic


def _envelope_values(session: Session, interchange_id: int, recorded_partner: str | None, envelope: dict[str, str],
                     partner_id: str | None, actor: str) -> dict[str, Any]:
    """The columns an envelope sets, after the partner rule, with its ``envelope`` event recorded.

    Shared by :func:`set_envelope` (ORM row) and :func:`finish_split` (one Core UPDATE).
    """
    if partner_id and recorded_partner and recorded_partner != partner_id:
        raise GatewayError(
            f"interchange {interchange_id}: envelope names partner {partner_id!r} but it arrived "
            f"for partner {recorded_partner!r}"
        )
    values: dict[str, Any] = dict(envelope)
    if partner_id:
        values["partner_id"] = partner_id
    record_event(session, interchange_id=interchange_id, step="envelope", outcome="ok", actor=actor,
                 detail={**envelope, "partner_id": partner_id or recorded_partner}, flush=False)
    return values


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


def lock_for_split(session: Session, interchange_id: int) -> Any:
    """The split step's row lock on an interchange: ``processed_at``, ``syntax`` and ``partner_id``.

    A plain row read ``FOR UPDATE`` (no ORM object), for :func:`finish_split`. Raises
    :class:`LedgerNotFound` for an unknown id.
    """
    row = session.connection().execute(_LOCK_FOR_SPLIT, {"interchange_id": interchange_id}).one_or_none()
    if row is None:
        raise LedgerNotFound(f"interchange {interchange_id} is not in the ledger")
    return row


def finish_split(session: Session, interchange_id: int, *, locked: Any, envelope: dict[str, str] | None,
                 partner_id: str | None, documents: int | None, actor: str) -> None:
    """:func:`set_envelope` (when ``envelope`` is given) then :func:`mark_processed`, as one UPDATE.

    ``locked`` is the row :func:`lock_for_split` returned in this transaction; the same partner
    rule and the same events as the two functions apply. ``documents=None`` records the
    envelope only (the interchange is not finished yet).
    """
    values: dict[str, Any] = {} if documents is None else {"processed_at": utcnow()}
    if envelope is not None:
        values.update(_envelope_values(session, interchange_id, locked.partner_id, envelope, partner_id, actor))
    if values:
        session.connection().execute(_FINISH_SPLIT, {"interchange_id_": interchange_id, **values})
    if documents is not None:
        record_event(session, interchange_id=interchange_id, step="split", outcome="ok", actor=actor,
                     detail={"documents": documents}, flush=False)


def unprocessed_inbound(session: Session, *, received_before: datetime | None = None,
                        limit: int = 100) -> Sequence[Interchange]:
    """Inbound interchanges received but not yet split, oldest first: what a restart must resume."""
    stmt = select(Interchange).where(Interchange.direction == Direction.INBOUND.value,
                                     Interchange.processed_at.is_(None))
    if received_before is not None:
        stmt = stmt.where(Interchange.occurred_at < received_before)
    return session.scalars(stmt.order_by(Interchange.id).limit(limit)).all()
