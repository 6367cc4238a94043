"""The post step: a translated inbound document becomes Odoo records, exactly once.

The canonical JSON stored in the ledger is turned into the workflow's request by
:mod:`gateway.pipeline.odoo_bridge` and posted; the workflow itself checks its idempotency key in
Odoo first, so a retry after a crash resumes instead of duplicating. Before posting, the same
business document (partner + type + key) already posted is handled per the partner's duplicate
policy. Odoo being down is transient: the document is failed with a retry time (exponential
backoff with jitter) and dead-lettered after the last attempt. Master-data and business-rule
refusals wait for an operator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gateway.documents import (
    FreightInvoice,
    PurchaseOrder,
    ShipmentStatus,
    ShipNotice,
    WarehouseShippingAdvice,
)
from gateway.errors import GatewayError
from gateway.ledger import documents as docs
from gateway.ledger import duplicates
from gateway.ledger.status import DocumentStatus, IllegalTransition
from gateway.ledger.types import utcnow
from gateway.observability.instrument import step
from gateway.observability.logging import bind_correlation
from gateway.odoo.errors import OdooError
from gateway.odoo.workflows.common import WorkflowError, WorkflowResult
from gateway.odoo.workflows.delivery import apply_shipping_advice
from gateway.odoo.workflows.freight_bill import import_freight_invoice
from gateway.odoo.workflows.receipt import receive_ship_notice
from gateway.odoo.workflows.sale_order import import_sale_order
from gateway.odoo.workflows.shipment_status import record_shipment_status
from gateway.partners.model import PartnerProfile
from gateway.pipeline import odoo_bridge
from gateway.pipeline.context import Runtime
from gateway.pipeline.failures import StepFailure

log = logging.getLogger(__name__)

CATEGORY = {"master_data": "master_data", "duplicate": "odoo_business_rule", "odoo_business": "odoo_business_rule",
            "mismatch": "odoo_business_rule", "mapping": "mapping"}


def _post_order(rt: Runtime, doc: Any, profile: PartnerProfile, doc_id: str) -> list[WorkflowResult]:
    client, cache = rt.odoo()
    return [import_sale_order(client, cache, odoo_bridge.sale_order_request(doc, profile, doc_id))]


def _post_advice(rt: Runtime, doc: Any, profile: PartnerProfile, doc_id: str) -> list[WorkflowResult]:
    client, cache = rt.odoo()
    return [apply_shipping_advice(client, cache, odoo_bridge.shipping_advice_request(doc, profile, doc_id))]


def _post_receipt(rt: Runtime, doc: Any, profile: PartnerProfile, doc_id: str) -> list[WorkflowResult]:
    client, cache = rt.odoo()
    return [receive_ship_notice(client, cache, r) for r in odoo_bridge.receipt_requests(doc, profile, doc_id)]


def _post_status(rt: Runtime, doc: Any, profile: PartnerProfile, doc_id: str) -> list[WorkflowResult]:
    client, _cache = rt.odoo()
    return [record_shipment_status(client, r) for r in odoo_bridge.shipment_status_requests(doc, profile, doc_id)]


def _post_freight(rt: Runtime, doc: Any, profile: PartnerProfile, doc_id: str) -> list[WorkflowResult]:
    client, cache = rt.odoo()
    return [import_freight_invoice(client, cache, odoo_bridge.freight_invoice_request(doc, profile, doc_id))]


Poster = Callable[[Runtime, Any, PartnerProfile, str], list[WorkflowResult]]
POSTERS: dict[str, tuple[type[Any], Poster]] = {
    "purchase_order": (PurchaseOrder, _post_order),
    "warehouse_shipping_advice": (WarehouseShippingAdvice, _post_advice),
    "shipment_status": (ShipmentStatus, _post_status),
    "ship_notice": (ShipNotice, _post_receipt),
    "freight_invoice": (FreightInvoice, _post_freight),
}


def plan_requests(canonical: dict[str, Any], profile: PartnerProfile, document_id: str) -> list[Any]:
    """The workflow requests a canonical document would post (no Odoo call): used by replay dry runs."""
    kind = canonical.get("doc_type", "")
    model = POSTERS[kind][0].model_validate(canonical) if kind in POSTERS else None
    if model is None:
        return []
    if kind == "purchase_order":
        return [odoo_bridge.sale_order_request(model, profile, document_id)]
    if kind == "warehouse_shipping_advice":
        return [odoo_bridge.shipping_advice_request(model, profile, document_id)]
    if kind == "shipment_status":
        return list(odoo_bridge.shipment_status_requests(model, profile, document_id))
    if kind == "ship_notice":
        return list(odoo_bridge.receipt_requests(model, profile, document_id))
    return [odoo_bridge.freight_invoice_request(model, profile, document_id)]


def _duplicate_in(s: Any, rt: Runtime, doc: Any, profile: PartnerProfile, earlier: int | None = None) -> bool:
    """True when the locked row ``doc`` must not be posted because the same business document already was.

    Applies the partner's policy inside the caller's transaction (``reject``: the document becomes
    ``duplicate``; ``warn``: an event, and it is posted).

    ``earlier``: the earlier copy when the caller already looked it up in this transaction.
    """
    doc_id = doc.id
    if earlier is None:
        earlier = _earlier_copy(s, doc, profile)
    if earlier is None:
        return False
    reason = f"{doc.doc_type} {doc.business_key} from {doc.partner_id} is already document {earlier}"
    if profile.duplicates == "reject":
        docs.transition(s, doc, DocumentStatus.DUPLICATE, actor=rt.actor, step="duplicate",
                        detail={"reason": reason, "original": earlier})
        return True
    from gateway.ledger.events import record_event

    record_event(s, document_id=doc_id, step="duplicate", outcome="warning", actor=rt.actor,
                 detail={"reason": reason, "original": earlier, "policy": "warn"}, flush=False)
    return False


def _claim(rt: Runtime, doc_id: int) -> tuple[str, bool, Any, PartnerProfile | None]:
    """Lock the document and decide in ONE transaction whether it is to be posted now.

    Returns (status, go, canonical, profile). A failed document due for retry is moved back to
    ``translated``; a translated one gets its duplicate check. Anything else is left alone. The
    common case (translated, no earlier copy) reads only the columns it needs, with the row lock,
    and loads the ORM row only when it has to move the document.
    """
    with rt.ledger.transaction() as s:
        row = docs.claim_columns(s, doc_id)
        status, canonical = row.status, row.canonical
        retrying = status == DocumentStatus.FAILED.value and row.error_category in ("transport", "internal") \
            and canonical is not None
        if status != DocumentStatus.TRANSLATED.value and not retrying:
            return status, False, canonical, None
        profile = rt.profile(row.partner_id)
        if retrying:
            docs.transition(s, docs.get_document(s, doc_id, lock=True), DocumentStatus.TRANSLATED, actor=rt.actor,
                            step="retry", expected_from=DocumentStatus.FAILED)
        elif (earlier := _earlier_copy(s, row, profile)) is not None and \
                _duplicate_in(s, rt, docs.get_document(s, doc_id, lock=True), profile, earlier):
            return DocumentStatus.DUPLICATE.value, False, canonical, profile
        return DocumentStatus.TRANSLATED.value, True, canonical, profile


def _earlier_copy(s: Any, row: Any, profile: PartnerProfile) -> int | None:
    """The earlier live document with the same business key, when the partner's policy cares."""
    if not row.business_key or profile.duplicates == "process":
        return None
    return duplicates.earlier_business_document(
        s, partner_id=row.partner_id, doc_type=row.doc_type, business_key=row.business_key,
        before_document_id=row.id, except_document_id=getattr(row, "resubmission_of_id", None))


