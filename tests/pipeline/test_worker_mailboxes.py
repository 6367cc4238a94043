"""The distributed worker opens the polled mailboxes of the profiles and skips what it cannot open."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from gateway.partners.loader import load_profiles
from gateway.partners.registry import PartnerRegistry
from gateway.worker import open_polled_mailboxes


def test_example_profiles_open_without_as2_and_with_misconfigured_sftp_left_out(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    registry = PartnerRegistry(load_profiles())
    kinds = {t.name: t.kind for p in registry for t in p.transports}
    assert "as2" in kinds.values() and "sftp" in kinds.values()
    caplog.set_level(logging.ERROR, logger="gateway.worker")
    opened = open_polled_mailboxes(registry, tmp_path)
    assert not any(kinds[name] == "as2" for name in opened)
    assert all(kinds[name] in ("local", "sftp") for name in opened)
    refused = [name for name, kind in kinds.items() if kind == "sftp" and name not in opened]
    for name in refused:  # e.g. an SFTP entry without a pinned host key: logged with the reason
        assert any(name in r.getMessage() and "not opened" in r.getMessage() for r in caplog.records)


def test_queue_depths_are_sampled_from_redis() -> None:
    """The beat task reads each gateway queue's length from the broker into edigw_queue_depth."""
    import redis

    from gateway import worker
    from gateway.observability.metrics import registry

    url = "redis://127.0.0.1:6379/13"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.delete(*worker.QUEUES)
    client.rpush("odoo", b"a", b"b", b"c")
    old = worker.app.conf.broker_url
    worker.app.conf.broker_url = url
    try:
        depths = worker.sample_queues()
    finally:
        worker.app.conf.broker_url = old
        client.delete(*worker.QUEUES)
    assert depths == {"inbound": 0, "odoo": 3, "outbound": 0, "maintenance": 0}
    assert registry().get_sample_value("edigw_queue_depth", {"queue": "odoo"}) == 3


def test_ack_delivery_is_queued_once_per_mailbox_until_the_task_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many splits for one partner queue one deliver_outbox task; the task clears the mark first."""
    import redis

    from gateway import worker

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    monkeypatch.setattr(worker.app.conf, "broker_url", url)
    monkeypatch.setattr(worker, "_redis_client", None)
    queued: list[str] = []
    monkeypatch.setattr(worker.deliver_outbox, "delay", queued.append)
    worker._redis().delete("edigw:deliver:acme-retail", "edigw:deliver:northstar-3pl")
    assert [worker.request_delivery("acme-retail") for _ in range(3)] == [True, False, False]
    assert worker.request_delivery("northstar-3pl") is True  # marks are per mailbox
    sent: list[str] = []
    monkeypatch.setattr("gateway.pipeline.outbound.deliver_outbox", lambda _rt, mailbox: sent.append(mailbox) or [])
    monkeypatch.setattr(worker, "runtime", lambda: None)
    worker.deliver_outbox.run("acme-retail")  # the task body: clears the mark, then sends
    assert sent == ["acme-retail"]
    assert worker.request_delivery("acme-retail") is True
    assert queued == ["acme-retail", "northstar-3pl", "acme-retail"]
    worker._redis().delete("edigw:deliver:acme-retail", "edigw:deliver:northstar-3pl")
    monkeypatch.setattr(worker, "_redis_client", None)
