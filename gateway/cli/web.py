"""``serve``, ``report compliance`` and ``web user|token``: the console and reports on the command line.

- ``serve [--host H] [--port P]``: the operations console and JSON API (uvicorn). Resubmissions run
  through the pipeline; Odoo is the one ``EDIGW_ODOO_*`` names, else posting fails with a clear
  reason until one is configured.
- ``report compliance --partner ID --from DATE --to DATE --format html|csv|json [-o FILE]``.
- ``web user add|passwd|role|disable|enable|list`` and ``web token create|revoke``: console
  accounts (the password is read from a prompt or, with ``--password-stdin``, from standard input,
  never from the command line) and API tokens (shown once).

Exit codes: 0 done, 2 bad input or an unreachable database (the message names what and why).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from gateway.errors import GatewayError

EXIT_ERROR = 2
_db_option = click.option("--database-url", default=None, metavar="URL",
                          help="Ledger database (default: EDIGW_DATABASE_URL or SQLite in the data dir).")
_partners_option = click.option("--partners", "partners_dir", type=click.Path(path_type=Path, file_okay=False),
                                default=None, help="Folder of partner profiles (default: trading_partners/).")


def _fail(message: str) -> None:
    click.echo(f"edi-gateway: {message}", err=True)
    raise SystemExit(EXIT_ERROR)


@contextmanager
def _ledger(database_url: str | None) -> Iterator[Any]:
    from sqlalchemy.exc import SQLAlchemyError

    from gateway.ledger import Ledger
    from gateway.settings import load_core_settings, mask_url

    url = None
    try:
        url = database_url or load_core_settings().resolved_database_url
        ledger = Ledger.from_url(url)
    except (GatewayError, SQLAlchemyError, ValueError) as exc:
        _fail(f"database {mask_url(url) if url else ''}: {str(exc).splitlines()[0]}")
    try:
        yield ledger
    except SQLAlchemyError as exc:
        _fail(f"database {mask_url(url)}: {str(exc).splitlines()[0]} (run 'edi-gateway db upgrade'?)")
    finally:
        ledger.dispose()


def _registry_loader(partners_dir: Path | None) -> Callable[[], Any]:
    """A loader that re-reads the profiles when a file in the folder changed (cheap otherwise)."""
    from gateway.partners.loader import default_dir, load_profiles
    from gateway.partners.registry import PartnerRegistry

    folder = partners_dir or default_dir()
    cache: dict[str, Any] = {}

    def stamp() -> tuple[float, ...]:
        return tuple(sorted(p.stat().st_mtime for p in folder.glob("*.y*ml"))) if folder.is_dir() else ()

    def load() -> PartnerRegistry:
        now = stamp()
        if cache.get("stamp") != now:
            cache["registry"], cache["stamp"] = PartnerRegistry(load_profiles(partners_dir)), now
        registry: PartnerRegistry = cache["registry"]
        return registry

    return load


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@_db_option
@_partners_option
def serve_command(host: str, port: int, database_url: str | None, partners_dir: Path | None) -> None:
    """Run the operations console and JSON API."""
    import uvicorn

    from gateway.observability.setup import setup_observability
    from gateway.pipeline.context import Runtime
    from gateway.settings import load_core_settings
    from gateway.web.app import create_app
    from gateway.web.settings import WebSettings

    setup_observability()
    settings = WebSettings()
    if "EDIGW_WEB_SECRET_KEY" not in os.environ:
        click.echo("edi-gateway: no EDIGW_WEB_SECRET_KEY; sign-ins last until this process stops", err=True)
    loader = _registry_loader(partners_dir)
    try:
        registry = loader()
    except GatewayError as exc:
        _fail(str(exc))
    with _ledger(database_url) as ledger:
        factory = None
        if os.environ.get("EDIGW_ODOO_URL"):
            from gateway.odoo.client import OdooClient

            factory = OdooClient.from_env
        work = Path(load_core_settings().data_dir) / "web-work"
        runtime = Runtime(ledger=ledger, registry=registry, work_dir=work, odoo_factory=factory, actor="web")
        app = create_app(ledger, loader, settings, runtime=runtime)
        _mount_as2(app, registry, ledger)
        uvicorn.run(app, host=host, port=port, log_level="info")


def _mount_as2(app: object, registry: object, ledger: object) -> None:
    """Mount the AS2 endpoint at /as2 when partners use AS2; say why on stderr when it cannot be."""
    from gateway.transports.as2.profiles import As2Directory
    from gateway.web.app import mount_as2

    try:
        directory = As2Directory.from_profiles(registry)  # type: ignore[arg-type]
    except GatewayError as exc:
        click.echo(f"edi-gateway: AS2 endpoint not mounted: {exc}", err=True)
        return
    if directory.routes():
        mount_as2(app, directory, ledger)  # type: ignore[arg-type]
        click.echo(f"edi-gateway: AS2 endpoint at /as2 for {len(directory.routes())} partner route(s)", err=True)


@click.group("report")
def report_group() -> None:
    """Compliance reports."""


@report_group.command("compliance")
@click.option("--partner", "partner_id", required=True, help="Partner id (as in trading_partners/).")
@click.option("--from", "first", required=True, help="First day, YYYY-MM-DD (UTC).")
@click.option("--to", "last", required=True, help="Last day, YYYY-MM-DD (UTC), included.")
@click.option("--format", "fmt", type=click.Choice(["html", "csv", "json"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write here (default: standard output).")
@_db_option
@_partners_option
def compliance_command(partner_id: str, first: str, last: str, fmt: str, output: Path | None,
                       database_url: str | None, partners_dir: Path | None) -> None:
    """A partner's compliance report over a period, from the ledger."""
    from gateway.reports import Period, build_report, render

    def day(value: str, option: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            _fail(f"{option} {value!r} is not a date like 2026-03-31")
            raise

    try:
        profile = _registry_loader(partners_dir)().get(partner_id)
        if profile is None:
            _fail(f"no partner profile {partner_id!r} in {partners_dir or 'trading_partners/'}")
        period = Period(day(first, "--from"), day(last, "--to"))
    except GatewayError as exc:
        _fail(str(exc))
    with _ledger(database_url) as ledger, ledger.reading() as s:
        text = render(build_report(s, profile, period), fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{output}: cannot write the report: {exc.strerror or exc}")
    click.echo(f"wrote {output}", err=True)


@click.group("web")
def web_group() -> None:
    """Console users and API tokens."""


@web_group.group("user")
def user_group() -> None:
    """Console users (roles: viewer, operator, admin)."""


@web_group.group("token")
def token_group() -> None:
    """API tokens."""


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _admin(database_url: str | None, action: str, target: str, work: Callable[[Any], str]) -> None:
    from gateway.web import audit
    from gateway.web.users import UserError

    with _ledger(database_url) as ledger:
        try:
            with ledger.transaction() as s:
                message = work(s)
                audit.record(s, actor=f"cli:{os.environ.get('USER', 'unknown')}", action=action, target=target)
        except UserError as exc:
            _fail(str(exc))
    click.echo(message)


@user_group.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "operator", "admin"]), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@_db_option
def user_add(username: str, role: str, password_stdin: bool, database_url: str | None) -> None:
    """Add a console user."""
    from gateway.web.users import create_user

    password = _password(password_stdin)
    _admin(database_url, "user_add", f"user:{username}",
           lambda s: (create_user(s, username, password, role), f"added {username} ({role})")[1])


