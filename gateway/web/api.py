"""The JSON API under ``/api``: the console's data and actions for scripts and other systems.

Authenticate with ``Authorization: Bearer <token>`` (``edi-gateway web token create``) or a
console session (then writes need the ``X-CSRF-Token`` header). FastAPI publishes the OpenAPI
description at ``/api/openapi.json`` and the interactive docs at ``/api/docs``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from gateway.errors import GatewayError
from gateway.ledger import documents as docs
from gateway.ledger.interchanges import LedgerNotFound
from gateway.ledger.types import utcnow
from gateway.reports import Period, build_report
from gateway.reports.render import plain
from gateway.web import actions, audit, downloads, queries
from gateway.web.auth import api_user, context, require_csrf, require_role
from gateway.web.detail import document_json, document_view
from gateway.web.partner_view import profile_summary, scorecard, transport_health
from gateway.web.users import Principal

router = APIRouter(prefix="/api", tags=["api"])
Caller = Annotated[Principal, Depends(api_user)]


class ResubmitRequest(BaseModel):
    """Resubmit a document as a new attempt."""

    reason: str = Field(default="", description="Why (kept in the timeline and audit log).")
    from_step: str = Field(default="translate", description="translate (read the raw EDI again) or post.")


class CancelRequest(BaseModel):
    """Cancel a document."""

    reason: str = Field(min_length=1, description="Why (required).")


@router.get("/me")
def me(caller: Caller) -> dict[str, str]:
    """Who the API sees."""
    return {"username": caller.username, "role": caller.role, "via": caller.via}


@router.get("/dashboard")
def dashboard(request: Request, caller: Caller) -> JSONResponse:
    """Volumes by partner and type (7 days), failures by category, overdue acks, backlog, alerts."""
    with context(request).ledger.reading() as s:
        d = queries.dashboard(s)
    return JSONResponse(jsonable_encoder({
        "volumes": [{"partner_id": p, "direction": di, "doc_type": t, "count": n} for p, di, t, n in d.volumes],
        "failures": [{"category": c, "count": n} for c, n in d.failures], "overdue_acks": d.overdue_acks,
        "backlog": d.backlog, "dead_letters": d.dead_letters, "outbox_dead": d.outbox_dead, "alerts": d.alerts}))


@router.get("/documents")
def list_documents(request: Request, caller: Caller, partner_id: str | None = None, doc_type: str | None = None,
                   direction: str | None = None, status: str | None = None, date_from: date | None = None,
                   date_to: date | None = None, q: str | None = None,
                   page: Annotated[int, Query(ge=1)] = 1) -> JSONResponse:
    """Documents matching the filters, newest first, one page at a time."""
    ctx = context(request)
    f = queries.DocumentFilter(partner_id, doc_type, direction, status, date_from, date_to, q, page)
    with ctx.ledger.reading() as s:
        rows, total = queries.search_documents(s, f, page_size=ctx.settings.page_size)
        items = [{"id": d.id, "partner_id": d.partner_id, "direction": d.direction, "doc_type": d.doc_type,
                  "status": d.status, "business_key": d.business_key, "set_control": d.set_control,
                  "created_at": d.created_at, "error_reason": d.error_reason} for d in rows]
    return JSONResponse(jsonable_encoder({"total": total, "page": f.page, "page_size": ctx.settings.page_size,
                                          "items": items}))


@router.get("/documents/{document_id}")
def get_document(request: Request, caller: Caller, document_id: int) -> JSONResponse:
    """One document with errors, timeline, obligations, failing segments and allowed actions."""
    ctx = context(request)
    with ctx.ledger.reading() as s:
        try:
            doc = docs.get_document(s, document_id)
        except LedgerNotFound:
            raise HTTPException(404, f"document {document_id} is not in the ledger") from None
        data = document_json(document_view(s, doc, ctx.registry.get(doc.partner_id), utcnow()))
    return JSONResponse(jsonable_encoder(data))


def _run(request: Request, caller: Caller, document_id: int, name: str, run: Any) -> JSONResponse:
    require_role(request, caller, "operator")
    require_csrf(request, caller, None)
    ctx = context(request)
    try:
        result = run(ctx)
    except LedgerNotFound:
        raise HTTPException(404, f"document {document_id} is not in the ledger") from None
    except GatewayError as exc:
        ctx.metrics.actions.labels(name, "refused").inc()
        raise HTTPException(409, str(exc)) from None
    ctx.metrics.actions.labels(name, "ok").inc()
    return JSONResponse(jsonable_encoder(result.__dict__))


@router.post("/documents/{document_id}/resubmit")
def resubmit(request: Request, caller: Caller, document_id: int, body: ResubmitRequest) -> JSONResponse:
    """Resubmit (operators): a new attempt linked to this one."""
    return _run(request, caller, document_id, "resubmit", lambda ctx: actions.resubmit(
        ctx.ledger, ctx.pipeline(), document_id, who=caller, reason=body.reason, from_step=body.from_step,
        remote_addr=request.client.host if request.client else None))


@router.post("/documents/{document_id}/cancel")
def cancel(request: Request, caller: Caller, document_id: int, body: CancelRequest) -> JSONResponse:
    """Cancel with a reason (operators)."""
    return _run(request, caller, document_id, "cancel", lambda ctx: actions.cancel(
        ctx.ledger, document_id, who=caller, reason=body.reason,
        remote_addr=request.client.host if request.client else None))


@router.get("/documents/{document_id}/raw")
def raw(request: Request, caller: Caller, document_id: int) -> Response:
    """The raw interchange."""
    return downloads.raw(request, caller, document_id)


@router.get("/documents/{document_id}/ack")
def ack(request: Request, caller: Caller, document_id: int) -> Response:
    """The acknowledgment interchange."""
    return downloads.ack(request, caller, document_id)


@router.get("/documents/{document_id}/evidence")
def evidence(request: Request, caller: Caller, document_id: int) -> Response:
    """The evidence pack (zip)."""
    return downloads.evidence(request, caller, document_id)


@router.get("/partners")
def partners(request: Request, caller: Caller) -> list[dict[str, Any]]:
    """Every partner profile's summary."""
    return [profile_summary(p) for p in context(request).registry]


