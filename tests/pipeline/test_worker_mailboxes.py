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
