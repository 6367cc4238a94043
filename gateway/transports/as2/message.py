"""Build and open AS2 messages (RFC 4130): payload -> [compress] -> [sign] -> [encrypt] and back.

Building returns the HTTP headers, the HTTP body and the MIC we expect back in the MDN. Opening
checks the AS2-To/From names against our identity and the partner profiles, peels the layers in
whatever order the partner applied them (compressed before or after signing, RFC 5402), verifies
the signature against the partner's pinned certificates, enforces what the profile requires, and
computes the MIC for the MDN. Every refusal is an :class:`As2Error` with the MDN modifier to send.

MIC rule (RFC 4130 7.3.1): over the signed MIME part (headers and content) for signed messages;
over the decrypted MIME entity for encrypted unsigned ones; over the content for plain ones.
"""

from __future__ import annotations

import base64
import email.utils
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from gateway.transports.as2 import cms
from gateway.transports.as2.config import As2Identity, As2Partner
from gateway.transports.as2.errors import As2Error
from gateway.transports.as2.mime import (
    MICALG_LABEL,
    b64_lines,
    content_type,
    decode_body,
    entity,
    header_map,
    micalg_name,
    new_boundary,
    split_entity,
    split_multipart,
)
from gateway.transports.names import name_problem

MAX_LAYERS = 6


@dataclass(frozen=True)
class OutboundMessage:
    """A built AS2 message: send ``body`` with ``headers``; expect ``mic`` back in the MDN."""

    message_id: str
    headers: dict[str, str]
    body: bytes
    mic: str
    mic_algorithm: str


@dataclass(frozen=True)
class MdnRequest:
    """What the sender asked for: a receipt, signed or not, with which MIC algorithm, and where."""

    signed: bool
    mic_algorithm: str
    async_url: str | None


@dataclass(frozen=True)
class InboundMessage:
    """An opened AS2 message: the payload and how it was protected, for the ledger and the MDN."""

    message_id: str
    as2_from: str
    as2_to: str
    payload: bytes
    content_type: str
    filename: str | None
    signed: bool
    encrypted: bool
    compressed: bool
    mic: str
    mic_algorithm: str
    mdn: MdnRequest | None


def _unquote(name: str) -> str:
    name = name.strip()
    return name[1:-1].replace('\\"', '"') if len(name) >= 2 and name[0] == name[-1] == '"' else name


def _quote(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ' "\\') else name


def new_message_id(domain: str = "edi-gateway") -> str:
    """A fresh ``<...@domain>`` Message-ID."""
    return f"<{secrets.token_hex(16)}@{domain}>"


def build_message(payload: bytes, *, ours: As2Identity, partner: As2Partner, filename: str,
                  content_type_: str = "application/edi-x12", message_id: str | None = None,
                  subject: str = "EDI message") -> OutboundMessage:
    """Wrap ``payload`` per the partner profile and return headers, body and the expected MIC."""
    message_id = message_id or new_message_id()
    part = entity({"Content-Type": content_type_, "Content-Transfer-Encoding": "binary",
                   "Content-Disposition": f'attachment; filename="{filename}"'}, payload)
    mic_alg = partner.digest
    if partner.compress:
        part = entity({"Content-Type": 'application/pkcs7-mime; smime-type=compressed-data; name="smime.p7z"',
                       "Content-Transfer-Encoding": "binary",
                       "Content-Disposition": 'attachment; filename="smime.p7z"'}, cms.compress(part))
    if partner.sign:
        mic = cms.digest(part, mic_alg)  # over exactly the part that is signed
        signature = cms.sign_detached(part, ours.key, ours.cert, mic_alg)
        boundary = new_boundary()
        sig_part = entity({"Content-Type": 'application/pkcs7-signature; name="smime.p7s"',
                           "Content-Transfer-Encoding": "base64",
                           "Content-Disposition": 'attachment; filename="smime.p7s"'}, b64_lines(signature))
        body = (b"--" + boundary.encode() + b"\r\n" + part + b"\r\n--" + boundary.encode() + b"\r\n"
                + sig_part + b"\r\n--" + boundary.encode() + b"--\r\n")
        ctype = (f'multipart/signed; protocol="application/pkcs7-signature"; '
                 f'micalg={MICALG_LABEL[mic_alg]}; boundary="{boundary}"')
        part = entity({"Content-Type": ctype}, body)
    elif partner.encrypt:
        mic = cms.digest(part, mic_alg)  # encrypted, unsigned: the MIME entity before encryption
    else:
        mic = cms.digest(payload, mic_alg)  # plain: the content without MIME headers
    if partner.encrypt:
        body = cms.encrypt(part, partner.encryption_cert, partner.cipher)
        ctype = 'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"'
    else:
        headers_msg, body = split_entity(part)
        ctype = headers_msg["Content-Type"]
    headers = {
        "AS2-Version": "1.2", "MIME-Version": "1.0", "Message-ID": message_id,
        "AS2-From": _quote(ours.as2_name), "AS2-To": _quote(partner.as2_name),
        "Subject": subject, "Date": email.utils.formatdate(usegmt=True), "Content-Type": ctype,
    }
    if partner.encrypt or not partner.sign:
        headers["Content-Transfer-Encoding"] = "binary"
    if partner.mdn_mode:
        headers["Disposition-Notification-To"] = ours.as2_name
        if partner.mdn_signed:
            headers["Disposition-Notification-Options"] = (
                "signed-receipt-protocol=optional, pkcs7-signature; "
                f"signed-receipt-micalg=optional, {MICALG_LABEL[mic_alg]}")
        if partner.mdn_mode == "async":
            headers["Receipt-Delivery-Option"] = str(partner.async_mdn_url)
    headers.update(partner.extra_headers)
    return OutboundMessage(message_id, headers, body, base64.b64encode(mic).decode(), mic_alg)


