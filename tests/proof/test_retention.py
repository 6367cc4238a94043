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
        monkeypatch.setattr(worker, "_runtime", SimpleNamespace(ledger=ledger, actor="worker:test", transports={}))
        monkeypatch.setenv("EDIGW_RETENTION_DAYS", "0")
        assert worker.purge_retention() == 0  # 0 keeps everything
        monkeypatch.setenv("EDIGW_RETENTION_DAYS", "30")
        assert worker.purge_retention() == 1
        with ledger.reading() as s, pytest.raises(LedgerNotFound):
            raw_content(s, done)
    finally:
        ledger.dispose()


def test_two_purges_at_once_record_purged_once_per_interchange(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two beats (or a beat and ``db purge``) purging at the same moment on PostgreSQL.

    Both purges are held until each has chosen its candidates, so both try to purge the same
    contents; the row claim lets only one record the ``purged`` event of each interchange.
    """
    import threading

    from gateway.ledger import retention

    url = create_pg_database("edigw_ret2")
    ledger = Ledger.from_url(url)
    try:
        ledger.upgrade()
        ids = [interchange(ledger, f"done{i}", age_days=100, status="posted") for i in range(5)]
        gate = threading.Barrier(2, timeout=20)
        real = retention.candidates
        first: set[int] = set()

        def held(s, cutoff, *, limit):  # type: ignore[no-untyped-def]
            out = real(s, cutoff, limit=limit)
            if threading.get_ident() not in first:  # hold only each purge's first look
                first.add(threading.get_ident())
                gate.wait()
            return out

        monkeypatch.setattr(retention, "candidates", held)
        reports: list[retention.PurgeReport] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                reports.append(purge(ledger, retention_days=30))
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        assert sorted(i for r in reports for i in r.interchange_ids) == ids  # each claimed by one purge
        assert sum(r.contents for r in reports) == 5
        with ledger.reading() as s:
            for ic in ids:
                purged = [e for e in timeline(s, interchange_id=ic) if e.step == "retention"]
                assert len(purged) == 1, (ic, purged)
                with pytest.raises(LedgerNotFound):
                    raw_content(s, ic)
    finally:
        ledger.dispose()
        drop_pg_database(url)


def test_local_archive_is_pruned_only_for_bytes_the_ledger_knows(db_url: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """``archive_retention_days`` on a local mailbox: the daily task removes old archived files whose
    bytes the ledger holds or purged by policy; unknown, recent, linked and SFTP files stay."""
    import os
    import time
    from types import SimpleNamespace

    from gateway import worker
    from gateway.transports.factory import open_mailbox
    from gateway.transports.local import LocalFolderTransport

    ledger = Ledger.from_url(db_url)
    try:
        held = interchange(ledger, "held", age_days=10, status="failed")  # bytes still in the ledger
        purged = interchange(ledger, "gone", age_days=100, status="posted")
        assert purge(ledger, retention_days=30).interchange_ids == [purged]  # bytes purged by policy
        local = open_mailbox("acme-local", "local", {"root": str(tmp_path / "mb"), "archive_retention_days": 30})
        assert isinstance(local, LocalFolderTransport) and local.archive_retention_days == 30
        keep_all = open_mailbox("other", "local", {"root": str(tmp_path / "other")})  # 0: never pruned
        archive = local.archive
        old = time.time() - 40 * 86400
        files = {"held.edi": b"ISA held", "gone.edi": b"ISA gone", "unknown.edi": b"ISA never stored",
                 "recent.edi": b"ISA held"}
        for name, data in files.items():
            (archive / name).write_bytes(data)
            if name != "recent.edi":
                os.utime(archive / name, (old, old))
        (keep_all.archive / "held.edi").write_bytes(b"ISA held")
        os.utime(keep_all.archive / "held.edi", (old, old))
        os.symlink(archive / "held.edi", archive / "link.edi")
        monkeypatch.setattr(worker, "_runtime", SimpleNamespace(
            ledger=ledger, actor="worker:test", transports={"acme-local": local, "other": keep_all}))
        monkeypatch.setenv("EDIGW_RETENTION_DAYS", "0")  # archive pruning runs even when the ledger keeps all
        assert worker.purge_retention() == 0
        assert sorted(p.name for p in archive.iterdir()) == ["link.edi", "recent.edi", "unknown.edi"]
        assert (keep_all.archive / "held.edi").exists()
        report = local.prune_archive(lambda shas: set())  # a ledger that knows nothing: nothing goes
        assert report.removed == [] and report.kept_unknown == ["unknown.edi"]
        with ledger.reading() as s:
            assert raw_content(s, held) == b"ISA held"  # pruning the archive never touches the ledger
    finally:
        ledger.dispose()


def test_archive_retention_days_must_be_a_whole_number(tmp_path: Path) -> None:
    from gateway.transports.factory import MailboxConfigError, open_mailbox

    for bad in (-1, "30", 1.5):
        with pytest.raises(MailboxConfigError, match="archive_retention_days must be a whole number"):
            open_mailbox("m", "local", {"root": str(tmp_path), "archive_retention_days": bad})
