"""AS2 receipts (MDN, RFC 4130 section 7 / RFC 3798): build ours, read and check the partner's.

An MDN is a ``multipart/report`` with a human text part and a ``message/disposition-notification``
part naming the original Message-ID, the disposition (``processed`` or ``processed/error:
<modifier>``) and the ``Received-Content-MIC``. When the sender asked for a signed receipt it is
wrapped in ``multipart/signed``. Reading one checks the signature against the partner's pinned
certificates, that it answers our Message-ID, and that the MIC equals the one we computed when
sending: only then is the message delivered.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32

from gateway.transports.as2 import cms
from gateway.transports.as2.config import As2Identity, As2Partner
from gateway.transports.as2.errors import As2Error
from gateway.transports.as2.message import _quote, new_message_id
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


@dataclass(frozen=True)
class OutboundMdn:
    """An MDN ready to send (as the HTTP response, or POSTed to the async URL)."""

    message_id: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class MdnResult:
    """A partner's MDN, read and checked."""

    original_message_id: str
    disposition: str
    processed: bool
    modifier: str | None
    mic: str | None
    mic_algorithm: str | None
    mic_ok: bool
    signed: bool
    text: str


def build_mdn(*, ours: As2Identity, original_message_id: str, original_from: str, mic: str | None,
              mic_algorithm: str | None, error: str | None = None, sign: bool = True,
              explanation: str | None = None) -> OutboundMdn:
    """Our receipt for a message: ``processed`` when ``error`` is None, else ``processed/error: <error>``."""
    disposition = "automatic-action/MDN-sent-automatically; processed"
    if error:
        disposition += f"/error: {error}"
    text = explanation or ("The AS2 message has been received and stored." if not error
                           else f"The AS2 message could not be processed: {error}.")
    fields = [f"Reporting-UA: edi-gateway; {ours.as2_name}",
              f"Original-Recipient: rfc822; {ours.as2_name}",
              f"Final-Recipient: rfc822; {ours.as2_name}",
              f"Original-Message-ID: {original_message_id}"]
    if mic and mic_algorithm:
        fields.append(f"Received-Content-MIC: {mic}, {MICALG_LABEL[mic_algorithm]}")
    fields.append(f"Disposition: {disposition}")
    boundary = new_boundary()
    text_part = entity({"Content-Type": "text/plain; charset=us-ascii", "Content-Transfer-Encoding": "7bit"},
                       text.encode("ascii", "replace") + b"\r\n")
    notice = entity({"Content-Type": "message/disposition-notification", "Content-Transfer-Encoding": "7bit"},
                    "\r\n".join(fields).encode("ascii", "replace") + b"\r\n")
    body = (b"--" + boundary.encode() + b"\r\n" + text_part + b"\r\n--" + boundary.encode() + b"\r\n"
            + notice + b"\r\n--" + boundary.encode() + b"--\r\n")
    ctype = f'multipart/report; report-type=disposition-notification; boundary="{boundary}"'
    if sign:
        signed_part = entity({"Content-Type": ctype}, body)
        algorithm = mic_algorithm or "sha256"
        signature = cms.sign_detached(signed_part, ours.key, ours.cert, algorithm)
        outer = new_boundary()
        sig = entity({"Content-Type": 'application/pkcs7-signature; name="smime.p7s"',
                      "Content-Transfer-Encoding": "base64",
                      "Content-Disposition": 'attachment; filename="smime.p7s"'}, b64_lines(signature))
        body = (b"--" + outer.encode() + b"\r\n" + signed_part + b"\r\n--" + outer.encode() + b"\r\n" + sig
                + b"\r\n--" + outer.encode() + b"--\r\n")
        ctype = (f'multipart/signed; protocol="application/pkcs7-signature"; micalg={MICALG_LABEL[algorithm]}; '
                 f'boundary="{outer}"')
    message_id = new_message_id()
    headers = {"AS2-Version": "1.2", "MIME-Version": "1.0", "Message-ID": message_id,
               "AS2-From": _quote(ours.as2_name), "AS2-To": _quote(original_from),
               "Subject": "AS2 MDN", "Date": email.utils.formatdate(usegmt=True), "Content-Type": ctype}
    return OutboundMdn(message_id, headers, body)


def read_mdn(headers: Mapping[str, str], body: bytes, *, partner: As2Partner, expected_message_id: str,
             expected_mic: str | None, require_signed: bool = True) -> MdnResult:
    """Verify and read a partner's MDN for the message ``expected_message_id``.

    Raises :class:`As2Error` when the MDN is not for that message, is unsigned though required,
    or carries a bad signature. A readable MDN that reports an error or a different MIC is
    returned with ``processed``/``mic_ok`` False, for the caller to flag.
    """
    h = header_map(headers)
    current = entity({"Content-Type": h.get("content-type", "text/plain")}, body)
    part_headers, part_body = split_entity(current)
    signed = False
    if content_type(part_headers) == "multipart/signed":
        boundary = part_headers.get_param("boundary")
        if not isinstance(boundary, str):
            raise As2Error("authentication-failed", "the signed MDN has no boundary")
        parts = split_multipart(part_body, boundary, "authentication-failed")
        if len(parts) != 2:
            raise As2Error("authentication-failed", f"the signed MDN has {len(parts)} parts, not 2")
        sig_headers, sig_body = split_entity(parts[1], "authentication-failed")
        cms.verify_detached(parts[0], decode_body(sig_headers, sig_body), list(partner.signing_certs))
        signed = True
        part_headers, part_body = split_entity(parts[0])
    elif require_signed:
        raise As2Error("insufficient-message-security", "the MDN is not signed but a signed MDN was requested")
    if content_type(part_headers) != "multipart/report":
        raise As2Error("unexpected-processing-error", f"an MDN must be multipart/report, got "
                       f"{content_type(part_headers)}")
    boundary = part_headers.get_param("boundary")
    if not isinstance(boundary, str):
        raise As2Error("unexpected-processing-error", "the MDN report has no boundary")
    notice, text = None, ""
    for part in split_multipart(part_body, boundary, "unexpected-processing-error"):
        ph, pb = split_entity(part)
        if content_type(ph) == "message/disposition-notification":
            notice = BytesHeaderParser(policy=compat32).parsebytes(decode_body(ph, pb).lstrip(b"\r\n"))
        elif content_type(ph) == "text/plain" and not text:
            text = decode_body(ph, pb).decode("utf-8", "replace").strip()
    if notice is None:
        raise As2Error("unexpected-processing-error", "the MDN has no disposition-notification part")
    original = (notice.get("Original-Message-ID") or "").strip()
    if original != expected_message_id.strip():
        raise As2Error("unexpected-processing-error",
                       f"the MDN answers {original!r}, not our message {expected_message_id!r}")
    disposition = " ".join((notice.get("Disposition") or "").split())
    _, _, status = disposition.partition(";")
    status = status.strip().lower()
    processed = status == "processed" or status.startswith("processed/warning")
    modifier = status.split(":", 1)[1].strip() if ":" in status and not processed else None
    mic = mic_alg = None
    raw_mic = notice.get("Received-Content-MIC")
    if raw_mic:
        value, _, alg = raw_mic.partition(",")
        mic, mic_alg = value.strip(), micalg_name(alg)
    mic_ok = expected_mic is None or (mic is not None and mic == expected_mic)
    return MdnResult(original, disposition, processed, modifier, mic, mic_alg, mic_ok, signed, text)

