"""Receiving AS2 over real HTTP: openssl (bob) builds the messages, our app runs under uvicorn.

Checks the whole inbound contract: the payload is in the ledger with its transport metadata before
the MDN is answered, the sync MDN verifies in ``openssl cms`` with the MIC openssl computes itself,
an async MDN reaches bob's server, a resent Message-ID gets the same MDN and is stored once, and
tampered, unsigned, unencrypted and wrong-partner messages get a negative MDN and an alert.
"""

from __future__ import annotations

import logging
import secrets
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from gateway.ledger import Ledger
from gateway.ledger.interchanges import raw_content
from gateway.ledger.models import Event, Interchange
from gateway.transports.as2.profiles import As2Directory
from tests.transports.as2_fixtures import Party, openssl
from tests.transports.as2_http_helpers import (  # noqa: F401 - fixtures
    Gateway,
    PartnerServer,
    bob_route,
    bob_server,
    ledger,
    ledger_template,
    make_app,
    run_app,
)
from tests.transports.test_as2_openssl import (
    PAYLOAD,
    b64_digest,
    inner_mime,
    openssl_encrypt,
    openssl_sign,
    split_smime,
)

pytestmark = pytest.mark.integration
ENVELOPED = "application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m"


@pytest.fixture
def gateway(parties: dict[str, Party], ledger: Ledger) -> Iterator[Gateway]:  # noqa: F811
    """Our app for bob (strict profile: signed and encrypted required)."""
    directory = As2Directory([bob_route(parties["bob"], parties["alice"])])
    yield from run_app(make_app(directory, ledger))


def headers(content_type: str, *, sender: str = "bob", to: str = "alice", async_url: str | None = None,
            message_id: str | None = None) -> dict[str, str]:
    """AS2 headers as bob's software would send them, asking for a signed sha-256 receipt."""
    h = {"AS2-Version": "1.2", "AS2-From": sender, "AS2-To": to, "Content-Type": content_type,
         "Message-ID": message_id or f"<{secrets.token_hex(8)}@bob.example>",
         "Disposition-Notification-To": "bob@bob.example",
         "Disposition-Notification-Options": "signed-receipt-protocol=optional, pkcs7-signature; "
                                             "signed-receipt-micalg=optional, sha-256"}
    if async_url:
        h["Receipt-Delivery-Option"] = async_url
    return h


def openssl_compress(tmp: Path, inner: bytes) -> Path:
    """A compressed-data MIME part built with openssl's ASN.1 generator (this openssl has no zlib)."""
    conf = tmp / "compressed.cnf"
    conf.write_text("asn1=SEQUENCE:ci\n[ci]\ntype=OID:1.2.840.113549.1.9.16.1.9\ncontent=EXPLICIT:0,SEQUENCE:cd\n"
                    "[cd]\nversion=INT:0\nalg=SEQUENCE:zlib\neci=SEQUENCE:eci\n[zlib]\noid=OID:1.2.840.113549.1.9.16.3.8\n"
                    "[eci]\ntype=OID:pkcs7-data\ncontent=EXPLICIT:0,FORMAT:HEX,OCTETSTRING:"
                    + zlib.compress(inner).hex() + "\n")
    der = openssl("asn1parse", "-genconf", str(conf), "-out", "-", "-noout")
    assert der.returncode == 0, der.stderr
    wrapper = tmp / "compressed.mime"
    wrapper.write_bytes(b"Content-Type: application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z\r\n"
                        b"Content-Transfer-Encoding: binary\r\n\r\n" + der.stdout)
    return wrapper


def full_message(tmp: Path, bob: Party, alice: Party) -> tuple[bytes, str]:
    """Compressed, then signed, then encrypted by openssl; returns the body and the MIC bob expects."""
    wrapper = openssl_compress(tmp, inner_mime(tmp).read_bytes())
    body = openssl_encrypt(tmp, openssl_sign(tmp, bob, wrapper), alice)
    return body, b64_digest(wrapper.read_bytes())


def verify_mdn(tmp: Path, alice: Party, content_type: str, body: bytes) -> str:
    """openssl checks our MDN's signature; returns the verified report text."""
    eml = tmp / f"mdn-{secrets.token_hex(4)}.eml"
    eml.write_bytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    ver = openssl("cms", "-verify", "-in", str(eml), "-CAfile", str(alice.cert), "-purpose", "any")
    assert ver.returncode == 0, ver.stderr
    return ver.stdout.decode()


def interchanges(ledger: Ledger) -> list[Interchange]:  # noqa: F811
    with ledger.reading() as s:
        return list(s.scalars(select(Interchange).order_by(Interchange.id)).all())


