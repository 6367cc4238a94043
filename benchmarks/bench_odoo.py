"""Benchmark: 850-like orders with 20 lines each into the Odoo sandbox, over XML-RPC and JSON-RPC.

Run by hand (never in the test suite)::

    .venv/bin/python benchmarks/bench_odoo.py            # 1000 orders per protocol
    .venv/bin/python benchmarks/bench_odoo.py --orders 100 --protocol jsonrpc

Reports documents per second and RPC round trips per document once master data is cached. The
sandbox runs in the same process (its own HTTP server thread), so the figures measure the
connector + the sandbox on loopback, not a real Odoo: a real server is slower per call.
"""

from __future__ import annotations

import argparse
import time
import uuid

from pydantic import SecretStr

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import start_sandbox
from gateway.odoo.settings import OdooSettings
from gateway.odoo.workflows.sale_order import SaleOrderLineRequest, SaleOrderRequest, import_sale_order

CODES = ["WID-100", "WID-200", "00614141000036", "FURN_7800", "E-COM10", "E-COM08", "FURN_8855"]


def make_order(n: int) -> SaleOrderRequest:
    lines = tuple(SaleOrderLineRequest(str(i + 1), CODES[i % len(CODES)], 1 + i % 5,
                                       uom="Dozens" if i % 4 == 0 else None, price=9.5 + i) for i in range(20))
    return SaleOrderRequest(document_id=uuid.uuid4().hex, partner_ref="NWR", client_order_ref=f"BENCH-{n:06d}",
                            ship_to_ref="NWR-042", lines=lines, confirm=True)


def run(protocol: str, orders: int) -> dict[str, float]:
    """Import ``orders`` orders over ``protocol`` into a fresh in-memory sandbox."""
    with start_sandbox() as sandbox:
        settings = OdooSettings(url=sandbox.url, db="edi", user="admin", password=SecretStr("admin"),
                                protocol=protocol)  # type: ignore[arg-type]
        with OdooClient(settings) as client:
            cache = MasterDataCache(client)
            import_sale_order(client, cache, make_order(-1))  # warms the session and the master-data cache
            trips = []
            started = time.perf_counter()
            for n in range(orders):
                trips.append(import_sale_order(client, cache, make_order(n)).round_trips)
            elapsed = time.perf_counter() - started
    return {"orders": orders, "seconds": elapsed, "docs_per_s": orders / elapsed,
            "round_trips_per_doc": sum(trips) / len(trips), "max_round_trips": max(trips)}


def main() -> None:
    """Parse arguments, run, print a Markdown table row per protocol."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--protocol", choices=["xmlrpc", "jsonrpc", "both"], default="both")
    args = parser.parse_args()
    protocols = ["xmlrpc", "jsonrpc"] if args.protocol == "both" else [args.protocol]
    print("| protocol | orders (20 lines) | seconds | orders/s | round trips/order (mean / max) |")
    print("|---|---:|---:|---:|---:|")
    for protocol in protocols:
        r = run(protocol, args.orders)
        print(f"| {protocol} | {r['orders']:.0f} | {r['seconds']:.1f} | {r['docs_per_s']:.1f} | "
              f"{r['round_trips_per_doc']:.2f} / {r['max_round_trips']:.0f} |")


if __name__ == "__main__":
    main()
