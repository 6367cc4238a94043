"""The console's server-rendered pages: sign-in, dashboard, documents, a document, partners, reports.

Every form posts a CSRF token; every action and download is written to the audit log. Pages read
through :mod:`gateway.web.queries`, :mod:`gateway.web.detail` and :mod:`gateway.web.partner_view`,
and act through :mod:`gateway.web.actions`, like the JSON API.
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from gateway.errors import GatewayError
from gateway.ledger import documents as docs
from gateway.ledger.interchanges import LedgerNotFound
from gateway.ledger.status import DocumentStatus
from gateway.ledger.types import utcnow
from gateway.reports import Period, build_report, render
from gateway.reports.render import to_html
from gateway.web import actions, audit, downloads, queries, throttle
from gateway.web.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    context,
    page_user,
    require_csrf,
    require_role,
    session_of,
)
from gateway.web.detail import document_view, odoo_links
from gateway.web.partner_view import profile_summary, scorecard, transport_health
from gateway.web.security import check_csrf, csrf_token, make_session_cookie
from gateway.web.users import Principal, authenticate, has_role

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
User = Annotated[Principal, Depends(page_user)]


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def page(request: Request, name: str, user: Principal | None, **values: Any) -> HTMLResponse:
    """Render a page with the user, its CSRF token and the statuses for filters."""
    session = getattr(request.state, "session", None) or session_of(request)
    secret = context(request).settings.secret_key.get_secret_value()
    token = csrf_token(secret, session.session_id) if session else ""
    return templates.TemplateResponse(request, name, {
        "user": user, "csrf": token, "statuses": [s.value for s in DocumentStatus],
        "is_operator": bool(user and has_role(user.role, "operator")),
        "is_admin": bool(user and has_role(user.role, "admin")), **values})


def _local(target: str) -> str:
    """``target`` when it is a path on this site, else ``/`` (no open redirect after sign-in)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/", error: str | None = None) -> HTMLResponse:
    """The sign-in form (with a pre-session CSRF token bound to a cookie)."""
    nonce = secrets.token_urlsafe(16)
    secret = context(request).settings.secret_key.get_secret_value()
    response = templates.TemplateResponse(request, "login.html", {
        "user": None, "csrf": csrf_token(secret, nonce), "next": _local(next),
        "error": error})
    response.set_cookie(LOGIN_COOKIE, nonce, httponly=True, samesite="lax",
                        secure=context(request).settings.cookie_secure)
    return response


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/") -> Response:
    """Check the name and password; start a session."""
    ctx = context(request)
    secret = ctx.settings.secret_key.get_secret_value()
    if not check_csrf(secret, request.cookies.get(LOGIN_COOKIE, ""), csrf_token):
        raise HTTPException(403, "the sign-in form expired; reload the page and try again")
    st = ctx.settings
    with ctx.ledger.transaction() as s:
        lock = throttle.lock_for(s, username, _client(request), max_per_user=st.login_max_failures,
                                 max_per_address=st.login_max_failures_per_address,
                                 window_seconds=st.login_lockout_seconds)
        principal = None if lock else authenticate(s, username, password)
        outcome = "locked" if lock else "ok" if principal else "refused"
        audit.record(s, actor=throttle.actor_of(username), action=throttle.SIGN_IN, outcome=outcome,
                     detail={"lock": lock.scope} if lock else None, remote_addr=_client(request))
    ctx.metrics.actions.labels("sign_in", outcome).inc()
    if lock is not None:
        response = templates.TemplateResponse(request, "login.html", {
            "user": None, "csrf": csrf_token, "next": _local(next),  # the form token, checked above
            "error": None, "locked": lock.message()}, status_code=429)
        response.headers["Retry-After"] = str(lock.seconds_left())
        return response
    if principal is None:
        return RedirectResponse(f"/login?{urlencode({'error': 1, 'next': next})}", status_code=303)
    response = RedirectResponse(_local(next), 303)
    response.set_cookie(SESSION_COOKIE, make_session_cookie(secret, principal.user_id, ctx.settings.session_max_age),
                        max_age=ctx.settings.session_max_age, httponly=True, samesite="lax",
                        secure=ctx.settings.cookie_secure)
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, user: User, csrf_token: Annotated[str, Form()] = "") -> Response:
    """End the session."""
    require_csrf(request, user, csrf_token)
    with context(request).ledger.transaction() as s:
        audit.record(s, actor=user.actor, action="sign_out", remote_addr=_client(request))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request, user: User) -> HTMLResponse:
    """Volumes, failures, overdue acks, backlog, dead letters, recent alerts."""
    with context(request).ledger.reading() as s:
        data = queries.dashboard(s)
    return page(request, "dashboard.html", user, d=data)


