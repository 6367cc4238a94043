"""Outbound webhooks: tell a configured URL about exceptions as they are recorded in the ledger.

An exception is an event whose outcome is ``failed``, ``rejected``, ``dead_lettered`` or
``overdue`` (a document or an acknowledgment). The notifier keeps a watermark (the last event id
it has handled, starting at the newest event when the console starts so a restart does not
replay history) and POSTs each new exception as JSON. A delivery that fails is retried on the
next poll; the watermark only moves past events that were delivered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select

from gateway.ledger import Ledger
from gateway.ledger.models import Document, Event

EXCEPTION_OUTCOMES = ("failed", "rejected", "dead_lettered", "overdue")
log = logging.getLogger(__name__)


@dataclass
class WebhookNotifier:
    """Polls the ledger for new exception events and posts them to ``url``."""

    ledger: Ledger
    url: str
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=5.0))
    watermark: int | None = None

    def start_at_newest(self) -> None:
        """Ignore what is already in the ledger: notify only exceptions recorded from now on."""
        with self.ledger.reading() as s:
            self.watermark = s.scalar(select(func.max(Event.id))) or 0

    def pending(self, limit: int = 100) -> list[dict[str, Any]]:
        """Exception events after the watermark, oldest first, as the JSON that will be posted."""
        if self.watermark is None:
            self.start_at_newest()
        with self.ledger.reading() as s:
            rows = s.execute(
                select(Event, Document.partner_id, Document.doc_type, Document.business_key)
                .outerjoin(Document, Document.id == Event.document_id)
                .where(Event.id > (self.watermark or 0), Event.outcome.in_(EXCEPTION_OUTCOMES))
                .order_by(Event.id).limit(limit)
            ).all()
        return [{"event_id": ev.id, "at": ev.at.isoformat(), "outcome": ev.outcome, "step": ev.step,
                 "document_id": ev.document_id, "interchange_id": ev.interchange_id, "partner_id": partner,
                 "doc_type": doc_type, "business_key": key, "reason": (ev.detail or {}).get("reason"),
                 "category": (ev.detail or {}).get("category")}
                for ev, partner, doc_type, key in rows]

    def deliver(self) -> int:
        """Post every pending exception; return how many were delivered (stops at the first failure)."""
        sent = 0
        for payload in self.pending():
            try:
                response = self.client.post(self.url, json={"type": "edi_gateway.exception", **payload})
                response.raise_for_status()
            except httpx.HTTPError as exc:
                log.warning("webhook %s: delivery of event %s failed: %s", self.url, payload["event_id"], exc)
                break
            self.watermark = payload["event_id"]
            sent += 1
        return sent

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()
