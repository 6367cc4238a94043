"""Partner acknowledgments of what we sent: 997/999 and CONTRL matched to our outbound documents.

Each acknowledged set (997 AK2/AK5, 999 IK5) or interchange (CONTRL UCI, with UCM per message)
is recorded in the ledger's received acks and matched to the expectation created when we sent the
document; the outbound document then moves to acknowledged, accepted with errors, partially
accepted or rejected. :func:`check_overdue` flags expectations past their deadline and alerts.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from gateway.ledger import acks as ledger_acks
from gateway.ledger import documents as docs
from gateway.ledger.events import record_event
from gateway.ledger.status import DocumentStatus, is_legal
from gateway.partners.model import PartnerProfile
from gateway.pipeline.context import Runtime

log = logging.getLogger(__name__)

RESULT_STATUS = {"A": DocumentStatus.ACKNOWLEDGED, "E": DocumentStatus.ACCEPTED_WITH_ERRORS,
                 "P": DocumentStatus.PARTIALLY_ACCEPTED, "R": DocumentStatus.REJECTED,
                 "M": DocumentStatus.REJECTED, "W": DocumentStatus.REJECTED, "X": DocumentStatus.REJECTED}
CONTRL_RESULT = {"7": "A", "8": "A", "4": "R"}


def _x12_results(path: Path) -> list[dict[str, str | None]]:
    from gateway.x12.engine import iter_transaction_sets

    out: list[dict[str, str | None]] = []
    for parsed in iter_transaction_sets(path):
        if parsed.set_id not in ("997", "999"):
            continue
        group = None
        group_result = None
        sets: list[dict[str, str | None]] = []
        current: dict[str, str | None] | None = None
        for seg in parsed.segments:
            tag = seg[0]
            if tag == "AK1" and len(seg) > 2:
                group = seg[2]
            elif tag == "AK2" and len(seg) > 2:
                current = {"kind": parsed.set_id, "group": group, "set": seg[2], "result": None}
                sets.append(current)
            elif tag in ("AK5", "IK5") and current is not None and len(seg) > 1:
                current["result"] = seg[1]
            elif tag == "AK9" and len(seg) > 1:
                group_result = seg[1]
        for item in sets:
            item["result"] = item["result"] or group_result or "A"
        if not sets and group is not None:
            sets.append({"kind": parsed.set_id, "group": group, "set": None, "result": group_result or "A"})
        out.extend(sets)
    return out


def _contrl_results(path: Path) -> list[dict[str, str | None]]:
    from gateway.edifact.engine import iter_messages

    out: list[dict[str, str | None]] = []
    for msg in iter_messages(path):
        if msg.message_type != "CONTRL":
            continue
        uci_ref, uci_action, rejected, accepted = None, None, 0, 0
        for seg in msg.segments:
            if seg.tag == "UCI":
                uci_ref, uci_action = seg.value(1), seg.value(4)
            elif seg.tag == "UCM":
                if seg.value(3) == "4":
                    rejected += 1
                else:
                    accepted += 1
        result = CONTRL_RESULT.get(uci_action or "", "A")
        if result == "A" and rejected:
            result = "P" if accepted else "R"
        out.append({"kind": "CONTRL", "interchange": uci_ref, "result": result})
    return out


def reconcile_ack(rt: Runtime, profile: PartnerProfile, path: Path, syntax: str, ack_interchange_id: int) -> int:
    """Record every acknowledgment in ``path`` and move the documents it answers; return how many."""
    results = _x12_results(path) if syntax == "x12" else _contrl_results(path)
    count = 0
    for item in results:
        with rt.ledger.transaction() as s:
            if item["kind"] == "CONTRL":
                ack = ledger_acks.record_received_ack(
                    s, partner_id=profile.id, kind="CONTRL", level="interchange", result=str(item["result"]),
                    actor=rt.actor, ack_interchange_id=ack_interchange_id, interchange_control=item["interchange"])
            else:
                ack = ledger_acks.record_received_ack(
                    s, partner_id=profile.id, kind=str(item["kind"]), level="set", result=str(item["result"]),
                    actor=rt.actor, ack_interchange_id=ack_interchange_id, group_control=item["group"],
                    set_control=item["set"])
            count += 1
            if ack.expected_ack_id is None:
                continue
            expected = s.get(ledger_acks.ExpectedAck, ack.expected_ack_id)
            if expected is None or expected.document_id is None:
                continue
            _apply_result(rt, s, expected.document_id, str(item["result"]), ack_interchange_id)
    return count


def _apply_result(rt: Runtime, s: object, document_id: int, result: str, ack_interchange_id: int) -> None:
    status = RESULT_STATUS.get(result, DocumentStatus.REJECTED)
    doc = docs.get_document(s, document_id)  # type: ignore[arg-type]
    if not is_legal(doc.direction, doc.status, status):
        record_event(s, document_id=document_id, step="ack_result", outcome="ignored", actor=rt.actor,  # type: ignore[arg-type]
                     detail={"result": result, "status": doc.status})
        return
    if status is DocumentStatus.REJECTED:
        docs.reject(s, document_id, category="syntax", actor=rt.actor, step="ack_result",  # type: ignore[arg-type]
                    reason=f"the partner rejected it in its acknowledgment (interchange {ack_interchange_id}, "
                           f"code {result})")
    else:
        docs.transition(s, document_id, status, actor=rt.actor, step="ack_result",  # type: ignore[arg-type]
                        detail={"result": result, "ack_interchange": ack_interchange_id})


def check_overdue(rt: Runtime, now: datetime | None = None) -> list[int]:
    """Flag acknowledgments past their deadline, mark their documents overdue, alert; return document ids."""
    flagged: list[int] = []
    with rt.ledger.transaction() as s:
        for exp in ledger_acks.mark_overdue(s, actor=rt.actor, now=now):
            message = (f"partner {exp.partner_id}: {exp.kind} for interchange {exp.interchange_id} is overdue "
                       f"(deadline {exp.deadline.isoformat()})")
            rt.alert(message)
            if exp.document_id is not None:
                doc = docs.get_document(s, exp.document_id)
                if is_legal(doc.direction, doc.status, DocumentStatus.OVERDUE):
                    docs.transition(s, exp.document_id, DocumentStatus.OVERDUE, actor=rt.actor, step="ack_overdue",
                                    detail={"kind": exp.kind, "deadline": exp.deadline.isoformat()})
                flagged.append(exp.document_id)
    return flagged
