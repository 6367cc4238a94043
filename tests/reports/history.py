"""A ledger history with known events for one partner in March 2026, and the figures it must give.

Built with the ledger's own functions under a controlled clock, so the events, statuses and
timestamps are exactly what the pipeline would have written. ``EXPECTED`` below is worked out by
hand from the history (see the comments) and asserted figure by figure by the tests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from gateway.errors import Issue
from gateway.ledger import Ledger, outbox
from gateway.ledger import documents as docs
from gateway.ledger.events import record_event
from gateway.ledger.interchanges import receive, store_outbound
from gateway.ledger.models import ExpectedAck, ReceivedAck
from gateway.partners.model import PartnerProfile

PARTNER = "acme-test"


def profile() -> PartnerProfile:
    """The partner of the history: 24 h ack time, ASN within 2 h, six chargeback rules."""
    return PartnerProfile.model_validate({
        "id": PARTNER, "name": "Acme Test Stores", "syntax": "x12",
        "identities": {"x12": {"isa_qualifier": "ZZ", "isa_id": "ACMETEST", "gs_id": "ACMETEST"},
                       "our_x12": {"isa_qualifier": "ZZ", "isa_id": "US", "gs_id": "US"}},
        "documents": [{"type": "850", "direction": "inbound", "version": "004010"},
                      {"type": "856", "direction": "outbound", "version": "004010"}],
        "acks": {"their_ack_deadline_hours": 24},
        "compliance": {"asn_deadline_hours": 2, "freight_tolerance_amount": "1.00",
                       "chargebacks": {"late_asn": "250.00", "asn_quantity_mismatch": "100.00",
                                       "missing_sscc": "5.00", "short_ship": "25.00", "late_ack": "10.00",
                                       "pallet_label": "50.00"}},
    })


def t(day: int, hour: int = 0, minute: int = 0, month: int = 3) -> datetime:
    """A UTC time in 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _outbound_sent(s: Any, clock: Any, doc_id: int, sent: datetime) -> None:
    clock.now = sent
    for status in ("validated", "queued", "sent"):
        docs.transition(s, doc_id, status, actor="test")


