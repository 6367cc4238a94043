"""``inspect``, ``validate`` and ``ack``: the syntax-level commands, for X12 and EDIFACT alike.

The syntax is detected from the file's first bytes and the matching engine is asked for the
same three things: a :class:`~gateway.report.FileReport`, a readable tree, and the
acknowledgment interchange(s) it would send. Exit codes: ``validate`` 0 when every set is
accepted (with or without errors), 1 when any is rejected, 2 when a file is not EDI or cannot be
read; ``ack`` 0 whenever an acknowledgment could be built (even a rejecting one), 2 otherwise.
A bad file never produces a traceback: the reason goes to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import click

from gateway.errors import EdiInputError
from gateway.partners import PartnerRegistry, ProfileError
from gateway.partners.loader import load_profiles
from gateway.partners.model import PartnerProfile
from gateway.partners.validation import apply_overlay
from gateway.syntax import detect_syntax

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_UNREADABLE = 2


def engine_for(path: Path) -> ModuleType:
    """The engine module (``gateway.x12.engine`` or ``gateway.edifact.engine``) for a file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise EdiInputError(exc.strerror or str(exc), source=str(path)) from None
    syntax = detect_syntax(head)
    if syntax == "x12":
        from gateway.x12 import engine
    elif syntax == "edifact":
        from gateway.edifact import engine
    else:
        raise EdiInputError(
            "not an EDI file: it does not start with an X12 ISA segment or an EDIFACT UNA/UNB segment",
            source=str(path),
            place="start of file",
        )
    return engine


def partner_profile(partner_id: str) -> PartnerProfile:
    """The profile with this id from the partner folder, or exit 2 with the reason."""
    try:
        profile = PartnerRegistry(load_profiles()).get(partner_id)
    except ProfileError as exc:
        click.echo(f"edi-gateway: the partner profiles have problems (run `edi-gateway partners check`): {exc}",
                   err=True)
        sys.exit(EXIT_UNREADABLE)
    if profile is None:
        click.echo(f"edi-gateway: no partner profile with id {partner_id!r} in the partner folder", err=True)
        sys.exit(EXIT_UNREADABLE)
    return profile


def _fail(exc: EdiInputError) -> None:
    click.echo(f"edi-gateway: {exc.describe()}", err=True)


@click.command("inspect")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def inspect_command(files: tuple[Path, ...]) -> None:
    """Show each file as a readable tree with its errors explained inline."""
    status = EXIT_OK
    for path in files:
        try:
            engine = engine_for(path)
            engine.inspect_file(path, out=sys.stdout)
        except EdiInputError as exc:
            _fail(exc)
            status = EXIT_UNREADABLE
    sys.exit(status)


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report per file (a list).")
@click.option("--partner", "partner_id", default=None,
              help="Also check the partner's implementation guide (a profile id in trading_partners/).")
def validate_command(files: tuple[Path, ...], as_json: bool, partner_id: str | None) -> None:
    """Validate envelopes and structure; exit 0 accepted, 1 rejected, 2 not EDI or unreadable."""
    profile = partner_profile(partner_id) if partner_id else None
    status = EXIT_OK
    reports = []
    for path in files:
        try:
            engine = engine_for(path)
            report = engine.validate_file(path)
            if profile is not None:
                apply_overlay(report, path, profile)
        except EdiInputError as exc:
            _fail(exc)
            status = EXIT_UNREADABLE
            if as_json:
                reports.append({"file": str(path), "syntax": None, "status": "unreadable",
                                "errors": [{"level": "file", "code": "unreadable", "message": exc.reason}],
                                "interchanges": []})
            continue
        if report.rejected and status == EXIT_OK:
            status = EXIT_REJECTED
        if as_json:
            reports.append(report.to_dict())
        else:
            engine.print_summary(report, out=sys.stdout)
    if as_json:
        json.dump(reports, sys.stdout, indent=2)
        sys.stdout.write("\n")
    sys.exit(status)


@click.command("ack")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--999", "use_999", is_flag=True,
              help="X12 only: answer 0050xx groups with a 999 instead of the default 997.")
@click.option("--partner", "partner_id", default=None,
              help="Also acknowledge violations of the partner's implementation guide (a profile id).")
def ack_command(file: Path, use_999: bool, partner_id: str | None) -> None:
    """Print the acknowledgment interchange(s) the gateway would send back for FILE."""
    profile = partner_profile(partner_id) if partner_id else None
    try:
        engine = engine_for(file)
        if engine.__name__ == "gateway.x12.engine":
            from gateway.control_numbers import MemoryAllocator
            from gateway.x12.ack import AckOptions, acknowledge

            report = engine.validate_file(file)
            if profile is not None:
                apply_overlay(report, file, profile)
            text = acknowledge(report, MemoryAllocator(), AckOptions(use_999=use_999))
        elif profile is not None:
            report = engine.validate_file(file)
            apply_overlay(report, file, profile)
            text = engine.acknowledge_report(report)
        else:
            text = engine.acknowledge_file(file)
    except EdiInputError as exc:
        _fail(exc)
        sys.exit(EXIT_UNREADABLE)
    sys.stdout.write(text)
    sys.exit(EXIT_OK)
