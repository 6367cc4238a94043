"""The one watermark-and-dedupe loop behind every outbound scan of Odoo (850, 940, 856/DESADV, INVOIC).

Every scan has the same shape; only the read and the document differ, so they live here once:

1. **State from the ledger, not a separate store.** For one partner and document type the ledger
   already holds what was sent. The watermark is the newest Odoo timestamp recorded in those
   documents' ``odoo_refs.source`` (``write_date``, or ``date_done`` for ship notices) less one
   second, because Odoo's timestamps have one-second resolution and a record written in the same
   second as the last one sent must come back. A record read is skipped when its business key
   (picking, PO or invoice name) already has a document that still counts (``NOT_A_COPY``
   excluded: a cancelled or superseded document may be sent again), asked of the ledger for the
   keys of the batch only. This stays correct across workers and restarts.
2. **A crash never sends twice, and never loses a document.** ``create_outbound`` commits the
   document (``created``) before it renders and queues it in a second transaction. A document
   left ``created`` was interrupted between the two: it is cancelled (with the reason) and its
   stored canonical document is queued again, so exactly one copy reaches the outbox. A
   document that was queued but not yet sent is just a known key: the outbox sends it once.
   Interrupted documents are left out of the watermark, so nothing after them is skipped.
3. **Records already sent are skipped by key** before their document is even built.

Scans must not run concurrently (two scans could both find a record new): the embedded runner is
one process, and the Celery task ``scan_odoo_outbound`` holds one Redis lock while it scans.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select

from gateway.documents import Invoice, PurchaseOrder, ShipNotice, WarehouseShippingOrder
from gateway.ledger import documents as docs
from gateway.ledger.duplicates import NOT_A_COPY
from gateway.ledger.models import Document
from gateway.ledger.status import DocumentStatus
from gateway.pipeline.context import Runtime
from gateway.pipeline.outbound import create_outbound

log = logging.getLogger(__name__)
ODOO_FORMAT = "%Y-%m-%d %H:%M:%S"
WATERMARK_WINDOW = 200
MODELS: dict[str, type[Any]] = {"850": PurchaseOrder, "856": ShipNotice, "DESADV": ShipNotice,
                                "940": WarehouseShippingOrder, "INVOIC": Invoice}
R = TypeVar("R")


@dataclass
class ScanState:
    """What the ledger says about one partner's outbound documents of one type."""

    since: str | None
    interrupted: list[int] = field(default_factory=list)


def scan_state(rt: Runtime, partner_id: str, doc_type: str, stamp: str) -> ScanState:
    """The watermark (newest ``stamp`` sent, less one second) and the documents a crash left ``created``.

    The watermark is taken over the newest :data:`WATERMARK_WINDOW` documents (by id): scans send
    in stamp order, so the newest stamp is among the last documents made; should a burst of
    regenerations push it out, the watermark only comes out lower, which re-reads a few records
    that the key check then skips - never higher, which could skip one.
    """
    base = (Document.direction == "outbound", Document.partner_id == partner_id, Document.doc_type == doc_type)
    with rt.ledger.reading() as s:
        recent = s.execute(select(Document.status, Document.odoo_refs).where(*base)
                           .order_by(Document.id.desc()).limit(WATERMARK_WINDOW))
        stamps = [str(value) for status, refs in recent if status != DocumentStatus.CREATED.value
                  for value in [((refs or {}).get("source") or {}).get(stamp)] if value]
        interrupted = list(s.scalars(select(Document.id).where(
            *base, Document.status == DocumentStatus.CREATED.value).order_by(Document.id)))
    since = None
    if stamps:
        newest = dt.datetime.strptime(max(stamps)[:19], ODOO_FORMAT) - dt.timedelta(seconds=1)
        since = newest.strftime(ODOO_FORMAT)
    return ScanState(since, interrupted)


def sent_keys(rt: Runtime, partner_id: str, doc_type: str, keys: Iterable[str]) -> set[str]:
    """Which of these business keys already have a document that counts (one indexed query)."""
    wanted = sorted(set(keys))
    if not wanted:
        return set()
    with rt.ledger.reading() as s:
        return set(s.scalars(select(Document.business_key).where(
            Document.direction == "outbound", Document.partner_id == partner_id, Document.doc_type == doc_type,
            Document.business_key.in_(wanted), Document.status.not_in(NOT_A_COPY))))


def resume_interrupted(rt: Runtime, partner_id: str, doc_type: str, ids: Iterable[int]) -> list[int]:
    """Cancel each document left ``created`` by a crash and queue its stored document again; new ids."""
    model = MODELS.get(doc_type)
    out = []
    for doc_id in ids:
        with rt.ledger.transaction() as s:
            row = docs.get_document(s, doc_id, lock=True)
            if row.status != DocumentStatus.CREATED.value:  # finished meanwhile
                continue
            canonical, refs = row.canonical, dict(row.odoo_refs or {})
            docs.transition(s, doc_id, DocumentStatus.CANCELLED, actor=rt.actor, step="scan",
                            detail={"reason": "interrupted before it was rendered and queued; queued again"})
        if model is None or canonical is None:
            log.warning("outbound %s document %s was interrupted and cannot be rebuilt", doc_type, doc_id)
            continue
        document = model.model_validate(canonical)
        source = {"source": refs["source"]} if refs.get("source") else None
        out.append(create_outbound(rt, partner_id, doc_type, document, source=source))
    return out


def scan_outbound(rt: Runtime, partner_id: str, doc_type: str, *, stamp: str,
                  read: Callable[[str | None], Iterable[R]], key: Callable[[R], str],
                  build: Callable[[R], tuple[Any, dict[str, Any]]]) -> list[int]:
    """Send each record ``read(since)`` returns whose ``key`` was not sent yet; return the new document ids.

    ``build`` turns a record into its canonical document and the ``source`` reference stored in
    the ledger (which must carry ``stamp``: that is where the next watermark comes from). The
    document's business key must equal ``key(record)``.
    """
    state = scan_state(rt, partner_id, doc_type, stamp)
    created = resume_interrupted(rt, partner_id, doc_type, state.interrupted)
    records = list(read(state.since))
    known = sent_keys(rt, partner_id, doc_type, (key(r) for r in records))
    for record in records:
        business_key = key(record)
        if business_key in known:
            continue
        document, source = build(record)
        created.append(create_outbound(rt, partner_id, doc_type, document, source={"source": source}))
        known.add(business_key)
    return created


def inbound_order(rt: Runtime, partner_id: str, po_number: str | None) -> dict[str, Any] | None:
    """The partner's own purchase order with this number as we received it (canonical JSON), if any."""
    if not po_number:
        return None
    with rt.ledger.reading() as s:
        row = s.scalars(select(Document.canonical).where(
            Document.direction == "inbound", Document.business_key == po_number,
            Document.partner_id == partner_id).order_by(Document.id.desc()).limit(1)).first()
    return dict(row) if row else None


def latest_reference(rt: Runtime, partner_id: str, qualifier: str) -> str | None:
    """The value of reference ``qualifier`` on the partner's newest inbound order that carries one."""
    with rt.ledger.reading() as s:
        rows = s.scalars(select(Document.canonical).where(
            Document.direction == "inbound", Document.partner_id == partner_id,
            Document.doc_type.in_(("850", "ORDERS"))).order_by(Document.id.desc()).limit(50))
        for canonical in rows:
            for ref in (canonical or {}).get("references") or []:
                if ref.get("qualifier") == qualifier and ref.get("value"):
                    return str(ref["value"])
    return None