def build(ledger: Ledger, clock: Any) -> dict[str, int]:
    """Write the history; return the ids of the documents tests refer to."""
    ids: dict[str, int] = {}
    with ledger.transaction() as s:
        def doc(direction: str, doc_type: str, key: str | None, at: datetime, canonical: Any = None,
                **kw: Any) -> int:
            clock.now = at
            return docs.create_document(s, direction=direction, partner_id=PARTNER, doc_type=doc_type, actor="test",
                                        business_key=key, canonical=canonical, **kw).id

        # purchase orders from February: outside the period, but the ASNs are checked against them
        # (unit prices value the ASNs for percent-of-value chargebacks: see test_chargebacks)
        doc("inbound", "850", "PO-1", t(20, month=2), {"po_number": "PO-1", "lines": [
            {"line_number": "1", "quantity": "10", "unit": "each", "unit_price": "2.50"},
            {"line_number": "2", "quantity": "5", "unit": "case", "unit_price": "100.00"}]})
        doc("inbound", "850", "PO-2", t(21, month=2), {"po_number": "PO-2", "lines": [
            {"line_number": "1", "quantity": "4", "unit": "each", "unit_price": "12.00"}]})

        # --- their acks: on time, late, missing (overdue), pending at the cut-off, and one from February
        clock.now = t(10, 12)
        out_ic = store_outbound(s, b"ISA*outbound-1~", partner_id=PARTNER, mailbox="acme-sftp", transport="sftp",
                                syntax="x12", sender_id="US", receiver_id="ACMETEST", control_number="000000101")
        for created, deadline, received in (
            (t(10, 12), t(11, 12), t(11, 10)),       # on time
            (t(10, 12), t(11, 12), t(12, 9)),        # late
            (t(20, 9), t(21, 9), None),              # missing -> overdue list
            (t(31, 20), t(1, 20, month=4), None),    # deadline after the cut-off -> pending
            (t(20, 9, month=2), t(21, 9, month=2), None),  # February: not in the period
        ):
            s.add(ExpectedAck(partner_id=PARTNER, kind="997", level="group", interchange_id=out_ic,
                              group_control=f"G{created:%m%d%H}", deadline=deadline, created_at=created,
                              status="received" if received else "pending", result="A" if received else None,
                              received_at=received))
        # --- acknowledgments received: A, A, E, R, M (counts as R); a TA1 and a February 997 do not count
        for result, kind, at in (("A", "997", t(2)), ("A", "997", t(3)), ("E", "997", t(4)), ("R", "997", t(5)),
                                 ("M", "997", t(6)), ("R", "TA1", t(7)), ("A", "997", t(27, month=2))):
            s.add(ReceivedAck(partner_id=PARTNER, kind=kind, level="group", group_control="1", result=result,
                              received_at=at, detail={}))
        s.flush()

    # --- our acks for inbound interchanges (each receive commits on its own, like the pipeline)
    ics = []
    for n, at in enumerate((t(5, 8), t(6, 8), t(7, 8), t(31, 12)), start=1):
        clock.now = at
        ics.append(ledger.receive(f"ISA*inbound-{n}~".encode(), mailbox="acme-sftp", transport="sftp",
                                  partner_id=PARTNER).interchange_id)
    clock.now = t(9, 15)  # the first file arrives again: a duplicate file
    ledger.receive(b"ISA*inbound-1~", mailbox="acme-sftp", transport="sftp", partner_id=PARTNER)

    with ledger.transaction() as s:
        # our 997s, stored and sent the way the pipeline does: 1 h after the first file, 48 h after the
        # second, queued but never sent for the third; the policy asked for none for a fifth file
        for n, (acked, sent) in enumerate(((ics[0], t(5, 9)), (ics[1], t(8, 8)), (ics[2], None)), start=1):
            clock.now = t(5 + n, 8, 30)
            ack_ic = store_outbound(s, f"ISA*our-997-{n}~".encode(), partner_id=PARTNER, mailbox="acme-sftp",
                                    transport="local", syntax="x12", sender_id="US", receiver_id="ACMETEST",
                                    control_number=f"90{n}", transport_meta={"kind": "997", "acknowledges": acked})
            entry = outbox.enqueue(s, interchange_id=ack_ic, partner_id=PARTNER, transport="acme-sftp", actor="t")
            if sent is not None:
                outbox.mark_sent(s, entry.id, actor="test", sent_at=sent)
        clock.now = t(8, 8)
        no_ack = receive(s, b"ISA*inbound-5~", mailbox="acme-sftp", transport="sftp", partner_id=PARTNER)
        record_event(s, interchange_id=no_ack.interchange_id, step="ack_out", outcome="none", actor="test")

        # --- rejections
        r1 = doc("inbound", "850", "PO-9", t(12))
        docs.reject(s, r1, category="syntax", reason="bad code", actor="test", issues=[
            Issue(level="element", code="7", message="BEG01 has an invalid code", segment_id="BEG",
                  element_position=1, bad_value="99", hint="Use 00 (original)"),
            Issue(level="segment", code="8", message="BEG has data element errors", segment_id="BEG")])
        r2 = doc("inbound", "850", "PO-10", t(13))
        docs.reject(s, r2, category="syntax", reason="bad code", actor="test", issues=[
            Issue(level="element", code="7", message="PO103 has an invalid unit", segment_id="PO1",
                  element_position=3, bad_value="XX")])
        r3 = doc("inbound", "850", "PO-11", t(14))
        docs.reject(s, r3, category="master_data", reason="unknown item 123", actor="test")
        ids["rejected"] = r3
        clock.now = t(15)
        ids["resubmitted"] = docs.resubmit(s, r3, actor="test", reason="item added").id

        # --- a duplicate business document
        dup = doc("inbound", "850", "PO-1", t(16))
        docs.transition(s, dup, "duplicate", actor="test")

        # --- regeneration of an outbound document
        first = doc("outbound", "850", "OUT-1", t(17))
        doc("outbound", "850", "OUT-1", t(18), regenerated_from_id=first)

        # --- ship notices (deadline 2 h)
        a1 = doc("outbound", "856", "ASN-1", t(3, 10), {"shipment_id": "ASN-1", "orders": [{"po_number": "PO-1", "packs": [
            {"sscc": "S1", "items": [{"line_number": "1", "quantity_shipped": "10", "unit": "each"}]},
            {"sscc": "S2", "items": [{"line_number": "2", "quantity_shipped": "5", "unit": "case"}]}]}]})
        _outbound_sent(s, clock, a1, t(3, 11))   # 60 min: on time, accurate
        a2 = doc("outbound", "856", "ASN-2", t(4, 10), {"shipment_id": "ASN-2", "orders": [{"po_number": "PO-2", "packs": [
            {"sscc": "S1", "items": [{"line_number": "1", "quantity_shipped": "4", "unit": "each"}]},
            {"items": [{"line_number": "1", "quantity_shipped": "1", "unit": "each"}]}]}]})
        docs.add_odoo_refs(s, a2, {"shipped_at": t(4, 7).isoformat()}, actor="test")
        _outbound_sent(s, clock, a2, t(4, 10, 30))  # 210 min after shipment: late; S1 repeated; no SSCC; 5 > 4
        doc("outbound", "856", "ASN-3", t(5, 10), {"shipment_id": "ASN-3", "orders": [{"po_number": "PO-404", "packs": [
            {"sscc": "S3", "items": [{"line_number": "1", "quantity_shipped": "1", "unit": "each"}]}]}]})
        # never sent: late; its PO is unknown
        a4 = doc("outbound", "856", "ASN-4", t(6, 10), {"shipment_id": "ASN-4", "orders": [{"po_number": "PO-1", "items": [
            {"line_number": "2", "quantity_shipped": "5", "unit": "each"}]}]})
        _outbound_sent(s, clock, a4, t(6, 10, 30))  # 30 min: on time; unit each != case; line 2 now 10 > 5

        # --- warehouse orders and shipping advices
        w1 = doc("outbound", "940", "DO-1", t(2, 8), {"depositor_order_number": "DO-1", "lines": [
            {"line_number": "1", "quantity": "10", "unit": "each"}, {"line_number": "2", "quantity": "5", "unit": "each"}]})
        _outbound_sent(s, clock, w1, t(2, 9))
        doc("inbound", "945", "DO-1", t(3, 9), {"depositor_order_number": "DO-1", "lines": [
            {"line_number": "1", "quantity_shipped": "10", "unit": "each", "sscc": "W1"},
            {"line_number": "2", "quantity_shipped": "4", "unit": "each", "sscc": "W2"}]})  # 24 h, short by 1
        doc("outbound", "940", "DO-2", t(4, 8), {"depositor_order_number": "DO-2", "lines": [
            {"line_number": "1", "quantity": "6", "unit": "each"}]})
        doc("inbound", "945", "DO-2", t(4, 20), {"depositor_order_number": "DO-2", "lines": [
            {"line_number": "1", "quantity_shipped": "6", "unit": "each"}]})          # 12 h from creation
        doc("outbound", "940", "DO-3", t(5), {"depositor_order_number": "DO-3", "lines": [
            {"line_number": "1", "quantity": "1", "unit": "each"}]})                  # open

        # --- shipment status messages
        for key, at, events in (
            ("PRO1", t(10, 12), [("X3", t(10, 10))]),    # 120 min
            ("PRO1", t(11, 12, 30), [("D1", t(11, 12))]),  # 30 min, delivered
            ("PRO2", t(12, 9), [("AF", t(12, 8))]),      # 60 min
        ):
            doc("inbound", "214", f"RRDF:{key}", at, {"pro_number": key, "events": [
                {"status_code": code, "time": when.isoformat()} for code, when in events]})

        # --- freight invoices (tolerance 1.00)
        for number, net, expected, at in (("F1", "500.00", "500.50", t(20)), ("F2", "320.00", "300.00", t(21)),
                                          ("F3", "100.00", None, t(22))):
            fid = doc("inbound", "210", f"RRDF:{number}", at, {"invoice_number": number, "net_amount_due": net})
            if expected is not None:
                docs.add_odoo_refs(s, fid, {"expected_amount": expected}, actor="test")
    return ids


