"""Core settings of the gateway: where data lives, which database and broker, how to log.

One pydantic-settings model, :class:`CoreSettings`, read from (highest priority first) keyword
arguments, ``EDIGW_*`` environment variables, an optional settings file named by
``EDIGW_SETTINGS_FILE`` (TOML or YAML), and defaults that make the embedded mode work out of the
box (SQLite under ``./var``, Redis on 127.0.0.1).

Other rooms (Odoo connector, transports, web) keep their own settings models. They read their
own section of the same file with :class:`SettingsFileSource` (``section="odoo"`` reads the
``[odoo]`` table), so one file configures the whole gateway while each model stays small and
owned by its room. Top-level scalar keys of the file belong to the core; an unknown one is an
error that names the file and the key, because a typo there would otherwise be ignored.

Secrets (passwords inside database and broker URLs) are masked in ``repr`` and in
:meth:`CoreSettings.masked`, so settings can be logged and shown by ``config show``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

import yaml
from pydantic import Field, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from gateway.errors import GatewayError

SETTINGS_FILE_ENV = "EDIGW_SETTINGS_FILE"
MASK = "***"


class SettingsError(GatewayError):
    """A settings file that cannot be read or holds something the gateway does not know."""


def mask_url(url: str | None) -> str | None:
    """Return ``url`` with any password replaced by ``***`` (user and host are kept)."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{user}:{MASK}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def load_settings_file(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a TOML (``.toml``) or YAML (``.yaml``/``.yml``) settings file into a dict.

    Raises :class:`SettingsError` naming the file and the reason when it is missing, unreadable,
    malformed or not a mapping at the top.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"{file}: cannot read settings file: {exc.strerror or exc}") from None
    suffix = file.suffix.lower()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text) or {}
        else:
            raise SettingsError(f"{file}: settings file must end in .toml, .yaml or .yml")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{file}: not valid {suffix.lstrip('.').upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{file}: the top level must be a table of settings, not {type(data).__name__}")
    return data


class SettingsFileSource(PydanticBaseSettingsSource):
    """Settings source reading one section (or the top level) of ``EDIGW_SETTINGS_FILE``.

    ``section=None`` reads the top-level scalar keys (the core settings) and refuses unknown
    ones; ``section="odoo"`` reads the ``[odoo]`` table for another room's model. The file path
    comes from the environment at construction time, so tests can point it anywhere.
    """

    def __init__(self, settings_cls: type[BaseSettings], section: str | None = None) -> None:
        super().__init__(settings_cls)
        self.section = section
        self.path = os.environ.get(SETTINGS_FILE_ENV) or None

    def _values(self) -> dict[str, Any]:
        if not self.path:
            return {}
        data = load_settings_file(self.path)
        if self.section is not None:
            value = data.get(self.section, {})
            if not isinstance(value, dict):
                raise SettingsError(f"{self.path}: [{self.section}] must be a table of settings")
            return value
        known = set(self.settings_cls.model_fields)
        values: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, dict):
                continue  # another room's section
            if key not in known:
                raise SettingsError(
                    f"{self.path}: unknown setting {key!r} (known: {', '.join(sorted(known))})"
                )
            values[key] = value
        return values

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Per-field access required by the base class; :meth:`__call__` does the work."""
        return self._values().get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        """All values this source provides."""
        return self._values()


class CoreSettings(BaseSettings):
    """The core options: data directory, ledger database, broker, environment and log format."""

    model_config = SettingsConfigDict(env_prefix="EDIGW_", extra="ignore", validate_default=True)

    data_dir: Path = Field(default=Path("var"), description="Where the ledger, raw files and state live.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the ledger; default: SQLite file ledger.sqlite3 in data_dir.",
    )
    broker_url: str = Field(default="redis://127.0.0.1:6379/0", description="Celery broker (Redis) URL.")
    environment: Literal["dev", "prod"] = Field(default="dev", description="dev or prod.")
    log_format: Literal["auto", "console", "json"] = Field(
        default="auto", description="auto: json in prod, console in dev."
    )
    settings_file: Path | None = Field(
        default=None, description="The settings file read (from EDIGW_SETTINGS_FILE); informational."
    )
    retention_days: int = Field(
        default=0, ge=0,
        description="Days to keep the raw bytes of interchanges whose documents are finished; the daily "
                    "purge (and `edi-gateway db purge`) empties older ones, keeping documents, events and "
                    "sha256. 0 keeps everything.",
    )

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand_data_dir(cls, value: Path) -> Path:
        return value.expanduser()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments, then environment, then the settings file, then defaults."""
        return (init_settings, env_settings, SettingsFileSource(settings_cls), file_secret_settings)

    @property
    def resolved_database_url(self) -> str:
        """The ledger URL to use: ``database_url`` or the SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ledger.sqlite3').resolve()}"

    @property
    def resolved_log_format(self) -> Literal["console", "json"]:
        """``json`` or ``console``, with ``auto`` resolved by the environment."""
        if self.log_format == "auto":
            return "json" if self.environment == "prod" else "console"
        return self.log_format

    def masked(self) -> dict[str, Any]:
        """Every setting as JSON-ready values, with passwords in URLs masked."""
        data = self.model_dump(mode="json")
        data["database_url"] = mask_url(self.database_url)
        data["broker_url"] = mask_url(self.broker_url)
        data["resolved_database_url"] = mask_url(self.resolved_database_url)
        return data

    def __repr_args__(self) -> Any:
        for name, value in super().__repr_args__():
            if name in ("database_url", "broker_url"):
                yield name, mask_url(value)
            else:
                yield name, value


def load_core_settings(**overrides: Any) -> CoreSettings:
    """Build :class:`CoreSettings` from the environment and the settings file.

    Records the settings file path in ``settings_file``. Raises :class:`SettingsError` (never a
    pydantic traceback) with the reason when a value is invalid.
    """
    from pydantic import ValidationError

    path = os.environ.get(SETTINGS_FILE_ENV) or None
    if path and "settings_file" not in overrides:
        overrides["settings_file"] = Path(path)
    try:
        return CoreSettings(**overrides)
    except ValidationError as exc:
        where = f"{path}: " if path else ""
        reasons = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"{where}invalid settings: {reasons}") from None
