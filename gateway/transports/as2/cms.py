"""CMS (RFC 5652) building blocks for AS2: detached signatures, enveloping, compression.

Built on ``cryptography`` (the maths) and ``asn1crypto`` (the DER structures) because pyas2lib does
not import on this OpenSSL (see libraries.md section 4). Only what AS2 partners use is supported:

- signatures: RSA PKCS#1 v1.5 with SHA-1/256/384/512 (RSASSA-PSS accepted on input only);
- content encryption: AES-128/192/256-CBC and 3DES-CBC, key transport RSA PKCS#1 v1.5
  (RSAES-OAEP accepted on input);
- compression: RFC 3274 zlib, with an output limit so a small message cannot inflate without end.

A signature is trusted only if it verifies against a certificate the partner profile pins;
certificates carried inside the message are ignored for trust.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import zlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from gateway.transports.as2.errors import As2Error

DIGESTS: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}
# cipher name -> (asn1crypto algorithm id, key bytes, block bytes)
CIPHERS: dict[str, tuple[str, int, int]] = {
    "aes128_cbc": ("aes128_cbc", 16, 16), "aes192_cbc": ("aes192_cbc", 24, 16),
    "aes256_cbc": ("aes256_cbc", 32, 16), "tripledes_cbc": ("tripledes_3key", 24, 8),
}
_CIPHER_BY_OID_NAME = {oid_name: name for name, (oid_name, _, _) in CIPHERS.items()}
_SIG_WITH_DIGEST = {"sha1_rsa": "sha1", "sha256_rsa": "sha256", "sha384_rsa": "sha384", "sha512_rsa": "sha512"}


def digest(data: bytes, algorithm: str) -> bytes:
    """The raw digest of ``data`` with one of :data:`DIGESTS`."""
    h = hashes.Hash(_hash(algorithm))
    h.update(data)
    return h.finalize()


def _hash(algorithm: str) -> hashes.HashAlgorithm:
    try:
        return DIGESTS[algorithm]()
    except KeyError:
        raise As2Error("unexpected-processing-error", f"digest algorithm {algorithm!r} is not supported "
                       f"(use one of {', '.join(DIGESTS)})") from None


def _asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _issuer_serial(cert: asn1_x509.Certificate) -> cms.IssuerAndSerialNumber:
    return cms.IssuerAndSerialNumber({"issuer": cert.issuer, "serial_number": cert.serial_number})


def _matches(sid: cms.SignerIdentifier | cms.RecipientIdentifier, cert: asn1_x509.Certificate) -> bool:
    if sid.name == "issuer_and_serial_number":
        ias = sid.chosen
        return bool(ias["serial_number"].native == cert.serial_number and ias["issuer"] == cert.issuer)
    if sid.name in ("subject_key_identifier", "rsa_key_identifier"):  # the latter is unused
        return bool(cert.key_identifier is not None and sid.chosen.native == cert.key_identifier)
    return False


# -- signatures ----------------------------------------------------------------------------------

def sign_detached(content: bytes, key: rsa.RSAPrivateKey, cert: x509.Certificate, algorithm: str) -> bytes:
    """A detached CMS SignedData (DER) over ``content``: signed attributes, PKCS#1 v1.5, our cert included."""
    acert = _asn1_cert(cert)
    attrs = [
        cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
        cms.CMSAttribute({"type": "signing_time",
                          "values": [cms.Time({"utc_time": core.UTCTime(dt.datetime.now(dt.UTC))})]}),
        cms.CMSAttribute({"type": "message_digest", "values": [digest(content, algorithm)]}),
    ]
    attrs.sort(key=lambda a: a.dump())  # DER orders a SET OF by encoding
    signed_attrs = cms.CMSAttributes(attrs)
    signature = key.sign(signed_attrs.dump(), asym_padding.PKCS1v15(), _hash(algorithm))
    signer = cms.SignerInfo({
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": _issuer_serial(acert)}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": algorithm}),
        "signed_attrs": signed_attrs,
        "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "rsassa_pkcs1v15"}),
        "signature": signature,
    })
    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": algorithm})],
        "encap_content_info": {"content_type": "data"},
        "certificates": [acert],
        "signer_infos": [signer],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()


