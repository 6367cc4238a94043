"""Load (issue #9): mixed inbound documents over SFTP, two Celery workers, beat and the Odoo sandbox.

Run by hand as root on a quiet machine (never in the test suite); it prints a ready-to-paste
markdown section for docs/benchmarks.md and the exact command it ran:

    .venv/bin/python benchmarks/bench_load.py --docs 10000 --burst 1000

What runs: a real OpenSSH sshd on 127.0.0.1 (the SFTP tests' set-up,
:func:`tests.transports.conftest.start_test_sshd`) serving two partner mailboxes, a fresh
PostgreSQL ledger, Redis db 11 as the broker, two ``celery worker`` processes (one prefork child
each, all queues), one ``celery beat`` polling every second, and the Odoo sandbox in its own process.
The partner profiles are ACME (X12 850, 1 to 40 lines) and EuroMarkt (EDIFACT ORDERS) with their
transports pointed at that sshd; every fourth document is an ORDERS.

Phase 1 drops ``--docs`` files into the partners' SFTP inboxes at ``--rate`` files per second (the
way partners upload: a ``.part`` name, then a rename; default 20/s, well below what two workers
sustain here (about 50/s in the bursts), so the latency is processing and not queueing: 10,000
documents take about 9 minutes).
Phase 2 drops ``--burst`` files at once.
Every second the script samples the Redis queue depths, the documents by status and the resident
memory of each process (with its children). At the end it checks that every file became exactly one
posted document and one Odoo sale order, that every inbox is empty, and reports documents/s and
p50/p95/p99 latency from arrival (the rename) to the ``posted`` event (the sale order exists in Odoo).
Exit status 0 only when nothing was lost or doubled and the backlog drained.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import redis  # noqa: E402
import yaml  # noqa: E402
from bench_pipeline import latencies, make_850, start_sandbox  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from gateway.ledger import Ledger  # noqa: E402
from gateway.ledger.models import Document  # noqa: E402
from gateway.odoo.client import OdooClient  # noqa: E402
from gateway.pipeline.demo import sandbox_settings  # noqa: E402
from tests.transports.conftest import USER, SshServer, start_test_sshd, stop_test_sshd  # noqa: E402

BROKER = "redis://127.0.0.1:6379/11"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
QUEUES = ("inbound", "odoo", "outbound", "maintenance")
# partner id -> (mailbox, inbox, outbox, archive, error) in the sshd chroot
MAILBOXES = {"acme-retail": ("acme-sftp", "inbound", "outbound", "archive", "error"),
             "euromarkt-gmbh": ("euromarkt-sftp", "eu-inbound", "eu-outbound", "eu-archive", "eu-error")}
EU_FOLDERS = ("eu-inbound", "eu-outbound", "eu-archive", "eu-error")
ORDERS = """UNA:+.? '
UNB+UNOC:3+4012345000009:14+0614141000005:14+261120:0915+EMB{n:09d}'
UNH+1+ORDERS:D:96A:UN:EAN008'
BGM+220+EMB{n:07d}+9'
DTM+137:20261120:102'
NAD+BY+4012345000023::9++EuroMarkt Zentrale Berlin+Friedrichstrasse 100+Berlin++10117+DE'
NAD+DP+4012345000016::9++EuroMarkt Lager Hamburg+Am Hafen 7+Hamburg++20457+DE'
NAD+SU+0614141000005::9++Our Distribution Co'
CUX+2:EUR:9'
LIN+1++10012345000017:EN'
QTY+21:{q}:PCE'
PRI+AAA:3.95'
LIN+2++10012345000031:EN'
QTY+21:2:CS'
PRI+AAA:48.50'
UNS+S'
CNT+2:2'
UNT+16+1'
UNZ+1+EMB{n:09d}'
"""


def document(n: int) -> tuple[str, str, bytes]:
    """The ``n``-th document: (partner id, business key, bytes); every fourth is an EDIFACT ORDERS."""
    if n % 4 == 0:
        return "euromarkt-gmbh", f"EMB{n:07d}", ORDERS.format(n=n, q=1 + n % 90).encode()
    return "acme-retail", f"BENCH{n:07d}", make_850(n, lines=1 + (n * 7) % 40)


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


def partner_profiles(target: Path, server: SshServer) -> None:
    """ACME's and EuroMarkt's profiles with their transports on the benchmark's sshd."""
    target.mkdir(parents=True, exist_ok=True)
    for partner, (mailbox, inbox, outbox, archive, error) in MAILBOXES.items():
        profile = yaml.safe_load((REPO / "trading_partners" / f"{partner}.yaml").read_text())
        profile["transports"] = [{
            "name": mailbox, "kind": "sftp",
            "settings": {"host": "127.0.0.1", "port": server.port, "username": USER,
                         "host_keys": [server.host_public], "inbox": f"/{inbox}", "outbox": f"/{outbox}",
                         "archive": f"/{archive}", "error": f"/{error}", "connect_timeout": 10,
                         "op_timeout": 60},
            "secrets": {"private_key": {"file": str(server.client_key)}},
        }]
        (target / f"{partner}.yaml").write_text(yaml.safe_dump(profile, sort_keys=False))


