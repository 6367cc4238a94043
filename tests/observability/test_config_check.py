"""``edi-gateway config check`` finds each kind of failure (and passes what works); ``config show`` masks."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from gateway.cli import main
from gateway.cli.config_checks import CheckResult, check_transport, run_checks
from gateway.odoo.sandbox import SandboxServer, start_sandbox

REPO = Path(__file__).resolve().parents[2]
PARTNERS = REPO / "trading_partners"


def _rows(area: str, rows: list[CheckResult]) -> list[CheckResult]:
    return [r for r in rows if r.area == area]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox(version=17)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def migrated_sqlite(tmp_path: Path) -> str:
    from gateway.ledger.db import create_engine
    from gateway.ledger.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    engine = create_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return url


def _profile_with(tmp_path: Path, transports: list[dict]) -> Path:
    folder = tmp_path / "partners"
    folder.mkdir(exist_ok=True)
    data = yaml.safe_load((PARTNERS / "northstar-3pl.yaml").read_text())
    data["transports"] = transports
    (folder / "northstar-3pl.yaml").write_text(yaml.safe_dump(data))
    return folder


# --- each failure type ----------------------------------------------------------------------

def test_dead_broker_port_fails_with_fix(clean_env, dead_port: int) -> None:
    clean_env.setenv("EDIGW_BROKER_URL", f"redis://:s3cret@127.0.0.1:{dead_port}/0")
    [row] = run_checks(areas=["broker"], timeout=1)
    assert row.status == "fail" and "no answer" in row.detail
    assert "s3cret" not in row.target + row.detail and "EDIGW_BROKER_URL" in row.fix


def test_live_redis_broker_passes(clean_env) -> None:
    clean_env.setenv("EDIGW_BROKER_URL", "redis://127.0.0.1:6379/0")
    [row] = run_checks(areas=["broker"], timeout=2)
    assert row.status == "ok", row


def test_bad_profile_is_reported_with_file_field_and_fix(clean_env, tmp_path: Path) -> None:
    folder = tmp_path / "partners"
    folder.mkdir()
    shutil.copy(PARTNERS / "acme-retail.yaml", folder)
    bad = yaml.safe_load((PARTNERS / "northstar-3pl.yaml").read_text())
    bad["acks"]["their_ack_deadline_hours"] = -4
    (folder / "northstar-3pl.yaml").write_text(yaml.safe_dump(bad))
    (folder / "broken.yaml").write_text("id: broken\nname: [unclosed\n")
    rows = _rows("partners", run_checks(areas=["partners"], partners_dir=folder))
    failed = {r.target.split(":")[0]: r for r in rows if r.status == "fail"}
    assert set(failed) == {str(folder / "northstar-3pl.yaml"), str(folder / "broken.yaml")}
    assert "acks.their_ack_deadline_hours" in failed[str(folder / "northstar-3pl.yaml")].target
    assert "YAML" in failed[str(folder / "broken.yaml")].detail
    assert all(r.fix for r in failed.values())
    assert [r.target for r in rows if r.status == "ok"] == ["acme-retail"]


def test_missing_and_unmigrated_and_migrated_ledger(clean_env, tmp_path: Path, migrated_sqlite: str) -> None:
    clean_env.setenv("EDIGW_DATABASE_URL", f"sqlite:///{tmp_path / 'nowhere.sqlite3'}")
    [missing] = run_checks(areas=["database"])
    assert missing.status == "fail" and "does not exist" in missing.detail and "db upgrade" in missing.fix
    assert not (tmp_path / "nowhere.sqlite3").exists()  # the check never creates a ledger

    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    clean_env.setenv("EDIGW_DATABASE_URL", f"sqlite:///{empty}")
    [unmigrated] = run_checks(areas=["database"])
    assert unmigrated.status == "fail" and "empty database" in unmigrated.detail
    assert "edi-gateway db upgrade" in unmigrated.fix

    clean_env.setenv("EDIGW_DATABASE_URL", migrated_sqlite)
    [ok] = run_checks(areas=["database"])
    assert ok.status == "ok" and "newest" in ok.detail


def test_behind_ledger_names_both_revisions(clean_env, migrated_sqlite: str) -> None:
    from alembic.script import ScriptDirectory

    from gateway.ledger.db import create_engine
    from gateway.ledger.migrate import alembic_config, downgrade, head_revision

    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one migration exists; nothing to be behind")
    previous = revisions[1].revision
    engine = create_engine(migrated_sqlite)
    try:
        downgrade(engine, previous)
    finally:
        engine.dispose()
    clean_env.setenv("EDIGW_DATABASE_URL", migrated_sqlite)
    [row] = run_checks(areas=["database"])
    assert row.status == "fail" and previous in row.detail and head_revision() in row.detail


def test_unreachable_postgresql_fails(clean_env, dead_port: int) -> None:
    clean_env.setenv("EDIGW_DATABASE_URL", f"postgresql+psycopg://postgres:pw@127.0.0.1:{dead_port}/ledger")
    [row] = run_checks(areas=["database"])
    assert row.status == "fail" and row.detail.startswith("cannot connect") and ":pw@" not in row.detail + row.target


def test_odoo_not_configured_dead_port_bad_login_and_ok(clean_env, dead_port: int, sandbox: SandboxServer) -> None:
    [unset] = run_checks(areas=["odoo"], timeout=1)
    assert unset.status == "fail" and "not configured" in unset.detail and "EDIGW_ODOO_URL" in unset.fix

    clean_env.setenv("EDIGW_ODOO_URL", f"http://127.0.0.1:{dead_port}")
    clean_env.setenv("EDIGW_ODOO_DB", "edi")
    clean_env.setenv("EDIGW_ODOO_USER", "admin")
    clean_env.setenv("EDIGW_ODOO_PASSWORD", "wrong-password")
    [dead] = run_checks(areas=["odoo"], timeout=1)
    assert dead.status == "fail" and "EDIGW_ODOO_URL" in dead.fix

    clean_env.setenv("EDIGW_ODOO_URL", sandbox.url)
    [refused] = run_checks(areas=["odoo"], timeout=5)
    assert refused.status == "fail" and "refused" in refused.detail and "EDIGW_ODOO_PASSWORD" in refused.fix
    assert "wrong-password" not in refused.detail

    clean_env.setenv("EDIGW_ODOO_PASSWORD", "admin")
    [ok] = run_checks(areas=["odoo"], timeout=5)
    assert ok.status == "ok" and "authenticated" in ok.detail


def test_sftp_dead_port_and_local_folders(clean_env, tmp_path: Path, dead_port: int) -> None:
    folder = _profile_with(tmp_path, [
        {"name": "ns-sftp", "kind": "sftp",
         "settings": {"host": "127.0.0.1", "port": dead_port, "username": "edi", "host_keys": ["ssh-ed25519 AAAA"]},
         "secrets": {"password": {"env": "NS_PW"}}},
        {"name": "ns-local", "kind": "local", "settings": {"root": str(tmp_path / "mbox")}},
    ])
    (tmp_path / "mbox").mkdir()
    rows = _rows("transports", run_checks(areas=["transports"], partners_dir=folder, timeout=1))
    by_target = {r.target: r for r in rows}
    sftp = by_target["northstar-3pl/ns-sftp (sftp)"]
    assert sftp.status == "fail" and f"127.0.0.1:{dead_port}" in sftp.detail and "port" in sftp.fix
    local = by_target["northstar-3pl/ns-local (local)"]
    assert local.status == "ok", local


def test_bad_mailbox_settings_are_reported(tmp_path: Path) -> None:
    from gateway.partners.model import Transport

    entry = Transport(name="typo", kind="local", settings={"root": str(tmp_path), "inbx": "x"})
    [row] = check_transport("acme", entry, timeout=1, base_dir=tmp_path)
    assert row.status == "fail" and "inbx" in row.detail


def test_as2_certificate_missing_expired_and_valid(tmp_path: Path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from gateway.partners.model import Transport

    def cert(path: Path, days: int) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "P")])
        now = dt.datetime.now(dt.UTC)
        built = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                 .serial_number(1).not_valid_before(now - dt.timedelta(days=400))
                 .not_valid_after(now + dt.timedelta(days=days)).sign(key, hashes.SHA256()))
        path.write_bytes(built.public_bytes(serialization.Encoding.PEM))

    cert(tmp_path / "ours.crt", 365)
    cert(tmp_path / "theirs.crt", -2)
    entry = Transport(name="as2", kind="as2", settings={
        "url": "http://127.0.0.1:1/as2", "our_cert": str(tmp_path / "ours.crt"),
        "partner_cert": str(tmp_path / "theirs.crt"), "spare_cert": str(tmp_path / "absent.crt")})
    rows = {r.target: r for r in check_transport("euro", entry, timeout=1, base_dir=tmp_path)}
    assert rows["euro/as2 our_cert"].status == "ok"
    assert rows["euro/as2 partner_cert"].status == "fail" and "expired" in rows["euro/as2 partner_cert"].detail
    assert rows["euro/as2 spare_cert"].status == "fail" and "cannot read" in rows["euro/as2 spare_cert"].detail
    assert rows["euro/as2 (as2)"].status == "fail"  # nothing listens on port 1


def test_bad_settings_file_is_one_clear_row(clean_env, tmp_path: Path) -> None:
    bad = tmp_path / "gateway.toml"
    bad.write_text('data_dri = "/srv"\n')
    clean_env.setenv("EDIGW_SETTINGS_FILE", str(bad))
    [row] = run_checks()
    assert row.area == "settings" and row.status == "fail" and "data_dri" in row.detail


# --- the command ----------------------------------------------------------------------------

def test_cli_exit_1_and_table_on_failure(clean_env, dead_port: int, tmp_path: Path) -> None:
    clean_env.setenv("EDIGW_BROKER_URL", f"redis://127.0.0.1:{dead_port}/0")
    result = CliRunner().invoke(main, ["config", "check", "--only", "broker", "--only", "database", "--timeout", "1"])
    assert result.exit_code == 1, result.output
    assert "broker" in result.output and "fail" in result.output and "how to fix" in result.output
    assert "2 problem(s) found" in result.output


def test_cli_exit_0_when_all_checked_parts_work(clean_env, migrated_sqlite: str) -> None:
    clean_env.setenv("EDIGW_DATABASE_URL", migrated_sqlite)
    result = CliRunner().invoke(main, ["config", "check", "--only", "broker", "--only", "database", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["area"], r["status"]) for r in rows] == [("database", "ok"), ("broker", "ok")]


def test_config_show_masks_secrets(clean_env) -> None:
    clean_env.setenv("EDIGW_DATABASE_URL", "postgresql+psycopg://gw:DbSecret9@db/ledger")
    clean_env.setenv("EDIGW_ODOO_URL", "https://erp.example.com")
    clean_env.setenv("EDIGW_ODOO_DB", "prod")
    clean_env.setenv("EDIGW_ODOO_USER", "edi-bot")
    clean_env.setenv("EDIGW_ODOO_PASSWORD", "OdooSecret9")
    for args in (["config", "show"], ["config", "show", "--json"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "DbSecret9" not in result.output and "OdooSecret9" not in result.output
        assert "***" in result.output and "edi-bot" in result.output
    shown = json.loads(CliRunner().invoke(main, ["config", "show", "--json"]).output)
    assert shown["odoo"]["password"] == "***" and shown["odoo"]["api_key"] is None
    assert shown["core"]["database_url"] == "postgresql+psycopg://gw:***@db/ledger"


def test_config_show_reports_unloadable_section(clean_env) -> None:
    result = CliRunner().invoke(main, ["config", "show", "--json"])
    shown = json.loads(result.output)
    assert "url" in shown["odoo"]["error"]


@pytest.mark.integration
def test_unmigrated_then_migrated_postgresql(clean_env) -> None:
    """A real, empty PostgreSQL database fails the check until `edi-gateway db upgrade` has run."""
    from tests.ledger.conftest import create_pg_database, drop_pg_database

    url = create_pg_database("edigw_cfgcheck")
    try:
        clean_env.setenv("EDIGW_DATABASE_URL", url)
        [empty] = run_checks(areas=["database"])
        assert empty.status == "fail" and "empty database" in empty.detail and "db upgrade" in empty.fix
        upgraded = CliRunner().invoke(main, ["db", "upgrade"])
        assert upgraded.exit_code == 0, upgraded.output
        [ok] = run_checks(areas=["database"])
        assert ok.status == "ok"
    finally:
        drop_pg_database(url)