@dataclass(frozen=True, slots=True)
class Verified:
    """Who signed (the pinned certificate that matched) and with which digest."""

    certificate: x509.Certificate
    digest_algorithm: str


def verify_detached(content: bytes, signature_der: bytes, trusted: list[x509.Certificate]) -> Verified:
    """Check a detached CMS signature (see :func:`_verify_detached`); damaged DER is an As2Error too.

    asn1crypto parses nested fields lazily, so a damaged structure can raise ValueError long after
    ``load`` succeeded; that must become a refusal with an MDN, never a traceback.
    """
    try:
        return _verify_detached(content, signature_der, trusted)
    except (ValueError, TypeError, KeyError) as exc:
        raise As2Error("authentication-failed", f"the signature is not valid CMS ({exc})") from None


def _verify_detached(content: bytes, signature_der: bytes, trusted: list[x509.Certificate]) -> Verified:
    """Check a detached CMS signature over ``content`` against the partner's pinned certificates.

    Raises :class:`As2Error` with ``integrity-check-failed`` when the content does not match what
    was signed, ``authentication-failed`` when no pinned certificate made the signature.
    """
    try:
        info = cms.ContentInfo.load(signature_der)
        if info["content_type"].native != "signed_data":
            raise As2Error("authentication-failed", f"the signature is a CMS {info['content_type'].native}, "
                           "not signed-data")
        signers = info["content"]["signer_infos"]
        signer_list = list(signers)
    except (ValueError, TypeError, KeyError) as exc:
        raise As2Error("authentication-failed", f"the signature is not valid CMS ({exc})") from None
    if not signer_list:
        raise As2Error("authentication-failed", "the signature has no signer")
    pinned = [(c, _asn1_cert(c)) for c in trusted]
    last_error = "signed with a certificate that is not the partner's"
    for signer in signer_list:
        match = next((c for c, ac in pinned if _matches(signer["sid"], ac)), None)
        if match is None:
            continue
        try:
            algorithm = signer["digest_algorithm"]["algorithm"].native
            _hash(algorithm)
            attrs = signer["signed_attrs"]
            if attrs.native is None or len(attrs) == 0:
                to_verify = content
            else:
                values = {a["type"].native: a["values"][0] for a in attrs}
                if "message_digest" not in values:
                    raise As2Error("authentication-failed", "the signed attributes lack a message digest")
                if not hmac.compare_digest(values["message_digest"].native, digest(content, algorithm)):
                    raise As2Error("integrity-check-failed",
                                   "the content does not match its signature (changed after signing)")
                to_verify = b"\x31" + attrs.dump()[1:]  # as signed: a universal SET, in received order
            _verify_signature(match, signer, to_verify, algorithm)
        except As2Error as exc:
            if exc.modifier == "integrity-check-failed":
                raise
            last_error = exc.reason
            continue
        return Verified(match, algorithm)
    raise As2Error("authentication-failed", last_error)


def _verify_signature(cert: x509.Certificate, signer: cms.SignerInfo, data: bytes, algorithm: str) -> None:
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise As2Error("authentication-failed", "only RSA signatures are supported")
    sig_alg = signer["signature_algorithm"]
    name = sig_alg["algorithm"].native
    pad: asym_padding.AsymmetricPadding
    hash_alg = _hash(algorithm)
    if name == "rsassa_pkcs1v15" or name in _SIG_WITH_DIGEST:
        if name in _SIG_WITH_DIGEST:
            hash_alg = _hash(_SIG_WITH_DIGEST[name])
        pad = asym_padding.PKCS1v15()
    elif name == "rsassa_pss":
        params = sig_alg["parameters"]
        pss_hash = _hash(params["hash_algorithm"]["algorithm"].native)
        mgf_hash = _hash(params["mask_gen_algorithm"]["parameters"]["algorithm"].native)
        pad = asym_padding.PSS(mgf=asym_padding.MGF1(mgf_hash), salt_length=params["salt_length"].native)
        hash_alg = pss_hash
    else:
        raise As2Error("authentication-failed", f"signature algorithm {name!r} is not supported")
    try:
        public.verify(signer["signature"].native, data, pad, hash_alg)
    except InvalidSignature:
        raise As2Error("authentication-failed", "the signature does not verify with the partner's "
                       "certificate") from None


