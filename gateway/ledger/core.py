"""The :class:`Ledger` handle: one engine, one session factory, and the committed entry points.

Repository functions in the sibling modules take a :class:`~sqlalchemy.orm.Session` so the
pipeline can combine several steps in one transaction. This class opens those transactions and
offers the few operations that must commit on their own: :meth:`Ledger.receive` (durable before
the remote file goes) and :meth:`Ledger.allocator` (a number handed out is never handed out again).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from gateway.ledger import interchanges
from gateway.ledger.control import ControlPolicy, LedgerAllocator
from gateway.ledger.db import create_engine
from gateway.ledger.migrate import MigrationStatus, migration_status, upgrade
from gateway.settings import CoreSettings


class Ledger:
    """Access to one ledger database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        # PostgreSQL reads run in autocommit: each statement sees what was committed before it
        # (as under READ COMMITTED inside a transaction), without the BEGIN and COMMIT round trips.
        read_options: dict[str, Any] = {"ledger_read_only": True}
        if engine.dialect.name == "postgresql":
            read_options["isolation_level"] = "AUTOCOMMIT"
        self._read_sessions: sessionmaker[Session] = sessionmaker(
            engine.execution_options(**read_options), expire_on_commit=False
        )

    @classmethod
    def from_url(cls, url: str, **engine_kwargs: Any) -> Ledger:
        """Open the ledger at a SQLAlchemy URL (SQLite file or PostgreSQL)."""
        return cls(create_engine(url, **engine_kwargs))

    @classmethod
    def from_settings(cls, settings: CoreSettings) -> Ledger:
        """Open the ledger the settings name (SQLite in the data dir by default)."""
        return cls.from_url(settings.resolved_database_url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back on error.

        On SQLite a transaction holds the database's write lock until it ends: keep it short, and
        never open a second one (or call :meth:`receive` or an allocator) from inside it in the
        same thread, which would wait for the lock it already holds until the busy timeout.
        """
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only: on SQLite it does not take the write lock.

        Writes in it are not forbidden by the database but may fail with "database is locked"
        under contention (SQLite) or commit one statement at a time (PostgreSQL runs reads in
        autocommit); use :meth:`transaction` for anything that writes.
        """
        with self._read_sessions.begin() as session:
            yield session

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the schema to ``revision`` (default: newest)."""
        upgrade(self.engine, revision)

    def status(self) -> MigrationStatus:
        """Current and head schema revisions."""
        return migration_status(self.engine)

    def receive(
        self,
        content: bytes,
        *,
        mailbox: str,
        transport: str,
        partner_id: str | None = None,
        received_at: datetime | None = None,
        transport_meta: dict[str, Any] | None = None,
        actor: str = "receiver",
    ) -> interchanges.ReceiveResult:
        """Store an inbound file and commit: when this returns, the remote copy may be removed."""
        with self.transaction() as session:
            return interchanges.receive(
                session, content, mailbox=mailbox, transport=transport, partner_id=partner_id,
                received_at=received_at, transport_meta=transport_meta, actor=actor,
            )

    def allocator(self, policy: ControlPolicy | None = None) -> LedgerAllocator:
        """The durable control-number allocator over this ledger."""
        return LedgerAllocator(self.sessions, policy)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()
