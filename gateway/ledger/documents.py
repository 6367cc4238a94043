"""Documents: one row per business document, moved through the state machine with an event each.

Every status change goes through :func:`transition`, which checks the move against
:mod:`gateway.ledger.status`, locks the row (``FOR UPDATE`` on PostgreSQL; SQLite transactions
are already exclusive) so two workers cannot both move the same document, and appends an event
in the same transaction. Failures carry the one error model: a list of
:class:`gateway.errors.Issue` dicts, a category and a plain-language reason.

Cost discipline (the pipeline runs these per document): every function that changes a document
takes either its id (the row is then read with a lock) or the :class:`Document` the caller has
already locked or created in the same transaction (no second read). Changes and events are not
flushed one by one; the session sends them at its next flush (a query, or the commit), the events
of a transaction as one multi-row INSERT and each changed row as one UPDATE.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from gateway.errors import Issue
from gateway.ledger.events import record_event
from gateway.ledger.interchanges import LedgerNotFound
from gateway.ledger.models import Document
from gateway.ledger.status import INITIAL, Direction, DocumentStatus, IllegalTransition, is_legal
from gateway.ledger.types import utcnow


class ErrorCategory(StrEnum):
    """Why a document failed, in the terms operations act on."""

    SYNTAX = "syntax"
    MAPPING = "mapping"
    MASTER_DATA = "master_data"
    ODOO_BUSINESS_RULE = "odoo_business_rule"
    TRANSPORT = "transport"
    INTERNAL = "internal"


def _issue_dicts(issues: Iterable[Issue | dict[str, Any]]) -> list[dict[str, Any]]:
    return [i.to_dict() if isinstance(i, Issue) else dict(i) for i in issues]


def create_document(
    session: Session,
    *,
    direction: Direction | str,
    partner_id: str,
    doc_type: str,
    actor: str,
    interchange_id: int | None = None,
    interchange_control: str | None = None,
    group_control: str | None = None,
    set_control: str | None = None,
    business_key: str | None = None,
    canonical: dict[str, Any] | None = None,
    resubmission_of_id: int | None = None,
    regenerated_from_id: int | None = None,
) -> Document:
    """Create a document in its direction's initial status (``received`` or ``created``)."""
    direction = Direction(direction)
    now = utcnow()
    doc = Document(
        direction=direction.value,
        partner_id=partner_id,
        doc_type=doc_type,
        interchange_id=interchange_id,
        interchange_control=interchange_control,
        group_control=group_control,
        set_control=set_control,
        business_key=business_key,
        status=INITIAL[direction].value,
        canonical=canonical,
        odoo_refs={},
        errors=[],
        attempts=0,
        resubmission_of_id=resubmission_of_id,
        regenerated_from_id=regenerated_from_id,
        created_at=now,
        updated_at=now,
    )
    session.add(doc)
    session.flush()
    detail: dict[str, Any] = {"status": doc.status, "doc_type": doc_type, "business_key": business_key}
    if resubmission_of_id:
        detail["resubmission_of"] = resubmission_of_id
    if regenerated_from_id:
        detail["regenerated_from"] = regenerated_from_id
    record_event(session, document_id=doc.id, interchange_id=interchange_id, step="create", outcome="ok",
                 actor=actor, detail=detail, flush=False)
    return doc


_INSERT_DOCUMENT = insert(Document.__table__).returning(Document.__table__.c.id)


