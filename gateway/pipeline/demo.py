"""``edi-gateway demo``: the sample documents of every example partner through the whole gateway.

Everything is real except the partners: a fresh SQLite ledger and local folder mailboxes under the
demo directory, the in-process Odoo sandbox seeded from the profiles, and the same pipeline steps
as production. The demo plays each partner by dropping files into its inbox: first the orders
(850, ORDERS, and the broken samples), then - once our outbound exist: a 940 per ready delivery read
from Odoo, and the 856/DESADV of sample_docs (not yet read from Odoo) - the
partners' replies (their 997/CONTRL built by the syntax engine from what we actually sent, the
3PL's 945 for our real delivery, the carrier's 214 and 210). Broken documents end up failed or
rejected with their reason; nothing makes the demo exit non-zero except a bug.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from gateway.documents import ShipNotice
from gateway.ledger import Ledger
from gateway.mappings.service import render_documents, translate_file
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import SandboxServer, start_sandbox
from gateway.odoo.settings import OdooSettings
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.demo_seed import seed_from_profiles
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.odoo_out import scan_shipping_orders
from gateway.pipeline.outbound import create_outbound
from gateway.pipeline.runner import CycleReport, build_runtime, run_cycle
from gateway.transports.local import LocalFolderTransport


@dataclass
class DemoResult:
    """What the demo did, for the summary tables."""

    root: Path
    cycles: list[CycleReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seeded: dict[str, int] = field(default_factory=dict)


def sandbox_settings(url: str) -> OdooSettings:
    """Client settings for the sandbox's admin user."""
    return OdooSettings(url=url, db="edi", user="admin", password=SecretStr("admin"), protocol="jsonrpc",
                        timeout=10.0, max_retries=1, retry_backoff=0.0)


@contextmanager
def demo_runtime(root: Path, registry: PartnerRegistry) -> Iterator[tuple[Runtime, SandboxServer]]:
    """A fresh ledger, mailboxes and seeded sandbox under ``root`` (emptied first)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    ledger = Ledger.from_url(f"sqlite:///{root / 'ledger.sqlite3'}")
    ledger.upgrade()
    server = start_sandbox(version=17, path=root / "odoo-sandbox.sqlite3")
    rt = build_runtime(ledger, registry, root / "mailboxes", lambda: OdooClient(sandbox_settings(server.url)),
                       retry=RetryPolicy(max_attempts=3, base_seconds=1.0), actor="demo")
    try:
        yield rt, server
    finally:
        rt.close()
        server.stop()
        ledger.dispose()


def _inbox(rt: Runtime, partner: str) -> Path:
    transport = rt.transports[partner]
    assert isinstance(transport, LocalFolderTransport)
    return transport.inbox


def _outbox(rt: Runtime, partner: str) -> Path:
    transport = rt.transports[partner]
    assert isinstance(transport, LocalFolderTransport)
    return transport.outbox


def _drop(rt: Runtime, partner: str, name: str, data: bytes) -> None:
    (_inbox(rt, partner) / name).write_bytes(data)


def _drop_samples(rt: Runtime, samples: Path, partner: str, patterns: tuple[str, ...]) -> None:
    folder = samples / partner
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)) + sorted((folder / "broken").glob(pattern)):
            _drop(rt, partner, f"{path.parent.name}-{path.name}" if path.parent.name == "broken" else path.name,
                  path.read_bytes())


def _delivery_of(rt: Runtime, po_number: str) -> str | None:
    client, _ = rt.odoo()
    orders = client.search_read("sale.order", [("client_order_ref", "=", po_number)], ["name"], limit=1)
    if not orders:
        return None
    picks = client.search_read("stock.picking", [("origin", "=", orders[0]["name"]),
                                                 ("picking_type_code", "=", "outgoing")], ["name"], limit=1)
    return picks[0]["name"] if picks else None


def run_demo(root: Path, samples: Path, registry: PartnerRegistry) -> DemoResult:
    """Run the whole demo under ``root``; return what happened (the ledger stays for inspection)."""
    result = DemoResult(root)
    with demo_runtime(root, registry) as (rt, _server):
        client, _ = rt.odoo()
        result.seeded = seed_from_profiles(client, registry)
        # 1. Partners send orders (good and broken).
        _drop_samples(rt, samples, "acme-retail", ("850_*.edi",))
        _drop_samples(rt, samples, "euromarkt-gmbh", ("ORDERS_*.edi",))
        result.cycles.append(run_cycle(rt))
        # 2. We send: a 940 to the 3PL for every ready delivery in Odoo, 856 to ACME, DESADV to EuroMarkt.
        delivery = _delivery_of(rt, "4500012345")
        if not scan_shipping_orders(rt, "northstar-3pl"):
            result.notes.append("no ready delivery in Odoo: no 940 was sent to the 3PL")
        asn = ShipNotice.model_validate_json((samples / "acme-retail" / "856_ASN-SH-88120.json").read_text())
        create_outbound(rt, "acme-retail", "856", asn)
        desadv = ShipNotice.model_validate_json((samples / "euromarkt-gmbh" / "DESADV_DN-70031.json").read_text())
        create_outbound(rt, "euromarkt-gmbh", "DESADV", desadv)
        result.cycles.append(run_cycle(rt))
        # 3. Partners answer: acks of what we sent, the 3PL's shipping advice for our delivery.
        for partner in ("acme-retail", "northstar-3pl", "euromarkt-gmbh"):
            answer_sent_files(rt, partner)
        _drop_advice(rt, samples, delivery, result)
        _drop_samples(rt, samples, "northstar-3pl", ("945_*.edi",))
        result.cycles.append(run_cycle(rt))
        # 4. The carrier reports milestones and bills the freight.
        _drop_samples(rt, samples, "roadrunner-freight", ("214_*.edi", "210_*.edi"))
        result.cycles.append(run_cycle(rt))
        rt.alerts.clear()
    return result


def _drop_advice(rt: Runtime, samples: Path, delivery: str | None, result: DemoResult) -> None:
    """The 3PL's 945 for our real delivery: the sample advice, re-addressed, rendered as the partner."""
    if delivery is None:
        return
    sample = samples / "northstar-3pl" / "945_SO-1001.edi"
    advice = translate_file(sample, rt.registry, "northstar-3pl")[0].document
    advice = advice.model_copy(update={"depositor_order_number": delivery})
    profile = rt.profile("northstar-3pl")
    text = render_documents([advice], profile, "945", as_partner=True)
    _drop(rt, "northstar-3pl", f"945_{delivery.replace('/', '-')}.edi", text.encode())
    result.notes.append(f"the 3PL's 945 was re-addressed from SO-1001 to our delivery {delivery}")


