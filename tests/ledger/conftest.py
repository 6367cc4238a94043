"""Ledger fixtures: every ledger test runs on a SQLite file and on a real PostgreSQL database.

PostgreSQL: one fresh database per test session on 127.0.0.1:5432 (user postgres, trust auth),
migrated once, emptied with TRUNCATE before each test, dropped at the end. The PostgreSQL cases
skip with the reason when the server is unreachable (set EDIGW_TEST_PG_URL to use another
server). SQLite: a migrated template file copied per test, so each test gets its own database
without paying for the migrations again.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url

from gateway.ledger import Ledger
from gateway.ledger.models import Base

PG_ADMIN_URL = os.environ.get("EDIGW_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _admin_engine():  # type: ignore[no-untyped-def]
    return sa_create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


def create_pg_database(prefix: str = "edigw_test") -> str:
    """Create a fresh, empty PostgreSQL database and return its URL (skip if unreachable)."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.skip(f"PostgreSQL unreachable at {make_url(PG_ADMIN_URL).render_as_string(hide_password=True)}: "
                    f"{str(exc).splitlines()[0]}")
    finally:
        engine.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    """Drop a database made by :func:`create_pg_database` (connections are forced out)."""
    name = make_url(url).database
    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def migrated_pg_ledger(prefix: str) -> Iterator[Ledger]:
    """Yield a fresh, migrated PostgreSQL ledger and drop its database afterwards (skips if unreachable)."""
    url = create_pg_database(prefix)
    led = Ledger.from_url(url)
    try:
        led.upgrade()
        yield led
    finally:
        led.dispose()
        drop_pg_database(url)


@pytest.fixture(scope="session")
def pg_session_url() -> Iterator[str]:
    """A migrated PostgreSQL database shared by the session's PostgreSQL cases."""
    url = create_pg_database()
    ledger = Ledger.from_url(url)
    try:
        ledger.upgrade()
        ledger.dispose()
        yield url
    finally:
        ledger.dispose()
        drop_pg_database(url)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite ledger file to copy for each test."""
    path = tmp_path_factory.mktemp("ledger-template") / "ledger.sqlite3"
    ledger = Ledger.from_url(f"sqlite:///{path}")
    ledger.upgrade()
    ledger.dispose()
    return path


@pytest.fixture
def fresh_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty (unmigrated) database of the parametrised backend, for migration tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    url = create_pg_database("edigw_migr")
    try:
        yield url
    finally:
        drop_pg_database(url)


BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.integration)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a test case runs on."""
    return str(request.param)


@pytest.fixture
def ledger_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a migrated, empty ledger for this test on the current backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "ledger.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_session_url")
    engine = sa_create_engine(url)
    try:
        with engine.begin() as conn:
            names = ", ".join(t.name for t in Base.metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
    return url


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    """A :class:`Ledger` on a migrated, empty database of the current backend."""
    led = Ledger.from_url(ledger_url)
    try:
        yield led
    finally:
        led.dispose()
