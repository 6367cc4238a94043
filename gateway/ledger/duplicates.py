"""Duplicate detection: the same file, the same interchange control number, the same document.

The ledger only answers the questions; what to do about a duplicate (reject, warn, process) is
the partner's policy, applied by the pipeline. Each helper excludes the record being checked, so
it can run after that record was stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from gateway.ledger.models import Document, Interchange
from gateway.ledger.status import Direction, DocumentStatus
from gateway.ledger.types import UtcDateTime, utcnow

# Statuses that do not count as an earlier copy of a business document.
NOT_A_COPY = (DocumentStatus.CANCELLED.value, DocumentStatus.SUPERSEDED.value,
              DocumentStatus.DUPLICATE.value, DocumentStatus.REJECTED.value)


# The two questions the pipeline asks of every file and document, built once (ids are never -1).
_I, _D = Interchange.__table__.c, Document.__table__.c
_SAME_CONTROL_NUMBER = (select(_I.id).where(
    _I.direction == bindparam("direction"), _I.sender_id == bindparam("sender_id"),
    _I.control_number == bindparam("control_number"), _I.occurred_at >= bindparam("since", type_=UtcDateTime),
    _I.id != bindparam("exclude")).order_by(_I.id))
_SAME_CONTROL_NUMBER_TO = _SAME_CONTROL_NUMBER.where(_I.receiver_id == bindparam("receiver_id"))
_EARLIER_COPY = (select(_D.id).where(
    _D.direction == bindparam("direction"), _D.partner_id == bindparam("partner_id"),
    _D.doc_type == bindparam("doc_type"), _D.business_key == bindparam("business_key"),
    _D.status.not_in(NOT_A_COPY), _D.id < bindparam("before"), _D.id != bindparam("except_id"))
    .order_by(_D.id).limit(1))


def same_file(session: Session, *, sha256: str, scope: str,
              direction: Direction | str = Direction.INBOUND) -> Interchange | None:
    """The interchange with these exact bytes in this dedupe scope (partner, or mailbox:NAME)."""
    return session.scalars(
        select(Interchange).where(Interchange.direction == Direction(direction).value,
                                  Interchange.dedupe_scope == scope, Interchange.sha256 == sha256)
    ).one_or_none()


def same_control_number(
    session: Session,
    *,
    sender_id: str,
    control_number: str,
    within: timedelta,
    exclude_interchange_id: int | None = None,
    receiver_id: str | None = None,
    now: datetime | None = None,
    direction: Direction | str = Direction.INBOUND,
) -> Sequence[Interchange]:
    """Earlier interchanges from ``sender_id`` with the same ISA13/UNB0020 within ``within``.

    This is the TA1 025 / CONTRL 26 check: a sender must not reuse a control number inside the
    agreed window. ``receiver_id`` narrows it to one of our identities.
    """
    ids = same_control_number_ids(session, sender_id=sender_id, control_number=control_number, within=within,
                                  exclude_interchange_id=exclude_interchange_id, receiver_id=receiver_id, now=now,
                                  direction=direction)
    if not ids:
        return []
    return session.scalars(select(Interchange).where(Interchange.id.in_(ids)).order_by(Interchange.id)).all()


def same_control_number_ids(
    session: Session,
    *,
    sender_id: str,
    control_number: str,
    within: timedelta,
    exclude_interchange_id: int | None = None,
    receiver_id: str | None = None,
    now: datetime | None = None,
    direction: Direction | str = Direction.INBOUND,
) -> list[int]:
    """:func:`same_control_number` as ids only, in one Core query (the split step asks it per file)."""
    now = now or utcnow()
    stmt = _SAME_CONTROL_NUMBER
    params: dict[str, object] = {"direction": Direction(direction).value, "sender_id": sender_id,
                                 "control_number": control_number, "since": now - within,
                                 "exclude": exclude_interchange_id if exclude_interchange_id is not None else -1}
    if receiver_id is not None:
        stmt, params["receiver_id"] = _SAME_CONTROL_NUMBER_TO, receiver_id
    return list(session.connection().execute(stmt, params).scalars())


def same_business_document(
    session: Session,
    *,
    partner_id: str,
    doc_type: str,
    business_key: str,
    exclude_document_id: int | None = None,
    direction: Direction | str = Direction.INBOUND,
) -> Sequence[Document]:
    """Live documents of the same partner, type and business key (e.g. the same PO number).

    Cancelled, superseded, duplicate and rejected documents are not copies: a PO we rejected
    may legitimately come again corrected.
    """
    stmt = select(Document).where(
        Document.direction == Direction(direction).value,
        Document.partner_id == partner_id,
        Document.doc_type == doc_type,
        Document.business_key == business_key,
        Document.status.not_in(NOT_A_COPY),
    )
    if exclude_document_id is not None:
        stmt = stmt.where(Document.id != exclude_document_id)
    return session.scalars(stmt.order_by(Document.id)).all()


def earlier_business_document(
    session: Session,
    *,
    partner_id: str,
    doc_type: str,
    business_key: str,
    before_document_id: int,
    except_document_id: int | None = None,
    direction: Direction | str = Direction.INBOUND,
) -> int | None:
    """The id of the first live document of the same business key older than ``before_document_id``.

    The question the post step asks before every post, answered with one indexed query that
    returns an id instead of loading documents. ``except_document_id`` leaves out the document a
    resubmission replaces. Same rule as :func:`same_business_document` for what counts as a copy.
    """
    # Core on the session's connection: pending events are not needed by this question
    return session.connection().execute(_EARLIER_COPY, {
        "direction": Direction(direction).value, "partner_id": partner_id, "doc_type": doc_type,
        "business_key": business_key, "before": before_document_id,
        "except_id": except_document_id if except_document_id is not None else -1}).scalar()
