"""Observability settings: log level, metrics endpoint and optional OpenTelemetry tracing.

Read from ``EDIGW_OBS_*`` environment variables and the ``[observability]`` section of the
settings file (the log *format* is a core setting, ``EDIGW_LOG_FORMAT``). Defaults suit the
embedded mode: INFO logs, no metrics port (the web console serves ``/metrics``), no tracing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from gateway.settings import SettingsFileSource


class ObservabilitySettings(BaseSettings):
    """How the process logs, exposes metrics and traces."""

    model_config = SettingsConfigDict(env_prefix="EDIGW_OBS_", extra="ignore")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Lowest level written to the log.")
    metrics_port: int = Field(
        default=0, ge=0, le=65535,
        description="Serve /metrics on this port from workers and beat; 0 = off (the web console serves /metrics).")
    metrics_addr: str = Field(default="127.0.0.1", description="Address the metrics port listens on.")
    tracing_enabled: bool = Field(
        default=False, description="Send OpenTelemetry traces (needs opentelemetry-sdk and an OTLP exporter).")
    tracing_service_name: str = Field(default="edi-gateway", description="service.name of the traces.")
    otlp_endpoint: str | None = Field(
        default=None, description="OTLP/HTTP endpoint of the trace collector, e.g. http://127.0.0.1:4318.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments, then environment, then the ``[observability]`` file section, then defaults."""
        return (init_settings, env_settings, SettingsFileSource(settings_cls, section="observability"))
