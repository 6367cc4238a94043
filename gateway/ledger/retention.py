"""Retention: remove the raw bytes of old interchanges once nothing can still need them.

The ledger keeps every interchange's bytes (``raw_contents``) so that a document can be resubmitted,
replayed or shown exactly as received. After the configured retention (``retention_days`` in
:class:`gateway.settings.CoreSettings`; 0 keeps everything) the bytes may go, but only when
nothing can still need them. A stored content (one SHA-256, possibly shared by several
interchanges) is purged when *every* interchange holding it:

- occurred before the cut-off;
- if inbound, was split into documents (``processed_at`` set), and
- has only documents in a resting state (:data:`RESTING`): posted, acknowledged, accepted with
  errors, partially accepted, duplicate, superseded or cancelled. Failed, rejected,
  dead-lettered, overdue or in-flight documents keep their bytes (an operator may resubmit them);
- if outbound, has no outbox entry still pending or sending.

Purging empties ``raw_contents.content`` and sets ``purged_at``; the size and SHA-256 stay, as do
the interchange, document and event rows. Each content is claimed with its own
``UPDATE ... WHERE purged_at IS NULL`` and only the purge that changed the row records the events, so
two purges at once (two beats by mistake, a beat and ``db purge``) never record ``purged`` twice.
Each interchange gets a ``retention`` event with outcome
``purged``. Work is done in batches so no transaction holds the ledger for long. The worker's beat
runs :func:`purge` daily; ``edi-gateway db purge [--dry-run]`` runs it by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session

from gateway.ledger.core import Ledger
from gateway.ledger.events import record_event
from gateway.ledger.models import Document, Interchange, OutboxEntry, RawContent
from gateway.ledger.status import Direction, DocumentStatus
from gateway.ledger.types import utcnow

S = DocumentStatus
RESTING: frozenset[str] = frozenset(s.value for s in (
    S.POSTED, S.ACKNOWLEDGED, S.ACCEPTED_WITH_ERRORS, S.PARTIALLY_ACCEPTED, S.DUPLICATE, S.SUPERSEDED,
    S.CANCELLED))
STEP = "retention"
log = logging.getLogger(__name__)


@dataclass
class PurgeReport:
    """What a purge did (or, in a dry run, would do)."""

    cutoff: datetime
    dry_run: bool
    contents: int = 0
    interchanges: int = 0
    bytes: int = 0
    kept_open: int = 0  # old contents kept because a document or send is not finished
    interchange_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the CLI and the logs."""
        verb = "would purge" if self.dry_run else "purged"
        return (f"retention (before {self.cutoff.isoformat(timespec='seconds')}): {verb} {self.contents} raw "
                f"content(s), {self.bytes} bytes, of {self.interchanges} interchange(s); kept {self.kept_open} old "
                "content(s) whose documents or sends are not finished")


def _blocked(now_cutoff: datetime):  # type: ignore[no-untyped-def]
    """An interchange condition: true when its bytes must be kept."""
    open_doc = exists().where(Document.interchange_id == Interchange.id, Document.status.not_in(RESTING))
    open_send = exists().where(OutboxEntry.interchange_id == Interchange.id,
                               OutboxEntry.status.in_(("pending", "sending")))
    return or_(Interchange.occurred_at >= now_cutoff,
               and_(Interchange.direction == Direction.INBOUND.value, Interchange.processed_at.is_(None)),
               open_doc, open_send)


def candidates(session: Session, cutoff: datetime, *, limit: int) -> tuple[list[str], int]:
    """Up to ``limit`` SHA-256s that may be purged, and how many old ones must be kept."""
    old = (select(Interchange.sha256).join(RawContent, RawContent.sha256 == Interchange.sha256)
           .where(Interchange.occurred_at < cutoff, RawContent.purged_at.is_(None)).distinct())
    blocked = select(Interchange.sha256).where(_blocked(cutoff))
    keep = session.scalars(old.where(Interchange.sha256.in_(blocked))).all()
    free = session.scalars(old.where(Interchange.sha256.not_in(blocked)).order_by(Interchange.sha256)
                           .limit(limit)).all()
    return list(free), len(keep)


