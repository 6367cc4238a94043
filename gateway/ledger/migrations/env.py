"""Alembic environment of the ledger: runs migrations on the engine handed over by migrate.py.

Online mode only: the gateway always migrates a live database. SQLite migrations use batch mode
so future ALTERs (which SQLite mostly lacks) work by table copy.
"""

from __future__ import annotations

from alembic import context

from gateway.ledger.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    from gateway.ledger.db import create_engine
    from gateway.settings import load_core_settings

    engine = create_engine(load_core_settings().resolved_database_url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
