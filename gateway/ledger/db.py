"""Opening the ledger database: engine settings per backend and the transaction discipline.

SQLite (embedded mode) gets WAL journaling (readers never block the writer), ``synchronous=FULL``
(a commit survives power loss, which ``receive`` promises before the remote file is deleted),
foreign keys on, and a busy timeout so concurrent processes wait instead of failing. Every SQLite
transaction starts with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two processes
never both read and then deadlock on the upgrade to a write lock (the classic "database is
locked" failure of deferred transactions). That also makes read-then-write sequences such as
control-number allocation atomic across processes. Read-only work (console, reports) runs on an
engine with the execution option ``ledger_read_only=True``, which begins a deferred transaction
that does not hold the write lock.

PostgreSQL (distributed mode) uses psycopg 3 with pre-ping; row locks (``SELECT ... FOR UPDATE``)
give the same atomicity there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from gateway.errors import GatewayError

SQLITE_BUSY_TIMEOUT_MS = 30_000


class LedgerConfigError(GatewayError):
    """A database URL the ledger cannot use, with the reason."""


def parse_url(url: str | URL) -> URL:
    """Parse a SQLAlchemy URL, raising :class:`LedgerConfigError` with the reason when invalid."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise LedgerConfigError(f"invalid database URL: {exc}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise LedgerConfigError(
            f"unsupported database {parsed.get_backend_name()!r}: the ledger runs on sqlite or postgresql"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "DEFERRED" if conn.get_execution_options().get("ledger_read_only") else "IMMEDIATE"
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for the ledger at ``url`` with the backend settings described above.

    For a SQLite file the parent folder is created. In-memory SQLite is refused: the ledger
    promises durability and is shared between processes.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:") or database.startswith("file::memory:"):
            raise LedgerConfigError("the ledger needs a SQLite file, not an in-memory database")
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa_create_engine(parsed, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return sa_create_engine(parsed, **kwargs)
