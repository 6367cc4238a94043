"""The three wire protocols of Odoo's external API behind one small interface.

A transport sends ONE request and maps every failure to :mod:`gateway.odoo.errors`; it never
retries (the client decides that, knowing whether the call is idempotent). Each HTTP request
increments the shared :class:`RoundTrips` counter so tests and benchmarks can assert the number
of round trips. All three send over :class:`gateway.odoo.http.KeepAliveClient` (kept-alive
sockets and a small HTTP/1.1 reader: a tenth of httpx's CPU per call); XML-RPC bodies are written
and read by :mod:`xmlrpc.client` (whose expat parser refuses entity bombs), JSON ones by :mod:`json`.
"""

from __future__ import annotations

import http.client
import itertools
import json
import socket
import xml.parsers.expat
import xmlrpc.client
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from gateway.odoo.errors import (
    NONE_FAULT,
    OdooError,
    OdooTimeoutError,
    OdooTransientError,
    OdooUnknownError,
    from_error_data,
    from_http_status,
    from_xmlrpc_fault,
)
from gateway.odoo.http import HttpAnswer, KeepAliveClient

USER_AGENT = "edi-gateway-odoo-connector/0.1"
# XML-RPC keeps the User-Agent it always sent (xmlrpc.client's own, e.g. ``Python-xmlrpc/3.11``).
XMLRPC_USER_AGENT = xmlrpc.client.Transport.user_agent
# Encoded as httpx encoded ``json=`` bodies: UTF-8, compact, NaN/Infinity refused (ValueError).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_NETWORK_ERRORS = (OSError, http.client.HTTPException)

# JSON-2 takes every parameter by name: positional ``execute_kw`` arguments are named with this table.
JSON2_PARAMS: dict[str, list[str]] = {
    "search_read": ["domain", "fields", "offset", "limit", "order"],
    "search": ["domain", "offset", "limit", "order"],
    "search_count": ["domain", "limit"],
    "read_group": ["domain", "fields", "groupby", "offset", "limit", "orderby", "lazy"],
    "fields_get": ["allfields", "attributes"],
    "name_search": ["name", "domain", "operator", "limit"],
    "default_get": ["fields_list"],
    "create": ["vals_list"],
    "read": ["fields"],
    "write": ["vals"],
    "unlink": [],
}
JSON2_MODEL_LEVEL = {
    "search_read",
    "search",
    "search_count",
    "read_group",
    "fields_get",
    "name_search",
    "default_get",
    "create",
    "context_get",
}


@dataclass
class RoundTrips:
    """HTTP requests sent, in total and per ``model.method`` (or ``service.method``)."""

    total: int = 0
    by_call: Counter[str] = field(default_factory=Counter)

    def add(self, label: str) -> None:
        """Count one request."""
        self.total += 1
        self.by_call[label] += 1


class Transport(Protocol):
    """One protocol: service calls (``common``/``db``) and ``execute_kw`` with credentials."""

    name: str
    counter: RoundTrips

    def call_service(self, service: str, method: str, args: list[Any]) -> Any:
        """Call ``common``/``db`` methods (no credentials)."""
        ...

    def execute_kw(
        self,
        db: str,
        uid: int,
        secret: str,
        model: str,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any] | None,
    ) -> Any:
        """Call a model method; returns the decoded result (None when Odoo returned None)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def _network_error(exc: BaseException, label: str) -> OdooError:
    """The connector error for a failure to talk to the server (timeouts are their own type)."""
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return OdooTimeoutError(f"no answer in time ({label}): {exc}")
    return OdooTransientError(f"network error ({label}): {exc.__class__.__name__}: {exc}")


def _body(answer: HttpAnswer) -> bytes:
    """The answer's body, un-gzipped if the server compressed it unasked (bounded, as xmlrpc.client)."""
    if answer.content_encoding.lower() == "gzip":
        return xmlrpc.client.gzip_decode(answer.body)
    return answer.body


def _json_answer(answer: HttpAnswer) -> Any:
    """Decode a JSON answer; ValueError when it is not JSON."""
    return json.loads(_body(answer))


