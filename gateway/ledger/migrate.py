"""Schema migrations, run from the package: no alembic.ini needed anywhere.

The Alembic scripts ship inside ``gateway/ledger/migrations`` so an installed gateway can
upgrade its own ledger (``edi-gateway db upgrade``). Functions here take an engine (from
:func:`gateway.ledger.db.create_engine`, so SQLite gets the same pragmas as at run time) and run
Alembic on one of its connections.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the packaged scripts (and ``engine`` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest revision the packaged migrations know."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database forward to ``revision`` (default: the newest)."""
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database back to ``revision`` (``base`` empties it). For tests and rollbacks."""
    command.downgrade(alembic_config(engine), revision)


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    """Where a database stands against the packaged migrations."""

    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        """Whether the database is at the newest revision."""
        return self.current == self.head


def migration_status(engine: Engine) -> MigrationStatus:
    """Current and head revisions, for ``db current`` and ``config check``."""
    return MigrationStatus(current_revision(engine), head_revision())
