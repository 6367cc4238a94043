"""One-line instrumentation for pipeline steps and Odoo calls: log, metric and span together.

The pipeline, the Celery tasks and the Odoo connector should not each remember to log, time and
trace; they wrap the work once::

    with step("validate", direction="inbound", partner="acme"):
        ...
    with odoo_call("sale.order", "create"):
        ...

A step logs ``step.done`` (or ``step.failed`` with the exception) with its duration and the
correlation ids in force, records ``edigw_step_duration_seconds`` and opens a span. An Odoo call
records latency and errors and logs failures; successful calls log at DEBUG only.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gateway.observability import metrics
from gateway.observability.logging import get_logger
from gateway.observability.tracing import span

_log = get_logger("gateway.steps")


@contextmanager
def step(name: str, direction: metrics.Direction = "inbound", **fields: Any) -> Iterator[None]:
    """Run a pipeline step under a span, timing it and logging its end (errors propagate)."""
    start = time.perf_counter()
    with span(f"step.{name}", direction=direction, **fields), metrics.time_step(name, direction):
        try:
            yield
        except BaseException as exc:
            _log.warning("step.failed", step=name, direction=direction, error=type(exc).__name__,
                         reason=str(exc), seconds=round(time.perf_counter() - start, 6), **fields)
            raise
    _log.info("step.done", step=name, direction=direction, seconds=round(time.perf_counter() - start, 6), **fields)


@contextmanager
def odoo_call(model: str, method: str) -> Iterator[None]:
    """Wrap one Odoo RPC call: latency histogram, error counter, a span, and a log line on failure."""
    start = time.perf_counter()
    with span("odoo.call", model=model, method=method), metrics.time_odoo_call(model, method):
        try:
            yield
        except BaseException as exc:
            _log.warning("odoo.call_failed", model=model, method=method, error=type(exc).__name__,
                         reason=str(exc), seconds=round(time.perf_counter() - start, 6))
            raise
    _log.debug("odoo.call", model=model, method=method, seconds=round(time.perf_counter() - start, 6))
