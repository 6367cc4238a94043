"""The ``edi-gateway`` command line: one entry point, one module per command group.

The command names, options, exit codes and ``--json`` shapes are a stable contract: tests and
operations scripts rely on them.
"""

from __future__ import annotations

import click

from gateway import __version__
from gateway.cli.edi import ack_command, inspect_command, validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edi-gateway")
def main() -> None:
    """EDI/B2B gateway for distributors running Odoo (X12 and UN/EDIFACT)."""


main.add_command(inspect_command)
main.add_command(validate_command)
main.add_command(ack_command)
