"""Password and token hashing, signed session cookies and CSRF tokens, from the standard library.

Passwords are hashed with scrypt (``hashlib.scrypt``, n=2**14, r=8, p=1, 16-byte salt) and
stored as ``scrypt$n$r$p$salt$hash``; verification is constant-time. API tokens are 32 random
bytes shown once; only their SHA-256 is stored (they are long and random, so a slow hash adds
nothing). The session cookie is ``payload.signature`` where the payload is base64 JSON with the
user id, a random session id and an expiry, signed with HMAC-SHA256 under the console's secret
key; the CSRF token of a session is an HMAC of its session id, so a form token is only valid for
the session that received it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` in a self-describing string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches the stored hash (False for a malformed hash)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                   dklen=len(bytes.fromhex(digest)))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def new_token() -> str:
    """A new API token (shown once to its owner)."""
    return "edigw_" + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The stored form of an API token."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionData:
    """What the session cookie carries."""

    user_id: int
    session_id: str
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def make_session_cookie(secret: str, user_id: int, max_age: int) -> str:
    """A signed cookie value for a new session of ``user_id`` valid ``max_age`` seconds."""
    data = {"u": user_id, "s": secrets.token_urlsafe(16), "e": int(time.time()) + max_age}
    payload = _b64(json.dumps(data, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret, payload)}"


def read_session_cookie(secret: str, value: str | None) -> SessionData | None:
    """The session in a cookie, or None when absent, tampered with, malformed or expired."""
    if not value or "." not in value:
        return None
    payload, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(secret, payload)):
        return None
    try:
        data: Any = json.loads(_unb64(payload))
        session = SessionData(int(data["u"]), str(data["s"]), int(data["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    return session if session.expires > time.time() else None


def csrf_token(secret: str, session_id: str) -> str:
    """The CSRF token of one session."""
    return _sign(secret, f"csrf:{session_id}")


def check_csrf(secret: str, session_id: str, token: str | None) -> bool:
    """Whether ``token`` is the CSRF token of this session."""
    return bool(token) and hmac.compare_digest(str(token), csrf_token(secret, session_id))
