"""Typed errors of the Odoo connector, and how each protocol's error shapes map onto them.

Callers decide what to do from the class alone: retry (:class:`OdooTransientError`), tell the
partner or operations about a refused business rule (:class:`OdooBusinessError`), fix
credentials or rights (:class:`OdooAccessError`), handle a vanished record
(:class:`OdooNotFoundError`), or report a bug/configuration problem (:class:`OdooUnknownError`).
The mapping follows what a real Odoo 17 sends (../shared/odoo-contract): XML-RPC fault codes
1-4 (and the legacy string codes), JSON-RPC ``error.data.name`` and JSON-2 HTTP statuses.
"""

from __future__ import annotations

import re
from typing import Any

from gateway.errors import GatewayError

NONE_FAULT = "cannot marshal None unless allow_none is enabled"
TRANSIENT_NAMES = (
    "psycopg2.errors.SerializationFailure", "psycopg2.errors.LockNotAvailable", "psycopg2.errors.DeadlockDetected",
    "psycopg2.extensions.TransactionRollbackError", "odoo.exceptions.ConcurrencyError", "odoo.exceptions.LockError",
)
TRANSIENT_TEXT = ("could not serialize access", "deadlock detected", "could not obtain lock", "server closed the connection",
                  "connection refused", "too many connections")
BUSINESS_NAMES = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.RedirectWarning",
                  "odoo.exceptions.Warning", "odoo.exceptions.except_orm")
ACCESS_NAMES = ("odoo.exceptions.AccessDenied", "odoo.exceptions.AccessError", "odoo.http.SessionExpiredException",
                "werkzeug.exceptions.Unauthorized", "werkzeug.exceptions.Forbidden")
MISSING_RECORD = re.compile(r"Record does not exist or has been deleted\.\s*\(Record: ([\w.]+)\(([\d, ]+),?\)")


class OdooError(GatewayError):
    """Base of every connector error; says which call failed and what Odoo answered."""

    retryable = False

    def __init__(self, message: str, *, model: str | None = None, method: str | None = None,
                 code: Any = None, name: str | None = None, debug: str | None = None) -> None:
        self.message = message
        self.model = model
        self.method = method
        self.code = code
        self.name = name
        self.debug = debug
        super().__init__(self.describe())

    def describe(self) -> str:
        """One line for people: ``Odoo sale.order.create: <message>``."""
        where = ".".join(p for p in (self.model, self.method) if p)
        return f"Odoo {where}: {self.message}" if where else f"Odoo: {self.message}"


class OdooTransientError(OdooError):
    """Network trouble, timeouts, HTTP 5xx/429, database serialisation conflicts: may succeed if retried."""

    retryable = True


class OdooTimeoutError(OdooTransientError):
    """No answer within the configured timeout (the call may or may not have been applied)."""


class OdooBusinessError(OdooError):
    """Odoo refused the operation: UserError, ValidationError, RedirectWarning (fault 2, HTTP 422)."""


class OdooAccessError(OdooError):
    """Bad credentials (AccessDenied, fault 3) or missing rights / private method (AccessError, fault 4)."""


class OdooAuthError(OdooAccessError):
    """Authentication failed: wrong login, password or API key, or a user id that does not exist."""