@dataclass(frozen=True, slots=True)
class FreshDocument:
    """A document the caller created ``translated`` a moment ago, with what its post would read back.

    The split step hands these to :func:`post_document` when it posts right away: the row cannot
    have moved yet (no other task knows its id), so the claim's locked read is skipped and only the
    duplicate question is asked (a read, after the split committed). A document that has an
    earlier copy goes through the full claim, which decides and records it.
    """

    id: int
    partner_id: str
    doc_type: str
    business_key: str | None
    canonical: dict[str, Any]


def post_document(rt: Runtime, doc_id: int, *, fresh: FreshDocument | None = None) -> str:
    """Post one translated document (no-op for any other status); return its status afterwards.

    Runs under the document's correlation id, timed and logged as the ``post`` step. ``fresh``:
    see :class:`FreshDocument`.
    """
    with bind_correlation(document_id=doc_id), step("post", "inbound", document=doc_id):
        return _post_document(rt, doc_id, fresh)


def _fresh_claim(rt: Runtime, fresh: FreshDocument) -> tuple[str, bool, Any, PartnerProfile | None] | None:
    """The claim of a just-created document when it has no earlier copy; None: take the full claim."""
    profile = rt.profile(fresh.partner_id)
    with rt.ledger.reading() as s:
        if _earlier_copy(s, fresh, profile) is not None:
            return None
    return DocumentStatus.TRANSLATED.value, True, fresh.canonical, profile


