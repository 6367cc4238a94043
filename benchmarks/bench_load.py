"""Load: a steady stream then a burst of inbound 850s through two Celery workers, beat and the sandbox.

Run by hand (never in the test suite); results go in docs/benchmarks.md under "## Load".

    .venv/bin/python benchmarks/bench_load.py --documents 10000 --rate 5 --burst 1000

Phase 1 writes ``--documents`` files into ACME's local-folder mailbox at ``--rate`` files per second
(a partner's steady traffic); phase 2 drops ``--burst`` files at once. A real ``celery beat`` polls
(every second), two worker processes (one prefork child each) split and post, PostgreSQL holds the
ledger (a fresh database) and Redis db 11 the queues. Every second the script samples the Redis
queue depths, the document counts by status and the resident memory of each process tree. At the
end it checks that every file written became exactly one posted document and one Odoo sale order
(no file lost, none doubled) and prints documents/s, p50/p95/p99 latency (file written -> ``posted``
event) and the samples. Files come in through the local-folder transport, not SFTP (see
docs/benchmarks.md for why); the sandbox runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import redis  # noqa: E402
from bench_pipeline import latencies, make_850, start_sandbox  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from gateway.ledger import Ledger  # noqa: E402
from gateway.ledger.models import Document  # noqa: E402
from gateway.odoo.client import OdooClient  # noqa: E402
from gateway.pipeline.demo import sandbox_settings  # noqa: E402

BROKER = "redis://127.0.0.1:6379/11"
QUEUES = ("inbound", "odoo", "outbound", "maintenance")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MB (from /proc)."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            stack += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / 1024


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values`` by nearest rank; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def sample(ledger: Ledger, queue: redis.Redis, procs: dict[str, subprocess.Popen[bytes]], t0: float) -> dict[str, Any]:
    """One point of the time series: queue depths, documents by status, memory per process."""
    with ledger.reading() as s:
        counts = dict(s.execute(select(Document.status, func.count()).group_by(Document.status)).all())
    return {"t": round(time.perf_counter() - t0, 1), "queues": {q: queue.llen(q) for q in QUEUES},
            "documents": counts, "rss_mb": {n: round(rss_mb(p.pid), 1) for n, p in procs.items()}}


def run(documents: int, rate: float, burst: int, root: Path, timeout: float) -> dict[str, Any]:
    """Run both phases and return the measurements (see the module docstring)."""
    admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    name = f"edigw_load_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    queue = redis.Redis.from_url(BROKER)
    queue.flushdb()
    ledger = Ledger.from_url(db_url)
    ledger.upgrade()
    sandbox, url = start_sandbox()
    env = {**os.environ, "EDIGW_BROKER_URL": BROKER, "EDIGW_DATABASE_URL": db_url, "EDIGW_DATA_DIR": str(root),
           "EDIGW_MAILBOX_ROOT": str(root / "mailboxes"), "EDIGW_ODOO_URL": url, "EDIGW_ODOO_DB": "edi",
           "EDIGW_ODOO_USER": "admin", "EDIGW_ODOO_PASSWORD": "admin", "EDIGW_POLL_SETTLE": "0.2",
           "EDIGW_POLL_INTERVAL": "1"}
    celery = [sys.executable, "-m", "celery", "-A", "gateway.worker"]
    procs: dict[str, subprocess.Popen[bytes]] = {"sandbox": sandbox}
    try:
        for i in (1, 2):
            procs[f"worker{i}"] = subprocess.Popen(
                [*celery, "worker", "-Q", ",".join(QUEUES), "-c", "1", "-P", "prefork", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-n", f"load{i}@%h", "--loglevel", "WARNING"],
                cwd=REPO, env=env, stdout=(root / f"w{i}.log").open("wb"), stderr=subprocess.STDOUT)
        procs["beat"] = subprocess.Popen([*celery, "beat", "-s", str(root / "beat-schedule"), "--loglevel", "WARNING"],
                                         cwd=REPO, env=env, stdout=(root / "beat.log").open("wb"),
                                         stderr=subprocess.STDOUT)
        time.sleep(6)
        inbox = root / "mailboxes" / "acme-retail" / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        arrived: dict[str, float] = {}
        series: list[dict[str, Any]] = []
        t0 = time.perf_counter()
        next_sample = t0

        def tick() -> None:
            nonlocal next_sample
            if time.perf_counter() >= next_sample:
                series.append(sample(ledger, queue, procs, t0))
                next_sample += 1.0

        for n in range(1, documents + 1):  # phase 1: steady arrivals
            (inbox / f"po{n}.edi").write_bytes(make_850(n))
            arrived[f"BENCH{n:07d}"] = time.time()
            tick()
            time.sleep(max(0.0, t0 + n / rate - time.perf_counter()))
        steady_end = time.perf_counter() - t0
        while len(latencies(ledger, arrived)[0]) < documents and time.perf_counter() - t0 < timeout:
            tick()
            time.sleep(0.2)
        steady_drained = time.perf_counter() - t0
        steady_lat = latencies(ledger, arrived)[0]
        burst_start, burst_arrived = time.perf_counter() - t0, {}
        for n in range(documents + 1, documents + burst + 1):  # phase 2: all at once
            (inbox / f"po{n}.edi").write_bytes(make_850(n))
            burst_arrived[f"BENCH{n:07d}"] = time.time()
        while len(latencies(ledger, burst_arrived)[0]) < burst and time.perf_counter() - t0 < timeout:
            tick()
            time.sleep(0.5)
        burst_drained = time.perf_counter() - t0
        series.append(sample(ledger, queue, procs, t0))
        burst_lat, _ = latencies(ledger, burst_arrived)
        all_keys = {**arrived, **burst_arrived}
        with ledger.reading() as s:
            per_key = dict(s.execute(select(Document.business_key, func.count()).group_by(Document.business_key)).all())
        with OdooClient(sandbox_settings(url)) as client:
            orders = client.search_count("sale.order", [("client_order_ref", "like", "BENCH")])
        left = [p.name for p in inbox.iterdir()]
        return {
            "documents": documents, "rate": rate, "burst": burst, "steady_end_s": steady_end,
            "steady_drained_s": steady_drained, "burst_start_s": burst_start, "burst_drained_s": burst_drained,
            "steady_docs_per_s": documents / steady_drained if steady_drained else 0.0,
            "burst_docs_per_s": burst / (burst_drained - burst_start) if burst_drained > burst_start else 0.0,
            "steady_latency": {q: percentile(steady_lat, v) for q, v in (("p50", .5), ("p95", .95), ("p99", .99))},
            "burst_latency": {q: percentile(burst_lat, v) for q, v in (("p50", .5), ("p95", .95), ("p99", .99))},
            "lost": sorted(k for k in all_keys if per_key.get(k, 0) == 0),
            "doubled": sorted(k for k in all_keys if per_key.get(k, 0) > 1),
            "odoo_orders": orders, "expected_orders": len(all_keys), "left_in_inbox": len(left),
            "peak_queue": max((sum(p["queues"].values()) for p in series), default=0),
            "peak_rss_mb": {n: max(p["rss_mb"][n] for p in series) for n in procs} if series else {},
            "series": series,
        }
    finally:
        for p in procs.values():
            p.terminate()
        for p in procs.values():
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        ledger.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        queue.flushdb()


def main() -> None:
    """Parse the options, run, print a summary and write the full result (with the series) as JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=10000)
    ap.add_argument("--rate", type=float, default=5.0, help="steady arrivals per second")
    ap.add_argument("--burst", type=int, default=1000)
    ap.add_argument("--timeout", type=float, default=6 * 3600)
    ap.add_argument("--out", type=Path, default=None, help="where to write the JSON result")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="edigw-load-") as tmp:
        result = run(args.documents, args.rate, args.burst, Path(tmp), args.timeout)
    summary = {k: v for k, v in result.items() if k != "series"}
    print(json.dumps(summary, indent=2, default=str))
    step = max(1, len(result["series"]) // 20)
    for point in result["series"][::step]:
        print(point["t"], "queues", point["queues"], "docs", point["documents"], "rss", point["rss_mb"])
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str))
    ok = not result["lost"] and not result["doubled"] and result["odoo_orders"] == result["expected_orders"]
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