def test_signed_encrypted_compressed_message_gets_sync_mdn_with_right_mic(
        parties: dict[str, Party], gateway: Gateway, ledger: Ledger, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    body, mic = full_message(tmp_path, bob, alice)
    h = headers(ENVELOPED)
    resp = httpx.post(gateway.url, content=body, headers=h, timeout=10)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("multipart/signed")
    report = verify_mdn(tmp_path, alice, resp.headers["content-type"], resp.content)
    assert f"Received-Content-MIC: {mic}, sha-256" in report
    assert f"Original-Message-ID: {h['Message-ID']}" in report
    assert "; processed\r\n" in report.replace("\n", "\r\n").replace("\r\r", "\r")
    stored = interchanges(ledger)
    assert len(stored) == 1
    ic = stored[0]
    assert ic.partner_id == "bob-corp" and ic.transport == "as2" and ic.mailbox == "bob-as2"
    meta = ic.transport_meta
    assert meta["message_id"] == h["Message-ID"] and meta["as2_from"] == "bob" and meta["as2_to"] == "alice"
    assert meta["mic"] == mic and meta["mdn_mode"] == "sync"
    assert meta["signed"] and meta["encrypted"] and meta["compressed"]
    with ledger.reading() as s:
        assert raw_content(s, ic.id) == PAYLOAD


def test_also_served_under_a_name_path(parties: dict[str, Party], gateway: Gateway, ledger: Ledger,  # noqa: F811
                                       tmp_path: Path) -> None:
    body, mic = full_message(tmp_path, parties["bob"], parties["alice"])
    resp = httpx.post(gateway.url + "/alice", content=body, headers=headers(ENVELOPED), timeout=10)
    assert resp.status_code == 200 and mic in resp.text
    assert len(interchanges(ledger)) == 1


def test_async_mdn_is_delivered_to_the_partner(parties: dict[str, Party], gateway: Gateway, ledger: Ledger,  # noqa: F811
                                               bob_server: PartnerServer, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    body, mic = full_message(tmp_path, bob, alice)
    h = headers(ENVELOPED, async_url=bob_server.url + "/mdn")
    resp = httpx.post(gateway.url, content=body, headers=h, timeout=10)
    assert resp.status_code == 200 and resp.content == b""  # the receipt comes separately
    got = bob_server.wait(1)
    assert len(got) == 1 and got[0].path == "/as2/mdn"
    assert got[0].headers["AS2-To"] == "bob" and got[0].headers["AS2-From"] == "alice"
    report = verify_mdn(tmp_path, alice, got[0].headers["Content-Type"], got[0].body)
    assert f"Received-Content-MIC: {mic}, sha-256" in report and h["Message-ID"] in report
    assert interchanges(ledger)[0].transport_meta["mdn_mode"] == "async"
    deadline = time.monotonic() + 5
    while True:  # the delivery event is written just after bob's server answered
        with ledger.reading() as s:
            outcomes = s.scalars(select(Event.outcome).where(Event.step == "as2_mdn_delivery")).all()
        if outcomes or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert list(outcomes) == ["ok"]


def test_resent_message_id_gets_original_mdn_and_is_processed_once(
        parties: dict[str, Party], gateway: Gateway, ledger: Ledger, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    body, _ = full_message(tmp_path, bob, alice)
    h = headers(ENVELOPED)
    first = httpx.post(gateway.url, content=body, headers=h, timeout=10)
    # bob's software re-encrypts on resend: different bytes, same Message-ID
    body2 = openssl_encrypt(tmp_path, openssl_sign(tmp_path, bob, inner_mime(tmp_path)), alice)
    second = httpx.post(gateway.url, content=body2, headers=h, timeout=10)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and second.headers["message-id"] == first.headers["message-id"]
    assert len(interchanges(ledger)) == 1
    with ledger.reading() as s:
        receives = s.scalar(select(func.count()).select_from(Event).where(Event.step == "receive"))
        mdns = s.scalar(select(func.count()).select_from(Event).where(Event.step == "as2_mdn"))
    assert receives == 1 and mdns == 1


def negative(tmp: Path, alice: Party, resp: httpx.Response) -> str:
    assert resp.status_code == 200
    return verify_mdn(tmp, alice, resp.headers["content-type"], resp.content)


def test_unsigned_and_unencrypted_messages_are_refused(parties: dict[str, Party], gateway: Gateway,
                                                       ledger: Ledger, tmp_path: Path,  # noqa: F811
                                                       caplog: pytest.LogCaptureFixture) -> None:
    alice, bob = parties["alice"], parties["bob"]
    caplog.set_level(logging.WARNING, logger="gateway.alerts")
    unsigned = openssl_encrypt(tmp_path, inner_mime(tmp_path), alice)
    report = negative(tmp_path, alice, httpx.post(gateway.url, content=unsigned, headers=headers(ENVELOPED)))
    assert "processed/error: insufficient-message-security" in report and "Received-Content-MIC" not in report
    top, signed_body = split_smime(openssl_sign(tmp_path, bob, inner_mime(tmp_path)).read_bytes())
    report = negative(tmp_path, alice, httpx.post(gateway.url, content=signed_body,
                                                  headers=headers(top["Content-Type"])))
    assert "processed/error: insufficient-message-security" in report
    assert interchanges(ledger) == []
    assert sum('"alert": "as2_refused"' in r.getMessage() for r in caplog.records) == 2
    assert '"modifier": "insufficient-message-security"' in caplog.records[-1].getMessage()


def test_wrong_partner_and_unknown_names_are_refused(parties: dict[str, Party], gateway: Gateway,
                                                     ledger: Ledger, tmp_path: Path) -> None:  # noqa: F811
    alice, bob, carol = parties["alice"], parties["bob"], parties["carol"]
    by_carol = openssl_encrypt(tmp_path, openssl_sign(tmp_path, carol, inner_mime(tmp_path)), alice)
    report = negative(tmp_path, alice, httpx.post(gateway.url, content=by_carol, headers=headers(ENVELOPED)))
    assert "processed/error: authentication-failed" in report
    good, _ = full_message(tmp_path, bob, alice)
    report = negative(tmp_path, alice, httpx.post(gateway.url, content=good,
                                                  headers=headers(ENVELOPED, sender="mallory")))
    assert "processed/error: unknown-trading-partner" in report
    report = negative(tmp_path, alice, httpx.post(gateway.url, content=good,
                                                  headers=headers(ENVELOPED, to="someone-else")))
    assert "processed/error: unknown-trading-partner" in report
    assert interchanges(ledger) == []


def test_tampered_message_is_refused(parties: dict[str, Party], ledger: Ledger, tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    relaxed = As2Directory([bob_route(bob, alice, require_encrypted=False)])
    top, body = split_smime(openssl_sign(tmp_path, bob, inner_mime(tmp_path)).read_bytes())
    for gw in run_app(make_app(relaxed, ledger)):
        ok = httpx.post(gw.url, content=body, headers=headers(top["Content-Type"]))
        assert "; processed\r\n" in ok.text and "error" not in ok.text.split("Disposition:")[1][:80]
        tampered = body.replace(b"850", b"855", 1)
        report = negative(tmp_path, alice, httpx.post(gw.url, content=tampered, headers=headers(top["Content-Type"])))
        assert "processed/error: integrity-check-failed" in report
    assert len(interchanges(ledger)) == 1  # only the untampered one


def test_oversized_body_is_refused_without_reading_it_all(parties: dict[str, Party], ledger: Ledger) -> None:  # noqa: F811
    directory = As2Directory([bob_route(parties["bob"], parties["alice"])])
    from gateway.transports.as2.http import create_app
    app = create_app(directory, ledger, max_body=1000)
    for gw in run_app(app):
        resp = httpx.post(gw.url, content=b"x" * 5000, headers=headers(ENVELOPED))
        assert resp.status_code == 413
    assert interchanges(ledger) == []


def test_message_without_mdn_request_is_stored_once(parties: dict[str, Party], gateway: Gateway,
                                                    ledger: Ledger, tmp_path: Path) -> None:  # noqa: F811
    body, _ = full_message(tmp_path, parties["bob"], parties["alice"])
    h = {k: v for k, v in headers(ENVELOPED).items() if not k.startswith("Disposition-Notification")}
    first = httpx.post(gateway.url, content=body, headers=h, timeout=10)
    again = httpx.post(gateway.url, content=body, headers=h, timeout=10)
    assert first.status_code == again.status_code == 200 and first.content == again.content == b""
    assert [ic.transport_meta["mdn_mode"] for ic in interchanges(ledger)] == ["none"]
    with ledger.reading() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(Event.step == "receive")) == 1
    refused = httpx.post(gateway.url, content=body, headers={**h, "AS2-From": "mallory"}, timeout=10)
    assert refused.status_code == 400 and b"unknown-trading-partner" in refused.content


def test_expiring_certificates_raise_an_alert_when_the_router_is_built(
        parties: dict[str, Party], ledger: Ledger, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    from gateway.transports.as2.http import as2_router
    from gateway.transports.as2.receiver import As2Receiver
    caplog.set_level(logging.WARNING, logger="gateway.alerts")
    as2_router(As2Receiver(As2Directory([bob_route(parties["bob"], parties["alice"])]), ledger))
    lines = [r.getMessage() for r in caplog.records if "as2_certificate_expiry" in r.getMessage()]
    assert len(lines) == 3 and any("bob-corp signing#1 certificate expires on" in line for line in lines)
    from gateway.observability import metrics
    exported = metrics.render_metrics()[0].decode()
    assert 'partner="bob-corp"' in exported and 'usage="as2-encrypt"' in exported