def _post_document(rt: Runtime, doc_id: int, fresh: FreshDocument | None = None) -> str:
    """Post one translated document (no-op for any other status); return its status afterwards."""
    claimed = _fresh_claim(rt, fresh) if fresh is not None and fresh.id == doc_id else None
    try:
        status, go, canonical, profile = claimed or _claim(rt, doc_id)
    except IllegalTransition as exc:  # another worker took this retry
        return exc.current
    if not go:
        return status
    assert profile is not None
    kind = (canonical or {}).get("doc_type", "")
    if kind not in POSTERS:
        with rt.ledger.transaction() as s:
            docs.fail(s, doc_id, category="internal", actor=rt.actor, step="post",
                      reason=f"posting {kind or 'this document'} to Odoo is not supported yet")
        return DocumentStatus.FAILED.value
    model_cls, poster = POSTERS[kind]
    try:
        results = poster(rt, model_cls.model_validate(canonical), profile, str(doc_id))
    except odoo_bridge.BridgeError as exc:
        return _failed(rt, doc_id, StepFailure(exc.category, exc.reason))
    except WorkflowError as exc:
        return _failed(rt, doc_id, StepFailure(CATEGORY.get(exc.category, "odoo_business_rule"), exc.reason,
                                               issues=[{"code": exc.category, "message": exc.reason,
                                                        **({"key": exc.key} if exc.key else {})}]))
    except OdooError as exc:
        return _failed(rt, doc_id, StepFailure("transport" if exc.retryable else "odoo_business_rule", str(exc),
                                               transient=exc.retryable))
    except StepFailure as exc:
        return _failed(rt, doc_id, exc)
    except (OSError, GatewayError) as exc:
        return _failed(rt, doc_id, StepFailure("transport", f"Odoo is unreachable: {exc}", transient=True))
    refs = {"records": [{"model": r.model, "id": r.record_id, "name": r.name, "key": r.key, "status": r.status,
                         "warnings": r.warnings} for r in results]}
    detail = {"records": [f"{r.model} {r.name}" for r in results]}
    with rt.ledger.transaction() as s:
        if not docs.mark_posted(s, doc_id, refs, actor=rt.actor, detail=detail):
            # moved on since the claim (another worker posted it): the checked path says how
            row = docs.get_document(s, doc_id, lock=True)
            docs.add_odoo_refs(s, row, refs, actor=rt.actor)
            docs.transition(s, row, DocumentStatus.POSTED, actor=rt.actor, step="post", detail=detail)
    return DocumentStatus.POSTED.value


def _failed(rt: Runtime, doc_id: int, failure: StepFailure) -> str:
    with rt.ledger.transaction() as s:
        row = docs.get_document(s, doc_id, lock=True)
        attempt = row.attempts + 1
        retry_at = rt.retry.next_attempt(attempt, utcnow()) if failure.transient else None
        docs.fail(s, row, category=failure.category, reason=failure.reason, actor=rt.actor,
                  issues=failure.issues, retry_at=retry_at, step="post")
        if failure.transient and retry_at is None:
            docs.dead_letter(s, row, actor=rt.actor,
                             reason=f"gave up after {attempt} attempts: {failure.reason}")
            log.warning("document %s dead-lettered: %s", doc_id, failure.reason)
            return DocumentStatus.DEAD_LETTERED.value
    return DocumentStatus.FAILED.value


def retry_due(rt: Runtime, limit: int = 100) -> list[tuple[int, str]]:
    """Post again every failed document whose retry time has come; return (id, new status)."""
    with rt.ledger.reading() as s:
        due = [d.id for d in docs.due_for_retry(s, limit=limit)]
    return [(doc_id, post_document(rt, doc_id)) for doc_id in due]