def drop(server: SshServer, partner: str, n: int, data: bytes) -> None:
    """Upload as a partner does: a ``.part`` name, then the rename that makes the file visible."""
    inbox = MAILBOXES[partner][1]
    server.put(inbox, f"doc{n:07d}.edi.part", data)
    os.rename(server.path(inbox, f"doc{n:07d}.edi.part"), server.path(inbox, f"doc{n:07d}.edi"))


class Sampler:
    """Once a second: queue depths, documents by status, memory per process."""

    def __init__(self, ledger: Ledger, queue: redis.Redis, procs: dict[str, Any], server: SshServer) -> None:
        self.ledger, self.queue, self.procs, self.server = ledger, queue, procs, server
        self.t0 = time.perf_counter()
        self.next = self.t0
        self.series: list[dict[str, Any]] = []

    def tick(self, force: bool = False) -> None:
        """Take a sample when one is due (or now with ``force``)."""
        if not force and time.perf_counter() < self.next:
            return
        self.next = time.perf_counter() + 1.0
        with self.ledger.reading() as s:
            counts = dict(s.execute(select(Document.status, func.count()).group_by(Document.status)).all())
        self.series.append({"t": round(time.perf_counter() - self.t0, 1),
                            "queues": {q: self.queue.llen(q) for q in QUEUES}, "documents": counts,
                            "files_waiting": sum(1 for box in MAILBOXES.values()
                                                 for f in self.server.path(box[1]).iterdir()
                                                 if not f.name.endswith(".part")),
                            "rss_mb": {n: round(rss_mb(p.pid), 1) for n, p in self.procs.items()}})

    def now(self) -> float:
        """Seconds since the start."""
        return time.perf_counter() - self.t0


def _wait_posted(ledger: Ledger, arrived: dict[str, float], sampler: Sampler, deadline: float) -> None:
    while len(latencies(ledger, arrived)[0]) < len(arrived) and time.perf_counter() < deadline:
        sampler.tick()
        time.sleep(0.5)


def run(docs: int, rate: float, burst: int, root: Path, timeout: float) -> dict[str, Any]:
    """Run both phases and return the measurements (see the module docstring)."""
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"edigw_load_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    queue = redis.Redis.from_url(BROKER)
    queue.flushdb()
    ledger = Ledger.from_url(db_url)
    ledger.upgrade()
    server = start_test_sshd(root / "sshd", extra_folders=EU_FOLDERS)
    procs: dict[str, Any] = {"sshd": server.process}
    try:
        for folder in ("inbound", "outbound", "archive", "error", *EU_FOLDERS):
            for child in server.path(folder).iterdir():
                child.unlink()
        partner_profiles(root / "partners", server)
        sandbox, url = start_sandbox()
        procs["sandbox"] = sandbox
        return _measure(docs, rate, burst, root, timeout, ledger, queue, server, procs, db_url, url)
    finally:
        for p in procs.values():
            if p is not None and p is not server.process:
                p.terminate()
        for p in procs.values():
            if p is None or p is server.process:
                continue
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        stop_test_sshd(server)
        ledger.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        queue.flushdb()


