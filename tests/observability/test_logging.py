"""Logs carry correlation ids through nested calls, Celery tasks and stdlib loggers, in both formats."""

from __future__ import annotations

import io
import logging

import structlog

from gateway.observability import bind_correlation, correlation_headers, get_logger, restore_correlation
from gateway.observability.instrument import odoo_call, step
from gateway.observability.logging import configure_logging, install_celery_hooks

log = get_logger("tests.observability")


def _odoo_write(order: str) -> None:
    """Stands for a connector call deep inside a step: it knows nothing of interchanges."""
    with odoo_call("sale.order", "create"):
        log.info("odoo.write", order=order)


def _translate_and_post(document_id: int) -> None:
    with bind_correlation(document_id=document_id), step("post", direction="inbound", partner="acme"):
        _odoo_write(f"SO{document_id}")


def test_ids_reach_nested_call_and_are_restored(json_log) -> None:
    _buffer, records = json_log
    with bind_correlation(interchange_id=41, partner="acme") as outer:
        log.info("interchange.received")
        _translate_and_post(7)
        _translate_and_post(8)
        log.info("interchange.done")
    log.info("after")
    rows = records()
    by_event: dict[str, list[dict]] = {}
    for row in rows:
        by_event.setdefault(row["event"], []).append(row)
    writes = by_event["odoo.write"]
    assert [w["document_id"] for w in writes] == [7, 8]
    assert {w["interchange_id"] for w in writes} == {41}
    assert {w["correlation_id"] for w in writes} == {outer["correlation_id"]}
    assert [r["document_id"] for r in by_event["step.done"]] == [7, 8]
    assert by_event["step.done"][0]["step"] == "post"
    # leaving the inner block drops document_id, leaving the outer drops everything
    assert "document_id" not in by_event["interchange.done"][0]
    assert by_event["interchange.done"][0]["interchange_id"] == 41
    assert "interchange_id" not in by_event["after"][0]
    assert "correlation_id" not in by_event["after"][0]


def test_failed_step_logs_error_and_keeps_ids(json_log) -> None:
    _buffer, records = json_log
    try:
        with bind_correlation(interchange_id=3), step("validate"):
            raise ValueError("segment ISA too short")
    except ValueError:
        pass
    failed = [r for r in records() if r["event"] == "step.failed"]
    assert failed and failed[0]["interchange_id"] == 3
    assert failed[0]["error"] == "ValueError" and "ISA too short" in failed[0]["reason"]


def test_stdlib_loggers_share_format_and_context(json_log) -> None:
    _buffer, records = json_log
    with bind_correlation(interchange_id="IC9"):
        logging.getLogger("celery.worker").warning("lost connection to %s", "redis")
    row = records()[-1]
    assert row["event"] == "lost connection to redis"
    assert row["logger"] == "celery.worker" and row["level"] == "warning"
    assert row["interchange_id"] == "IC9"


def test_correlation_travels_through_headers() -> None:
    with bind_correlation(interchange_id=5, document_id=6) as sent:
        headers = correlation_headers()
    structlog.contextvars.clear_contextvars()
    with restore_correlation(headers) as received:
        assert received == sent
    assert structlog.contextvars.get_contextvars() == {}


def test_celery_task_logs_carry_publisher_ids(json_log) -> None:
    """A real Celery app and in-thread worker (in-memory broker): the task logs the caller's ids."""
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    _buffer, records = json_log
    install_celery_hooks()
    app = Celery("edigw-test", broker="memory://", backend="cache+memory://")
    app.conf.update(task_default_queue="edigw-test", worker_hijack_root_logger=False)

    @app.task(name="edigw_test.post")
    def post(order: str) -> str:
        log.info("inside.task", order=order)
        return order

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="INFO", shutdown_timeout=5):
        with bind_correlation(interchange_id=77, document_id=78) as sent:
            result = post.delay("SO1")
        assert result.get(timeout=10) == "SO1"
    log.info("after.task")
    rows = records()
    inside = next(r for r in rows if r["event"] == "inside.task")
    assert inside["interchange_id"] == 77 and inside["document_id"] == 78
    assert inside["correlation_id"] == sent["correlation_id"]
    assert inside["task"] == "edigw_test.post" and inside["task_id"] == result.id
    after = rows[-1]
    assert after["event"] == "after.task" and "task_id" not in after and "interchange_id" not in after


def test_console_format_is_readable_not_json() -> None:
    buffer = io.StringIO()
    configure_logging("console", stream=buffer)
    try:
        with bind_correlation(interchange_id=12):
            log.info("poll.done", files=3)
    finally:
        structlog.contextvars.clear_contextvars()
    line = buffer.getvalue().strip()
    assert not line.startswith("{")
    assert "poll.done" in line and "files=3" in line and "interchange_id=12" in line


def test_auto_format_follows_environment() -> None:
    from gateway.observability.logging import resolve_format

    assert resolve_format("auto", "prod") == "json"
    assert resolve_format("auto", "dev") == "console"
    assert resolve_format("console", "prod") == "console"
