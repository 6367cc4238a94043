"""The retry scan's sweeps re-queue lost work once per task time limit, and survive a vanished lock.

Uses the real Redis (a key per test document, removed afterwards) and a SQLite ledger; the
Celery ``delay`` calls are recorded instead of sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import redis
from sqlalchemy import update

from gateway import worker
from gateway.ledger import Ledger
from gateway.ledger.models import Document
from gateway.ledger.types import utcnow

pytestmark = pytest.mark.integration


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    """A Redis client on a database the chaos cluster does not use."""
    c = redis.Redis.from_url("redis://127.0.0.1:6379/14")
    try:
        c.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis unreachable: {exc}")
    yield c
    c.close()


def test_a_stranded_document_is_requeued_once_per_time_limit(tmp_path: Path, client: redis.Redis,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger.from_url(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    ledger.upgrade()
    with ledger.transaction() as s:
        doc = Document(direction="inbound", partner_id="acme", doc_type="850", business_key=uuid.uuid4().hex,
                       status="translated")
        s.add(doc)
        s.flush()
        doc_id = doc.id
        s.execute(update(Document).where(Document.id == doc_id)
                  .values(updated_at=utcnow() - timedelta(seconds=worker.TASK_TIME_LIMIT + 5)))
    posts: list[Any] = []
    monkeypatch.setattr(worker, "_runtime", SimpleNamespace(ledger=ledger, transports={}, actor="worker:test"))
    monkeypatch.setattr(worker, "_redis", lambda: client)
    monkeypatch.setattr(worker.post_document, "delay", posts.append)
    monkeypatch.setattr(worker.process_interchange, "delay", lambda *a: None)
    key = f"edigw:requeued:post:{doc_id}"
    client.delete(key)
    try:
        for _ in range(3):  # a scan every beat tick while the re-queued post still waits
            worker.retry_scan()
        assert posts == [doc_id]  # queued once, not once per scan
        assert 0 < client.ttl(key) <= max(1, worker.TASK_TIME_LIMIT)
        client.delete(key)  # the mark expired (or vanished with a Redis restart): queued again
        worker.retry_scan()
        assert posts == [doc_id, doc_id]
    finally:
        client.delete(key)
        ledger.dispose()


def test_a_poll_lock_that_vanished_with_redis_is_not_an_error(client: redis.Redis,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    lock = client.lock(f"edigw:test:{uuid.uuid4().hex}", timeout=30, blocking=False)
    assert lock.acquire(blocking=False)
    client.delete(lock.name)  # what a Redis restart without persistence does to it
    worker._release(lock, "poll of test")
    assert "its Redis lock was gone" in caplog.text