def create_translated(session: Session, *, partner_id: str, doc_type: str, actor: str, interchange_id: int,
                      interchange_control: str | None, group_control: str | None, set_control: str | None,
                      canonical: dict[str, Any], business_key: str | None, validate_warnings: list[str],
                      translate_warnings: list[str]) -> int:
    """An inbound document that passed validation and translation, inserted in its final state.

    The split step's common case in one INSERT instead of an INSERT and an UPDATE: the row is
    written ``translated`` with its canonical JSON, and the timeline gets exactly the events of
    :func:`create_document`, :func:`transition` to ``validated``, :func:`set_canonical` and
    :func:`transition` to ``translated``, in that order. Returns the new document's id.
    """
    now = utcnow()
    received, validated, translated = INITIAL[Direction.INBOUND], DocumentStatus.VALIDATED, DocumentStatus.TRANSLATED
    assert is_legal(Direction.INBOUND.value, received.value, validated) and \
        is_legal(Direction.INBOUND.value, validated.value, translated)
    doc_id = int(session.connection().execute(_INSERT_DOCUMENT, dict(
        direction=Direction.INBOUND.value, partner_id=partner_id, doc_type=doc_type,
        interchange_id=interchange_id, interchange_control=interchange_control, group_control=group_control,
        set_control=set_control, business_key=business_key, status=translated.value, canonical=canonical,
        odoo_refs={}, errors=[], attempts=0, created_at=now, updated_at=now,
    )).scalar_one())
    for step, outcome, detail in (
        ("create", "ok", {"status": received.value, "doc_type": doc_type, "business_key": None}),
        ("validate", validated.value, {"from": received.value, "to": validated.value,
                                       "warnings": validate_warnings}),
        ("canonical", "ok", {"business_key": business_key}),
        ("translate", translated.value, {"from": validated.value, "to": translated.value,
                                         "warnings": translate_warnings}),
    ):
        record_event(session, document_id=doc_id, interchange_id=None if step == "canonical" else interchange_id,
                     step=step, outcome=outcome, actor=actor, detail=detail, at=now, flush=False)
    return doc_id


DocumentRef = int | Document


def _locked(session: Session, document: DocumentRef) -> Document:
    """The row itself when the caller passes it (already locked or created in this transaction),
    else the row read with a lock."""
    if isinstance(document, Document):
        return document
    return get_document(session, document, lock=True)


def get_document(session: Session, document_id: int, *, lock: bool = False) -> Document:
    """The document, optionally row-locked for update; :class:`LedgerNotFound` when absent."""
    stmt = select(Document).where(Document.id == document_id)
    if lock:
        stmt = stmt.with_for_update()
    doc = session.scalars(stmt).one_or_none()
    if doc is None:
        raise LedgerNotFound(f"document {document_id} is not in the ledger")
    return doc


_C = Document.__table__.c
_CLAIM_COLUMNS = (select(_C.id, _C.status, _C.canonical, _C.partner_id, _C.doc_type, _C.business_key,
                         _C.error_category, _C.resubmission_of_id, _C.odoo_refs)
                  .where(_C.id == bindparam("document_id")).with_for_update())


def claim_columns(session: Session, document_id: int) -> Any:
    """The columns the post step decides on, read with the row lock, without loading the ORM row.

    The post step's first read of every document: a plain row (``id``, ``status``, ``canonical``,
    ``partner_id``, ``doc_type``, ``business_key``, ``error_category``, ``resubmission_of_id``,
    ``odoo_refs``). :class:`LedgerNotFound` when the document does not exist.
    """
    row = session.connection().execute(_CLAIM_COLUMNS, {"document_id": document_id}).one_or_none()
    if row is None:
        raise LedgerNotFound(f"document {document_id} is not in the ledger")
    return row


@functools.cache
def _mark_posted_statement(dialect: str) -> Any:
    """:func:`mark_posted`'s UPDATE, built once per database kind (statement building costs CPU too)."""
    c = Document.__table__.c
    if dialect == "postgresql":
        merged = c.odoo_refs.op("||")(bindparam("refs", type_=JSONB))
    else:  # SQLite keeps JSON as text: RFC 7396 merge of the top-level keys
        merged = func.json_patch(func.coalesce(c.odoo_refs, "{}"), bindparam("refs"))
    return (update(Document.__table__)
            .where(c.id == bindparam("document_id"), c.status == DocumentStatus.TRANSLATED.value)
            .values(status=DocumentStatus.POSTED.value, odoo_refs=merged, updated_at=bindparam("now"),
                    next_attempt_at=None)
            .returning(c.interchange_id))