def _filter(partner: str | None, doc_type: str | None, direction: str | None, status: str | None,
            date_from: str | None, date_to: str | None, q: str | None, page_no: int) -> queries.DocumentFilter:
    def day(value: str | None, name: str) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise HTTPException(400, f"{name} must be a date like 2026-03-31, not {value!r}") from None

    if status and status not in {s.value for s in DocumentStatus}:
        raise HTTPException(400, f"unknown status {status!r}")
    return queries.DocumentFilter(partner or None, doc_type or None, direction or None, status or None,
                                  day(date_from, "from"), day(date_to, "to"), q or None, max(1, page_no))


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, user: User, partner_id: str | None = None, doc_type: str | None = None,
                   direction: str | None = None, status: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, q: str | None = None,
                   page_no: Annotated[int, Query(alias="page")] = 1) -> HTMLResponse:
    """Documents with filters, search and paging."""
    ctx = context(request)
    f = _filter(partner_id, doc_type, direction, status, date_from, date_to, q, page_no)
    with ctx.ledger.reading() as s:
        rows, total = queries.search_documents(s, f, page_size=ctx.settings.page_size)
    pages = max(1, -(-total // ctx.settings.page_size))
    return page(request, "documents.html", user, rows=rows, total=total, f=f, pages=pages,
                partners=[p.id for p in ctx.registry])


def _document_or_404(s: Any, document_id: int) -> Any:
    try:
        return docs.get_document(s, document_id)
    except LedgerNotFound:
        raise HTTPException(404, f"document {document_id} is not in the ledger") from None


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, user: User, document_id: int, message: str | None = None) -> HTMLResponse:
    """One document: raw EDI with the failure marked, tree, errors, timeline, Odoo refs, obligations."""
    ctx = context(request)
    with ctx.ledger.reading() as s:
        doc = _document_or_404(s, document_id)
        view = document_view(s, doc, ctx.registry.get(doc.partner_id), utcnow())
    return page(request, "document.html", user, v=view, message=message,
                odoo_links=odoo_links(view.odoo_refs, ctx.settings.odoo_url))


def _act(request: Request, user: Principal, document_id: int, csrf: str, run: Any) -> Response:
    require_role(request, user, "operator")
    require_csrf(request, user, csrf)
    ctx = context(request)
    try:
        result = run(ctx)
    except LedgerNotFound:
        raise HTTPException(404, f"document {document_id} is not in the ledger") from None
    except GatewayError as exc:
        ctx.metrics.actions.labels(run.__name__, "refused").inc()
        return RedirectResponse(f"/documents/{document_id}?{urlencode({'message': str(exc)})}", status_code=303)
    ctx.metrics.actions.labels(run.__name__, "ok").inc()
    target = result.new_document_id or document_id
    return RedirectResponse(f"/documents/{target}?{urlencode({'message': result.message})}", status_code=303)


@router.post("/documents/{document_id}/resubmit")
def resubmit_form(request: Request, user: User, document_id: int, csrf_token: Annotated[str, Form()] = "",
                  reason: Annotated[str, Form()] = "", from_step: Annotated[str, Form()] = "translate") -> Response:
    """Resubmit (operators)."""
    def resubmit(ctx: Any) -> actions.ActionResult:
        return actions.resubmit(ctx.ledger, ctx.pipeline(), document_id, who=user, reason=reason,
                                from_step=from_step, remote_addr=_client(request))
    return _act(request, user, document_id, csrf_token, resubmit)


@router.post("/documents/{document_id}/cancel")
def cancel_form(request: Request, user: User, document_id: int, csrf_token: Annotated[str, Form()] = "",
                reason: Annotated[str, Form()] = "") -> Response:
    """Cancel with a reason (operators)."""
    def cancel(ctx: Any) -> actions.ActionResult:
        return actions.cancel(ctx.ledger, document_id, who=user, reason=reason, remote_addr=_client(request))
    return _act(request, user, document_id, csrf_token, cancel)


@router.get("/documents/{document_id}/raw")
def raw_download(request: Request, user: User, document_id: int) -> Response:
    """The raw interchange of the document."""
    return downloads.raw(request, user, document_id)


@router.get("/documents/{document_id}/ack")
def ack_download(request: Request, user: User, document_id: int) -> Response:
    """The acknowledgment interchange about the document."""
    return downloads.ack(request, user, document_id)


@router.get("/documents/{document_id}/evidence")
def evidence_download(request: Request, user: User, document_id: int) -> Response:
    """The evidence pack (zip)."""
    return downloads.evidence(request, user, document_id)


@router.get("/partners", response_class=HTMLResponse)
def partners_page(request: Request, user: User) -> HTMLResponse:
    """Every partner profile."""
    return page(request, "partners.html", user, partners=[profile_summary(p) for p in context(request).registry])


@router.get("/partners/{partner_id}", response_class=HTMLResponse)
def partner_page(request: Request, user: User, partner_id: str) -> HTMLResponse:
    """A partner: profile summary, transports' health, 30-day scorecard."""
    ctx = context(request)
    profile = ctx.registry.get(partner_id)
    if profile is None:
        raise HTTPException(404, f"no partner profile {partner_id!r}")
    with ctx.ledger.reading() as s:
        health = transport_health(s, profile)
        card = scorecard(s, profile, utcnow())
    return page(request, "partner.html", user, p=profile_summary(profile), health=health, card=card)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, user: User) -> HTMLResponse:
    """The report form."""
    today = utcnow().date()
    return page(request, "reports.html", user, partners=[p.id for p in context(request).registry],
                default_from=today.replace(day=1), default_to=today)