def answer_sent_files(rt: Runtime, partner: str) -> int:
    """Play ``partner``: acknowledge each file we sent it (997 or CONTRL from the syntax engine)."""
    from gateway.control_numbers import MemoryAllocator

    profile = rt.profile(partner)
    outbox = _outbox(rt, partner)
    count = 0
    for path in sorted(outbox.glob("*.edi")):
        if "_997_" in path.name or "_999_" in path.name or "_CONTRL_" in path.name:
            continue
        if profile.syntax == "x12":
            from gateway.x12.engine import acknowledge_file

            text = acknowledge_file(path, allocator=MemoryAllocator(start=9000 + count))
        else:
            from gateway.edifact.engine import acknowledge_file as contrl

            text = contrl(path, policy="always", allocator=MemoryAllocator(start=9000 + count))
        if text.strip():
            _drop(rt, partner, f"ack-of-{path.name}", text.encode())
            count += 1
    return count


def summary_rows(rt_ledger: Ledger) -> dict[str, Any]:
    """Per partner: documents by direction/type/status, acks sent and received, Odoo records."""
    from sqlalchemy import func, select

    from gateway.ledger.models import Document, ExpectedAck, Interchange, ReceivedAck

    out: dict[str, Any] = {}
    with rt_ledger.reading() as s:
        for partner, direction, doc_type, status, count in s.execute(
                select(Document.partner_id, Document.direction, Document.doc_type, Document.status, func.count())
                .group_by(Document.partner_id, Document.direction, Document.doc_type, Document.status)):
            entry = out.setdefault(partner, {"documents": {}, "acks_sent": 0, "acks_received": 0,
                                             "acks_pending": 0, "odoo": [], "problems": []})
            entry["documents"].setdefault((direction, doc_type), {})[status] = count
        for ic in s.scalars(select(Interchange).where(Interchange.direction == "outbound")):
            meta = ic.transport_meta or {}
            if meta.get("kind") in ("997", "999", "CONTRL") and ic.partner_id in out:
                out[ic.partner_id]["acks_sent"] += 1
        for ack in s.scalars(select(ReceivedAck)):
            out.setdefault(ack.partner_id, {"documents": {}, "acks_sent": 0, "acks_received": 0, "acks_pending": 0,
                                            "odoo": [], "problems": []})["acks_received"] += 1
        for exp in s.scalars(select(ExpectedAck).where(ExpectedAck.status.in_(("pending", "overdue")))):
            if exp.partner_id in out:
                out[exp.partner_id]["acks_pending"] += 1
        for doc in s.scalars(select(Document).order_by(Document.id)):
            entry = out[doc.partner_id]
            for rec in (doc.odoo_refs or {}).get("records", []):
                entry["odoo"].append(f"{rec['model']} {rec['name']}")
            if doc.error_reason and doc.status in ("failed", "rejected", "dead_lettered"):
                entry["problems"].append((doc.id, doc.doc_type, doc.status, doc.error_category, doc.error_reason))
    return out
