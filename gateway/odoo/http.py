"""A small keep-alive HTTP/1.1 client for the Odoo transports, on plain sockets.

Why not httpx: each Odoo call made through httpx cost about 0.3 ms of client CPU in its request
and response machinery; :mod:`http.client` still costs about 0.08 ms (its e-mail header parser and
per-response file objects), this module about 0.03 ms. It speaks exactly the HTTP the connector
needs (one request, one complete answer: ``Content-Length``, chunked or read-to-close bodies,
interim 1xx answers skipped) and keeps what the connector relies on:

- persistent connections (one per concurrent caller, kept in a tiny pool, so a transport shared by
  threads stays safe);
- a connection the server closed while idle is noticed BEFORE the request is written and replaced
  by a fresh one, so no request is ever sent twice: a failure after the request went out is raised
  to the caller, which alone decides whether a retry is safe;
- the configured timeout on connect and on every read;
- TLS with certificate and host-name verification, using the same trust store as before (httpx's:
  ``SSL_CERT_FILE``/``SSL_CERT_DIR`` or certifi's bundle; xmlrpc.client's: the system store);
- any failure closes the connection it happened on (a late answer must never be read as the
  answer to the next request).

Errors are raised as :mod:`http.client` raises them (``OSError``, ``TimeoutError``,
``http.client.HTTPException`` and its subclasses); the transports map them to
:mod:`gateway.odoo.errors`.
"""

from __future__ import annotations

import http.client
import logging
import os
import re
import select
import socket
import ssl
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit

__all__ = ["HttpAnswer", "KeepAliveClient", "verifying_context"]

# One DEBUG line per request, in httpx's format (it logged them before): method, URL, status. Never
# headers or bodies (the API key and the password travel there). Filtered out cheaply above DEBUG.
_log = logging.getLogger("gateway.odoo.http")

MAX_LINE = 65536  # the limits http.client applies to a status or header line and to the header count
MAX_HEADERS = 100
_UNSAFE = re.compile(r"[\x00-\x20\x7f]")  # control characters and spaces: never in a path or header value


def verifying_context(store: str = "certifi") -> ssl.SSLContext:
    """A TLS context that verifies the server's certificate chain and host name.

    ``store="certifi"`` reproduces httpx's default trust (``SSL_CERT_FILE`` or ``SSL_CERT_DIR``
    when set, else certifi's CA bundle); ``store="system"`` is the platform's default store,
    as :mod:`xmlrpc.client` uses.
    """
    if store == "system":
        return ssl.create_default_context()
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    try:
        import certifi
    except ImportError:  # pragma: no cover - certifi comes with httpx, a dependency
        return ssl.create_default_context()
    return ssl.create_default_context(cafile=certifi.where())


@dataclass(frozen=True, slots=True)
class HttpAnswer:
    """A complete HTTP answer: status, reason phrase, selected headers and the whole body."""

    status: int
    reason: str
    body: bytes
    content_encoding: str

    @property
    def text(self) -> str:
        """The body as text (UTF-8, undecodable bytes replaced): for error messages."""
        return self.body.decode("utf-8", errors="replace")


