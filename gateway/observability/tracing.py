"""Optional OpenTelemetry tracing: off by default, a no-op when disabled or the packages are absent.

Callers write ``with span("pipeline.validate", partner="acme"):`` unconditionally. Until
:func:`configure_tracing` has enabled tracing *and* ``opentelemetry-sdk`` (plus the OTLP/HTTP
exporter) is installed, :func:`span` costs one flag check and does nothing, so the gateway never
depends on OpenTelemetry. Spans carry the correlation ids bound by
:func:`gateway.observability.logging.bind_correlation` as ``edigw.*`` attributes, so a trace and the
log lines of the same interchange can be joined.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gateway.observability.logging import current_correlation, get_logger

_log = get_logger(__name__)
_tracer: Any = None


def tracing_active() -> bool:
    """Whether spans are recorded (tracing enabled and OpenTelemetry available)."""
    return _tracer is not None


def configure_tracing(enabled: bool, service_name: str = "edi-gateway", endpoint: str | None = None) -> bool:
    """Turn tracing on (``enabled``) or off; returns whether it is now active.

    Missing OpenTelemetry packages are logged once as a warning, never raised: observability must
    not stop the gateway.
    """
    global _tracer
    if not enabled:
        _tracer = None
        return False
    try:
        from opentelemetry import trace
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        _log.warning("tracing.unavailable", reason=str(exc),
                     fix="pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http")
        _tracer = None
        return False
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces") if endpoint else OTLPSpanExporter()
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _tracer = trace.get_tracer("gateway")
    return True


def use_tracer(tracer: Any) -> None:
    """Use an already built OpenTelemetry tracer (tests, or an application that set up its own provider)."""
    global _tracer
    _tracer = tracer


@contextmanager
def span(name: str, **attributes: Any) -> Iterator[Any]:
    """A span named ``name`` with ``attributes`` and the current correlation ids; no-op when inactive."""
    if _tracer is None:
        yield None
        return
    attrs = {f"edigw.{k}": str(v) for k, v in current_correlation().items()}
    attrs.update({k: v if isinstance(v, str | int | float | bool) else str(v) for k, v in attributes.items()
                  if v is not None})
    with _tracer.start_as_current_span(name, attributes=attrs) as current:
        yield current
