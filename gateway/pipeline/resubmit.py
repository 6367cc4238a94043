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


OUTBOUND_REDO = {DocumentStatus.REJECTED.value, DocumentStatus.OVERDUE.value, DocumentStatus.FAILED.value,
                 DocumentStatus.DEAD_LETTERED.value, DocumentStatus.PARTIALLY_ACCEPTED.value,
                 DocumentStatus.ACCEPTED_WITH_ERRORS.value}


def regenerate_outbound(rt: Runtime, document_id: int, *, reason: str, actor: str) -> int:
    """Rebuild an outbound document the partner rejected (or never acknowledged) and send it again.

    A 940 read from Odoo is read again (so a fix made in Odoo is picked up); other types are
    re-rendered from the stored canonical document with today's profile. Either way the new
    document gets new control numbers, is linked to the original (``regenerated_from``), and the
    original becomes ``superseded``.
    """
    from gateway.documents import Invoice, PurchaseOrder, ShipNotice, WarehouseShippingOrder
    from gateway.pipeline.odoo_out import _customer_carrier, _locations, shipping_order_document
    from gateway.pipeline.outbound import create_outbound

    models = {"850": PurchaseOrder, "856": ShipNotice, "DESADV": ShipNotice, "940": WarehouseShippingOrder,
              "INVOIC": Invoice, "810": Invoice}
    with rt.ledger.reading() as s:
        original = docs.get_document(s, document_id)
        if original.direction != "outbound" or original.status not in OUTBOUND_REDO:
            raise GatewayError(f"document {document_id} ({original.direction}, {original.status}) cannot be "
                               "regenerated: only outbound documents rejected, overdue, failed or partly accepted")
        partner, doc_type = original.partner_id, original.doc_type
        canonical, refs = original.canonical, dict(original.odoo_refs or {})
    if doc_type not in models or canonical is None:
        raise GatewayError(f"document {document_id}: regenerating a {doc_type} is not supported")
    document = models[doc_type].model_validate(canonical)
    source = refs.get("source") or {}
    if doc_type == "940" and source.get("id"):
        from gateway.odoo.workflows.warehouse_order_out import deliveries_to_send

        client, _ = rt.odoo()
        fresh = [o for o in deliveries_to_send(client, "WH", partner) if o.odoo_id == source["id"]]
        if fresh:
            document = shipping_order_document(fresh[0], rt.profile(partner), _locations(rt.registry),
                                               _customer_carrier(rt, fresh[0].customer_po))
            source = {**source, "write_date": fresh[0].write_date}
    with rt.ledger.transaction() as s:
        docs.transition(s, document_id, DocumentStatus.SUPERSEDED, actor=actor, step="regenerate",
                        detail={"reason": reason})
    return create_outbound(rt, partner, doc_type, document, regenerated_from_id=document_id,
                           source={"source": source} if source else None)
