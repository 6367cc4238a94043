"""The embedded runner: every pipeline step in one process, no broker (``edi-gateway run``).

One cycle polls each partner's local folder mailbox (list -> stable -> fetch -> ledger.receive
commit -> archive), processes every interchange not yet split (so a crash between receive and
split is resumed on the next cycle), retries failed documents whose time has come, scans Odoo for
outbound documents (850, 940, 856/DESADV, INVOIC: :func:`~gateway.pipeline.odoo_out.scan_odoo_outbound`),
sends the outbox and checks acknowledgment deadlines. The Celery tasks call the same functions.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gateway.ledger import Ledger
from gateway.ledger import interchanges as ledger_interchanges
from gateway.odoo.client import OdooClient
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.inbound import prefetch, process_interchange
from gateway.pipeline.odoo_out import scan_odoo_outbound
from gateway.pipeline.outbound import deliver_outbox
from gateway.pipeline.posting import retry_due
from gateway.pipeline.reconcile import check_overdue
from gateway.transports.base import InboundFile, Transport, TransportError
from gateway.transports.local import LocalFolderTransport
from gateway.transports.poll import StabilityTracker, poll

log = logging.getLogger(__name__)
PREFETCH_BATCH = 20  # interchanges read back from the ledger per query by process_pending


@dataclass
class CycleReport:
    """What one cycle of the runner did."""

    received: int = 0
    interchanges: int = 0
    documents: int = 0
    retried: int = 0
    scanned: int = 0
    sent: int = 0
    overdue: int = 0
    problems: list[str] = field(default_factory=list)


def local_mailboxes(root: Path, registry: PartnerRegistry) -> dict[str, Transport]:
    """One local folder mailbox per partner under ``root/<partner id>/{inbox,outbox,archive,error}``."""
    return {p.id: LocalFolderTransport.under(root / p.id, p.id) for p in registry}


def build_runtime(ledger: Ledger, registry: PartnerRegistry, mailbox_root: Path,
                  odoo_factory: Callable[[], OdooClient] | None, *, retry: RetryPolicy | None = None,
                  actor: str = "embedded") -> Runtime:
    """A runtime with local folder mailboxes for every partner."""
    return Runtime(ledger=ledger, registry=registry, work_dir=mailbox_root / ".work", odoo_factory=odoo_factory,
                   transports=local_mailboxes(mailbox_root, registry), retry=retry or RetryPolicy(), actor=actor)


def receive_from(rt: Runtime, mailbox: str, transport: Transport, tracker: StabilityTracker | None = None,
                 settle_seconds: float = 0.0) -> int:
    """Poll one mailbox into the ledger; return how many files were stored."""
    partner = mailbox if rt.registry.get(mailbox) else None

    def receive(file: InboundFile, data: bytes) -> int:
        return rt.ledger.receive(data, mailbox=mailbox, transport=transport.kind, partner_id=partner,
                                 transport_meta=file.metadata(), actor=rt.actor).interchange_id

    try:
        result = poll(transport, receive, tracker=tracker, settle_seconds=settle_seconds)
    except TransportError as exc:
        log.warning("mailbox %s: %s", mailbox, exc.describe())
        return 0
    for file, reason in result.rejected + result.failed:
        log.warning("mailbox %s: %s: %s", mailbox, file.name, reason)
    return len(result.received)


def process_pending(rt: Runtime) -> tuple[int, int]:
    """Split and post every interchange received but not processed; return (interchanges, documents)."""
    with rt.ledger.reading() as s:
        pending = [ic.id for ic in ledger_interchanges.unprocessed_inbound(s, limit=1000)]
    documents = 0
    for start in range(0, len(pending), PREFETCH_BATCH):
        batch = pending[start:start + PREFETCH_BATCH]
        stored = prefetch(rt, batch)
        for ic_id in batch:
            documents += len(process_interchange(rt, ic_id, stored=stored.pop(ic_id, None)).documents)
    return len(pending), documents


def run_cycle(rt: Runtime, trackers: dict[str, StabilityTracker] | None = None,
              settle_seconds: float = 0.0) -> CycleReport:
    """One pass of every step (see the module docstring)."""
    report = CycleReport()
    for name, transport in rt.transports.items():
        tracker = trackers.get(name) if trackers is not None else None
        report.received += receive_from(rt, name, transport, tracker, settle_seconds)
    report.interchanges, report.documents = process_pending(rt)
    report.retried = len(retry_due(rt))
    if rt.odoo_factory is not None:  # outbound documents from Odoo records (850, 940, 856/DESADV, INVOIC)
        scan = scan_odoo_outbound(rt)
        report.scanned, report.problems = len(scan.created), report.problems + scan.problems
    for name in rt.transports:
        report.sent += len(deliver_outbox(rt, name))
    report.overdue = len(check_overdue(rt))
    return report


def run_forever(rt: Runtime, *, interval: float = 5.0, once: bool = False,
                on_cycle: Callable[[CycleReport], None] | None = None) -> None:
    """Run cycles every ``interval`` seconds (one settle-checked cycle with ``once``)."""
    trackers = {name: StabilityTracker() for name in rt.transports}
    while True:
        report = run_cycle(rt, None if once else trackers, settle_seconds=0.5 if once else 0.0)
        if on_cycle is not None:
            on_cycle(report)
        if once:
            return
        time.sleep(interval)