@router.get("/partners/{partner_id}")
def partner(request: Request, caller: Caller, partner_id: str) -> JSONResponse:
    """A partner: summary, transports' health and 30-day scorecard."""
    ctx = context(request)
    profile = ctx.registry.get(partner_id)
    if profile is None:
        raise HTTPException(404, f"no partner profile {partner_id!r}")
    with ctx.ledger.reading() as s:
        health = [{**h.__dict__, "state": h.state} for h in transport_health(s, profile)]
        card = scorecard(s, profile, utcnow())
    return JSONResponse({"profile": profile_summary(profile), "transports": plain(health),
                         "scorecard": plain(card)})


@router.get("/reports/compliance")
def compliance(request: Request, caller: Caller, partner: str, date_from: Annotated[date, Query(alias="from")],
               date_to: Annotated[date, Query(alias="to")]) -> JSONResponse:
    """The compliance report of a partner and period (same figures as the HTML and CSV forms)."""
    ctx = context(request)
    profile = ctx.registry.get(partner)
    if profile is None:
        raise HTTPException(404, f"no partner profile {partner!r}")
    try:
        period = Period(date_from, date_to)
    except GatewayError as exc:
        raise HTTPException(400, str(exc)) from None
    with ctx.ledger.reading() as s:
        report = build_report(s, profile, period)
    with ctx.ledger.transaction() as s:  # a report leaving the gateway is an action: audited
        audit.record(s, actor=caller.actor, action="report_export", target=f"partner:{partner}",
                     detail={"from": date_from.isoformat(), "to": date_to.isoformat(), "format": "json"},
                     remote_addr=request.client.host if request.client else None)
    return JSONResponse(plain(report))