def _measure(docs: int, rate: float, burst: int, root: Path, timeout: float, ledger: Ledger, queue: redis.Redis,
             server: SshServer, procs: dict[str, Any], db_url: str, url: str) -> dict[str, Any]:
    """Start the workers and beat, run both phases, and collect the figures (``procs`` gains them)."""
    env = {**os.environ, "EDIGW_BROKER_URL": BROKER, "EDIGW_DATABASE_URL": db_url, "EDIGW_DATA_DIR": str(root),
           "EDIGW_PARTNERS_DIR": str(root / "partners"), "EDIGW_ODOO_URL": url, "EDIGW_ODOO_DB": "edi",
           "EDIGW_ODOO_USER": "admin", "EDIGW_ODOO_PASSWORD": "admin", "EDIGW_POLL_SETTLE": "0.2",
           "EDIGW_POLL_INTERVAL": "1"}
    env.pop("EDIGW_MAILBOX_ROOT", None)
    celery = [sys.executable, "-m", "celery", "-A", "gateway.worker"]
    for i in (1, 2):
        procs[f"worker{i}"] = subprocess.Popen(
            [*celery, "worker", "-Q", ",".join(QUEUES), "-c", "1", "-P", "prefork", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-n", f"load{i}@%h", "--loglevel", "WARNING"],
            cwd=REPO, env=env, stdout=(root / f"w{i}.log").open("wb"), stderr=subprocess.STDOUT)
    procs["beat"] = subprocess.Popen([*celery, "beat", "-s", str(root / "beat-schedule"), "--loglevel", "WARNING"],
                                     cwd=REPO, env=env, stdout=(root / "beat.log").open("wb"),
                                     stderr=subprocess.STDOUT)
    time.sleep(6)
    sampler = Sampler(ledger, queue, procs, server)
    deadline = time.perf_counter() + timeout
    arrived: dict[str, float] = {}
    for n in range(1, docs + 1):  # phase 1: steady arrivals
        partner, key, data = document(n)
        drop(server, partner, n, data)
        arrived[key] = time.time()
        sampler.tick()
        time.sleep(max(0.0, sampler.t0 + n / rate - time.perf_counter()))
    steady_sent = sampler.now()
    _wait_posted(ledger, arrived, sampler, deadline)
    steady_drained = sampler.now()
    steady_lat = latencies(ledger, arrived)[0]
    burst_start, burst_arrived = sampler.now(), {}
    for n in range(docs + 1, docs + burst + 1):  # phase 2: all at once
        partner, key, data = document(n)
        drop(server, partner, n, data)
        burst_arrived[key] = time.time()
    burst_dropped = sampler.now()
    _wait_posted(ledger, burst_arrived, sampler, deadline)
    burst_drained = sampler.now()
    sampler.tick(force=True)
    burst_lat = latencies(ledger, burst_arrived)[0]
    keys = {**arrived, **burst_arrived}
    with ledger.reading() as s:
        per_key = dict(s.execute(select(Document.business_key, func.count())
                                 .where(Document.direction == "inbound").group_by(Document.business_key)).all())
        statuses = dict(s.execute(select(Document.status, func.count()).where(Document.direction == "inbound")
                                  .group_by(Document.status)).all())
    with OdooClient(sandbox_settings(url)) as client:
        orders = sum(client.search_count("sale.order", [("client_order_ref", "like", prefix)])
                     for prefix in ("BENCH", "EMB"))
    left = sum(1 for f in ("inbound", "eu-inbound") for _ in server.path(f).iterdir())
    errors = sum(1 for f in ("error", "eu-error") for _ in server.path(f).iterdir())
    series = sampler.series
    return {
        "docs": docs, "rate": rate, "burst": burst, "x12_850": sum(1 for k in keys if k.startswith("BENCH")),
        "edifact_orders": sum(1 for k in keys if k.startswith("EMB")),
        "steady_sent_s": steady_sent, "steady_drained_s": steady_drained,
        "burst_start_s": burst_start, "burst_dropped_s": burst_dropped, "burst_drained_s": burst_drained,
        "steady_docs_per_s": docs / steady_drained if steady_drained else 0.0,
        "burst_docs_per_s": burst / (burst_drained - burst_start) if burst_drained > burst_start else 0.0,
        "steady_latency": {q: percentile(steady_lat, v) for q, v in (("p50", .5), ("p95", .95), ("p99", .99))},
        "burst_latency": {q: percentile(burst_lat, v) for q, v in (("p50", .5), ("p95", .95), ("p99", .99))},
        "lost": sorted(k for k in keys if per_key.get(k, 0) == 0),
        "doubled": sorted(k for k in keys if per_key.get(k, 0) > 1),
        "statuses": statuses, "odoo_orders": orders, "expected_orders": len(keys),
        "left_in_inboxes": left, "in_error_folders": errors, "timed_out": time.perf_counter() >= deadline,
        "peak_queue": max((sum(p["queues"].values()) for p in series), default=0),
        "peak_rss_mb": {n: max(p["rss_mb"][n] for p in series) for n in procs} if series else {},
        "series": series,
    }


def _s(seconds: float) -> str:
    return f"{seconds:,.1f} s" if seconds == seconds else "n/a"


def markdown(result: dict[str, Any], command: str) -> str:
    """The result as a section for docs/benchmarks.md: machine, command, figures, series, verdict."""
    ok = ok_result(result)
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "unknown CPU")
    sl, bl = result["steady_latency"], result["burst_latency"]
    lines = [
        f"## Load: {result['docs']:,} mixed documents over SFTP, then a burst of {result['burst']:,}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs ({cpu}), "
        f"Python {platform.python_version()}; PostgreSQL ledger, Redis broker, two Celery workers "
        "(one prefork child each), one beat, the Odoo sandbox, OpenSSH sshd, all on this machine.",
        "",
        "```",
        command,
        "```",
        "",
        f"Documents: {result['docs']:,} arriving at {result['rate']:g} files/s, then {result['burst']:,} dropped at "
        f"once; in all {result['x12_850']:,} X12 850 (1-40 lines, ACME) and {result['edifact_orders']:,} EDIFACT "
        "ORDERS (EuroMarkt), each file uploaded as `.part` and renamed. Latency: the rename to the `posted` "
        "event (sale order created and confirmed in the Odoo sandbox).",
        "",
        "| | steady phase | burst |",
        "|---|---|---|",
        f"| documents | {result['docs']:,} | {result['burst']:,} |",
        f"| documents/s (phase start to its last document posted) | {result['steady_docs_per_s']:.2f} | "
        f"{result['burst_docs_per_s']:.2f} |",
        f"| latency p50 (arrival -> sale order in Odoo) | {_s(sl['p50'])} | {_s(bl['p50'])} |",
        f"| latency p95 | {_s(sl['p95'])} | {_s(bl['p95'])} |",
        f"| latency p99 | {_s(sl['p99'])} | {_s(bl['p99'])} |",
        f"| drained after (s from phase start) | {result['steady_drained_s']:.0f} | "
        f"{result['burst_drained_s'] - result['burst_start_s']:.0f} |",
        "",
        f"Outcome: {'PASS' if ok else 'FAIL'}: lost {len(result['lost'])}, doubled {len(result['doubled'])}, "
        f"Odoo sale orders {result['odoo_orders']:,} of {result['expected_orders']:,}, files left in inboxes "
        f"{result['left_in_inboxes']}, in error folders {result['in_error_folders']}; documents by status "
        f"{json.dumps(result['statuses'], sort_keys=True)}.",
        "",
        "Peak resident memory (MB, process and its children): "
        + ", ".join(f"{n} {v:.0f}" for n, v in result["peak_rss_mb"].items()) + ".",
        "",
        "Backlog over time: files waiting on the SFTP server, Redis messages waiting per queue (the "
        "`inbound` queue also holds beat's once-a-second polls), documents posted and not yet final:",
        "",
        "| t (s) | files waiting | inbound | odoo | outbound | maintenance | posted | not yet final | worker1 MB "
        "| worker2 MB |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    series = result["series"]
    step = max(1, len(series) // 24)
    for p in [*series[::step], *series[-1:]] if series else []:
        docs = p["documents"]
        open_docs = sum(v for k, v in docs.items() if k in ("received", "validated", "translated", "failed"))
        q = p["queues"]
        lines.append(f"| {p['t']:.0f} | {p['files_waiting']} | {q['inbound']} | {q['odoo']} | {q['outbound']} | {q['maintenance']} | "
                     f"{docs.get('posted', 0)} | {open_docs} | {p['rss_mb'].get('worker1', 0):.0f} | "
                     f"{p['rss_mb'].get('worker2', 0):.0f} |")
    return "\n".join(lines) + "\n"


def ok_result(result: dict[str, Any]) -> bool:
    """Nothing lost or doubled, every order in Odoo, inboxes empty, and the run did not time out."""
    return (not result["lost"] and not result["doubled"] and result["odoo_orders"] == result["expected_orders"]
            and result["left_in_inboxes"] == 0 and not result["timed_out"])


def main() -> None:
    """Parse the options, run, print the markdown section (and write it and the JSON when asked)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10000, help="documents in the steady phase")
    ap.add_argument("--burst", type=int, default=1000, help="files dropped at once afterwards")
    ap.add_argument("--rate", type=float, default=20.0,
                    help="steady arrivals per second (default 20: well below the ~50/s two workers sustain on this "
                         "2-core machine, so phase 1 measures latency, not a growing backlog; the burst measures "
                         "the capacity)")
    ap.add_argument("--timeout", type=float, default=6 * 3600, help="give up after this many seconds")
    ap.add_argument("--out", type=Path, default=None, help="write the full result (with the series) as JSON")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the markdown section to this file")
    ap.add_argument("--work", type=Path, default=None,
                    help="keep the worker, beat and sshd logs in this directory (default: a removed temp dir)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("bench_load.py needs root: it starts sshd with a chroot, as the SFTP tests do")
    from gateway.observability.logging import configure_logging

    configure_logging("console", level="WARNING")  # the markdown section is the output
    command = " ".join([".venv/bin/python", "benchmarks/bench_load.py", *map(shlex.quote, sys.argv[1:])])
    print(f"running: {command}", flush=True)
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
        result = run(args.docs, args.rate, args.burst, args.work.resolve(), args.timeout)
    else:
        with tempfile.TemporaryDirectory(prefix="edigw-load-") as tmp:
            result = run(args.docs, args.rate, args.burst, Path(tmp), args.timeout)
    section = markdown(result, command)
    print(section)
    if args.markdown:
        args.markdown.write_text(section)
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str))
    sys.exit(0 if ok_result(result) else 1)


if __name__ == "__main__":
    main()
