"""Benchmark: 850-like orders with 20 lines each into the Odoo sandbox, per protocol.

Run by hand (never in the test suite)::

    .venv/bin/python benchmarks/bench_odoo.py            # 1000 orders, XML-RPC and JSON-RPC
    .venv/bin/python benchmarks/bench_odoo.py --orders 300 --protocol all --repeat 3
    .venv/bin/python benchmarks/bench_odoo.py --wire 3000   # HTTP layer only: httpx vs ours

Reports documents per second, RPC round trips per document once master data is cached, and the
CPU time of THIS process (``time.process_time()``) per order and per round trip. The sandbox runs
in a separate Python process, so that CPU figure is the connector's own cost (the workflow code,
the transport, JSON/XML encoding), with the server's work excluded. On a shared, noisy machine
compare CPU, not wall time; ``--repeat`` runs each protocol several times and prints every run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import SecretStr

from gateway.observability.logging import configure_logging
from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox.core import DEFAULT_API_KEY
from gateway.odoo.settings import OdooSettings
from gateway.odoo.workflows.sale_order import SaleOrderLineRequest, SaleOrderRequest, import_sale_order

CODES = ["WID-100", "WID-200", "00614141000036", "FURN_7800", "E-COM10", "E-COM08", "FURN_8855"]
SERVER = (
    "import sys\nfrom gateway.odoo.sandbox import start_sandbox\n"
    "s = start_sandbox()\nprint(s.url, flush=True)\nsys.stdin.read()\n"
)


def make_order(n: int) -> SaleOrderRequest:
    """One 850-like order with 20 lines (mixed units, known products)."""
    lines = tuple(
        SaleOrderLineRequest(
            str(i + 1), CODES[i % len(CODES)], 1 + i % 5, uom="Dozens" if i % 4 == 0 else None, price=9.5 + i
        )
        for i in range(20)
    )
    return SaleOrderRequest(
        document_id=uuid.uuid4().hex,
        partner_ref="NWR",
        client_order_ref=f"BENCH-{n:06d}",
        ship_to_ref="NWR-042",
        lines=lines,
        confirm=True,
    )


@contextmanager
def sandbox_process() -> Iterator[str]:
    """A fresh in-memory sandbox in a child process; yields its URL and stops it on exit."""
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise SystemExit(f"the sandbox process did not start (exit code {proc.poll()})")
        yield url
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(protocol: str, orders: int) -> dict[str, float]:
    """Import ``orders`` orders over ``protocol`` into a fresh sandbox running in another process."""
    with sandbox_process() as url:
        secret = {"api_key": SecretStr(DEFAULT_API_KEY)} if protocol == "json2" else {}
        settings = OdooSettings(
            url=url, db="edi", user="admin", password=SecretStr("admin"), protocol=protocol, **secret
        )  # type: ignore[arg-type]
        with OdooClient(settings) as client:
            cache = MasterDataCache(client)
            import_sale_order(client, cache, make_order(-1))  # warms the session and the master-data cache
            trips = []
            calls_before = client.round_trips.total
            started, cpu_started = time.perf_counter(), time.process_time()
            for n in range(orders):
                trips.append(import_sale_order(client, cache, make_order(n)).round_trips)
            cpu = time.process_time() - cpu_started
            elapsed = time.perf_counter() - started
            calls = client.round_trips.total - calls_before
    return {
        "orders": orders,
        "seconds": elapsed,
        "docs_per_s": orders / elapsed,
        "round_trips_per_doc": sum(trips) / len(trips),
        "max_round_trips": max(trips),
        "cpu_s": cpu,
        "cpu_ms_per_doc": 1000 * cpu / orders,
        "cpu_ms_per_call": 1000 * cpu / max(calls, 1),
    }


def wire(requests: int) -> None:
    """CPU per bare HTTP request (``GET /web/version``): httpx against the connector's own client."""
    import httpx

    from gateway.odoo.http import KeepAliveClient

    with sandbox_process() as url:
        ours = KeepAliveClient(url, timeout=30.0, headers={"User-Agent": "bench"})
        with httpx.Client(timeout=30.0) as theirs:
            senders = {
                "httpx.Client": lambda: theirs.get(url + "/web/version"),
                "KeepAliveClient": lambda: ours.request("GET", "/web/version"),
            }
            print("| HTTP client | requests | CPU ms/request |")
            print("|---|---:|---:|")
            for name, send in senders.items():
                for _ in range(50):
                    send()
                cpu_started = time.process_time()
                for _ in range(requests):
                    send()
                print(
                    f"| {name} | {requests} | {1000 * (time.process_time() - cpu_started) / requests:.3f} |"
                )
        ours.close()


def main() -> None:
    """Parse arguments, run, print a Markdown table row per protocol and run."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--protocol", choices=["xmlrpc", "jsonrpc", "json2", "both", "all"], default="both")
    parser.add_argument("--repeat", type=int, default=1, help="runs per protocol (each on a fresh sandbox)")
    parser.add_argument(
        "--wire",
        type=int,
        default=0,
        metavar="N",
        help="instead: CPU per bare HTTP request, N requests with httpx and with the connector's client",
    )
    args = parser.parse_args()
    if args.wire:
        wire(args.wire)
        return
    configure_logging(level="INFO")  # as a worker runs: the per-call debug lines are filtered out
    protocols = {"both": ["xmlrpc", "jsonrpc"], "all": ["xmlrpc", "jsonrpc", "json2"]}.get(
        args.protocol, [args.protocol]
    )
    print(
        "| protocol | orders (20 lines) | seconds | orders/s | round trips/order (mean / max) "
        "| client CPU s | CPU ms/order | CPU ms/call |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for protocol in protocols:
        for _ in range(args.repeat):
            r = run(protocol, args.orders)
            print(
                f"| {protocol} | {r['orders']:.0f} | {r['seconds']:.1f} | {r['docs_per_s']:.1f} | "
                f"{r['round_trips_per_doc']:.2f} / {r['max_round_trips']:.0f} | {r['cpu_s']:.2f} | "
                f"{r['cpu_ms_per_doc']:.2f} | {r['cpu_ms_per_call']:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
