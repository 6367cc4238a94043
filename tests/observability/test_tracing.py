"""Tracing is off by default, a no-op without OpenTelemetry's SDK, and never breaks the caller."""

from __future__ import annotations

import importlib.util

import pytest

from gateway.observability import tracing
from gateway.observability.settings import ObservabilitySettings


def test_off_by_default_and_span_is_a_noop() -> None:
    assert ObservabilitySettings().tracing_enabled is False
    tracing.configure_tracing(False)
    assert not tracing.tracing_active()
    with tracing.span("step.validate", partner="acme") as current:
        assert current is None


@pytest.mark.skipif(importlib.util.find_spec("opentelemetry.sdk") is not None,
                    reason="opentelemetry-sdk is installed here; this test covers its absence")
def test_enabling_without_sdk_warns_and_stays_noop(json_log) -> None:
    _buffer, records = json_log
    assert tracing.configure_tracing(True, endpoint="http://127.0.0.1:4318") is False
    assert not tracing.tracing_active()
    warning = next(r for r in records() if r["event"] == "tracing.unavailable")
    assert "opentelemetry-sdk" in warning["fix"]


def test_span_carries_correlation_ids_with_a_tracer() -> None:
    from gateway.observability import bind_correlation

    seen: list[tuple[str, dict]] = []

    class Recorder:
        def start_as_current_span(self, name: str, attributes: dict):
            seen.append((name, attributes))
            import contextlib

            return contextlib.nullcontext("span")

    tracing.use_tracer(Recorder())
    try:
        with bind_correlation(interchange_id=5), tracing.span("odoo.call", model="sale.order") as current:
            assert current == "span"
    finally:
        tracing.use_tracer(None)
    name, attributes = seen[0]
    assert name == "odoo.call" and attributes["edigw.interchange_id"] == "5" and attributes["model"] == "sale.order"
