"""``edi-gateway db``: create and migrate the ledger database, and say which revision it is at.

``db upgrade`` migrates the ledger named by the settings (``EDIGW_DATABASE_URL``, default SQLite
in the data dir) to the newest schema; it is safe to run on every deployment. ``db current``
prints the database's revision and the newest one, and exits 0 when they match, 1 when the
database needs ``db upgrade``, 2 when it cannot be reached or the settings are wrong.
``db purge [--dry-run] [--days N]`` applies the retention (:mod:`gateway.ledger.retention`): the
raw bytes of finished interchanges older than ``retention_days`` are emptied, documents, events
and SHA-256 kept; exit 1 when no retention is configured.
"""

from __future__ import annotations

import json

import click
from sqlalchemy.exc import SQLAlchemyError

from gateway.errors import GatewayError
from gateway.settings import load_core_settings, mask_url

EXIT_OK = 0
EXIT_BEHIND = 1
EXIT_ERROR = 2


def _database_url(override: str | None) -> str:
    if override:
        return override
    return load_core_settings().resolved_database_url


def _fail(url: str | None, exc: Exception) -> None:
    where = f"database {mask_url(url)}: " if url else ""
    reason = exc.args[0] if isinstance(exc, GatewayError) and exc.args else str(exc).splitlines()[0]
    click.echo(f"edi-gateway: {where}{reason}", err=True)
    raise SystemExit(EXIT_ERROR)


@click.group("db")
def db_group() -> None:
    """Create, migrate and inspect the ledger database."""


_url_option = click.option(
    "--database-url", default=None, metavar="URL",
    help="Ledger database (default: EDIGW_DATABASE_URL or SQLite in the data dir).",
)


@db_group.command("upgrade")
@_url_option
@click.option("--revision", default="head", show_default=True, help="Target schema revision.")
def upgrade_command(database_url: str | None, revision: str) -> None:
    """Migrate the ledger to the newest schema (creates it when empty)."""
    from gateway.ledger.db import create_engine
    from gateway.ledger.migrate import migration_status, upgrade

    url = None
    try:
        url = _database_url(database_url)
        engine = create_engine(url)
        try:
            before = migration_status(engine).current
            upgrade(engine, revision)
            after = migration_status(engine)
        finally:
            engine.dispose()
    except (GatewayError, SQLAlchemyError, OSError) as exc:
        _fail(url, exc)
        return
    click.echo(f"{mask_url(url)}: {before or 'empty'} -> {after.current} (head {after.head})")


@db_group.command("current")
@_url_option
@click.option("--json", "as_json", is_flag=True, help="Print {url, current, head, up_to_date} as JSON.")
def current_command(database_url: str | None, as_json: bool) -> None:
    """Show the ledger's schema revision; exit 1 when it needs ``db upgrade``."""
    from gateway.ledger.db import create_engine
    from gateway.ledger.migrate import migration_status

    url = None
    try:
        url = _database_url(database_url)
        engine = create_engine(url)
        try:
            status = migration_status(engine)
        finally:
            engine.dispose()
    except (GatewayError, SQLAlchemyError, OSError) as exc:
        _fail(url, exc)
        return
    if as_json:
        click.echo(json.dumps({"url": mask_url(url), "current": status.current, "head": status.head,
                               "up_to_date": status.up_to_date}))
    else:
        state = "up to date" if status.up_to_date else "needs `edi-gateway db upgrade`"
        click.echo(f"{mask_url(url)}: {status.current or 'empty'} (head {status.head}): {state}")
    raise SystemExit(EXIT_OK if status.up_to_date else EXIT_BEHIND)


@db_group.command("purge")
@_url_option
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Retention in days (default: the retention_days setting).")
@click.option("--dry-run", is_flag=True, help="Only count what would be purged.")
def purge_command(database_url: str | None, days: int | None, dry_run: bool) -> None:
    """Empty the raw bytes of finished interchanges older than the retention (documents and events stay)."""
    from gateway.ledger import Ledger
    from gateway.ledger.retention import purge

    url = None
    try:
        settings = load_core_settings()
        url = database_url or settings.resolved_database_url
        retention = days or settings.retention_days
        if retention <= 0:
            click.echo("edi-gateway: retention_days is 0 (keep everything): nothing to purge; "
                       "set EDIGW_RETENTION_DAYS or pass --days", err=True)
            raise SystemExit(EXIT_BEHIND)
        ledger = Ledger.from_url(url)
        try:
            report = purge(ledger, retention_days=retention, dry_run=dry_run)
        finally:
            ledger.dispose()
    except (GatewayError, SQLAlchemyError, OSError) as exc:
        _fail(url, exc)
        return
    click.echo(report.summary())
