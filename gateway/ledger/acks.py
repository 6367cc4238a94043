"""Acknowledgments we expect for what we sent, those we receive, and the overdue query.

When we send an interchange we record each acknowledgment we expect (TA1, 997, 999, CONTRL,
AS2 MDN) with the control numbers it must quote and a deadline. An acknowledgment that arrives is
stored as received and matched to the expectation by partner, kind, level and the control
numbers it quotes; an unmatched one is kept too (operations must see acks for things we never
sent). Overdue detection is then a plain query: pending expectations past their deadline.

Results use the X12 codes: A accepted, E accepted with errors, P partially accepted, R rejected
(997 also has M, W, X); CONTRL and MDN results are mapped to these by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.ledger.events import record_event
from gateway.ledger.models import ExpectedAck, ReceivedAck
from gateway.ledger.types import utcnow

KINDS = frozenset({"TA1", "997", "999", "CONTRL", "MDN"})
RESULTS = frozenset({"A", "E", "P", "R", "M", "W", "X"})
PENDING, RECEIVED, OVERDUE = "pending", "received", "overdue"


def _check(kind: str, result: str | None = None) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown acknowledgment kind {kind!r} (one of {', '.join(sorted(KINDS))})")
    if result is not None and result not in RESULTS:
        raise ValueError(f"unknown acknowledgment result {result!r} (one of {', '.join(sorted(RESULTS))})")


def expect_ack(
    session: Session,
    *,
    partner_id: str,
    kind: str,
    level: str,
    interchange_id: int,
    deadline: datetime,
    actor: str,
    document_id: int | None = None,
    interchange_control: str | None = None,
    group_control: str | None = None,
    set_control: str | None = None,
    message_id: str | None = None,
) -> ExpectedAck:
    """Record that ``kind`` is expected for something we sent, by ``deadline``."""
    _check(kind)
    if not any((interchange_control, group_control, set_control, message_id)):
        raise ValueError("an expected acknowledgment needs the control number or Message-ID it will quote")
    exp = ExpectedAck(
        partner_id=partner_id, kind=kind, level=level, interchange_id=interchange_id, document_id=document_id,
        interchange_control=interchange_control, group_control=group_control, set_control=set_control,
        message_id=message_id, deadline=deadline, created_at=utcnow(), status=PENDING,
    )
    session.add(exp)
    session.flush()
    record_event(session, interchange_id=interchange_id, document_id=document_id, step="expect_ack",
                 outcome="ok", actor=actor,
                 detail={"expected_ack": exp.id, "kind": kind, "level": level, "deadline": deadline.isoformat()})
    return exp


def record_received_ack(
    session: Session,
    *,
    partner_id: str,
    kind: str,
    level: str,
    result: str,
    actor: str,
    ack_interchange_id: int | None = None,
    interchange_control: str | None = None,
    group_control: str | None = None,
    set_control: str | None = None,
    message_id: str | None = None,
    detail: dict[str, Any] | None = None,
    received_at: datetime | None = None,
) -> ReceivedAck:
    """Store an acknowledgment a partner sent and match it to what it acknowledges.

    The match is the most recent pending or overdue expectation of the same partner, kind and
    level whose control numbers equal every one the ack quotes (a 997 quotes the group and set,
    not the interchange). A late ack still matches an overdue expectation. ``expected_ack_id``
    of the result is ``None`` when nothing matched.
    """
    _check(kind, result)
    at = received_at or utcnow()
    keys = {"interchange_control": interchange_control, "group_control": group_control,
            "set_control": set_control, "message_id": message_id}
    quoted = {k: v for k, v in keys.items() if v is not None}
    if not quoted:
        raise ValueError("a received acknowledgment must quote a control number or Message-ID")
    stmt = select(ExpectedAck).where(
        ExpectedAck.partner_id == partner_id, ExpectedAck.kind == kind, ExpectedAck.level == level,
        ExpectedAck.status.in_((PENDING, OVERDUE)),
    )
    for column, value in quoted.items():
        stmt = stmt.where(getattr(ExpectedAck, column) == value)
    match = session.scalars(stmt.order_by(ExpectedAck.id.desc()).limit(1).with_for_update()).one_or_none()
    ack = ReceivedAck(
        partner_id=partner_id, kind=kind, level=level, ack_interchange_id=ack_interchange_id, result=result,
        detail=dict(detail or {}), received_at=at, expected_ack_id=match.id if match else None, **quoted,
    )
    session.add(ack)
    session.flush()
    if match is not None:
        late = match.status == OVERDUE
        match.status = RECEIVED
        match.result = result
        match.received_at = at
        session.flush()
        record_event(session, interchange_id=match.interchange_id, document_id=match.document_id,
                     step="ack_received", outcome=result, actor=actor,
                     detail={"expected_ack": match.id, "received_ack": ack.id, "kind": kind, "late": late})
    elif ack_interchange_id is not None:
        record_event(session, interchange_id=ack_interchange_id, step="ack_received", outcome="unmatched",
                     actor=actor, detail={"received_ack": ack.id, "kind": kind, **quoted})
    return ack


def overdue_acks(session: Session, *, now: datetime | None = None) -> Sequence[ExpectedAck]:
    """Expectations still pending after their deadline (not yet flagged), oldest deadline first."""
    now = now or utcnow()
    return session.scalars(
        select(ExpectedAck)
        .where(ExpectedAck.status == PENDING, ExpectedAck.deadline < now)
        .order_by(ExpectedAck.deadline, ExpectedAck.id)
    ).all()


def mark_overdue(session: Session, *, actor: str, now: datetime | None = None) -> Sequence[ExpectedAck]:
    """Flag every overdue expectation once (status ``overdue``) with an event; return them.

    Flagged expectations no longer appear in :func:`overdue_acks`, so an alert is raised once
    (rows another worker is flagging are skipped); a late ack still matches them.
    """
    now = now or utcnow()
    flagged = session.scalars(
        select(ExpectedAck)
        .where(ExpectedAck.status == PENDING, ExpectedAck.deadline < now)
        .order_by(ExpectedAck.deadline, ExpectedAck.id)
        .with_for_update(skip_locked=True)
    ).all()
    for exp in flagged:
        exp.status = OVERDUE
        exp.overdue_at = now
        session.flush()
        record_event(session, interchange_id=exp.interchange_id, document_id=exp.document_id, step="ack_overdue",
                     outcome="overdue", actor=actor,
                     detail={"expected_ack": exp.id, "kind": exp.kind, "deadline": exp.deadline.isoformat()})
    return flagged
