"""Structured logging: structlog configured once, JSON in production, readable on a terminal.

Every log line carries the correlation ids of the work in hand (``correlation_id``,
``interchange_id``, ``document_id`` and whatever else was bound), taken from contextvars, so a
pipeline step, a Celery task and an Odoo call deep inside them all log the same ids without
passing them around::

    from gateway.observability import bind_correlation, get_logger

    log = get_logger(__name__)
    with bind_correlation(interchange_id=ic.id, partner="acme"):
        log.info("interchange.received", size=len(raw))
        with bind_correlation(document_id=doc.id):
            post_to_odoo(doc)          # its logs carry interchange_id AND document_id

Standard-library loggers (Celery, httpx, Alembic) go through the same renderer and scrubber, so
one process writes one format. Celery tasks inherit the publisher's ids through message headers
(:func:`install_celery_hooks`). Secrets are masked by :func:`gateway.observability.scrub.scrub_secrets`
just before rendering.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any, Literal

import structlog
import structlog.tracebacks
from structlog.contextvars import bind_contextvars, bound_contextvars, get_contextvars, reset_contextvars

from gateway.observability.scrub import scrub_secrets

LogFormat = Literal["auto", "console", "json"]
CORRELATION_KEYS = ("correlation_id", "interchange_id", "document_id", "partner", "task_id")
CELERY_HEADER = "edigw_correlation"
_HANDLER_MARK = "_edigw_handler"
NOISY_LIBRARIES = ("httpx", "httpcore")


def _renderer(fmt: Literal["console", "json"], stream: IO[str]) -> Any:
    if fmt == "json":
        return structlog.processors.JSONRenderer(sort_keys=False, default=str)
    colors = bool(getattr(stream, "isatty", lambda: False)())
    return structlog.dev.ConsoleRenderer(colors=colors, exception_formatter=structlog.dev.plain_traceback)


def resolve_format(fmt: LogFormat | None, environment: str = "dev") -> Literal["console", "json"]:
    """``json`` or ``console``: ``auto`` (or ``None``) means JSON in ``prod``, console otherwise."""
    if fmt in ("console", "json"):
        return fmt
    return "json" if environment == "prod" else "console"


def configure_logging(fmt: LogFormat | None = "auto", *, level: str | int = "INFO", environment: str = "dev",
                      stream: IO[str] | None = None) -> None:
    """Configure structlog and the root stdlib logger; safe to call again (replaces the old setup).

    ``fmt`` ``json`` writes one JSON object per line (for log shippers), ``console`` a coloured
    line when ``stream`` is a terminal. ``stream`` defaults to stderr (stdout stays for command output).
    """
    out: IO[str] = stream if stream is not None else sys.stderr
    resolved = resolve_format(fmt, environment)
    timestamper = structlog.processors.TimeStamper(fmt="iso", utc=True)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        timestamper,
    ]
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    final: list[Any] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if resolved == "json":
        # Tracebacks as data, without frame locals: locals may hold secrets the scrubber cannot name.
        final.append(structlog.processors.ExceptionRenderer(
            structlog.tracebacks.ExceptionDictTransformer(show_locals=False)))
    else:
        final.append(structlog.processors.format_exc_info)
    final += [scrub_secrets, _renderer(resolved, out)]
    formatter = structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=final)
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
    # httpx logs every request at INFO; the Odoo connector already records each call (odoo_call:
    # a metric, a DEBUG line, a WARNING on failure), so at INFO those lines were pure cost (four
    # per sale order). At DEBUG they come back.
    quiet = logging.DEBUG if root.level <= logging.DEBUG else logging.WARNING
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(quiet)


def get_logger(name: str | None = None, **initial: Any) -> Any:
    """A structlog logger (``log.info("event.name", key=value)``), optionally with fields bound."""
    logger = structlog.get_logger(name)
    return logger.bind(**initial) if initial else logger


def new_correlation_id() -> str:
    """A fresh correlation id (32 hex digits) for a unit of work that has none yet."""
    return uuid.uuid4().hex


def current_correlation() -> dict[str, Any]:
    """The correlation fields bound in this context (subset of :data:`CORRELATION_KEYS`)."""
    bound = get_contextvars()
    return {key: bound[key] for key in CORRELATION_KEYS if key in bound}


@contextmanager
def bind_correlation(interchange_id: Any = None, document_id: Any = None, **extra: Any) -> Iterator[dict[str, Any]]:
    """Bind correlation ids for the ``with`` block; nested blocks add to them and restore on exit.

    ``None`` values are skipped (an inner block without ``interchange_id`` keeps the outer one).
    A ``correlation_id`` is generated when none is bound yet, so every unit of work has one even
    before the ledger has given it an interchange id. Yields the correlation now in force.
    """
    values = {k: v for k, v in {"interchange_id": interchange_id, "document_id": document_id, **extra}.items()
              if v is not None}
    if "correlation_id" not in values and "correlation_id" not in get_contextvars():
        values["correlation_id"] = new_correlation_id()
    with bound_contextvars(**values):
        yield current_correlation()


def correlation_headers() -> dict[str, dict[str, Any]]:
    """Message headers carrying the current correlation to another process (Celery, HTTP)."""
    return {CELERY_HEADER: current_correlation()}


@contextmanager
def restore_correlation(carrier: Mapping[str, Any] | None) -> Iterator[dict[str, Any]]:
    """Bind the correlation sent with :func:`correlation_headers` (or a plain dict of ids)."""
    values = dict(carrier or {})
    if CELERY_HEADER in values and isinstance(values[CELERY_HEADER], Mapping):
        values = dict(values[CELERY_HEADER])
    values = {k: v for k, v in values.items() if k in CORRELATION_KEYS and v is not None}
    with bind_correlation(**values) as bound:
        yield bound


# --- Celery ---------------------------------------------------------------------------------

_task_tokens: dict[str, Mapping[str, Any]] = {}


def _on_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    if headers is not None:
        correlation = current_correlation()
        if correlation:
            headers.setdefault(CELERY_HEADER, correlation)


def _task_correlation(task: Any) -> dict[str, Any]:
    request = getattr(task, "request", None)
    found = getattr(request, CELERY_HEADER, None)
    if found is None:
        headers = getattr(request, "headers", None) or {}
        found = headers.get(CELERY_HEADER) if isinstance(headers, Mapping) else None
    return dict(found) if isinstance(found, Mapping) else {}


def _on_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    values = {k: v for k, v in _task_correlation(task).items() if k in CORRELATION_KEYS}
    values["task_id"] = task_id
    values.setdefault("correlation_id", new_correlation_id())
    values["task"] = getattr(task, "name", None)
    _task_tokens[str(task_id)] = bind_contextvars(**values)


def _on_postrun(task_id: str | None = None, **_: Any) -> None:
    tokens = _task_tokens.pop(str(task_id), None)
    if tokens is not None:
        reset_contextvars(**tokens)


def install_celery_hooks() -> None:
    """Carry correlation ids from the publisher into each Celery task's logs (call once per process).

    The publisher's ids travel in the ``edigw_correlation`` message header; the worker binds them
    (plus ``task_id`` and ``task``) for the task's duration and restores the context afterwards.
    """
    from celery import signals

    signals.before_task_publish.connect(_on_publish, weak=False, dispatch_uid="edigw_corr_publish")
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="edigw_corr_prerun")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="edigw_corr_postrun")
