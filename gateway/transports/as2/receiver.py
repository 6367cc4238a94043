"""Receive one AS2 message: replay check, open, store in the ledger, answer with an MDN.

Framework-free so it can be tested and reused without HTTP; :mod:`gateway.transports.as2.http`
wraps it in a FastAPI route. The order is what makes it safe:

1. a Message-ID we already answered gets the MDN we stored then, and nothing else happens
   (RFC 4130 7.6: a resend is not processed again);
2. :func:`open_message` checks names, decrypts, verifies and decompresses;
3. the MDN is built, then the payload (transport metadata: Message-ID, AS2-From/To, MIC, MDN
   mode) and the MDN's receipt row are committed in *one* transaction before the MDN is sent, so
   a positive MDN never promises something we could lose. The receipt is unique per (AS2-From,
   Message-ID): of two simultaneous first deliveries one commits, the other rolls back (nothing
   stored twice) and answers with the winner's MDN;
4. the MDN is returned (sync) or delivered afterwards (async); an async MDN that cannot be
   delivered stays ``pending`` in the ledger and :func:`redeliver_due_mdns` (the worker's
   ``send_as2`` beat task) retries it with backoff until it is dead-lettered.

A refused message gets a negative MDN (``processed/error: <modifier>``) and an alert: a structured
JSON log line on the ``gateway.alerts`` logger. A ledger failure answers HTTP 503 so the partner
resends later: we never send a receipt for something we did not store.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from gateway.ledger import Ledger
from gateway.ledger.interchanges import ReceiveResult, receive
from gateway.transports.as2.errors import As2Error
from gateway.transports.as2.mdn import OutboundMdn, build_mdn
from gateway.transports.as2.mdn_store import (
    MAX_DELIVERY_ATTEMPTS,
    as_stored,
    claim_receipt,
    due_deliveries,
    find_mdn,
    record_delivery,
)
from gateway.transports.as2.message import InboundMessage, _unquote, mdn_request, open_message
from gateway.transports.as2.mime import header_map
from gateway.transports.as2.profiles import As2Directory

log = logging.getLogger(__name__)
alerts = logging.getLogger("gateway.alerts")


def alert(event: str, **fields: Any) -> None:
    """One structured alert line (JSON) for operations; never contains payloads or secrets."""
    alerts.warning(json.dumps({"alert": event, **fields}, default=str, sort_keys=True))


@dataclass(frozen=True)
class AsyncDelivery:
    """An MDN to POST to the partner's Receipt-Delivery-Option URL after the HTTP answer."""

    url: str
    mdn: OutboundMdn
    original_message_id: str
    interchange_id: int | None
    as2_from: str = ""


class _LostRace(Exception):
    """Another delivery of the same Message-ID committed first: roll ours back."""


