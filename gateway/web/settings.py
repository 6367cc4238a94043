"""Settings of the console: secret key, cookies, webhook, read from ``EDIGW_WEB_*`` variables.

The secret key signs session cookies and CSRF tokens; without one, ``edi-gateway serve`` makes a
random key for the process (sessions then end when it restarts, and several console processes
behind a load balancer would not accept each other's cookies: set ``EDIGW_WEB_SECRET_KEY``).
"""

from __future__ import annotations

import secrets

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    """Console settings."""

    model_config = SettingsConfigDict(env_prefix="EDIGW_WEB_", extra="ignore")

    secret_key: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)))
    session_max_age: int = Field(default=8 * 3600, gt=0, description="Seconds a sign-in lasts.")
    cookie_secure: bool = Field(default=False, description="Send cookies over HTTPS only (set behind TLS).")
    webhook_url: str | None = Field(default=None, description="Where to POST exception notifications.")
    webhook_interval: float = Field(default=30.0, gt=0, description="Seconds between webhook polls.")
    odoo_url: str | None = Field(default=None, description="Odoo's web address, for links from documents.")
    page_size: int = Field(default=25, gt=0, le=500)
    login_max_failures: int = Field(default=5, gt=0, description="Wrong passwords before a user name is locked.")
    login_max_failures_per_address: int = Field(
        default=20, gt=0, description="Wrong passwords from one client address before it is locked.")
    login_lockout_seconds: int = Field(default=900, gt=0,
                                       description="Window the failures are counted over, and lock length.")
