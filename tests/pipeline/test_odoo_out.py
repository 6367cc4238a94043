"""Outbound scans of Odoo end to end: sandbox records over HTTP -> 850 / 856 / DESADV / INVOIC sent once.

Each test runs against a seeded sandbox over XML-RPC and JSON-RPC. The ledger is the only state:
scanning twice sends nothing twice, a document queued but not sent is sent once, and a document a
crash left half-made is finished once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.ledger.models import Document
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import SandboxServer
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline import outbound as outbound_step
from gateway.pipeline.context import Runtime
from gateway.pipeline.demo import sandbox_settings
from gateway.pipeline.demo_seed import seed_demo_activity
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.odoo_out import scan_odoo_outbound
from gateway.pipeline.odoo_out_docs import scan_invoices, scan_purchase_orders, scan_ship_notices
from gateway.pipeline.odoo_out_scan import scan_state
from gateway.pipeline.outbound import deliver_outbox
from gateway.pipeline.runner import build_runtime, run_cycle
from tests.pipeline.conftest import SAMPLES, drop

pytestmark = pytest.mark.integration


@pytest.fixture(params=["xmlrpc", "jsonrpc"])
def rt(request: pytest.FixtureRequest, tmp_path: Path, registry: PartnerRegistry,
       sandbox: SandboxServer) -> Iterator[Runtime]:
    """A runtime whose Odoo client speaks ``request.param``, with the demo's business records seeded."""
    settings = sandbox_settings(sandbox.url).model_copy(update={"protocol": request.param, "max_retries": 0})
    client = OdooClient(settings)
    seed_demo_activity(client, registry)
    client.close()
    ledger = Ledger.from_url(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    ledger.upgrade()
    runtime = build_runtime(ledger, registry, tmp_path / "mailboxes", lambda: OdooClient(settings),
                            retry=RetryPolicy(max_attempts=3, base_seconds=0.0, rand=lambda: 0.0), actor="test")
    try:
        yield runtime
    finally:
        runtime.close()
        ledger.dispose()


def _outbound(rt: Runtime, partner: str, doc_type: str) -> list[Document]:
    with rt.ledger.reading() as s:
        return list(s.scalars(select(Document).where(Document.direction == "outbound", Document.partner_id == partner,
                                                     Document.doc_type == doc_type).order_by(Document.id)))


def _sent_files(rt: Runtime, partner: str, kind: str) -> list[str]:
    outbox = rt.transports[partner].outbox  # type: ignore[attr-defined]
    return [p.read_text() for p in sorted(outbox.glob(f"*_{kind}_*.edi"))]


def test_confirmed_purchase_order_becomes_one_850(rt: Runtime) -> None:
    [doc_id] = scan_purchase_orders(rt, "summit-supply")
    assert scan_purchase_orders(rt, "summit-supply") == []  # rescan: the PO number is known
    [doc] = _outbound(rt, "summit-supply", "850")
    assert doc.id == doc_id and doc.status == "queued", doc.error_reason
    assert doc.odoo_refs["source"]["model"] == "purchase.order" and doc.business_key == doc.odoo_refs["source"]["name"]
    deliver_outbox(rt, "summit-supply")
    [text] = _sent_files(rt, "summit-supply", "850")
    assert f"BEG*00*SA*{doc.business_key}**" in text
    assert "PO1*1*200*EA*" in text and "VN*SW-R100" in text  # vendor code from Odoo's product.supplierinfo
    assert "N1*ST*YourCompany" in text and "N1*SE*Summit Industrial Supply*1*081234567" in text


def test_done_deliveries_become_856_with_ssccs_and_the_customers_vendor_number(rt: Runtime) -> None:
    drop(rt, "acme-retail", "po.edi", (SAMPLES / "acme-retail" / "850_PO-4500012345.edi").read_bytes())
    run_cycle(rt)  # the 850 is posted, then the cycle's scan sends the 856 of the seeded shipment
    [doc] = _outbound(rt, "acme-retail", "856")
    assert doc.status == "sent", doc.error_reason
    assert doc.odoo_refs["source"]["date_done"]  # the 856 watermark is date_done
    [text] = _sent_files(rt, "acme-retail", "856")
    assert "PRF*4500012290~" in text and "REF*IA*V-778201~" in text and "TD5*B*2*RRFT~" in text
    assert text.count("MAN*GM*00006141410") == 2 and "REF*BM*BOL-8811950~" in text
    assert scan_ship_notices(rt, "acme-retail") == []


def test_desadv_and_invoic_for_euromarkt(rt: Runtime) -> None:
    [desadv_id] = scan_ship_notices(rt, "euromarkt-gmbh")
    [invoic_id] = scan_invoices(rt, "euromarkt-gmbh")
    assert scan_ship_notices(rt, "euromarkt-gmbh") == [] and scan_invoices(rt, "euromarkt-gmbh") == []
    deliver_outbox(rt, "euromarkt-gmbh")
    [desadv] = _sent_files(rt, "euromarkt-gmbh", "DESADV")
    assert "BGM+351+WH/OUT/" in desadv and desadv.count("GIN+BJ+00614141") == 2
    assert "NAD+DP+4012345000016::9" in desadv and "RFF+ON:EM-2026-0790'" in desadv
    [invoic] = _sent_files(rt, "euromarkt-gmbh", "INVOIC")
    assert "BGM+380+INV/" in invoic and "NAD+BY+4012345000023::9" in invoic and "RFF+ON:EM-2026-0790'" in invoic
    with rt.ledger.reading() as s:
        assert docs.get_document(s, desadv_id).status == docs.get_document(s, invoic_id).status == "sent"


def test_one_scan_runs_every_partners_enabled_scans_once(rt: Runtime) -> None:
    report = scan_odoo_outbound(rt)
    assert report.problems == []
    kinds = sorted((d.partner_id, d.doc_type) for d in _all_outbound(rt))
    assert kinds == [("acme-retail", "856"), ("euromarkt-gmbh", "DESADV"), ("euromarkt-gmbh", "INVOIC"),
                     ("summit-supply", "850")]
    assert sorted(report.created) == sorted(d.id for d in _all_outbound(rt))
    assert scan_odoo_outbound(rt).created == []


def _all_outbound(rt: Runtime) -> list[Document]:
    with rt.ledger.reading() as s:
        return list(s.scalars(select(Document).where(Document.direction == "outbound")))


def test_watermark_is_the_newest_stamp_sent_less_one_second(rt: Runtime) -> None:
    assert scan_state(rt, "summit-supply", "850", "write_date").since is None
    scan_purchase_orders(rt, "summit-supply")
    [doc] = _outbound(rt, "summit-supply", "850")
    stamp = doc.odoo_refs["source"]["write_date"]
    since = scan_state(rt, "summit-supply", "850", "write_date").since
    assert since is not None and since < stamp and since[:16] <= stamp[:16]
    # A later change of the same PO (here: a new vendor reference) brings it back; its key stops it.
    client, _ = rt.odoo()
    client.write("purchase.order", [doc.odoo_refs["source"]["id"]], {"partner_ref": "SUMMIT-SO-1"})
    assert scan_purchase_orders(rt, "summit-supply") == []


def test_queued_but_not_sent_when_the_process_died_is_sent_once(rt: Runtime) -> None:
    [doc_id] = scan_purchase_orders(rt, "summit-supply")
    # The process dies here, after the document was queued and before the outbox was sent.
    assert scan_purchase_orders(rt, "summit-supply") == []
    assert len(deliver_outbox(rt, "summit-supply")) == 1
    assert len(deliver_outbox(rt, "summit-supply")) == 0
    assert len(_sent_files(rt, "summit-supply", "850")) == 1
    with rt.ledger.reading() as s:
        assert docs.get_document(s, doc_id).status == "sent"


class Killed(BaseException):
    """Stands for the process dying (not an Exception: nothing in the step may catch it)."""


KILLABLE = [("summit-supply", "850", scan_purchase_orders), ("euromarkt-gmbh", "DESADV", scan_ship_notices),
            ("euromarkt-gmbh", "INVOIC", scan_invoices)]


@pytest.mark.parametrize(("partner", "doc_type", "scan"), KILLABLE, ids=[k[1] for k in KILLABLE])
def test_killed_between_create_and_queue_is_finished_once(rt: Runtime, monkeypatch: pytest.MonkeyPatch,
                                                          partner: str, doc_type: str, scan: Any) -> None:
    real = outbound_step.render_documents

    def die(*_args: object, **_kwargs: object) -> str:
        raise Killed

    monkeypatch.setattr(outbound_step, "render_documents", die)
    with pytest.raises(Killed):
        scan(rt, partner)
    [half] = _outbound(rt, partner, doc_type)
    assert half.status == "created"  # recorded, never rendered nor queued
    monkeypatch.setattr(outbound_step, "render_documents", real)
    [new_id] = scan(rt, partner)
    assert scan(rt, partner) == []
    first, second = _outbound(rt, partner, doc_type)
    assert (first.id, first.status) == (half.id, "cancelled") and "interrupted" in str(_last_detail(rt, first.id))
    assert (second.id, second.status, second.business_key) == (new_id, "queued", half.business_key)
    assert second.odoo_refs["source"] == half.odoo_refs["source"]
    deliver_outbox(rt, partner)
    assert len(_sent_files(rt, partner, doc_type)) == 1


def _last_detail(rt: Runtime, doc_id: int) -> object:
    from gateway.ledger.events import timeline

    with rt.ledger.reading() as s:
        return timeline(s, document_id=doc_id)[-1].detail


def test_odoo_down_during_a_scan_is_reported_and_the_others_still_run(rt: Runtime, sandbox: SandboxServer) -> None:
    sandbox.faults.add("http503", match="purchase.order", count=50)
    report = scan_odoo_outbound(rt)
    assert [p for p in report.problems if "summit-supply" in p and "850" in p]
    assert {d.doc_type for d in _all_outbound(rt)} == {"856", "DESADV", "INVOIC"}
    sandbox.faults.clear()
    assert [d.doc_type for d in (_outbound(rt, "summit-supply", "850"))] == []
    report = scan_odoo_outbound(rt)
    assert report.problems == [] and len(report.created) == 1  # the next cycle sends the 850
