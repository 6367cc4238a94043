"""MDNs we sent, kept in the ledger so a resent Message-ID gets its original receipt back.

RFC 4130 section 7.6: a sender that got no MDN resends with the same Message-ID; the receiver must
not process it twice and should answer with the MDN it already gave. Each MDN we answer with is an
append-only ledger event (step ``as2_mdn``) on the interchange it acknowledges, holding the
original Message-ID, the MDN's headers and body, and for async MDNs the delivery outcome. No new
table is needed, and the MDN is in the interchange's timeline for the console. Lookup filters on
the event step and the JSON field (works on SQLite JSON and PostgreSQL JSONB).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.ledger.events import record_event
from gateway.ledger.models import Event
from gateway.transports.as2.mdn import OutboundMdn

STEP = "as2_mdn"
DELIVERY_STEP = "as2_mdn_delivery"


@dataclass(frozen=True)
class StoredMdn:
    """An MDN found for a Message-ID: the interchange it belongs to and the MDN itself."""

    interchange_id: int
    mdn: OutboundMdn | None
    mode: str
    async_url: str | None


def save_mdn(session: Session, *, interchange_id: int, original_message_id: str, mdn: OutboundMdn | None,
             mode: str, async_url: str | None, actor: str, as2_from: str | None = None) -> None:
    """Record the MDN we give for ``original_message_id`` (None: no MDN was asked for; mode ``none``)."""
    record_event(session, interchange_id=interchange_id, step=STEP, outcome="ok", actor=actor, detail={
        "original_message_id": original_message_id, "as2_from": as2_from, "mode": mode, "async_url": async_url,
        "mdn_message_id": mdn.message_id if mdn else None, "headers": dict(mdn.headers) if mdn else {},
        "body_b64": base64.b64encode(mdn.body).decode() if mdn else None,
    })


def find_mdn(session: Session, original_message_id: str, as2_from: str | None = None) -> StoredMdn | None:
    """The MDN given earlier for this Message-ID (from ``as2_from`` when given), or None.

    Scoping by sender means nobody else can fetch a partner's receipt by quoting its Message-ID.
    """
    stmt = select(Event).where(Event.step == STEP,
                               Event.detail["original_message_id"].as_string() == original_message_id)
    if as2_from is not None:
        stmt = stmt.where(Event.detail["as2_from"].as_string() == as2_from)
    stmt = stmt.order_by(Event.id).limit(1)
    ev = session.scalars(stmt).one_or_none()
    if ev is None or ev.interchange_id is None:
        return None
    d: dict[str, Any] = ev.detail
    mdn = None
    if d.get("body_b64") is not None:
        mdn = OutboundMdn(str(d["mdn_message_id"]), dict(d["headers"]), base64.b64decode(d["body_b64"]))
    return StoredMdn(ev.interchange_id, mdn, str(d.get("mode", "sync")), d.get("async_url"))


def record_delivery(session: Session, *, interchange_id: int, original_message_id: str, url: str,
                    ok: bool, attempts: int, error: str | None, actor: str) -> None:
    """Record how delivering an async MDN went (delivered, or given up after ``attempts``)."""
    record_event(session, interchange_id=interchange_id, step=DELIVERY_STEP, outcome="ok" if ok else "error",
                 actor=actor, detail={"original_message_id": original_message_id, "url": url,
                                      "attempts": attempts, "error": error})
