"""AS2 messages and MDNs through our own code both ways: every algorithm, and every refusal."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gateway.transports.as2 import As2Error, build_mdn, build_message, mdn_request, open_message, read_mdn
from gateway.transports.as2.config import As2Partner
from tests.transports.as2_fixtures import Party, partner_profile

PAYLOAD = b"ISA*00*          *00*          *ZZ*BOB            *ZZ*ALICE          *240101*1200*U*00401*000000001*0*P*>~\r\nIEA*0*000000001~"


def exchange(parties: dict[str, Party], sender_view: As2Partner, receiver_view: As2Partner,
             payload: bytes = PAYLOAD):
    """bob sends to alice: bob builds with his view of alice, alice opens with her view of bob."""
    bob, alice = parties["bob"], parties["alice"]
    out = build_message(payload, ours=bob.identity, partner=sender_view, filename="po.x12")
    got = open_message(out.headers, out.body, ours=alice.identity,
                       find_partner=lambda name: receiver_view if name == "bob" else None)
    return out, got


@pytest.mark.parametrize("cipher", ["aes128_cbc", "aes192_cbc", "aes256_cbc", "tripledes_cbc"])
@pytest.mark.parametrize("digest", ["sha1", "sha256", "sha384", "sha512"])
def test_round_trip_every_algorithm(parties: dict[str, Party], cipher: str, digest: str) -> None:
    view_of_alice = partner_profile(parties["alice"], cipher=cipher, digest=digest, compress=True)
    out, got = exchange(parties, view_of_alice, partner_profile(parties["bob"]))
    assert got.payload == PAYLOAD and got.signed and got.encrypted and got.compressed
    assert got.filename == "po.x12" and got.content_type == "application/edi-x12"
    assert got.mic_algorithm == digest and got.mic == out.mic  # the MIC both sides computed agrees
    assert got.mdn is not None and got.mdn.signed and got.message_id == out.message_id


def test_plain_and_partial_protection_when_the_profile_allows(parties: dict[str, Party]) -> None:
    relaxed = partner_profile(parties["bob"], require_signed=False, require_encrypted=False)
    for sign, encrypt in ((False, False), (True, False), (False, True)):
        view = partner_profile(parties["alice"], sign=sign, encrypt=encrypt)
        out, got = exchange(parties, view, relaxed)
        assert (got.payload, got.signed, got.encrypted) == (PAYLOAD, sign, encrypt)
        assert got.mic == out.mic


def test_unsigned_or_unencrypted_refused_when_required(parties: dict[str, Party]) -> None:
    strict = partner_profile(parties["bob"])
    with pytest.raises(As2Error) as err:
        exchange(parties, partner_profile(parties["alice"], sign=False), strict)
    assert err.value.modifier == "insufficient-message-security" and "signed" in err.value.reason
    with pytest.raises(As2Error) as err:
        exchange(parties, partner_profile(parties["alice"], encrypt=False), strict)
    assert err.value.modifier == "insufficient-message-security" and "encrypted" in err.value.reason


def test_tampered_signed_content_is_refused(parties: dict[str, Party]) -> None:
    bob, alice = parties["bob"], parties["alice"]
    out = build_message(PAYLOAD, ours=bob.identity, partner=partner_profile(alice, encrypt=False),
                        filename="po.x12")
    tampered = out.body.replace(b"000000001", b"000000002", 1)
    assert tampered != out.body
    with pytest.raises(As2Error) as err:
        open_message(out.headers, tampered, ours=alice.identity,
                     find_partner=lambda n: partner_profile(bob, require_encrypted=False))
    assert err.value.modifier == "integrity-check-failed"


def test_signed_by_someone_else_is_refused(parties: dict[str, Party]) -> None:
    carol, alice, bob = parties["carol"], parties["alice"], parties["bob"]
    out = build_message(PAYLOAD, ours=replace(carol.identity, as2_name="bob"),
                        partner=partner_profile(alice), filename="po.x12")
    with pytest.raises(As2Error) as err:
        open_message(out.headers, out.body, ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert err.value.modifier == "authentication-failed" and "not the partner's" in err.value.reason


def test_encrypted_for_someone_else_is_refused(parties: dict[str, Party]) -> None:
    bob, alice, carol = parties["bob"], parties["alice"], parties["carol"]
    wrong = replace(partner_profile(alice), encryption_cert=partner_profile(carol).encryption_cert)
    with pytest.raises(As2Error) as err:
        exchange(parties, wrong, partner_profile(bob))
    assert err.value.modifier == "decryption-failed" and "not encrypted for our certificate" in err.value.reason


def test_unknown_names_are_refused(parties: dict[str, Party]) -> None:
    bob, alice = parties["bob"], parties["alice"]
    out = build_message(PAYLOAD, ours=bob.identity, partner=partner_profile(alice), filename="po.x12")
    with pytest.raises(As2Error, match="AS2-From 'bob' is not a known partner"):
        open_message(out.headers, out.body, ours=alice.identity, find_partner=lambda n: None)
    with pytest.raises(As2Error, match="AS2-To 'alice' is not our AS2 name"):
        open_message(out.headers, out.body, ours=bob.identity, find_partner=lambda n: partner_profile(alice))


def test_decompression_bomb_is_refused(parties: dict[str, Party]) -> None:
    view = partner_profile(parties["alice"], compress=True)
    with pytest.raises(As2Error) as err:
        exchange(parties, view, partner_profile(parties["bob"], max_size=100_000), payload=b"0" * 1_000_000)
    assert err.value.modifier == "decompression-failed"


def test_hostile_filename_is_dropped(parties: dict[str, Party]) -> None:
    bob, alice = parties["bob"], parties["alice"]
    out = build_message(PAYLOAD, ours=bob.identity, partner=partner_profile(alice), filename="../../etc/cron.d/x")
    got = open_message(out.headers, out.body, ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert got.filename is None and got.payload == PAYLOAD


def test_mdn_round_trip_and_checks(parties: dict[str, Party]) -> None:
    bob, alice = parties["bob"], parties["alice"]
    out, got = exchange(parties, partner_profile(alice), partner_profile(bob))
    assert got.mdn is not None
    mdn = build_mdn(ours=alice.identity, original_message_id=got.message_id, original_from=got.as2_from,
                    mic=got.mic, mic_algorithm=got.mic_algorithm, sign=got.mdn.signed)
    result = read_mdn(mdn.headers, mdn.body, partner=partner_profile(alice), expected_message_id=out.message_id,
                      expected_mic=out.mic)
    assert result.processed and result.mic_ok and result.signed and result.modifier is None
    wrong_mic = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    assert not read_mdn(mdn.headers, mdn.body, partner=partner_profile(alice), expected_message_id=out.message_id,
                        expected_mic=wrong_mic).mic_ok
    with pytest.raises(As2Error, match="not our message"):
        read_mdn(mdn.headers, mdn.body, partner=partner_profile(alice), expected_message_id="<other@x>",
                 expected_mic=out.mic)
    with pytest.raises(As2Error) as err:  # an MDN signed by carol is not alice's
        read_mdn(mdn.headers, mdn.body, partner=partner_profile(parties["carol"]),
                 expected_message_id=out.message_id, expected_mic=out.mic)
    assert err.value.modifier == "authentication-failed"


def test_negative_mdn(parties: dict[str, Party]) -> None:
    alice = parties["alice"]
    mdn = build_mdn(ours=alice.identity, original_message_id="<m1@bob>", original_from="bob", mic=None,
                    mic_algorithm=None, error="decryption-failed", sign=False)
    result = read_mdn(mdn.headers, mdn.body, partner=partner_profile(alice), expected_message_id="<m1@bob>",
                      expected_mic=None, require_signed=False)
    assert not result.processed and result.modifier == "decryption-failed"
    with pytest.raises(As2Error) as err:
        read_mdn(mdn.headers, mdn.body, partner=partner_profile(alice), expected_message_id="<m1@bob>",
                 expected_mic=None)
    assert err.value.modifier == "insufficient-message-security"


def test_mdn_request_header_parsing() -> None:
    req = mdn_request({"Disposition-Notification-To": "x",
                       "disposition-notification-options": "signed-receipt-protocol=optional, pkcs7-signature; "
                                                           "signed-receipt-micalg=optional, sha-512, sha-256",
                       "Receipt-Delivery-Option": "https://bob.example/mdn"})
    assert req is not None and req.signed and req.mic_algorithm == "sha512" and req.async_url.endswith("/mdn")
    assert mdn_request({}) is None


def test_profile_checks(parties: dict[str, Party]) -> None:
    with pytest.raises(ValueError, match="cipher"):
        partner_profile(parties["bob"], cipher="rc2_cbc")
    with pytest.raises(ValueError, match="async_mdn_url"):
        partner_profile(parties["bob"], mdn_mode="async")


def test_certificate_expiry_warnings(parties: dict[str, Party]) -> None:
    import datetime as dt

    from gateway.transports.as2.config import expiry_warnings, load_cert

    cert = load_cert(parties["bob"].cert)  # valid for 30 days from the session start
    assert expiry_warnings({"bob signing": cert}, within_days=7) == []
    (soon,) = expiry_warnings({"bob signing": cert}, within_days=31)
    assert soon.startswith("bob signing certificate expires on") and "days left" in soon
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=40)
    assert expiry_warnings({"bob signing": cert}, now=later)[0].startswith("bob signing certificate expired")


@given(st.lists(st.binary(max_size=200), min_size=1, max_size=5), st.sampled_from([b"\r\n", b"\n"]))
def test_split_multipart_gives_back_each_part_exactly(parts: list[bytes], eol: bytes) -> None:
    from gateway.transports.as2.mime import split_multipart

    boundary = "b-0123456789abcdef"
    assume(all(b"--" + boundary.encode() not in p for p in parts))
    assume(eol == b"\r\n" or not any(p.endswith(b"\r") for p in parts))  # "\r\n--b" is one delimiter
    body = b"preamble" + eol + b"".join(b"--" + boundary.encode() + eol + p + eol for p in parts)
    body += b"--" + boundary.encode() + b"--" + eol + b"epilogue"
    assert split_multipart(body, boundary, "unexpected-processing-error") == parts


def test_split_multipart_refuses_a_truncated_body() -> None:
    from gateway.transports.as2.mime import split_multipart

    with pytest.raises(As2Error, match="not closed"):
        split_multipart(b"--b\r\npart one\r\n--b\r\npart tw", "b", "integrity-check-failed")
