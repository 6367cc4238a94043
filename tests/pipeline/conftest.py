"""Fixtures for the pipeline tests: a SQLite ledger, local mailboxes and a seeded Odoo sandbox."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from gateway.ledger import Ledger
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import SandboxServer, start_sandbox
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.demo import sandbox_settings
from gateway.pipeline.demo_seed import seed_from_profiles
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.runner import build_runtime

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_docs"


@pytest.fixture(scope="module")
def registry() -> PartnerRegistry:
    """The example partners shipped in trading_partners/."""
    return PartnerRegistry.from_dir(REPO / "trading_partners")


@pytest.fixture
def sandbox(registry: PartnerRegistry) -> Iterator[SandboxServer]:
    """A fresh in-memory Odoo sandbox seeded with the example partners' master data."""
    server = start_sandbox(version=17)
    client = OdooClient(sandbox_settings(server.url))
    seed_from_profiles(client, registry)
    client.close()
    try:
        yield server
    finally:
        server.faults.clear()
        server.stop()


@pytest.fixture
def runtime(tmp_path: Path, registry: PartnerRegistry, sandbox: SandboxServer) -> Iterator[Runtime]:
    """A runtime over a fresh SQLite ledger and local mailboxes in ``tmp_path``."""
    ledger = Ledger.from_url(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    ledger.upgrade()
    url = sandbox.url
    rt = build_runtime(ledger, registry, tmp_path / "mailboxes",
                       lambda: OdooClient(sandbox_settings(url).model_copy(update={"max_retries": 0})),
                       retry=RetryPolicy(max_attempts=3, base_seconds=0.0, rand=lambda: 0.0), actor="test")
    try:
        yield rt
    finally:
        rt.close()
        ledger.dispose()


def drop(rt: Runtime, partner: str, name: str, data: bytes) -> None:
    """Put a file in the partner's inbox, as the partner would."""
    transport = rt.transports[partner]
    (transport.inbox / name).write_bytes(data)  # type: ignore[attr-defined]


@contextmanager
def begins(rt: Runtime) -> Iterator[list[str]]:
    """Collect the BEGIN statements the ledger runs inside the block (one per transaction, SQLite)."""
    seen: list[str] = []

    def _count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(rt.ledger.engine, "before_cursor_execute", _count)
    try:
        yield seen
    finally:
        event.remove(rt.ledger.engine, "before_cursor_execute", _count)
