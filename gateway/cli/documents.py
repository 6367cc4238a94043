"""``translate``, ``render`` and ``partners check``: documents and partner profiles on the command line.

- ``translate FILE [--partner ID] [--envelope]``: the canonical documents in FILE as a JSON list on
  stdout (with ``--envelope``, each wrapped with its partner, set type, control number and
  findings); findings are also written to stderr. Exit 0 when translated, 1 when a set could
  not be mapped, 2 when the file is not EDI or unreadable.
- ``render --partner ID --type TYPE [--as-partner] FILE.json``: the EDI interchange on stdout (with
  ``--as-partner``, the interchange the partner would send us). FILE.json holds one
  document, a list of documents, or ``translate --envelope`` output. The output is validated
  against the map and the partner overlay first; invalid output is refused with the reason on
  stderr and exit 1.
- ``partners check [--dir DIR]``: validates every profile; exit 1 listing file, field and fix.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from gateway.errors import EdiInputError, GatewayError
from gateway.partners import PartnerRegistry, ProfileError, check_profiles

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_UNREADABLE = 2


def _registry(directory: Path | None) -> PartnerRegistry:
    try:
        return PartnerRegistry.from_dir(directory)
    except ProfileError as exc:
        for p in exc.problems:
            click.echo(f"edi-gateway: {p.describe()}", err=True)
        click.echo("edi-gateway: fix the partner profiles first (see `edi-gateway partners check`)", err=True)
        sys.exit(EXIT_FAILED)


@click.command("translate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--partner", "partner_id", help="Partner id to use instead of finding it from the envelope.")
@click.option("--envelope", is_flag=True, help="Wrap each document with its source and findings.")
@click.option("--partners-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of partner profiles (default: trading_partners/ or $EDIGW_PARTNERS_DIR).")
def translate_command(file: Path, partner_id: str | None, envelope: bool, partners_dir: Path | None) -> None:
    """Print the canonical documents in FILE as a JSON list."""
    from gateway.mappings.service import translate_file

    registry = _registry(partners_dir)
    try:
        results = translate_file(file, registry, partner_id)
    except EdiInputError as exc:
        click.echo(f"edi-gateway: {exc.describe()}", err=True)
        sys.exit(EXIT_UNREADABLE if exc.place in (None, "start of file") else EXIT_FAILED)
    for r in results:
        for f in r.findings:
            where = f" {f.place}:" if f.place else ""
            click.echo(f"{file}: set {r.set_id} {r.control_number}:{where} {f.severity}: {f.message} [{f.code}]",
                       err=True)
    payload = [r.to_dict() if envelope else r.document.model_dump(mode="json") for r in results]
    json.dump(payload, sys.stdout, indent=2)
    sys.stdout.write("\n")
    sys.exit(EXIT_OK)


def _documents(data: Any) -> list[Any]:
    from gateway.documents import load_document

    items = data if isinstance(data, list) else [data]
    docs = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, dict) and "document" in item and "doc_type" not in item:
            item = item["document"]
        if not isinstance(item, dict):
            raise GatewayError(f"item {n} is not a JSON object")
        try:
            docs.append(load_document(item))
        except ValidationError as exc:
            parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)]
            raise GatewayError(f"document {n} is not a valid canonical document: " + "; ".join(parts[:10])) from None
    return docs


@click.command("render")
@click.option("--partner", "partner_id", required=True, help="Partner id (a file in trading_partners/).")
@click.option("--type", "set_type", required=True, help="X12 set (856, 940...) or EDIFACT message (DESADV...).")
@click.option("--as-partner", is_flag=True,
              help="Write what the partner would send us (a type it sends; its ids as sender), for demos and tests.")
@click.option("--partners-dir", type=click.Path(path_type=Path, file_okay=False), default=None)
@click.argument("file", type=click.Path(path_type=Path))
def render_command(partner_id: str, set_type: str, as_partner: bool, partners_dir: Path | None, file: Path) -> None:
    """Print the EDI interchange for the document(s) in FILE.json, validated before it is printed."""
    from gateway.mappings.service import render_documents

    registry = _registry(partners_dir)
    profile = registry.get(partner_id)
    if profile is None:
        known = ", ".join(sorted(p.id for p in registry)) or "none"
        click.echo(f"edi-gateway: unknown partner {partner_id!r} (known: {known})", err=True)
        sys.exit(EXIT_FAILED)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        click.echo(f"edi-gateway: {file}: {exc.strerror}", err=True)
        sys.exit(EXIT_UNREADABLE)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        click.echo(f"edi-gateway: {file}: not JSON: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    try:
        text = render_documents(_documents(data), profile, set_type.upper(), as_partner=as_partner)
    except GatewayError as exc:
        click.echo(f"edi-gateway: {file}: {exc}", err=True)
        sys.exit(EXIT_FAILED)
    sys.stdout.write(text)
    sys.exit(EXIT_OK)


@click.group("partners")
def partners_group() -> None:
    """Trading-partner profiles."""


@partners_group.command("check")
@click.option("--dir", "directory", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of profiles (default: trading_partners/ or $EDIGW_PARTNERS_DIR).")
def partners_check_command(directory: Path | None) -> None:
    """Validate every partner profile; exit 1 listing file, field and fix for each problem."""
    profiles, problems = check_profiles(directory)
    if not problems:
        try:
            PartnerRegistry(profiles)
        except ProfileError as exc:
            problems = exc.problems
    for p in problems:
        click.echo(p.describe(), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) in partner profiles", err=True)
        sys.exit(EXIT_FAILED)
    for p in profiles:
        click.echo(f"ok  {p.id}: {p.name} ({p.syntax}, {len(p.documents)} documents)")
    sys.exit(EXIT_OK)
