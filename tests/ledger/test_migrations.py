"""Alembic: the migrations build exactly the models' schema, and data survives every upgrade.

The migration pattern for future revisions: add a :class:`MigrationCase` to ``CASES`` with the
revision before and after, a ``fill`` that writes rows with plain SQL as the schema stood at
``before`` (plain SQL because the models describe only the newest schema), and a ``check`` that
reads them back after the upgrade. Each case runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DBAPIError

from gateway.ledger import Ledger
from gateway.ledger.db import create_engine
from gateway.ledger.documents import get_document
from gateway.ledger.events import timeline
from gateway.ledger.interchanges import raw_content
from gateway.ledger.migrate import current_revision, downgrade, head_revision, upgrade
from gateway.ledger.models import Base
from tests.ledger.conftest import BACKENDS

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@dataclass(frozen=True)
class MigrationCase:
    """One upgrade step to test with data: build at ``before``, fill, upgrade to ``after``, check."""

    before: str
    after: str
    fill: Callable[[Connection], None]
    check: Callable[[Ledger], None]


def _fill_0001(conn: Connection) -> None:
    ts = WHEN if conn.dialect.name == "postgresql" else WHEN.replace(tzinfo=None)
    conn.execute(text("INSERT INTO raw_contents (sha256, size, content, stored_at) VALUES (:h, 3, :c, :t)"),
                 {"h": "a" * 64, "c": b"\x00\x01\x02", "t": ts})
    conn.execute(text(
        "INSERT INTO interchanges (id, direction, partner_id, dedupe_scope, mailbox, transport, sha256, size, "
        "occurred_at, recorded_at, transport_meta) VALUES (1, 'inbound', 'acme', 'acme', 'm', 'sftp', :h, 3, "
        ":t, :t, :meta)"), {"h": "a" * 64, "t": ts, "meta": '{"remote_path": "/x.edi"}'})
    conn.execute(text(
        "INSERT INTO documents (id, direction, partner_id, doc_type, interchange_id, business_key, status, "
        "odoo_refs, errors, attempts, created_at, updated_at) VALUES (1, 'inbound', 'acme', '850', 1, 'PO-1', "
        "'posted', :refs, '[]', 0, :t, :t)"), {"t": ts, "refs": '{"sale.order": [7]}'})
    conn.execute(text(
        "INSERT INTO events (id, document_id, interchange_id, step, outcome, detail, at, actor) "
        "VALUES (1, 1, 1, 'post', 'ok', '{}', :t, 'old-worker')"), {"t": ts})


def _check_0002(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        assert raw_content(s, 1) == b"\x00\x01\x02"
        doc = get_document(s, 1)
        assert (doc.status, doc.odoo_refs, doc.created_at) == ("posted", {"sale.order": [7]}, WHEN)
        [event] = timeline(s, document_id=1)
        assert (event.step, event.actor, event.at) == ("post", "old-worker", WHEN)
    # what 0002 adds: the old event can no longer be changed
    with pytest.raises(DBAPIError, match="append-only"), ledger.engine.begin() as conn:
        conn.execute(text("UPDATE events SET actor = 'forger'"))


def _check_0003(ledger: Ledger) -> None:
    _check_0002(ledger)  # the ledger's rows are untouched by the console tables
    with ledger.engine.begin() as conn:
        conn.execute(text("INSERT INTO console_users (username, password_hash, role, active, created_at) "
                          "VALUES ('alice', 'scrypt$x', 'viewer', :t, :t2)"),
                     {"t": True, "t2": WHEN if conn.dialect.name == "postgresql" else WHEN.replace(tzinfo=None)})
        assert conn.execute(text("SELECT username, role FROM console_users")).all() == [("alice", "viewer")]


def _check_0004(ledger: Ledger) -> None:
    _check_0002(ledger)  # old rows untouched; the old raw bytes are not marked purged
    with ledger.engine.begin() as conn:
        assert conn.execute(text("SELECT purged_at FROM raw_contents")).all() == [(None,)]
    insert = text("INSERT INTO as2_receipts (as2_from, message_id, interchange_id, mode, mdn_headers, "
                  "delivery_status, delivery_attempts, created_at) VALUES ('acme', '<m1@x>', 1, 'sync', '{}', "
                  "'none', 0, :t)")
    t = {"t": WHEN if ledger.engine.dialect.name == "postgresql" else WHEN.replace(tzinfo=None)}
    with ledger.engine.begin() as conn:
        conn.execute(insert, t)
    # what 0004 adds: one receipt per sender and Message-ID
    with pytest.raises(DBAPIError), ledger.engine.begin() as conn:
        conn.execute(insert, t)


def _check_0005(ledger: Ledger) -> None:
    _check_0002(ledger)  # old rows untouched
    t = {"t": WHEN if ledger.engine.dialect.name == "postgresql" else WHEN.replace(tzinfo=None)}
    with ledger.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, actor, action, outcome, detail) "
                          "VALUES (:t, 'web:admin', 'cancel', 'ok', '{}')"), t)
    # what 0005 adds: an audit entry can no longer be changed or removed
    for statement in ("UPDATE audit_log SET actor = 'forger'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), ledger.engine.begin() as conn:
            conn.execute(text(statement))


CASES = [MigrationCase("0001", "0002", _fill_0001, _check_0002),
         MigrationCase("0002", "0003", _fill_0001, _check_0003),
         MigrationCase("0003", "0004", _fill_0001, _check_0004),
         MigrationCase("0004", "0005", _fill_0001, _check_0005)]


@pytest.mark.parametrize("fresh_db_url", BACKENDS, indirect=True)
def test_upgrade_from_empty_matches_the_models(fresh_db_url: str) -> None:
    engine = create_engine(fresh_db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == [], f"migrations and models differ: {diff}"
    finally:
        engine.dispose()


@pytest.mark.parametrize("fresh_db_url", BACKENDS, indirect=True)
def test_downgrade_to_base_and_up_again(fresh_db_url: str) -> None:
    engine = create_engine(fresh_db_url)
    try:
        upgrade(engine)
        downgrade(engine, "base")
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}  # every table is gone
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.before}-{c.after}")
@pytest.mark.parametrize("fresh_db_url", BACKENDS, indirect=True)
def test_data_survives_upgrade(fresh_db_url: str, case: MigrationCase) -> None:
    engine = create_engine(fresh_db_url)
    try:
        upgrade(engine, case.before)
        with engine.begin() as conn:
            case.fill(conn)
        upgrade(engine, case.after)
        assert current_revision(engine) == case.after
    finally:
        engine.dispose()
    ledger = Ledger.from_url(fresh_db_url)
    try:
        case.check(ledger)
    finally:
        ledger.dispose()


def test_cases_cover_every_revision_step() -> None:
    """A new migration without a data case fails here, so the pattern is not forgotten."""
    from alembic.script import ScriptDirectory

    from gateway.ledger.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    steps = {(r.down_revision, r.revision) for r in script.walk_revisions() if r.down_revision}
    assert steps == {(c.before, c.after) for c in CASES}