class XmlRpcTransport:
    """``/xmlrpc/2/common`` and ``/xmlrpc/2/object``."""

    name = "xmlrpc"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        counter: RoundTrips | None = None,
        http: KeepAliveClient | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.counter = counter or RoundTrips()
        self._http = http or KeepAliveClient(
            self.url, timeout=timeout, headers={"User-Agent": XMLRPC_USER_AGENT}, trust_store="system"
        )

    def _send(
        self,
        service: str,
        method: str,
        params: list[Any],
        model: str | None,
        call: str | None,
        uid: int | None = None,
    ) -> Any:
        label = f"{model}.{call}" if model else f"{service}.{method}"
        self.counter.add(label)
        request = xmlrpc.client.dumps(tuple(params), method, allow_none=True).encode(
            "utf-8", "xmlcharrefreplace"
        )
        try:
            answer = self._http.request("POST", f"/xmlrpc/2/{service}", request, "text/xml")
        except _NETWORK_ERRORS as exc:
            raise _network_error(exc, label) from None
        if answer.status != 200:
            raise from_http_status(answer.status, answer.reason, model=model, method=call)
        try:
            parser, unmarshaller = xmlrpc.client.getparser()
            parser.feed(_body(answer))
            parser.close()
            result = unmarshaller.close()
        except xmlrpc.client.Fault as fault:
            if fault.faultCode == 1 and NONE_FAULT in str(fault.faultString):
                return None  # the method returned None: the work was committed before marshalling failed
            raise from_xmlrpc_fault(
                fault.faultCode, str(fault.faultString), model=model, method=call, uid=uid
            ) from None
        except (
            xmlrpc.client.ResponseError,
            xml.parsers.expat.ExpatError,
            ValueError,
        ) as exc:  # expat: an entity bomb
            raise OdooUnknownError(f"unreadable XML-RPC answer: {exc}", model=model, method=call) from None
        return result[0] if len(result) == 1 else result

    def call_service(self, service: str, method: str, args: list[Any]) -> Any:
        """Call ``common``/``db`` methods."""
        return self._send(service, method, list(args), None, None)

    def execute_kw(
        self,
        db: str,
        uid: int,
        secret: str,
        model: str,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any] | None,
    ) -> Any:
        """``object.execute_kw`` over XML-RPC."""
        params: list[Any] = [db, uid, secret, model, method, list(args)]
        if kwargs:
            params.append(kwargs)
        return self._send("object", "execute_kw", params, model, method, uid)

    def close(self) -> None:
        """Close the kept-alive connections."""
        self._http.close()


class JsonRpcTransport:
    """``/jsonrpc`` (service/method/args), the generic JSON-RPC endpoint."""

    name = "jsonrpc"

    def __init__(
        self,
        url: str,
        *,
        timeout: float = 30.0,
        counter: RoundTrips | None = None,
        http: KeepAliveClient | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.counter = counter or RoundTrips()
        self._http = http or KeepAliveClient(self.url, timeout=timeout, headers={"User-Agent": USER_AGENT})
        self._ids = itertools.count(1)

    def _send(
        self,
        service: str,
        method: str,
        args: list[Any],
        model: str | None,
        call: str | None,
        uid: int | None = None,
    ) -> Any:
        label = f"{model}.{call}" if model else f"{service}.{method}"
        self.counter.add(label)
        body = _JSON.encode(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": next(self._ids),
                "params": {"service": service, "method": method, "args": args},
            }
        ).encode()
        try:
            response = self._http.request("POST", "/jsonrpc", body, "application/json")
        except _NETWORK_ERRORS as exc:
            raise _network_error(exc, label) from None
        if response.status != 200:
            raise from_http_status(response.status, response.text, model=model, method=call)
        try:
            payload = _json_answer(response)
        except ValueError:
            raise OdooUnknownError(
                f"answer is not JSON: {response.text[:200]!r}", model=model, method=call
            ) from None
        error = payload.get("error") if isinstance(payload, dict) else None
        if error:
            data = error.get("data") or {"name": "", "message": error.get("message", "")}
            raise from_error_data(data, model=model, method=call, uid=uid, code=error.get("code"))
        return payload.get("result") if isinstance(payload, dict) else None

    def call_service(self, service: str, method: str, args: list[Any]) -> Any:
        """Call ``common``/``db`` methods."""
        return self._send(service, method, list(args), None, None)

    def execute_kw(
        self,
        db: str,
        uid: int,
        secret: str,
        model: str,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any] | None,
    ) -> Any:
        """``object.execute_kw`` over JSON-RPC."""
        params: list[Any] = [db, uid, secret, model, method, list(args)]
        if kwargs:
            params.append(kwargs)
        return self._send("object", "execute_kw", params, model, method, uid)

    def close(self) -> None:
        """Close the kept-alive connections."""
        self._http.close()


