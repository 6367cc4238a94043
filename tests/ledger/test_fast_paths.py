"""The ledger's one-statement fast paths give the same rows and timelines as the checked paths.

The inbound pipeline uses them for its common case (a translated document, a post, a batch of
sent files, the numbers of our ack); these tests compare each with the general functions it
stands for, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from gateway.ledger import ControlNumberExhausted, ControlPolicy, Ledger
from gateway.ledger import documents as docs
from gateway.ledger.control import SessionAllocator, configure_counter
from gateway.ledger.events import record_event, timeline
from gateway.ledger.interchanges import receive, store_outbound
from gateway.ledger.models import Document, Interchange
from gateway.ledger.outbox import claim_due, enqueue, list_outbox, mark_sent_many
from gateway.ledger.status import DocumentStatus

CANONICAL = {"doc_type": "purchase_order", "po_number": "PO-1", "lines": [{"sku": "A", "qty": 2}]}


def test_create_translated_matches_create_then_moves(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        slow = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="w",
                                    interchange_id=None, interchange_control="1", group_control="2",
                                    set_control="0001")
        docs.transition(s, slow, DocumentStatus.VALIDATED, actor="w", step="validate", detail={"warnings": ["w1"]})
        docs.set_canonical(s, slow, CANONICAL, actor="w", business_key="PO-1")
        docs.transition(s, slow, DocumentStatus.TRANSLATED, actor="w", step="translate", detail={"warnings": []})
        ic = store_outbound(s, b"ISA*fast~", partner_id="acme", mailbox="m", transport="local", syntax="x12",
                            sender_id="US", receiver_id="ACME", control_number="9")
        fast = docs.create_translated(s, partner_id="acme", doc_type="850", actor="w", interchange_id=ic,
                                      interchange_control="1", group_control="2", set_control="0001",
                                      canonical=CANONICAL, business_key="PO-1", validate_warnings=["w1"],
                                      translate_warnings=[])
        slow_id, fast_id = slow.id, fast
    with ledger.reading() as s:
        a, b = s.get(Document, slow_id), s.get(Document, fast_id)
        assert a is not None and b is not None
        for column in ("status", "canonical", "business_key", "doc_type", "partner_id", "group_control",
                       "set_control", "attempts", "errors", "odoo_refs", "next_attempt_at"):
            assert getattr(a, column) == getattr(b, column), column
        fast_events = timeline(s, document_id=fast_id)
        slow_events = timeline(s, document_id=slow_id)
        # the slow document has no interchange: compare steps, outcomes and details
        assert [(e.step, e.outcome, e.detail) for e in fast_events] == \
            [(e.step, e.outcome, e.detail) for e in slow_events]
        assert [e.interchange_id is not None for e in fast_events] == [True, True, False, True]


def test_mark_posted_moves_only_a_translated_document(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        d = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="w")
        docs.transition(s, d, DocumentStatus.VALIDATED, actor="w")
        docs.transition(s, d, DocumentStatus.TRANSLATED, actor="w")
        d.odoo_refs = {"earlier": 1}
        doc_id = d.id
    refs = {"records": [{"model": "sale.order", "id": 7}]}
    with ledger.transaction() as s:
        assert docs.mark_posted(s, doc_id, refs, actor="w", detail={"records": ["sale.order S7"]})
    with ledger.transaction() as s:  # a second post finds it posted and changes nothing
        assert not docs.mark_posted(s, doc_id, {"records": []}, actor="w", detail={})
    with ledger.reading() as s:
        row = s.get(Document, doc_id)
        assert row is not None and row.status == "posted"
        assert row.odoo_refs == {"earlier": 1, "records": [{"model": "sale.order", "id": 7}]}
        tail = [(e.step, e.outcome, e.detail) for e in timeline(s, document_id=doc_id)][-2:]
        assert tail == [("odoo_refs", "ok", refs),
                        ("post", "posted", {"from": "translated", "to": "posted", "records": ["sale.order S7"]})]


def test_claim_columns_reads_the_decision_columns_or_says_not_found(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        d = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="w",
                                 business_key="PO-9", canonical=CANONICAL)
        doc_id = d.id
    with ledger.transaction() as s:
        row = docs.claim_columns(s, doc_id)
        assert (row.id, row.status, row.business_key, row.canonical) == (doc_id, "received", "PO-9", CANONICAL)
        with pytest.raises(docs.LedgerNotFound):
            docs.claim_columns(s, doc_id + 1000)


def test_mark_sent_many_equals_mark_sent_per_entry(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        ids = []
        for i in range(3):
            ic = store_outbound(s, f"ISA*many{i}~".encode(), partner_id="acme", mailbox="out", transport="local",
                                syntax="x12", sender_id="US", receiver_id="ACME", control_number=str(i + 1),
                                transport_meta={"file_name": f"f{i}.edi"})
            ids.append((enqueue(s, interchange_id=ic, partner_id="acme", transport="out", actor="w").id, ic))
    with ledger.transaction() as s:
        claimed = claim_due(s, transport="out", actor="w")
        assert len(claimed) == 3
    with ledger.transaction() as s:
        mark_sent_many(s, [(e, ic, None, {"remote": f"/out/f{n}.edi"}) for n, (e, ic) in enumerate(ids[:2])],
                       actor="w")
    with ledger.reading() as s:
        assert [e.status for e in list_outbox(s, transport="out")] == ["sent", "sent", "sending"]
        for n, (_e, ic) in enumerate(ids):
            row = s.get(Interchange, ic)
            assert row is not None
            expected = {"file_name": f"f{n}.edi", **({"remote": f"/out/f{n}.edi"} if n < 2 else {})}
            assert row.transport_meta == expected
            steps = [(e.step, e.outcome) for e in timeline(s, interchange_id=ic)]
            assert steps[-1] == (("send", "ok") if n < 2 else ("send", "attempt"))


def test_session_allocator_takes_the_ack_numbers_in_one_go_and_in_sequence(ledger: Ledger) -> None:
    plain = ledger.allocator()
    assert [plain.next("acme", lvl) for lvl in ("interchange", "group", "set")] == [1, 1, 1]  # counters exist
    with ledger.transaction() as s:
        alloc = SessionAllocator(s, with_interchange=("group", "set"))
        assert [alloc.next("acme", lvl) for lvl in ("interchange", "group", "set")] == [2, 2, 2]
        # a second ack in the same transaction goes on from there, never repeating a number
        assert [alloc.next("acme", lvl) for lvl in ("interchange", "group", "set", "set")] == [3, 3, 3, 4]
    assert [plain.next("acme", lvl) for lvl in ("interchange", "group", "set")] == [4, 4, 5]


def test_session_allocator_creates_missing_counters_and_honours_their_policy(ledger: Ledger) -> None:
    with ledger.transaction() as s:  # no counter yet for this partner: the full path creates them
        alloc = SessionAllocator(s, with_interchange=("set",))
        assert [alloc.next("new", "interchange"), alloc.next("new", "set")] == [1, 1]
    with ledger.transaction() as s:
        configure_counter(s, "full", "set", policy=ControlPolicy(min_value=1, max_value=2))
        configure_counter(s, "full", "interchange", policy=ControlPolicy(min_value=1, max_value=10))
    with ledger.transaction() as s:
        alloc = SessionAllocator(s, with_interchange=("set",))
        assert [alloc.next("full", "interchange"), alloc.next("full", "set")] == [1, 1]
        assert [alloc.next("full", "interchange"), alloc.next("full", "set")] == [2, 2]
    with pytest.raises(ControlNumberExhausted), ledger.transaction() as s:
        alloc = SessionAllocator(s, with_interchange=("set",))
        alloc.next("full", "interchange")
        alloc.next("full", "set")  # at its maximum, not allowed to wrap: refused, not reused


def test_kept_events_wait_for_a_query_that_can_see_them(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        d = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="w")
        before = s.info.get("edigw_pending_events")
        assert before  # the create event is kept, not yet written
        s.get(Interchange, 123456)  # a query on another table leaves them kept
        assert s.info.get("edigw_pending_events")
        record_event(s, document_id=d.id, step="x", outcome="ok", actor="w", flush=False)
        assert [e.step for e in timeline(s, document_id=d.id)] == ["create", "x"]  # an events query sees all
        assert not s.info.get("edigw_pending_events")
    with ledger.reading() as s:
        assert [e.step for e in timeline(s, document_id=d.id)] == ["create", "x"]


def test_pending_events_are_written_at_commit_in_call_order(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        d = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="w")
        for n in range(3):
            record_event(s, document_id=d.id, step=f"s{n}", outcome="ok", actor="w", flush=False)
            s.get(Interchange, 999999)  # unrelated queries in between
        doc_id = d.id
    with ledger.reading() as s:
        events = timeline(s, document_id=doc_id)
        assert [e.step for e in events] == ["create", "s0", "s1", "s2"]
        assert [e.id for e in events] == sorted(e.id for e in events)



def test_stored_inbound_many_reads_small_files_only_and_leaves_the_rest_to_single_reads(ledger: Ledger) -> None:
    from gateway.ledger.interchanges import stored_inbound, stored_inbound_many

    with ledger.transaction() as s:
        small = receive(s, b"ISA*small~", mailbox="m", transport="local", partner_id="acme").interchange_id
        large = receive(s, b"ISA*" + b"x" * 200 + b"~", mailbox="m", transport="local",
                        partner_id="acme").interchange_id
    with ledger.reading() as s:
        many = stored_inbound_many(s, [small, large, 999999], max_bytes=100)
        assert set(many) == {small}
        one = stored_inbound(s, small)
        assert (many[small].content, many[small].partner_id, many[small].processed) == \
            (one.content, "acme", False)
        assert stored_inbound(s, large).content.startswith(b"ISA*xxx")
