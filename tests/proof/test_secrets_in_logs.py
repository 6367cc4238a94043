"""Secrets never reach the logs: a full inbound run with known secret values, every log line scanned.

The production log set-up (``configure_logging("json", level="DEBUG")``) captures everything the
gateway, httpx and the Odoo client say while an 850 goes mailbox -> ledger -> Odoo -> 997, while
Odoo answers 500 with a traceback, and while a wrong password is refused. The Odoo password and API
key are unique canary strings; neither may appear in any log line, nor in the ledger's stored
reasons and events that the console shows.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from gateway.ledger import Ledger
from gateway.ledger.models import Document, Event
from gateway.observability.logging import configure_logging
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import start_sandbox
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.demo import sandbox_settings
from gateway.pipeline.demo_seed import seed_from_profiles
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.posting import retry_due
from gateway.pipeline.runner import build_runtime, run_cycle
from tests.pipeline.conftest import REPO, SAMPLES
from tests.pipeline.test_celery import make_po

PASSWORD = "Canary-Pw-9f3b1c7e"
API_KEY = "canary-key-4d2a8e61b0"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    configure_logging("json", level="DEBUG", stream=stream)
    try:
        yield stream
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
        root.setLevel(level)


def test_full_run_with_faults_never_logs_the_odoo_secrets(tmp_path: Path, captured: io.StringIO) -> None:
    sandbox = start_sandbox(version=17, password=PASSWORD, api_keys=(API_KEY,))
    registry = PartnerRegistry.from_dir(REPO / "trading_partners")
    good = sandbox_settings(sandbox.url).model_copy(update={"password": SecretStr(PASSWORD), "max_retries": 0})
    ledger = Ledger.from_url(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    ledger.upgrade()
    try:
        with OdooClient(good) as client:
            seed_from_profiles(client, registry)
        rt = build_runtime(ledger, registry, tmp_path / "mailboxes", lambda: OdooClient(good),
                           retry=RetryPolicy(max_attempts=3, base_seconds=0.0, rand=lambda: 0.0), actor="test")
        inbox = rt.transports["acme-retail"].inbox  # type: ignore[attr-defined]
        (inbox / "po.edi").write_bytes((SAMPLES / "acme-retail" / "850_PO-4500012345.edi").read_bytes())
        sandbox.faults.add("http500", match="sale.order", count=1)
        run_cycle(rt)
        retry_due(rt)
        (inbox / "po2.edi").write_bytes(make_po("4800000001", 8001))
        run_cycle(rt)
        rt.close()
        # Now the password is wrong (rotated in Odoo, not here) and then an API key is used.
        wrong = good.model_copy(update={"password": SecretStr(API_KEY + "-old")})
        rt2 = build_runtime(ledger, registry, tmp_path / "mailboxes", lambda: OdooClient(wrong),
                            retry=RetryPolicy(max_attempts=1, base_seconds=0.0, rand=lambda: 0.0), actor="test")
        (inbox / "po3.edi").write_bytes(make_po("4800000002", 8002))
        run_cycle(rt2)
        rt2.close()
        with ledger.reading() as s:
            statuses = {d.business_key: d.status for d in s.scalars(select(Document))}
            stored = " ".join(f"{d.error_reason} {d.errors} {d.odoo_refs}" for d in s.scalars(select(Document)))
            stored += " ".join(str(e.detail) for e in s.scalars(select(Event)))
    finally:
        sandbox.stop()
        ledger.dispose()
    assert statuses.get("4500012345") == "posted" and statuses.get("4800000001") == "posted", statuses
    assert statuses.get("4800000002") in ("failed", "dead_lettered"), statuses  # the refused login
    lines = captured.getvalue().splitlines()
    assert len(lines) > 20, "the run logged almost nothing: the capture is not working"
    assert any("500 Internal Server Error" in line for line in lines), "the fault path was not logged"
    for secret in (PASSWORD, API_KEY):
        leaks = [line for line in lines if secret in line]
        assert not leaks, f"secret in the logs: {leaks[:3]}"
        assert secret not in stored, "secret stored in a ledger reason or event"