def mark_posted(session: Session, document_id: int, refs: dict[str, Any], *, actor: str,
                detail: dict[str, Any]) -> bool:
    """Move a ``translated`` document to ``posted`` with its Odoo references in one statement.

    The same change and events as :func:`add_odoo_refs` then :func:`transition` to ``posted``,
    for the post step's common case: the status condition in the ``UPDATE`` does the legality
    check and the lock. Returns False (and changes nothing) when the document is no longer
    ``translated``; the caller then takes the checked path, which explains the refusal.
    """
    dialect = session.get_bind().dialect.name
    current = session.connection().execute(_mark_posted_statement(dialect), {
        "document_id": document_id, "refs": refs if dialect == "postgresql" else json.dumps(refs),
        "now": utcnow()}).one_or_none()
    if current is None:
        return False
    record_event(session, document_id=document_id, step="odoo_refs", outcome="ok", actor=actor, detail=refs,
                 flush=False)
    record_event(session, document_id=document_id, interchange_id=current.interchange_id, step="post",
                 outcome=DocumentStatus.POSTED.value, actor=actor,
                 detail={"from": DocumentStatus.TRANSLATED.value, "to": DocumentStatus.POSTED.value, **detail},
                 flush=False)
    return True


def transition(
    session: Session,
    document_id: DocumentRef,
    to: DocumentStatus | str,
    *,
    actor: str,
    step: str = "status",
    detail: dict[str, Any] | None = None,
    expected_from: DocumentStatus | str | None = None,
) -> Document:
    """Move a document to ``to`` if the state machine allows it, and record the event.

    ``expected_from`` makes the move conditional on the current status (a worker that read
    ``validated`` refuses to act if another worker already moved the document on).
    ``document_id`` may be the :class:`Document` already locked or created in this transaction.
    """
    to = DocumentStatus(to)
    doc = _locked(session, document_id)
    document_id = doc.id
    current = doc.status
    if expected_from is not None and current != DocumentStatus(expected_from):
        raise IllegalTransition(document_id, doc.direction, current, to,
                                f"expected it to be {DocumentStatus(expected_from).value!r}")
    if not is_legal(doc.direction, current, to):
        raise IllegalTransition(document_id, doc.direction, current, to)
    doc.status = to.value
    doc.updated_at = utcnow()
    if to is not DocumentStatus.FAILED:
        doc.next_attempt_at = None
    record_event(session, document_id=document_id, interchange_id=doc.interchange_id, step=step,
                 outcome=to.value, actor=actor, detail={"from": current, "to": to.value, **(detail or {})},
                 flush=False)
    return doc


def fail(
    session: Session,
    document_id: DocumentRef,
    *,
    category: ErrorCategory | str,
    reason: str,
    actor: str,
    issues: Iterable[Issue | dict[str, Any]] = (),
    retry_at: datetime | None = None,
    step: str = "status",
) -> Document:
    """Mark a document failed with its errors; ``retry_at`` schedules the next attempt.

    Increments ``attempts``. Without ``retry_at`` the failure waits for an operator (or for
    :func:`dead_letter` when the caller has given up).
    """
    category = ErrorCategory(category)
    errors = _issue_dicts(issues)
    doc = transition(session, document_id, DocumentStatus.FAILED, actor=actor, step=step,
                     detail={"category": category.value, "reason": reason, "errors": errors,
                             "retry_at": retry_at.isoformat() if retry_at else None})
    doc.attempts += 1
    doc.errors = errors
    doc.error_category = category.value
    doc.error_reason = reason
    doc.next_attempt_at = retry_at
    return doc


def reject(
    session: Session,
    document_id: DocumentRef,
    *,
    category: ErrorCategory | str,
    reason: str,
    actor: str,
    issues: Iterable[Issue | dict[str, Any]] = (),
    step: str = "status",
) -> Document:
    """Mark a document rejected (inbound: we refused it; outbound: the partner did), with errors."""
    category = ErrorCategory(category)
    errors = _issue_dicts(issues)
    doc = transition(session, document_id, DocumentStatus.REJECTED, actor=actor, step=step,
                     detail={"category": category.value, "reason": reason, "errors": errors})
    doc.errors = errors
    doc.error_category = category.value
    doc.error_reason = reason
    return doc


