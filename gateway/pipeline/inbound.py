"""Inbound steps: split a stored interchange into documents, check, acknowledge, translate, post.

:func:`process_interchange` runs once per received interchange (idempotent: an interchange already
split is skipped). It validates the file with the X12 or EDIFACT engine, identifies the partner
from the envelope and refuses one that does not match the mailbox, applies the partner's
duplicate policy, queues our TA1/997/999/CONTRL, hands partner acknowledgments to
:mod:`gateway.pipeline.reconcile`, and creates one ledger document per set/message, moved
``received -> validated -> translated`` (or ``rejected`` with the reason). :func:`post_document`
then posts each translated document to Odoo (see :mod:`gateway.pipeline.posting`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.errors import GatewayError
from gateway.ledger import documents as docs
from gateway.ledger import duplicates, interchanges
from gateway.ledger.control import SessionAllocator
from gateway.ledger.events import record_event
from gateway.ledger.models import Document, Event
from gateway.ledger.status import DocumentStatus
from gateway.mappings.service import TranslatedDocument, translate_file
from gateway.observability.instrument import step
from gateway.observability.logging import bind_correlation
from gateway.partners.model import PartnerProfile
from gateway.partners.validation import apply_overlay
from gateway.pipeline.acks_out import build_ack, store_our_ack
from gateway.pipeline.context import Runtime
from gateway.pipeline.posting import FreshDocument, post_document
from gateway.pipeline.reconcile import reconcile_ack
from gateway.report import REJECTED, FileReport, SetReport
from gateway.syntax import detect_syntax

ACK_SETS = frozenset({"997", "999", "CONTRL", "TA1"})


@dataclass
class InterchangeOutcome:
    """What :func:`process_interchange` did."""

    interchange_id: int
    partner_id: str | None
    documents: list[int] = field(default_factory=list)
    acks_received: int = 0
    skipped: bool = False
    reason: str | None = None
    # documents this run created ``translated``: what the post step would read back (see
    # :class:`gateway.pipeline.posting.FreshDocument`)
    fresh: dict[int, FreshDocument] = field(default_factory=dict)


def business_key(document: Any) -> str | None:
    """The business key of a canonical document (PO number, shipment, invoice...)."""
    kind = getattr(document, "doc_type", "")
    if kind == "purchase_order":
        return document.po_number
    if kind == "warehouse_shipping_advice":
        return document.shipment_id or document.depositor_order_number
    if kind == "shipment_status":
        codes = ",".join(f"{e.status_code}@{e.time.isoformat()}" for e in document.events)
        return f"{document.pro_number}/{codes}"[:200]
    if kind == "freight_invoice":
        return document.invoice_number
    for attr in ("shipment_id", "invoice_number", "po_number"):
        if getattr(document, attr, None):
            return str(getattr(document, attr))
    return None


def _validate(path: Path, syntax: str) -> FileReport:
    if syntax == "x12":
        from gateway.x12.engine import validate_file
    else:
        from gateway.edifact.engine import validate_file  # type: ignore[assignment]
    return validate_file(path)


def _identify(rt: Runtime, report: FileReport) -> PartnerProfile | None:
    for ic in report.interchanges:
        if report.syntax == "x12":
            return rt.registry.find_x12(ic.sender_qualifier or "", ic.sender)
        return rt.registry.find_edifact(ic.sender, ic.sender_qualifier)
    return None


def _reject_interchange(rt: Runtime, interchange_id: int, partner_id: str, doc_type: str, category: str,
                        reason: str, issues: list[Any] | None = None) -> int:
    with rt.ledger.transaction() as s:
        doc = docs.create_document(s, direction="inbound", partner_id=partner_id, doc_type=doc_type,
                                   actor=rt.actor, interchange_id=interchange_id)
        docs.reject(s, doc, category=category, reason=reason, actor=rt.actor, issues=issues or [], step="split")
        interchanges.mark_processed(s, interchange_id, actor=rt.actor, documents=1)
        return doc.id


def _sets(report: FileReport) -> list[tuple[Any, Any, SetReport]]:
    return [(ic, g, s) for ic in report.interchanges for g in ic.groups for s in g.sets]


def process_interchange(rt: Runtime, interchange_id: int, *, post: bool = True,
                        stored: interchanges.StoredInbound | None = None) -> InterchangeOutcome:
    """Split, check, acknowledge and translate one stored interchange (then post, unless ``post=False``).

    Runs under the interchange's correlation id, timed and logged as the ``split`` step.
    ``stored``: the interchange as :func:`prefetch` read it with others (else it is read here).
    """
    with bind_correlation(interchange_id=interchange_id), step("split", "inbound", interchange=interchange_id):
        return _process_interchange(rt, interchange_id, post=post, stored=stored)


def prefetch(rt: Runtime, interchange_ids: list[int]) -> dict[int, interchanges.StoredInbound]:
    """The small ones among these interchanges, read in one query for :func:`process_interchange`.

    A batch of files then costs one read instead of one per file; files over
    :data:`gateway.ledger.interchanges.PREFETCH_MAX_BYTES` are left to be read one at a time,
    so a batch never holds several large files in memory at once.
    """
    if len(interchange_ids) < 2:
        return {}
    with rt.ledger.reading() as s:
        return interchanges.stored_inbound_many(s, interchange_ids)


@contextmanager
def _work_file(rt: Runtime, interchange_id: int, content: bytes) -> Iterator[Path]:
    """The interchange's bytes in a file of the work folder (the engines read files), removed afterwards."""
    rt.work_dir.mkdir(parents=True, exist_ok=True)
    path = rt.work_dir / f"interchange-{interchange_id}-{os.getpid()}-{secrets.token_hex(4)}.edi"
    path.write_bytes(content)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _process_interchange(rt: Runtime, interchange_id: int, *, post: bool = True,
                         stored: interchanges.StoredInbound | None = None) -> InterchangeOutcome:
    """Split, check, acknowledge and translate one stored interchange (then post, unless ``post=False``)."""
    if stored is None or stored.interchange_id != interchange_id:
        with rt.ledger.reading() as s:
            stored = interchanges.stored_inbound(s, interchange_id)
    if stored.processed:
        return InterchangeOutcome(interchange_id, stored.partner_id, skipped=True, reason="already processed")
    content, mailbox_partner, mailbox = stored.content, stored.partner_id, stored.mailbox
    edited = bool(stored.transport_meta.get("edited_from"))
    outcome = InterchangeOutcome(interchange_id, mailbox_partner)
    fallback_partner = mailbox_partner or f"mailbox:{mailbox}"
    syntax = detect_syntax(content[:4096])
    if syntax not in ("x12", "edifact"):
        outcome.documents.append(_reject_interchange(
            rt, interchange_id, fallback_partner, "unknown", "syntax",
            f"file from mailbox {mailbox} is not EDI: no ISA, UNA or UNB at the start"))
        return outcome
    with _work_file(rt, interchange_id, content) as path:
        try:
            report = _validate(path, syntax)
        except GatewayError as exc:
            outcome.documents.append(_reject_interchange(rt, interchange_id, fallback_partner, "unknown", "syntax",
                                                         f"unreadable {syntax.upper()}: {exc}"))
            return outcome
        profile = _identify(rt, report)
        if profile is None:
            ids = ", ".join(f"{ic.sender_qualifier or ''}/{ic.sender}" for ic in report.interchanges) or "none"
            outcome.documents.append(_reject_interchange(
                rt, interchange_id, fallback_partner, "interchange", "syntax",
                f"no partner profile has the sender id {ids} of this interchange"))
            return outcome
        if mailbox_partner and profile.id != mailbox_partner:
            outcome.documents.append(_reject_interchange(
                rt, interchange_id, mailbox_partner, "interchange", "syntax",
                f"the envelope names partner {profile.id} but the file arrived in {mailbox_partner}'s mailbox "
                f"{mailbox}: refused (a partner may only send from its own mailbox)"))
            return outcome
        outcome.partner_id = profile.id
        sets = _read_sets(path, syntax)  # read once, shared by the overlay and the translation
        apply_overlay(report, path, profile, sets=sets)
        translated, translate_error = _translate(path, rt, profile, sets)
        all_acks = all(st.set_id in ACK_SETS for _, _, st in _sets(report))
        has_acks = any(st.set_id in ACK_SETS for _, _, st in _sets(report))
        first = report.interchanges[0] if report.interchanges else None
        with rt.ledger.transaction() as s:
            locked = interchanges.lock_for_split(s, interchange_id)
            if locked.processed_at is not None:  # another worker finished it
                outcome.skipped, outcome.reason = True, "already processed"
                return outcome
            # Only the acks path commits part of this step before the end (its first transaction
            # records the envelope): with no envelope recorded there is nothing of an earlier run.
            earlier_run = locked.syntax is not None
            envelope = {"syntax": syntax, "sender_id": first.sender, "receiver_id": first.receiver,
                        "control_number": first.control_number} if first is not None else None

            def finish(documents: int | None) -> None:
                # Last, just before the commit: the envelope and ``processed_at`` go to the
                # database as one UPDATE of the row (``None``: envelope only, the acks path).
                interchanges.finish_split(s, interchange_id, locked=locked, envelope=envelope,
                                          partner_id=profile.id, documents=documents, actor=rt.actor)

            repeats = duplicates.same_control_number_ids(
                s, sender_id=first.sender, control_number=first.control_number,
                within=timedelta(days=profile.duplicate_window_days), exclude_interchange_id=interchange_id,
            ) if first is not None and not edited else []
            if not all_acks and not (earlier_run and _ack_recorded(s, interchange_id)):
                # Numbered inside this transaction: the ack exists only if everything here commits.
                ack_text = build_ack(rt, profile, path, syntax, report, allocator=SessionAllocator(
                    s, with_interchange=("group", "set") if syntax == "x12" else ("set",)))
                store_our_ack(s, rt, profile, syntax, interchange_id, ack_text)
            if repeats and profile.duplicates == "reject":
                assert first is not None
                reason = (f"interchange control number {first.control_number} from {first.sender} was already "
                          f"used by interchange {repeats[0]} within {profile.duplicate_window_days} days")
                for _, g, st in _sets(report):
                    d = docs.create_document(s, direction="inbound", partner_id=profile.id, doc_type=st.set_id,
                                             actor=rt.actor, interchange_id=interchange_id,
                                             interchange_control=first.control_number,
                                             group_control=g.control_number, set_control=st.control_number)
                    docs.transition(s, d, DocumentStatus.DUPLICATE, actor=rt.actor, step="duplicate",
                                    detail={"reason": reason, "original_interchange": repeats[0]})
                    outcome.documents.append(d.id)
                finish(len(outcome.documents))
                return outcome
            if repeats:
                record_event(s, interchange_id=interchange_id, step="duplicate", outcome="warning", actor=rt.actor,
                             detail={"control_number": first.control_number if first else None,
                                     "earlier": list(repeats), "policy": profile.duplicates},
                             flush=False)
            if not has_acks:  # the common case: envelope, ack, documents and split in ONE transaction
                outcome.documents.extend(_create_documents(s, rt, profile, interchange_id, report, translated,
                                                           translate_error, earlier_run=earlier_run,
                                                           fresh=outcome.fresh))
            finish(None if has_acks else len(outcome.documents))
        if has_acks:
            outcome.acks_received += reconcile_ack(rt, profile, path, syntax, interchange_id)
            with rt.ledger.transaction() as s:
                locked = interchanges.lock_for_split(s, interchange_id)
                if locked.processed_at is not None:
                    outcome.skipped, outcome.reason = True, "already processed"
                    return outcome
                outcome.documents.extend(_create_documents(s, rt, profile, interchange_id, report, translated,
                                                           translate_error))
                interchanges.finish_split(s, interchange_id, locked=locked, envelope=None, partner_id=profile.id,
                                          documents=len(outcome.documents), actor=rt.actor)
    if post:
        for doc_id in outcome.documents:
            post_document(rt, doc_id, fresh=outcome.fresh.get(doc_id))
    return outcome


