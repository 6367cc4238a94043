"""The sandbox's HTTP front: Odoo's endpoints on a real socket, plus fault injection for tests.

Routes: ``POST /xmlrpc/2/<service>`` (integer fault codes), ``POST /xmlrpc/<service>`` (legacy
string fault codes), ``POST /jsonrpc`` (errors as HTTP 200 with ``error.data.name``; a ``None``
result leaves the ``result`` key out), ``GET /web/version``, ``POST /json/2/<model>/<method>``
(Odoo 19's JSON-2 with a bearer API key and HTTP status codes). ``/sandbox/faults`` lets a test in
another process inject HTTP 500/503 answers, delays, dropped connections or a 500 sent *after*
the work was committed; :class:`FaultPlan` does the same in-process.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import traceback
import xmlrpc.client
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from gateway.odoo.sandbox.core import SandboxCore
from gateway.odoo.sandbox.exceptions import (
    AccessDenied,
    AccessError,
    MissingError,
    RedirectWarning,
    UserError,
    exception_name,
)

FAULT_KINDS = ("http500", "http503", "delay", "drop", "after_commit_500")
JSON2_ROUTE = re.compile(r"^/json/2/(?P<model>[\w.]+)/(?P<method>\w+)$")
MAX_BODY = 64 * 1024 * 1024


@dataclass
class FaultRule:
    """One injected fault: what happens, to which calls (substring of the call label), how often."""

    kind: str
    match: str = ""
    count: int = 1
    seconds: float = 0.0


class FaultPlan:
    """Faults waiting to be applied to matching requests (thread-safe)."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, kind: str, *, match: str = "", count: int = 1, seconds: float = 0.0) -> None:
        """Queue a fault; ``count=-1`` applies it to every matching request until cleared."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}: choose one of {', '.join(FAULT_KINDS)}")
        with self._lock:
            self._rules.append(FaultRule(kind, match, count, seconds))

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._rules.clear()

    def take(self, label: str) -> FaultRule | None:
        """The first rule matching ``label`` (consuming one use of it), or None."""
        with self._lock:
            for rule in self._rules:
                if rule.match in label and rule.count != 0:
                    if rule.count > 0:
                        rule.count -= 1
                    return rule
        return None


def _traceback(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)).rstrip("\n")


def xmlrpc_fault(exc: BaseException, *, legacy: bool) -> xmlrpc.client.Fault:
    """The fault Odoo sends for an exception on ``/xmlrpc/2`` (or the legacy ``/xmlrpc``)."""
    msg = str(exc)
    if not legacy:
        if isinstance(exc, AccessDenied):
            return xmlrpc.client.Fault(3, "Access Denied")
        if isinstance(exc, AccessError):
            return xmlrpc.client.Fault(4, msg)
        if isinstance(exc, UserError):
            return xmlrpc.client.Fault(2, msg)
        return xmlrpc.client.Fault(1, _traceback(exc))
    if isinstance(exc, AccessDenied):
        return xmlrpc.client.Fault("AccessDenied", msg)  # type: ignore[arg-type]
    for cls, word in ((RedirectWarning, "Warning"), (MissingError, "MissingError"), (AccessError, "AccessError"),
                      (UserError, "UserError")):
        if isinstance(exc, cls):
            return xmlrpc.client.Fault(f"warning -- {word}\n\n{msg}", "")  # type: ignore[arg-type]
    return xmlrpc.client.Fault(f"{type(exc).__name__}: {msg}", _traceback(exc))  # type: ignore[arg-type]


def serialize_exception(exc: BaseException) -> dict[str, Any]:
    """Odoo's ``serialize_exception``: name, debug (traceback), message, arguments, context."""
    message = str(exc.args[0]) if exc.args else str(exc)
    if isinstance(exc, UserError):
        message = str(exc)
    return {"name": exception_name(exc), "debug": _traceback(exc), "message": message,
            "arguments": [str(a) if not isinstance(a, (int, float, str, bool, list, dict)) else a for a in exc.args],
            "context": {}}


