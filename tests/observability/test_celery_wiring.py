"""Celery wiring: queue depth read from real Redis lists; the worker-init hook resets the metrics dir."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import redis
from prometheus_client import REGISTRY

from gateway.observability.celery import _reset_multiproc_dir, sample_queue_depths

BROKER = "redis://127.0.0.1:6379/0"


@pytest.mark.integration
def test_queue_depth_counts_plain_and_priority_lists() -> None:
    client = redis.Redis.from_url(BROKER)
    queue = f"edigw-test-{uuid.uuid4().hex[:8]}"
    try:
        client.lpush(queue, "a", "b", "c")
        client.lpush(f"{queue}\x06\x163", "d")
        assert sample_queue_depths(BROKER, [queue]) == {queue: 4}
        assert REGISTRY.get_sample_value("edigw_queue_depth", {"queue": queue}) == 4
        client.delete(queue, f"{queue}\x06\x163")
        assert sample_queue_depths(BROKER, [queue]) == {queue: 0}
    finally:
        client.delete(queue, f"{queue}\x06\x163")
        client.close()


def test_multiproc_dir_is_emptied_at_worker_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_123.db").write_bytes(b"stale")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    _reset_multiproc_dir()
    assert folder.is_dir() and list(folder.iterdir()) == []


MULTI = '''
import multiprocessing as mp
from gateway.observability import metrics

def work(n):
    for _ in range(n):
        metrics.count_document("acme", "850", "inbound", "posted")

if __name__ == "__main__":
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=work, args=(n,)) for n in (2, 3)]
    for p in procs: p.start()
    for p in procs: p.join()
    text = metrics.render_metrics()[0].decode()
    line = [l for l in text.splitlines() if l.startswith("edigw_documents_processed_total{")][0]
    print(line)
'''


def test_prefork_children_add_up_under_multiproc_dir(tmp_path: Path) -> None:
    """Like Celery's prefork pool: counts from two child processes appear summed in one exposition."""
    import os
    import subprocess
    import sys

    script = tmp_path / "multi.py"
    script.write_text(MULTI)
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "mp"), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    (tmp_path / "mp").mkdir()
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60,
                          check=False, cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(" 5.0"), proc.stdout
