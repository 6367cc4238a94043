"""Console fixtures: a migrated ledger, users of each role, and an app around them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateway.ledger import Ledger
from gateway.partners.registry import PartnerRegistry
from gateway.web.app import create_app
from gateway.web.settings import WebSettings
from gateway.web.users import create_token, create_user
from tests.reports import history
from tests.reports.conftest import Clock, clock, ledger, ledger_template  # noqa: F401 - fixtures

PASSWORD = "correct horse battery"


@pytest.fixture
def users(ledger: Ledger) -> dict[str, str]:  # noqa: F811
    """A viewer, an operator and an admin; returns an API token per role."""
    tokens = {}
    with ledger.transaction() as s:
        for role in ("viewer", "operator", "admin"):
            create_user(s, role, PASSWORD, role)
            tokens[role] = create_token(s, role, "tests")
    return tokens


@pytest.fixture
def app(ledger: Ledger, users: dict[str, str]) -> Any:  # noqa: F811
    """The console over the test ledger, with the history's partner."""
    registry = PartnerRegistry([history.profile()])
    return create_app(ledger, lambda: registry, WebSettings(secret_key="test-secret"))


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    """An HTTP client of the app (no redirects followed, so tests see them)."""
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """Keep each phase's report on the test item, so fixtures can tell a failed test (for screenshots)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    """Sign in through the form, as a browser does; return the response."""
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token,
                                       "next": "/"})


def form_token(client: TestClient, path: str) -> str:
    """The CSRF token of the signed-in session, read from a page's form."""
    return client.get(path).text.split('name="csrf_token" value="')[1].split('"')[0]


__all__ = ["Clock", "form_token", "sign_in"]
