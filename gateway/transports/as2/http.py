"""The AS2 HTTP endpoints as an independent FastAPI router, to be mounted by the web app at ``/as2``.

Routes (relative to the mount point):

- ``POST /mdn``: an asynchronous MDN from a partner for a message we sent (the URL we put in
  ``Receipt-Delivery-Option``); matched to the message and recorded as an ``MDN`` ack.
- ``POST`` (the mount point itself) and ``POST /{name}``: an AS2 message from a partner (``{name}`` is informational,
  e.g. our AS2 name; the AS2-To header decides). Answered with the sync MDN, or HTTP 200 and the
  MDN POSTed afterwards by a background task (with retries) when the partner asked for async.

The router does no crypto or storage itself: it reads the raw body (bounded) and hands headers
and bytes to :class:`As2Receiver` / :class:`As2Sender`. The blocking work runs in FastAPI's thread
pool (plain ``def`` endpoints are not used because the body must be read asynchronously).
"""

from __future__ import annotations

import logging
from functools import partial

from fastapi import APIRouter, BackgroundTasks, FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

from gateway.ledger import Ledger
from gateway.observability import metrics
from gateway.transports.as2.errors import As2Error
from gateway.transports.as2.profiles import As2Directory
from gateway.transports.as2.receiver import As2Receiver, alert, deliver_async_mdn
from gateway.transports.as2.sender import As2Sender

log = logging.getLogger(__name__)
MAX_BODY = 200 * 1024 * 1024


async def _read_body(request: Request, limit: int) -> bytes | None:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _export_certificate_expiry(directory: As2Directory) -> None:
    """Expose every AS2 certificate's expiry as a Prometheus gauge (alert rules live in deploy/)."""
    for route in directory.routes():
        for i, cert in enumerate(route.partner.signing_certs):
            metrics.set_certificate_expiry(route.partner_id, f"{route.mailbox} signing#{i + 1}",
                                           cert.not_valid_after_utc, "as2-sign")
        metrics.set_certificate_expiry(route.partner_id, f"{route.mailbox} encryption",
                                       route.partner.encryption_cert.not_valid_after_utc, "as2-encrypt")
        metrics.set_certificate_expiry("ours", route.ours.as2_name, route.ours.cert.not_valid_after_utc, "as2-sign")


def as2_router(receiver: As2Receiver, sender: As2Sender | None = None, *, max_body: int = MAX_BODY,
               mdn_retries: int = 3, mdn_backoff: float = 2.0) -> APIRouter:
    """The AS2 router; mount it with ``app.include_router(as2_router(...), prefix="/as2")``.

    Certificates expired or expiring within 30 days are reported as alerts when it is built, and
    every AS2 certificate's expiry is exported as a metric.
    """
    router = APIRouter(tags=["as2"])
    for line in receiver.directory.certificate_warnings():
        alert("as2_certificate_expiry", detail=line)
    _export_certificate_expiry(receiver.directory)

    @router.post("/mdn")
    async def receive_mdn(request: Request) -> Response:
        """An async MDN for a message we sent: verified, matched, recorded."""
        if sender is None:
            return Response("this endpoint does not accept MDNs\r\n", 404, media_type="text/plain")
        body = await _read_body(request, max_body)
        if body is None:
            return Response("the MDN is too large\r\n", 413, media_type="text/plain")
        try:
            result = await run_in_threadpool(sender.accept_async_mdn, dict(request.headers), body)
        except As2Error as exc:
            alert("as2_mdn_refused", as2_from=request.headers.get("as2-from"), modifier=exc.modifier,
                  reason=exc.reason)
            return Response(f"MDN refused: {exc.reason}\r\n", 400, media_type="text/plain")
        return Response(f"MDN recorded for {result.original_message_id}\r\n", 200, media_type="text/plain")

    async def receive_message(request: Request, background: BackgroundTasks) -> Response:
        body = await _read_body(request, max_body)
        if body is None:
            alert("as2_too_large", as2_from=request.headers.get("as2-from"), limit=max_body)
            return Response("the message is too large\r\n", 413, media_type="text/plain")
        outcome = await run_in_threadpool(receiver.handle, dict(request.headers), body)
        if outcome.deliver is not None:
            background.add_task(partial(deliver_async_mdn, outcome.deliver, ledger=receiver.ledger,
                                        retries=mdn_retries, backoff_base=mdn_backoff))
        return Response(outcome.body, outcome.status, headers=outcome.headers)

    router.add_api_route("", receive_message, methods=["POST"], summary="Receive an AS2 message")
    router.add_api_route("/{name}", receive_message, methods=["POST"], summary="Receive an AS2 message")
    return router


def create_app(directory: As2Directory, ledger: Ledger, *, prefix: str = "/as2", **router_options: object) -> FastAPI:
    """A standalone app with only the AS2 routes (tests, or a dedicated AS2 listener)."""
    app = FastAPI(title="edi-gateway AS2", docs_url=None, redoc_url=None, openapi_url=None)
    receiver = As2Receiver(directory, ledger)
    sender = As2Sender(directory, ledger)
    app.include_router(as2_router(receiver, sender, **router_options), prefix=prefix)  # type: ignore[arg-type]
    app.state.as2_receiver = receiver
    app.state.as2_sender = sender
    return app
