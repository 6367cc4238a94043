"""Acknowledgments: expectations matched by control numbers, late acks, unmatched acks, overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from gateway.ledger import Ledger
from gateway.ledger.acks import expect_ack, mark_overdue, overdue_acks, record_received_ack
from gateway.ledger.events import timeline
from gateway.ledger.interchanges import store_outbound
from gateway.ledger.models import ExpectedAck
from gateway.ledger.types import utcnow


def _sent(ledger: Ledger, control: str = "000000101") -> int:
    with ledger.transaction() as s:
        return store_outbound(s, f"ISA*{control}~".encode(), partner_id="acme", mailbox="acme-out",
                              transport="sftp", syntax="x12", sender_id="ZZ:US", receiver_id="ZZ:ACME",
                              control_number=control)


def test_997_matches_group_and_set_expectations(ledger: Ledger) -> None:
    ic = _sent(ledger)
    deadline = utcnow() + timedelta(hours=24)
    with ledger.transaction() as s:
        group = expect_ack(s, partner_id="acme", kind="997", level="group", interchange_id=ic, deadline=deadline,
                           actor="t", group_control="101").id
        set_a = expect_ack(s, partner_id="acme", kind="997", level="set", interchange_id=ic, deadline=deadline,
                           actor="t", group_control="101", set_control="0001").id
        set_b = expect_ack(s, partner_id="acme", kind="997", level="set", interchange_id=ic, deadline=deadline,
                           actor="t", group_control="101", set_control="0002").id
    with ledger.transaction() as s:
        g = record_received_ack(s, partner_id="acme", kind="997", level="group", result="P", actor="t",
                                group_control="101")
        a = record_received_ack(s, partner_id="acme", kind="997", level="set", result="A", actor="t",
                                group_control="101", set_control="0001")
        b = record_received_ack(s, partner_id="acme", kind="997", level="set", result="R", actor="t",
                                group_control="101", set_control="0002")
        assert (g.expected_ack_id, a.expected_ack_id, b.expected_ack_id) == (group, set_a, set_b)
    with ledger.transaction() as s:
        results = {e.id: (e.status, e.result) for e in s.query(ExpectedAck)}
        assert results == {group: ("received", "P"), set_a: ("received", "A"), set_b: ("received", "R")}
        assert overdue_acks(s, now=deadline + timedelta(hours=1)) == []
        assert [e.outcome for e in timeline(s, interchange_id=ic) if e.step == "ack_received"] == ["P", "A", "R"]


def test_ack_from_another_partner_or_kind_does_not_match(ledger: Ledger) -> None:
    ic = _sent(ledger)
    other = ledger.receive(b"ISA*ack~", mailbox="globex-in", transport="sftp", partner_id="globex")
    with ledger.transaction() as s:
        expect_ack(s, partner_id="acme", kind="997", level="group", interchange_id=ic,
                   deadline=utcnow() + timedelta(hours=1), actor="t", group_control="7")
    with ledger.transaction() as s:
        wrong_partner = record_received_ack(s, partner_id="globex", kind="997", level="group", result="A",
                                            actor="t", group_control="7", ack_interchange_id=other.interchange_id)
        wrong_kind = record_received_ack(s, partner_id="acme", kind="999", level="group", result="A",
                                         actor="t", group_control="7")
        assert wrong_partner.expected_ack_id is None and wrong_kind.expected_ack_id is None
        assert [e.outcome for e in timeline(s, interchange_id=other.interchange_id)][-1] == "unmatched"


def test_overdue_is_a_query_flagged_once_and_a_late_ack_still_matches(ledger: Ledger) -> None:
    ic = _sent(ledger)
    now = utcnow()
    with ledger.transaction() as s:
        late = expect_ack(s, partner_id="acme", kind="TA1", level="interchange", interchange_id=ic,
                          deadline=now - timedelta(minutes=1), actor="t", interchange_control="000000101").id
        expect_ack(s, partner_id="acme", kind="997", level="group", interchange_id=ic,
                   deadline=now + timedelta(hours=4), actor="t", group_control="101")
    with ledger.transaction() as s:
        assert [e.id for e in overdue_acks(s, now=now)] == [late]
        assert [e.id for e in mark_overdue(s, actor="beat", now=now)] == [late]
    with ledger.transaction() as s:
        assert overdue_acks(s, now=now) == []
        assert mark_overdue(s, actor="beat", now=now) == []  # alert raised once
        ack = record_received_ack(s, partner_id="acme", kind="TA1", level="interchange", result="A", actor="t",
                                  interchange_control="000000101")
        assert ack.expected_ack_id == late
        exp = s.get(ExpectedAck, late)
        assert exp is not None and exp.status == "received" and exp.overdue_at is not None
        detail = next(e.detail for e in timeline(s, interchange_id=ic) if e.step == "ack_received")
        assert detail["late"] is True


def test_bad_kind_result_or_missing_keys_are_refused(ledger: Ledger) -> None:
    ic = _sent(ledger)
    with ledger.transaction() as s:
        with pytest.raises(ValueError, match="kind"):
            expect_ack(s, partner_id="acme", kind="855", level="set", interchange_id=ic, deadline=utcnow(),
                       actor="t", set_control="1")
        with pytest.raises(ValueError, match="control number"):
            expect_ack(s, partner_id="acme", kind="997", level="set", interchange_id=ic, deadline=utcnow(),
                       actor="t")
        with pytest.raises(ValueError, match="result"):
            record_received_ack(s, partner_id="acme", kind="997", level="set", result="Z", actor="t",
                                set_control="1")
