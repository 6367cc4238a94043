"""AS2 interop with ``openssl cms`` playing the partner, both directions, MDN MIC included.

openssl here is built without zlib, so it cannot (de)compress CMS itself: the compressed cases
build and inspect the CompressedData ASN.1 with ``openssl asn1parse``/``cms -cmsout`` and use the
standard library's zlib for the deflate stream. ``openssl cms -verify`` is run without ``-binary``
on multipart/signed input: with it, OpenSSL 3.0's MIME splitter keeps the CR of each CRLF and adds
another, so it fails on any correctly canonical message (libraries.md 4.3 saw the same).
"""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import replace
from pathlib import Path

import pytest

from gateway.transports.as2 import As2Error, build_mdn, build_message, open_message, read_mdn
from tests.transports.as2_fixtures import Party, openssl, partner_profile

PAYLOAD = (b"ISA*00*          *00*          *ZZ*BOB            *ZZ*ALICE          *240101*1200*U*00401*"
           b"000000001*0*P*>~\r\nGS*PO*BOB*ALICE*20240101*1200*1*X*004010~\r\nST*850*0001~\r\n")
OPENSSL_CIPHER = {"aes128_cbc": "-aes128", "aes192_cbc": "-aes192", "aes256_cbc": "-aes256", "tripledes_cbc": "-des3"}


def as2_headers(content_type: str, **extra: str) -> dict[str, str]:
    return {"AS2-From": "bob", "AS2-To": "alice", "Message-ID": "<m-1@bob.example>", "Content-Type": content_type,
            "Disposition-Notification-To": "bob",
            "Disposition-Notification-Options": "signed-receipt-protocol=optional, pkcs7-signature; "
                                                "signed-receipt-micalg=optional, sha-256", **extra}


def inner_mime(tmp: Path) -> Path:
    path = tmp / "inner.mime"
    path.write_bytes(b'Content-Type: application/edi-x12\r\nContent-Disposition: attachment; filename="po.x12"'
                     b"\r\n\r\n" + PAYLOAD)
    return path


def split_smime(raw: bytes) -> tuple[dict[str, str], bytes]:
    """openssl's S/MIME output: top headers (unfolded) and the body."""
    head, _, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    text = re.sub(r"\n[ \t]+", " ", head.decode())
    headers = dict(line.split(": ", 1) for line in text.splitlines())
    # restore CRLF line ends in the body exactly as openssl wrote them
    _, _, crlf_body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else (b"", b"", body)
    return headers, crlf_body


def b64_digest(data: bytes) -> str:
    out = openssl("dgst", "-sha256", "-binary", input=data)
    assert out.returncode == 0
    return base64.b64encode(out.stdout).decode()


# -- gateway -> openssl ----------------------------------------------------------------------------

@pytest.mark.parametrize(("cipher", "digest"), [("aes128_cbc", "sha256"), ("aes192_cbc", "sha256"),
                                                ("aes256_cbc", "sha256"), ("tripledes_cbc", "sha256"),
                                                ("aes256_cbc", "sha1"), ("aes256_cbc", "sha384"),
                                                ("aes128_cbc", "sha512")])
def test_gateway_message_opens_with_openssl(parties: dict[str, Party], tmp_path: Path, cipher: str,
                                            digest: str) -> None:
    alice, bob = parties["alice"], parties["bob"]
    out = build_message(PAYLOAD, ours=alice.identity, partner=partner_profile(bob, cipher=cipher, digest=digest),
                        filename="po.x12")
    (tmp_path / "body.der").write_bytes(out.body)
    dec = openssl("cms", "-decrypt", "-inform", "DER", "-in", str(tmp_path / "body.der"),
                  "-recip", str(bob.cert), "-inkey", str(bob.key))
    assert dec.returncode == 0, dec.stderr
    (tmp_path / "dec.mime").write_bytes(dec.stdout)
    ver = openssl("cms", "-verify", "-in", str(tmp_path / "dec.mime"), "-CAfile", str(alice.cert),
                  "-purpose", "any")
    assert ver.returncode == 0, ver.stderr
    assert ver.stdout.endswith(PAYLOAD) and b"filename=\"po.x12\"" in ver.stdout
    # openssl's digest of what it verified is the MIC we expect back in the MDN
    d = openssl("dgst", f"-{digest}", "-binary", input=ver.stdout)
    assert base64.b64encode(d.stdout).decode() == out.mic
    # a stranger cannot open it
    assert openssl("cms", "-decrypt", "-inform", "DER", "-in", str(tmp_path / "body.der"),
                   "-recip", str(parties["carol"].cert), "-inkey", str(parties["carol"].key)).returncode != 0


