"""The console and API under attack: no credentials, the wrong role, forged forms, SQL in filters.

Sweeps every route the app registers (so a route added later is covered without editing this
file): without a session or token nothing but the public pages answers; a viewer's token is
refused (403) on every write; a signed-in operator's form posts without the CSRF token change
nothing; SQL injection payloads in every filter are treated as plain values.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from gateway.ledger import Ledger
from gateway.ledger.models import Document
from gateway.partners.registry import PartnerRegistry
from gateway.web.app import create_app
from gateway.web.settings import WebSettings
from gateway.web.users import create_token, create_user
from tests.ledger.conftest import create_pg_database, drop_pg_database
from tests.reports import history
from tests.reports.conftest import clock, ledger, ledger_template  # noqa: F401 - fixtures
from tests.web.conftest import app, client, sign_in, users  # noqa: F401 - fixtures
from tests.web.sample import rejected_document

PUBLIC = {"/login", "/logout", "/healthz", "/metrics", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
INJECTIONS = ["' OR '1'='1", "1; DROP TABLE documents; --", "%' UNION SELECT password_hash FROM users --",
              "\\' OR 1=1 #", "PO-77' --", "*/ OR /*", "\x00", "%%", "_"]


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if hasattr(route, "original_router"):  # FastAPI >= 0.16x wraps included routers
            yield from _api_routes(route.original_router.routes)
        elif isinstance(route, APIRoute):
            yield route


def _routes(app: Any, doc_id: int) -> list[tuple[str, str]]:  # noqa: F811
    out = []
    for route in _api_routes(app.routes):
        if route.path not in PUBLIC:
            path = route.path.replace("{document_id}", str(doc_id)).replace("{partner_id}", "acme")
            out += [(m, path) for m in sorted(route.methods - {"HEAD"})]
    return out


def _status_of(ledger: Ledger, doc_id: int) -> str:  # noqa: F811
    with ledger.reading() as s:
        return s.get(Document, doc_id).status


def test_nothing_answers_without_credentials(app: Any, client: TestClient, ledger: Ledger) -> None:  # noqa: F811
    doc_id = rejected_document(ledger)
    routes = _routes(app, doc_id)
    assert len(routes) > 15, routes
    for method, path in routes:
        r = client.request(method, path, json={"reason": "x"} if method == "POST" else None)
        if path.startswith("/api"):
            assert r.status_code == 401, (method, path, r.status_code)
        else:
            assert r.status_code in (303, 307, 401) and "/login" in r.headers.get("location", "/login"), \
                (method, path, r.status_code)
        assert "BEG*99" not in r.text and "PO-77" not in r.text
        bad = client.request(method, path, headers={"Authorization": "Bearer not-a-token"})
        assert bad.status_code in (401, 303, 307), (method, path, bad.status_code)
    assert _status_of(ledger, doc_id) == "rejected"


def test_viewer_token_is_refused_on_every_write(app: Any, client: TestClient, ledger: Ledger,  # noqa: F811
                                                users: dict[str, str]) -> None:  # noqa: F811
    doc_id = rejected_document(ledger)
    writes = [(m, p) for m, p in _routes(app, doc_id) if m != "GET" and p.startswith("/api")]
    assert writes
    for method, path in writes:
        r = client.request(method, path, json={"reason": "x", "from_step": "post"},
                           headers={"Authorization": f"Bearer {users['viewer']}"})
        assert r.status_code == 403, (method, path, r.status_code)
    assert _status_of(ledger, doc_id) == "rejected"


@pytest.mark.parametrize("token", [None, "", "forged", "x" * 64])
def test_operator_forms_without_the_csrf_token_change_nothing(client: TestClient, ledger: Ledger,  # noqa: F811
                                                              token: str | None) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "operator")
    for action in ("resubmit", "cancel"):
        data = {"reason": "forged", **({} if token is None else {"csrf_token": token})}
        r = client.post(f"/documents/{doc_id}/{action}", data=data)
        assert r.status_code in (400, 403), (action, token, r.status_code)
        api = client.post(f"/api/documents/{doc_id}/{action}", json={"reason": "forged"},
                          headers={} if token is None else {"X-CSRF-Token": token})
        assert api.status_code == 403, (action, token, api.status_code)
    assert _status_of(ledger, doc_id) == "rejected"


FILTERS = ["q", "partner_id", "doc_type", "direction", "status"]


def check_filters_resist_injection(client: TestClient, ledger: Ledger, token: str) -> None:  # noqa: F811
    """Every payload in every filter: a normal answer, no match, and the table unchanged."""
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/documents", headers=auth).json()["total"] == 1
    for param in FILTERS:
        for payload in INJECTIONS:
            r = client.get("/api/documents", params={param: payload}, headers=auth)
            assert r.status_code in (200, 422), (param, payload, r.status_code, r.text[:200])
            body = r.json()
            if r.status_code == 200 and payload not in ("%%", "_"):  # LIKE wildcards may match
                assert body["total"] == 0 and body["items"] == [], (param, payload, body)
            page = client.get("/documents", params={param: payload}, headers=auth)
            assert page.status_code in (200, 303, 400), (param, payload, page.status_code)
    with ledger.reading() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
    assert client.get("/api/documents", headers=auth).json()["total"] == 1


def test_sql_injection_in_filters_is_a_plain_value_sqlite(client: TestClient, ledger: Ledger,  # noqa: F811
                                                          users: dict[str, str]) -> None:  # noqa: F811
    rejected_document(ledger)
    check_filters_resist_injection(client, ledger, users["viewer"])


@pytest.mark.integration
def test_sql_injection_in_filters_is_a_plain_value_postgresql() -> None:
    url = create_pg_database("edigw_proof")
    led = Ledger.from_url(url)
    try:
        led.upgrade()
        with led.transaction() as s:
            create_user(s, "viewer", "correct horse battery", "viewer")
            token = create_token(s, "viewer", "tests")
        rejected_document(led)
        web = create_app(led, lambda: PartnerRegistry([history.profile()]), WebSettings(secret_key="k"))
        with TestClient(web, follow_redirects=False) as c:
            check_filters_resist_injection(c, led, token)
    finally:
        led.dispose()
        drop_pg_database(url)
