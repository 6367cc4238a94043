"""Outbound steps: a canonical document -> rendered, self-validated EDI -> ledger -> outbox -> sent.

:func:`create_outbound` records the document (``created``), renders it with the partner profile
(the mapping service refuses output that fails the map or the partner overlay, so we never send
what we would reject), allocates control numbers from the ledger, stores the interchange, queues
it and records the acknowledgment we expect by the partner's deadline (business calendar and
time zone). :func:`deliver_outbox` sends what is queued through each mailbox and moves the
documents to ``sent``; failed sends are retried with backoff, then left ``dead`` in the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from gateway.ledger import acks as ledger_acks
from gateway.ledger import documents as docs
from gateway.ledger import interchanges, outbox
from gateway.ledger.models import Interchange, RawContent
from gateway.ledger.status import DocumentStatus
from gateway.ledger.types import utcnow
from gateway.mappings.service import RenderRefused, render_documents
from gateway.observability.instrument import step
from gateway.observability.logging import bind_correlation
from gateway.partners.model import PartnerProfile
from gateway.pipeline.context import Runtime
from gateway.pipeline.envelope_ids import read_ids
from gateway.transports.base import TransportError

log = logging.getLogger(__name__)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def ack_deadline(profile: PartnerProfile, sent_at: dt.datetime) -> dt.datetime:
    """When the partner's ack is due: ``their_ack_deadline_hours`` counted on its business days."""
    zone = ZoneInfo(profile.timezone)
    local = sent_at.astimezone(zone)
    remaining = dt.timedelta(hours=float(profile.acks.their_ack_deadline_hours))
    workdays = set(profile.calendar.workdays)
    holidays = set(profile.calendar.holidays)
    while remaining > dt.timedelta(0):
        if DAYS[local.weekday()] not in workdays or local.date() in holidays:
            local = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
            continue
        midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        step = min(remaining, midnight - local)
        local += step
        remaining -= step
    return local.astimezone(dt.UTC)


def _business_key(document: Any) -> str | None:
    for attr in ("shipment_id", "depositor_order_number", "po_number", "invoice_number"):
        value = getattr(document, attr, None)
        if value:
            return str(value)
    return None


def create_outbound(rt: Runtime, partner_id: str, set_type: str, document: Any, *,
                    regenerated_from_id: int | None = None, source: dict[str, Any] | None = None) -> int:
    """Record, render, store and queue one outbound document; return its ledger id."""
    profile = rt.profile(partner_id)
    with rt.ledger.transaction() as s:
        doc = docs.create_document(s, direction="outbound", partner_id=partner_id, doc_type=set_type,
                                   actor=rt.actor, business_key=_business_key(document),
                                   canonical=document.model_dump(mode="json"),
                                   regenerated_from_id=regenerated_from_id)
        doc_id = doc.id
        if source:
            docs.add_odoo_refs(s, doc_id, source, actor=rt.actor)
    try:
        text = render_documents([document], profile, set_type, allocator=rt.ledger.allocator())
    except RenderRefused as exc:
        with rt.ledger.transaction() as s:
            docs.fail(s, doc_id, category="mapping", actor=rt.actor, step="render", issues=exc.issues,
                      reason=f"our own {set_type} would not pass validation, so it was not sent: {exc}")
        return doc_id
    ids = read_ids(text)
    mailbox = rt.outbound_mailbox(partner_id)
    now = utcnow()
    with rt.ledger.transaction() as s:
        docs.transition(s, doc_id, DocumentStatus.VALIDATED, actor=rt.actor, step="render",
                        detail={"interchange_control": ids.interchange, "group_control": ids.group,
                                "set_controls": list(ids.sets)})
        row = docs.get_document(s, doc_id, lock=True)
        row.interchange_control, row.group_control = ids.interchange, ids.group
        row.set_control = ids.sets[0] if ids.sets else None
        ic_id = interchanges.store_outbound(
            s, text.encode(), partner_id=partner_id, mailbox=mailbox, transport="local", syntax=ids.syntax,
            sender_id=ids.sender, receiver_id=ids.receiver, control_number=ids.interchange,
            transport_meta={"kind": set_type, "file_name": f"{partner_id}_{set_type}_{ids.interchange}.edi"},
            actor=rt.actor)
        row.interchange_id = ic_id
        outbox.queue(s, interchange_id=ic_id, partner_id=partner_id, transport=mailbox, actor=rt.actor,
                       document_id=doc_id)
        docs.transition(s, doc_id, DocumentStatus.QUEUED, actor=rt.actor, step="enqueue")
        if profile.acks.expect_their_ack:
            deadline = ack_deadline(profile, now)
            if ids.syntax == "edifact":
                ledger_acks.expect_ack(s, partner_id=partner_id, kind="CONTRL", level="interchange",
                                       interchange_id=ic_id, deadline=deadline, actor=rt.actor, document_id=doc_id,
                                       interchange_control=ids.interchange)
            else:
                kind = "999" if profile.acks.functional == "999" else "997"
                for set_control in ids.sets:
                    ledger_acks.expect_ack(s, partner_id=partner_id, kind=kind, level="set", interchange_id=ic_id,
                                           deadline=deadline, actor=rt.actor, document_id=doc_id,
                                           group_control=ids.group, set_control=set_control)
    return doc_id


