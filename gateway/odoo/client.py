"""The Odoo client every workflow uses: one interface whatever the protocol and version.

It authenticates once (password or API key), calls ``execute_kw`` through the configured
transport, retries transient failures only for idempotent calls (reads, or calls the caller marks
idempotent) with exponential back-off, and counts round trips. Helpers cover the calls a gateway
makes most (``search_read`` with ``in`` domains, list ``create``) and the awkward ones: methods
that return ``None`` (an XML-RPC fault after commit, treated as success) are followed by a re-read.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.observability.instrument import odoo_call
from gateway.odoo.errors import OdooAuthError, OdooTransientError, OdooUnknownError
from gateway.odoo.settings import OdooSettings
from gateway.odoo.transport import Json2Transport, JsonRpcTransport, RoundTrips, Transport, XmlRpcTransport
from gateway.odoo.versions import OdooVersion

READ_METHODS = frozenset({
    "search", "search_read", "search_count", "read", "read_group", "fields_get", "name_search", "name_get",
    "default_get", "check_access_rights", "context_get", "check_object_reference", "web_search_read",
})


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """What a button-like method returned, and the records as they are after it."""

    result: Any
    records: list[dict[str, Any]]


def make_transport(settings: OdooSettings, counter: RoundTrips) -> Transport:
    """The transport for the configured protocol."""
    if settings.protocol == "xmlrpc":
        return XmlRpcTransport(settings.url, timeout=settings.timeout, counter=counter)
    if settings.protocol == "jsonrpc":
        return JsonRpcTransport(settings.url, timeout=settings.timeout, counter=counter)
    return Json2Transport(settings.url, api_key=settings.secret(), db=settings.db, timeout=settings.timeout,
                          counter=counter)


class OdooClient:
    """A connection to one Odoo database as one user."""

    def __init__(self, settings: OdooSettings, *, transport: Transport | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.round_trips = RoundTrips()
        self.transport = transport or make_transport(settings, self.round_trips)
        self.transport.counter = self.round_trips
        self._sleep = sleep
        self._uid: int | None = None
        self._version: OdooVersion | None = None
        self.retries = 0

    @classmethod
    def from_env(cls) -> OdooClient:
        """A client configured from the ``EDIGW_ODOO_*`` environment variables."""
        return cls(OdooSettings())  # type: ignore[call-arg]

    def __enter__(self) -> OdooClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the HTTP connections."""
        self.transport.close()

    # -- session ------------------------------------------------------------------------------
    @property
    def version(self) -> OdooVersion:
        """The server's version (asked once)."""
        if self._version is None:
            info = self._with_retry(lambda: self.transport.call_service("common", "version", []), idempotent=True)
            self._version = OdooVersion.from_version_info(info)
        return self._version

    @property
    def uid(self) -> int:
        """The user id, authenticating on first use; bad credentials raise OdooAuthError."""
        if self._uid is None:
            self._uid = self.authenticate()
        return self._uid

    def authenticate(self) -> int:
        """Check the credentials and return the user id."""
        s = self.settings
        if self.transport.name == "json2":
            ctx = self._with_retry(lambda: self.transport.execute_kw(s.db, 0, "", "res.users", "context_get", [], None),
                                   idempotent=True)
            uid = ctx.get("uid") if isinstance(ctx, dict) else None
        else:
            uid = self._with_retry(
                lambda: self.transport.call_service("common", "authenticate", [s.db, s.user, s.secret(), {}]),
                idempotent=True)
        if not uid:
            raise OdooAuthError(f"login {s.user!r} refused by {s.url} (database {s.db!r}): wrong user, password or API key")
        self._uid = int(uid)
        return self._uid

    # -- calls ----------------------------------------------------------------------------------
    def execute_kw(self, model: str, method: str, args: Sequence[Any] | None = None,
                   kwargs: dict[str, Any] | None = None, *, idempotent: bool | None = None) -> Any:
        """Call ``model.method(*args, **kwargs)``; retried on transient errors only when idempotent.

        ``idempotent`` defaults to True for read methods and False otherwise: a ``create`` that
        timed out may have been committed, so it is never re-sent blindly.
        """
        uid = self.uid
        safe = idempotent if idempotent is not None else method in READ_METHODS
        s = self.settings
        with odoo_call(model, method):
            return self._with_retry(
                lambda: self.transport.execute_kw(s.db, uid, s.secret(), model, method, list(args or []), kwargs),
                idempotent=safe)

    def _with_retry(self, send: Callable[[], Any], *, idempotent: bool) -> Any:
        attempts = 1 + (self.settings.max_retries if idempotent else 0)
        for attempt in range(attempts):
            try:
                return send()
            except OdooTransientError:
                if attempt + 1 >= attempts:
                    raise
                self.retries += 1
                delay = self.settings.retry_backoff * (2 ** attempt)
                self._sleep(delay * (0.5 + random.random() / 2))
        raise AssertionError("unreachable")  # pragma: no cover

    # -- helpers ------------------------------------------------------------------------------
    def search_read(self, model: str, domain: Sequence[Any], fields: Sequence[str], *, limit: int | None = None,
                    order: str | None = None, offset: int = 0, context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """One round trip: the records matching ``domain`` with ``fields``."""
        kwargs: dict[str, Any] = {"fields": list(fields)}
        if limit:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        if offset:
            kwargs["offset"] = offset
        if context:
            kwargs["context"] = context
        return self.execute_kw(model, "search_read", [list(domain)], kwargs)

    def search(self, model: str, domain: Sequence[Any], *, limit: int | None = None, order: str | None = None) -> list[int]:
        """Ids of the records matching ``domain``."""
        kwargs: dict[str, Any] = {}
        if limit:
            kwargs["limit"] = limit
        if order:
            kwargs["order"] = order
        return self.execute_kw(model, "search", [list(domain)], kwargs or None)

    def search_count(self, model: str, domain: Sequence[Any]) -> int:
        """Number of records matching ``domain``."""
        return int(self.execute_kw(model, "search_count", [list(domain)]))

    def read(self, model: str, ids: Iterable[int], fields: Sequence[str]) -> list[dict[str, Any]]:
        """Read records (missing ids are left out, as Odoo does)."""
        ids = list(ids)
        if not ids:
            return []
        return self.execute_kw(model, "read", [ids], {"fields": list(fields)})

    def create(self, model: str, values: dict[str, Any], *, context: dict[str, Any] | None = None) -> int:
        """Create one record and return its id (never retried automatically)."""
        result = self.execute_kw(model, "create", [values], {"context": context} if context else None)
        return OdooVersion.single_id(result)

    def create_many(self, model: str, values: Sequence[dict[str, Any]]) -> list[int]:
        """Create several records in ONE round trip; returns their ids in order."""
        if not values:
            return []
        result = self.execute_kw(model, "create", [list(values)])
        if not isinstance(result, list):
            raise OdooUnknownError(f"create of {len(values)} records returned {result!r}", model=model, method="create")
        return [int(i) for i in result]

    def write(self, model: str, ids: Iterable[int], values: dict[str, Any], *, idempotent: bool = True,
              context: dict[str, Any] | None = None) -> bool:
        """Write values (absolute values are safe to repeat, so retried by default)."""
        kwargs = {"context": context} if context else None
        return bool(self.execute_kw(model, "write", [list(ids), values], kwargs, idempotent=idempotent))

    def call(self, model: str, method: str, ids: Iterable[int], *args: Any, context: dict[str, Any] | None = None,
             idempotent: bool = False, **kwargs: Any) -> Any:
        """Call a record method (a button); ``None`` results are normal (see :meth:`call_and_reread`)."""
        if context:
            kwargs["context"] = context
        return self.execute_kw(model, method, [list(ids), *args], kwargs or None, idempotent=idempotent)

    def call_and_reread(self, model: str, method: str, ids: Iterable[int], fields: Sequence[str], *,
                        always: bool = False, context: dict[str, Any] | None = None, **kwargs: Any) -> CallOutcome:
        """Call a button, then re-read the records to learn what it did.

        Odoo's return values are unreliable success signals (``action_post`` returns False,
        ``action_lock`` returns None, which XML-RPC reports as a fault after the commit), so the
        re-read is done when the result is None, or always when ``always`` is set.
        """
        ids = list(ids)
        result = self.call(model, method, ids, context=context, **kwargs)
        records = self.read(model, ids, fields) if (result is None or always) else []
        return CallOutcome(result, records)

    def find_ids(self, model: str, field: str, values: Iterable[Any], *, extra: Sequence[Any] = ()) -> dict[Any, list[int]]:
        """One round trip: ids of records whose ``field`` is in ``values``, grouped by value."""
        wanted = list(dict.fromkeys(values))
        if not wanted:
            return {}
        rows = self.search_read(model, [(field, "in", wanted), *extra], ["id", field])
        out: dict[Any, list[int]] = {}
        for row in rows:
            key = row[field][0] if isinstance(row[field], list) else row[field]
            out.setdefault(key, []).append(row["id"])
        return out

