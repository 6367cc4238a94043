"""The ``edi-gateway`` command line: one entry point, one module per command group.

The command names, options, exit codes and ``--json`` shapes are a stable contract: tests and
operations scripts rely on them.
"""

from __future__ import annotations

import click

from gateway import __version__
from gateway.cli.config import config_group
from gateway.cli.db import db_group
from gateway.cli.documents import partners_group, render_command, translate_command
from gateway.cli.documents_ops import documents_group
from gateway.cli.edi import ack_command, inspect_command, validate_command
from gateway.cli.run import beat_command, demo_command, run_command, worker_command
from gateway.cli.web import report_group, serve_command, web_group
from gateway.odoo.sandbox.cli import sandbox_command as odoo_sandbox_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edi-gateway")
def main() -> None:
    """EDI/B2B gateway for distributors running Odoo (X12 and UN/EDIFACT)."""


main.add_command(inspect_command)
main.add_command(validate_command)
main.add_command(ack_command)
main.add_command(db_group)
main.add_command(translate_command)
main.add_command(render_command)
main.add_command(partners_group)
main.add_command(odoo_sandbox_command)
main.add_command(run_command)
main.add_command(demo_command)
main.add_command(documents_group)
main.add_command(worker_command)
main.add_command(beat_command)
main.add_command(config_group)
main.add_command(serve_command)
main.add_command(report_group)
main.add_command(web_group)
