"""Documents: the state machine is enforced, failures carry the error model, resubmission links."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.errors import Issue
from gateway.ledger import Direction, DocumentStatus, ErrorCategory, IllegalTransition, Ledger
from gateway.ledger import documents as docs
from gateway.ledger.events import timeline
from gateway.ledger.status import FINAL, INITIAL, TRANSITIONS, allowed_next, is_legal
from gateway.ledger.types import utcnow

S = DocumentStatus


def _inbound(ledger: Ledger, key: str = "PO-1") -> int:
    r = ledger.receive(f"ISA*{key}~".encode(), mailbox="m", transport="folder", partner_id="acme")
    with ledger.transaction() as s:
        return docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="t",
                                    interchange_id=r.interchange_id, interchange_control="000000001",
                                    group_control="1", set_control="0001", business_key=key).id


def test_happy_inbound_path_records_each_step(ledger: Ledger) -> None:
    doc_id = _inbound(ledger)
    with ledger.transaction() as s:
        for status in (S.VALIDATED, S.TRANSLATED, S.POSTED):
            docs.transition(s, doc_id, status, actor="w1")
        docs.add_odoo_refs(s, doc_id, {"sale.order": [42]}, actor="w1")
    with ledger.transaction() as s:
        doc = docs.get_document(s, doc_id)
        assert doc.status == "posted" and doc.odoo_refs == {"sale.order": [42]}
        steps = [(e.step, e.outcome) for e in timeline(s, document_id=doc_id)]
    assert steps == [("create", "ok"), ("status", "validated"), ("status", "translated"), ("status", "posted"),
                     ("odoo_refs", "ok")]


def test_illegal_transition_is_refused_and_changes_nothing(ledger: Ledger) -> None:
    doc_id = _inbound(ledger)
    with pytest.raises(IllegalTransition, match="'received' to 'posted'"), ledger.transaction() as s:
        docs.transition(s, doc_id, S.POSTED, actor="w1")
    with pytest.raises(IllegalTransition), ledger.transaction() as s:
        docs.transition(s, doc_id, S.SENT, actor="w1")  # outbound-only status
    with ledger.transaction() as s:
        assert docs.get_document(s, doc_id).status == "received"
        assert len(timeline(s, document_id=doc_id)) == 1


def test_expected_from_refuses_a_stale_worker(ledger: Ledger) -> None:
    doc_id = _inbound(ledger)
    with ledger.transaction() as s:
        docs.transition(s, doc_id, S.VALIDATED, actor="w1", expected_from=S.RECEIVED)
    with pytest.raises(IllegalTransition, match="expected it to be 'received'"), ledger.transaction() as s:
        docs.transition(s, doc_id, S.VALIDATED, actor="w2", expected_from=S.RECEIVED)


def test_fail_retry_and_dead_letter(ledger: Ledger) -> None:
    doc_id = _inbound(ledger)
    issue = Issue(level="element", code="7", message="unknown item", segment_id="PO1", segment_position=5,
                  element_position=7, bad_value="SKU-X")
    now = utcnow()
    with ledger.transaction() as s:
        docs.transition(s, doc_id, S.VALIDATED, actor="w1")
        docs.fail(s, doc_id, category=ErrorCategory.MASTER_DATA, reason="item SKU-X is not in Odoo",
                  issues=[issue], retry_at=now + timedelta(minutes=5), actor="w1")
    with ledger.transaction() as s:
        assert docs.due_for_retry(s, now=now) == []
        due = docs.due_for_retry(s, now=now + timedelta(minutes=6))
        assert [d.id for d in due] == [doc_id]
        doc = due[0]
        assert doc.attempts == 1 and doc.error_category == "master_data"
        assert doc.errors == [issue.to_dict()] and doc.error_reason == "item SKU-X is not in Odoo"
        docs.transition(s, doc_id, S.VALIDATED, actor="retry")  # resume at the failed step
        assert docs.get_document(s, doc_id).next_attempt_at is None
        docs.fail(s, doc_id, category="odoo_business_rule", reason="still wrong", actor="w1")
        docs.dead_letter(s, doc_id, actor="w1", reason="max attempts")
    with ledger.transaction() as s:
        doc = docs.get_document(s, doc_id)
        assert doc.status == "dead_lettered" and doc.attempts == 2
    with pytest.raises(ValueError), ledger.transaction() as s:
        docs.fail(s, doc_id, category="weather", reason="?", actor="w1")


def test_resubmit_links_new_document_and_supersedes_original(ledger: Ledger) -> None:
    doc_id = _inbound(ledger)
    with ledger.transaction() as s:
        docs.reject(s, doc_id, category="syntax", reason="segment count wrong", actor="w1",
                    issues=[{"level": "set", "code": "4", "message": "SE01 wrong"}])
        new = docs.resubmit(s, doc_id, actor="cli:alice", reason="partner sent a fixed copy")
        new_id = new.id
    with ledger.transaction() as s:
        orig = docs.get_document(s, doc_id)
        again = docs.get_document(s, new_id)
        assert orig.status == "superseded" and orig.errors[0]["code"] == "4"
        assert again.status == "received" and again.resubmission_of_id == doc_id
        assert (again.business_key, again.set_control) == ("PO-1", "0001")


def test_outbound_path_to_acknowledged(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        doc = docs.create_document(s, direction=Direction.OUTBOUND, partner_id="acme", doc_type="850",
                                   actor="t", business_key="PO-9")
        assert doc.status == "created"
        for status in (S.VALIDATED, S.QUEUED, S.SENT, S.OVERDUE, S.ACKNOWLEDGED):
            docs.transition(s, doc.id, status, actor="t")
        with pytest.raises(IllegalTransition):
            docs.transition(s, doc.id, S.SENT, actor="t")


def test_state_machine_tables_are_consistent() -> None:
    for direction, table in TRANSITIONS.items():
        # every status named as a target has its own row, final statuses have no way out
        for targets in table.values():
            assert targets <= set(table)
        for status in FINAL & set(table):
            assert not table[status]
        # every status of the direction is reachable from the initial one
        seen, todo = {INITIAL[direction]}, [INITIAL[direction]]
        while todo:
            for nxt in table[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        assert seen == set(table), (direction, set(table) - seen)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(Direction)), st.lists(st.sampled_from(list(DocumentStatus)), max_size=30))
def test_random_walks_only_follow_legal_moves(direction: Direction, wanted: list[DocumentStatus]) -> None:
    current = INITIAL[direction]
    for status in wanted:
        if is_legal(direction, current, status):
            assert status in allowed_next(direction, current)
            current = status
        else:
            assert status not in TRANSITIONS[direction].get(current, frozenset())
    assert current in TRANSITIONS[direction]


def test_list_documents_filters(ledger: Ledger) -> None:
    a = _inbound(ledger, "PO-A")
    b = _inbound(ledger, "PO-B")
    with ledger.transaction() as s:
        docs.transition(s, b, S.VALIDATED, actor="t")
        out = docs.create_document(s, direction="outbound", partner_id="globex", doc_type="940", actor="t").id
        assert [d.id for d in docs.list_documents(s)] == [out, b, a]
        assert [d.id for d in docs.list_documents(s, status="validated")] == [b]
        assert [d.id for d in docs.list_documents(s, partner_id="acme", doc_type="850")] == [b, a]
        assert [d.id for d in docs.list_documents(s, direction="outbound")] == [out]
        assert [d.id for d in docs.list_documents(s, business_key="PO-A")] == [a]
        assert docs.list_documents(s, since=utcnow() + timedelta(minutes=1)) == []
        assert len(docs.list_documents(s, limit=2)) == 2


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(list(Direction)), st.lists(st.sampled_from(list(DocumentStatus)), max_size=12))
def test_ledger_agrees_with_the_state_machine(ledger: Ledger, direction: Direction,
                                              wanted: list[DocumentStatus]) -> None:
    with ledger.transaction() as s:
        doc_id = docs.create_document(s, direction=direction, partner_id="p", doc_type="850", actor="h").id
    expected = INITIAL[direction]
    moves = 0
    for status in wanted:
        try:
            with ledger.transaction() as s:
                docs.transition(s, doc_id, status, actor="h")
        except IllegalTransition:
            assert not is_legal(direction, expected, status)
        else:
            assert is_legal(direction, expected, status)
            expected = status
            moves += 1
    with ledger.transaction() as s:
        assert docs.get_document(s, doc_id).status == expected
        assert len(timeline(s, document_id=doc_id)) == 1 + moves
