"""The Celery task ``scan_odoo_outbound``: one scan under a Redis lock, then a send queued per partner.

The task body runs in this process (no broker round trip) against the seeded sandbox and real
Redis for the lock; the sends it queues are recorded instead of published.
"""

from __future__ import annotations

import pytest
import redis

from gateway import worker
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.demo_seed import seed_demo_activity

pytestmark = pytest.mark.integration
REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def lock_redis() -> redis.Redis:
    """A Redis database of its own for the task's lock (skips when Redis is unreachable)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")
    return client


def test_task_scans_once_and_queues_each_partners_send(runtime: Runtime, registry: PartnerRegistry,
                                                        lock_redis: redis.Redis,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = runtime.odoo()
    seed_demo_activity(client, registry)
    queued: list[str] = []
    monkeypatch.setattr(worker, "_runtime", runtime)
    monkeypatch.setattr(worker, "_redis", lambda: lock_redis)
    monkeypatch.setattr(worker.deliver_outbox, "delay", queued.append)
    created = worker.scan_odoo_outbound.run()
    assert len(created) == 4 and sorted(queued) == ["acme-retail", "euromarkt-gmbh", "summit-supply"]
    assert worker.scan_odoo_outbound.run() == []  # nothing new
    held = lock_redis.lock("edigw:scan:odoo-outbound", timeout=60)
    assert held.acquire(blocking=False)
    try:
        client.call("purchase.order", "button_confirm", [client.create("purchase.order", {
            "partner_id": client.search("res.partner", [("ref", "=", "Summit Industrial Supply")])[0],
            "order_line": [(0, 0, {"product_id": client.search("product.product", [("default_code", "=", "WIDGET-RED")])[0],
                                   "product_qty": 5})]})])
        assert worker.scan_odoo_outbound.run() == []  # another scan holds the lock: skipped, not doubled
    finally:
        held.release()
    [new] = worker.scan_odoo_outbound.run()
    assert new not in created


def test_task_does_nothing_without_odoo(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "odoo_factory", None)
    monkeypatch.setattr(worker, "_runtime", runtime)
    assert worker.scan_odoo_outbound.run() == []


def test_beat_schedules_the_scan_on_the_odoo_queue() -> None:
    assert worker.app.conf.beat_schedule["odoo-outbound-scan"]["task"] == "gateway.worker.scan_odoo_outbound"
    assert worker.app.conf.task_routes["gateway.worker.scan_odoo_outbound"] == {"queue": "odoo"}
