"""A real deployment for fault tests: Celery workers, Redis, PostgreSQL, the Odoo sandbox, mailboxes.

Builds on the pipeline tests' :class:`tests.pipeline.test_celery.Cluster` (worker start-up, task
sending, ledger and Odoo look-ups) with its own Redis database, shorter time limits so recovery
sweeps come within seconds, beat processes, and the service restarts the fault scenarios need.
Every scenario ends with :meth:`ProofCluster.settle`, which plays beat (polls and retry scans)
until every document is final, and :meth:`ProofCluster.check_final` which proves the promise:
no file left behind, every document final, one Odoo order per PO, acks queued.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import select

from gateway.ledger.models import Document, Interchange
from tests.pipeline.conftest import REPO
from tests.pipeline.test_celery import Cluster, wait_for

REDIS_DB = 12
BROKER = f"redis://127.0.0.1:6379/{REDIS_DB}"
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
               "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"]
EU = "euromarkt-gmbh"  # EDIFACT ORDERS in, CONTRL back
THREE_PL = "northstar-3pl"  # receives a 940 for each ready delivery (beat's outbound scan of Odoo)
ORDERS_SAMPLE = REPO / "sample_docs" / EU / "ORDERS_EM-2026-0815.edi"
FINAL = {"posted", "rejected", "duplicate", "dead_lettered", "cancelled", "superseded"}
TASK_LIMIT = 6  # seconds: stalled work is swept after this long


class ProofCluster(Cluster):
    """The pipeline tests' cluster on its own Redis database, with beat and service restarts."""

    def __init__(self, root: Path, db_url: str, sandbox: Any) -> None:
        super().__init__(root, db_url, sandbox)
        self.env.update({"EDIGW_BROKER_URL": BROKER, "EDIGW_TASK_TIME_LIMIT": str(TASK_LIMIT),
                         "EDIGW_VISIBILITY_TIMEOUT": "20", "EDIGW_ODOO_TIMEOUT": "3", "EDIGW_RETRY_BASE": "0.2",
                         "EDIGW_RETRY_MAX_ATTEMPTS": "8", "EDIGW_POLL_INTERVAL": "1"})
        self.beats: list[subprocess.Popen[bytes]] = []
        self.partners: set[str] = {"acme-retail"}

    def drop(self, partner: str, name: str, data: bytes) -> None:
        """A partner file arrives in its local mailbox and the poll is queued (any partner)."""
        self.partners.add(partner)
        super().drop(partner, name, data)

    def send(self, task: str, *args: Any) -> None:
        """Queue a task as beat would (on this cluster's Redis database)."""
        from celery import Celery

        app = Celery("edi_gateway-proof", broker=BROKER)
        queue = {"poll_mailbox": "inbound", "retry_scan": "maintenance", "post_document": "odoo",
                 "scan_odoo_outbound": "odoo",
                 "check_overdue": "maintenance", "schedule_polls": "maintenance"}[task]
        try:
            app.send_task(f"gateway.worker.{task}", args=args, queue=queue)
        finally:
            app.close()

    def start_worker_on(self, name: str, queues: str) -> subprocess.Popen[bytes]:
        """Start a worker that consumes only ``queues`` (so the other queues fill up in Redis)."""
        log = (self.root / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gateway.worker", "worker", "-Q", queues, "-c", "1",
             "-P", "prefork", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h",
             "--loglevel", "INFO"], cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.workers.append(proc)
        wait_for(lambda: b"ready." in (self.root / f"{name}.log").read_bytes(), 30, f"worker {name} to start")
        return proc

    def stop_worker(self, proc: subprocess.Popen[bytes]) -> None:
        """Stop one worker (warm shutdown: it finishes its current task)."""
        proc.terminate()
        proc.wait(timeout=30)
        self.workers.remove(proc)

    def start_beat(self, name: str) -> subprocess.Popen[bytes]:
        """Start a ``celery beat`` with its own schedule file (two of them is the mistake under test)."""
        log = (self.root / f"{name}.log").open("wb")
        proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "gateway.worker", "beat", "--loglevel", "INFO",
                                 "-s", str(self.root / f"{name}-schedule")],
                                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.beats.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.beats:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)
        super().stop()

    def all_docs(self) -> list[Document]:
        with self.ledger.reading() as s:
            return list(s.scalars(select(Document).where(Document.direction == "inbound").order_by(Document.id)))

    def settle(self, pos: Iterable[str], timeout: float = 60, acks: dict[str, list[str]] | None = None,
               shipping_orders: Iterable[str] = ()) -> None:
        """Play beat (poll every mailbox, retry scan) until each PO has a final document (and ``acks`` are out).

        ``shipping_orders``: POs whose delivery must also reach the 3PL as a 940; beat's outbound
        scan of Odoo is then played too.
        """
        wanted, ship = set(pos), set(shipping_orders)

        def done() -> bool:
            got = {d.business_key for d in self.all_docs() if d.status in FINAL}
            if (wanted <= got and not self.inboxes_with_files() and self.acks_delivered(acks or {})
                    and ship <= {po for _, po in self.shipping_orders()}):
                return True
            try:
                if ship:
                    self.send("scan_odoo_outbound")
                self.send("retry_scan")
                for partner in sorted(self.partners):
                    self.send("poll_mailbox", partner)
            except Exception:  # the broker itself may still be coming back
                pass
            time.sleep(0.5)
            return False

        try:
            wait_for(done, timeout, f"documents {sorted(wanted)} to reach a final state")
        except BaseException:
            print("documents now:", [(d.id, d.business_key, d.status, d.error_reason) for d in self.all_docs()])
            raise

    def inboxes_with_files(self) -> list[str]:
        """Files still waiting in any partner's local inbox."""
        return [f"{p.parent.parent.name}/{p.name}" for p in sorted((self.root / "mailboxes").glob("*/inbox/*"))
                if p.is_file()]

    def ack_references(self, partner: str) -> list[str]:
        """What each ack file in ``partner``'s outbox acknowledges: 997 AK1 group numbers, CONTRL UCI references."""
        refs: list[str] = []
        for path in sorted((self.root / "mailboxes" / partner / "outbox").glob("*.edi")):
            text = path.read_text(errors="replace")
            if "_997_" in path.name:
                refs += re.findall(r"AK1\*[A-Z]{2}\*(\d+)", text)
            elif "_CONTRL_" in path.name:
                refs += re.findall(r"UCI\+([^+']+)", text)
        return refs

    def check_final(self, pos: Iterable[str], acks: dict[str, list[str]] | None = None) -> None:
        """The promise: nothing lost, nothing posted twice, every document final, acks made and delivered.

        ``acks``: per partner, the references (997: the GS group number; CONTRL: the UNB reference)
        of the interchanges dropped by the scenario; each must be acknowledged by exactly one file
        in that partner's outbox.
        """
        assert not self.inboxes_with_files(), self.inboxes_with_files()
        for po in pos:
            docs = [d for d in self.docs(po) if d.status not in ("duplicate", "superseded", "cancelled")]
            assert [d.status for d in docs] == ["posted"], (po, [(d.id, d.status) for d in self.docs(po)])
            orders = self.sale_orders(po)
            assert len(orders) == 1 and orders[0]["state"] == "sale", (po, orders)
        with self.ledger.reading() as s:
            received = s.scalars(select(Interchange).where(Interchange.direction == "inbound")).all()
            assert all(ic.processed_at is not None for ic in received), "an interchange was never split"
            acked = {d.interchange_id for d in self.all_docs() if d.status == "posted"}
            ours = s.scalars(select(Interchange).where(Interchange.direction == "outbound",
                                                       Interchange.partner_id.in_(sorted(self.partners)))).all()
        made = [(ic.transport_meta or {}).get("acknowledges") for ic in ours]
        assert sorted(made) == sorted(acked), f"{len(acked)} interchanges posted but acks made for {sorted(made)}"
        for partner, refs in (acks or {}).items():
            delivered = self.ack_references(partner)
            for ref in refs:
                assert delivered.count(ref) == 1, (partner, ref, delivered)

    def shipping_orders(self) -> list[tuple[str, str]]:
        """(delivery, PO) of every 940 file in the 3PL's outbox (W05-02 and W05-03), one entry per file."""
        out = []
        for path in sorted((self.root / "mailboxes" / THREE_PL / "outbox").glob("*_940_*.edi")):
            out += re.findall(r"W05\*[A-Z]\*([^*~]+)\*([^*~]+)", path.read_text(errors="replace"))
        return out

    def check_shipping_orders(self, pos: Iterable[str]) -> None:
        """Each PO's delivery reached the 3PL exactly once; the ledger has one live 940 per delivery sent."""
        sent = self.shipping_orders()
        deliveries = [d for d, _ in sent]
        assert len(deliveries) == len(set(deliveries)), f"a delivery was sent twice: {sent}"
        for po in pos:
            assert [po for _, p in sent if p == po] == [po], (po, sent)
        with self.ledger.reading() as s:
            live = s.scalars(select(Document.business_key).where(
                Document.direction == "outbound", Document.doc_type == "940",
                Document.status.not_in(("cancelled", "superseded")))).all()
        assert sorted(live) == sorted(deliveries), (sorted(live), sorted(deliveries))

    def acks_delivered(self, acks: dict[str, list[str]]) -> bool:
        """Whether every expected ack reference is in its partner's outbox (delivery is asynchronous)."""
        return all(set(refs) <= set(self.ack_references(p)) for p, refs in acks.items())


def make_orders(ref: str, control: str) -> bytes:
    """The sample EuroMarkt ORDERS with another order number (BGM) and UNB/UNZ control reference."""
    assert len(control) <= 14, "an UNB control reference is at most 14 characters"
    return ORDERS_SAMPLE.read_bytes().replace(b"EM-2026-0815", ref.encode()).replace(b"EM20261120001",
                                                                                     control.encode())


def flush() -> None:
    """Empty this cluster's Redis database."""
    redis.Redis.from_url(BROKER).flushdb()


def restart_redis() -> None:
    """Stop the shared Redis without saving (queued messages are lost, as in a crash) and start it again."""
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True, timeout=20, check=False)
    wait_for(lambda: _redis_down(), 10, "Redis to stop")
    subprocess.run(REDIS_START, check=True, capture_output=True, timeout=20)
    wait_for(lambda: not _redis_down(), 10, "Redis to come back")


def _redis_down() -> bool:
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=0.5).ping()
        return False
    except redis.exceptions.ConnectionError:
        return True


def restart_postgresql() -> None:
    """Restart the shared PostgreSQL cluster with pg_ctlcluster (every connection is cut)."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True,
                   capture_output=True, timeout=60)
