"""Core settings: defaults, environment, TOML/YAML file, sections for other rooms, masked secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.settings import (
    CoreSettings,
    SettingsError,
    SettingsFileSource,
    load_core_settings,
    load_settings_file,
    mask_url,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("EDIGW_DATA_DIR", "EDIGW_DATABASE_URL", "EDIGW_BROKER_URL", "EDIGW_ENVIRONMENT",
                 "EDIGW_LOG_FORMAT", "EDIGW_SETTINGS_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_give_the_embedded_mode() -> None:
    s = load_core_settings()
    assert s.data_dir == Path("var")
    assert s.resolved_database_url == f"sqlite:///{(Path('var') / 'ledger.sqlite3').resolve()}"
    assert s.broker_url.startswith("redis://127.0.0.1:6379")
    assert (s.environment, s.resolved_log_format) == ("dev", "console")


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "gw.toml"
    file.write_text('environment = "prod"\ndata_dir = "/srv/edi"\n[odoo]\nurl = "http://odoo"\n')
    monkeypatch.setenv("EDIGW_SETTINGS_FILE", str(file))
    monkeypatch.setenv("EDIGW_DATA_DIR", str(tmp_path / "data"))
    s = load_core_settings()
    assert s.environment == "prod" and s.resolved_log_format == "json"
    assert s.data_dir == tmp_path / "data"
    assert s.settings_file == file


def test_yaml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "gw.yaml"
    file.write_text("database_url: postgresql+psycopg://edi:pw@db/edi\nlog_format: json\n")
    monkeypatch.setenv("EDIGW_SETTINGS_FILE", str(file))
    s = load_core_settings()
    assert s.resolved_database_url == "postgresql+psycopg://edi:pw@db/edi"
    assert s.resolved_log_format == "json"


def test_secrets_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIGW_DATABASE_URL", "postgresql+psycopg://edi:s3cret@db:5432/edi")
    monkeypatch.setenv("EDIGW_BROKER_URL", "redis://:hunter2@redis:6379/0")
    s = load_core_settings()
    assert "s3cret" not in repr(s) and "hunter2" not in repr(s)
    masked = s.masked()
    assert masked["database_url"] == "postgresql+psycopg://edi:***@db:5432/edi"
    assert masked["broker_url"] == "redis://:***@redis:6379/0"
    assert "s3cret" not in str(masked)
    assert s.database_url == "postgresql+psycopg://edi:s3cret@db:5432/edi"  # the real value stays usable
    assert mask_url("sqlite:///var/ledger.sqlite3") == "sqlite:///var/ledger.sqlite3"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("gw.toml", "environment = \n", "not valid TOML"),
        ("gw.yaml", "- a\n- b\n", "top level must be a table"),
        ("gw.ini", "x=1", "must end in .toml"),
        ("gw.toml", 'databse_url = "x"\n', "unknown setting 'databse_url'"),
        ("gw.toml", 'environment = "staging"\n', "environment"),
    ],
)
def test_bad_files_name_the_file_and_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            name: str, content: str, reason: str) -> None:
    file = tmp_path / name
    file.write_text(content)
    monkeypatch.setenv("EDIGW_SETTINGS_FILE", str(file))
    with pytest.raises(SettingsError) as info:
        load_core_settings()
    assert str(file) in str(info.value) and reason in str(info.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read settings file"):
        load_settings_file(tmp_path / "absent.toml")


def test_another_room_reads_its_own_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class OdooLike(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="EDIGW_ODOO_")
        url: str = "http://localhost:8069"
        database: str = "odoo"

        @classmethod
        def settings_customise_sources(cls, settings_cls, init_settings, env_settings,  # type: ignore[no-untyped-def, override]
                                       dotenv_settings, file_secret_settings):
            return (init_settings, env_settings, SettingsFileSource(settings_cls, section="odoo"))

    file = tmp_path / "gw.toml"
    file.write_text('environment = "prod"\n[odoo]\nurl = "https://erp.example"\n')
    monkeypatch.setenv("EDIGW_SETTINGS_FILE", str(file))
    monkeypatch.setenv("EDIGW_ODOO_DATABASE", "prod")
    odoo = OdooLike()
    assert (odoo.url, odoo.database) == ("https://erp.example", "prod")
    assert CoreSettings().environment == "prod"