# -- encryption ----------------------------------------------------------------------------------

def _cipher(name: str, key: bytes, iv: bytes) -> Cipher[modes.CBC]:
    algo = TripleDES(key) if name == "tripledes_cbc" else algorithms.AES(key)
    return Cipher(algo, modes.CBC(iv))


def encrypt(content: bytes, recipient: x509.Certificate, cipher: str) -> bytes:
    """CMS EnvelopedData (DER) of ``content`` for ``recipient`` (RSA PKCS#1 v1.5 key transport)."""
    if cipher not in CIPHERS:
        raise As2Error("unexpected-processing-error", f"cipher {cipher!r} is not supported "
                       f"(use one of {', '.join(CIPHERS)})")
    oid_name, key_len, block = CIPHERS[cipher]
    public = recipient.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        raise As2Error("unexpected-processing-error", "the partner's encryption certificate is not RSA")
    cek, iv = os.urandom(key_len), os.urandom(block)
    padder = padding.PKCS7(block * 8).padder()
    enc = _cipher(cipher, cek, iv).encryptor()
    ciphertext = enc.update(padder.update(content) + padder.finalize()) + enc.finalize()
    acert = _asn1_cert(recipient)
    ktri = cms.KeyTransRecipientInfo({
        "version": "v0",
        "rid": cms.RecipientIdentifier({"issuer_and_serial_number": _issuer_serial(acert)}),
        "key_encryption_algorithm": cms.KeyEncryptionAlgorithm({"algorithm": "rsaes_pkcs1v15"}),
        "encrypted_key": public.encrypt(cek, asym_padding.PKCS1v15()),
    })
    enveloped = cms.EnvelopedData({
        "version": "v0",
        "recipient_infos": [cms.RecipientInfo({"ktri": ktri})],
        "encrypted_content_info": {
            "content_type": "data",
            "content_encryption_algorithm": {"algorithm": oid_name, "parameters": core.OctetString(iv)},
            "encrypted_content": ciphertext,
        },
    })
    return cms.ContentInfo({"content_type": "enveloped_data", "content": enveloped}).dump()


