"""A document's obligation clock: every deadline that applies to it and where it stands.

Deadlines come from the ledger (acknowledgments we expect: MDN, TA1, 997/999, CONTRL, each with
its own deadline) and from the partner's profile (our functional ack within the agreed hours,
the PO acknowledgment within ``po_ack_deadline_hours``, the ASN within ``asn_deadline_hours`` of
shipment) and from the document itself (an ASN must reach the partner before the goods: by the
start of its estimated delivery day in the partner's time zone). Each is met (on time or late), overdue, pending, or open when nothing sets a deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gateway.ledger.models import Document, Event, ExpectedAck, Interchange, OutboxEntry
from gateway.partners.model import PartnerProfile
from gateway.reports.figures import parse_time

ACK_KINDS = ("997", "999", "CONTRL", "TA1")


@dataclass(frozen=True)
class Obligation:
    """One deadline of one document."""

    name: str
    deadline: datetime | None
    met_at: datetime | None
    state: str  # met, met late, overdue, pending, open


def _state(deadline: datetime | None, met_at: datetime | None, now: datetime) -> str:
    if met_at is not None:
        return "met late" if deadline is not None and met_at > deadline else "met"
    if deadline is None:
        return "open"
    return "overdue" if deadline < now else "pending"


def _first_sent(session: Session, document_id: int) -> datetime | None:
    return session.scalar(select(func.min(Event.at)).where(Event.document_id == document_id, Event.outcome == "sent"))


def _our_ack_sent(session: Session, interchange: Interchange) -> tuple[bool, datetime | None]:
    """(an ack is wanted, when ours was sent) for an inbound interchange."""
    none = session.scalar(select(Event.id).where(Event.interchange_id == interchange.id, Event.step == "ack_out",
                                                 Event.outcome == "none").limit(1))
    if none is not None:
        return False, None
    rows = session.execute(
        select(Interchange.transport_meta, OutboxEntry.sent_at)
        .join(OutboxEntry, OutboxEntry.interchange_id == Interchange.id)
        .where(Interchange.partner_id == interchange.partner_id, Interchange.direction == "outbound",
               OutboxEntry.sent_at.is_not(None))
    ).all()
    times = [sent for meta, sent in rows
             if (meta or {}).get("acknowledges") == interchange.id and (meta or {}).get("kind") in ACK_KINDS]
    return True, min(times) if times else None


def _arrival(doc: Document, profile: PartnerProfile | None) -> datetime | None:
    """When the goods of a ship notice are due at the partner: the start of its estimated delivery day.

    The day is the ASN's ``estimated_delivery_date`` in the partner's time zone (UTC without a
    profile); the notice must reach the partner before the truck does, so the day's first minute
    is the deadline.
    """
    day = (doc.canonical or {}).get("estimated_delivery_date")
    if not day:
        return None
    try:
        when = date.fromisoformat(str(day)[:10])
    except ValueError:
        return None
    zone = profile.zone if profile is not None else UTC
    return datetime.combine(when, time.min, tzinfo=zone).astimezone(UTC)


def obligations(session: Session, doc: Document, profile: PartnerProfile | None, now: datetime) -> list[Obligation]:
    """Every deadline that applies to ``doc``, soonest first (open ones last)."""
    out: list[Obligation] = []
    interchange = session.get(Interchange, doc.interchange_id) if doc.interchange_id else None
    if doc.direction == "inbound" and interchange is not None and profile is not None:
        wanted, sent = _our_ack_sent(session, interchange)
        if wanted and (profile.acks.functional != "none" or profile.acks.contrl):
            kind = "CONTRL" if profile.syntax == "edifact" else profile.acks.functional
            deadline = interchange.occurred_at + timedelta(hours=float(profile.acks.their_ack_deadline_hours))
            out.append(Obligation(f"our {kind} to the partner", deadline, sent, _state(deadline, sent, now)))
    conditions = [ExpectedAck.document_id == doc.id]
    if doc.interchange_id is not None and doc.direction == "outbound":
        conditions.append(ExpectedAck.interchange_id == doc.interchange_id)
    for exp in session.scalars(select(ExpectedAck).where(or_(*conditions)).order_by(ExpectedAck.deadline)):
        label = f"their {exp.kind} ({exp.level})" + (f": {exp.result}" if exp.result else "")
        out.append(Obligation(label, exp.deadline, exp.received_at, _state(exp.deadline, exp.received_at, now)))
    rules = profile.compliance if profile is not None else None
    if doc.direction == "inbound" and doc.doc_type in ("850", "ORDERS") and rules and rules.po_ack_deadline_hours:
        deadline = doc.created_at + timedelta(hours=float(rules.po_ack_deadline_hours))
        reply = session.scalars(select(Document.id).where(
            Document.partner_id == doc.partner_id, Document.direction == "outbound",
            Document.doc_type.in_(("855", "ORDRSP")), Document.business_key == doc.business_key)).first()
        met = _first_sent(session, reply) if reply is not None else None
        out.append(Obligation("purchase order acknowledgment (855)", deadline, met, _state(deadline, met, now)))
    if doc.direction == "outbound" and doc.doc_type in ("856", "DESADV") and rules and rules.asn_deadline_hours:
        shipped = parse_time((doc.odoo_refs or {}).get("shipped_at")) or doc.created_at
        deadline = shipped + timedelta(hours=float(rules.asn_deadline_hours))
        met = _first_sent(session, doc.id)
        out.append(Obligation("ship notice sent after shipment", deadline, met, _state(deadline, met, now)))
    if doc.direction == "outbound" and doc.doc_type in ("856", "DESADV"):
        arrival = _arrival(doc, profile)
        if arrival is not None:
            met = _first_sent(session, doc.id)
            out.append(Obligation("ship notice before the goods arrive", arrival, met, _state(arrival, met, now)))
    if doc.direction == "outbound" and doc.doc_type == "940":
        advice = session.scalars(select(Document).where(
            Document.partner_id == doc.partner_id, Document.doc_type == "945",
            Document.business_key == doc.business_key).order_by(Document.id)).first()
        met = advice.created_at if advice is not None else None
        out.append(Obligation("warehouse shipping advice (945)", None, met, _state(None, met, now)))
    return sorted(out, key=lambda o: (o.deadline is None, o.deadline or now))