def mdn_request(headers: Mapping[str, str]) -> MdnRequest | None:
    """Read the MDN request headers (also usable when the message itself cannot be opened)."""
    h = header_map(headers)
    if "disposition-notification-to" not in h:
        return None
    signed, algorithm = False, "sha256"
    for clause in h.get("disposition-notification-options", "").split(";"):
        name, _, values = clause.partition("=")
        items = [v.strip().lower() for v in values.split(",")][1:]  # first item: optional/required
        if name.strip().lower() == "signed-receipt-protocol":
            signed = "pkcs7-signature" in items
        elif name.strip().lower() == "signed-receipt-micalg":
            algorithm = next((a for a in (micalg_name(i) for i in items) if a), "sha256")
    return MdnRequest(signed, algorithm, h.get("receipt-delivery-option") or None)


def open_message(headers: Mapping[str, str], body: bytes, *, ours: As2Identity,
                 find_partner: Callable[[str], As2Partner | None]) -> InboundMessage:
    """Check names, decrypt, verify, decompress and enforce the profile; raise :class:`As2Error` if refused."""
    h = header_map(headers)
    message_id = h.get("message-id", "").strip()
    as2_from, as2_to = _unquote(h.get("as2-from", "")), _unquote(h.get("as2-to", ""))
    if not message_id:
        raise As2Error("unexpected-processing-error", "the message has no Message-ID")
    if as2_to != ours.as2_name:
        raise As2Error("unknown-trading-partner", f"AS2-To {as2_to!r} is not our AS2 name")
    partner = find_partner(as2_from)
    if partner is None:
        raise As2Error("unknown-trading-partner", f"AS2-From {as2_from!r} is not a known partner")
    if len(body) > partner.max_size:
        raise As2Error("unexpected-processing-error", f"the message is larger than {partner.max_size} bytes")
    request = mdn_request(headers)
    outer = {"Content-Type": h.get("content-type", "application/octet-stream")}
    if "content-transfer-encoding" in h:
        outer["Content-Transfer-Encoding"] = h["content-transfer-encoding"]
    current = entity(outer, body)

    signed = encrypted = compressed = False
    mic: bytes | None = None
    mic_source = b""
    mic_alg = request.mic_algorithm if request else partner.digest
    for _ in range(MAX_LAYERS):
        part_headers, part_body = split_entity(current)
        ctype = content_type(part_headers)
        if ctype in ("application/pkcs7-mime", "application/x-pkcs7-mime"):
            der = decode_body(part_headers, part_body)
            kind = cms.content_type_of(der)
            if kind == "enveloped_data":
                if encrypted:
                    raise As2Error("decryption-failed", "the message is encrypted twice")
                current, _cipher = cms.decrypt(der, ours.key, ours.cert)
                encrypted = True
                if mic is None and not signed:
                    mic_source = current
            elif kind == "compressed_data":
                current = cms.decompress(der, partner.max_size)
                compressed = True
            else:
                raise As2Error("unexpected-processing-error",
                               f"an application/pkcs7-mime part holds {kind or 'no CMS'}, not a message")
            continue
        if ctype == "multipart/signed":
            if signed:
                raise As2Error("authentication-failed", "the message is signed twice")
            boundary = part_headers.get_param("boundary")
            if not isinstance(boundary, str):
                raise As2Error("authentication-failed", "the signed message has no boundary")
            parts = split_multipart(part_body, boundary, "authentication-failed")
            if len(parts) != 2:
                raise As2Error("authentication-failed", f"a signed message has {len(parts)} parts, not 2")
            sig_headers, sig_body = split_entity(parts[1], "authentication-failed")
            if content_type(sig_headers) not in ("application/pkcs7-signature", "application/x-pkcs7-signature"):
                raise As2Error("authentication-failed", "the second part of the signed message is not a signature")
            cms.verify_detached(parts[0], decode_body(sig_headers, sig_body), list(partner.signing_certs))
            signed = True
            mic = cms.digest(parts[0], mic_alg)
            current = parts[0]
            continue
        break
    else:
        raise As2Error("unexpected-processing-error", f"the message nests more than {MAX_LAYERS} layers")

    if partner.require_encrypted and not encrypted:
        raise As2Error("insufficient-message-security", "the partner profile requires encrypted messages")
    if partner.require_signed and not signed:
        raise As2Error("insufficient-message-security", "the partner profile requires signed messages")
    part_headers, part_body = split_entity(current)
    payload = decode_body(part_headers, part_body)
    if mic is None:
        mic = cms.digest(mic_source if encrypted else payload, mic_alg)  # RFC 4130 7.3.1
    filename = part_headers.get_filename()
    if filename is not None and name_problem(filename) is not None:
        filename = None  # never carry a hostile name further; the ledger names the file itself
    return InboundMessage(message_id, as2_from, as2_to, payload, content_type(part_headers), filename,
                          signed, encrypted, compressed, base64.b64encode(mic).decode(), mic_alg, request)
