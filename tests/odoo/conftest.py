"""Fixtures for the Odoo connector tests: a sandbox over real HTTP and clients for each protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import DEFAULT_API_KEY, SandboxServer, start_sandbox
from gateway.odoo.settings import OdooSettings

PROTOCOLS = ("xmlrpc", "jsonrpc", "json2")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    """One Odoo 17 sandbox per test module, on a free port."""
    server = start_sandbox(version=17)
    try:
        yield server
    finally:
        server.stop()


def settings_for(url: str, protocol: str, **overrides: Any) -> OdooSettings:
    """Settings for the sandbox's admin user over ``protocol`` (API key for JSON-2)."""
    values: dict[str, Any] = {"url": url, "db": "edi", "user": "admin", "protocol": protocol, "timeout": 5.0,
                              "max_retries": 2, "retry_backoff": 0.0}
    if protocol == "json2":
        values["api_key"] = SecretStr(DEFAULT_API_KEY)
    else:
        values["password"] = SecretStr("admin")
    values.update(overrides)
    return OdooSettings(**values)


@pytest.fixture
def make_client(sandbox: SandboxServer) -> Iterator[Callable[..., OdooClient]]:
    """Factory of clients against the module's sandbox; faults are cleared after each test."""
    clients: list[OdooClient] = []

    def make(protocol: str, **overrides: Any) -> OdooClient:
        client = OdooClient(settings_for(sandbox.url, protocol, **overrides), sleep=lambda _s: None)
        clients.append(client)
        return client

    yield make
    sandbox.faults.clear()
    for client in clients:
        client.close()