class _Connection:
    """One open socket and its buffered reader."""

    __slots__ = ("reader", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader: BinaryIO = sock.makefile("rb")

    def idle_and_alive(self) -> bool:
        """True when nothing arrived since the last answer (a readable idle socket is closed or broken)."""
        try:
            return not select.select([self.sock], [], [], 0)[0]
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        """Close the reader and the socket (errors while closing are irrelevant)."""
        try:
            self.reader.close()
        finally:
            self.sock.close()


def _read_line(reader: BinaryIO) -> bytes:
    line = reader.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise http.client.LineTooLong("header line")
    return line


def _read_head(reader: BinaryIO) -> tuple[int, str, bool, dict[str, str]]:
    """Status, reason, HTTP/1.1?, and the headers the client uses (lower-case names) of one answer."""
    while True:
        line = _read_line(reader)
        if not line:
            raise http.client.RemoteDisconnected("Remote end closed connection without response")
        parts = line.decode("iso-8859-1").split(None, 2)
        if (
            len(parts) < 2
            or not parts[0].startswith("HTTP/1.")
            or not parts[1].isdigit()
            or len(parts[1]) != 3
        ):
            raise http.client.BadStatusLine(line.decode("iso-8859-1", "replace").strip() or repr(line))
        headers: dict[str, str] = {}
        for _ in range(MAX_HEADERS + 1):
            raw = _read_line(reader)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, sep, value = raw.decode("iso-8859-1").partition(":")
            if sep:
                key = name.strip().lower()
                headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
        else:
            raise http.client.HTTPException(f"got more than {MAX_HEADERS} headers")
        status = int(parts[1])
        if status >= 200 or status == 101:
            return status, parts[2].strip() if len(parts) > 2 else "", parts[0] != "HTTP/1.0", headers
        # 1xx interim answer (e.g. 100 Continue): its headers are dropped, the real answer follows


def _read_chunked(reader: BinaryIO) -> bytes:
    chunks: list[bytes] = []
    while True:
        size_line = _read_line(reader).split(b";", 1)[0].strip()
        try:
            size = int(size_line, 16)
        except ValueError:
            raise http.client.IncompleteRead(b"".join(chunks)) from None
        if size == 0:
            while _read_line(reader) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        chunk = reader.read(size)
        if len(chunk) < size:
            raise http.client.IncompleteRead(b"".join(chunks) + chunk, size - len(chunk))
        chunks.append(chunk)
        reader.read(2)  # the CRLF after the chunk


def _read_answer(conn: _Connection, method: str) -> tuple[HttpAnswer, bool]:
    """Read one complete answer; returns it and whether the connection may be used again."""
    reader = conn.reader
    status, reason, http11, headers = _read_head(reader)
    connection = headers.get("connection", "").lower()
    reusable = ("close" not in connection) if http11 else ("keep-alive" in connection)
    if method == "HEAD" or status in (204, 304):
        body = b""
    elif "chunked" in headers.get("transfer-encoding", "").lower():
        body = _read_chunked(reader)
    elif "content-length" in headers:
        try:
            length = int(headers["content-length"])
        except ValueError:
            raise http.client.HTTPException(f"bad Content-Length {headers['content-length']!r}") from None
        body = reader.read(length) if length > 0 else b""
        if len(body) < length:
            raise http.client.IncompleteRead(body, length - len(body))
    else:
        body = reader.read()  # no length: the body ends when the server closes
        reusable = False
    return HttpAnswer(status, reason, body, headers.get("content-encoding", "")), reusable


class KeepAliveClient:
    """Requests to one origin (``http://host:port/prefix``) over kept-alive connections."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        headers: dict[str, str],
        ssl_context: ssl.SSLContext | None = None,
        trust_store: str = "certifi",
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"Odoo URL {base_url!r}: expected http://host[:port] or https://host[:port]")
        self.https = parts.scheme == "https"
        self.host = parts.hostname
        self.port = parts.port or (443 if self.https else 80)
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        host = f"[{self.host}]" if ":" in self.host else self.host
        default_port = self.port == (443 if self.https else 80)
        fixed = {"Host": host if default_port else f"{host}:{self.port}", **headers}
        for name, value in fixed.items():
            if _UNSAFE.search(name) or any(c in value for c in "\r\n\x00"):
                raise ValueError(f"HTTP header {name!r}: control characters are not allowed in a header")
        self.origin = f"{parts.scheme}://{fixed['Host']}"
        self._head = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())
        self._context = ssl_context
        self._trust_store = trust_store
        self._idle: list[_Connection] = []

    def _connect(self) -> _Connection:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.https:
                if self._context is None:
                    self._context = verifying_context(self._trust_store)
                sock = self._context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        return _Connection(sock)

    def _acquire(self) -> _Connection:
        """An idle connection still usable, or a new one."""
        while self._idle:
            try:
                conn = self._idle.pop()
            except IndexError:  # another thread took the last one
                break
            if conn.idle_and_alive():
                return conn
            # Readable while idle: the server closed it (EOF) or sent something unasked. Drop it
            # before anything is written, so the request below is sent exactly once.
            conn.close()
        return self._connect()

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str | None = None
    ) -> HttpAnswer:
        """Send one request and read the whole answer; raises OSError/HTTPException on failure.

        The request is never re-sent: a connection that fails after the request was written is
        closed and the error is raised.
        """
        target = self.prefix + path
        if _UNSAFE.search(target):
            raise http.client.InvalidURL(f"URL can't contain control characters or spaces: {target!r}")
        head = f"{method} {target} HTTP/1.1\r\n{self._head}"
        if content_type is not None:
            head += f"Content-Type: {content_type}\r\n"
        if body is not None or method == "POST":
            head += f"Content-Length: {len(body or b'')}\r\n"
        message = head.encode("iso-8859-1") + b"\r\n" + (body or b"")
        conn = self._acquire()
        try:
            conn.sock.sendall(message)
            answer, reusable = _read_answer(conn, method)
        except BaseException:
            conn.close()
            raise
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug(
                'HTTP Request: %s %s%s "HTTP/1.1 %d %s"',
                method,
                self.origin,
                target,
                answer.status,
                answer.reason,
            )
        if reusable:
            self._idle.append(conn)
        else:
            conn.close()
        return answer

    def close(self) -> None:
        """Close every idle connection (a later request opens a new one)."""
        while self._idle:
            self._idle.pop().close()

    def __enter__(self) -> KeepAliveClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
