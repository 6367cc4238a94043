"""Inbound 850s (20 lines each) from a local mailbox into the Odoo sandbox, end to end.

Run by hand (never in the test suite); results go in docs/benchmarks.md with the machine.

    .venv/bin/python benchmarks/bench_pipeline.py --mode embedded --count 1000
    .venv/bin/python benchmarks/bench_pipeline.py --mode celery --workers 2 --count 1000

The sandbox runs in its own process, so the CPU measured for the gateway (this process in
embedded mode; the worker process trees in celery mode) excludes Odoo's own work but includes the
gateway's side of every HTTP call. Latency is from the file's arrival in the inbox to the
document's ``posted`` event (the sale order confirmed in Odoo). Celery mode uses PostgreSQL
(127.0.0.1:5432) and Redis db 14 (flushed).

Embedded mode logs as ``edi-gateway run`` does (structured JSON at INFO, here into a file in the
temporary folder, so rendering is paid but the terminal stays readable) and runs one warm-up
cycle first: imports, the Odoo login, the master-data cache and the first outbound scan of the
sandbox are start-up costs, not per-document ones. It prints the SQL statements per document
(``--sqlite-file`` keeps the ledger elsewhere). Celery mode prints the PostgreSQL transactions per
document from ``pg_stat_database``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, select, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gateway.ledger import Ledger  # noqa: E402
from gateway.ledger.models import Document, Event  # noqa: E402
from gateway.odoo.client import OdooClient  # noqa: E402
from gateway.partners.registry import PartnerRegistry  # noqa: E402
from gateway.pipeline.demo import sandbox_settings  # noqa: E402
from gateway.pipeline.demo_seed import seed_from_profiles  # noqa: E402

ITEMS = [("WR-100", "012345000010"), ("WB-100", "012345000027"), ("GD-10", "012345000034"),
         ("GD-20", "012345000041"), ("GZ-XL", "012345000058")]
ISA = "ISA*00*          *00*          *ZZ*ACMERETAIL     *ZZ*OURDISTCO      *261120*0815*U*00401*{icn:09d}*0*P*>~"


def make_850(n: int, lines: int = 20) -> bytes:
    """One interchange with one 850 of ``lines`` lines; PO and control numbers from ``n``."""
    body = ["ST*850*0001", f"BEG*00*SA*BENCH{n:07d}**20261120", "TD5**2*RRFT",
            "N1*BY*ACME RETAIL STORES INC*92*DC7", "N1*ST*ACME STORE 0042*92*0042"]
    for i in range(1, lines + 1):
        vp, upc = ITEMS[i % len(ITEMS)]
        body.append(f"PO1*{i}*{i}*EA*4.75*PE*VN*{vp}*UP*{upc}")
    body.append(f"CTT*{lines}")
    body.append(f"SE*{len(body) + 1}*0001")
    segs = [ISA.format(icn=n), f"GS*PO*ACMERETAIL*OURDISTCO*20261120*0815*{n}*X*004010~"]
    segs += [s + "~" for s in body] + [f"GE*1*{n}~", f"IEA*1*{n:09d}~"]
    return "\n".join(segs).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sandbox() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "odoo-sandbox", "--port", str(port)]
                            if (REPO / "gateway" / "cli" / "__main__.py").exists() else
                            [str(Path(sys.executable).parent / "edi-gateway"), "odoo-sandbox", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with OdooClient(sandbox_settings(url)) as c:
                seed_from_profiles(c, PartnerRegistry.from_dir(REPO / "trading_partners"))
            return proc, url
        except Exception:
            time.sleep(0.1)
    raise SystemExit("the sandbox did not start")


def proc_cpu(pids: list[int], *, children_only: bool = False) -> float:
    """utime+stime in seconds of these processes and their children (from /proc).

    ``children_only`` leaves the given processes themselves out (for a Celery worker: the pool
    children that run the tasks, without the main process that talks to the broker).
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    seen: set[int] = set()
    stack = list(pids)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if not (children_only and pid in pids):
                total += (int(fields[11]) + int(fields[12])) / tick
            stack += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def latencies(ledger: Ledger, arrived: dict[str, float]) -> tuple[list[float], int]:
    with ledger.reading() as s:
        rows = s.execute(select(Document.business_key, Event.at).join(Event, Event.document_id == Document.id)
                         .where(Event.step == "post", Event.outcome == "posted")).all()
    out = [at.timestamp() - arrived[key] for key, at in rows if key in arrived]
    return out, len(out)  # the measured documents only (not the warm-up one)


