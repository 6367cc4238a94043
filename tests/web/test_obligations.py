"""The obligation clock of documents from the known March history."""

from __future__ import annotations

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.web.obligations import obligations
from tests.reports import history
from tests.reports.conftest import Clock


def _clock_of(ledger: Ledger, key: str) -> list[tuple[str, str, object, object]]:
    with ledger.reading() as s:
        doc = docs.list_documents(s, business_key=key, direction="outbound")[0]
        return [(o.name, o.state, o.deadline, o.met_at) for o in obligations(s, doc, history.profile(), history.AS_OF)]


def test_asn_and_warehouse_order_deadlines(ledger: Ledger, clock: Clock) -> None:
    history.build(ledger, clock)
    t = history.t
    assert _clock_of(ledger, "ASN-1") == [("ship notice sent after shipment", "met", t(3, 12), t(3, 11))]
    assert _clock_of(ledger, "ASN-2") == [("ship notice sent after shipment", "met late", t(4, 9), t(4, 10, 30))]
    assert _clock_of(ledger, "ASN-3") == [("ship notice sent after shipment", "overdue", t(5, 12), None)]
    assert _clock_of(ledger, "DO-1") == [("warehouse shipping advice (945)", "met", None, t(3, 9))]
    assert _clock_of(ledger, "DO-3") == [("warehouse shipping advice (945)", "open", None, None)]


def test_their_acks_on_an_outbound_interchange(ledger: Ledger, clock: Clock) -> None:
    from gateway.ledger.models import ExpectedAck

    history.build(ledger, clock)
    with ledger.transaction() as s:
        doc = docs.create_document(s, direction="outbound", partner_id=history.PARTNER, doc_type="850",
                                   actor="t", business_key="OUT-9")
        exp = s.query(ExpectedAck).order_by(ExpectedAck.id).first()
        assert exp is not None
        exp.document_id = doc.id
    states = _clock_of(ledger, "OUT-9")
    assert states == [("their 997 (group): A", "met", history.t(11, 12), history.t(11, 10))]


def test_asn_must_arrive_before_the_goods(ledger: Ledger, clock: Clock) -> None:
    history.build(ledger, clock)
    t = history.t
    with ledger.transaction() as s:
        for key, delivery in (("ASN-EARLY", "2026-03-20"), ("ASN-LATE", "2026-03-07"), ("ASN-OPEN", "2026-04-30")):
            clock.now = t(6, 10)
            doc = docs.create_document(s, direction="outbound", partner_id=history.PARTNER, doc_type="856",
                                       actor="t", business_key=key,
                                       canonical={"shipment_id": key, "estimated_delivery_date": delivery})
            if key != "ASN-OPEN":
                clock.now = t(8, 6)  # sent on 8 March
                for status in ("validated", "queued", "sent"):
                    docs.transition(s, doc.id, status, actor="t")
    arrival = "ship notice before the goods arrive"
    assert (arrival, "met", t(20), t(8, 6)) in _clock_of(ledger, "ASN-EARLY")
    assert (arrival, "met late", t(7), t(8, 6)) in _clock_of(ledger, "ASN-LATE")
    assert (arrival, "pending", t(30, month=4), None) in _clock_of(ledger, "ASN-OPEN")