class Json2Transport:
    """Odoo 19's ``POST /json/2/<model>/<method>`` with a bearer API key and named parameters."""

    name = "json2"

    def __init__(
        self,
        url: str,
        *,
        api_key: str,
        db: str = "",
        timeout: float = 30.0,
        counter: RoundTrips | None = None,
        http: KeepAliveClient | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.counter = counter or RoundTrips()
        headers = {"User-Agent": USER_AGENT, "Authorization": f"bearer {api_key}"}
        if db:
            headers["X-Odoo-Database"] = db
        self._http = http or KeepAliveClient(self.url, timeout=timeout, headers=headers)

    def call_service(self, service: str, method: str, args: list[Any]) -> Any:
        """Only ``common.version`` exists on JSON-2 (as ``GET /web/version``)."""
        if (service, method) != ("common", "version"):
            raise OdooUnknownError(f"{service}.{method} is not available over JSON-2")
        self.counter.add("web.version")
        try:
            response = self._http.request("GET", "/web/version")
        except _NETWORK_ERRORS as exc:
            raise _network_error(exc, "web.version") from None
        if response.status != 200:
            raise from_http_status(response.status, response.text)
        try:
            return _json_answer(response)
        except ValueError:
            raise OdooUnknownError(f"answer is not JSON: {response.text[:200]!r}") from None

    @staticmethod
    def named(
        model: str, method: str, args: list[Any], kwargs: dict[str, Any] | None
    ) -> tuple[list[int] | None, dict[str, Any]]:
        """Turn positional ``execute_kw`` arguments into JSON-2's ``ids`` + named parameters."""
        args = list(args)
        body = dict(kwargs or {})
        ids: list[int] | None = None
        if method not in JSON2_MODEL_LEVEL:
            ids = list(args.pop(0)) if args else []
        names = JSON2_PARAMS.get(method)
        if args and names is None:
            raise OdooUnknownError(
                f"JSON-2 takes named parameters only: pass the arguments of {model}.{method} as keywords",
                model=model,
                method=method,
            )
        for name, value in zip(names or [], args, strict=False):
            body[name] = value
        if len(args) > len(names or []):
            raise OdooUnknownError(
                f"too many positional arguments for {model}.{method}", model=model, method=method
            )
        return ids, body

    def execute_kw(
        self,
        db: str,
        uid: int,
        secret: str,
        model: str,
        method: str,
        args: list[Any],
        kwargs: dict[str, Any] | None,
    ) -> Any:
        """Call a model method over JSON-2; ``create`` with one dict still returns one id."""
        ids, body = self.named(model, method, args, kwargs)
        single_create = method == "create" and isinstance(body.get("vals_list"), dict)
        if single_create:
            body["vals_list"] = [body["vals_list"]]
        if ids is not None:
            body["ids"] = ids
        label = f"{model}.{method}"
        self.counter.add(label)
        payload = _JSON.encode(body).encode()
        try:
            response = self._http.request("POST", f"/json/2/{model}/{method}", payload, "application/json")
        except _NETWORK_ERRORS as exc:
            raise _network_error(exc, label) from None
        if response.status == 200:
            try:
                result = _json_answer(response)
            except ValueError:
                raise OdooUnknownError(
                    f"answer is not JSON: {response.text[:200]!r}", model=model, method=method
                ) from None
            return result[0] if single_create and isinstance(result, list) and len(result) == 1 else result
        try:
            data = _json_answer(response)
        except ValueError:
            data = None
        if isinstance(data, dict) and data.get("name"):
            if response.status == 404 and data["name"].startswith("werkzeug"):
                raise OdooUnknownError(str(data.get("message")), model=model, method=method, code=404)
            raise from_error_data(data, model=model, method=method, uid=uid, code=response.status)
        raise from_http_status(response.status, response.text, model=model, method=method)

    def close(self) -> None:
        """Close the kept-alive connections."""
        self._http.close()
