"""``edi-gateway config``: show the settings in force (secrets masked), check them, document them.

- ``config show`` prints every option of every settings model (:data:`gateway.cli.config_docs.CATALOG`)
  with secrets masked; ``--json`` for scripts. A model that does not load (e.g. Odoo not
  configured) is shown with the reason instead of values.
- ``config check`` tests the real thing: partner profiles, mailboxes, Odoo login, ledger schema,
  broker. It prints a table of what is wrong and how to fix it and exits 1 when anything failed
  (0 when all passed or only warned), so deployment scripts and health probes can gate on it.
- ``config docs`` writes docs/configuration.md from the models.

Exit codes: 0 fine, 1 a check failed, 2 the command itself could not run (bad options).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from pydantic import SecretBytes, SecretStr, ValidationError
from rich.console import Console
from rich.table import Table

from gateway.cli.config_checks import AREAS, run_checks
from gateway.cli.config_docs import CATALOG, render_markdown
from gateway.errors import GatewayError
from gateway.observability.scrub import MASK, is_secret_key, scrub_value

EXIT_OK = 0
EXIT_FAILED = 1
_STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red", "skip": "dim"}


def _masked(value: Any, key: str) -> Any:
    if isinstance(value, SecretStr | SecretBytes):
        return MASK
    if is_secret_key(key) and value not in (None, "") and not isinstance(value, bool | int | float):
        return MASK
    if isinstance(value, Path):
        return str(value)
    return scrub_value(value)


def collect_settings() -> list[dict[str, Any]]:
    """Every settings model as ``{section, options: {name: masked value}, error}``, for ``config show``."""
    sections = []
    for entry in CATALOG:
        try:
            cls = entry.load()
            model = cls()
        except (ValidationError, GatewayError) as exc:
            if isinstance(exc, ValidationError):
                reason = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
            else:
                reason = str(exc)
            sections.append({"section": entry.section, "options": {}, "error": scrub_value(reason)})
            continue
        options = {name: _masked(getattr(model, name), name) for name in type(model).model_fields}
        sections.append({"section": entry.section, "options": options, "error": None})
    return sections


@click.group("config")
def config_group() -> None:
    """Show, check and document the gateway's configuration."""


@config_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print {section: {option: value}} as JSON.")
def show_command(as_json: bool) -> None:
    """Print the settings in force, secrets masked."""
    sections = collect_settings()
    if as_json:
        shown = {s["section"]: {"error": s["error"]} if s["error"] else s["options"] for s in sections}
        click.echo(json.dumps(shown, indent=2, default=str))
        return
    table = Table(title="edi-gateway settings (secrets masked)")
    for column in ("section", "option", "value"):
        table.add_column(column, overflow="fold")
    for s in sections:
        if s["error"]:
            table.add_row(s["section"], "[red]not loaded[/red]", s["error"])
        for name, value in s["options"].items():
            table.add_row(s["section"], name, "" if value is None else str(value))
    Console(width=160).print(table)


@config_group.command("check")
@click.option("--only", "only", multiple=True, type=click.Choice(AREAS),
              help="Check only these areas (repeatable). Default: all.")
@click.option("--partners-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Partner profile folder (default: EDIGW_PARTNERS_DIR or trading_partners/).")
@click.option("--timeout", type=click.FloatRange(0.1, 120), default=5.0, show_default=True,
              help="Seconds to wait for each server.")
@click.option("--json", "as_json", is_flag=True, help="Print the rows as a JSON list.")
def check_command(only: tuple[str, ...], partners_dir: Path | None, timeout: float, as_json: bool) -> None:
    """Check profiles, mailboxes, Odoo, the ledger and the broker; exit 1 when anything is wrong."""
    rows = run_checks(areas=only or AREAS, partners_dir=partners_dir, timeout=timeout)
    failed = [r for r in rows if r.status == "fail"]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], indent=2))
    else:
        table = Table(title="edi-gateway config check")
        for column in ("area", "target", "status", "problem / detail", "how to fix"):
            table.add_column(column, overflow="fold")
        for r in rows:
            style = _STYLE[r.status]
            table.add_row(r.area, r.target, f"[{style}]{r.status}[/{style}]", r.detail,
                          r.fix if r.status in ("fail", "warn") else "")
        console = Console(width=200)
        console.print(table)
        console.print(f"{len(failed)} problem(s) found" if failed else "everything checked is fine")
    raise SystemExit(EXIT_FAILED if failed else EXIT_OK)


@config_group.command("docs")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (e.g. docs/configuration.md) instead of printing.")
def docs_command(output: Path | None) -> None:
    """Generate the configuration reference from the settings models."""
    text = render_markdown()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
