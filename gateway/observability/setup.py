"""One call at process start configures logging, tracing and (optionally) a metrics port.

The CLI, the web console, the Celery worker and beat each call :func:`setup_observability` once;
it reads :class:`gateway.settings.CoreSettings` (log format, environment) and
:class:`gateway.observability.settings.ObservabilitySettings` unless they are passed in.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from gateway.observability.settings import ObservabilitySettings
    from gateway.settings import CoreSettings


def setup_observability(core: CoreSettings | None = None, obs: ObservabilitySettings | None = None, *,
                        celery: bool = False, serve_metrics: bool = False, stream: IO[str] | None = None) -> None:
    """Configure logs (format from ``core``), tracing, Celery correlation hooks and a metrics port.

    ``celery=True`` in worker and beat processes carries correlation ids through task messages;
    ``serve_metrics=True`` starts ``/metrics`` on ``obs.metrics_port`` when that is not 0.
    """
    from gateway.observability.logging import configure_logging, install_celery_hooks
    from gateway.observability.settings import ObservabilitySettings
    from gateway.observability.tracing import configure_tracing
    from gateway.settings import load_core_settings

    core = core or load_core_settings()
    obs = obs or ObservabilitySettings()
    configure_logging(core.log_format, level=obs.log_level, environment=core.environment, stream=stream)
    configure_tracing(obs.tracing_enabled, obs.tracing_service_name, obs.otlp_endpoint)
    if celery:
        install_celery_hooks()
    if serve_metrics and obs.metrics_port:
        from gateway.observability.metrics import start_metrics_server

        start_metrics_server(obs.metrics_port, obs.metrics_addr)
