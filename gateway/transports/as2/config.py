"""Who we are and who the partner is on AS2: names, keys, certificates, and what each side requires.

Our private key comes from a secret reference (``file:`` or ``env:``, PEM); certificates are public
and are read from PEM files named in the partner profile. Algorithms are checked at load time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from gateway.transports.as2.cms import CIPHERS, DIGESTS
from gateway.transports.secrets import SecretRef

MdnMode = Literal["sync", "async"]


@dataclass(frozen=True)
class As2Identity:
    """Our side: AS2 name, private key (signing and decryption) and its certificate."""

    as2_name: str
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @classmethod
    def load(cls, as2_name: str, key_ref: str, cert_path: Path | str,
             passphrase_ref: str | None = None) -> As2Identity:
        """Read the PEM key through a secret reference and the PEM certificate from a file."""
        password = None if passphrase_ref is None else SecretRef.parse(passphrase_ref).read_bytes().rstrip(b"\n")
        key = serialization.load_pem_private_key(SecretRef.parse(key_ref).read_bytes(), password)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"AS2 identity {as2_name!r}: only RSA keys are supported")
        return cls(as2_name, key, load_cert(cert_path))


@dataclass(frozen=True)
class As2Partner:
    """A partner's AS2 profile: certificates and the security both directions must have.

    ``signing_certs`` verify what they send (several during a certificate roll-over);
    ``encryption_cert`` is what we encrypt for them. ``require_*`` refuse inbound messages
    that lack signing or encryption; ``sign``/``encrypt``/``compress`` shape what we send.
    """

    as2_name: str
    signing_certs: tuple[x509.Certificate, ...]
    encryption_cert: x509.Certificate
    sign: bool = True
    encrypt: bool = True
    compress: bool = False
    digest: str = "sha256"
    cipher: str = "aes256_cbc"
    require_signed: bool = True
    require_encrypted: bool = True
    mdn_mode: MdnMode | None = "sync"
    mdn_signed: bool = True
    async_mdn_url: str | None = None
    max_size: int = 200 * 1024 * 1024
    extra_headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.digest not in DIGESTS:
            raise ValueError(f"AS2 partner {self.as2_name!r}: digest {self.digest!r} is not one of {list(DIGESTS)}")
        if self.cipher not in CIPHERS:
            raise ValueError(f"AS2 partner {self.as2_name!r}: cipher {self.cipher!r} is not one of {list(CIPHERS)}")
        if self.mdn_mode == "async" and not self.async_mdn_url:
            raise ValueError(f"AS2 partner {self.as2_name!r}: an async MDN needs async_mdn_url")
        if not self.signing_certs:
            raise ValueError(f"AS2 partner {self.as2_name!r}: at least one signing certificate is required")


def load_cert(path: Path | str) -> x509.Certificate:
    """A PEM (or DER) certificate from a file."""
    data = Path(path).read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def expiry_warnings(certs: dict[str, x509.Certificate], *, within_days: int = 30,
                    now: dt.datetime | None = None) -> list[str]:
    """One line per certificate (named by its role, e.g. ``"acme signing"``) expired or expiring soon."""
    now = now or dt.datetime.now(dt.UTC)
    lines = []
    for role, cert in sorted(certs.items()):
        left = cert.not_valid_after_utc - now
        if left.total_seconds() <= 0:
            lines.append(f"{role} certificate expired on {cert.not_valid_after_utc:%Y-%m-%d}")
        elif left <= dt.timedelta(days=within_days):
            lines.append(f"{role} certificate expires on {cert.not_valid_after_utc:%Y-%m-%d} "
                         f"({left.days} days left)")
    return lines
