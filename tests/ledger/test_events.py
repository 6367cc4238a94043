"""The timeline is append-only: no API, the ORM and the database itself all refuse changes."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from gateway.ledger import AppendOnlyViolation, Ledger
from gateway.ledger.events import record_event, timeline
from gateway.ledger.models import Event


def _one_event(ledger: Ledger) -> int:
    r = ledger.receive(b"ISA*ev~", mailbox="m", transport="folder", partner_id="acme")
    with ledger.transaction() as s:
        return record_event(s, interchange_id=r.interchange_id, step="validate", outcome="ok", actor="test",
                            detail={"sets": 1}).id


def test_events_come_back_in_order_with_detail(ledger: Ledger) -> None:
    r = ledger.receive(b"ISA*ev~", mailbox="m", transport="folder", partner_id="acme")
    with ledger.transaction() as s:
        for step in ("split", "validate", "ack"):
            record_event(s, interchange_id=r.interchange_id, step=step, outcome="ok", actor="w1",
                         detail={"step": step})
    with ledger.transaction() as s:
        events = timeline(s, interchange_id=r.interchange_id)
    assert [e.step for e in events] == ["receive", "split", "validate", "ack"]
    assert events[2].detail == {"step": "validate"} and events[2].actor == "w1"


def test_event_needs_a_subject(ledger: Ledger) -> None:
    with ledger.transaction() as s, pytest.raises(ValueError, match="document_id or an interchange_id"):
        record_event(s, step="x", outcome="ok", actor="t")


def test_orm_refuses_update_and_delete(ledger: Ledger) -> None:
    event_id = _one_event(ledger)
    with pytest.raises(AppendOnlyViolation), ledger.transaction() as s:
        ev = s.get(Event, event_id)
        assert ev is not None
        ev.outcome = "error"
        s.flush()
    with pytest.raises(AppendOnlyViolation), ledger.transaction() as s:
        s.delete(s.get(Event, event_id))
        s.flush()
    with ledger.transaction() as s:
        ev = s.get(Event, event_id)
        assert ev is not None and ev.outcome == "ok"


@pytest.mark.parametrize("statement", ["UPDATE events SET outcome = 'error'", "DELETE FROM events"])
def test_database_refuses_raw_update_and_delete(ledger: Ledger, statement: str) -> None:
    event_id = _one_event(ledger)
    with pytest.raises(DBAPIError, match="append-only"), ledger.engine.begin() as conn:
        conn.execute(text(statement))
    with ledger.transaction() as s:
        ev = s.get(Event, event_id)
        assert ev is not None and ev.outcome == "ok"


def test_kept_events_are_written_in_call_order_and_seen_by_queries(ledger: Ledger) -> None:
    r = ledger.receive(b"ISA*kept~", mailbox="m", transport="folder", partner_id="acme")
    with ledger.transaction() as s:
        record_event(s, interchange_id=r.interchange_id, step="a", outcome="ok", actor="t", flush=False)
        record_event(s, interchange_id=r.interchange_id, step="b", outcome="ok", actor="t", flush=False)
        # a flushed event after kept ones still lands after them
        record_event(s, interchange_id=r.interchange_id, step="c", outcome="ok", actor="t")
        record_event(s, interchange_id=r.interchange_id, step="d", outcome="ok", actor="t", flush=False)
        assert [e.step for e in timeline(s, interchange_id=r.interchange_id)] == ["receive", "a", "b", "c", "d"]
        record_event(s, interchange_id=r.interchange_id, step="e", outcome="ok", actor="t", flush=False)
    with ledger.reading() as s:
        assert [e.step for e in timeline(s, interchange_id=r.interchange_id)] == ["receive", "a", "b", "c", "d", "e"]


def test_kept_events_roll_back_with_their_transaction(ledger: Ledger) -> None:
    r = ledger.receive(b"ISA*gone~", mailbox="m", transport="folder", partner_id="acme")
    with pytest.raises(RuntimeError), ledger.transaction() as s:
        record_event(s, interchange_id=r.interchange_id, step="lost", outcome="ok", actor="t", flush=False)
        raise RuntimeError("the step failed")
    with ledger.transaction() as s:
        record_event(s, interchange_id=r.interchange_id, step="next", outcome="ok", actor="t", flush=False)
    with ledger.reading() as s:
        assert [e.step for e in timeline(s, interchange_id=r.interchange_id)] == ["receive", "next"]
