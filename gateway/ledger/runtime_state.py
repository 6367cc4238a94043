"""Ledger tables for transport and notifier state that must survive restarts and be shared by processes.

- ``as2_receipts``: one row per AS2 message received, unique per (AS2-From, Message-ID). The unique
  key is what serialises two simultaneous first deliveries of the same message: only one insert can
  win, the loser answers with the winner's MDN (RFC 4130 7.6). The row also carries the MDN we gave
  and, for asynchronous MDNs, the delivery state (attempts, next try, last error, dead-lettered), so
  an MDN that could not be delivered is retried by the worker and stays visible to operations.
- ``ledger_state``: small named integers, e.g. the webhook notifier's watermark (the last event id
  posted), so that two console processes or a restart neither drop nor repeat alerts.

Registered on :class:`gateway.ledger.models.Base` like the console tables; created by migration 0004.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gateway.ledger.models import Base
from gateway.ledger.types import IdType, JsonType, UtcDateTime, utcnow


class As2Receipt(Base):
    """An AS2 message we received (one per sender and Message-ID), the MDN we gave, its delivery state."""

    __tablename__ = "as2_receipts"
    __table_args__ = (
        UniqueConstraint("as2_from", "message_id"),
        Index(None, "delivery_status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    as2_from: Mapped[str] = mapped_column(String(200))
    message_id: Mapped[str] = mapped_column(String(300))
    interchange_id: Mapped[int] = mapped_column(ForeignKey("interchanges.id"), index=True)
    mode: Mapped[str] = mapped_column(String(8))  # none, sync, async
    async_url: Mapped[str | None] = mapped_column(Text)
    mdn_message_id: Mapped[str | None] = mapped_column(String(300))
    mdn_headers: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    mdn_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    # async MDNs only: none (sync or no MDN), pending, delivered, dead
    delivery_status: Mapped[str] = mapped_column(String(16), default="none")
    delivery_attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LedgerState(Base):
    """A named integer kept in the ledger (e.g. ``webhook:<url>`` -> last event id posted)."""

    __tablename__ = "ledger_state"

    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
