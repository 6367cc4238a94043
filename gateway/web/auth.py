"""Who is asking: sign-in by session cookie or API bearer token, role checks and CSRF checks.

Pages use the session cookie; the JSON API accepts either. A request with a bearer token carries
no ambient credentials, so CSRF applies only to cookie-authenticated writes: forms send the
token in a ``csrf_token`` field, scripts in an ``X-CSRF-Token`` header. A role that is too low
gets 403 and an audit entry.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from gateway.web import audit
from gateway.web.context import AppContext
from gateway.web.security import SessionData, check_csrf, read_session_cookie
from gateway.web.users import Principal, has_role, principal_for_session, principal_for_token

SESSION_COOKIE = "edigw_session"
LOGIN_COOKIE = "edigw_login"


class SignInRequired(Exception):
    """A page needs a signed-in user (the app redirects to the sign-in page)."""


def context(request: Request) -> AppContext:
    """The application context."""
    ctx: AppContext = request.app.state.ctx
    return ctx


def session_of(request: Request) -> SessionData | None:
    """The valid session cookie of the request, if any."""
    ctx = context(request)
    return read_session_cookie(ctx.settings.secret_key.get_secret_value(), request.cookies.get(SESSION_COOKIE))


def identify(request: Request) -> Principal | None:
    """The principal of the request (bearer token first, then session cookie), or None."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    ctx = context(request)
    principal = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        with ctx.ledger.transaction() as s:
            principal = principal_for_token(s, header[7:].strip())
    else:
        session = session_of(request)
        if session is not None:
            with ctx.ledger.reading() as s:
                principal = principal_for_session(s, session.user_id)
            request.state.session = session
    request.state.principal = principal
    return principal


def _refuse(request: Request, principal: Principal, needed: str) -> HTTPException:
    ctx = context(request)
    with ctx.ledger.transaction() as s:
        audit.record(s, actor=principal.actor, action="forbidden", outcome="refused", target=request.url.path,
                     detail={"method": request.method, "role": principal.role, "needed": needed},
                     remote_addr=request.client.host if request.client else None)
    ctx.metrics.actions.labels("forbidden", "refused").inc()
    return HTTPException(403, f"{principal.username} is a {principal.role}; this needs the {needed} role")


def page_user(request: Request) -> Principal:
    """Dependency of pages: the signed-in user, or a redirect to sign in."""
    principal = identify(request)
    if principal is None:
        raise SignInRequired()
    return principal


def api_user(request: Request) -> Principal:
    """Dependency of the API: the caller, or 401."""
    principal = identify(request)
    if principal is None:
        raise HTTPException(401, "sign in or send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    return principal


def require_role(request: Request, principal: Principal, needed: str) -> None:
    """403 (audited) unless ``principal`` has at least ``needed``."""
    if not has_role(principal.role, needed):
        raise _refuse(request, principal, needed)


def require_csrf(request: Request, principal: Principal, token: str | None) -> None:
    """403 unless a cookie-authenticated write carries this session's CSRF token."""
    if principal.via == "token":
        return
    session: SessionData | None = getattr(request.state, "session", None)
    secret = context(request).settings.secret_key.get_secret_value()
    supplied = token or request.headers.get("x-csrf-token")
    if session is None or not check_csrf(secret, session.session_id, supplied):
        ctx = context(request)
        with ctx.ledger.transaction() as s:
            audit.record(s, actor=principal.actor, action="csrf", outcome="refused", target=request.url.path,
                         remote_addr=request.client.host if request.client else None)
        raise HTTPException(403, "the form's security token is missing or stale; reload the page and try again")
