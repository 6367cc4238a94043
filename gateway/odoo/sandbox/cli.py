"""``edi-gateway odoo-sandbox``: run the Odoo stand-in server for demos and manual testing."""

from __future__ import annotations

from pathlib import Path

import click

from gateway.odoo.sandbox.core import DEFAULT_API_KEY, SUPPORTED_VERSIONS, SandboxCore
from gateway.odoo.sandbox.server import SandboxServer


@click.command("odoo-sandbox")
@click.option("--port", type=click.IntRange(0, 65535), default=8069, show_default=True,
              help="TCP port on 127.0.0.1 (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--odoo-version", type=click.Choice([str(v) for v in SUPPORTED_VERSIONS]), default="17",
              show_default=True, help="Odoo behaviour to imitate (16 switches to qty_done and the immediate wizard).")
@click.option("--db", "db_name", default="edi", show_default=True, help="Database name clients must use.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="SQLite file to keep data between runs (default: in memory).")
@click.option("--password", default="admin", show_default=True, help="Password of the user 'admin'.")
@click.option("--api-key", default=DEFAULT_API_KEY, show_default=True, help="API key of 'admin' (JSON-2 bearer).")
def sandbox_command(port: int, host: str, odoo_version: str, db_name: str, data_file: Path | None,
                    password: str, api_key: str) -> None:
    """Serve a stand-in Odoo (NOT Odoo: a test double) over XML-RPC, JSON-RPC and JSON-2."""
    try:
        core = SandboxCore(data_file or ":memory:", version=int(odoo_version), db_name=db_name, password=password,
                           api_keys=(api_key,))
        server = SandboxServer(core, host, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    except Exception as exc:  # a bad --data file, for instance
        raise click.ClickException(f"cannot start the Odoo sandbox: {exc}") from exc
    click.echo(f"Odoo sandbox (Odoo {odoo_version} behaviour, a stand-in for tests and demos) on {server.url}")
    click.echo(f"  database {db_name!r}, login 'admin', password {password!r}, API key {api_key!r}")
    click.echo(f"  EDIGW_ODOO_URL={server.url} EDIGW_ODOO_DB={db_name} EDIGW_ODOO_USER=admin")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        core.close()
