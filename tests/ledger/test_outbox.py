"""The outbox: claim with a lease, retry with a time, dead after the last attempt, recover a crash."""

from __future__ import annotations

from datetime import timedelta

from gateway.ledger import Ledger
from gateway.ledger.events import timeline
from gateway.ledger.interchanges import store_outbound
from gateway.ledger.models import Interchange
from gateway.ledger.outbox import claim_due, enqueue, list_outbox, mark_failed, mark_sent
from gateway.ledger.types import utcnow


def _queued(ledger: Ledger, n: int = 1, transport: str = "acme-out") -> list[int]:
    ids = []
    with ledger.transaction() as s:
        for i in range(n):
            ic = store_outbound(s, f"ISA*{transport}{i}~".encode(), partner_id="acme", mailbox=transport,
                                transport="sftp", syntax="x12", sender_id="US", receiver_id="ACME",
                                control_number=str(i + 1))
            ids.append(enqueue(s, interchange_id=ic, partner_id="acme", transport=transport, actor="t").id)
    return ids


def test_claim_send_and_mark_sent(ledger: Ledger) -> None:
    [entry_id] = _queued(ledger)
    _queued(ledger, transport="globex-out")
    with ledger.transaction() as s:
        claimed = claim_due(s, transport="acme-out", actor="w1")
        assert [e.id for e in claimed] == [entry_id] and claimed[0].attempts == 1
        assert claim_due(s, transport="acme-out", actor="w2") == []  # leased
    sent_at = utcnow()
    with ledger.transaction() as s:
        entry = mark_sent(s, entry_id, actor="w1", transport_meta={"remote_path": "/in/x.edi"}, sent_at=sent_at)
        ic = s.get(Interchange, entry.interchange_id)
        assert ic is not None and ic.occurred_at == sent_at and ic.transport_meta == {"remote_path": "/in/x.edi"}
        steps = [(e.step, e.outcome) for e in timeline(s, interchange_id=entry.interchange_id)]
        assert steps == [("store", "ok"), ("enqueue", "ok"), ("send", "attempt"), ("send", "ok")]
        assert [e.status for e in list_outbox(s, transport="acme-out")] == ["sent"]
        assert [e.status for e in list_outbox(s, status="pending")] == ["pending"]  # globex untouched


def test_failure_retries_at_the_given_time_then_dies(ledger: Ledger) -> None:
    [entry_id] = _queued(ledger)
    now = utcnow()
    with ledger.transaction() as s:
        claim_due(s, transport="acme-out", actor="w1", now=now)
        mark_failed(s, entry_id, actor="w1", error="connection refused", retry_at=now + timedelta(minutes=2))
    with ledger.transaction() as s:
        assert claim_due(s, transport="acme-out", actor="w1", now=now + timedelta(minutes=1)) == []
        [again] = claim_due(s, transport="acme-out", actor="w1", now=now + timedelta(minutes=3))
        assert again.attempts == 2 and again.last_error == "connection refused"
        dead = mark_failed(s, entry_id, actor="w1", error="still refused", retry_at=None)
        assert dead.status == "dead"
    with ledger.transaction() as s:
        assert claim_due(s, transport="acme-out", actor="w1", now=now + timedelta(days=1)) == []


def test_expired_lease_is_claimed_again(ledger: Ledger) -> None:
    [entry_id] = _queued(ledger)
    now = utcnow()
    with ledger.transaction() as s:
        claim_due(s, transport="acme-out", actor="crashed", now=now, lease=timedelta(minutes=5))
    with ledger.transaction() as s:
        assert claim_due(s, transport="acme-out", actor="w2", now=now + timedelta(minutes=4)) == []
        [entry] = claim_due(s, transport="acme-out", actor="w2", now=now + timedelta(minutes=6))
        assert entry.id == entry_id and entry.attempts == 2


def test_two_workers_claim_disjoint_entries(ledger: Ledger) -> None:
    """On PostgreSQL both claims overlap in time (SKIP LOCKED); SQLite serialises them (BEGIN IMMEDIATE)."""
    _queued(ledger, n=6)
    overlap = ledger.engine.dialect.name == "postgresql"
    first = ledger.sessions()
    second = ledger.sessions()
    try:
        a = {e.id for e in claim_due(first, transport="acme-out", actor="w1", limit=3)}
        if not overlap:
            first.commit()
        b = {e.id for e in claim_due(second, transport="acme-out", actor="w2", limit=10)}
        second.commit()
        first.commit()
    finally:
        first.close()
        second.close()
    assert len(a) == 3 and len(b) == 3 and not a & b
    with ledger.transaction() as s:
        assert {e.status for e in list_outbox(s)} == {"sending"}
