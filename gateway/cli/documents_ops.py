"""``documents``: what operations staff do with ledger documents.

- ``list [--status --partner --type --since --search]``: newest first.
- ``show ID``: status, timeline, explained errors, Odoo references, acknowledgment status.
- ``resubmit ID [--from STEP]``: a new attempt (the original is kept, marked superseded), run
  through today's profile, maps and master data.
- ``resubmit ID --edited FILE``: a corrected copy of the partner's raw file, stored beside the
  original with who and why, goes through every step again.
- ``cancel ID --reason TEXT``.
- ``replay --partner ID --since DATE [--dry-run]``: today's profile and maps over past documents;
  the dry run shows, per document, how the planned Odoo operations differ from the stored ones.

The ledger comes from the settings (EDIGW_DATABASE_URL or the SQLite file in the data dir).
Exit 1 with a plain message when a document is missing or a move is not allowed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from gateway.errors import GatewayError


def _ledger():  # type: ignore[no-untyped-def]
    from gateway.ledger import Ledger
    from gateway.settings import load_core_settings

    return Ledger.from_settings(load_core_settings())


def _actor() -> str:
    return f"cli:{os.environ.get('USER', 'operator')}"


@click.group("documents")
def documents_group() -> None:
    """List, inspect, resubmit and cancel documents in the ledger."""


@documents_group.command("list")
@click.option("--status", default=None, help="Only this status (posted, failed, rejected...).")
@click.option("--partner", default=None, help="Only this partner id.")
@click.option("--type", "doc_type", default=None, help="Only this type (850, ORDERS, 945...).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), default=None,
              help="Created on or after this date (UTC).")
@click.option("--search", default=None, help="Business key (PO, shipment, invoice number) to match exactly.")
@click.option("--limit", type=int, default=100, show_default=True)
def list_command(status: str | None, partner: str | None, doc_type: str | None, since: dt.datetime | None,
                 search: str | None, limit: int) -> None:
    """Documents matching every filter given, newest first."""
    from gateway.ledger import documents as docs

    ledger = _ledger()
    try:
        with ledger.reading() as s:
            rows = docs.list_documents(s, status=status, partner_id=partner, doc_type=doc_type,
                                       since=since.replace(tzinfo=dt.UTC) if since else None,
                                       business_key=search, limit=limit)
            table = Table()
            for col in ("id", "partner", "dir", "type", "key", "status", "reason"):
                table.add_column(col)
            for d in rows:
                table.add_row(str(d.id), d.partner_id, d.direction[:3], d.doc_type, d.business_key or "",
                              d.status, (d.error_reason or "")[:80])
    except (GatewayError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        ledger.dispose()
    Console().print(table)


@documents_group.command("show")
@click.argument("document_id", type=int)
def show_command(document_id: int) -> None:
    """One document: status, errors explained, Odoo references, acks and the timeline."""
    from sqlalchemy import select

    from gateway.ledger import documents as docs
    from gateway.ledger.events import timeline
    from gateway.ledger.models import ExpectedAck

    console = Console()
    ledger = _ledger()
    try:
        with ledger.reading() as s:
            d = docs.get_document(s, document_id)
            console.print(f"[bold]document {d.id}[/] {d.direction} {d.doc_type} from/to {d.partner_id}: "
                          f"[bold]{d.status}[/] (attempts {d.attempts})")
            console.print(f"  key {d.business_key or '-'}; interchange {d.interchange_id} "
                          f"(ICN {d.interchange_control or '-'}, group {d.group_control or '-'}, "
                          f"set {d.set_control or '-'})")
            if d.resubmission_of_id:
                console.print(f"  resubmission of document {d.resubmission_of_id}")
            if d.error_reason:
                console.print(f"  [red]{d.error_category}[/]: {d.error_reason}")
                for err in d.errors or []:
                    console.print(f"    - {json.dumps(err, default=str)}")
            for rec in (d.odoo_refs or {}).get("records", []):
                console.print(f"  Odoo: {rec['model']} {rec['name']} (id {rec['id']}, {rec['status']})")
            for exp in s.scalars(select(ExpectedAck).where(ExpectedAck.document_id == d.id)):
                console.print(f"  expects {exp.kind} by {exp.deadline:%Y-%m-%d %H:%M} UTC: {exp.status}"
                              + (f" ({exp.result})" if exp.result else ""))
            console.print("  timeline:")
            for ev in timeline(s, document_id=d.id):
                detail = {k: v for k, v in (ev.detail or {}).items() if v not in (None, [], {})}
                console.print(f"    {ev.at:%Y-%m-%d %H:%M:%S} {ev.step}/{ev.outcome} by {ev.actor} "
                              f"{json.dumps(detail, default=str)[:160]}")
    except GatewayError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        ledger.dispose()


@documents_group.command("cancel")
@click.argument("document_id", type=int)
@click.option("--reason", required=True, help="Why (kept in the timeline).")
def cancel_command(document_id: int, reason: str) -> None:
    """Cancel a document: it will not be processed or sent any further."""
    from gateway.ledger import documents as docs
    from gateway.ledger.status import DocumentStatus

    ledger = _ledger()
    try:
        with ledger.transaction() as s:
            docs.transition(s, document_id, DocumentStatus.CANCELLED, actor=_actor(), step="cancel",
                            detail={"reason": reason})
    except GatewayError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        ledger.dispose()
    click.echo(f"document {document_id} cancelled")


@documents_group.command("resubmit")
@click.argument("document_id", type=int)
@click.option("--from", "step", type=click.Choice(["translate", "post"]), default="translate", show_default=True,
              help="translate: re-read the raw set with today's profile and maps; post: reuse the stored document.")
@click.option("--reason", default="resubmitted by operations", help="Why (kept in the timeline).")
@click.option("--mailboxes", type=click.Path(path_type=Path), default=None,
              help="Mailbox root (default: <data dir>/mailboxes).")
@click.option("--edited", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A corrected copy of the partner's raw file, kept beside the original with who and why.")
def resubmit_command(document_id: int, step: str, reason: str, mailboxes: Path | None, edited: Path | None) -> None:
    """Run a document again as a new attempt; the original is kept (superseded).

    Inbound: translated and posted again. Outbound (rejected, overdue...): regenerated (a 940 is
    read again from Odoo) and sent with new control numbers, linked to the original.
    """
    from gateway.ledger import documents as docs
    from gateway.pipeline.resubmit import regenerate_outbound, resubmit_edited, resubmit_inbound

    rt, cleanup = _runtime(mailboxes)
    try:
        if edited is not None:
            new_ids = resubmit_edited(rt, document_id, edited.read_bytes(), reason=reason, actor=_actor())
            with rt.ledger.reading() as s:
                done = ", ".join(f"{i}: {docs.get_document(s, i).status}" for i in new_ids) or "no documents"
            click.echo(f"document {document_id} resubmitted from {edited.name} as {done}")
            return
        with rt.ledger.reading() as s:
            outbound = docs.get_document(s, document_id).direction == "outbound"
        if outbound:
            new_id = regenerate_outbound(rt, document_id, reason=reason, actor=_actor())
            with rt.ledger.reading() as s:
                status = docs.get_document(s, new_id).status
            click.echo(f"document {document_id} regenerated as {new_id} with new control numbers: {status}")
            return
        new_id, status = resubmit_inbound(rt, document_id, from_step=step, reason=reason, actor=_actor())
    except GatewayError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        cleanup()
    click.echo(f"document {document_id} resubmitted as {new_id}: {status}")


@documents_group.command("replay")
@click.option("--partner", required=True, help="Partner id whose inbound documents to replay.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M"]), required=True,
              help="Documents created on or after this date (UTC).")
@click.option("--dry-run", is_flag=True,
              help="Translate with today's profile and maps and show how the Odoo operations would differ; "
                   "write nothing, call no Odoo.")
@click.option("--mailboxes", type=click.Path(path_type=Path), default=None)
def replay_command(partner: str, since: dt.datetime, dry_run: bool, mailboxes: Path | None) -> None:
    """Replay past inbound documents through today's profile and maps (see --dry-run)."""
    from gateway.pipeline.replay import replay

    rt, cleanup = _runtime(mailboxes, odoo=not dry_run)
    console = Console(stderr=True)

    def progress(done: int, total: int) -> None:
        if total >= 20 and (done % 20 == 0 or done == total):
            console.print(f"  {done}/{total}")

    try:
        items = replay(rt, partner, since.replace(tzinfo=dt.UTC), dry_run=dry_run, actor=_actor(), progress=progress)
    except GatewayError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        cleanup()
    for item in items:
        click.echo(f"#{item.document_id} {item.doc_type} {item.business_key or '-'} ({item.status}): {item.outcome}")
        for line in item.differences:
            click.echo(f"    {line}")
    counts: dict[str, int] = {}
    for item in items:
        counts[item.outcome] = counts.get(item.outcome, 0) + 1
    click.echo(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no documents")


def _runtime(mailboxes: Path | None, odoo: bool = True):  # type: ignore[no-untyped-def]
    from gateway.odoo.client import OdooClient
    from gateway.partners.registry import PartnerRegistry
    from gateway.pipeline.demo import sandbox_settings
    from gateway.pipeline.runner import build_runtime
    from gateway.settings import load_core_settings

    settings = load_core_settings()
    ledger = _ledger()
    server = None
    factory: object = None
    if not odoo:
        factory = None
    elif os.environ.get("EDIGW_ODOO_URL"):
        factory = OdooClient.from_env
    else:
        from gateway.odoo.sandbox import start_sandbox

        server = start_sandbox(version=17, path=Path(settings.data_dir) / "odoo-sandbox.sqlite3")
        url = server.url

        def factory() -> OdooClient:
            return OdooClient(sandbox_settings(url))
    rt = build_runtime(ledger, PartnerRegistry.from_dir(), mailboxes or Path(settings.data_dir) / "mailboxes",
                       factory, actor=_actor())

    def cleanup() -> None:
        rt.close()
        if server is not None:
            server.stop()
        ledger.dispose()
    return rt, cleanup