def decrypt(enveloped_der: bytes, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> tuple[bytes, str]:
    """Open a CMS EnvelopedData (see :func:`_decrypt`); damaged DER found late is an As2Error too."""
    try:
        return _decrypt(enveloped_der, key, cert)
    except (ValueError, TypeError, KeyError) as exc:
        raise As2Error("decryption-failed", f"the message is not valid CMS enveloped-data ({exc})") from None


def _decrypt(enveloped_der: bytes, key: rsa.RSAPrivateKey, cert: x509.Certificate) -> tuple[bytes, str]:
    """Open a CMS EnvelopedData addressed to ``cert``; returns (content, cipher name)."""
    try:
        info = cms.ContentInfo.load(enveloped_der)
        if info["content_type"].native != "enveloped_data":
            raise As2Error("decryption-failed", f"expected enveloped-data, got {info['content_type'].native}")
        env = info["content"]
        recipients = list(env["recipient_infos"])
        eci = env["encrypted_content_info"]
        alg = eci["content_encryption_algorithm"]
        ciphertext = eci["encrypted_content"].native
    except (ValueError, TypeError, KeyError) as exc:
        raise As2Error("decryption-failed", f"the message is not valid CMS enveloped-data ({exc})") from None
    acert = _asn1_cert(cert)
    ktri = next((r.chosen for r in recipients if r.name == "ktri" and _matches(r.chosen["rid"], acert)), None)
    if ktri is None:
        raise As2Error("decryption-failed", "the message is not encrypted for our certificate "
                       f"({cert.subject.rfc4514_string()}, serial {cert.serial_number})")
    kea = ktri["key_encryption_algorithm"]
    kea_name = kea["algorithm"].native
    try:
        if kea_name == "rsaes_pkcs1v15":
            cek = key.decrypt(ktri["encrypted_key"].native, asym_padding.PKCS1v15())
        elif kea_name == "rsaes_oaep":
            params = kea["parameters"]
            oaep_hash = _hash(params["hash_algorithm"]["algorithm"].native)
            mgf_hash = _hash(params["mask_gen_algorithm"]["parameters"]["algorithm"].native)
            cek = key.decrypt(ktri["encrypted_key"].native,
                              asym_padding.OAEP(asym_padding.MGF1(mgf_hash), oaep_hash, None))
        else:
            raise As2Error("decryption-failed", f"key transport {kea_name!r} is not supported")
    except ValueError:
        raise As2Error("decryption-failed", "the content key cannot be decrypted with our private key") from None
    cipher = _CIPHER_BY_OID_NAME.get(alg["algorithm"].native)
    if cipher is None or ciphertext is None:
        raise As2Error("decryption-failed", f"content cipher {alg['algorithm'].native!r} is not supported")
    _, key_len, block = CIPHERS[cipher]
    iv = alg["parameters"].native
    if len(cek) != key_len or not isinstance(iv, bytes) or len(iv) != block:
        raise As2Error("decryption-failed", "the content key or IV has the wrong length")
    try:
        dec = _cipher(cipher, cek, iv).decryptor()
        padded = dec.update(ciphertext) + dec.finalize()
        unpadder = padding.PKCS7(block * 8).unpadder()
        return unpadder.update(padded) + unpadder.finalize(), cipher
    except ValueError:
        raise As2Error("decryption-failed", "the content does not decrypt (wrong key or damaged)") from None


# -- compression ---------------------------------------------------------------------------------

def compress(content: bytes) -> bytes:
    """CMS CompressedData (RFC 3274, zlib) of ``content``, DER."""
    compressed = cms.CompressedData({
        "version": "v0",
        "compression_algorithm": {"algorithm": "zlib"},
        "encap_content_info": {"content_type": "data", "content": zlib.compress(content)},
    })
    return cms.ContentInfo({"content_type": "compressed_data", "content": compressed}).dump()


def decompress(compressed_der: bytes, max_size: int) -> bytes:
    """Inflate a CMS CompressedData, refusing output larger than ``max_size`` bytes."""
    try:
        info = cms.ContentInfo.load(compressed_der)
        if info["content_type"].native != "compressed_data":
            raise As2Error("decompression-failed", f"expected compressed-data, got {info['content_type'].native}")
        data = info["content"]
        if data["compression_algorithm"]["algorithm"].native != "zlib":
            raise As2Error("decompression-failed", "only zlib compression is supported")
        stream = data["encap_content_info"]["content"].native
    except (ValueError, TypeError, KeyError) as exc:
        raise As2Error("decompression-failed", f"not valid CMS compressed-data ({exc})") from None
    if not isinstance(stream, bytes):
        raise As2Error("decompression-failed", "the compressed content is missing")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(stream, max_size + 1)
    except zlib.error as exc:
        raise As2Error("decompression-failed", f"the zlib stream is damaged ({exc})") from None
    if len(out) > max_size or inflater.unconsumed_tail:
        raise As2Error("decompression-failed", f"the content inflates past the limit of {max_size} bytes")
    return out


def content_type_of(der: bytes) -> str | None:
    """The CMS content type of a DER ContentInfo (``enveloped_data``...), or None if not CMS."""
    try:
        return str(cms.ContentInfo.load(der)["content_type"].native)
    except (ValueError, TypeError, KeyError):
        return None
