"""Open a mailbox from a partner profile's transport entry (name, kind, settings, secrets).

The partner profile (``gateway.partners.model.Transport``) keeps each mailbox's settings as a plain
mapping and its secrets as references (``{env: NAME}`` / ``{file: /path}``); this module turns that
into a :class:`Transport`, refusing unknown keys (a typo such as ``hostkeys`` must not silently
fall back to a default) and naming the mailbox and the setting in every error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from gateway.errors import GatewayError
from gateway.transports.base import MailboxPolicy, Transport
from gateway.transports.local import LocalFolderTransport

_POLICY_KEYS = {f.name for f in fields(MailboxPolicy)}
_LOCAL_KEYS = {"root", "inbox", "outbox", "archive", "error", "archive_retention_days"}
_SFTP_KEYS = {"host", "port", "username", "host_keys", "inbox", "outbox", "archive", "error", "connect_timeout",
              "op_timeout", "retries", "backoff_base", "backoff_max"}
_SFTP_SECRETS = {"private_key", "private_key_passphrase", "password"}


class MailboxConfigError(GatewayError):
    """A mailbox entry in a partner profile that cannot be used: names the mailbox, the key and the fix."""


def secret_ref(value: Any) -> str:
    """Normalise a secret reference: ``"env:X"``, ``{"env": "X"}``, ``{"file": "/p"}`` or an object with ``env``/``file``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        env, file = value.get("env"), value.get("file")
    else:
        env, file = getattr(value, "env", None), getattr(value, "file", None)
    if (env is None) == (file is None):
        raise ValueError("a secret reference needs exactly one of 'env' or 'file'")
    return f"env:{env}" if env is not None else f"file:{file}"


def open_mailbox(name: str, kind: str, settings: Mapping[str, Any],
                 secrets: Mapping[str, Any] | None = None, *, base_dir: Path | None = None) -> Transport:
    """A ready transport for one mailbox entry; relative local folders are taken from ``base_dir``."""
    secrets = dict(secrets or {})
    where = f"mailbox {name!r} ({kind})"
    policy_values = {k: v for k, v in settings.items() if k in _POLICY_KEYS}
    if "temp_patterns" in policy_values:
        policy_values["temp_patterns"] = tuple(policy_values["temp_patterns"])
    try:
        policy = MailboxPolicy(**policy_values)
    except (TypeError, ValueError) as exc:
        raise MailboxConfigError(f"{where}: {exc}") from None
    rest = {k: v for k, v in settings.items() if k not in _POLICY_KEYS}
    if kind == "local":
        _no_unknown(where, rest, _LOCAL_KEYS, "settings")
        _no_unknown(where, secrets, set(), "secrets")
        return _local(name, where, rest, policy, base_dir)
    if kind == "sftp":
        _no_unknown(where, rest, _SFTP_KEYS, "settings")
        _no_unknown(where, secrets, _SFTP_SECRETS, "secrets")
        from gateway.transports.sftp import SftpTransport
        from gateway.transports.sftp_config import SftpConfig

        missing = sorted({"host", "username", "host_keys"} - set(rest))
        if missing:
            raise MailboxConfigError(f"{where}: missing settings {', '.join(map(repr, missing))} "
                                     "(host_keys pins the server's public key, e.g. 'ssh-ed25519 AAAA...')")
        values: dict[str, Any] = dict(rest)
        if isinstance(values.get("host_keys"), str):
            values["host_keys"] = (values["host_keys"],)
        elif "host_keys" in values:
            values["host_keys"] = tuple(values["host_keys"])
        try:
            values.update({k: secret_ref(v) for k, v in secrets.items()})
            return SftpTransport(SftpConfig(mailbox=name, policy=policy, **values))
        except (TypeError, ValueError) as exc:
            raise MailboxConfigError(f"{where}: {exc}") from None
    if kind == "as2":
        raise MailboxConfigError(f"{where}: AS2 is not polled; partners POST to the web endpoint "
                                 "(see gateway.transports.as2)")
    raise MailboxConfigError(f"{where}: unknown kind; use 'local', 'sftp' or 'as2'")


def _no_unknown(where: str, given: Mapping[str, Any], allowed: set[str], what: str) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed | (_POLICY_KEYS if what == "settings" else set()))) or "none"
        raise MailboxConfigError(f"{where}: unknown {what} {', '.join(map(repr, unknown))} (known: {known})")


def _local(name: str, where: str, rest: Mapping[str, Any], policy: MailboxPolicy,
           base_dir: Path | None) -> LocalFolderTransport:
    def resolve(value: Any) -> Path:
        path = Path(str(value))
        return path if path.is_absolute() or base_dir is None else base_dir / path

    rest = dict(rest)
    keep_days = rest.pop("archive_retention_days", 0)
    try:
        if "root" in rest:
            if set(rest) != {"root"}:
                raise MailboxConfigError(f"{where}: give either 'root' or the four folders, not both")
            return LocalFolderTransport.under(resolve(rest["root"]), name, policy, archive_retention_days=keep_days)
        missing = sorted({"inbox", "outbox", "archive", "error"} - set(rest))
        if missing:
            raise MailboxConfigError(f"{where}: missing {', '.join(missing)} (or give 'root')")
        return LocalFolderTransport(name, inbox=resolve(rest["inbox"]), outbox=resolve(rest["outbox"]),
                                    archive=resolve(rest["archive"]), error=resolve(rest["error"]), policy=policy,
                                    archive_retention_days=keep_days)
    except ValueError as exc:
        raise MailboxConfigError(f"{where}: {exc}") from None