def translated_documents(rt: Runtime, interchange_id: int) -> list[int]:
    """The interchange's inbound documents still waiting to be posted (status ``translated``).

    A worker that split an interchange and died while posting its documents inline leaves them
    here; the redelivered task finds the split done and posts these (posting is idempotent).
    """
    with rt.ledger.reading() as s:
        return list(s.scalars(select(Document.id).where(
            Document.interchange_id == interchange_id, Document.direction == "inbound",
            Document.status == DocumentStatus.TRANSLATED.value).order_by(Document.id)))


def _read_sets(path: Path, syntax: str) -> list[Any] | None:
    """The X12 file's sets, materialised once (None for EDIFACT, or when reading fails: then the
    overlay and the translator read the file themselves and report the problem as before)."""
    if syntax != "x12":
        return None
    from gateway.x12.engine import iter_transaction_sets

    try:
        return list(iter_transaction_sets(path))
    except GatewayError:
        return None


def _translate(path: Path, rt: Runtime, profile: PartnerProfile,
               sets: list[Any] | None = None) -> tuple[list[TranslatedDocument], str | None]:
    try:
        return translate_file(path, rt.registry, profile.id, sets=sets), None
    except GatewayError as exc:
        return [], str(exc)


def _ack_recorded(s: Session, interchange_id: int) -> bool:
    """Whether an earlier, interrupted run of this step already queued (or declined) our ack."""
    return s.scalar(select(Event.id).where(Event.interchange_id == interchange_id, Event.step == "ack_out")
                    .limit(1)) is not None