def dead_letter(session: Session, document_id: DocumentRef, *, actor: str, reason: str) -> Document:
    """Give up retrying: the document waits for operations, visible as dead-lettered."""
    return transition(session, document_id, DocumentStatus.DEAD_LETTERED, actor=actor,
                      detail={"reason": reason})


def set_canonical(session: Session, document_id: DocumentRef, canonical: dict[str, Any], *, actor: str,
                  business_key: str | None = None) -> Document:
    """Store the canonical JSON (and the business key read from it), with an event."""
    doc = _locked(session, document_id)
    doc.canonical = canonical
    if business_key is not None:
        doc.business_key = business_key
    doc.updated_at = utcnow()
    record_event(session, document_id=doc.id, step="canonical", outcome="ok", actor=actor,
                 detail={"business_key": doc.business_key}, flush=False)
    return doc


def add_odoo_refs(session: Session, document_id: DocumentRef, refs: dict[str, Any], *, actor: str) -> Document:
    """Merge Odoo references (model -> ids, names) into the document, with an event."""
    doc = _locked(session, document_id)
    doc.odoo_refs = {**(doc.odoo_refs or {}), **refs}
    doc.updated_at = utcnow()
    record_event(session, document_id=doc.id, step="odoo_refs", outcome="ok", actor=actor, detail=refs,
                 flush=False)
    return doc


def resubmit(session: Session, original_id: int, *, actor: str, reason: str) -> Document:
    """Create a new attempt of a document, linked to the original, which becomes ``superseded``.

    The new document starts in its direction's initial status with the same partner, type,
    interchange, control numbers, business key and canonical JSON; the original keeps its
    errors and timeline.
    """
    original = get_document(session, original_id, lock=True)
    new = create_document(
        session,
        direction=original.direction,
        partner_id=original.partner_id,
        doc_type=original.doc_type,
        actor=actor,
        interchange_id=original.interchange_id,
        interchange_control=original.interchange_control,
        group_control=original.group_control,
        set_control=original.set_control,
        business_key=original.business_key,
        canonical=original.canonical,
        resubmission_of_id=original.id,
    )
    transition(session, original_id, DocumentStatus.SUPERSEDED, actor=actor, step="resubmit",
               detail={"reason": reason, "new_document": new.id})
    return new


def due_for_retry(session: Session, *, now: datetime | None = None, limit: int = 100) -> Sequence[Document]:
    """Failed documents whose next attempt time has come, oldest first."""
    now = now or utcnow()
    return session.scalars(
        select(Document)
        .where(Document.status == DocumentStatus.FAILED.value, Document.next_attempt_at <= now)
        .order_by(Document.next_attempt_at, Document.id)
        .limit(limit)
    ).all()


def list_documents(
    session: Session,
    *,
    status: DocumentStatus | str | None = None,
    partner_id: str | None = None,
    doc_type: str | None = None,
    direction: Direction | str | None = None,
    since: datetime | None = None,
    business_key: str | None = None,
    limit: int = 100,
) -> Sequence[Document]:
    """Documents matching every filter given, newest first (for ``documents list`` and the console)."""
    stmt = select(Document)
    if status is not None:
        stmt = stmt.where(Document.status == DocumentStatus(status).value)
    if partner_id is not None:
        stmt = stmt.where(Document.partner_id == partner_id)
    if doc_type is not None:
        stmt = stmt.where(Document.doc_type == doc_type)
    if direction is not None:
        stmt = stmt.where(Document.direction == Direction(direction).value)
    if since is not None:
        stmt = stmt.where(Document.created_at >= since)
    if business_key is not None:
        stmt = stmt.where(Document.business_key == business_key)
    return session.scalars(stmt.order_by(Document.id.desc()).limit(limit)).all()
