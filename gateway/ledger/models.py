"""The ledger's tables as typed SQLAlchemy 2 models.

One class per table, no behaviour: the repository modules (``interchanges``, ``documents``,
``events``, ``control``, ``acks``, ``outbox``) hold the rules. The Alembic migrations in
``gateway/ledger/migrations`` create exactly this schema; a test compares the two.

Raw bytes live in ``raw_contents`` keyed by SHA-256 (content-addressed, stored once however many
times the same bytes arrive) inside the database, so a single commit makes them durable together
with their interchange row, on one machine or many (see ``docs/architecture.md``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from gateway.ledger.types import IdType, JsonType, UtcDateTime, utcnow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with deterministic constraint names (stable across migrations)."""

    metadata = MetaData(naming_convention=NAMING)


class RawContent(Base):
    """Bytes of an interchange exactly as received or sent, stored once per SHA-256."""

    __tablename__ = "raw_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # set by retention (gateway.ledger.retention): the bytes were removed, size and sha256 kept
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Interchange(Base):
    """One file received from or sent to a partner, with its transport and envelope facts."""

    __tablename__ = "interchanges"
    __table_args__ = (
        UniqueConstraint("direction", "dedupe_scope", "sha256"),
        Index(None, "sender_id", "control_number"),
        Index(None, "partner_id", "occurred_at"),
        Index(None, "direction", "processed_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[str | None] = mapped_column(String(100))
    # partner id, or "mailbox:<name>" while the partner of a shared mailbox is unknown: the scope
    # within which the same bytes count as a duplicate.
    dedupe_scope: Mapped[str] = mapped_column(String(200))
    mailbox: Mapped[str | None] = mapped_column(String(200))
    transport: Mapped[str | None] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(ForeignKey("raw_contents.sha256"))
    size: Mapped[int] = mapped_column(BigInteger)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)  # received or sent
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    transport_meta: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    syntax: Mapped[str | None] = mapped_column(String(16))
    sender_id: Mapped[str | None] = mapped_column(String(100))
    receiver_id: Mapped[str | None] = mapped_column(String(100))
    control_number: Mapped[str | None] = mapped_column(String(35))
    # inbound: when the pipeline finished splitting it into documents (None: still to do)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Document(Base):
    """One business document (transaction set or message) and where it is in its life."""

    __tablename__ = "documents"
    __table_args__ = (
        Index(None, "partner_id", "doc_type", "business_key"),
        Index(None, "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    direction: Mapped[str] = mapped_column(String(16))
    partner_id: Mapped[str] = mapped_column(String(100))
    doc_type: Mapped[str] = mapped_column(String(50))
    interchange_id: Mapped[int | None] = mapped_column(ForeignKey("interchanges.id"), index=True)
    interchange_control: Mapped[str | None] = mapped_column(String(35))
    group_control: Mapped[str | None] = mapped_column(String(35))
    set_control: Mapped[str | None] = mapped_column(String(35))
    business_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32))
    canonical: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    odoo_refs: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    error_category: Mapped[str | None] = mapped_column(String(32))
    error_reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resubmission_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    regenerated_from_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Event(Base):
    """One step in the timeline of a document and/or an interchange. Append-only."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("document_id IS NOT NULL OR interchange_id IS NOT NULL", name="has_subject"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    interchange_id: Mapped[int | None] = mapped_column(ForeignKey("interchanges.id"), index=True)
    step: Mapped[str] = mapped_column(String(50))
    outcome: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))


class ControlCounter(Base):
    """The next control number for one partner, direction and envelope level, and its policy."""

    __tablename__ = "control_counters"

    partner_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    direction: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger)
    min_value: Mapped[int] = mapped_column(BigInteger)
    max_value: Mapped[int] = mapped_column(BigInteger)
    wrap: Mapped[bool] = mapped_column(Boolean, default=False)
    reuse_window_seconds: Mapped[int] = mapped_column(BigInteger)
    cycle: Mapped[int] = mapped_column(Integer, default=0)
    cycle_started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ExpectedAck(Base):
    """An acknowledgment we wait for, for something we sent, and what became of it."""

    __tablename__ = "expected_acks"
    __table_args__ = (
        Index(None, "status", "deadline"),
        Index(None, "partner_id", "kind", "group_control", "set_control"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))  # TA1, 997, 999, CONTRL, MDN
    level: Mapped[str] = mapped_column(String(16))  # interchange, group, set, message (MDN)
    interchange_id: Mapped[int] = mapped_column(ForeignKey("interchanges.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    interchange_control: Mapped[str | None] = mapped_column(String(35))
    group_control: Mapped[str | None] = mapped_column(String(35))
    set_control: Mapped[str | None] = mapped_column(String(35))
    message_id: Mapped[str | None] = mapped_column(String(300))  # AS2 Message-ID for MDNs
    deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(16))  # pending, received, overdue
    result: Mapped[str | None] = mapped_column(String(2))  # A, E, P, R (and M, W, X from 997)
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    overdue_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReceivedAck(Base):
    """An acknowledgment a partner sent us, matched to what it acknowledges when possible."""

    __tablename__ = "received_acks"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    partner_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(16))
    ack_interchange_id: Mapped[int | None] = mapped_column(ForeignKey("interchanges.id"), index=True)
    interchange_control: Mapped[str | None] = mapped_column(String(35))
    group_control: Mapped[str | None] = mapped_column(String(35))
    set_control: Mapped[str | None] = mapped_column(String(35))
    message_id: Mapped[str | None] = mapped_column(String(300))
    result: Mapped[str] = mapped_column(String(2))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expected_ack_id: Mapped[int | None] = mapped_column(ForeignKey("expected_acks.id"), index=True)


class OutboxEntry(Base):
    """An interchange waiting to be sent over one transport, with its retry state."""

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "transport", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    interchange_id: Mapped[int] = mapped_column(ForeignKey("interchanges.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    partner_id: Mapped[str] = mapped_column(String(100))
    transport: Mapped[str] = mapped_column(String(200))  # mailbox name
    status: Mapped[str] = mapped_column(String(16))  # pending, sending, sent, dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

