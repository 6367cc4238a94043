"""Two tasks never post the same document at once: the second stands back while the first holds it."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import select

from gateway import worker
from gateway.ledger.models import Document, Interchange
from gateway.pipeline.context import Runtime
from gateway.pipeline.inbound import process_interchange
from gateway.pipeline.runner import receive_from
from tests.pipeline.conftest import SAMPLES, drop

PO = SAMPLES / "acme-retail" / "850_PO-4500012345.edi"


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> redis.Redis:
    client = redis.Redis.from_url("redis://127.0.0.1:6379/13")
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    monkeypatch.setattr(worker, "_redis", lambda: client)
    return client


def _translated(rt: Runtime) -> int:
    drop(rt, "acme-retail", "po.edi", PO.read_bytes())
    assert receive_from(rt, "acme-retail", rt.transports["acme-retail"]) == 1
    with rt.ledger.reading() as s:
        ic_id = s.scalars(select(Interchange.id).where(Interchange.direction == "inbound")).one()
    [doc_id] = process_interchange(rt, ic_id, post=False).documents
    return doc_id


def _status(rt: Runtime, doc_id: int) -> str:
    with rt.ledger.reading() as s:
        doc = s.get(Document, doc_id)
        assert doc is not None
        return doc.status


def test_a_second_task_stands_back_while_the_first_posts(runtime: Runtime, broker: redis.Redis) -> None:
    doc_id = _translated(runtime)
    key = f"edigw:posting:{doc_id}"
    broker.delete(key)
    broker.set(key, "1", ex=60)  # another task is posting this document right now
    try:
        assert worker._post_exclusively(runtime, doc_id) == "posting elsewhere"
        assert _status(runtime, doc_id) == "translated"
        client, _ = runtime.odoo()
        assert client.search_read("sale.order", [("client_order_ref", "=", "4500012345")], ["name"]) == []
    finally:
        broker.delete(key)
    assert worker._post_exclusively(runtime, doc_id) == "posted"  # the holder is gone: this one posts
    assert broker.get(key) is None  # and leaves no mark behind
    assert worker._post_exclusively(runtime, doc_id) == "posted"  # a late copy finds it done: no second order
    client, _ = runtime.odoo()
    assert len(client.search_read("sale.order", [("client_order_ref", "=", "4500012345")], ["name"])) == 1
