"""Resubmission: a failed, rejected or dead-lettered inbound document runs again as a new attempt.

The original keeps its errors and timeline and becomes ``superseded``; the new document (linked
to it) is translated again from the stored raw interchange with today's profile, maps and
cross-references (``from_step="translate"``) or reuses the stored canonical document
(``from_step="post"``), then posted. The Odoo workflows' idempotency keys make a resubmission of
something that did reach Odoo resume rather than duplicate.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from gateway.errors import GatewayError
from gateway.ledger import documents as docs
from gateway.ledger import interchanges
from gateway.ledger.status import DocumentStatus
from gateway.mappings.service import translate_file
from gateway.pipeline.context import Runtime
from gateway.pipeline.inbound import business_key
from gateway.pipeline.posting import post_document

RESUBMITTABLE = {DocumentStatus.FAILED.value, DocumentStatus.REJECTED.value, DocumentStatus.DEAD_LETTERED.value,
                 DocumentStatus.DUPLICATE.value}


def resubmit_inbound(rt: Runtime, document_id: int, *, from_step: str = "translate", reason: str,
                     actor: str) -> tuple[int, str]:
    """Create and run the new attempt; return (new document id, its status)."""
    with rt.ledger.transaction() as s:
        original = docs.get_document(s, document_id)
        if original.direction != "inbound":
            raise GatewayError(f"document {document_id} is outbound; only inbound documents can be resubmitted here")
        if original.status not in RESUBMITTABLE:
            raise GatewayError(f"document {document_id} is {original.status}; only failed, rejected, "
                               "dead-lettered or duplicate documents can be resubmitted")
        new = docs.resubmit(s, document_id, actor=actor, reason=reason)
        new_id, ic_id, set_id, set_control = new.id, new.interchange_id, new.doc_type, new.set_control
        partner = new.partner_id
        docs.transition(s, new_id, DocumentStatus.VALIDATED, actor=actor, step="validate",
                        detail={"resubmission": True})
    if from_step == "translate":
        status = _retranslate(rt, new_id, ic_id, partner, set_id, set_control, actor)
        if status != DocumentStatus.TRANSLATED.value:
            return new_id, status
    else:
        with rt.ledger.transaction() as s:
            docs.transition(s, new_id, DocumentStatus.TRANSLATED, actor=actor, step="translate",
                            detail={"reused_canonical": True})
    return new_id, post_document(rt, new_id)


def _retranslate(rt: Runtime, doc_id: int, ic_id: int | None, partner: str, set_id: str,
                 set_control: str | None, actor: str) -> str:
    if ic_id is None:
        raise GatewayError(f"document {doc_id} has no stored interchange to translate again")
    with rt.ledger.reading() as s:
        raw = interchanges.raw_content(s, ic_id)
    rt.work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=rt.work_dir) as tmp:
        path = Path(tmp) / f"interchange-{ic_id}.edi"
        path.write_bytes(raw)
        try:
            found = [t for t in translate_file(path, rt.registry, partner)
                     if t.set_id == set_id and t.control_number == set_control]
        except GatewayError as exc:
            found, error = [], str(exc)
        else:
            error = f"set {set_id} {set_control} is no longer in interchange {ic_id}"
    with rt.ledger.transaction() as s:
        if not found:
            docs.fail(s, doc_id, category="mapping", reason=error, actor=actor, step="translate")
            return DocumentStatus.FAILED.value
        item = found[0]
        docs.set_canonical(s, doc_id, item.document.model_dump(mode="json"), actor=actor,
                           business_key=business_key(item.document))
        errors = [f for f in item.findings if f.severity == "error"]
        if errors:
            category = "master_data" if any(f.code.startswith("UNKNOWN") for f in errors) else "mapping"
            docs.fail(s, doc_id, category=category, actor=actor, step="translate",
                      reason="; ".join(f"{f.place + ': ' if f.place else ''}{f.message}" for f in errors),
                      issues=[{"code": f.code, "message": f.message, "place": f.place} for f in errors])
            return DocumentStatus.FAILED.value
        docs.transition(s, doc_id, DocumentStatus.TRANSLATED, actor=actor, step="translate")
    return DocumentStatus.TRANSLATED.value


def resubmit_edited(rt: Runtime, document_id: int, edited: bytes, *, reason: str, actor: str) -> list[int]:
    """Take a corrected copy of the partner's raw file for a document; return the new documents' ids.

    The copy is stored as a new interchange beside the original (same mailbox and partner, with
    who and why in its transport metadata); the original document becomes ``superseded``. The copy
    goes through every inbound step again; its reused interchange control number is expected and
    not treated as a duplicate.
    """
    from gateway.ledger.models import Document
    from gateway.pipeline.inbound import process_interchange

    with rt.ledger.reading() as s:
        original = docs.get_document(s, document_id)
        if original.direction != "inbound" or original.status not in RESUBMITTABLE:
            raise GatewayError(f"document {document_id} ({original.direction}, {original.status}) cannot be "
                               "resubmitted: only failed, rejected, dead-lettered or duplicate inbound documents")
        ic = interchanges.get_interchange(s, original.interchange_id) if original.interchange_id else None
        mailbox = ic.mailbox if ic else original.partner_id
        transport = ic.transport if ic else "local"
    received = rt.ledger.receive(edited, mailbox=mailbox, transport=transport, partner_id=original.partner_id,
                                 transport_meta={"edited_from": original.interchange_id, "document": document_id,
                                                 "by": actor, "reason": reason}, actor=actor)
    if received.duplicate:
        raise GatewayError(f"the edited file is identical to interchange {received.interchange_id} already received")
    with rt.ledger.transaction() as s:
        docs.transition(s, document_id, DocumentStatus.SUPERSEDED, actor=actor, step="resubmit",
                        detail={"reason": reason, "edited_interchange": received.interchange_id})
    outcome = process_interchange(rt, received.interchange_id, post=False)
    with rt.ledger.transaction() as s:
        for doc_id in outcome.documents:
            row = s.get(Document, doc_id)
            if row is not None and row.resubmission_of_id is None:
                row.resubmission_of_id = document_id
    for doc_id in outcome.documents:
        post_document(rt, doc_id)
    return outcome.documents
