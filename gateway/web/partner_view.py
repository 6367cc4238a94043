"""The partner page's data: profile summary, health of its transports, and its scorecard.

Transport health is read from the ledger: the last file received per mailbox, the outbox per
transport (waiting, given up, last send, last error). The scorecard is the compliance report of
the last 30 days, computed by :mod:`gateway.reports` like the full report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.ledger.models import Interchange, OutboxEntry
from gateway.partners.model import PartnerProfile
from gateway.reports import ComplianceReport, Period, build_report


@dataclass
class TransportHealth:
    """One mailbox of the partner, as the ledger sees it."""

    name: str
    kind: str
    last_received: datetime | None
    last_sent: datetime | None
    waiting: int
    dead: int
    last_error: str | None

    @property
    def state(self) -> str:
        """ok, degraded (something gave up or the last attempt failed) or idle."""
        if self.dead or self.last_error:
            return "degraded"
        return "ok" if (self.last_received or self.last_sent) else "idle"


def transport_health(session: Session, profile: PartnerProfile) -> list[TransportHealth]:
    """Health of each transport the profile names."""
    out = []
    for t in profile.transports:
        received = session.scalar(select(func.max(Interchange.occurred_at)).where(
            Interchange.partner_id == profile.id, Interchange.direction == "inbound", Interchange.mailbox == t.name))
        entries = select(OutboxEntry).where(OutboxEntry.partner_id == profile.id, OutboxEntry.transport == t.name)
        sent = session.scalar(select(func.max(OutboxEntry.sent_at)).where(
            OutboxEntry.partner_id == profile.id, OutboxEntry.transport == t.name))
        waiting = session.scalar(select(func.count()).select_from(
            entries.where(OutboxEntry.status.in_(("pending", "sending"))).subquery())) or 0
        dead = session.scalar(select(func.count()).select_from(
            entries.where(OutboxEntry.status == "dead").subquery())) or 0
        last = session.scalars(entries.where(OutboxEntry.status != "sent").order_by(OutboxEntry.id.desc())).first()
        out.append(TransportHealth(t.name, t.kind, received, sent, waiting, dead, last.last_error if last else None))
    return out


def scorecard(session: Session, profile: PartnerProfile, now: datetime, days: int = 30) -> ComplianceReport:
    """The compliance report of the last ``days`` days up to today."""
    today = now.date()
    return build_report(session, profile, Period(today - timedelta(days=days - 1), today), as_of=now)


def profile_summary(profile: PartnerProfile) -> dict[str, Any]:
    """The profile facts an operator needs at a glance."""
    ids = profile.identities
    ident = (f"{ids.x12.isa_qualifier}/{ids.x12.isa_id} GS {ids.x12.gs_id}" if ids.x12
             else f"{ids.edifact.unb_id}" if ids.edifact else "")
    return {
        "id": profile.id, "name": profile.name, "syntax": profile.syntax, "identity": ident,
        "timezone": profile.timezone,
        "documents": [f"{d.type} {d.direction} {d.version}" for d in profile.documents],
        "acks": f"we send {profile.acks.functional}; theirs due in {profile.acks.their_ack_deadline_hours} h",
        "duplicates": profile.duplicates,
        "items": len(profile.crossrefs.items), "locations": len(profile.crossrefs.locations),
        "carriers": len(profile.crossrefs.carriers),
        "chargebacks": {k: v.describe() for k, v in profile.compliance.chargebacks.items()},
    }
