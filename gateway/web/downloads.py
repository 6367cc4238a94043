"""Downloads of a document's raw EDI, its acknowledgment and its evidence pack (audited).

The acknowledgment of an outbound document is the partner's ack interchange matched to it; of an
inbound document, the ack we built for its interchange.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gateway.ledger import documents as docs
from gateway.ledger.interchanges import LedgerNotFound
from gateway.ledger.models import Document, ExpectedAck, Interchange, ReceivedAck
from gateway.web import audit
from gateway.web.auth import context
from gateway.web.evidence import build_pack
from gateway.web.raw import raw_or_notice
from gateway.web.users import Principal


def _audit(request: Request, user: Principal, action: str, document_id: int) -> None:
    ctx = context(request)
    with ctx.ledger.transaction() as s:
        audit.record(s, actor=user.actor, action=action, target=f"document:{document_id}",
                     remote_addr=request.client.host if request.client else None)
    ctx.metrics.actions.labels(action, "ok").inc()


def _attachment(data: bytes, name: str, media: str) -> Response:
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _bytes_or_410(s: Session, interchange_id: int) -> bytes:
    """The interchange's bytes; 410 Gone saying when when retention purged them."""
    data, notice = raw_or_notice(s, interchange_id)
    if data is None:
        raise HTTPException(410, f"interchange {interchange_id}: {notice}")
    return data


def raw(request: Request, user: Principal, document_id: int) -> Response:
    """The raw interchange bytes of the document."""
    with context(request).ledger.reading() as s:
        try:
            doc = docs.get_document(s, document_id)
        except LedgerNotFound:
            raise HTTPException(404, f"document {document_id} is not in the ledger") from None
        if doc.interchange_id is None:
            raise HTTPException(404, f"document {document_id} has no stored interchange")
        data = _bytes_or_410(s, doc.interchange_id)
    _audit(request, user, "download_raw", document_id)
    return _attachment(data, f"document-{document_id}-interchange-{doc.interchange_id}.edi", "application/edi-x12")


def _ack_interchange(s: Session, doc: Document) -> int | None:
    if doc.direction == "outbound":
        conditions = [ExpectedAck.document_id == doc.id]
        if doc.interchange_id is not None:
            conditions.append(ExpectedAck.interchange_id == doc.interchange_id)
        found = s.scalars(select(ReceivedAck).join(ExpectedAck, ExpectedAck.id == ReceivedAck.expected_ack_id)
                          .where(or_(*conditions), ReceivedAck.ack_interchange_id.is_not(None))
                          .order_by(ReceivedAck.id.desc())).first()
        return found.ack_interchange_id if found else None
    for ic in s.scalars(select(Interchange).where(Interchange.partner_id == doc.partner_id,
                                                  Interchange.direction == "outbound")
                        .order_by(Interchange.id.desc())):
        if (ic.transport_meta or {}).get("acknowledges") == doc.interchange_id:
            return ic.id
    return None


def ack(request: Request, user: Principal, document_id: int) -> Response:
    """The acknowledgment interchange about the document."""
    with context(request).ledger.reading() as s:
        try:
            doc = docs.get_document(s, document_id)
        except LedgerNotFound:
            raise HTTPException(404, f"document {document_id} is not in the ledger") from None
        ack_id = _ack_interchange(s, doc)
        if ack_id is None:
            raise HTTPException(404, f"no acknowledgment is stored for document {document_id}")
        data = _bytes_or_410(s, ack_id)
    _audit(request, user, "download_ack", document_id)
    return _attachment(data, f"document-{document_id}-ack-{ack_id}.edi", "application/edi-x12")


def evidence(request: Request, user: Principal, document_id: int) -> Response:
    """The evidence pack of the document as a zip."""
    with context(request).ledger.reading() as s:
        try:
            doc = docs.get_document(s, document_id)
        except LedgerNotFound:
            raise HTTPException(404, f"document {document_id} is not in the ledger") from None
        data = build_pack(s, doc, generated_by=user.actor)
    _audit(request, user, "download_evidence", document_id)
    return _attachment(data, f"evidence-{doc.partner_id}-{document_id}.zip", "application/zip")
