"""Celery wiring in one call: our logging, correlation ids in tasks, worker metrics, queue depth.

``gateway/worker.py`` calls :func:`instrument_celery` once after building the app::

    from gateway.observability.celery import instrument_celery
    instrument_celery(app)

Then a worker or beat process (a) logs through :func:`gateway.observability.configure_logging`
instead of Celery's own handlers (Celery skips its logging setup when ``setup_logging`` has a
receiver), (b) carries the publisher's correlation ids into every task, (c) serves ``/metrics`` on
``EDIGW_OBS_METRICS_PORT`` from the main process, aggregating the prefork children through
``PROMETHEUS_MULTIPROC_DIR`` (emptied at start: stale files would add old counts), and (d) can
sample queue depths with :func:`sample_queue_depths` (a beat task calls it).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from gateway.observability import metrics
from gateway.observability.logging import get_logger, install_celery_hooks

_log = get_logger(__name__)
_started = False
_apps: set[str] = set()  # names of the Celery apps instrumented in this process


def _ours() -> bool:
    """Whether the worker or beat starting in this process runs an instrumented app.

    Celery's signals are process-wide; another app in the same process (a test's, a plug-in's)
    must keep its own logging and metrics.
    """
    from celery import current_app

    return current_app.main in _apps


def _setup_logging(**_: Any) -> None:
    from gateway.observability.setup import setup_observability

    if _ours():
        setup_observability(celery=True)


def _reset_multiproc_dir() -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    path = Path(folder)
    if path.exists():
        for child in path.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
    path.mkdir(parents=True, exist_ok=True)


def _on_worker_init(**_: Any) -> None:
    """Main worker process, before the pool forks: fresh multiprocess dir, then the metrics port."""
    global _started
    from gateway.observability.settings import ObservabilitySettings

    if not _ours():
        return
    _reset_multiproc_dir()
    settings = ObservabilitySettings()
    if settings.metrics_port and not _started:
        metrics.start_metrics_server(settings.metrics_port, settings.metrics_addr)
        _started = True
        _log.info("metrics.serving", port=settings.metrics_port, addr=settings.metrics_addr)


def _on_process_shutdown(pid: int | None = None, **_: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


def instrument_celery(app: Any) -> None:
    """Connect logging, correlation, metrics-port and multiprocess hooks for ``app``'s processes."""
    from celery import signals

    _apps.add(app.main)
    signals.setup_logging.connect(_setup_logging, weak=False, dispatch_uid="edigw_setup_logging")
    signals.worker_init.connect(_on_worker_init, weak=False, dispatch_uid="edigw_worker_init")
    signals.beat_init.connect(_on_worker_init, weak=False, dispatch_uid="edigw_beat_init")
    signals.worker_process_shutdown.connect(_on_process_shutdown, weak=False, dispatch_uid="edigw_proc_down")
    install_celery_hooks()
    app.conf.worker_hijack_root_logger = False


def sample_queue_depths(broker_url: str, queues: list[str] | tuple[str, ...]) -> dict[str, int]:
    """Read each Redis-broker queue's length (with Celery's priority sub-queues) into ``edigw_queue_depth``."""
    import redis

    client = redis.Redis.from_url(broker_url, socket_connect_timeout=5, socket_timeout=5)
    depths: dict[str, int] = {}
    try:
        for queue in queues:
            # kombu's Redis transport keeps priorities 1-9 in lists named "<queue>\x06\x16<n>".
            names = [queue, *(f"{queue}\x06\x16{n}" for n in range(1, 10))]
            pipe = client.pipeline()
            for name in names:
                pipe.llen(name)
            depths[queue] = int(sum(pipe.execute()))
            metrics.set_queue_depth(queue, depths[queue])
    finally:
        client.close()
    return depths
