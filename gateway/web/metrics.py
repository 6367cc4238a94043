"""Prometheus metrics of the console: ledger gauges read at scrape time, request and action counters.

The gauges (documents by status, overdue acknowledgments, dead outbox entries) are computed by a
collector when ``/metrics`` is scraped, so they are always the ledger's current state and cost
nothing between scrapes. Each app gets its own registry (tests build many apps).
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, or_, select

from gateway.ledger import Ledger
from gateway.ledger.models import Document, ExpectedAck, OutboxEntry
from gateway.ledger.types import utcnow


class LedgerCollector(Collector):
    """Gauges of the ledger's current state."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Documents by partner, type, direction and status; overdue acks; dead outbox entries."""
        docs = GaugeMetricFamily("edigw_documents", "Documents in the ledger by partner, type, direction and status",
                                 labels=["partner", "doc_type", "direction", "status"])
        overdue = GaugeMetricFamily("edigw_acks_overdue", "Expected acknowledgments past their deadline")
        dead = GaugeMetricFamily("edigw_outbox_dead", "Outbox entries that gave up sending")
        with self.ledger.reading() as s:
            for partner, doc_type, direction, status, n in s.execute(
                    select(Document.partner_id, Document.doc_type, Document.direction, Document.status, func.count())
                    .group_by(Document.partner_id, Document.doc_type, Document.direction, Document.status)):
                docs.add_metric([partner, doc_type, direction, status], n)
            overdue.add_metric([], s.scalar(select(func.count()).select_from(ExpectedAck).where(
                or_(ExpectedAck.status == "overdue",
                    (ExpectedAck.status == "pending") & (ExpectedAck.deadline < utcnow())))) or 0)
            dead.add_metric([], s.scalar(select(func.count()).select_from(OutboxEntry)
                                         .where(OutboxEntry.status == "dead")) or 0)
        yield docs
        yield overdue
        yield dead


class Metrics:
    """The console's registry and counters."""

    def __init__(self, ledger: Ledger) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(LedgerCollector(ledger))
        self.requests = Counter("edigw_web_requests", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=self.registry)
        self.actions = Counter("edigw_web_actions", "Console and API actions by kind and outcome",
                               ["action", "outcome"], registry=self.registry)