def test_gateway_compressed_message_is_cms_compressed_data(parties: dict[str, Party], tmp_path: Path) -> None:
    alice, bob = parties["alice"], parties["bob"]
    out = build_message(PAYLOAD, ours=alice.identity, partner=partner_profile(bob, compress=True, sign=False),
                        filename="po.x12")
    (tmp_path / "body.der").write_bytes(out.body)
    dec = openssl("cms", "-decrypt", "-inform", "DER", "-in", str(tmp_path / "body.der"),
                  "-recip", str(bob.cert), "-inkey", str(bob.key), "-binary")
    assert dec.returncode == 0, dec.stderr
    assert b"smime-type=compressed-data" in dec.stdout
    der = dec.stdout.split(b"\r\n\r\n", 1)[1]
    printed = openssl("cms", "-cmsout", "-print", "-inform", "DER", input=der)
    assert printed.returncode == 0, printed.stderr
    text = printed.stdout.decode()
    assert "id-smime-ct-compressedData" in text and "zlib" in text.lower()
    parsed = openssl("asn1parse", "-inform", "DER", input=der).stdout.decode()
    offset = [line for line in parsed.splitlines() if "OCTET STRING" in line][-1].split(":")[0].strip()
    stream = openssl("asn1parse", "-inform", "DER", "-strparse", offset, "-noout", "-out", "-", input=der).stdout
    assert zlib.decompress(stream).endswith(PAYLOAD)


# -- openssl -> gateway ----------------------------------------------------------------------------

def openssl_sign(tmp: Path, party: Party, source: Path, md: str = "sha256", *extra: str) -> Path:
    signed = tmp / f"signed-{party.name}.mime"
    r = openssl("cms", "-sign", "-in", str(source), "-signer", str(party.cert), "-inkey", str(party.key),
                "-md", md, "-binary", "-crlfeol", "-out", str(signed), *extra)
    assert r.returncode == 0, r.stderr
    return signed


