"""The console's write actions on documents: resubmit and cancel, in one place.

Resubmitting runs the pipeline's own functions when the console was started with a pipeline
runtime: an inbound document through :func:`gateway.pipeline.resubmit.resubmit_inbound` (a new
attempt, translated again with today's profile from the stored raw interchange, or from the
stored canonical document, then posted), an outbound one through
:func:`gateway.pipeline.resubmit.regenerate_outbound` (rebuilt with new control numbers and sent
again). Without a runtime (a read-only deployment of the console) the ledger records the new
attempt and leaves it for the workers. Cancelling is a ledger transition with the reason; the
pipeline has no cancel step of its own. Each action also writes the audit log in the same
transaction as its ledger change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gateway.errors import GatewayError
from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.ledger.status import DocumentStatus, allowed_next
from gateway.web import audit
from gateway.web.users import Principal

if TYPE_CHECKING:
    from gateway.pipeline.context import Runtime

RESUBMIT_STEPS = ("translate", "post")


class ActionError(GatewayError):
    """An action the document's state does not allow, or a request missing what it needs."""


@dataclass(frozen=True)
class ActionResult:
    """What an action did: the document acted on, the new attempt (if any) and its status."""

    document_id: int
    new_document_id: int | None
    status: str
    message: str


def can_resubmit(direction: str, status: str) -> bool:
    """Whether a document in ``status`` may be resubmitted (it can become ``superseded``)."""
    return DocumentStatus.SUPERSEDED in allowed_next(direction, status) and status != DocumentStatus.POSTED.value


def can_cancel(direction: str, status: str) -> bool:
    """Whether a document in ``status`` may be cancelled."""
    return DocumentStatus.CANCELLED in allowed_next(direction, status)


def resubmit(ledger: Ledger, runtime: Runtime | None, document_id: int, *, who: Principal, reason: str,
             from_step: str = "translate", remote_addr: str | None = None) -> ActionResult:
    """Resubmit a document as a new attempt (through the pipeline when it is available)."""
    if from_step not in RESUBMIT_STEPS:
        raise ActionError(f"cannot resubmit from step {from_step!r}; use one of {', '.join(RESUBMIT_STEPS)}")
    reason = reason.strip() or "resubmitted from the console"
    with ledger.reading() as s:
        doc = docs.get_document(s, document_id)
        direction, status = doc.direction, doc.status
    if not can_resubmit(direction, status):
        raise ActionError(f"document {document_id} is {status}; it cannot be resubmitted")
    if runtime is not None and direction == "outbound":
        from gateway.pipeline.resubmit import regenerate_outbound

        new_id = regenerate_outbound(runtime, document_id, reason=reason, actor=who.actor)
        with ledger.transaction() as s:
            new_status = docs.get_document(s, new_id).status
            audit.record(s, actor=who.actor, action="resubmit", target=f"document:{document_id}",
                         detail={"reason": reason, "new_document": new_id, "status": new_status,
                                 "via": "pipeline.regenerate"}, remote_addr=remote_addr)
        return ActionResult(document_id, new_id, new_status,
                            f"regenerated as document {new_id} with new control numbers ({new_status})")
    if runtime is not None and direction == "inbound":
        from gateway.pipeline.resubmit import resubmit_inbound

        new_id, new_status = resubmit_inbound(runtime, document_id, from_step=from_step, reason=reason,
                                              actor=who.actor)
        with ledger.transaction() as s:
            audit.record(s, actor=who.actor, action="resubmit", target=f"document:{document_id}",
                         detail={"reason": reason, "from_step": from_step, "new_document": new_id,
                                 "status": new_status, "via": "pipeline"}, remote_addr=remote_addr)
        return ActionResult(document_id, new_id, new_status,
                            f"resubmitted as document {new_id}, which is now {new_status}")
    with ledger.transaction() as s:
        new = docs.resubmit(s, document_id, actor=who.actor, reason=reason)
        audit.record(s, actor=who.actor, action="resubmit", target=f"document:{document_id}",
                     detail={"reason": reason, "from_step": from_step, "new_document": new.id,
                             "status": new.status, "via": "ledger"}, remote_addr=remote_addr)
        return ActionResult(document_id, new.id, new.status,
                            f"resubmitted as document {new.id}; it waits for the workers ({new.status})")


def cancel(ledger: Ledger, document_id: int, *, who: Principal, reason: str,
           remote_addr: str | None = None) -> ActionResult:
    """Cancel a document with a reason (required: it is what the next person will read)."""
    reason = reason.strip()
    if not reason:
        raise ActionError("give a reason to cancel a document")
    with ledger.transaction() as s:
        doc = docs.get_document(s, document_id)
        if not can_cancel(doc.direction, doc.status):
            raise ActionError(f"document {document_id} is {doc.status}; it cannot be cancelled")
        docs.transition(s, document_id, DocumentStatus.CANCELLED, actor=who.actor, step="cancel",
                        detail={"reason": reason})
        audit.record(s, actor=who.actor, action="cancel", target=f"document:{document_id}",
                     detail={"reason": reason}, remote_addr=remote_addr)
    return ActionResult(document_id, None, DocumentStatus.CANCELLED.value, f"document {document_id} cancelled")