class OdooNotFoundError(OdooError):
    """A record does not exist or has been deleted (MissingError)."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        found = MISSING_RECORD.search(message)
        self.missing_model = found.group(1) if found else None
        self.missing_ids = [int(i) for i in found.group(2).replace(" ", "").split(",") if i] if found else []


class OdooUnknownError(OdooError):
    """Anything else: a server-side exception (fault 1), an unknown field or method, a protocol error."""


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _transient_text(text: str) -> bool:
    low = text.lower()
    if "does not exist" in low:
        return False
    return any(name in text for name in TRANSIENT_NAMES) or any(t in low for t in TRANSIENT_TEXT)


def _missing_or_auth(message: str, uid: int | None, **kw: Any) -> OdooError:
    error = OdooNotFoundError(message, **kw)
    if error.missing_model == "res.users" and uid is not None and error.missing_ids == [uid]:
        return OdooAuthError(f"user id {uid} does not exist on this database ({message})", **kw)
    return error


def from_xmlrpc_fault(code: Any, text: str, *, model: str | None = None, method: str | None = None,
                      uid: int | None = None) -> OdooError:
    """Map an XML-RPC fault (``/xmlrpc/2`` integer codes or legacy ``/xmlrpc`` strings)."""
    kw: dict[str, Any] = {"model": model, "method": method, "code": code}
    if isinstance(code, str):  # legacy endpoint: the message travels in the code
        if code == "AccessDenied":
            return OdooAuthError(text or "Access Denied", name="odoo.exceptions.AccessDenied", **kw)
        kind, _, message = code.partition("\n\n")
        if kind == "warning -- MissingError":
            return _missing_or_auth(message, uid, name="odoo.exceptions.MissingError", **kw)
        if kind == "warning -- AccessError":
            return OdooAccessError(message, name="odoo.exceptions.AccessError", **kw)
        if kind.startswith("warning -- "):
            return OdooBusinessError(message, name="odoo.exceptions.UserError", **kw)
        return (OdooTransientError if _transient_text(text + code) else OdooUnknownError)(
            _last_line(text) or code, debug=text, **kw)
    if code == 3:
        return OdooAuthError(text or "Access Denied", name="odoo.exceptions.AccessDenied", **kw)
    if code == 4:
        return OdooAccessError(text, name="odoo.exceptions.AccessError", **kw)
    if code == 2:
        if MISSING_RECORD.search(text):
            return _missing_or_auth(text, uid, name="odoo.exceptions.MissingError", **kw)
        return OdooBusinessError(text, name="odoo.exceptions.UserError", **kw)
    last = _last_line(text)
    cls = OdooTransientError if _transient_text(last) else OdooUnknownError
    return cls(last or f"fault {code}", debug=text, **kw)


def from_error_data(data: dict[str, Any], *, model: str | None = None, method: str | None = None,
                    uid: int | None = None, code: Any = None) -> OdooError:
    """Map a serialised Odoo exception (JSON-RPC ``error.data`` or a JSON-2 error body)."""
    name = str(data.get("name") or "")
    message = str(data.get("message") or name or "unknown Odoo error").strip()
    kw: dict[str, Any] = {"model": model, "method": method, "name": name, "debug": data.get("debug"), "code": code}
    if name == "odoo.exceptions.MissingError":
        return _missing_or_auth(message, uid, **kw)
    if name == "odoo.exceptions.AccessDenied" or name == "werkzeug.exceptions.Unauthorized":
        return OdooAuthError(message, **kw)
    if name in ACCESS_NAMES:
        return OdooAccessError(message, **kw)
    if name in BUSINESS_NAMES:
        return OdooBusinessError(message, **kw)
    if name in TRANSIENT_NAMES or _transient_text(f"{name}: {message}"):
        return OdooTransientError(message, **kw)
    return OdooUnknownError(f"{name}: {message}" if name else message, **kw)


def from_http_status(status: int, body: str, *, model: str | None = None, method: str | None = None) -> OdooError:
    """Map an HTTP failure that carries no Odoo error object."""
    snippet = body.strip()[:200]
    kw: dict[str, Any] = {"model": model, "method": method, "code": status}
    if status in (429, 502, 503, 504) or status >= 500:
        return OdooTransientError(f"HTTP {status} {snippet}".strip(), **kw)
    if status in (401, 403):
        return OdooAuthError(f"HTTP {status} {snippet}".strip(), **kw)
    if status == 404:
        return OdooUnknownError(
            f"HTTP 404: endpoint not found (is the URL right, and is this RPC protocol enabled on the server?) {snippet}",
            **kw)
    return OdooUnknownError(f"HTTP {status} {snippet}".strip(), **kw)
