"""``edi-gateway db upgrade`` / ``db current``: exit codes and messages, on both backends."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gateway.cli import main
from gateway.ledger.migrate import head_revision
from tests.ledger.conftest import BACKENDS


@pytest.mark.parametrize("fresh_db_url", BACKENDS, indirect=True)
def test_current_then_upgrade_then_current(fresh_db_url: str) -> None:
    runner = CliRunner()
    before = runner.invoke(main, ["db", "current", "--database-url", fresh_db_url, "--json"])
    assert before.exit_code == 1, before.output
    assert json.loads(before.output)["current"] is None
    up = runner.invoke(main, ["db", "upgrade", "--database-url", fresh_db_url])
    assert up.exit_code == 0, up.output
    assert f"empty -> {head_revision()}" in up.output
    after = runner.invoke(main, ["db", "current", "--database-url", fresh_db_url, "--json"])
    assert after.exit_code == 0
    data = json.loads(after.output)
    assert data["up_to_date"] is True and data["current"] == data["head"]


def test_default_database_is_in_the_data_dir(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("EDIGW_DATABASE_URL", raising=False)
    monkeypatch.delenv("EDIGW_SETTINGS_FILE", raising=False)
    monkeypatch.setenv("EDIGW_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "data" / "ledger.sqlite3").is_file()


@pytest.mark.parametrize(
    ("url", "reason"),
    [("mysql://x/y", "unsupported database 'mysql'"), ("not a url", "invalid database URL")],
)
def test_bad_url_is_one_clear_line(url: str, reason: str) -> None:
    result = CliRunner().invoke(main, ["db", "current", "--database-url", url])
    assert result.exit_code == 2
    assert reason in result.output and "Traceback" not in result.output


def test_unreachable_postgres_masks_the_password() -> None:
    url = "postgresql+psycopg://postgres:topsecret@127.0.0.1:5432/edigw_does_not_exist"
    result = CliRunner().invoke(main, ["db", "current", "--database-url", url])
    assert result.exit_code == 2
    assert "topsecret" not in result.output and "***" in result.output
