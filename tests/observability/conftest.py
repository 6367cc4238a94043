"""Fixtures for the observability and configuration tests: captured logs, free dead ports, clean env."""

from __future__ import annotations

import io
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from gateway.observability.logging import configure_logging


@pytest.fixture
def json_log() -> Iterator[tuple[io.StringIO, Any]]:
    """Logging configured as JSON into a buffer; yields (buffer, parse) where parse() returns the records."""
    buffer = io.StringIO()
    configure_logging("json", level="INFO", stream=buffer)

    def records() -> list[dict[str, Any]]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

    yield buffer, records


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Leave logging as other test folders expect it: structlog defaults, no handler of ours, no context."""
    root = logging.getLogger()
    level = root.level
    yield
    structlog.contextvars.clear_contextvars()
    structlog.reset_defaults()
    for handler in [h for h in root.handlers if getattr(h, "_edigw_handler", False)]:
        root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def dead_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> pytest.MonkeyPatch:
    """No EDIGW_* variable from the caller's shell leaks into a test; data dir in tmp_path."""
    import os

    for name in list(os.environ):
        if name.startswith("EDIGW_") or name == "PROMETHEUS_MULTIPROC_DIR":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EDIGW_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch
