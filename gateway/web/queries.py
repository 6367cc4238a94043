"""Read-only queries behind the console pages and the JSON API: dashboard, document search.

Kept apart from the routes so the HTML pages and ``/api`` show the same numbers and lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from gateway.ledger.console import AuditEntry
from gateway.ledger.models import Document, Event, ExpectedAck, OutboxEntry
from gateway.ledger.types import utcnow

PROBLEM_STATUSES = ("failed", "rejected", "dead_lettered", "overdue")
PAGE_SIZE = 25


@dataclass
class Dashboard:
    """The figures on the dashboard."""

    volumes: list[tuple[str, str, str, int]] = field(default_factory=list)  # partner, direction, type, count
    failures: list[tuple[str, int]] = field(default_factory=list)  # category, count
    overdue_acks: int = 0
    backlog: int = 0
    dead_letters: int = 0
    outbox_dead: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)


def dashboard(session: Session, *, days: int = 7, now: datetime | None = None) -> Dashboard:
    """Volumes of the last ``days`` days, open problems, and the latest exception events."""
    now = now or utcnow()
    since = now - timedelta(days=days)
    out = Dashboard()
    out.volumes = [tuple(r) for r in session.execute(  # type: ignore[misc]
        select(Document.partner_id, Document.direction, Document.doc_type, func.count())
        .where(Document.created_at >= since)
        .group_by(Document.partner_id, Document.direction, Document.doc_type)
        .order_by(Document.partner_id, Document.direction, Document.doc_type))]
    out.failures = [(c or "uncategorised", n) for c, n in session.execute(
        select(Document.error_category, func.count())
        .where(Document.status.in_(("failed", "rejected", "dead_lettered")))
        .group_by(Document.error_category).order_by(func.count().desc()))]
    out.overdue_acks = session.scalar(select(func.count()).select_from(ExpectedAck).where(
        or_(ExpectedAck.status == "overdue", (ExpectedAck.status == "pending") & (ExpectedAck.deadline < now)))) or 0
    out.backlog = session.scalar(select(func.count()).select_from(Document).where(
        Document.status.in_(("received", "validated", "translated", "created", "queued")))) or 0
    out.dead_letters = session.scalar(select(func.count()).select_from(Document).where(
        Document.status == "dead_lettered")) or 0
    out.outbox_dead = session.scalar(select(func.count()).select_from(OutboxEntry).where(
        OutboxEntry.status == "dead")) or 0
    for ev, partner in session.execute(
            select(Event, Document.partner_id).join(Document, Document.id == Event.document_id)
            .where(Event.outcome.in_(("failed", "rejected", "dead_lettered", "overdue")))
            .order_by(Event.id.desc()).limit(10)):
        out.alerts.append({"at": ev.at, "document_id": ev.document_id, "partner_id": partner,
                           "outcome": ev.outcome, "reason": (ev.detail or {}).get("reason")})
    return out


@dataclass(frozen=True)
class DocumentFilter:
    """Filters of the documents list; ``q`` searches business key (PO, shipment, BOL) and control numbers."""

    partner_id: str | None = None
    doc_type: str | None = None
    direction: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None
    page: int = 1

    def query_string(self, **changes: Any) -> str:
        """The filter as a query string (for paging links), with ``changes`` applied."""
        from urllib.parse import urlencode

        values = {k: v for k, v in {**self.__dict__, **changes}.items() if v not in (None, "")}
        return urlencode(values)


def search_documents(session: Session, f: DocumentFilter, *, page_size: int = PAGE_SIZE
                     ) -> tuple[Sequence[Document], int]:
    """One page of matching documents, newest first, and the number of matches."""
    if any("\x00" in v for v in (f.partner_id, f.doc_type, f.direction, f.status, f.q) if v):
        return [], 0  # no stored text holds NUL (PostgreSQL refuses it outright): nothing can match
    stmt = select(Document)
    if f.partner_id:
        stmt = stmt.where(Document.partner_id == f.partner_id)
    if f.doc_type:
        stmt = stmt.where(Document.doc_type == f.doc_type)
    if f.direction:
        stmt = stmt.where(Document.direction == f.direction)
    if f.status:
        stmt = stmt.where(Document.status == f.status)
    if f.date_from:
        stmt = stmt.where(Document.created_at >= datetime.combine(f.date_from, time.min, tzinfo=UTC))
    if f.date_to:
        stmt = stmt.where(Document.created_at < datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=UTC))
    if f.q:
        text = f.q.strip()
        # LIKE wildcards typed by the user are literal: "PO_1" must not match "PO-1"
        term = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(Document.business_key.ilike(term, escape="\\"), Document.interchange_control == text,
                              Document.group_control == text, Document.set_control == text,
                              cast(Document.canonical, String).ilike(term, escape="\\")))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, f.page)
    rows = session.scalars(stmt.order_by(Document.id.desc()).offset((page - 1) * page_size).limit(page_size)).all()
    return rows, total


def audit_entries(session: Session, *, limit: int = 100) -> Sequence[AuditEntry]:
    """The newest audit entries."""
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()
