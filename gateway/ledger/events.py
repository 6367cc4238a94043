"""The append-only timeline: every step of every document and interchange is an event.

There is deliberately no update or delete function here. The ORM refuses to flush a change to an
existing event, and the database refuses it too (a trigger on PostgreSQL and on SQLite, added by
migration 0002), so even a hand-written SQL UPDATE cannot rewrite history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Mapper, ORMExecuteState, Session

from gateway.errors import GatewayError
from gateway.ledger.models import Event
from gateway.ledger.types import utcnow


class AppendOnlyViolation(GatewayError):
    """Something tried to change or remove an event: the timeline is append-only."""


@sa_event.listens_for(Event, "before_update")
def _refuse_update(_mapper: Mapper[Event], _connection: Any, target: Event) -> None:
    raise AppendOnlyViolation(f"event {target.id} cannot be changed: the timeline is append-only")


@sa_event.listens_for(Event, "before_delete")
def _refuse_delete(_mapper: Mapper[Event], _connection: Any, target: Event) -> None:
    raise AppendOnlyViolation(f"event {target.id} cannot be deleted: the timeline is append-only")


def record_event(
    session: Session,
    *,
    step: str,
    outcome: str,
    actor: str,
    document_id: int | None = None,
    interchange_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
    flush: bool = True,
) -> Event:
    """Append one event for a document and/or an interchange (at least one is required).

    ``step`` names the pipeline step (``receive``, ``validate``, ``post``...), ``outcome`` what
    happened (``ok``, ``error``, ``warning``, ``duplicate``, ``retry``...), ``actor`` who did it
    (a worker, ``cli:alice``...). The event is flushed, not committed: it belongs to the
    caller's transaction, so it is recorded exactly when the change it describes is.

    ``flush=False`` (the hot pipeline paths, which never need the event's id) keeps the event in
    the session until its next ORM query or its commit, which write every event kept so far as
    one multi-row INSERT (:func:`write_pending_events`); the returned object then has no id. The
    event still commits or rolls back with the transaction, and the order of ids stays the order
    of the calls.
    """
    if document_id is None and interchange_id is None:
        raise ValueError("an event needs a document_id or an interchange_id")
    row = {"step": step, "outcome": outcome, "actor": actor, "document_id": document_id,
           "interchange_id": interchange_id, "detail": dict(detail or {}), "at": at or utcnow()}
    if not flush:
        session.info.setdefault(_PENDING, []).append(row)
        return Event(**row)
    write_pending_events(session)
    ev = Event(**row)
    session.add(ev)
    session.flush()
    return ev


_PENDING = "edigw_pending_events"
_INSERT_EVENTS = insert(Event.__table__)


def write_pending_events(session: Session) -> int:
    """Insert the events kept by ``record_event(flush=False)`` in this session; return how many.

    Runs by itself before every ORM query and at commit (listeners below); callers need it only
    before raw SQL on ``session.connection()`` that must see the events.
    """
    rows = session.info.pop(_PENDING, None)
    if not rows:
        return 0
    session.connection().execute(_INSERT_EVENTS, rows)
    return len(rows)


@sa_event.listens_for(Session, "do_orm_execute")
def _before_query(state: ORMExecuteState) -> None:
    if _PENDING in state.session.info and _may_read_events(state):
        write_pending_events(state.session)


def _may_read_events(state: ORMExecuteState) -> bool:
    """Whether a statement run in the session could see the kept events (so they must go first).

    A statement on ORM entities that do not include :class:`Event` cannot: the events then wait
    for the commit (or a later events query) and go as one INSERT, instead of one INSERT per
    query the step happens to run. Anything else (Core statements on tables, text) is treated as
    possibly reading them.
    """
    mappers = state.all_mappers
    if not mappers:
        return True
    return any(m.class_ is Event for m in mappers)


@sa_event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    write_pending_events(session)


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def timeline(
    session: Session, *, document_id: int | None = None, interchange_id: int | None = None
) -> Sequence[Event]:
    """Events of a document and/or interchange in the order they were recorded."""
    conditions = []
    if document_id is not None:
        conditions.append(Event.document_id == document_id)
    if interchange_id is not None:
        conditions.append(Event.interchange_id == interchange_id)
    if not conditions:
        raise ValueError("timeline needs a document_id or an interchange_id")
    return session.scalars(select(Event).where(or_(*conditions)).order_by(Event.id)).all()
