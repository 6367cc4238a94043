"""Inbound pipeline end to end on SQLite with the Odoo sandbox: post once, duplicates, refusals, retries."""

from __future__ import annotations

from sqlalchemy import select

from gateway.ledger import documents as docs
from gateway.ledger.events import timeline
from gateway.ledger.models import Document, Interchange
from gateway.partners.model import ItemXref
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.posting import retry_due
from gateway.pipeline.resubmit import resubmit_inbound
from gateway.pipeline.runner import run_cycle
from tests.pipeline.conftest import SAMPLES, drop

PO = SAMPLES / "acme-retail" / "850_PO-4500012345.edi"


def _docs(rt: Runtime) -> list[Document]:
    with rt.ledger.reading() as s:
        return list(s.scalars(select(Document).where(Document.direction == "inbound").order_by(Document.id)))


def _sale_orders(rt: Runtime, po: str) -> list[dict]:
    client, _ = rt.odoo()
    return client.search_read("sale.order", [("client_order_ref", "=", po)], ["name", "state"])


def test_850_becomes_one_confirmed_sale_order_and_a_997(runtime: Runtime) -> None:
    drop(runtime, "acme-retail", "po.edi", PO.read_bytes())
    report = run_cycle(runtime)
    assert report.received == 1
    [doc] = _docs(runtime)
    assert doc.status == "posted", doc.error_reason
    assert doc.business_key == "4500012345"
    [record] = doc.odoo_refs["records"]
    assert record["model"] == "sale.order"
    orders = _sale_orders(runtime, "4500012345")
    assert [o["name"] for o in orders] == [record["name"]] and orders[0]["state"] == "sale"
    sent = list(runtime.transports["acme-retail"].outbox.glob("*997*"))  # type: ignore[attr-defined]
    assert len(sent) == 1 and "AK5*A" in sent[0].read_text()
    with runtime.ledger.reading() as s:
        steps = [e.step for e in timeline(s, document_id=doc.id)]
    assert steps[:2] == ["create", "validate"] and steps[-1] == "post"


def test_same_file_twice_posts_once_and_records_the_duplicate(runtime: Runtime) -> None:
    drop(runtime, "acme-retail", "po.edi", PO.read_bytes())
    run_cycle(runtime)
    drop(runtime, "acme-retail", "po-again.edi", PO.read_bytes())
    report = run_cycle(runtime)
    assert report.received == 1 and report.interchanges == 0
    assert len(_docs(runtime)) == 1
    assert len(_sale_orders(runtime, "4500012345")) == 1
    with runtime.ledger.reading() as s:
        ic = s.scalars(select(Interchange).where(Interchange.direction == "inbound")).one()
        outcomes = [e.outcome for e in timeline(s, interchange_id=ic.id) if e.step == "receive"]
    assert outcomes == ["ok", "duplicate"]


def test_reused_interchange_number_is_a_duplicate_under_reject_policy(runtime: Runtime) -> None:
    drop(runtime, "acme-retail", "po.edi", PO.read_bytes())
    run_cycle(runtime)
    changed = PO.read_bytes().replace(b"DELIVER TO RECEIVING DOOR 4", b"DELIVER TO RECEIVING DOOR 5")
    assert changed != PO.read_bytes()
    drop(runtime, "acme-retail", "po-changed.edi", changed)
    run_cycle(runtime)
    first, second = _docs(runtime)
    assert first.status == "posted" and second.status == "duplicate"
    assert len(_sale_orders(runtime, "4500012345")) == 1


def test_file_in_another_partners_mailbox_is_refused(runtime: Runtime) -> None:
    drop(runtime, "northstar-3pl", "po.edi", PO.read_bytes())
    run_cycle(runtime)
    [doc] = _docs(runtime)
    assert doc.status == "rejected" and doc.partner_id == "northstar-3pl"
    assert "acme-retail" in (doc.error_reason or "") and "mailbox" in (doc.error_reason or "")
    assert _sale_orders(runtime, "4500012345") == []


def test_not_edi_is_rejected_with_a_reason(runtime: Runtime) -> None:
    drop(runtime, "acme-retail", "hello.txt", b"hello, this is not EDI\n")
    run_cycle(runtime)
    [doc] = _docs(runtime)
    assert doc.status == "rejected" and doc.error_category == "syntax" and "not EDI" in (doc.error_reason or "")


def test_unknown_item_then_fixed_crossref_then_resubmit_posts(runtime: Runtime, registry: PartnerRegistry) -> None:
    runtime.registry = PartnerRegistry([p.model_copy(deep=True) for p in registry])
    drop(runtime, "acme-retail", "unknown.edi", (SAMPLES / "acme-retail" / "broken" / "850_unknown-item.edi").read_bytes())
    run_cycle(runtime)
    [doc] = _docs(runtime)
    assert doc.status == "failed" and doc.error_category == "master_data"
    assert "ZZ-999" in (doc.error_reason or "")
    profile = runtime.registry.get("acme-retail")
    assert profile is not None
    profile.crossrefs.items.append(ItemXref(odoo_product="GADGET-10", vendor_part="ZZ-999", upc="012345999994"))
    new_id, status = resubmit_inbound(runtime, doc.id, reason="added ZZ-999 to the cross-reference", actor="test")
    assert status == "posted"
    with runtime.ledger.reading() as s:
        assert docs.get_document(s, doc.id).status == "superseded"
        assert docs.get_document(s, new_id).resubmission_of_id == doc.id


def test_odoo_down_is_retried_then_posted(runtime: Runtime, sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.faults.add("http503", count=-1)
    drop(runtime, "acme-retail", "po.edi", PO.read_bytes())
    run_cycle(runtime)
    [doc] = _docs(runtime)
    assert doc.status == "failed" and doc.error_category == "transport" and doc.next_attempt_at is not None
    sandbox.faults.clear()
    assert retry_due(runtime) == [(doc.id, "posted")]
    assert len(_sale_orders(runtime, "4500012345")) == 1


def test_odoo_down_for_every_attempt_dead_letters(runtime: Runtime, sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.faults.add("http503", count=-1)
    drop(runtime, "acme-retail", "po.edi", PO.read_bytes())
    run_cycle(runtime)
    statuses = [status for _ in range(3) for _id, status in retry_due(runtime)]
    assert statuses[-1] == "dead_lettered"
    [doc] = _docs(runtime)
    assert doc.status == "dead_lettered" and doc.attempts == 3
