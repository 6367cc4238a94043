"""Outbound: render, store, queue, send, expect the ack; the partner's 997/CONTRL reconciled; overdue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gateway.control_numbers import MemoryAllocator
from gateway.documents import ShipNotice, WarehouseShippingOrder
from gateway.ledger import documents as docs
from gateway.pipeline.context import Runtime
from gateway.pipeline.demo import answer_sent_files
from gateway.pipeline.outbound import create_outbound, deliver_outbox
from gateway.pipeline.reconcile import check_overdue
from gateway.pipeline.runner import run_cycle
from tests.pipeline.conftest import SAMPLES, drop


def _asn() -> ShipNotice:
    return ShipNotice.model_validate_json((SAMPLES / "acme-retail" / "856_ASN-SH-88120.json").read_text())


def _status(rt: Runtime, doc_id: int) -> str:
    with rt.ledger.reading() as s:
        return docs.get_document(s, doc_id).status


def test_856_is_sent_with_ledger_control_numbers_and_accepted_by_997(runtime: Runtime) -> None:
    doc_id = create_outbound(runtime, "acme-retail", "856", _asn())
    assert _status(runtime, doc_id) == "queued"
    assert len(deliver_outbox(runtime, "acme-retail")) == 1
    assert _status(runtime, doc_id) == "sent"
    [sent] = list(runtime.transports["acme-retail"].outbox.glob("*.edi"))  # type: ignore[attr-defined]
    assert sent.read_text().startswith("ISA")
    assert answer_sent_files(runtime, "acme-retail") == 1
    run_cycle(runtime)
    assert _status(runtime, doc_id) == "acknowledged"


def test_997_rejecting_our_856_marks_it_rejected(runtime: Runtime) -> None:
    doc_id = create_outbound(runtime, "acme-retail", "856", _asn())
    deliver_outbox(runtime, "acme-retail")
    [sent] = list(runtime.transports["acme-retail"].outbox.glob("*.edi"))  # type: ignore[attr-defined]
    from gateway.x12.engine import acknowledge_file

    text = acknowledge_file(sent, allocator=MemoryAllocator(start=50))
    assert "AK5*A" in text
    rejecting = text.replace("AK5*A", "AK5*R*5").replace("AK9*A*1*1*1", "AK9*R*1*1*0")
    drop(runtime, "acme-retail", "997-reject.edi", rejecting.encode())
    run_cycle(runtime)
    with runtime.ledger.reading() as s:
        doc = docs.get_document(s, doc_id)
        assert doc.status == "rejected" and "rejected" in (doc.error_reason or "")


def test_desadv_accepted_by_contrl(runtime: Runtime) -> None:
    desadv = ShipNotice.model_validate_json((SAMPLES / "euromarkt-gmbh" / "DESADV_DN-70031.json").read_text())
    doc_id = create_outbound(runtime, "euromarkt-gmbh", "DESADV", desadv)
    deliver_outbox(runtime, "euromarkt-gmbh")
    assert answer_sent_files(runtime, "euromarkt-gmbh") == 1
    run_cycle(runtime)
    assert _status(runtime, doc_id) == "acknowledged"


def test_940_whose_997_never_comes_is_overdue_and_alerts(runtime: Runtime) -> None:
    order = WarehouseShippingOrder.model_validate_json((SAMPLES / "northstar-3pl" / "940_SO-1001.json").read_text())
    doc_id = create_outbound(runtime, "northstar-3pl", "940", order)
    deliver_outbox(runtime, "northstar-3pl")
    assert check_overdue(runtime) == []
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    assert check_overdue(runtime, now=later) == [doc_id]
    assert _status(runtime, doc_id) == "overdue"
    assert any("northstar-3pl" in a and "overdue" in a for a in runtime.alerts)
    assert check_overdue(runtime, now=later) == []  # alerted once


def test_outbound_that_fails_our_own_validation_is_not_sent(runtime: Runtime, tmp_path: Path) -> None:
    asn = _asn()
    bad = asn.model_copy(update={"carrier_scac": "ZZZZ"})  # acme's overlay allows RRFT/UPSN only
    doc_id = create_outbound(runtime, "acme-retail", "856", bad)
    with runtime.ledger.reading() as s:
        doc = docs.get_document(s, doc_id)
        assert doc.status == "failed" and doc.error_category == "mapping"
    assert deliver_outbox(runtime, "acme-retail") == []


def test_940s_are_read_from_odoo_once_per_ready_delivery(runtime: Runtime) -> None:
    from gateway.pipeline.odoo_out import scan_shipping_orders

    drop(runtime, "acme-retail", "po.edi", (SAMPLES / "acme-retail" / "850_PO-4500012345.edi").read_bytes())
    assert run_cycle(runtime).scanned == 1  # the cycle's own Odoo scan sent the 940
    assert scan_shipping_orders(runtime, "northstar-3pl") == []  # watermark + picking name: not sent twice
    with runtime.ledger.reading() as s:
        [doc] = docs.list_documents(s, partner_id="northstar-3pl", doc_type="940")
        assert doc.status == "sent", doc.error_reason
        assert doc.canonical["po_number"] == "4500012345"
        assert doc.canonical["carrier_scac"] == "RRFT"  # routed by the customer's 850
        assert doc.odoo_refs["source"]["model"] == "stock.picking"
        assert doc.business_key == doc.odoo_refs["source"]["name"]


def test_rejected_856_is_regenerated_with_new_control_numbers(runtime: Runtime) -> None:
    from gateway.pipeline.resubmit import regenerate_outbound

    doc_id = create_outbound(runtime, "acme-retail", "856", _asn())
    deliver_outbox(runtime, "acme-retail")
    [sent] = list(runtime.transports["acme-retail"].outbox.glob("*.edi"))  # type: ignore[attr-defined]
    from gateway.x12.engine import acknowledge_file

    text = acknowledge_file(sent, allocator=MemoryAllocator(start=50))
    drop(runtime, "acme-retail", "997-reject.edi", text.replace("AK5*A", "AK5*R*5").replace("AK9*A*", "AK9*R*").encode())
    run_cycle(runtime)
    assert _status(runtime, doc_id) == "rejected"
    new_id = regenerate_outbound(runtime, doc_id, reason="fixed the carrier", actor="test")
    with runtime.ledger.reading() as s:
        old, new = docs.get_document(s, doc_id), docs.get_document(s, new_id)
        assert old.status == "superseded" and new.status == "queued" and new.regenerated_from_id == doc_id
        assert new.interchange_control != old.interchange_control and new.set_control is not None