def openssl_encrypt(tmp: Path, source: Path, recipient: Party, cipher: str = "-aes256", *extra: str) -> bytes:
    r = openssl("cms", "-encrypt", "-in", str(source), "-binary", cipher, "-outform", "DER",
                "-recip", str(recipient.cert), *extra)  # -keyopt applies to the -recip before it
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize(("cipher", "md", "keyopts"), [
    ("aes256_cbc", "sha256", ()), ("aes128_cbc", "sha1", ()), ("tripledes_cbc", "sha512", ()),
    ("aes192_cbc", "sha384", ()), ("aes256_cbc", "sha256", ("pss", "oaep")),
])
def test_openssl_message_opens_in_gateway(parties: dict[str, Party], tmp_path: Path, cipher: str, md: str,
                                          keyopts: tuple[str, ...]) -> None:
    alice, bob = parties["alice"], parties["bob"]
    inner = inner_mime(tmp_path)
    sign_extra = ("-keyopt", "rsa_padding_mode:pss") if "pss" in keyopts else ()
    enc_extra = ("-keyopt", "rsa_padding_mode:oaep") if "oaep" in keyopts else ()
    signed = openssl_sign(tmp_path, bob, inner, md, *sign_extra)
    body = openssl_encrypt(tmp_path, signed, alice, OPENSSL_CIPHER[cipher], *enc_extra)
    label = {"sha1": "sha1", "sha256": "sha-256", "sha384": "sha-384", "sha512": "sha-512"}[md]
    headers = as2_headers("application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m",
                          **{"Disposition-Notification-Options":
                             f"signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, {label}"})
    if keyopts:  # make sure openssl really used the padding modes under test
        assert b"rsaesOaep" in openssl("cms", "-cmsout", "-print", "-inform", "DER", input=body).stdout
        assert b"rsassaPss" in openssl("cms", "-cmsout", "-print", "-in", str(signed)).stdout
    got = open_message(headers, body, ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert got.payload == PAYLOAD and got.signed and got.encrypted and got.filename == "po.x12"
    mic = openssl("dgst", f"-{md}", "-binary", str(inner)).stdout
    assert got.mic == base64.b64encode(mic).decode() and got.mic_algorithm == md


def test_openssl_signed_only_and_tampered(parties: dict[str, Party], tmp_path: Path) -> None:
    alice, bob = parties["alice"], parties["bob"]
    signed = openssl_sign(tmp_path, bob, inner_mime(tmp_path)).read_bytes()
    top, body = split_smime(signed)
    relaxed = partner_profile(bob, require_encrypted=False)
    got = open_message(as2_headers(top["Content-Type"]), body, ours=alice.identity, find_partner=lambda n: relaxed)
    assert got.payload == PAYLOAD and got.signed and not got.encrypted
    with pytest.raises(As2Error) as err:
        open_message(as2_headers(top["Content-Type"]), body.replace(b"850", b"855", 1), ours=alice.identity,
                     find_partner=lambda n: relaxed)
    assert err.value.modifier == "integrity-check-failed"
    with pytest.raises(As2Error) as err:  # the profile requires encryption
        open_message(as2_headers(top["Content-Type"]), body, ours=alice.identity,
                     find_partner=lambda n: partner_profile(bob))
    assert err.value.modifier == "insufficient-message-security"


def test_openssl_unsigned_and_wrong_partner_refused(parties: dict[str, Party], tmp_path: Path) -> None:
    alice, bob, carol = parties["alice"], parties["bob"], parties["carol"]
    unsigned = openssl_encrypt(tmp_path, inner_mime(tmp_path), alice)
    ctype = "application/pkcs7-mime; smime-type=enveloped-data"
    with pytest.raises(As2Error) as err:
        open_message(as2_headers(ctype), unsigned, ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert err.value.modifier == "insufficient-message-security"
    by_carol = openssl_encrypt(tmp_path, openssl_sign(tmp_path, carol, inner_mime(tmp_path)), alice)
    with pytest.raises(As2Error) as err:  # carol signs but claims to be bob
        open_message(as2_headers(ctype), by_carol, ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert err.value.modifier == "authentication-failed"
    for_carol = openssl_encrypt(tmp_path, openssl_sign(tmp_path, bob, inner_mime(tmp_path)), carol)
    with pytest.raises(As2Error) as err:
        open_message(as2_headers(ctype), for_carol, ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert err.value.modifier == "decryption-failed"


def test_openssl_compressed_signed_encrypted_opens(parties: dict[str, Party], tmp_path: Path) -> None:
    alice, bob = parties["alice"], parties["bob"]
    inner = inner_mime(tmp_path).read_bytes()
    conf = tmp_path / "compressed.cnf"
    conf.write_text("asn1=SEQUENCE:ci\n[ci]\ntype=OID:1.2.840.113549.1.9.16.1.9\ncontent=EXPLICIT:0,SEQUENCE:cd\n"
                    "[cd]\nversion=INT:0\nalg=SEQUENCE:zlib\neci=SEQUENCE:eci\n[zlib]\noid=OID:1.2.840.113549.1.9.16.3.8\n"
                    "[eci]\ntype=OID:pkcs7-data\ncontent=EXPLICIT:0,FORMAT:HEX,OCTETSTRING:"
                    + zlib.compress(inner).hex() + "\n")
    der = openssl("asn1parse", "-genconf", str(conf), "-out", "-", "-noout")
    assert der.returncode == 0, der.stderr
    wrapper = tmp_path / "compressed.mime"
    wrapper.write_bytes(b"Content-Type: application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z\r\n"
                        b"Content-Transfer-Encoding: binary\r\n\r\n" + der.stdout)
    body = openssl_encrypt(tmp_path, openssl_sign(tmp_path, bob, wrapper), alice)
    got = open_message(as2_headers("application/pkcs7-mime; smime-type=enveloped-data"), body,
                       ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert got.payload == PAYLOAD and got.compressed and got.signed and got.encrypted
    assert got.mic == b64_digest(wrapper.read_bytes())  # compressed, then signed: MIC over the signed part


# -- MDNs ------------------------------------------------------------------------------------------

def test_gateway_mdn_verifies_in_openssl_with_matching_mic(parties: dict[str, Party], tmp_path: Path) -> None:
    alice, bob = parties["alice"], parties["bob"]
    inner = inner_mime(tmp_path)
    body = openssl_encrypt(tmp_path, openssl_sign(tmp_path, bob, inner), alice)
    got = open_message(as2_headers("application/pkcs7-mime; smime-type=enveloped-data"), body,
                       ours=alice.identity, find_partner=lambda n: partner_profile(bob))
    assert got.mdn is not None and got.mdn.signed
    mdn = build_mdn(ours=alice.identity, original_message_id=got.message_id, original_from=got.as2_from,
                    mic=got.mic, mic_algorithm=got.mic_algorithm, sign=True)
    eml = tmp_path / "mdn.eml"
    eml.write_bytes(f"Content-Type: {mdn.headers['Content-Type']}\r\n\r\n".encode() + mdn.body)
    ver = openssl("cms", "-verify", "-in", str(eml), "-CAfile", str(alice.cert), "-purpose", "any")
    assert ver.returncode == 0, ver.stderr
    report = ver.stdout.decode()
    assert f"Received-Content-MIC: {b64_digest(inner.read_bytes())}, sha-256" in report
    assert "Original-Message-ID: <m-1@bob.example>" in report and "; processed" in report


def test_openssl_partner_mdn_is_checked_by_gateway(parties: dict[str, Party], tmp_path: Path) -> None:
    alice, bob = parties["alice"], parties["bob"]
    out = build_message(PAYLOAD, ours=alice.identity, partner=partner_profile(bob), filename="po.x12")
    (tmp_path / "body.der").write_bytes(out.body)
    dec = openssl("cms", "-decrypt", "-inform", "DER", "-in", str(tmp_path / "body.der"),
                  "-recip", str(bob.cert), "-inkey", str(bob.key))
    (tmp_path / "dec.mime").write_bytes(dec.stdout)
    ver = openssl("cms", "-verify", "-in", str(tmp_path / "dec.mime"), "-CAfile", str(alice.cert),
                  "-purpose", "any")
    assert ver.returncode == 0, ver.stderr
    partner_mic = b64_digest(ver.stdout)  # bob computes the MIC with his own tools

    def bob_mdn(mic: str, disposition: str = "processed") -> tuple[dict[str, str], bytes]:
        report = (b"Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b1\"\r\n\r\n"
                  b"--b1\r\nContent-Type: text/plain\r\n\r\nReceived.\r\n"
                  b"--b1\r\nContent-Type: message/disposition-notification\r\n\r\n"
                  b"Reporting-UA: openssl-partner\r\nOriginal-Recipient: rfc822; bob\r\n"
                  b"Final-Recipient: rfc822; bob\r\nOriginal-Message-ID: " + out.message_id.encode() + b"\r\n"
                  b"Received-Content-MIC: " + mic.encode() + b", sha-256\r\n"
                  b"Disposition: automatic-action/MDN-sent-automatically; " + disposition.encode() + b"\r\n"
                  b"\r\n--b1--\r\n")
        (tmp_path / "report.mime").write_bytes(report)
        signed = openssl_sign(tmp_path, bob, tmp_path / "report.mime").read_bytes()
        top, body = split_smime(signed)
        return {"Content-Type": top["Content-Type"], "AS2-From": "bob", "AS2-To": "alice"}, body

    headers, body = bob_mdn(partner_mic)
    result = read_mdn(headers, body, partner=partner_profile(bob), expected_message_id=out.message_id,
                      expected_mic=out.mic)
    assert result.processed and result.mic_ok and result.signed
    headers, body = bob_mdn(b64_digest(b"something else"))
    assert not read_mdn(headers, body, partner=partner_profile(bob), expected_message_id=out.message_id,
                        expected_mic=out.mic).mic_ok
    headers, body = bob_mdn(partner_mic, "processed/error: decryption-failed")
    failed = read_mdn(headers, body, partner=partner_profile(bob), expected_message_id=out.message_id,
                      expected_mic=out.mic)
    assert not failed.processed and failed.modifier == "decryption-failed"
    with pytest.raises(As2Error):  # bob's MDN checked against carol's certificate
        read_mdn(headers, body, partner=replace(partner_profile(parties["carol"])),
                 expected_message_id=out.message_id, expected_mic=out.mic)
