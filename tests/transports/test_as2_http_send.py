"""Sending AS2 over real HTTP to bob, whose server uses openssl to open our message and sign his MDN.

Covers the sync MDN with its MIC checked (and a wrong MIC refused), the async MDN POSTed back to our
uvicorn app and matched to the sent message, retries with the same Message-ID, a partner that never
answers (flagged overdue by the ledger query), and the profile-to-route mapping.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from gateway.ledger import Ledger
from gateway.ledger.interchanges import store_outbound
from gateway.ledger.models import ExpectedAck, Interchange, ReceivedAck
from gateway.ledger.outbox import enqueue, list_outbox
from gateway.partners import load_profiles
from gateway.partners.model import Transport
from gateway.transports.as2.profiles import As2Directory, route_from_entry
from gateway.transports.as2.sender import As2Sender, As2SendError
from gateway.transports.factory import MailboxConfigError
from tests.transports.as2_fixtures import Party, openssl
from tests.transports.as2_http_helpers import (  # noqa: F401 - fixtures
    Captured,
    PartnerServer,
    bob_route,
    bob_server,
    ledger,
    ledger_template,
    make_app,
    run_app,
)
from tests.transports.test_as2_openssl import PAYLOAD, b64_digest, openssl_sign, split_smime

pytestmark = pytest.mark.integration


def store(ledger: Ledger, content: bytes = PAYLOAD) -> int:  # noqa: F811
    with ledger.transaction() as s:
        return store_outbound(s, content + secrets.token_hex(4).encode(), partner_id="bob-corp", mailbox="bob-as2",
                              transport="as2", syntax="x12", sender_id="ALICE", receiver_id="BOB",
                              control_number="000000001")


def bob_opens(tmp: Path, bob: Party, alice: Party, body: bytes) -> bytes:
    """Bob decrypts with his key and verifies our signature with openssl; returns the signed part."""
    der = tmp / f"in-{secrets.token_hex(4)}.der"
    der.write_bytes(body)
    dec = openssl("cms", "-decrypt", "-inform", "DER", "-in", str(der), "-recip", str(bob.cert),
                  "-inkey", str(bob.key))
    assert dec.returncode == 0, dec.stderr
    (tmp / "dec.mime").write_bytes(dec.stdout)
    ver = openssl("cms", "-verify", "-in", str(tmp / "dec.mime"), "-CAfile", str(alice.cert), "-purpose", "any")
    assert ver.returncode == 0, ver.stderr
    return ver.stdout


def bob_mdn(tmp: Path, bob: Party, message_id: str, mic: str,
            disposition: str = "processed") -> tuple[dict[str, str], bytes]:
    """Bob's MDN, signed by openssl: headers and body as his server would send them."""
    report = (b"Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b1\"\r\n\r\n"
              b"--b1\r\nContent-Type: text/plain\r\n\r\nReceived.\r\n"
              b"--b1\r\nContent-Type: message/disposition-notification\r\n\r\n"
              b"Reporting-UA: openssl-partner\r\nFinal-Recipient: rfc822; bob\r\n"
              b"Original-Message-ID: " + message_id.encode() + b"\r\n"
              b"Received-Content-MIC: " + mic.encode() + b", sha-256\r\n"
              b"Disposition: automatic-action/MDN-sent-automatically; " + disposition.encode() + b"\r\n"
              b"\r\n--b1--\r\n")
    src = tmp / f"report-{secrets.token_hex(4)}.mime"
    src.write_bytes(report)
    top, body = split_smime(openssl_sign(tmp, bob, src).read_bytes())
    return {"Content-Type": top["Content-Type"], "AS2-From": "bob", "AS2-To": "alice", "AS2-Version": "1.2",
            "Message-ID": f"<mdn-{secrets.token_hex(4)}@bob.example>"}, body


def sync_answer(tmp: Path, bob: Party, alice: Party,
                mic_of: Callable[[bytes], str] = b64_digest) -> Callable[[Captured], tuple[int, dict[str, str], bytes]]:
    def answer(req: Captured) -> tuple[int, dict[str, str], bytes]:
        signed_part = bob_opens(tmp, bob, alice, req.body)
        return (200, *bob_mdn(tmp, bob, req.headers["Message-ID"], mic_of(signed_part)))
    return answer


def expectation(ledger: Ledger, message_id: str) -> ExpectedAck:  # noqa: F811
    with ledger.reading() as s:
        return s.scalars(select(ExpectedAck).where(ExpectedAck.message_id == message_id)).one()