def _existing_documents(s: Session, interchange_id: int) -> dict[tuple[str | None, str | None], int]:
    """Documents an interrupted earlier run created for this interchange, by (group, set) control."""
    rows = s.execute(select(Document.group_control, Document.set_control, Document.id)
                     .where(Document.interchange_id == interchange_id, Document.direction == "inbound",
                            Document.resubmission_of_id.is_(None)))
    return {(g, c): i for g, c, i in rows}


def _create_documents(s: Session, rt: Runtime, profile: PartnerProfile, interchange_id: int, report: FileReport,
                      translated: list[TranslatedDocument], translate_error: str | None,
                      earlier_run: bool = True, fresh: dict[int, FreshDocument] | None = None) -> list[int]:
    """Create and move the interchange's documents inside the caller's transaction ``s``.

    ``earlier_run=False`` (no transaction of this step ever committed for the interchange) skips
    the look for documents an interrupted run left. Documents created ``translated`` are added
    to ``fresh`` with what their post needs.
    """
    by_key = {(t.set_id, t.control_number): t for t in translated}
    existing = _existing_documents(s, interchange_id) if earlier_run else {}
    created: list[int] = []
    for ic, g, st in _sets(report):
        if st.set_id in ACK_SETS:
            continue
        if (g.control_number, st.control_number) in existing:
            created.append(existing[(g.control_number, st.control_number)])
            continue
        item = by_key.get((st.set_id, st.control_number))
        valid = not (st.status == REJECTED or g.status == REJECTED or ic.status == REJECTED)
        if valid and item is not None and not any(f.severity == "error" for f in item.findings):
            canonical, key = item.document.model_dump(mode="json"), business_key(item.document)
            doc_id = docs.create_translated(
                s, partner_id=profile.id, doc_type=st.set_id, actor=rt.actor, interchange_id=interchange_id,
                interchange_control=ic.control_number, group_control=g.control_number,
                set_control=st.control_number, canonical=canonical, business_key=key,
                validate_warnings=[i.describe() for i in st.issues],
                translate_warnings=[f.message for f in item.findings])
            created.append(doc_id)
            if fresh is not None:
                fresh[doc_id] = FreshDocument(doc_id, profile.id, st.set_id, key, canonical)
            continue
        doc = docs.create_document(s, direction="inbound", partner_id=profile.id, doc_type=st.set_id,
                                   actor=rt.actor, interchange_id=interchange_id,
                                   interchange_control=ic.control_number, group_control=g.control_number,
                                   set_control=st.control_number)
        created.append(doc.id)
        if not valid:
            if item is not None:
                # Keep what could be read (PO number...) so operations can find the rejected set.
                docs.set_canonical(s, doc, item.document.model_dump(mode="json"), actor=rt.actor,
                                   business_key=business_key(item.document))
            issues = list(st.issues) + list(g.issues) + list(ic.issues)
            first = issues[0].describe() if issues else "the envelope or the set failed validation"
            docs.reject(s, doc, category="syntax", actor=rt.actor, issues=issues, step="validate",
                        reason=f"{st.set_id} {st.control_number} is not valid: {first}")
            continue
        docs.transition(s, doc, DocumentStatus.VALIDATED, actor=rt.actor, step="validate",
                        detail={"warnings": [i.describe() for i in st.issues]})
        if item is None:
            reason = translate_error or f"no mapping translates {st.set_id} for {profile.id}"
            docs.reject(s, doc, category="mapping", actor=rt.actor, step="translate", reason=reason)
            continue
        errors = [f for f in item.findings if f.severity == "error"]
        canonical = item.document.model_dump(mode="json")
        docs.set_canonical(s, doc, canonical, actor=rt.actor, business_key=business_key(item.document))
        if errors:
            category = "master_data" if any(f.code.startswith("UNKNOWN") for f in errors) else "mapping"
            text = "; ".join(f"{f.place + ': ' if f.place else ''}{f.message}" for f in errors)
            issues = [{"code": f.code, "message": f.message, "place": f.place} for f in errors]
            docs.fail(s, doc, category=category, reason=text, actor=rt.actor, issues=issues, step="translate")
            continue
        docs.transition(s, doc, DocumentStatus.TRANSLATED, actor=rt.actor, step="translate",
                        detail={"warnings": [f.message for f in item.findings]})
    return created
