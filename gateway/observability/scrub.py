"""Secret scrubber: a structlog processor that masks passwords, API keys, tokens and private keys.

Logs leave the host (log shippers, support tickets), so nothing secret may reach them even when a
caller logs a whole settings dict, a URL with a password in it or an exception whose text quotes a
``Authorization`` header. The scrubber works on two levels:

- by key: any mapping key that names a secret (``password``, ``api_key``, ``token``,
  ``private_key``, ``authorization``, ``secret``, ``passphrase``, ``cookie``...) has its value
  replaced by ``***``, at any depth of nested dicts, lists and tuples;
- by value: every string is searched for secrets that look like secrets wherever they appear:
  passwords in URLs (``scheme://user:pw@host``), PEM private-key blocks, ``Bearer``/``Basic``
  credentials and ``password=...``/``"api_key": "..."`` pairs inside free text.

pydantic ``SecretStr``/``SecretBytes`` values are always masked. The processor runs last before
rendering, after exception formatting, so tracebacks are scrubbed too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

MASK = "***"

_SECRET_KEY = re.compile(
    r"(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|authori[sz]ation"
    r"|credential|cookie|session[_-]?id|signing[_-]?key|client[_-]?secret)",
    re.IGNORECASE,
)
# Keys that contain a secret word but hold a reference or a count, never the secret itself.
_SAFE_KEY = re.compile(r"(_env|_file|_ref|_count|_expir\w*|_at|_id_env)$", re.IGNORECASE)

_URL_PASSWORD = re.compile(r"(?P<head>\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s@/]+)(?P<tail>@)")
_PEM_PRIVATE = re.compile(
    r"-----BEGIN (?P<kind>[A-Z0-9 ]*PRIVATE KEY)-----.*?(-----END (?P=kind)-----|$)", re.DOTALL
)
_AUTH_HEADER = re.compile(r"(?P<head>\b(Bearer|Basic|Token)\s+)(?P<secret>[A-Za-z0-9._~+/=-]{6,})", re.IGNORECASE)
_PAIR = re.compile(
    r"(?P<head>[\"']?\b[\w.-]*(pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|private[_-]?key)"
    r"[\"']?\s*[=:]\s*)(?P<quote>[\"']?)(?P<secret>[^\s\"',;&}]+)",
    re.IGNORECASE,
)


def _maskable(value: Any) -> bool:
    """Flags and numbers (``cookie_secure=True``, ``token_ttl=300``) are settings, never secrets."""
    return value not in (None, "") and not isinstance(value, bool | int | float)


def is_secret_key(key: object) -> bool:
    """Whether a mapping key names a secret (``db_password``: yes; ``password_env``: no)."""
    if not isinstance(key, str):
        return False
    return bool(_SECRET_KEY.search(key)) and not _SAFE_KEY.search(key)


def scrub_text(text: str) -> str:
    """Return ``text`` with passwords in URLs, PEM private keys, auth headers and secret pairs masked."""
    if not text:
        return text
    text = _PEM_PRIVATE.sub(lambda m: f"-----BEGIN {m['kind']}----- {MASK} -----END {m['kind']}-----", text)
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}{MASK}{m['tail']}", text)
    text = _AUTH_HEADER.sub(lambda m: f"{m['head']}{MASK}", text)
    return _PAIR.sub(lambda m: f"{m['head']}{m['quote']}{MASK}", text)


def scrub_value(value: Any, _depth: int = 0) -> Any:
    """Scrub any value: strings by content, mappings by key and content, sequences item by item."""
    if _depth > 20:
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, bytes | bytearray):
        return scrub_text(bytes(value).decode("utf-8", "replace"))
    if type(value).__name__ in ("SecretStr", "SecretBytes"):
        return MASK
    if isinstance(value, Mapping):
        return {k: (MASK if is_secret_key(k) and _maskable(v) else scrub_value(v, _depth + 1))
                for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [scrub_value(v, _depth + 1) for v in value]
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, BaseException):
        return scrub_text(repr(value))
    return value


def scrub_secrets(logger: Any, method_name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: mask every secret in the event (keys, nested values, message, traceback)."""
    for key in list(event_dict):
        value = event_dict[key]
        if is_secret_key(key) and _maskable(value):
            event_dict[key] = MASK
        else:
            event_dict[key] = scrub_value(value)
    return event_dict
