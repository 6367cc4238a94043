"""Map the AS2 entries of partner profiles to the crypto core's :class:`As2Identity`/:class:`As2Partner`.

A profile's transport entry of ``kind: as2`` names the partner's AS2 id and URL, our AS2 id, the
certificate files, and the security both directions must have; our private key is a secret
reference (``secrets.signing_key``). :class:`As2Directory` holds every AS2 partner by name so the
endpoint can find who is speaking (AS2-From) and as whom we answer (AS2-To), and the sender can
find where and how to send for a partner id. Unknown keys are refused, and every error names the
mailbox and the key, as :mod:`gateway.transports.factory` does for the other kinds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway.transports.as2.config import As2Identity, As2Partner, expiry_warnings, load_cert
from gateway.transports.factory import MailboxConfigError, secret_ref

_BOOL_KEYS = ("sign", "encrypt", "compress", "require_signed", "require_encrypted", "mdn_signed")
_KEYS = {"url", "as2_id", "our_as2_id", "our_cert", "partner_cert", "signing_certs", "encryption_cert",
         "digest", "cipher", "mdn", "async_mdn_url", "mdn_deadline_minutes", "timeout", "retries",
         "backoff_base", "max_size", *_BOOL_KEYS}
_SECRETS = {"signing_key", "signing_key_passphrase"}


@dataclass(frozen=True)
class As2Route:
    """One AS2 partner as the HTTP layer needs it: who, where, how, and our identity for them."""

    partner_id: str
    mailbox: str
    url: str
    partner: As2Partner
    ours: As2Identity
    mdn_deadline: dt.timedelta = dt.timedelta(hours=1)
    timeout: float = 60.0
    retries: int = 3
    backoff_base: float = 2.0


def route_from_entry(partner_id: str, name: str, settings: Mapping[str, Any], secrets: Mapping[str, Any],
                     *, base_dir: Path | None = None) -> As2Route:
    """Build the route for one ``kind: as2`` mailbox entry; :class:`MailboxConfigError` names what is wrong."""
    where = f"partner {partner_id!r}, mailbox {name!r} (as2)"
    unknown = sorted(set(settings) - _KEYS)
    if unknown:
        raise MailboxConfigError(f"{where}: unknown settings {', '.join(map(repr, unknown))} "
                                 f"(known: {', '.join(sorted(_KEYS))})")
    unknown = sorted(set(secrets) - _SECRETS)
    if unknown:
        raise MailboxConfigError(f"{where}: unknown secrets {', '.join(map(repr, unknown))} "
                                 f"(known: {', '.join(sorted(_SECRETS))})")
    missing = sorted({"url", "as2_id", "our_as2_id", "our_cert"} - set(settings))
    if "signing_key" not in secrets:
        missing.append("secrets.signing_key")
    if not (settings.get("signing_certs") or settings.get("partner_cert")):
        missing.append("partner_cert (or signing_certs)")
    if missing:
        raise MailboxConfigError(f"{where}: missing {', '.join(missing)} "
                                 "(see docs/transports.md, 'Onboarding an AS2 partner')")

    def path(key: str, value: Any) -> Path:
        p = Path(str(value))
        p = p if p.is_absolute() or base_dir is None else base_dir / p
        if not p.is_file():
            raise MailboxConfigError(f"{where}: {key} {str(p)!r} is not a readable file")
        return p

    try:
        signing_paths = settings.get("signing_certs") or [settings["partner_cert"]]
        if isinstance(signing_paths, str):
            signing_paths = [signing_paths]
        signing = tuple(load_cert(path("signing_certs", p)) for p in signing_paths)
        enc_key = "encryption_cert" if "encryption_cert" in settings else "partner_cert"
        encryption = load_cert(path(enc_key, settings.get(enc_key, signing_paths[0])))
        passphrase = secrets.get("signing_key_passphrase")
        ours = As2Identity.load(str(settings["our_as2_id"]), secret_ref(secrets["signing_key"]),
                                path("our_cert", settings["our_cert"]),
                                None if passphrase is None else secret_ref(passphrase))
        mdn = settings.get("mdn", "sync")
        if mdn not in ("sync", "async", "none"):
            raise ValueError(f"mdn must be 'sync', 'async' or 'none', not {mdn!r}")
        flags = {k: _flag(k, settings[k]) for k in _BOOL_KEYS if k in settings}
        partner = As2Partner(
            str(settings["as2_id"]), signing, encryption, digest=str(settings.get("digest", "sha256")),
            cipher=str(settings.get("cipher", "aes256_cbc")), mdn_mode=None if mdn == "none" else mdn,
            async_mdn_url=settings.get("async_mdn_url"),
            max_size=int(settings.get("max_size", 200 * 1024 * 1024)), **flags)
        return As2Route(partner_id, name, str(settings["url"]), partner, ours,
                        mdn_deadline=dt.timedelta(minutes=float(settings.get("mdn_deadline_minutes", 60))),
                        timeout=float(settings.get("timeout", 60)), retries=int(settings.get("retries", 3)),
                        backoff_base=float(settings.get("backoff_base", 2.0)))
    except MailboxConfigError:
        raise
    except (OSError, ValueError, TypeError) as exc:
        raise MailboxConfigError(f"{where}: {exc}") from None
    except Exception as exc:  # key loading raises several library types
        raise MailboxConfigError(f"{where}: {type(exc).__name__}: {exc}") from None


def _flag(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"{key} must be true or false, not {value!r}")


class As2Directory:
    """Every AS2 route, by the partner's AS2 name, by partner id, and our identities by our AS2 name."""

    def __init__(self, routes: Iterable[As2Route]) -> None:
        self._by_name: dict[str, As2Route] = {}
        self._by_partner: dict[str, As2Route] = {}
        self._ours: dict[str, As2Identity] = {}
        for r in routes:
            if r.partner.as2_name in self._by_name:
                raise MailboxConfigError(f"AS2 id {r.partner.as2_name!r} is claimed by partners "
                                         f"{self._by_name[r.partner.as2_name].partner_id!r} and {r.partner_id!r}")
            self._by_name[r.partner.as2_name] = r
            self._by_partner.setdefault(r.partner_id, r)
            self._ours.setdefault(r.ours.as2_name, r.ours)

    @classmethod
    def from_profiles(cls, profiles: Iterable[Any], *, base_dir: Path | None = None) -> As2Directory:
        """Routes from :class:`gateway.partners.PartnerProfile` objects (their ``kind: as2`` entries)."""
        routes = []
        for profile in profiles:
            for t in profile.transports:
                if t.kind == "as2":
                    routes.append(route_from_entry(profile.id, t.name, t.settings, t.secrets, base_dir=base_dir))
        return cls(routes)

    def by_as2_name(self, name: str) -> As2Route | None:
        """The route of the partner whose AS2 id is ``name`` (case-sensitive, as RFC 4130 says)."""
        return self._by_name.get(name)

    def by_partner(self, partner_id: str) -> As2Route | None:
        """The (first) AS2 route of a partner id."""
        return self._by_partner.get(partner_id)

    def identity(self, our_name: str) -> As2Identity | None:
        """Our identity for our AS2 name, or None when we do not answer to that name."""
        return self._ours.get(our_name)

    def default_identity(self) -> As2Identity | None:
        """Some identity of ours, to sign a refusal addressed to a name we do not have."""
        return next(iter(self._ours.values()), None)

    def routes(self) -> list[As2Route]:
        """Every route."""
        return list(self._by_name.values())

    def certificate_warnings(self, *, within_days: int = 30, now: dt.datetime | None = None) -> list[str]:
        """Expired or soon-expiring certificates of every partner and of ours, one line each."""
        certs = {}
        for r in self._by_name.values():
            for i, c in enumerate(r.partner.signing_certs):
                certs[f"{r.partner_id} signing#{i + 1}"] = c
            certs[f"{r.partner_id} encryption"] = r.partner.encryption_cert
        for name, ours in self._ours.items():
            certs[f"our {name}"] = ours.cert
        return expiry_warnings(certs, within_days=within_days, now=now)

