"""The HTTP/1.1 wire handling of :class:`gateway.odoo.http.KeepAliveClient` against raw scripted bytes.

A real Odoo sits behind werkzeug and often a proxy (nginx, a load balancer), so answers may be
chunked, preceded by ``100 Continue``, end with ``Connection: close`` or carry no length at all.
Each case is played byte for byte by a socket server, and what the client reads (and whether it
reuses the connection) is checked, plus the broken cases mapped to the connector's errors.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator

import pytest

from gateway.odoo import errors as E
from gateway.odoo.http import KeepAliveClient
from gateway.odoo.transport import JsonRpcTransport

OK = b'{"jsonrpc": "2.0", "id": 1, "result": [7]}'


class RawServer:
    """Accepts connections and answers each request with the next scripted byte string."""

    def __init__(self, answers: list[bytes], *, close_after: bool = False) -> None:
        self.answers = answers
        self.close_after = close_after
        self.requests: list[bytes] = []
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.answers:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                while self.answers:
                    request = self._read_request(conn)
                    if request is None:
                        break
                    self.requests.append(request)
                    conn.sendall(self.answers.pop(0))
                    if self.close_after:
                        break

    @staticmethod
    def _read_request(conn: socket.socket) -> bytes | None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            ),
            0,
        )
        while len(body) < length:
            body += conn.recv(65536)
        return data

    def close(self) -> None:
        """Stop accepting."""
        self.sock.close()


@pytest.fixture
def raw() -> Iterator[list[RawServer]]:
    """Servers made by a test, closed after it."""
    servers: list[RawServer] = []
    yield servers
    for server in servers:
        server.close()


def serve(raw: list[RawServer], *answers: bytes, close_after: bool = False) -> RawServer:
    """Start a raw server playing ``answers``."""
    server = RawServer(list(answers), close_after=close_after)
    raw.append(server)
    return server


def plain(body: bytes, *extra: bytes, version: bytes = b"HTTP/1.1") -> bytes:
    """A complete answer with Content-Length."""
    head = [
        version + b" 200 OK",
        b"Content-Type: application/json",
        b"Content-Length: %d" % len(body),
        *extra,
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def test_chunked_answer_with_interim_100_continue_is_read_whole(raw: list[RawServer]) -> None:
    chunked = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunked += (
        b"5;ext=1\r\n"
        + OK[:5]
        + b"\r\n"
        + b"%x\r\n" % (len(OK) - 5)
        + OK[5:]
        + b"\r\n0\r\nX-Trailer: 1\r\n\r\n"
    )
    server = serve(raw, chunked, plain(OK))
    client = KeepAliveClient(server.url, timeout=5.0, headers={})
    assert client.request("POST", "/jsonrpc", b"{}").body == OK
    assert client.request("POST", "/jsonrpc", b"{}").body == OK
    assert server.connections == 1  # the chunked answer left the connection clean for reuse


def test_connection_close_and_http10_answers_are_not_reused(raw: list[RawServer]) -> None:
    server = serve(
        raw, plain(OK, b"Connection: close"), plain(OK, version=b"HTTP/1.0"), plain(OK), close_after=True
    )
    client = KeepAliveClient(server.url, timeout=5.0, headers={})
    for _ in range(3):
        assert client.request("POST", "/jsonrpc", b"{}").body == OK
    assert server.connections == 3 and len(server.requests) == 3


def test_answer_without_length_is_read_until_close(raw: list[RawServer]) -> None:
    server = serve(raw, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + OK, close_after=True)
    transport = JsonRpcTransport(server.url, timeout=5.0)
    assert transport.call_service("common", "version", []) == [7]


def test_request_carries_host_length_type_and_fixed_headers(raw: list[RawServer]) -> None:
    server = serve(raw, plain(OK))
    KeepAliveClient(server.url + "/odoo/", timeout=5.0, headers={"User-Agent": "ua/1"}).request(
        "POST", "/jsonrpc", b'{"a":1}', "application/json"
    )
    head = server.requests[0].split(b"\r\n\r\n")[0].split(b"\r\n")
    port = server.url.rsplit(":", 1)[1]
    assert head[0] == b"POST /odoo/jsonrpc HTTP/1.1"
    assert set(head[1:]) == {
        f"Host: 127.0.0.1:{port}".encode(),
        b"User-Agent: ua/1",
        b"Content-Type: application/json",
        b"Content-Length: 7",
    }


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (b"", "RemoteDisconnected"),
        (b"SSH-2.0-OpenSSH\r\n", "BadStatusLine"),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{", "IncompleteRead"),
        (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "IncompleteRead"),
        (b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 101 + b"\r\n", "HTTPException"),
    ],
    ids=["closed", "not-http", "short-body", "bad-chunk", "header-flood"],
)
def test_broken_answers_are_transient_network_errors(
    raw: list[RawServer], answer: bytes, expected: str
) -> None:
    server = serve(raw, answer, close_after=True)
    transport = JsonRpcTransport(server.url, timeout=5.0)
    with pytest.raises(E.OdooTransientError) as err:
        transport.call_service("common", "version", [])
    assert f"network error (common.version): {expected}" in str(err.value)
    assert len(server.requests) == 1  # sent once, never silently re-sent


def test_control_characters_never_reach_the_wire() -> None:
    client = KeepAliveClient("http://127.0.0.1:9", timeout=1.0, headers={})
    with pytest.raises(http.client.InvalidURL, match="control characters"):
        client.request("POST", "/json/2/res.partner/search HTTP/1.1\r\nX-Evil: 1")
    with pytest.raises(ValueError, match="Authorization"):
        KeepAliveClient("http://127.0.0.1:9", timeout=1.0, headers={"Authorization": "bearer k\r\nX-Evil: 1"})
