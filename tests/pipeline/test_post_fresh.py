"""Posting right after the split: the short path for a fresh document, and its limits.

A document the split step has just created ``translated`` is posted without the claim's locked
read (nobody else knows its id yet); the duplicate question is still asked after the split
committed, and a document with an earlier copy goes through the full claim.
"""

from __future__ import annotations

from sqlalchemy import select

from gateway.ledger.events import timeline
from gateway.ledger.models import Document, Interchange
from gateway.pipeline.context import Runtime
from gateway.pipeline.inbound import process_interchange
from gateway.pipeline.runner import receive_from
from tests.pipeline.conftest import SAMPLES, begins, drop

PO = SAMPLES / "acme-retail" / "850_PO-4500012345.edi"


def _with_control_number(data: bytes, number: int) -> bytes:
    """The same purchase order in a new interchange (ISA13/IEA02 and GS06/GE02 renumbered)."""
    return (data.replace(b"*000004211*", f"*{number:09d}*".encode())
            .replace(b"IEA*1*000004211", f"IEA*1*{number:09d}".encode())
            .replace(b"*4211*X*", f"*{number}*X*".encode()).replace(b"GE*1*4211", f"GE*1*{number}".encode()))


def _receive(rt: Runtime, name: str, data: bytes) -> int:
    drop(rt, "acme-retail", name, data)
    assert receive_from(rt, "acme-retail", rt.transports["acme-retail"]) == 1
    with rt.ledger.reading() as s:
        return s.scalars(select(Interchange.id).where(Interchange.direction == "inbound")
                         .order_by(Interchange.id.desc()).limit(1)).one()


def _sale_orders(rt: Runtime, po: str) -> list[dict]:
    client, _ = rt.odoo()
    return client.search_read("sale.order", [("client_order_ref", "=", po)], ["name", "state"])


def test_a_fresh_document_is_posted_without_a_second_locked_read(runtime: Runtime) -> None:
    ic_id = _receive(runtime, "po.edi", PO.read_bytes())
    with begins(runtime) as seen:
        outcome = process_interchange(runtime, ic_id, post=True)
    [doc_id] = outcome.documents
    assert set(outcome.fresh) == {doc_id}
    # read the file, split (write), the duplicate question (read), the post (write): no claim transaction
    assert seen == ["BEGIN DEFERRED", "BEGIN IMMEDIATE", "BEGIN DEFERRED", "BEGIN IMMEDIATE"], seen
    with runtime.ledger.reading() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None and doc.status == "posted"
        steps = [e.step for e in timeline(s, document_id=doc_id)]
    assert steps == ["create", "validate", "canonical", "translate", "odoo_refs", "post"]
    assert len(_sale_orders(runtime, "4500012345")) == 1


def test_a_fresh_document_with_an_earlier_copy_takes_the_full_claim_and_is_a_duplicate(runtime: Runtime) -> None:
    first = process_interchange(runtime, _receive(runtime, "po.edi", PO.read_bytes()), post=True)
    again = _with_control_number(PO.read_bytes(), 4212)
    assert again != PO.read_bytes() and b"000004212" in again
    second = process_interchange(runtime, _receive(runtime, "po-2.edi", again), post=True)
    assert len(second.fresh) == 1  # created translated, then found to be a copy at post time
    with runtime.ledger.reading() as s:
        a = s.get(Document, first.documents[0])
        b = s.get(Document, second.documents[0])
        assert a is not None and b is not None
        assert (a.status, b.status) == ("posted", "duplicate")
        dup = [e for e in timeline(s, document_id=b.id) if e.step == "duplicate"]
        assert dup and dup[0].detail["original"] == a.id
    assert len(_sale_orders(runtime, "4500012345")) == 1
