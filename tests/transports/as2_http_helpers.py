"""Shared pieces of the AS2-over-HTTP tests: a ledger, our app under uvicorn, and bob's HTTP server.

Our side (alice) runs the real FastAPI app in uvicorn on a free port of 127.0.0.1. The partner
(bob) is a small ``http.server`` whose answer to each POST is a function the test sets; every
request it receives is kept for the test to inspect. openssl plays bob's crypto.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn

from gateway.ledger import Ledger
from gateway.transports.as2.http import create_app
from gateway.transports.as2.profiles import As2Directory, As2Route
from tests.transports.as2_fixtures import Party, partner_profile


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def ledger_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite ledger file, copied for each test (migrations run once)."""
    path = tmp_path_factory.mktemp("as2-ledger") / "ledger.sqlite3"
    ledger = Ledger.from_url(f"sqlite:///{path}")
    ledger.upgrade()
    ledger.dispose()
    return path


@pytest.fixture
def ledger(ledger_template: Path, tmp_path: Path) -> Iterator[Ledger]:
    """A fresh ledger for one test."""
    target = tmp_path / "ledger.sqlite3"
    target.write_bytes(ledger_template.read_bytes())
    led = Ledger.from_url(f"sqlite:///{target}")
    yield led
    led.dispose()


@dataclass
class Captured:
    """One request bob received."""

    path: str
    headers: dict[str, str]
    body: bytes


Answer = Callable[[Captured], tuple[int, dict[str, str], bytes]]


@dataclass
class PartnerServer:
    """Bob's AS2 server: answers with ``answer`` and records every request."""

    port: int
    requests: list[Captured] = field(default_factory=list)
    answer: Answer = lambda req: (200, {}, b"")
    delay: float = 0.0

    @property
    def url(self) -> str:
        """Bob's AS2 URL."""
        return f"http://127.0.0.1:{self.port}/as2"

    def wait(self, count: int, timeout: float = 10.0) -> list[Captured]:
        """Wait until ``count`` requests arrived (async MDN deliveries happen after our answer)."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.requests


@pytest.fixture
def bob_server() -> Iterator[PartnerServer]:
    """Bob's HTTP server on a free port for one test."""
    state = PartnerServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            req = Captured(self.path, {k: v for k, v in self.headers.items()}, self.rfile.read(length))
            state.requests.append(req)
            if state.delay:
                time.sleep(state.delay)
            status, headers, body = state.answer(req)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@dataclass
class Gateway:
    """Our app running under uvicorn."""

    port: int
    app: object

    @property
    def url(self) -> str:
        """Our AS2 endpoint."""
        return f"http://127.0.0.1:{self.port}/as2"


def bob_route(bob: Party, alice: Party, url: str = "http://127.0.0.1:9/as2", **changes: object) -> As2Route:
    """The route we keep for bob (partner id ``bob-corp``), answering as alice."""
    return As2Route("bob-corp", "bob-as2", url, partner_profile(bob, **changes), alice.identity,
                    retries=2, backoff_base=0.01, timeout=5.0)


def run_app(app: object) -> Iterator[Gateway]:
    """Serve ``app`` on a free port in a thread until the generator is closed."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.01)
    try:
        yield Gateway(port, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def make_app(directory: As2Directory, ledger: Ledger) -> object:
    """Our AS2 app with fast async-MDN retries for tests."""
    return create_app(directory, ledger, mdn_retries=2, mdn_backoff=0.01)
