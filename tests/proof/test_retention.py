"""Retention purges only the raw bytes of old, finished interchanges, and keeps the evidence.

Runs on SQLite and PostgreSQL. Four interchanges: old and posted (purged), old with a failed
document (kept: it may be resubmitted), recent and posted (kept), old and never split (kept).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from gateway.cli import main as cli
from gateway.ledger import Ledger, LedgerNotFound
from gateway.ledger.events import timeline
from gateway.ledger.interchanges import mark_processed, raw_content
from gateway.ledger.models import Document, Interchange
from gateway.ledger.retention import purge
from gateway.ledger.types import utcnow
from tests.ledger.conftest import create_pg_database, drop_pg_database

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated ledger URL on each backend."""
    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}" if request.param == "sqlite" else create_pg_database("edigw_ret")
    led = Ledger.from_url(url)
    led.upgrade()
    led.dispose()
    yield url
    if request.param == "postgresql":
        drop_pg_database(url)


def interchange(ledger: Ledger, tag: str, *, age_days: int, status: str | None, split: bool = True) -> int:
    """An inbound interchange received ``age_days`` ago with one document in ``status``."""
    ic = ledger.receive(f"ISA {tag}".encode(), mailbox="m", transport="folder", partner_id="acme",
                        received_at=utcnow() - timedelta(days=age_days)).interchange_id
    with ledger.transaction() as s:
        if split:
            mark_processed(s, ic, actor="test", documents=1)
        if status:
            s.add(Document(direction="inbound", partner_id="acme", doc_type="850", interchange_id=ic,
                           business_key=tag, status=status))
    return ic


def test_purge_keeps_what_may_still_be_needed_and_the_evidence(db_url: str) -> None:
    ledger = Ledger.from_url(db_url)
    try:
        done = interchange(ledger, "done", age_days=100, status="posted")
        failed = interchange(ledger, "failed", age_days=100, status="failed")
        recent = interchange(ledger, "recent", age_days=5, status="posted")
        unsplit = interchange(ledger, "unsplit", age_days=100, status=None, split=False)
        dry = purge(ledger, retention_days=30, dry_run=True)
        assert (dry.contents, dry.interchange_ids, dry.kept_open) == (1, [done], 2)
        with ledger.reading() as s:
            assert raw_content(s, done) == b"ISA done"  # a dry run changes nothing
        report = purge(ledger, retention_days=30)
        assert (report.contents, report.interchange_ids, report.bytes) == (1, [done], len(b"ISA done"))
        with ledger.reading() as s:
            with pytest.raises(LedgerNotFound, match="purged by retention"):
                raw_content(s, done)
            for kept, data in ((failed, b"ISA failed"), (recent, b"ISA recent"), (unsplit, b"ISA unsplit")):
                assert raw_content(s, kept) == data
            ic = s.get(Interchange, done)
            assert ic is not None and ic.size == len(b"ISA done") and len(ic.sha256) == 64
            assert s.scalars(select(Document.status).where(Document.interchange_id == done)).all() == ["posted"]
            steps = [(e.step, e.outcome) for e in timeline(s, interchange_id=done)]
        assert steps[0] == ("receive", "ok") and steps[-1] == ("retention", "purged")
        assert purge(ledger, retention_days=30).contents == 0  # nothing twice
    finally:
        ledger.dispose()


def test_db_purge_command(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger.from_url(db_url)
    try:
        done = interchange(ledger, "done", age_days=100, status="cancelled")
    finally:
        ledger.dispose()
    monkeypatch.setenv("EDIGW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EDIGW_RETENTION_DAYS", raising=False)
    runner = CliRunner()
    unset = runner.invoke(cli, ["db", "purge", "--database-url", db_url])
    assert unset.exit_code == 1 and "retention_days is 0" in unset.output
    monkeypatch.setenv("EDIGW_RETENTION_DAYS", "30")
    dry = runner.invoke(cli, ["db", "purge", "--dry-run", "--database-url", db_url])
    assert dry.exit_code == 0 and "would purge 1 raw content(s)" in dry.output
    real = runner.invoke(cli, ["db", "purge", "--database-url", db_url])
    assert real.exit_code == 0 and "purged 1 raw content(s)" in real.output
    ledger = Ledger.from_url(db_url)
    try:
        with ledger.reading() as s, pytest.raises(LedgerNotFound):
            raw_content(s, done)
    finally:
        ledger.dispose()


def test_beat_runs_the_purge_daily_with_the_configured_retention(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from gateway import worker

    assert worker.app.conf.beat_schedule["retention"] == {"task": "gateway.worker.purge_retention",
                                                          "schedule": 86400.0}
    ledger = Ledger.from_url(db_url)
    try:
        done = interchange(ledger, "done", age_days=100, status="posted")
        monkeypatch.setattr(worker, "_runtime", SimpleNamespace(ledger=ledger, actor="worker:test"))
        monkeypatch.setenv("EDIGW_RETENTION_DAYS", "0")
        assert worker.purge_retention() == 0  # 0 keeps everything
        monkeypatch.setenv("EDIGW_RETENTION_DAYS", "30")
        assert worker.purge_retention() == 1
        with ledger.reading() as s, pytest.raises(LedgerNotFound):
            raw_content(s, done)
    finally:
        ledger.dispose()
