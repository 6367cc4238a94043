"""Console hardening: sign-in locks after repeated wrong passwords, and the audit log cannot be rewritten."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from gateway.ledger import Ledger
from gateway.ledger import types as ledger_types
from gateway.ledger.console import AuditEntry
from gateway.partners.registry import PartnerRegistry
from gateway.web import audit
from gateway.web.app import create_app
from gateway.web.settings import WebSettings
from tests.reports import history
from tests.web.conftest import PASSWORD, sign_in


class Clock:
    """A settable clock for the audit log and the throttle."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The time the audit log stamps and the throttle counts from."""
    c = Clock()
    monkeypatch.setattr(audit, "utcnow", c)
    monkeypatch.setattr(ledger_types, "utcnow", c)
    return c


@pytest.fixture
def strict(ledger: Ledger, users: dict[str, str]) -> Iterator[TestClient]:
    """A console that locks a name after 3 failures and an address after 5, for 10 minutes."""
    settings = WebSettings(secret_key="test-secret", login_max_failures=3, login_max_failures_per_address=5,
                           login_lockout_seconds=600)
    registry = PartnerRegistry([history.profile()])
    with TestClient(create_app(ledger, lambda: registry, settings), follow_redirects=False) as c:
        yield c


def _outcomes(ledger: Ledger) -> list[tuple[str, str]]:
    with ledger.reading() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in").order_by(AuditEntry.id)).all()
        return [(r.actor, r.outcome) for r in rows]


def test_user_is_locked_after_repeated_failures_then_unlocked(strict: TestClient, ledger: Ledger,
                                                              now: Clock) -> None:
    for _ in range(3):
        now.now += timedelta(minutes=1)
        assert sign_in(strict, "operator", "guess").headers["location"].startswith("/login?error=1")
    now.now += timedelta(minutes=1)
    locked = sign_in(strict, "operator")  # the right password, but the name is locked
    assert locked.status_code == 429
    assert "sign-in is locked until 2026-05-01 09:11 UTC" in locked.text  # first failure 09:01 + 10 min
    assert int(locked.headers["retry-after"]) == 7 * 60 + 1
    assert "edigw_session" not in strict.cookies
    # another user from the same address is not locked by this name's failures
    assert sign_in(strict, "viewer").status_code == 303
    strict.cookies.clear()
    # when the first failure leaves the window, the count drops below the limit
    now.now = datetime(2026, 5, 1, 9, 11, 1, tzinfo=UTC)
    assert sign_in(strict, "operator").status_code == 303
    assert _outcomes(ledger) == [("web:operator", "refused")] * 3 + [("web:operator", "locked"),
                                                                    ("web:viewer", "ok"), ("web:operator", "ok")]


def test_a_successful_sign_in_resets_the_user_count(strict: TestClient, now: Clock) -> None:
    for _ in range(2):
        sign_in(strict, "admin", "guess")
    assert sign_in(strict, "admin").status_code == 303
    strict.cookies.clear()
    for _ in range(2):
        sign_in(strict, "admin", "guess")
    assert sign_in(strict, "admin").status_code == 303


def test_address_is_locked_after_failures_over_many_names(strict: TestClient, now: Clock) -> None:
    for name in ("alice", "bob", "carol", "dave", "erin"):  # unknown names count too
        assert sign_in(strict, name, "guess").status_code == 303
    locked = sign_in(strict, "viewer", PASSWORD)
    assert locked.status_code == 429 and "for this address" in locked.text
    now.now += timedelta(minutes=11)
    assert sign_in(strict, "viewer").status_code == 303


def test_the_orm_refuses_to_change_or_delete_audit_entries(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        entry_id = audit.record(s, actor="web:admin", action="cancel", target="document:1").id
    with pytest.raises(audit.AuditLogAppendOnly), ledger.transaction() as s:
        s.get(AuditEntry, entry_id).actor = "someone else"  # type: ignore[union-attr]
        s.flush()
    with pytest.raises(audit.AuditLogAppendOnly), ledger.transaction() as s:
        s.delete(s.get(AuditEntry, entry_id))
        s.flush()


def _database_refuses(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        audit.record(s, actor="web:admin", action="resubmit", target="document:7")
    for statement in ("UPDATE audit_log SET actor = 'forger'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), ledger.engine.begin() as conn:
            conn.execute(text(statement))
    with ledger.engine.connect() as conn:
        assert conn.execute(text("SELECT actor, action FROM audit_log")).all() == [("web:admin", "resubmit")]


def test_sqlite_refuses_sql_that_rewrites_the_audit_log(ledger: Ledger) -> None:
    _database_refuses(ledger)


@pytest.mark.integration
def test_postgresql_refuses_sql_that_rewrites_the_audit_log() -> None:
    from tests.ledger.conftest import create_pg_database, drop_pg_database

    url = create_pg_database("edigw_audit")
    pg = Ledger.from_url(url)
    try:
        pg.upgrade()
        _database_refuses(pg)
    finally:
        pg.dispose()
        drop_pg_database(url)




def test_every_post_form_carries_the_csrf_token_and_every_post_route_checks_it(app: Any) -> None:
    """Templates: each ``method="post"`` form has the hidden token; routes: each POST handler reads it."""
    import inspect
    import re
    from pathlib import Path

    from fastapi.routing import APIRoute

    templates = Path(inspect.getfile(create_app)).parent / "templates"
    forms = 0
    for template in templates.glob("*.html"):
        for form in re.findall(r"<form\b[^>]*>.*?</form>", template.read_text(), flags=re.S):
            if 'method="post"' in form:
                forms += 1
                assert 'name="csrf_token" value="{{ csrf }}"' in form, f"{template.name}: {form[:80]}"
    assert forms >= 4  # login, logout, resubmit, cancel
    def walk(routes: list[Any]) -> Iterator[APIRoute]:
        for route in routes:
            if hasattr(route, "original_router"):  # newer FastAPI wraps included routers
                yield from walk(route.original_router.routes)
            elif isinstance(route, APIRoute):
                yield route

    posts = [r for r in walk(app.routes) if "POST" in r.methods]
    assert len(posts) >= 5  # login, logout, and resubmit and cancel as form and as API
    for route in posts:
        source = inspect.getsource(route.endpoint)
        assert any(check in source for check in ("require_csrf", "_act(", "_run(", "check_csrf")), route.path
