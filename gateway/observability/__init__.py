"""Observability: structured logs with correlation ids, Prometheus metrics, optional tracing.

Other rooms call small functions from here and never configure structlog, prometheus-client or
OpenTelemetry themselves:

- ``from gateway.observability import get_logger, bind_correlation`` to log with the interchange
  and document ids of the work in hand (:mod:`gateway.observability.logging`);
- ``from gateway.observability import metrics`` and ``metrics.count_document(...)``,
  ``metrics.time_step(...)``, ``metrics.time_odoo_call(...)`` (:mod:`gateway.observability.metrics`);
- ``from gateway.observability.tracing import span`` for optional OpenTelemetry spans;
- :func:`setup_observability` once at process start (CLI, web, Celery worker).
"""

from __future__ import annotations

from gateway.observability.logging import (
    bind_correlation,
    configure_logging,
    correlation_headers,
    current_correlation,
    get_logger,
    new_correlation_id,
    restore_correlation,
)
from gateway.observability.scrub import scrub_secrets, scrub_text
from gateway.observability.setup import setup_observability

__all__ = [
    "bind_correlation",
    "configure_logging",
    "correlation_headers",
    "current_correlation",
    "get_logger",
    "new_correlation_id",
    "restore_correlation",
    "scrub_secrets",
    "scrub_text",
    "setup_observability",
]
