"""``run``, ``demo``, ``worker`` and ``beat``: the gateway's runtime on the command line.

- ``run [--once] [--interval S] [--mailboxes DIR]``: the embedded mode, every pipeline step in one
  process (SQLite ledger from the settings, local folder mailboxes, Odoo from EDIGW_ODOO_* or the
  in-process sandbox when none is configured).
- ``demo [--dir DIR]``: the sample documents of every example partner through the gateway into the
  Odoo sandbox, then a table per partner and what to try next. Exit 0 unless the demo itself broke.
- ``worker`` / ``beat``: Celery worker and scheduler (:mod:`gateway.worker`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from gateway.errors import GatewayError

REPO_ROOT = Path(__file__).resolve().parents[2]


def _registry() -> object:
    from gateway.partners.registry import PartnerRegistry

    return PartnerRegistry.from_dir()


@click.command("demo")
@click.option("--dir", "root", type=click.Path(path_type=Path), default=None,
              help="Where the demo ledger and mailboxes go (default: var/demo; emptied first).")
def demo_command(root: Path | None) -> None:
    """Take sample_docs/ of every example partner through the gateway into the Odoo sandbox."""
    from gateway.ledger import Ledger
    from gateway.observability.logging import configure_logging
    from gateway.pipeline.demo import run_demo, summary_rows

    configure_logging("console", level="WARNING")  # the demo's tables are its output; warnings still show

    console = Console()
    if root is None:
        from gateway.settings import load_core_settings

        root = Path(load_core_settings().data_dir) / "demo"
    root = root.resolve()
    samples = REPO_ROOT / "sample_docs"
    if not samples.is_dir():
        raise click.ClickException(f"sample documents not found at {samples}")
    console.print(f"[bold]EDI gateway demo[/] - ledger and mailboxes under {root}")
    try:
        result = run_demo(root, samples, _registry())  # type: ignore[arg-type]
    except GatewayError as exc:
        raise click.ClickException(f"the demo stopped: {exc}") from None
    ledger = Ledger.from_url(f"sqlite:///{root / 'ledger.sqlite3'}")
    try:
        rows = summary_rows(ledger)
    finally:
        ledger.dispose()
    for partner in sorted(rows):
        _print_partner(console, partner, rows[partner])
    for note in result.notes:
        console.print(f"[dim]note: {note}[/]")
    env = f"EDIGW_DATA_DIR={root}"
    console.print("\n[bold]Try next[/]")
    console.print(f"  {env} edi-gateway documents list --status failed")
    console.print(f"  {env} edi-gateway documents show 8          # timeline, errors, Odoo refs, acks")
    console.print(f"  {env} edi-gateway documents replay --partner acme-retail --since 2020-01-01 --dry-run")
    console.print(f"  {env} edi-gateway documents resubmit ID    # after fixing the profile's cross-reference")
    console.print(f"  ls {root / 'mailboxes'}/*/outbox                 # the acks and documents we sent")
    console.print("  edi-gateway validate sample_docs/acme-retail/broken/850_wrong-se-count.edi")


def _print_partner(console: Console, partner: str, row: dict) -> None:
    table = Table(title=f"{partner}", title_justify="left", show_lines=False)
    table.add_column("direction")
    table.add_column("type")
    table.add_column("statuses")
    for (direction, doc_type), statuses in sorted(row["documents"].items()):
        table.add_row(direction, doc_type, ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    console.print(table)
    console.print(f"  acks sent: {row['acks_sent']}   acks received: {row['acks_received']}   "
                  f"acks still awaited: {row['acks_pending']}")
    if row["odoo"]:
        console.print("  Odoo records: " + ", ".join(dict.fromkeys(row["odoo"])))
    for doc_id, doc_type, status, category, reason in row["problems"]:
        console.print(f"  [red]#{doc_id} {doc_type} {status}[/] ({category}): {reason}")


@click.command("run")
@click.option("--once", is_flag=True, help="One cycle (poll, process, retry, send, deadlines), then exit.")
@click.option("--interval", type=float, default=5.0, show_default=True, help="Seconds between cycles.")
@click.option("--mailboxes", type=click.Path(path_type=Path), default=None,
              help="Root of the local folder mailboxes (default: <data dir>/mailboxes).")
def run_command(once: bool, interval: float, mailboxes: Path | None) -> None:
    """Run the gateway embedded: every step in this process, no broker."""
    from gateway.ledger import Ledger
    from gateway.observability.setup import setup_observability

    setup_observability()  # logs as EDIGW_LOG_FORMAT says, with correlation ids; secrets scrubbed
    from gateway.odoo.client import OdooClient
    from gateway.pipeline.demo import sandbox_settings
    from gateway.pipeline.runner import build_runtime, run_forever
    from gateway.settings import load_core_settings

    settings = load_core_settings()
    ledger = Ledger.from_settings(settings)
    ledger.upgrade()
    server = None
    if os.environ.get("EDIGW_ODOO_URL"):
        def factory() -> OdooClient:
            return OdooClient.from_env()
    else:
        from gateway.odoo.sandbox import start_sandbox

        server = start_sandbox(version=17, path=Path(settings.data_dir) / "odoo-sandbox.sqlite3")
        url = server.url

        def factory() -> OdooClient:
            return OdooClient(sandbox_settings(url))
        click.echo(f"no EDIGW_ODOO_URL: using the in-process Odoo sandbox at {url}", err=True)
    root = mailboxes or Path(settings.data_dir) / "mailboxes"
    rt = build_runtime(ledger, _registry(), root, factory)  # type: ignore[arg-type]

    def show(report: object) -> None:
        click.echo(f"cycle: {report}")

    try:
        run_forever(rt, interval=interval, once=once, on_cycle=show)
    except KeyboardInterrupt:
        pass
    finally:
        rt.close()
        if server is not None:
            server.stop()
        ledger.dispose()
    sys.exit(0)


@click.command("worker")
@click.option("--queues", default="inbound,outbound,odoo,maintenance", show_default=True,
              help="Comma-separated queues this worker consumes.")
@click.option("--concurrency", type=int, default=2, show_default=True, help="Prefork pool processes.")
@click.option("--name", default=None, help="Worker node name (celery -n), e.g. w1@%h.")
def worker_command(queues: str, concurrency: int, name: str | None) -> None:
    """Start a Celery worker (broker EDIGW_BROKER_URL) running the pipeline tasks."""
    from gateway.worker import app, worker_argv

    app.worker_main(worker_argv(queues, concurrency, ("-n", name) if name else ()))


@click.command("beat")
@click.option("--schedule-file", type=click.Path(path_type=Path), default=None,
              help="Where beat keeps its state (default: <data dir>/celerybeat-schedule).")
def beat_command(schedule_file: Path | None) -> None:
    """Start the Celery beat scheduler (run exactly one): polls, retries, sends, ack deadlines."""
    from gateway.settings import load_core_settings
    from gateway.worker import app

    target = schedule_file or Path(load_core_settings().data_dir) / "celerybeat-schedule"
    target.parent.mkdir(parents=True, exist_ok=True)
    app.start(["beat", "-s", str(target), "--loglevel", "INFO"])
