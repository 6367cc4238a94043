"""The transports' HTTP layer against small scripted servers: keep-alive, reconnects, timeouts, TLS.

Each protocol (XML-RPC, JSON-RPC, JSON-2) is driven against a local server whose behaviour the test
controls, so the cases a real Odoo produces rarely (an idle connection closed by the server, an
answer later than the timeout, a certificate nobody trusts) are checked deterministically.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import socket
import ssl
import threading
import time
import xmlrpc.client
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gateway.odoo import errors as E
from gateway.odoo.http import KeepAliveClient
from gateway.odoo.transport import (
    USER_AGENT,
    XMLRPC_USER_AGENT,
    Json2Transport,
    JsonRpcTransport,
    Transport,
    XmlRpcTransport,
)

PROTOCOLS = ("xmlrpc", "jsonrpc", "json2")


@dataclass
class Script:
    """What the scripted server does, and what it saw."""

    close_after_answer: bool = False  # drop the connection after each answer, without saying so
    delays: list[float] = field(default_factory=list)  # seconds to wait before the n-th answer
    requests: list[dict[str, str]] = field(default_factory=list)  # headers of each request seen
    connections: int = 0
    closed: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ScriptedServer

    def setup(self) -> None:
        super().setup()
        self.server.script.connections += 1

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_POST(self) -> None:
        """Answer ``[n]`` (n = the request's number) in the protocol the path asks for."""
        script = self.server.script
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        script.requests.append({k.lower(): v for k, v in self.headers.items()})
        number = len(script.requests)
        if len(script.delays) >= number and script.delays[number - 1]:
            time.sleep(script.delays[number - 1])
        if self.path.startswith("/xmlrpc/"):
            xmlrpc.client.loads(body)
            answer = xmlrpc.client.dumps(([number],), methodresponse=True).encode()
            kind = "text/xml"
        elif self.path == "/jsonrpc":
            answer = json.dumps({"jsonrpc": "2.0", "id": json.loads(body)["id"], "result": [number]}).encode()
            kind = "application/json"
        else:
            answer = json.dumps([number]).encode()
            kind = "application/json"
        try:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            self.wfile.flush()
        except OSError:
            return  # the client gave up (timeout) and closed its end
        if script.close_after_answer:
            self.close_connection = True

    def finish(self) -> None:
        super().finish()
        if self.close_connection:
            self.server.script.closed.set()


class _ScriptedServer(ThreadingHTTPServer):
    daemon_threads = True
    script: Script


@pytest.fixture
def scripted() -> Iterator[tuple[_ScriptedServer, Script]]:
    """A scripted HTTP/1.1 server on a free loopback port."""
    server = _ScriptedServer(("127.0.0.1", 0), _Handler)
    server.script = Script()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, server.script
    finally:
        server.shutdown()
        server.server_close()


def _url(server: ThreadingHTTPServer, scheme: str = "http") -> str:
    host, port = server.server_address[:2]
    return f"{scheme}://{host}:{port}"


def make_transport(
    protocol: str, url: str, *, timeout: float = 5.0, http: KeepAliveClient | None = None
) -> Transport:
    """A transport of ``protocol`` for ``url``."""
    if protocol == "xmlrpc":
        return XmlRpcTransport(url, timeout=timeout, http=http)
    if protocol == "jsonrpc":
        return JsonRpcTransport(url, timeout=timeout, http=http)
    return Json2Transport(url, api_key="k-secret", db="edi", timeout=timeout, http=http)


def search(transport: Transport) -> Any:
    """One ``res.partner.search`` call."""
    return transport.execute_kw("edi", 2, "pw", "res.partner", "search", [[]], None)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_connection_is_kept_alive_between_calls(
    scripted: tuple[_ScriptedServer, Script], protocol: str
) -> None:
    server, script = scripted
    transport = make_transport(protocol, _url(server))
    assert [search(transport) for _ in range(3)] == [[1], [2], [3]]
    assert script.connections == 1
    assert transport.counter.total == 3 and transport.counter.by_call["res.partner.search"] == 3
    transport.close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_reconnects_after_the_server_closed_an_idle_connection(
    scripted: tuple[_ScriptedServer, Script], protocol: str
) -> None:
    server, script = scripted
    script.close_after_answer = True
    transport = make_transport(protocol, _url(server))
    for n in range(1, 4):
        script.closed.clear()
        assert search(transport) == [n]
        assert script.closed.wait(5), "the server did not close the connection"
        time.sleep(0.02)  # let the FIN reach the client's socket
    # every call went out exactly once, each on a new connection, and none failed
    assert len(script.requests) == 3 and script.connections == 3
    transport.close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_timeout_is_the_same_error_and_the_late_answer_is_never_read(
    scripted: tuple[_ScriptedServer, Script], protocol: str
) -> None:
    server, script = scripted
    script.delays = [1.0]
    transport = make_transport(protocol, _url(server), timeout=0.3)
    with pytest.raises(E.OdooTimeoutError) as err:
        search(transport)
    assert str(err.value) == "Odoo: no answer in time (res.partner.search): timed out"
    assert search(transport) == [2]  # its own answer, not the late one of request 1
    transport.close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_refused_connection_is_a_transient_network_error(protocol: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens there once closed
    transport = make_transport(protocol, f"http://127.0.0.1:{port}")
    with pytest.raises(E.OdooTransientError) as err:
        search(transport)
    assert "network error (res.partner.search): ConnectionRefusedError" in str(err.value)
    assert not isinstance(err.value, E.OdooTimeoutError)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_user_agent_and_credentials_headers(scripted: tuple[_ScriptedServer, Script], protocol: str) -> None:
    server, script = scripted
    transport = make_transport(protocol, _url(server))
    search(transport)
    headers = script.requests[0]
    assert headers["user-agent"] == (XMLRPC_USER_AGENT if protocol == "xmlrpc" else USER_AGENT)
    if protocol == "json2":
        assert headers["authorization"] == "bearer k-secret" and headers["x-odoo-database"] == "edi"
    else:
        assert "authorization" not in headers
    transport.close()


# -- TLS ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SelfSigned:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""

    cert: Path
    key: Path


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> SelfSigned:
    """A certificate no trust store knows, valid for 127.0.0.1 and localhost."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "edi-gateway test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    paths = SelfSigned(folder / "cert.pem", folder / "key.pem")
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


@pytest.fixture
def tls_server(self_signed: SelfSigned) -> Iterator[tuple[_ScriptedServer, Script]]:
    """The scripted server behind TLS with the self-signed certificate."""
    server = _ScriptedServer(("127.0.0.1", 0), _Handler)
    server.script = Script()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(self_signed.cert, self_signed.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, server.script
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_https_refuses_a_certificate_nobody_trusts(
    tls_server: tuple[_ScriptedServer, Script], protocol: str
) -> None:
    server, script = tls_server
    transport = make_transport(protocol, _url(server, "https"))
    with pytest.raises(E.OdooTransientError) as err:
        search(transport)
    assert "CERTIFICATE_VERIFY_FAILED" in str(err.value)
    assert script.requests == []  # nothing was sent to the unverified server
    transport.close()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_https_works_when_the_certificate_is_trusted(
    tls_server: tuple[_ScriptedServer, Script], self_signed: SelfSigned, protocol: str
) -> None:
    server, script = tls_server
    url = _url(server, "https")
    trusted = ssl.create_default_context(cafile=str(self_signed.cert))
    http = KeepAliveClient(url, timeout=5.0, headers={"User-Agent": USER_AGENT}, ssl_context=trusted)
    transport = make_transport(protocol, url, http=http)
    assert [search(transport), search(transport)] == [[1], [2]]
    assert script.connections == 1
    transport.close()


def test_https_trusts_ssl_cert_file_like_httpx_did(
    tls_server: tuple[_ScriptedServer, Script], self_signed: SelfSigned, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _script = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(self_signed.cert))
    transport = make_transport("jsonrpc", _url(server, "https"))
    assert search(transport) == [1]
    transport.close()


def test_a_url_that_is_not_http_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="ftp://odoo"):
        KeepAliveClient("ftp://odoo", timeout=1.0, headers={})


def test_debug_log_names_the_request_but_never_the_credentials(
    scripted: tuple[_ScriptedServer, Script], caplog: pytest.LogCaptureFixture
) -> None:
    server, _script = scripted
    transport = make_transport("json2", _url(server))
    with caplog.at_level(logging.DEBUG, logger="gateway.odoo.http"):
        search(transport)
    lines = [r.getMessage() for r in caplog.records if r.name == "gateway.odoo.http"]
    assert lines == [f'HTTP Request: POST {_url(server)}/json/2/res.partner/search "HTTP/1.1 200 OK"']
    assert "k-secret" not in caplog.text
    transport.close()
