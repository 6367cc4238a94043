"""The evidence pack of a document: everything needed to dispute a partner's chargeback, zipped.

Contents: the raw interchange exactly as received or sent, the acknowledgments about it (the
partner's 997/999/CONTRL/TA1 interchanges as received, MDN receipts with their details, ours as
sent with the time the outbox delivered them, null while unsent), the timeline with every timestamp, the SSCC list of a ship notice, and a manifest with the
SHA-256 of each file so the pack can be shown to be untouched. An interchange whose raw bytes
retention purged is listed in the manifest's ``purged`` ("raw content purged on DATE (retention
policy)") with its SHA-256 as recorded at receipt, instead of a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gateway.ledger.events import timeline
from gateway.ledger.models import Document, ExpectedAck, Interchange, OutboxEntry, ReceivedAck
from gateway.ledger.types import utcnow
from gateway.web.raw import raw_or_notice


def ssccs(canonical: dict[str, Any] | None) -> list[str]:
    """SSCCs of a ship notice or warehouse shipping advice (packs, pallets and lines), in order."""
    found: list[str] = []
    if not canonical:
        return found
    for order in canonical.get("orders") or []:
        for pack in order.get("packs") or []:
            for key in ("pallet_sscc", "sscc"):
                if pack.get(key) and pack[key] not in found:
                    found.append(pack[key])
    for line in canonical.get("lines") or []:
        if line.get("sscc") and line["sscc"] not in found:
            found.append(line["sscc"])
    return found


def _json(data: Any) -> bytes:
    def default(value: Any) -> str:
        return value.isoformat() if isinstance(value, datetime) else str(value)

    return json.dumps(data, indent=2, default=default).encode()


def build_pack(session: Session, doc: Document, *, generated_by: str) -> bytes:
    """The zip file of the evidence pack of ``doc``."""
    files: dict[str, bytes] = {}
    purged: dict[str, dict[str, Any]] = {}

    def add(name: str, interchange_id: int) -> None:
        data, notice = raw_or_notice(session, interchange_id)
        if data is not None:
            files[name] = data
        else:
            ic = session.get(Interchange, interchange_id)
            purged[name] = {"notice": notice, "interchange_id": interchange_id,
                            "sha256": ic.sha256 if ic else None, "size": ic.size if ic else None}

    if doc.interchange_id is not None:
        add(f"raw/interchange-{doc.interchange_id}.edi", doc.interchange_id)
    conditions = [ExpectedAck.document_id == doc.id]
    if doc.interchange_id is not None:
        conditions.append(ExpectedAck.interchange_id == doc.interchange_id)
    expected = session.scalars(select(ExpectedAck).where(or_(*conditions))).all()
    acks: list[dict[str, Any]] = []
    for exp in expected:
        for ack in session.scalars(select(ReceivedAck).where(ReceivedAck.expected_ack_id == exp.id)):
            acks.append({"kind": ack.kind, "level": ack.level, "result": ack.result, "received_at": ack.received_at,
                         "deadline": exp.deadline, "message_id": ack.message_id, "detail": ack.detail,
                         "ack_interchange_id": ack.ack_interchange_id})
            if ack.ack_interchange_id is not None:
                add(f"acks/received-{ack.kind}-{ack.ack_interchange_id}.edi", ack.ack_interchange_id)
    if doc.direction == "inbound" and doc.interchange_id is not None:
        for ic in session.scalars(select(Interchange).where(Interchange.partner_id == doc.partner_id,
                                                            Interchange.direction == "outbound")):
            meta = ic.transport_meta or {}
            if meta.get("acknowledges") == doc.interchange_id:
                add(f"acks/sent-{meta.get('kind', 'ack')}-{ic.id}.edi", ic.id)
                sent_at = session.scalar(select(func.min(OutboxEntry.sent_at)).where(
                    OutboxEntry.interchange_id == ic.id, OutboxEntry.sent_at.is_not(None)))
                acks.append({"kind": meta.get("kind"), "direction": "sent", "interchange_id": ic.id,
                             "stored_at": ic.recorded_at, "sent_at": sent_at})
    files["acks.json"] = _json(acks)
    files["timeline.json"] = _json([
        {"at": e.at, "step": e.step, "outcome": e.outcome, "actor": e.actor, "detail": e.detail}
        for e in timeline(session, document_id=doc.id, interchange_id=doc.interchange_id)])
    files["sscc.txt"] = "".join(f"{s}\n" for s in ssccs(doc.canonical)).encode()
    if doc.canonical:
        files["document.json"] = _json(doc.canonical)
    manifest = {
        "document_id": doc.id, "partner_id": doc.partner_id, "doc_type": doc.doc_type, "direction": doc.direction,
        "business_key": doc.business_key, "status": doc.status, "interchange_control": doc.interchange_control,
        "set_control": doc.set_control, "generated_at": utcnow(), "generated_by": generated_by,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        "purged": dict(sorted(purged.items())),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(files.items()):
            zf.writestr(name, data)
        zf.writestr("manifest.json", _json(manifest))
    return buf.getvalue()