@user_group.command("passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@_db_option
def user_passwd(username: str, password_stdin: bool, database_url: str | None) -> None:
    """Set a user's password."""
    from gateway.web.users import set_password

    password = _password(password_stdin)
    _admin(database_url, "user_passwd", f"user:{username}",
           lambda s: (set_password(s, username, password), f"password of {username} changed")[1])


@user_group.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(["viewer", "operator", "admin"]))
@_db_option
def user_role(username: str, role: str, database_url: str | None) -> None:
    """Change a user's role."""
    from gateway.web.users import set_role

    _admin(database_url, "user_role", f"user:{username}",
           lambda s: (set_role(s, username, role), f"{username} is now {role}")[1])


@user_group.command("disable")
@click.argument("username")
@_db_option
def user_disable(username: str, database_url: str | None) -> None:
    """Disable a user (sessions and tokens stop working)."""
    from gateway.web.users import set_active

    _admin(database_url, "user_disable", f"user:{username}",
           lambda s: (set_active(s, username, False), f"{username} disabled")[1])


@user_group.command("enable")
@click.argument("username")
@_db_option
def user_enable(username: str, database_url: str | None) -> None:
    """Enable a disabled user."""
    from gateway.web.users import set_active

    _admin(database_url, "user_enable", f"user:{username}",
           lambda s: (set_active(s, username, True), f"{username} enabled")[1])


@user_group.command("list")
@_db_option
def user_list(database_url: str | None) -> None:
    """List console users."""
    from gateway.web.users import list_users

    with _ledger(database_url) as ledger, ledger.reading() as s:
        for u in list_users(s):
            click.echo(f"{u.username}\t{u.role}\t{'active' if u.active else 'disabled'}")


@token_group.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for (to revoke it later).")
@_db_option
def token_create(username: str, name: str, database_url: str | None) -> None:
    """Create an API token for a user; it is printed once."""
    from gateway.web.users import create_token

    _admin(database_url, "token_create", f"user:{username}", lambda s: create_token(s, username, name))


@token_group.command("revoke")
@click.argument("username")
@click.option("--name", required=True)
@_db_option
def token_revoke(username: str, name: str, database_url: str | None) -> None:
    """Revoke a user's tokens of that name."""
    from gateway.web.users import revoke_token

    _admin(database_url, "token_revoke", f"user:{username}",
           lambda s: f"revoked {revoke_token(s, username, name)} token(s)")