def count_statements() -> Counter[str]:
    """Count every SQL statement the ledger runs from now on, by verb (BEGIN, SELECT, INSERT...)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    counts: Counter[str] = Counter()

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        counts[statement.split(None, 1)[0].upper()] += 1

    return counts


def run_embedded(count: int, root: Path, url: str, profile: bool = False) -> dict[str, float]:
    from gateway.observability.logging import configure_logging
    from gateway.pipeline.runner import build_runtime, run_cycle

    log_stream = (root / "gateway.log").open("w")
    configure_logging("json", level="INFO", stream=log_stream)
    ledger = Ledger.from_url(f"sqlite:///{root / 'ledger.sqlite3'}")
    ledger.upgrade()
    rt = build_runtime(ledger, PartnerRegistry.from_dir(REPO / "trading_partners"), root / "mailboxes",
                       lambda: OdooClient(sandbox_settings(url)))
    inbox = rt.transports["acme-retail"].inbox  # type: ignore[attr-defined]
    (inbox / "warm-up.edi").write_bytes(make_850(count + 1))
    run_cycle(rt)  # warm-up: start-up costs are not per document
    arrived = {}
    for n in range(1, count + 1):
        (inbox / f"po{n}.edi").write_bytes(make_850(n))
        arrived[f"BENCH{n:07d}"] = time.time()
    statements = count_statements()
    profiler = cProfile.Profile() if profile else None
    cpu0, t0 = time.process_time(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    run_cycle(rt)
    if profiler is not None:
        profiler.disable()
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print("SQL statements per document: " + ", ".join(
        f"{verb} {n / count:.1f}" for verb, n in sorted(statements.items())))
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"gateway/", 30)
    lat, posted = latencies(ledger, arrived)
    rt.close()
    ledger.dispose()
    log_stream.close()
    return {"posted": posted, "wall": wall, "cpu": cpu, "lat": lat}  # type: ignore[dict-item]


def pg_transactions(admin: object, name: str) -> int:
    """Committed plus rolled-back transactions of database ``name`` so far (pg_stat_database)."""
    with admin.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                     "WHERE datname = :n"), {"n": name}).scalar_one())


def run_celery(count: int, workers: int, root: Path, url: str,
               broker: str = "redis://127.0.0.1:6379/14") -> dict[str, float]:
    import redis

    admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT")
    name = f"edigw_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    redis.Redis.from_url(broker).flushdb()
    ledger = Ledger.from_url(db_url)
    ledger.upgrade()
    env = {**os.environ, "EDIGW_BROKER_URL": broker, "EDIGW_DATABASE_URL": db_url, "EDIGW_DATA_DIR": str(root),
           "EDIGW_MAILBOX_ROOT": str(root / "mailboxes"), "EDIGW_ODOO_URL": url, "EDIGW_ODOO_DB": "edi",
           "EDIGW_ODOO_USER": "admin", "EDIGW_ODOO_PASSWORD": "admin", "EDIGW_POLL_SETTLE": "0.2"}
    procs = []
    try:
        for i in range(workers):
            log = (root / f"w{i}.log").open("wb")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "gateway.worker", "worker", "-Q",
                 "inbound,outbound,odoo,maintenance", "-c", "1", "-P", "prefork", "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-n", f"b{i}@%h", "--loglevel", "WARNING"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT))
        time.sleep(6)
        from celery import Celery

        app = Celery("bench", broker=broker)
        inbox = root / "mailboxes" / "acme-retail" / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        arrived = {}
        xacts0 = pg_transactions(admin, name)
        pids = [p.pid for p in procs]
        cpu0, child0, t0 = proc_cpu(pids), proc_cpu(pids, children_only=True), time.perf_counter()
        for n in range(1, count + 1):
            (inbox / f"po{n}.edi").write_bytes(make_850(n))
            arrived[f"BENCH{n:07d}"] = time.time()
            if n % 50 == 0 or n == count:
                app.send_task("gateway.worker.poll_mailbox", args=["acme-retail"], queue="inbound")
        while True:
            lat, posted = latencies(ledger, arrived)
            if posted >= count:
                break
            if time.perf_counter() - t0 > 1800:
                break
            app.send_task("gateway.worker.poll_mailbox", args=["acme-retail"], queue="inbound")
            time.sleep(1.0)
        wall, cpu = time.perf_counter() - t0, proc_cpu(pids) - cpu0
        child = proc_cpu(pids, children_only=True) - child0
        print(f"PostgreSQL transactions per document (workers and this script's polling): "
              f"{(pg_transactions(admin, name) - xacts0) / max(1, posted):.1f}")
        print(f"CPU split: pool children (the tasks) {1000 * child / max(1, posted):.1f} ms/document, "
              f"worker main processes (broker, hand-over) {1000 * (cpu - child) / max(1, posted):.1f} ms/document")
        return {"posted": posted, "wall": wall, "cpu": cpu, "lat": lat}  # type: ignore[dict-item]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
        ledger.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["embedded", "celery"], default="embedded")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", action="store_true",
                        help="embedded only: cProfile the cycle (slows it down; for finding hot spots, not timing)")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14",
                        help="celery only: the Redis broker (flushed), e.g. a private redis-server on another port")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="edigw-bench-"))
    sandbox, url = start_sandbox()
    try:
        if args.mode == "embedded":
            r = run_embedded(args.count, root, url, args.profile)
        else:
            r = run_celery(args.count, args.workers, root, url, args.broker)
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
    lat = sorted(r["lat"])  # type: ignore[arg-type]
    print(f"mode={args.mode} workers={args.workers if args.mode == 'celery' else 1} documents={args.count} "
          f"posted={r['posted']}")
    print(f"throughput: {r['posted'] / r['wall']:.1f} documents/s end to end ({r['wall']:.1f} s)")
    print(f"gateway CPU per document (Odoo sandbox excluded): {1000 * r['cpu'] / max(1, r['posted']):.1f} ms")
    if lat:
        print(f"latency arrival -> confirmed sale order: p50 {statistics.median(lat):.2f} s, "
              f"p95 {lat[int(0.95 * (len(lat) - 1))]:.2f} s")


if __name__ == "__main__":
    main()