@router.get("/reports/compliance")
def compliance_page(request: Request, user: User, partner: str, date_from: Annotated[str, Query(alias="from")],
                    date_to: Annotated[str, Query(alias="to")], format: str = "html") -> Response:
    """A compliance report in the console (html) or as a download (csv, json)."""
    ctx = context(request)
    profile = ctx.registry.get(partner)
    if profile is None:
        raise HTTPException(404, f"no partner profile {partner!r}")
    f = _filter(None, None, None, None, date_from, date_to, None, 1)
    if f.date_from is None or f.date_to is None:
        raise HTTPException(400, "give both from and to dates")
    try:
        period = Period(f.date_from, f.date_to)
    except GatewayError as exc:
        raise HTTPException(400, str(exc)) from None
    with ctx.ledger.reading() as s:
        report = build_report(s, profile, period)
    if format == "html":
        return page(request, "report.html", user, body=to_html(report, standalone=False), partner=partner,
                    date_from=date_from, date_to=date_to)
    if format not in ("csv", "json"):
        raise HTTPException(400, "format must be html, csv or json")
    media = "text/csv" if format == "csv" else "application/json"
    name = f"compliance-{partner}-{date_from}-{date_to}.{format}"
    with ctx.ledger.transaction() as s:  # a report leaving the console is an action: audited
        audit.record(s, actor=user.actor, action="report_export", target=f"partner:{partner}",
                     detail={"from": date_from, "to": date_to, "format": format}, remote_addr=_client(request))
    return Response(render(report, format), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: User) -> HTMLResponse:
    """The audit log (admins)."""
    require_role(request, user, "admin")
    with context(request).ledger.reading() as s:
        entries = queries.audit_entries(s)
    return page(request, "audit.html", user, entries=entries)