def json2_status(exc: BaseException) -> int:
    """HTTP status of an exception on JSON-2 (Odoo 19's ``http_status``)."""
    if isinstance(exc, MissingError):
        return 404
    if isinstance(exc, (AccessDenied, AccessError)):
        return 403
    if isinstance(exc, UserError):
        return 422
    return 500


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    sandbox: SandboxServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without NODELAY, Nagle + delayed ACK add ~40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests and the demo do not want an access log on stderr."""

    # -- plumbing ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(payload, default=str).encode(), "application/json", headers)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("request body too large")
        return self.rfile.read(length) if length else b""

    def _fault_before(self, label: str) -> FaultRule | None:
        """Apply an injected fault; returns a rule still to apply after the call, or None."""
        sandbox = self.server.sandbox
        sandbox.requests.append(label)
        rule = sandbox.faults.take(label)
        if rule is None:
            return None
        if rule.kind == "delay":
            time.sleep(rule.seconds)
            return None
        if rule.kind in ("http500", "http503"):
            code = 500 if rule.kind == "http500" else 503
            self._send(code, f"injected HTTP {code}".encode(), "text/plain")
            raise _Handled
        if rule.kind == "drop":
            self.close_connection = True
            raise _Handled
        return rule  # after_commit_500

    # -- routes -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        """``/web/version`` (no auth) and ``/sandbox/stats``."""
        core = self.server.sandbox.core
        if self.path == "/web/version":
            info = core.version_info()
            self._json(200, {"version_info": info["server_version_info"], "version": info["server_version"]})
        elif self.path == "/sandbox/stats":
            self._json(200, {"requests": len(self.server.sandbox.requests), "calls": core.calls})
        else:
            self._json(404, {"error": "404: Not Found"})

    def do_POST(self) -> None:
        """Route a POST to XML-RPC, JSON-RPC, JSON-2 or the fault-injection control."""
        try:
            body = self._body()
            path = self.path.split("?", 1)[0]
            if path.startswith("/xmlrpc/"):
                self._xmlrpc(path, body)
            elif path == "/jsonrpc":
                self._jsonrpc(body)
            elif path == "/web/webclient/version_info":
                self._json(200, {"jsonrpc": "2.0", "id": None, "result": self.server.sandbox.core.version_info()})
            elif JSON2_ROUTE.match(path):
                self._json2(path, body)
            elif path.startswith("/json/2/"):
                self._json(404, {"name": "werkzeug.exceptions.NotFound",
                                 "message": "Did you mean POST /json/2/<model>/<method>?"})
            elif path == "/sandbox/faults":
                self._control_faults(body)
            else:
                self._json(404, {"error": "404: Not Found"})
        except _Handled:
            return
        except Exception as exc:  # a sandbox bug: answer 500 rather than drop the connection
            self._json(500, {"name": exception_name(exc), "message": str(exc), "debug": _traceback(exc)})

    def _control_faults(self, body: bytes) -> None:
        plan = self.server.sandbox.faults
        try:
            spec = json.loads(body or b"{}")
            if spec.get("clear"):
                plan.clear()
            else:
                plan.add(str(spec["kind"]), match=str(spec.get("match", "")), count=int(spec.get("count", 1)),
                         seconds=float(spec.get("seconds", 0.0)))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self._json(400, {"ok": False, "error": f"bad fault specification: {exc}"})
            return
        self._json(200, {"ok": True})

    def _xmlrpc(self, path: str, body: bytes) -> None:
        parts = path.strip("/").split("/")
        legacy = len(parts) == 2
        service = parts[-1]
        core = self.server.sandbox.core
        label = f"{path}"
        try:
            params, method = xmlrpc.client.loads(body)
            if service == "object" and len(params) >= 5:
                label = f"{path} {params[3]}.{params[4]}"
            else:
                label = f"{path} {method}"
            after = self._fault_before(label)
            result = core.dispatch(service, method or "", list(params))
            if after is not None:
                self._send(500, b"injected HTTP 500 after commit", "text/plain")
                return
            payload = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=False)
        except _Handled:
            raise
        except Exception as exc:  # every server error becomes a fault, as in Odoo
            payload = xmlrpc.client.dumps(xmlrpc_fault(exc, legacy=legacy), methodresponse=True, allow_none=False)
        self._send(200, payload.encode(), "text/xml; charset=utf-8")

    def _jsonrpc(self, body: bytes) -> None:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if ctype not in ("application/json", "application/json-rpc"):
            self._send(400, f"Request inferred type is compatible with ['http'] but {ctype!r} was given".encode(),
                       "text/plain")
            return
        try:
            request = json.loads(body or b"null")
        except ValueError:
            self._send(400, b"Invalid JSON data", "text/plain")
            return
        req_id = request.get("id") if isinstance(request, dict) else None
        core = self.server.sandbox.core
        try:
            params = request.get("params") if isinstance(request, dict) else None
            if not isinstance(params, dict):
                raise TypeError("jsonrpc() missing 3 required positional arguments: 'service', 'method', and 'args'")
            args = params.get("args") or []
            label = f"/jsonrpc {params.get('service')}.{params.get('method')}"
            if params.get("service") == "object" and len(args) >= 5:
                label = f"/jsonrpc {args[3]}.{args[4]}"
            after = self._fault_before(label)

            def jsonrpc(service: str, method: str, args: list[Any]) -> Any:
                return core.dispatch(service, method, args)

            result = jsonrpc(**params)
            if after is not None:
                self._send(500, b"injected HTTP 500 after commit", "text/plain")
                return
            response: dict[str, Any] = {"jsonrpc": "2.0", "id": req_id}
            if result is not None:
                response["result"] = result
        except _Handled:
            raise
        except Exception as exc:
            code = 0 if core.version >= 19 else 200
            response = {"jsonrpc": "2.0", "id": req_id,
                        "error": {"code": code, "message": "Odoo Server Error", "data": serialize_exception(exc)}}
        self._json(200, response)

    def _json2(self, path: str, body: bytes) -> None:
        match = JSON2_ROUTE.match(path)
        assert match is not None
        model, method = match["model"], match["method"]
        core = self.server.sandbox.core
        auth = self.headers.get("Authorization") or ""
        found = re.match(r"^bearer\s+(.+)$", auth, re.IGNORECASE)
        if not found:
            msg = "User not authenticated, use an API Key with a Bearer Authorization header."
            self._json(401, {"name": "werkzeug.exceptions.Unauthorized", "message": msg, "arguments": [msg, 401],
                             "context": {}, "debug": ""}, {"WWW-Authenticate": "bearer"})
            return
        uid = core.uid_for_api_key(found.group(1).strip())
        if uid is None:
            self._json(401, {"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey",
                             "arguments": ["Invalid apikey", 401], "context": {}, "debug": ""},
                       {"WWW-Authenticate": "bearer"})
            return
        database = self.headers.get("X-Odoo-Database")
        if database and database != core.db_name:
            self._json(404, {"name": "werkzeug.exceptions.NotFound", "message": f"database {database!r} not found",
                             "arguments": [], "context": {}, "debug": ""})
            return
        after = self._fault_before(f"/json/2 {model}.{method}")
        try:
            payload = json.loads(body or b"{}")
            if not isinstance(payload, dict):
                raise UserError("the JSON body must be an object")
            ids = payload.pop("ids", None)
            try:
                result = core.call_named(uid, model, method, ids, payload)
            except UserError as exc:
                if str(exc).startswith("Object ") and str(exc).endswith("doesn't exist"):
                    msg = f"the model {model!r} does not exist"
                    self._json(404, {"name": "werkzeug.exceptions.NotFound", "message": msg,
                                     "arguments": [msg, 404], "context": {}, "debug": ""})
                    return
                raise
            except AttributeError as exc:
                self._json(404, {"name": "werkzeug.exceptions.NotFound", "message": str(exc),
                                 "arguments": [str(exc), 404], "context": {}, "debug": ""})
                return
            if after is not None:
                self._send(500, b"injected HTTP 500 after commit", "text/plain")
                return
            self._json(200, result)
        except Exception as exc:
            self._json(json2_status(exc), serialize_exception(exc))


class _Handled(Exception):
    """Internal: the response was already sent (or deliberately not sent)."""


class SandboxServer:
    """A running sandbox: the core, its HTTP server, the fault plan and a request log."""

    def __init__(self, core: SandboxCore, host: str = "127.0.0.1", port: int = 0) -> None:
        self.core = core
        self.faults = FaultPlan()
        self.requests: list[str] = []
        self._httpd = _Server((host, port), _Handler)
        self._httpd.sandbox = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8069``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> SandboxServer:
        """Serve in a background daemon thread."""
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="odoo-sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and close the database."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.core.close()

    def __enter__(self) -> SandboxServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_sandbox(*, version: int = 17, path: str | Path = ":memory:", host: str = "127.0.0.1", port: int = 0,
                  **core_options: Any) -> SandboxServer:
    """Start a sandbox on a free port in a background thread and return it (``.url``, ``.stop()``)."""
    core = SandboxCore(path, version=version, **core_options)
    return SandboxServer(core, host, port).start()