@dataclass(frozen=True)
class As2Response:
    """What to answer the partner's POST with, and an optional async MDN to deliver afterwards."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    deliver: AsyncDelivery | None = None
    interchange_id: int | None = None
    replayed: bool = False
    refused: str | None = None


def _mdn_response(mdn: OutboundMdn) -> tuple[dict[str, str], bytes]:
    return dict(mdn.headers), mdn.body


class As2Receiver:
    """The inbound side of AS2 for every partner in ``directory``, storing into ``ledger``."""

    def __init__(self, directory: As2Directory, ledger: Ledger, *, actor: str = "as2-receiver") -> None:
        self.directory = directory
        self.ledger = ledger
        self.actor = actor

    def handle(self, headers: Mapping[str, str], body: bytes) -> As2Response:
        """Process one POSTed message and say how to answer (never raises for partner input)."""
        h = header_map(headers)
        message_id = h.get("message-id", "").strip()
        request = mdn_request(headers)
        as2_from, as2_to = _unquote(h.get("as2-from", "")), _unquote(h.get("as2-to", ""))
        if message_id and as2_from:
            with self.ledger.reading() as session:
                stored = find_mdn(session, message_id, as2_from)
            if stored is not None:
                log.info("AS2 %s resent: answering with the stored MDN, not processing again", message_id)
                return self._replay(stored.mdn, stored.mode, stored.async_url, message_id, stored.interchange_id,
                                    as2_from)
        ours = self.directory.identity(as2_to)
        try:
            if ours is None:
                raise As2Error("unknown-trading-partner", f"AS2-To {as2_to!r} is not one of our AS2 names")
            msg = open_message(headers, body, ours=ours, find_partner=self._find_partner)
        except As2Error as exc:
            return self._refuse(exc, message_id, as2_from, as2_to, request)
        return self._accept(msg)

    def _find_partner(self, name: str) -> Any:
        route = self.directory.by_as2_name(name)
        return route.partner if route else None

    def _accept(self, msg: InboundMessage) -> As2Response:
        route = self.directory.by_as2_name(msg.as2_from)
        assert route is not None  # open_message found it
        mode = "none" if msg.mdn is None else ("async" if msg.mdn.async_url else "sync")
        meta = {"message_id": msg.message_id, "as2_from": msg.as2_from, "as2_to": msg.as2_to,
                "mic": msg.mic, "mic_algorithm": msg.mic_algorithm, "mdn_mode": mode,
                "mdn_signed": bool(msg.mdn and msg.mdn.signed), "signed": msg.signed,
                "encrypted": msg.encrypted, "compressed": msg.compressed, "filename": msg.filename,
                "content_type": msg.content_type}
        mdn = None
        if msg.mdn is not None:
            mdn = build_mdn(ours=route.ours, original_message_id=msg.message_id, original_from=msg.as2_from,
                            mic=msg.mic, mic_algorithm=msg.mic_algorithm, sign=msg.mdn.signed)
        async_url = msg.mdn.async_url if msg.mdn else None
        try:
            with self.ledger.transaction() as session:
                received: ReceiveResult = receive(session, msg.payload, mailbox=route.mailbox, transport="as2",
                                   partner_id=route.partner_id, transport_meta=meta, actor=self.actor)
                if not claim_receipt(session, interchange_id=received.interchange_id,
                                     original_message_id=msg.message_id, as2_from=msg.as2_from, mdn=mdn,
                                     mode=mode, async_url=async_url, actor=self.actor):
                    raise _LostRace
        except _LostRace:
            with self.ledger.reading() as session:
                earlier = find_mdn(session, msg.message_id, msg.as2_from)
            if earlier is not None:
                log.info("AS2 %s: a simultaneous delivery stored it first; answering with its MDN", msg.message_id)
                return self._replay(earlier.mdn, earlier.mode, earlier.async_url, msg.message_id,
                                    earlier.interchange_id, msg.as2_from)
            alert("as2_store_failed", message_id=msg.message_id, partner=route.partner_id,
                  error="the concurrent delivery's receipt could not be read")
            return self._unavailable()
        except Exception as exc:  # any storage failure: no receipt, partner resends
            alert("as2_store_failed", message_id=msg.message_id, partner=route.partner_id, error=str(exc))
            return self._unavailable()
        log.info("AS2 %s from %s stored as interchange %s%s", msg.message_id, route.partner_id,
                 received.interchange_id, " (same bytes as before)" if received.duplicate else "")
        return self._answer(mdn, mode, async_url, msg.message_id, received.interchange_id,
                            as2_from=msg.as2_from)

    @staticmethod
    def _unavailable() -> As2Response:
        return As2Response(503, {"Content-Type": "text/plain", "Retry-After": "60"},
                           b"The message could not be stored; please resend later.\r\n")

    def _answer(self, mdn: OutboundMdn | None, mode: str, async_url: str | None, message_id: str,
                interchange_id: int | None, *, replayed: bool = False, refused: str | None = None,
                as2_from: str = "") -> As2Response:
        if mdn is None:
            return As2Response(200, {"Content-Type": "text/plain"}, b"", None, interchange_id, replayed, refused)
        if mode == "async" and async_url:
            return As2Response(200, {"Content-Type": "text/plain"}, b"",
                               AsyncDelivery(async_url, mdn, message_id, interchange_id, as2_from), interchange_id,
                               replayed, refused)
        headers, body = _mdn_response(mdn)
        return As2Response(200, headers, body, None, interchange_id, replayed, refused)

    def _replay(self, mdn: OutboundMdn | None, mode: str, async_url: str | None, message_id: str,
                interchange_id: int, as2_from: str) -> As2Response:
        return self._answer(mdn, mode, async_url, message_id, interchange_id, replayed=True, as2_from=as2_from)

    def _refuse(self, exc: As2Error, message_id: str, as2_from: str, as2_to: str, request: Any) -> As2Response:
        alert("as2_refused", message_id=message_id or None, as2_from=as2_from, as2_to=as2_to,
              modifier=exc.modifier, reason=exc.reason)
        if request is None or not message_id:
            return As2Response(400, {"Content-Type": "text/plain"},
                               f"AS2 message refused: {exc.modifier}: {exc.reason}\r\n".encode("utf-8", "replace"),
                               refused=exc.modifier)
        ours = self.directory.identity(as2_to) or self.directory.default_identity()
        if ours is None:
            return As2Response(500, {"Content-Type": "text/plain"}, b"No AS2 identity is configured.\r\n",
                               refused=exc.modifier)
        mdn = build_mdn(ours=ours, original_message_id=message_id, original_from=as2_from or "unknown",
                        mic=None, mic_algorithm=request.mic_algorithm, error=exc.modifier,
                        sign=request.signed, explanation=f"The AS2 message was refused: {exc.reason}")
        # an async refusal goes only to a partner we know: an unknown sender must not make us POST anywhere
        known = self.directory.by_as2_name(as2_from) is not None
        mode = "async" if request.async_url and known else "sync"
        return self._answer(mdn, mode, request.async_url, message_id, None, refused=exc.modifier)


def deliver_async_mdn(delivery: AsyncDelivery, *, ledger: Ledger | None = None, retries: int = 3,
                      backoff_base: float = 1.0, timeout: float = 30.0, client: httpx.Client | None = None,
                      sleep: Callable[[float], None] = time.sleep, actor: str = "as2-receiver",
                      max_attempts: int = MAX_DELIVERY_ATTEMPTS) -> bool:
    """POST an async MDN to the partner, retrying transport errors and 5xx with exponential backoff.

    Records the outcome in the receipt and as a ledger event when the MDN belongs to a stored
    interchange (a failure is retried later by :func:`redeliver_due_mdns`; dead-lettered after
    ``max_attempts`` POSTs in all), and raises an alert when it could not be delivered. Returns True
    when the partner accepted it (2xx).
    """
    own = client is None
    http = client or httpx.Client(timeout=timeout)
    error: str | None = None
    attempt = 0
    try:
        for attempt in range(1, retries + 2):
            try:
                resp = http.post(delivery.url, content=delivery.mdn.body, headers=delivery.mdn.headers)
                if resp.status_code < 300:
                    error = None
                    break
                error = f"HTTP {resp.status_code}"
                if resp.status_code < 500:
                    break  # the partner refuses it; retrying will not help
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            if attempt <= retries:
                sleep(backoff_base * 2 ** (attempt - 1))
    finally:
        if own:
            http.close()
    if error is not None:
        alert("as2_async_mdn_undelivered", message_id=delivery.original_message_id, url=delivery.url,
              attempts=attempt, error=error)
    if ledger is not None and delivery.interchange_id is not None:
        with ledger.transaction() as session:
            status = record_delivery(session, interchange_id=delivery.interchange_id,
                                     original_message_id=delivery.original_message_id, as2_from=delivery.as2_from,
                                     url=delivery.url, ok=error is None, attempts=attempt, error=error, actor=actor,
                                     max_attempts=max_attempts)
        if status == "dead":
            alert("as2_async_mdn_dead_lettered", message_id=delivery.original_message_id, url=delivery.url,
                  interchange_id=delivery.interchange_id, error=error)
    return error is None


def redeliver_due_mdns(ledger: Ledger, *, client: httpx.Client | None = None, limit: int = 20,
                       max_attempts: int = MAX_DELIVERY_ATTEMPTS, actor: str = "as2-receiver",
                       now: datetime | None = None) -> list[str]:
    """Retry the async MDNs whose delivery failed and whose next attempt is due; return their Message-IDs.

    One POST per MDN per call (the backoff is in the ledger, not in a sleep): the worker's
    ``send_as2`` beat task calls this. After ``max_attempts`` POSTs in all, the MDN is dead-lettered.
    """
    with ledger.transaction() as session:
        claimed = [(r.as2_from, r.message_id, r.interchange_id, r.async_url, as_stored(r)) for r in
                   due_deliveries(session, limit=limit, now=now)]
    done = []
    for as2_from, message_id, interchange_id, url, stored in claimed:
        if stored.mdn is None or not url:
            continue
        deliver_async_mdn(AsyncDelivery(url, stored.mdn, message_id, interchange_id, as2_from), ledger=ledger,
                          retries=0, client=client, actor=actor, max_attempts=max_attempts)
        done.append(message_id)
    return done