def deliver_outbox(rt: Runtime, mailbox: str, *, limit: int = 50) -> list[int]:
    """Send every due outbox entry of ``mailbox``; return the ids of entries sent (the ``send`` step)."""
    with bind_correlation(mailbox=mailbox), step("send", "outbound", mailbox=mailbox):
        return _deliver_outbox(rt, mailbox, limit=limit)


def _deliver_outbox(rt: Runtime, mailbox: str, *, limit: int = 50) -> list[int]:
    """Send every due outbox entry of ``mailbox``; return the ids of entries sent."""
    transport = rt.transports.get(mailbox)
    if transport is None:
        return []
    with rt.ledger.transaction() as s:
        claimed = [(e.id, e.interchange_id, e.document_id, e.attempts)
                   for e in outbox.claim_due(s, transport=mailbox, actor=rt.actor, limit=limit)]
    if not claimed:
        return []
    with rt.ledger.reading() as s:  # every claimed file's bytes and name in one query
        files = {ic_id: (bytes(content), (meta or {}).get("file_name")) for ic_id, meta, content in s.execute(
            select(Interchange.id, Interchange.transport_meta, RawContent.content)
            .join(RawContent, RawContent.sha256 == Interchange.sha256)
            .where(Interchange.id.in_([c[1] for c in claimed])))}
    done: list[tuple[int, int, int | None, dict[str, Any]]] = []
    for entry_id, ic_id, doc_id, attempts in claimed:
        if ic_id not in files:  # cannot happen unless someone removed the row by hand: say so, once
            with rt.ledger.transaction() as s:
                outbox.mark_failed(s, entry_id, actor=rt.actor, retry_at=None,
                                   error=f"interchange {ic_id} or its bytes are no longer in the ledger")
            continue
        data, name = files[ic_id]
        try:
            result = transport.send(name or f"interchange-{ic_id}.edi", data)
        except TransportError as exc:
            retry_at = rt.retry.next_attempt(attempts, utcnow())
            with rt.ledger.transaction() as s:
                outbox.mark_failed(s, entry_id, actor=rt.actor, error=exc.describe(), retry_at=retry_at)
                if doc_id is not None and retry_at is None:
                    docs.fail(s, doc_id, category="transport", actor=rt.actor, step="send", reason=exc.describe())
            continue
        done.append((entry_id, ic_id, doc_id, {"remote": result.remote_path}))
    # One transaction for the batch: a crash before it commits sends these files again once their
    # lease expires (transports are idempotent per interchange: same name, atomic rename).
    if done:
        with rt.ledger.transaction() as s:
            outbox.mark_sent_many(s, done, actor=rt.actor)
            for _entry, _ic, doc_id, _meta in done:
                if doc_id is not None:
                    row = docs.get_document(s, doc_id, lock=True)
                    if row.status == DocumentStatus.QUEUED.value:
                        docs.transition(s, row, DocumentStatus.SENT, actor=rt.actor, step="send")
    return [entry for entry, _ic, _doc, _meta in done]
