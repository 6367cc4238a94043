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
