"""Prometheus metrics of the gateway, with one small function per thing the others record.

Names (all prefixed ``edigw_``) are a contract with ``deploy/grafana-dashboard.json`` and
``deploy/prometheus-alerts.yml``; ``tests/deploy`` checks that both only use names defined here.

==============================================  =========  ==========================================
metric                                          type       labels
==============================================  =========  ==========================================
edigw_documents_processed_total                 counter    partner, doc_type, direction, status
edigw_step_duration_seconds                     histogram  step, direction, outcome
edigw_odoo_call_duration_seconds                histogram  model, method
edigw_odoo_call_errors_total                    counter    model, method, error
edigw_queue_depth                               gauge      queue
edigw_partner_acks_overdue                      gauge      partner
edigw_partner_dead_letters                      gauge      partner
edigw_dead_letters_total                        counter    partner, category
edigw_mailbox_polls_total                       counter    partner, mailbox, outcome
edigw_mailbox_last_success_timestamp_seconds    gauge      partner, mailbox
edigw_mailbox_consecutive_failures              gauge      partner, mailbox
edigw_certificate_expiry_timestamp_seconds      gauge      partner, name, usage
edigw_build_info                                gauge      version
==============================================  =========  ==========================================

The web console adds ledger gauges computed at scrape time in its own registry
(:mod:`gateway.web.metrics`: ``edigw_documents``, ``edigw_acks_overdue``, ``edigw_outbox_dead``,
``edigw_web_*``); names here are chosen not to collide with those, so both can be exposed together.

Metrics live in the default registry, so the web console's ``/metrics`` (:func:`render_metrics`)
and a worker's :func:`start_metrics_server` expose them with no wiring. Celery's prefork pool runs
tasks in child processes: set ``PROMETHEUS_MULTIPROC_DIR`` (an empty directory per host) and
:func:`render_metrics` aggregates all processes. Label values are free strings but must stay few
(partner codes, document types, step names); never put ids or file names in a label.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)

from gateway import __version__

Direction = Literal["inbound", "outbound"]
DIRECTIONS = ("inbound", "outbound")
_STEP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
_ODOO_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)

DOCUMENTS = Counter("edigw_documents_processed", "Business documents processed, by final status of the step that counted them.",
                    ("partner", "doc_type", "direction", "status"))
STEP_SECONDS = Histogram("edigw_step_duration_seconds", "Duration of one pipeline step.",
                         ("step", "direction", "outcome"), buckets=_STEP_BUCKETS)
ODOO_SECONDS = Histogram("edigw_odoo_call_duration_seconds", "Duration of one Odoo RPC call (success or not).",
                         ("model", "method"), buckets=_ODOO_BUCKETS)
ODOO_ERRORS = Counter("edigw_odoo_call_errors", "Odoo RPC calls that failed, by error class.",
                      ("model", "method", "error"))
QUEUE_DEPTH = Gauge("edigw_queue_depth", "Messages waiting in a task queue.", ("queue",),
                    multiprocess_mode="mostrecent")
ACKS_OVERDUE = Gauge("edigw_partner_acks_overdue", "Outbound interchanges whose acknowledgment is past the partner's deadline.",
                     ("partner",), multiprocess_mode="mostrecent")
DEAD_LETTERS = Gauge("edigw_partner_dead_letters", "Documents parked after their last retry, waiting for a person.",
                     ("partner",), multiprocess_mode="mostrecent")
DEAD_LETTERED = Counter("edigw_dead_letters", "Documents moved to the dead-letter state, by failure category.",
                        ("partner", "category"))
MAILBOX_POLLS = Counter("edigw_mailbox_polls", "Mailbox polls, by outcome (ok or error).",
                        ("partner", "mailbox", "outcome"))
MAILBOX_LAST_OK = Gauge("edigw_mailbox_last_success_timestamp_seconds", "Unix time of the last successful poll.",
                        ("partner", "mailbox"), multiprocess_mode="max")
MAILBOX_FAILURES = Gauge("edigw_mailbox_consecutive_failures", "Failed polls since the last successful one.",
                         ("partner", "mailbox"), multiprocess_mode="mostrecent")
CERT_EXPIRY = Gauge("edigw_certificate_expiry_timestamp_seconds", "Unix time when a certificate expires.",
                    ("partner", "name", "usage"), multiprocess_mode="mostrecent")
BUILD_INFO = Gauge("edigw_build_info", "Always 1; the version label tells which gateway runs.", ("version",),
                   multiprocess_mode="max")
BUILD_INFO.labels(version=__version__).set(1)

#: Every exposed metric family name (counters get ``_total`` in the exposition).
METRIC_NAMES = (
    "edigw_documents_processed_total", "edigw_step_duration_seconds", "edigw_odoo_call_duration_seconds",
    "edigw_odoo_call_errors_total", "edigw_queue_depth", "edigw_partner_acks_overdue", "edigw_partner_dead_letters",
    "edigw_dead_letters_total", "edigw_mailbox_polls_total", "edigw_mailbox_last_success_timestamp_seconds",
    "edigw_mailbox_consecutive_failures", "edigw_certificate_expiry_timestamp_seconds", "edigw_build_info",
)


def _label(value: object) -> str:
    text = str(value).strip() if value is not None else ""
    return text or "unknown"


def _direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be 'inbound' or 'outbound', not {direction!r}")
    return direction


def count_document(partner: str, doc_type: str, direction: Direction, status: str) -> None:
    """Count one document reaching ``status`` (e.g. ``posted``, ``rejected``, ``sent``, ``acknowledged``)."""
    DOCUMENTS.labels(_label(partner), _label(doc_type), _direction(direction), _label(status)).inc()


@contextmanager
def time_step(step: str, direction: Direction = "inbound") -> Iterator[None]:
    """Time a pipeline step; outcome ``ok``, or ``error`` when the block raises (the error propagates)."""
    start = time.perf_counter()
    outcome = "error"
    try:
        yield
        outcome = "ok"
    finally:
        STEP_SECONDS.labels(_label(step), _direction(direction), outcome).observe(time.perf_counter() - start)


def observe_step(step: str, seconds: float, direction: Direction = "inbound", outcome: str = "ok") -> None:
    """Record a step duration measured elsewhere (e.g. from ledger event timestamps)."""
    STEP_SECONDS.labels(_label(step), _direction(direction), _label(outcome)).observe(max(seconds, 0.0))


@contextmanager
def time_odoo_call(model: str, method: str) -> Iterator[None]:
    """Time one Odoo call; a raised exception is counted in ``edigw_odoo_call_errors_total`` by class name."""
    start = time.perf_counter()
    try:
        yield
    except BaseException as exc:
        ODOO_ERRORS.labels(_label(model), _label(method), type(exc).__name__).inc()
        raise
    finally:
        ODOO_SECONDS.labels(_label(model), _label(method)).observe(time.perf_counter() - start)


def set_queue_depth(queue: str, depth: int) -> None:
    """Record how many messages wait in ``queue`` (sampled by beat or the web console)."""
    QUEUE_DEPTH.labels(_label(queue)).set(depth)


def set_overdue_acks(partner: str, count: int) -> None:
    """Record how many of ``partner``'s outbound interchanges are past their acknowledgment deadline."""
    ACKS_OVERDUE.labels(_label(partner)).set(count)


