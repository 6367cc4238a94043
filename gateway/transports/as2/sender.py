"""Send a stored outbound interchange over AS2 and track its MDN in the ledger.

:meth:`As2Sender.send` wraps the interchange's bytes per the partner profile (compress, sign,
encrypt), records the Message-ID and expected MIC on the interchange, records an expected ``MDN``
acknowledgment with the partner's deadline, then POSTs with httpx, retrying transport errors and
5xx answers with exponential backoff. The Message-ID is kept across attempts and across calls
(an outbox retry after a crash resends the *same* message, which the partner must not process
twice). A sync MDN is verified (signature against the pinned certificates, Original-Message-ID,
MIC) and recorded with :func:`record_received_ack`; an async MDN arrives later at the web
endpoint and is matched by :meth:`As2Sender.accept_async_mdn`. A message whose MDN never comes is
flagged by :meth:`As2Sender.flag_overdue` (the ledger's overdue query).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from gateway.ledger import Ledger
from gateway.ledger.acks import expect_ack, mark_overdue, record_received_ack
from gateway.ledger.interchanges import get_interchange, raw_content
from gateway.ledger.models import ExpectedAck, Interchange
from gateway.ledger.outbox import claim_due, mark_failed, mark_sent
from gateway.ledger.types import utcnow
from gateway.transports.as2.errors import As2Error
from gateway.transports.as2.mdn import MdnResult, read_mdn
from gateway.transports.as2.message import _unquote, build_message, new_message_id
from gateway.transports.as2.mime import header_map
from gateway.transports.as2.profiles import As2Directory, As2Route
from gateway.transports.as2.receiver import alert
from gateway.transports.base import TransportError

_ORIGINAL_ID = re.compile(rb"^Original-Message-ID:[ \t]*(.+?)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_CTYPE = {"x12": "application/edi-x12", "edifact": "application/edifact"}


class As2SendError(TransportError):
    """The message could not be handed to the partner (after retries, or refused by HTTP status)."""


@dataclass(frozen=True)
class SendResult:
    """How a send ended: ``delivered`` (good MDN), ``rejected`` (bad MDN), ``awaiting_mdn`` or ``sent``."""

    message_id: str
    mic: str
    status: str
    attempts: int
    mdn: MdnResult | None = None


def ack_result(result: MdnResult) -> str:
    """The ledger ack result of an MDN: A when processed with the right MIC, else R."""
    return "A" if result.processed and result.mic_ok else "R"


class As2Sender:
    """Send outbound interchanges to AS2 partners and reconcile their MDNs."""

    def __init__(self, directory: As2Directory, ledger: Ledger, *, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep, actor: str = "as2-sender") -> None:
        self.directory = directory
        self.ledger = ledger
        self.client = client
        self.sleep = sleep
        self.actor = actor

    def _route(self, partner_id: str | None, where: str) -> As2Route:
        route = self.directory.by_partner(partner_id or "")
        if route is None:
            raise As2SendError(f"{where}: partner {partner_id!r} has no AS2 transport in its profile")
        return route

    def send(self, interchange_id: int, *, filename: str | None = None) -> SendResult:
        """Send one stored outbound interchange; raises :class:`As2SendError` when it never got through."""
        where = f"interchange {interchange_id}"
        with self.ledger.reading() as session:
            ic = get_interchange(session, interchange_id)
            payload = raw_content(session, interchange_id)
            partner_id, syntax, control = ic.partner_id, ic.syntax, ic.control_number
            previous: dict[str, Any] = dict((ic.transport_meta or {}).get("as2") or {})
        route = self._route(partner_id, where)
        message_id = previous.get("message_id") or new_message_id(route.ours.as2_name.replace(" ", "_"))
        name = filename or f"{partner_id}-{control or interchange_id}.{'edi' if syntax != 'x12' else 'x12'}"
        out = build_message(payload, ours=route.ours, partner=route.partner, filename=name,
                            content_type_=_CTYPE.get(syntax or "", "application/octet-stream"), message_id=message_id)
        mode = route.partner.mdn_mode
        with self.ledger.transaction() as session:
            ic = get_interchange(session, interchange_id)
            ic.transport_meta = {**(ic.transport_meta or {}), "as2": {
                "message_id": out.message_id, "mic": out.mic, "mic_algorithm": out.mic_algorithm,
                "url": route.url, "mdn_mode": mode or "none"}}
            if mode and not self._expectation(session, route.partner_id, out.message_id):
                expect_ack(session, partner_id=route.partner_id, kind="MDN", level="message",
                           interchange_id=interchange_id, deadline=utcnow() + route.mdn_deadline,
                           actor=self.actor, message_id=out.message_id)
        response, attempts = self._post(route, out.headers, out.body, where)
        if mode != "sync":
            return SendResult(out.message_id, out.mic, "awaiting_mdn" if mode else "sent", attempts)
        try:
            result = read_mdn(response.headers, response.content, partner=route.partner,
                              expected_message_id=out.message_id, expected_mic=out.mic,
                              require_signed=route.partner.mdn_signed)
        except As2Error as exc:
            alert("as2_bad_mdn", message_id=out.message_id, partner=route.partner_id, reason=exc.reason)
            raise As2SendError(f"{where}: the partner's MDN for {out.message_id} cannot be trusted: {exc.reason}",
                               mailbox=route.mailbox) from None
        self._record(route, result)
        return SendResult(out.message_id, out.mic, "delivered" if ack_result(result) == "A" else "rejected",
                          attempts, result)

    def _post(self, route: As2Route, headers: Mapping[str, str], body: bytes,
              where: str) -> tuple[httpx.Response, int]:
        own = self.client is None
        client = self.client or httpx.Client()
        error = ""
        try:
            for attempt in range(1, route.retries + 2):
                try:
                    resp = client.post(route.url, content=body, headers=dict(headers), timeout=route.timeout)
                    if resp.status_code < 300:
                        return resp, attempt
                    error = f"HTTP {resp.status_code}: {resp.text[:200].strip()}"
                    if resp.status_code < 500:
                        raise As2SendError(f"{where}: {route.url} refused the message ({error})",
                                           mailbox=route.mailbox)
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc or 'no answer'}"
                if attempt <= route.retries:
                    self.sleep(route.backoff_base * 2 ** (attempt - 1))
        finally:
            if own:
                client.close()
        alert("as2_send_failed", partner=route.partner_id, url=route.url, attempts=route.retries + 1, error=error)
        raise As2SendError(f"{where}: could not deliver to {route.url} after {route.retries + 1} attempts "
                           f"({error})", mailbox=route.mailbox)

    @staticmethod
    def _expectation(session: Any, partner_id: str, message_id: str) -> ExpectedAck | None:
        return session.scalars(select(ExpectedAck).where(
            ExpectedAck.partner_id == partner_id, ExpectedAck.kind == "MDN",
            ExpectedAck.message_id == message_id).order_by(ExpectedAck.id.desc()).limit(1)).one_or_none()

    def _record(self, route: As2Route, result: MdnResult) -> None:
        outcome = ack_result(result)
        if outcome != "A":
            alert("as2_negative_mdn", message_id=result.original_message_id, partner=route.partner_id,
                  disposition=result.disposition, mic_ok=result.mic_ok)
        with self.ledger.transaction() as session:
            record_received_ack(session, partner_id=route.partner_id, kind="MDN", level="message", result=outcome,
                                actor=self.actor, message_id=result.original_message_id,
                                detail={"disposition": result.disposition, "mic": result.mic,
                                        "mic_ok": result.mic_ok, "signed": result.signed,
                                        "modifier": result.modifier})

    def accept_async_mdn(self, headers: Mapping[str, str], body: bytes) -> MdnResult:
        """Verify an MDN POSTed to us, match it to the message we sent, and record it.

        Raises :class:`As2Error` when the sender is unknown, the MDN answers nothing we sent, or
        its signature does not verify.
        """
        as2_from = _unquote(header_map(headers).get("as2-from", ""))
        route = self.directory.by_as2_name(as2_from)
        if route is None:
            raise As2Error("unknown-trading-partner", f"an MDN from AS2-From {as2_from!r}, not a known partner")
        found = _ORIGINAL_ID.search(body)
        if found is None:
            raise As2Error("unexpected-processing-error", "the MDN names no Original-Message-ID")
        original = found.group(1).decode("ascii", "replace").strip()
        with self.ledger.reading() as session:
            exp = self._expectation(session, route.partner_id, original)
            mic = None
            if exp is not None:
                meta = (session.get(Interchange, exp.interchange_id).transport_meta or {}).get("as2") or {}
                mic = meta.get("mic")
        if exp is None:
            raise As2Error("unexpected-processing-error",
                           f"the MDN answers {original!r}, which we never sent to {route.partner_id}")
        result = read_mdn(headers, body, partner=route.partner, expected_message_id=original, expected_mic=mic,
                          require_signed=route.partner.mdn_signed)
        self._record(route, result)
        return result

    def send_outbox(self, *, limit: int = 10, max_attempts: int = 8) -> list[tuple[int, str]]:
        """Send the due outbox entries of every AS2 mailbox; returns (interchange id, outcome) pairs.

        A failed send goes back to the outbox with exponential backoff (the route's ``backoff_base``
        times 2**attempts, capped at an hour) and is marked dead after ``max_attempts``. Sends
        are idempotent per interchange (same Message-ID), so a lease that expires mid-send is safe.
        """
        done: list[tuple[int, str]] = []
        for route in self.directory.routes():
            with self.ledger.transaction() as session:
                claimed = [(e.id, e.interchange_id, e.attempts)
                           for e in claim_due(session, transport=route.mailbox, actor=self.actor, limit=limit)]
            for entry_id, interchange_id, attempts in claimed:
                try:
                    result = self.send(interchange_id)
                except (As2SendError, As2Error) as exc:
                    wait = min(route.backoff_base * 2 ** attempts, 3600.0)
                    retry_at = utcnow() + timedelta(seconds=wait) if attempts < max_attempts else None
                    with self.ledger.transaction() as session:
                        mark_failed(session, entry_id, actor=self.actor, error=str(exc), retry_at=retry_at)
                    done.append((interchange_id, "retry" if retry_at else "dead"))
                    continue
                with self.ledger.transaction() as session:
                    mark_sent(session, entry_id, actor=self.actor,
                              transport_meta={"as2_status": result.status, "message_id": result.message_id})
                done.append((interchange_id, result.status))
        return done

    def flag_overdue(self) -> Sequence[ExpectedAck]:
        """Flag (once) every MDN and other acknowledgment past its deadline; alert for each MDN."""
        with self.ledger.transaction() as session:
            flagged = mark_overdue(session, actor=self.actor)
            out = list(flagged)
            for e in out:
                if e.kind == "MDN":
                    alert("as2_mdn_overdue", message_id=e.message_id, partner=e.partner_id,
                          interchange_id=e.interchange_id, deadline=e.deadline.isoformat())
        return out
