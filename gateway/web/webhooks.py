"""Outbound webhooks: tell a configured URL about exceptions as they are recorded in the ledger.

An exception is an event whose outcome is ``failed``, ``rejected``, ``dead_lettered`` or
``overdue`` (a document or an acknowledgment). The notifier keeps a watermark (the last event id
it has handled) and POSTs each new exception as JSON. A delivery that fails is retried on the
next poll; the watermark only moves past events that were delivered.

The watermark lives in the ledger (``ledger_state``, one row per webhook URL), not in the process:
the first notifier ever started for a URL begins at the newest event (history is not replayed);
after that a restart resumes where the last delivery stopped, so alerts raised while the console
was down are still sent. Each delivery round locks the row (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, the write lock on SQLite) so two console processes never post the same event; a crash
between a POST and the commit can repeat that batch once (at-least-once), never drop it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from gateway.ledger import Ledger
from gateway.ledger.models import Document, Event
from gateway.ledger.runtime_state import LedgerState
from gateway.ledger.types import utcnow

EXCEPTION_OUTCOMES = ("failed", "rejected", "dead_lettered", "overdue")
log = logging.getLogger(__name__)


@dataclass
class WebhookNotifier:
    """Polls the ledger for new exception events and posts them to ``url``."""

    ledger: Ledger
    url: str
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=5.0))
    watermark: int | None = None

    @property
    def state_name(self) -> str:
        """The ``ledger_state`` row holding this URL's watermark."""
        return "webhook:" + hashlib.sha256(self.url.encode()).hexdigest()[:40]

    def start_at_newest(self) -> None:
        """Load the persisted watermark; the first time for this URL, start at the newest event."""
        with self.ledger.transaction() as s:
            newest = s.scalar(select(func.max(Event.id))) or 0
            insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
            s.execute(insert(LedgerState).values(name=self.state_name, value=newest, updated_at=utcnow())
                      .on_conflict_do_nothing(index_elements=["name"]))
            self.watermark = s.scalar(select(LedgerState.value).where(LedgerState.name == self.state_name))

    def _pending(self, s: Session, after: int, limit: int) -> list[dict[str, Any]]:
        rows = s.execute(
            select(Event, Document.partner_id, Document.doc_type, Document.business_key)
            .outerjoin(Document, Document.id == Event.document_id)
            .where(Event.id > after, Event.outcome.in_(EXCEPTION_OUTCOMES))
            .order_by(Event.id).limit(limit)
        ).all()
        return [{"event_id": ev.id, "at": ev.at.isoformat(), "outcome": ev.outcome, "step": ev.step,
                 "document_id": ev.document_id, "interchange_id": ev.interchange_id, "partner_id": partner,
                 "doc_type": doc_type, "business_key": key, "reason": (ev.detail or {}).get("reason"),
                 "category": (ev.detail or {}).get("category")}
                for ev, partner, doc_type, key in rows]

    def pending(self, limit: int = 100) -> list[dict[str, Any]]:
        """Exception events after the persisted watermark, oldest first, as the JSON that will be posted."""
        self.start_at_newest()
        with self.ledger.reading() as s:
            return self._pending(s, self.watermark or 0, limit)

    def deliver(self) -> int:
        """Post every pending exception; return how many were delivered (stops at the first failure).

        Returns 0 without posting when another process holds this URL's watermark row.
        """
        if self.watermark is None:
            self.start_at_newest()
        sent = 0
        with self.ledger.transaction() as s:
            state = s.scalars(select(LedgerState).where(LedgerState.name == self.state_name)
                              .with_for_update(skip_locked=True)).one_or_none()
            if state is None:
                return 0  # another console process is delivering this round
            for payload in self._pending(s, state.value, 100):
                try:
                    response = self.client.post(self.url, json={"type": "edi_gateway.exception", **payload})
                    response.raise_for_status()
                except httpx.HTTPError as exc:
                    log.warning("webhook %s: delivery of event %s failed: %s", self.url, payload["event_id"], exc)
                    break
                state.value, state.updated_at = payload["event_id"], utcnow()
                sent += 1
            self.watermark = state.value
        return sent

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()