def set_dead_letters(partner: str, count: int) -> None:
    """Record how many of ``partner``'s documents are parked in the dead-letter state now."""
    DEAD_LETTERS.labels(_label(partner)).set(count)


def record_dead_letter(partner: str, category: str) -> None:
    """Count one document dead-lettered (category: syntax, mapping, master_data, odoo, transport, internal)."""
    DEAD_LETTERED.labels(_label(partner), _label(category)).inc()


# Kept here, not read back from the gauge: "mostrecent" gauges (right across worker processes) cannot inc().
_failure_streak: dict[tuple[str, str], int] = {}


def record_mailbox_poll(partner: str, mailbox: str, ok: bool, *, now: float | None = None) -> None:
    """Record one mailbox poll: success stamps the time and clears the failure streak."""
    p, m = _label(partner), _label(mailbox)
    MAILBOX_POLLS.labels(p, m, "ok" if ok else "error").inc()
    if ok:
        MAILBOX_LAST_OK.labels(p, m).set(time.time() if now is None else now)
        MAILBOX_FAILURES.labels(p, m).set(0)
        _failure_streak[(p, m)] = 0
    else:
        _failure_streak[(p, m)] = _failure_streak.get((p, m), 0) + 1
        MAILBOX_FAILURES.labels(p, m).set(_failure_streak[(p, m)])


def set_certificate_expiry(partner: str, name: str, not_after: datetime, usage: str = "tls") -> None:
    """Record when a certificate expires (usage: ``as2-sign``, ``as2-encrypt``, ``tls``, ``ssh``...)."""
    if not_after.tzinfo is None:
        raise ValueError("not_after must be timezone-aware (UTC)")
    CERT_EXPIRY.labels(_label(partner), _label(name), _label(usage)).set(not_after.timestamp())


def observe_certificate(partner: str, name: str, pem_or_der: bytes, usage: str = "tls") -> datetime:
    """Read a PEM or DER X.509 certificate, record its expiry and return it (UTC)."""
    from cryptography import x509

    data = bytes(pem_or_der)
    cert = x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
    not_after = cert.not_valid_after_utc
    set_certificate_expiry(partner, name, not_after, usage)
    return not_after


def registry() -> CollectorRegistry:
    """The registry to expose: the default one, or a multiprocess aggregate under ``PROMETHEUS_MULTIPROC_DIR``."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        aggregate = CollectorRegistry()
        multiprocess.MultiProcessCollector(aggregate)
        return aggregate
    return REGISTRY


def render_metrics() -> tuple[bytes, str]:
    """The exposition text and its content type, for a ``/metrics`` HTTP endpoint."""
    return generate_latest(registry()), CONTENT_TYPE_LATEST


def start_metrics_server(port: int, addr: str = "127.0.0.1") -> None:
    """Serve ``/metrics`` on ``addr:port`` from a background thread (for workers and beat)."""
    start_http_server(port, addr=addr, registry=registry())
