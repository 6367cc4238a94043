"""Everything the document page and ``GET /api/documents/{id}`` show about one document.

Errors are explained in plain words with the fix to try: the issue's own hint when the validator
gave one, else the standard meaning of its code and a fix chosen by the failure category.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.ledger.events import timeline
from gateway.ledger.models import Document, Event, Interchange
from gateway.partners.model import PartnerProfile
from gateway.web.actions import can_cancel, can_resubmit
from gateway.web.obligations import Obligation, obligations
from gateway.web.raw import RawSegment, annotate, raw_or_notice
from gateway.x12.codes import explain

FIXES = {
    "syntax": "Ask the partner to correct and resend the file; resubmitting the same bytes fails again.",
    "mapping": "Check the partner's map and profile settings for this document type, then resubmit.",
    "master_data": "Add the missing cross-reference (item, unit, location or carrier) to the partner's "
                   "profile or create the record in Odoo, then resubmit from translate.",
    "odoo_business_rule": "Fix the record in Odoo (price list, stock, partner) named in the reason, then "
                          "resubmit from post.",
    "transport": "Check the mailbox's connection and credentials; the gateway retries on its own.",
    "internal": "Look at the gateway's logs for this time; resubmit once the cause is fixed.",
}


@dataclass
class ErrorView:
    """One problem in plain words."""

    code: str
    where: str
    message: str
    meaning: str | None
    fix: str


@dataclass
class DocumentView:
    """The document page's data."""

    doc: Document
    interchange: Interchange | None
    segments: list[RawSegment]
    errors: list[ErrorView]
    events: list[Event]
    obligations: list[Obligation]
    related: list[Document]
    may_resubmit: bool
    may_cancel: bool
    odoo_refs: dict[str, Any] = field(default_factory=dict)
    raw_notice: str | None = None  # "raw content purged on DATE (retention policy)" once purged


def _where(issue: dict[str, Any]) -> str:
    parts = []
    if issue.get("segment_id"):
        seg = str(issue["segment_id"])
        if issue.get("segment_position") is not None:
            seg += f" (segment {issue['segment_position']} of the set)"
        parts.append(seg)
    if issue.get("element_position") is not None:
        parts.append(f"element {int(issue['element_position']):02d}")
    if issue.get("place"):
        parts.append(str(issue["place"]))
    if issue.get("bad_value"):
        parts.append(f"value {issue['bad_value']!r}")
    return ", ".join(parts)


def explain_errors(doc: Document) -> list[ErrorView]:
    """The document's issues (or its reason alone) with meaning and fix."""
    fix = FIXES.get(doc.error_category or "", "Read the reason and the timeline, fix the cause, then resubmit.")
    out = []
    for issue in doc.errors or []:
        meaning = explain(str(issue.get("level") or ""), str(issue.get("code") or ""))
        out.append(ErrorView(str(issue.get("code") or ""), _where(issue), str(issue.get("message") or ""), meaning,
                             str(issue.get("hint") or fix)))
    if not out and doc.error_reason:
        out.append(ErrorView(doc.error_category or "", "", doc.error_reason, None, fix))
    return out


def document_view(session: Session, doc: Document, profile: PartnerProfile | None, now: datetime) -> DocumentView:
    """Assemble the document page."""
    interchange = session.get(Interchange, doc.interchange_id) if doc.interchange_id else None
    data, notice = raw_or_notice(session, interchange.id) if interchange else (None, None)
    segments = annotate(data, doc.set_control, doc.errors or []) if data is not None else []
    related_ids = {i for i in (doc.resubmission_of_id, doc.regenerated_from_id) if i}
    related = list(session.scalars(select(Document).where(
        (Document.resubmission_of_id == doc.id) | (Document.regenerated_from_id == doc.id) |
        Document.id.in_(related_ids)).order_by(Document.id)))
    return DocumentView(
        doc=doc, interchange=interchange, segments=segments, errors=explain_errors(doc),
        events=list(timeline(session, document_id=doc.id)), obligations=obligations(session, doc, profile, now),
        related=related, may_resubmit=can_resubmit(doc.direction, doc.status),
        may_cancel=can_cancel(doc.direction, doc.status), odoo_refs=dict(doc.odoo_refs or {}), raw_notice=notice,
    )


def odoo_links(refs: dict[str, Any], odoo_url: str | None) -> list[dict[str, Any]]:
    """The Odoo records a document created or touched, with a link into Odoo when its URL is set."""
    out = []
    for rec in refs.get("records") or []:
        if not isinstance(rec, dict) or not rec.get("model"):
            continue
        link = None
        if odoo_url and isinstance(rec.get("id"), int):
            link = f"{odoo_url.rstrip('/')}/web#model={rec['model']}&id={rec['id']}&view_type=form"
        out.append({"model": rec["model"], "id": rec.get("id"), "name": rec.get("name") or "",
                    "status": rec.get("status") or "", "link": link})
    return out


def document_json(view: DocumentView) -> dict[str, Any]:
    """The API form of a document view."""
    d = view.doc
    return {
        "id": d.id, "direction": d.direction, "partner_id": d.partner_id, "doc_type": d.doc_type,
        "status": d.status, "business_key": d.business_key, "interchange_id": d.interchange_id,
        "interchange_control": d.interchange_control, "group_control": d.group_control,
        "set_control": d.set_control, "created_at": d.created_at, "updated_at": d.updated_at,
        "attempts": d.attempts, "error_category": d.error_category, "error_reason": d.error_reason,
        "errors": [e.__dict__ for e in view.errors], "odoo_refs": view.odoo_refs, "canonical": d.canonical,
        "resubmission_of_id": d.resubmission_of_id, "regenerated_from_id": d.regenerated_from_id,
        "related": [{"id": r.id, "status": r.status} for r in view.related],
        "timeline": [{"at": e.at, "step": e.step, "outcome": e.outcome, "actor": e.actor, "detail": e.detail}
                     for e in view.events],
        "obligations": [o.__dict__ for o in view.obligations],
        "failing_segments": [{"number": s.number, "segment": s.element_separator.join(s.elements),
                              "elements": sorted(s.bad_elements), "messages": s.messages}
                             for s in view.segments if s.failing],
        "raw_purged": view.raw_notice,
        "actions": {"resubmit": view.may_resubmit, "cancel": view.may_cancel},
    }
