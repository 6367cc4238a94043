"""``edi-gateway demo``: the sample documents of every example partner through the whole gateway.

Everything is real except the partners: a fresh SQLite ledger and local folder mailboxes under the
demo directory, the in-process Odoo sandbox seeded from the profiles (master data, then a confirmed
purchase order to the supplier, deliveries shipped in SSCC cartons for ACME and EuroMarkt and a
posted invoice for EuroMarkt), and the same pipeline steps as production. Every outbound document
is read from sandbox records by the runner's own Odoo scan: the 850 to the supplier, a 940 per
ready delivery, the 856/DESADV of shipped deliveries and the INVOIC. The demo plays each partner by
dropping files into its inbox: first the orders (850, ORDERS, and the broken samples), then the
partners' replies (their 997/CONTRL built by the syntax engine from what we actually sent, the
3PL's 945 for our real delivery - which ships it, so an 856 follows - the supplier's 856 for our
purchase order, the carrier's 214 and 210). Broken documents end up failed or rejected with their
reason; nothing makes the demo exit non-zero except a bug.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from gateway.ledger import Ledger
from gateway.mappings.service import render_documents, translate_file
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import SandboxServer, start_sandbox
from gateway.odoo.settings import OdooSettings
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.demo_seed import seed_demo_activity, seed_from_profiles
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.runner import CycleReport, build_runtime, run_cycle
from gateway.transports.local import LocalFolderTransport

SUPPLIER = "summit-supply"


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
        result.seeded.update(seed_demo_activity(client, registry))
        answered: set[str] = set()
        # 1. Partners send orders (good and broken). The same cycle scans Odoo and sends what it finds:
        #    a 940 per ready delivery, the 856/DESADV of the shipped deliveries, EuroMarkt's INVOIC and
        #    the 850 of the confirmed purchase order to the supplier.
        _drop_samples(rt, samples, "acme-retail", ("850_*.edi",))
        _drop_samples(rt, samples, "euromarkt-gmbh", ("ORDERS_*.edi",))
        result.cycles.append(run_cycle(rt))
        # 2. Partners answer: acks of what we sent, the 3PL's shipping advice for our delivery, the
        #    supplier's ship notice for our purchase order. Shipping the delivery makes it an 856.
        for profile in registry:
            answer_sent_files(rt, profile.id, answered)
        _drop_advice(rt, samples, _delivery_of(rt, "4500012345"), result)
        _drop_supplier_asn(rt, samples, result)
        _drop_samples(rt, samples, "northstar-3pl", ("945_*.edi",))
        result.cycles.append(run_cycle(rt))
        # 3. The carrier reports milestones and bills the freight; partners ack what cycle 2 sent.
        for profile in registry:
            answer_sent_files(rt, profile.id, answered)
        _drop_samples(rt, samples, "roadrunner-freight", ("214_*.edi", "210_*.edi"))
        result.cycles.append(run_cycle(rt))
        for cycle in result.cycles:
            result.notes.extend(cycle.problems)
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


def _drop_supplier_asn(rt: Runtime, samples: Path, result: DemoResult) -> None:
    """The supplier's 856 for the purchase order we sent it: the sample, re-addressed to its real number."""
    sent = _sent_purchase_order(rt, SUPPLIER)
    sample = samples / SUPPLIER / "856_SUM-ASN-30418.edi"
    if sent is None or not sample.is_file() or rt.registry.get(SUPPLIER) is None:
        return
    asn = translate_file(sample, rt.registry, SUPPLIER)[0].document
    orders = [order.model_copy(update={"po_number": sent}) for order in asn.orders]
    text = render_documents([asn.model_copy(update={"orders": orders})], rt.profile(SUPPLIER), "856",
                            as_partner=True)
    _drop(rt, SUPPLIER, "856_SUM-ASN-30418.edi", text.encode())
    result.notes.append(f"the supplier's 856 was re-addressed to our purchase order {sent}")


def _sent_purchase_order(rt: Runtime, partner: str) -> str | None:
    """The number of the newest 850 we sent ``partner``, from the ledger."""
    from sqlalchemy import select

    from gateway.ledger.models import Document

    with rt.ledger.reading() as s:
        return s.scalars(select(Document.business_key).where(
            Document.direction == "outbound", Document.partner_id == partner, Document.doc_type == "850")
            .order_by(Document.id.desc()).limit(1)).first()


def answer_sent_files(rt: Runtime, partner: str, answered: set[str] | None = None) -> int:
    """Play ``partner``: acknowledge each file we sent it (997 or CONTRL from the syntax engine).

    Files named in ``answered`` are skipped, and the ones answered now are added to it, so the
    demo can answer each round of sending once.
    """
    from gateway.control_numbers import MemoryAllocator

    profile = rt.profile(partner)
    outbox = _outbox(rt, partner)
    count = 0
    for path in sorted(outbox.glob("*.edi")):
        if "_997_" in path.name or "_999_" in path.name or "_CONTRL_" in path.name:
            continue
        if answered is not None:
            if path.name in answered:
                continue
            answered.add(path.name)
        serial = 9000 + (len(answered) if answered is not None else count)  # never reuse a control number
        if profile.syntax == "x12":
            from gateway.x12.engine import acknowledge_file

            text = acknowledge_file(path, allocator=MemoryAllocator(start=serial))
        else:
            from gateway.edifact.engine import acknowledge_file as contrl

            text = contrl(path, policy="always", allocator=MemoryAllocator(start=serial))
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
            source = (doc.odoo_refs or {}).get("source")
            if doc.direction == "outbound" and source and source.get("name"):
                entry["odoo"].append(f"{doc.doc_type} from {source['model']} {source['name']}")
            if doc.error_reason and doc.status in ("failed", "rejected", "dead_lettered"):
                entry["problems"].append((doc.id, doc.doc_type, doc.status, doc.error_category, doc.error_reason))
    return out