D = Decimal
AS_OF = t(10, month=4)

EXPECTED: dict[str, Any] = {
    "partner_id": PARTNER, "partner_name": "Acme Test Stores", "as_of": t(1, month=4),
    # inbound: 3 rejected + 1 resubmission + 1 duplicate + 2 x 945 + 3 x 214 + 3 x 210
    "documents_in": 13,
    # outbound: 2 x 850 + 4 x 856 + 3 x 940
    "documents_out": 9,
    "acks": {"deadline_hours": D(24), "theirs_expected": 4, "theirs_on_time": 1, "theirs_late": 1,
             "theirs_missing": 1, "theirs_pending": 1, "theirs_on_time_rate": D("25.0"),
             "ours_due": 3, "ours_on_time": 1, "ours_late": 1, "ours_missing": 1, "ours_on_time_rate": D("33.3")},
    "overdue": [("997", "G032009", t(21, 9))],
    "acceptance": {"total": 5, "counts": {"A": 2, "E": 1, "P": 0, "R": 2},
                   "rates": {"A": D("40.0"), "E": D("20.0"), "P": D("0.0"), "R": D("40.0")}},
    "rejections": [("7", 2, "Use 00 (original)"), ("8", 1, None), ("category:master_data", 1, None)],
    "asn": {"deadline_hours": D(2), "sent": 3, "on_time": 2, "late": 2, "unsent": 1, "on_time_rate": D("50.0"),
            "average_minutes": D("100.0"), "checked": 4, "accurate": 1, "accuracy_rate": D("25.0"), "packs": 5,
            "packs_without_sscc": 1, "duplicate_ssccs": 1, "unit_mismatches": 1, "over_shipped_lines": 2,
            "orders_not_found": 1, "asns_with_quantity_issues": 2},
    "warehouse": {"orders": 3, "confirmed": 2, "open": 1, "average_cycle_hours": D("18.0"),
                  "max_cycle_hours": D("24.0"), "ordered_units": D(21), "shipped_units": D(20),
                  "fill_rate": D("95.2"), "short_shipped_orders": 1},
    "shipment_status": {"shipments": 2, "delivered": 1, "coverage_rate": D("50.0"), "status_messages": 3,
                        "average_latency_minutes": D("70.0"), "max_latency_minutes": D("120.0")},
    "freight": {"tolerance": D("1.00"), "invoices": 3, "compared": 2, "unquoted": 1, "billed": D("920.00"),
                "expected": D("800.50"), "variance": D("19.50"), "over_tolerance": 1},
    "duplicates": {"duplicate_files": 1, "duplicate_documents": 1, "resubmissions": 1, "regenerations": 1},
    "chargebacks": [("asn_quantity_mismatch", 2, D("200.00")), ("late_ack", 2, D("20.00")),
                    ("late_asn", 2, D("500.00")), ("missing_sscc", 1, D("5.00")), ("pallet_label", None, D("0.00")),
                    ("short_ship", 1, D("25.00"))],
    "money_at_risk": D("750.00"),
}
