"""The split of an interchange is one write transaction: all of it or none of it, and only once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gateway.ledger.events import timeline
from gateway.ledger.models import ControlCounter, Document, Interchange
from gateway.pipeline import inbound
from gateway.pipeline.context import Runtime
from gateway.pipeline.inbound import process_interchange
from gateway.pipeline.runner import receive_from
from tests.pipeline.conftest import SAMPLES, begins, drop

PO = SAMPLES / "acme-retail" / "850_PO-4500012345.edi"


def _received(rt: Runtime) -> int:
    drop(rt, "acme-retail", "po.edi", PO.read_bytes())
    assert receive_from(rt, "acme-retail", rt.transports["acme-retail"]) == 1
    with rt.ledger.reading() as s:
        return s.scalars(select(Interchange.id).where(Interchange.direction == "inbound")).one()


def test_an_850_is_split_in_one_write_transaction(runtime: Runtime) -> None:
    ic_id = _received(runtime)
    with begins(runtime) as seen:
        outcome = process_interchange(runtime, ic_id, post=False)
    assert len(outcome.documents) == 1
    assert seen == ["BEGIN DEFERRED", "BEGIN IMMEDIATE"], seen  # one read, one write
    with runtime.ledger.reading() as s:
        [doc] = s.scalars(select(Document)).all()
        assert doc.status == "translated"
        steps = [e.step for e in timeline(s, interchange_id=ic_id)]
    assert {"envelope", "ack_out", "create", "validate", "translate", "split"} <= set(steps)


def test_a_failure_inside_the_split_leaves_nothing_behind_and_a_rerun_completes(
        runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    ic_id = _received(runtime)
    real = inbound._create_documents

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise RuntimeError("worker killed mid-split")

    monkeypatch.setattr(inbound, "_create_documents", broken)
    with pytest.raises(RuntimeError):
        process_interchange(runtime, ic_id, post=False)
    with runtime.ledger.reading() as s:
        assert s.scalars(select(Document)).all() == []
        assert s.get(Interchange, ic_id).processed_at is None  # type: ignore[union-attr]
        assert [e.step for e in timeline(s, interchange_id=ic_id)] == ["receive"]
        assert s.scalars(select(Interchange).where(Interchange.direction == "outbound")).all() == []
        # the ack's control numbers were rolled back with it: none was handed out
        assert all(c.next_value == c.min_value for c in s.scalars(select(ControlCounter)))
    monkeypatch.setattr(inbound, "_create_documents", real)
    outcome = process_interchange(runtime, ic_id, post=False)
    assert len(outcome.documents) == 1
    again = process_interchange(runtime, ic_id, post=False)
    assert again.skipped and again.documents == []
    with runtime.ledger.reading() as s:
        assert len(s.scalars(select(Interchange).where(Interchange.direction == "outbound")).all()) == 1
