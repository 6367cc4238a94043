"""Helpers for the deployment-file tests: where deploy/ is and how to check a gateway command line."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click
import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"


def assert_cli_accepts(args: list[str]) -> None:
    """Parse ``edi-gateway <args>`` with the real CLI (options and types checked) without running it."""
    from gateway.cli import main

    command: click.Command = main
    rest = list(args)
    parent = None
    while isinstance(command, click.Group):
        parent = click.Context(command, info_name=command.name, parent=parent)
        name, sub, rest = command.resolve_command(parent, rest)
        assert sub is not None, f"edi-gateway has no command {name!r} ({' '.join(args)})"
        command = sub
    command.make_context(command.name, rest, parent=parent)


def tool(name: str) -> str:
    """Path of an external checker, or skip the test saying how to install it."""
    beside = Path(sys.executable).parent / name  # installed into the venv by the `test` extra
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed here (see docs/operations.md, 'What was checked and how')")
    return found