def test_sync_send_with_openssl_signed_mdn_and_mic(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                                   bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    bob_server.answer = sync_answer(tmp_path, bob, alice)
    sender = As2Sender(As2Directory([bob_route(bob, alice, bob_server.url)]), ledger)
    ic_id = store(ledger)
    result = sender.send(ic_id)
    assert result.status == "delivered" and result.attempts == 1
    assert result.mdn is not None and result.mdn.mic_ok and result.mdn.signed and result.mdn.processed
    req = bob_server.requests[0]
    assert req.headers["AS2-From"] == "alice" and req.headers["AS2-To"] == "bob"
    assert "signed-receipt-micalg=optional, sha-256" in req.headers["Disposition-Notification-Options"]
    exp = expectation(ledger, result.message_id)
    assert exp.status == "received" and exp.result == "A" and exp.interchange_id == ic_id
    with ledger.reading() as s:
        meta = s.get(Interchange, ic_id).transport_meta["as2"]  # type: ignore[union-attr]
    assert meta["message_id"] == result.message_id and meta["mic"] == result.mic


def test_sync_mdn_with_wrong_mic_is_recorded_as_rejected(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                                         bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    bob_server.answer = sync_answer(tmp_path, bob, alice, mic_of=lambda part: b64_digest(part + b"x"))
    sender = As2Sender(As2Directory([bob_route(bob, alice, bob_server.url)]), ledger)
    result = sender.send(store(ledger))
    assert result.status == "rejected" and result.mdn is not None and not result.mdn.mic_ok
    assert expectation(ledger, result.message_id).result == "R"


def test_mdn_signed_by_someone_else_is_not_trusted(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                                   bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob, carol = parties["alice"], parties["bob"], parties["carol"]
    bob_server.answer = lambda req: (200, *bob_mdn(tmp_path, carol, req.headers["Message-ID"], "x"))
    sender = As2Sender(As2Directory([bob_route(bob, alice, bob_server.url)]), ledger)
    ic_id = store(ledger)
    with pytest.raises(As2SendError, match="cannot be trusted"):
        sender.send(ic_id)
    with ledger.reading() as s:
        exp = s.scalars(select(ExpectedAck).where(ExpectedAck.interchange_id == ic_id)).one()
    assert exp.status == "pending"


def test_retries_keep_the_message_id(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                     bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    good = sync_answer(tmp_path, bob, alice)
    bob_server.answer = lambda req: (503, {}, b"busy") if len(bob_server.requests) == 1 else good(req)
    waits: list[float] = []
    sender = As2Sender(As2Directory([bob_route(bob, alice, bob_server.url)]), ledger, sleep=waits.append)
    result = sender.send(store(ledger))
    assert result.status == "delivered" and result.attempts == 2 and waits == [0.01]
    ids = {r.headers["Message-ID"] for r in bob_server.requests}
    assert ids == {result.message_id}


def test_partner_that_never_answers_is_flagged_overdue(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                                       bob_server: PartnerServer) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    bob_server.delay = 1.0  # longer than our timeout: no answer at all
    route = replace(bob_route(bob, alice, bob_server.url), timeout=0.3, retries=1,
                    mdn_deadline=dt.timedelta(seconds=-1))
    waits: list[float] = []
    sender = As2Sender(As2Directory([route]), ledger, sleep=waits.append)
    ic_id = store(ledger)
    with pytest.raises(As2SendError, match="after 2 attempts"):
        sender.send(ic_id)
    assert len(bob_server.wait(2)) == 2 and len(waits) == 1
    flagged = sender.flag_overdue()
    assert [(e.kind, e.interchange_id) for e in flagged] == [("MDN", ic_id)]
    assert sender.flag_overdue() == []  # flagged once
    with ledger.reading() as s:
        assert s.scalars(select(ExpectedAck.status).where(ExpectedAck.interchange_id == ic_id)).one() == "overdue"
    # a resend (the outbox retrying) reuses the Message-ID of the first try
    bob_server.delay = 0.0
    first_id = bob_server.requests[0].headers["Message-ID"]
    bob_server.answer = lambda req: (200, {}, b"")
    with pytest.raises(As2SendError):  # bob answers 200 without an MDN: not trusted
        sender.send(ic_id)
    assert bob_server.requests[-1].headers["Message-ID"] == first_id


def test_async_mdn_posted_back_is_matched(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                          bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    for gw in run_app(make_app(As2Directory([bob_route(bob, alice, bob_server.url)]), ledger)):
        route = bob_route(bob, alice, bob_server.url, mdn_mode="async", async_mdn_url=gw.url + "/mdn")
        sender = As2Sender(As2Directory([route]), ledger)
        ic_id = store(ledger)
        result = sender.send(ic_id)
        assert result.status == "awaiting_mdn"
        req = bob_server.requests[0]
        assert req.headers["Receipt-Delivery-Option"] == gw.url + "/mdn"
        assert expectation(ledger, result.message_id).status == "pending"
        signed_part = bob_opens(tmp_path, bob, alice, req.body)
        mdn_headers, mdn_body = bob_mdn(tmp_path, bob, result.message_id, b64_digest(signed_part))
        resp = httpx.post(gw.url + "/mdn", content=mdn_body, headers=mdn_headers, timeout=10)
        assert resp.status_code == 200, resp.text
        exp = expectation(ledger, result.message_id)
        assert exp.status == "received" and exp.result == "A"
        # an MDN for a message we never sent, and one from a stranger, are refused
        other_headers, other_body = bob_mdn(tmp_path, bob, "<never@sent>", "x")
        assert httpx.post(gw.url + "/mdn", content=other_body, headers=other_headers).status_code == 400
        assert httpx.post(gw.url + "/mdn", content=mdn_body,
                          headers={**mdn_headers, "AS2-From": "mallory"}).status_code == 400
    with ledger.reading() as s:
        assert len(s.scalars(select(ReceivedAck)).all()) == 1


# -- profile mapping ---------------------------------------------------------------------------------

def test_route_from_profile_entry(parties: dict[str, Party]) -> None:
    alice, bob = parties["alice"], parties["bob"]
    entry = Transport(name="bob-as2", kind="as2",
                      settings={"url": "https://bob.example/as2", "as2_id": "bob", "our_as2_id": "alice",
                                "our_cert": str(alice.cert), "partner_cert": str(bob.cert), "compress": True,
                                "mdn": "async", "async_mdn_url": "https://us.example/as2/mdn",
                                "mdn_deadline_minutes": 30, "cipher": "tripledes_cbc", "digest": "sha1"},
                      secrets={"signing_key": {"file": str(alice.key)}})
    route = route_from_entry("bob-corp", entry.name, entry.settings, entry.secrets)
    assert route.partner.as2_name == "bob" and route.ours.as2_name == "alice"
    assert route.partner.compress and route.partner.mdn_mode == "async" and route.partner.cipher == "tripledes_cbc"
    assert route.mdn_deadline == dt.timedelta(minutes=30) and route.url == "https://bob.example/as2"
    directory = As2Directory([route])
    assert directory.by_as2_name("bob") is route and directory.by_partner("bob-corp") is route
    assert directory.identity("alice") is not None and directory.identity("bob") is None
    assert directory.certificate_warnings(within_days=1) == []
    assert len(directory.certificate_warnings(within_days=60)) == 3  # the test certificates live 30 days


@pytest.mark.parametrize(("change", "message"), [
    ({"colour": "red"}, "unknown settings 'colour'"),
    ({"url": None}, "missing url"),
    ({"mdn": "sometimes"}, "mdn must be"),
    ({"compress": "yes"}, "compress must be true or false"),
    ({"partner_cert": "/nonexistent/bob.crt"}, "is not a readable file"),
])
def test_bad_route_settings_name_the_problem(parties: dict[str, Party], change: dict[str, object],
                                             message: str) -> None:
    alice, bob = parties["alice"], parties["bob"]
    settings: dict[str, object] = {"url": "https://bob.example/as2", "as2_id": "bob", "our_as2_id": "alice",
                                   "our_cert": str(alice.cert), "partner_cert": str(bob.cert), **change}
    settings = {k: v for k, v in settings.items() if v is not None}
    with pytest.raises(MailboxConfigError, match=message) as err:
        route_from_entry("bob-corp", "bob-as2", settings, {"signing_key": {"file": str(alice.key)}})
    assert "partner 'bob-corp', mailbox 'bob-as2'" in str(err.value)


def test_example_profiles_are_complete_but_need_their_files() -> None:
    profiles = [p for p in load_profiles() if any(t.kind == "as2" for t in p.transports)]
    assert {p.id for p in profiles} == {"euromarkt-gmbh", "roadrunner-freight"}
    with pytest.raises(MailboxConfigError, match="is not a readable file"):  # not 'missing ...'
        As2Directory.from_profiles(profiles)


def test_outbox_entries_are_sent_and_failures_retried_later(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                                            bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    good = sync_answer(tmp_path, bob, alice)
    bob_server.answer = lambda req: (500, {}, b"down") if len(bob_server.requests) <= 1 else good(req)
    route = replace(bob_route(bob, alice, bob_server.url), retries=0, backoff_base=60.0)
    sender = As2Sender(As2Directory([route]), ledger, sleep=lambda s: None)
    ic_id = store(ledger)
    with ledger.transaction() as s:
        enqueue(s, interchange_id=ic_id, partner_id="bob-corp", transport="bob-as2", actor="test")
    assert sender.send_outbox() == [(ic_id, "retry")]
    assert sender.send_outbox() == []  # not due yet: backoff
    with ledger.transaction() as s:
        entry = list_outbox(s, transport="bob-as2")[0]
        entry.next_attempt_at = entry.next_attempt_at - dt.timedelta(minutes=5)
    assert sender.send_outbox() == [(ic_id, "delivered")]
    with ledger.reading() as s:
        entry = list_outbox(s, transport="bob-as2")[0]
        assert entry.status == "sent" and entry.attempts == 2
    assert len({r.headers["Message-ID"] for r in bob_server.requests}) == 1
