"""Connection settings for Odoo, read from ``EDIGW_ODOO_*`` environment variables.

``EDIGW_ODOO_URL``, ``EDIGW_ODOO_DB``, ``EDIGW_ODOO_USER``, ``EDIGW_ODOO_PASSWORD`` or
``EDIGW_ODOO_API_KEY`` (an API key works in the password slot of XML-RPC/JSON-RPC and is required
for JSON-2), ``EDIGW_ODOO_PROTOCOL`` (``xmlrpc``, ``jsonrpc`` or ``json2``), plus timeouts, retries
and the master-data cache lifetime. Secrets are ``SecretStr`` so they never appear in logs or reprs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Protocol = Literal["xmlrpc", "jsonrpc", "json2"]


class OdooSettings(BaseSettings):
    """Where and how to reach Odoo."""

    model_config = SettingsConfigDict(env_prefix="EDIGW_ODOO_", extra="ignore")

    url: str = Field(description="Base URL of the Odoo server, e.g. https://erp.example.com")
    db: str = Field(default="", description="Database name (needed by XML-RPC/JSON-RPC; optional for JSON-2)")
    user: str = Field(default="", description="Login of the integration (bot) user")
    password: SecretStr | None = None
    api_key: SecretStr | None = None
    protocol: Protocol = "jsonrpc"
    timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for one HTTP answer")
    max_retries: int = Field(default=3, ge=0, description="Retries of transient failures of idempotent calls")
    retry_backoff: float = Field(default=0.5, ge=0, description="First back-off in seconds (doubles each retry)")
    cache_ttl: float = Field(default=300.0, ge=0, description="Seconds master data stays cached")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("EDIGW_ODOO_URL must start with http:// or https://")
        return value

    @model_validator(mode="after")
    def _check_credentials(self) -> OdooSettings:
        if self.password is None and self.api_key is None:
            raise ValueError("set EDIGW_ODOO_PASSWORD or EDIGW_ODOO_API_KEY")
        if self.protocol == "json2" and self.api_key is None:
            raise ValueError("EDIGW_ODOO_PROTOCOL=json2 needs EDIGW_ODOO_API_KEY (JSON-2 only takes bearer API keys)")
        if self.protocol != "json2" and (not self.db or not self.user):
            raise ValueError(f"EDIGW_ODOO_PROTOCOL={self.protocol} needs EDIGW_ODOO_DB and EDIGW_ODOO_USER")
        return self

    def secret(self) -> str:
        """The credential to send: the API key when set, otherwise the password."""
        chosen = self.api_key if self.api_key is not None else self.password
        assert chosen is not None
        return chosen.get_secret_value()