def purge(ledger: Ledger, *, retention_days: int, dry_run: bool = False, now: datetime | None = None,
          batch: int = 200, actor: str = "retention") -> PurgeReport:
    """Purge the raw bytes older than ``retention_days`` that nothing needs (see the module docstring).

    ``retention_days`` must be positive (0 means "keep forever": callers skip the purge).
    """
    if retention_days <= 0:
        raise ValueError("retention_days must be positive; 0 keeps everything and never purges")
    now = now or utcnow()
    report = PurgeReport(cutoff=now - timedelta(days=retention_days), dry_run=dry_run)
    done: set[str] = set()
    while True:
        with ledger.transaction() as s:
            shas, kept = candidates(s, report.cutoff, limit=10**9 if dry_run else batch)
            report.kept_open = kept
            shas = [h for h in shas if h not in done]
            if not shas:
                return report
            done.update(shas)
            if dry_run:
                _count(s, report, shas)
                continue
            # Claim each content atomically: only the purge whose UPDATE changed the row (rowcount 1)
            # records the events. A second purge running at the same moment (two beats, or a beat and
            # ``db purge``) waits on the row lock, then sees ``purged_at`` set and changes nothing.
            claimed = [h for h in shas if s.execute(
                update(RawContent).where(RawContent.sha256 == h, RawContent.purged_at.is_(None))
                .values(content=b"", purged_at=now)).rowcount == 1]
            for r in _count(s, report, claimed):
                record_event(s, interchange_id=r.id, step=STEP, outcome="purged", actor=actor,
                             detail={"sha256": r.sha256, "size": r.size, "retention_days": retention_days,
                                     "cutoff": report.cutoff.isoformat()})


def _count(s: Session, report: PurgeReport, shas: list[str]) -> list:  # type: ignore[type-arg]
    """Add ``shas`` (their contents, bytes and interchanges) to ``report``; the interchange rows."""
    if not shas:
        return []
    rows = s.execute(select(Interchange.id, Interchange.sha256, Interchange.size)
                     .where(Interchange.sha256.in_(shas)).order_by(Interchange.id)).all()
    sizes = dict(s.execute(select(RawContent.sha256, RawContent.size).where(RawContent.sha256.in_(shas))).all())
    report.contents += len(shas)
    report.bytes += sum(int(v) for v in sizes.values())
    report.interchanges += len(rows)
    report.interchange_ids += [r.id for r in rows]
    return list(rows)


def known_contents(ledger: Ledger, shas: set[str]) -> set[str]:
    """Those of ``shas`` the ledger has a stored content for (its bytes held, or purged by this policy)."""
    found: set[str] = set()
    ordered = sorted(shas)
    with ledger.reading() as s:
        for i in range(0, len(ordered), 500):  # bounded IN lists for a big archive
            found.update(s.scalars(select(RawContent.sha256).where(RawContent.sha256.in_(ordered[i:i + 500]))))
    return found


def prune_archives(ledger: Ledger, transports: Iterable[Any]) -> list[Any]:
    """Prune the archive folder of every mailbox that sets ``archive_retention_days`` (local ones only).

    A file goes only when the ledger knows its SHA-256 (:func:`known_contents`), so an archive is
    never the last copy of something the ledger does not hold. SFTP archives are on the partner's
    server and have no such setting. Returns the per-mailbox reports (``ArchivePrune``).
    """
    reports = []
    for transport in transports:
        if getattr(transport, "archive_retention_days", 0) > 0 and hasattr(transport, "prune_archive"):
            report = transport.prune_archive(lambda shas: known_contents(ledger, shas))
            log.info("%s", report.summary())
            reports.append(report)
    return reports
