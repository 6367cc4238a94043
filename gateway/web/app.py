"""The FastAPI application: pages, JSON API, ``/healthz``, ``/metrics``, static files, webhooks.

:func:`create_app` takes everything from outside (ledger, a partner-registry loader, settings,
optionally the pipeline runtime), so tests and ``edi-gateway serve`` build it the same way.
Errors are pages for people and JSON for the API, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from gateway import __version__
from gateway.ledger import Ledger
from gateway.partners.registry import PartnerRegistry
from gateway.transports.as2.profiles import As2Directory
from gateway.web import api, pages
from gateway.web.auth import SignInRequired, identify
from gateway.web.context import AppContext
from gateway.web.metrics import Metrics
from gateway.web.settings import WebSettings
from gateway.web.webhooks import WebhookNotifier

if TYPE_CHECKING:
    from gateway.pipeline.context import Runtime

log = logging.getLogger(__name__)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error_page(request: Request, status: int, detail: str) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": detail}, status_code=status)
    principal = identify(request) if status != 500 else None
    response = pages.page(request, "error.html", principal, status=status, detail=detail)
    response.status_code = status
    return response


async def _webhook_loop(notifier: WebhookNotifier, interval: float) -> None:
    if notifier.watermark is None:
        notifier.start_at_newest()
    while True:
        await asyncio.sleep(interval)
        try:
            await asyncio.to_thread(notifier.deliver)
        except Exception:  # keep the console up whatever the webhook target does
            log.exception("webhook delivery loop failed; retrying at the next interval")


def create_app(ledger: Ledger, registry_loader: Callable[[], PartnerRegistry], settings: WebSettings | None = None,
               runtime: Runtime | None = None, notifier: WebhookNotifier | None = None) -> FastAPI:
    """Build the console application."""
    settings = settings or WebSettings()
    ctx = AppContext(ledger=ledger, registry_loader=registry_loader, settings=settings, metrics=Metrics(ledger),
                     runtime=runtime)
    if notifier is None and settings.webhook_url:
        notifier = WebhookNotifier(ledger, settings.webhook_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_webhook_loop(notifier, settings.webhook_interval)) if notifier else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            if notifier is not None:
                notifier.close()

    app = FastAPI(title="EDI gateway console API", version=__version__, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    app.state.ctx = ctx
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def count_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        route = request.scope.get("route")
        ctx.metrics.requests.labels(request.method, getattr(route, "path", "unmatched"), str(response.status_code)).inc()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, _exc: SignInRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return _error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        if _is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return _error_page(request, 400, problems)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error_page(request, 500, "the console hit an internal error; it is in the server log")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        """200 when the ledger answers, 503 with the reason when it does not."""
        try:
            with ledger.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            return JSONResponse({"status": "error", "ledger": str(exc).splitlines()[0]}, status_code=503)
        return JSONResponse({"status": "ok", "version": __version__})

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        """Prometheus text format: the console's own metrics and the gateway-wide ones of this process."""
        from gateway.observability.metrics import render_metrics

        body = generate_latest(ctx.metrics.registry) + render_metrics()[0]
        return PlainTextResponse(body, media_type=CONTENT_TYPE_LATEST)

    return app


def mount_as2(app: FastAPI, directory: As2Directory, ledger: Ledger, prefix: str = "/as2") -> None:
    """Serve partners' AS2 messages and async MDNs under ``prefix`` (no sign-in: signatures authenticate)."""
    from gateway.transports.as2.http import as2_router
    from gateway.transports.as2.receiver import As2Receiver
    from gateway.transports.as2.sender import As2Sender

    app.include_router(as2_router(As2Receiver(directory, ledger), As2Sender(directory, ledger)), prefix=prefix)
