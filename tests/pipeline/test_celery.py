"""Real Celery workers against real Redis and PostgreSQL: crashes, outages, duplicates, resubmission.

Worker processes are started with ``celery -A gateway.worker worker`` and the settings libraries.md
found reliable, with short timeouts for the test (visibility timeout 60 s, time limit 30 s). The
Odoo sandbox runs in this test process; the workers reach it over HTTP. Beat is not started:
tests queue the tasks beat would queue (polls, retry scan), so each step happens when the test
says.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import select

from gateway.ledger import Ledger
from gateway.ledger.events import timeline
from gateway.ledger.models import Document, Interchange
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import SandboxServer, start_sandbox
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.demo import sandbox_settings
from gateway.pipeline.demo_seed import seed_from_profiles
from tests.ledger.conftest import create_pg_database, drop_pg_database
from tests.pipeline.conftest import REPO, SAMPLES

pytestmark = pytest.mark.integration
REDIS_DB = 13
BROKER = f"redis://127.0.0.1:6379/{REDIS_DB}"
PO = (SAMPLES / "acme-retail" / "850_PO-4500012345.edi").read_text()


def make_po(po_number: str, icn: int) -> bytes:
    """The sample 850 with another PO number and interchange/group control numbers."""
    text = PO.replace("4500012345", po_number).replace("000004211", f"{icn:09d}").replace("*4211*", f"*{icn}*")
    return text.replace("GE*1*4211", f"GE*1*{icn}").encode()


class Cluster:
    """Workers, ledger, sandbox and mailboxes of one test module."""

    def __init__(self, root: Path, db_url: str, sandbox: SandboxServer) -> None:
        self.root, self.db_url, self.sandbox = root, db_url, sandbox
        self.ledger = Ledger.from_url(db_url)
        self.env = {**os.environ, "EDIGW_BROKER_URL": BROKER, "EDIGW_DATABASE_URL": db_url,
                    "EDIGW_DATA_DIR": str(root / "data"), "EDIGW_MAILBOX_ROOT": str(root / "mailboxes"),
                    "EDIGW_ODOO_URL": sandbox.url, "EDIGW_ODOO_DB": "edi", "EDIGW_ODOO_USER": "admin",
                    "EDIGW_ODOO_PASSWORD": "admin", "EDIGW_ODOO_PROTOCOL": "jsonrpc", "EDIGW_ODOO_MAX_RETRIES": "0",
                    "EDIGW_ODOO_TIMEOUT": "15", "EDIGW_VISIBILITY_TIMEOUT": "60", "EDIGW_TASK_TIME_LIMIT": "30",
                    "EDIGW_POLL_SETTLE": "0.2", "EDIGW_RETRY_BASE": "0.2", "EDIGW_RETRY_MAX_ATTEMPTS": "6"}
        self.workers: list[subprocess.Popen[bytes]] = []

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        """Start one worker process (one prefork child) and wait until it is ready."""
        log = (self.root / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "gateway.worker", "worker", "-Q",
             "inbound,outbound,odoo,maintenance", "-c", "1", "-P", "prefork", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h", "--loglevel", "INFO"],
            cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.workers.append(proc)
        wait_for(lambda: b"ready." in (self.root / f"{name}.log").read_bytes(), 30, f"worker {name} to start")
        return proc

    def send(self, task: str, *args: Any) -> None:
        """Queue a task as beat or another task would."""
        from celery import Celery

        app = Celery("edi_gateway-test", broker=BROKER)
        queue = {"poll_mailbox": "inbound", "retry_scan": "maintenance", "post_document": "odoo",
                 "check_overdue": "maintenance"}[task]
        app.send_task(f"gateway.worker.{task}", args=args, queue=queue)
        app.close()

    def drop(self, partner: str, name: str, data: bytes) -> None:
        """A partner file arrives, and the poll beat would queue is queued."""
        inbox = self.root / "mailboxes" / partner / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        (inbox / name).write_bytes(data)
        self.send("poll_mailbox", partner)

    def docs(self, po: str) -> list[Document]:
        with self.ledger.reading() as s:
            return list(s.scalars(select(Document).where(Document.business_key == po).order_by(Document.id)))

    def sale_orders(self, po: str) -> list[dict[str, Any]]:
        with OdooClient(sandbox_settings(self.sandbox.url)) as client:
            return client.search_read("sale.order", [("client_order_ref", "=", po)], ["name", "state"])

    def stop(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.workers:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.ledger.dispose()


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``check`` until it returns something truthy, or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    try:
        redis.Redis.from_url(BROKER).flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis unreachable at {BROKER}: {exc}")
    db_url = create_pg_database("edigw_pipeline")
    Ledger.from_url(db_url).upgrade()
    sandbox = start_sandbox(version=17)
    with OdooClient(sandbox_settings(sandbox.url)) as client:
        seed_from_profiles(client, PartnerRegistry.from_dir(REPO / "trading_partners"))
    c = Cluster(tmp_path_factory.mktemp("celery"), db_url, sandbox)
    try:
        c.start_worker("w1")
        yield c
    finally:
        c.stop()
        sandbox.stop()
        drop_pg_database(db_url)
        redis.Redis.from_url(BROKER).flushdb()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def test_same_file_twice_gives_one_sale_order_and_a_duplicate_event(cluster: Cluster) -> None:
    data = make_po("4600000001", 5001)
    cluster.drop("acme-retail", "a.edi", data)
    wait_for(lambda: [d for d in cluster.docs("4600000001") if d.status == "posted"], 30, "the order to be posted")
    cluster.drop("acme-retail", "a-again.edi", data)

    def duplicate_seen() -> bool:
        with cluster.ledger.reading() as s:
            ic = s.scalars(select(Interchange).where(Interchange.control_number == "000005001")).one()
            return any(e.step == "receive" and e.outcome == "duplicate" for e in timeline(s, interchange_id=ic.id))

    wait_for(duplicate_seen, 30, "the second delivery to be recorded as a duplicate")
    time.sleep(1.0)
    assert len(cluster.docs("4600000001")) == 1
    assert len(cluster.sale_orders("4600000001")) == 1


def test_sandbox_down_then_back_retries_to_success(cluster: Cluster) -> None:
    cluster.sandbox.faults.add("http503", match="sale.order", count=-1)
    try:
        cluster.drop("acme-retail", "b.edi", make_po("4600000002", 5002))
        failed = wait_for(lambda: [d for d in cluster.docs("4600000002") if d.status == "failed"], 30,
                          "the post to fail while Odoo is down")
        assert failed[0].error_category == "transport" and failed[0].next_attempt_at is not None
    finally:
        cluster.sandbox.faults.clear()
    time.sleep(0.5)
    cluster.send("retry_scan")
    wait_for(lambda: [d for d in cluster.docs("4600000002") if d.status == "posted"], 30, "the retry to post it")
    assert len(cluster.sale_orders("4600000002")) == 1


def test_worker_sigkilled_mid_document_completes_exactly_once(cluster: Cluster) -> None:
    # The order is created in Odoo, then the worker dies while confirming it.
    cluster.sandbox.faults.add("delay", match="sale.order.action_confirm", seconds=3.0)
    before = len(cluster.sandbox.requests)
    cluster.drop("acme-retail", "c.edi", make_po("4600000003", 5003))
    wait_for(lambda: any("sale.order.action_confirm" in r for r in cluster.sandbox.requests[before:]), 30,
             "the worker to reach the confirmation")
    main = cluster.workers[0]
    children = _children(main.pid)
    assert children, "the worker has no pool child to kill"
    for child in children:
        os.kill(child, signal.SIGKILL)
    wait_for(lambda: [d for d in cluster.docs("4600000003") if d.status == "posted"], 40,
             "the redelivered task to finish the document")
    orders = cluster.sale_orders("4600000003")
    assert len(orders) == 1 and orders[0]["state"] == "sale"
    [doc] = cluster.docs("4600000003")
    assert doc.odoo_refs["records"][0]["status"] == "resumed"
    assert b"Worker exited prematurely" in (cluster.root / "w1.log").read_bytes()


def test_unknown_item_fixed_crossref_then_resubmit_posts(cluster: Cluster, tmp_path: Path) -> None:
    import shutil

    partners = tmp_path / "partners"
    shutil.copytree(REPO / "trading_partners", partners)
    broken = (SAMPLES / "acme-retail" / "broken" / "850_unknown-item.edi").read_bytes()
    cluster.drop("acme-retail", "d.edi", broken)
    failed = wait_for(lambda: [d for d in cluster.docs("4500012360") if d.status == "failed"], 30,
                      "the unknown item to fail the order")
    assert failed[0].error_category == "master_data"
    profile = partners / "acme-retail.yaml"
    text = profile.read_text().replace(
        "  odoo_units:", '    - {odoo_product: GADGET-20, vendor_part: ZZ-999, upc: "012345999994"}\n  odoo_units:', 1)
    profile.write_text(text)
    env = {**cluster.env, "EDIGW_PARTNERS_DIR": str(partners)}
    cli = str(Path(sys.executable).parent / "edi-gateway")
    result = subprocess.run([cli, "documents", "resubmit", str(failed[0].id)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "posted" in result.stdout
    assert len(cluster.sale_orders("4500012360")) == 1


def test_outbound_850_whose_997_never_comes_is_overdue(cluster: Cluster) -> None:
    from gateway.mappings.service import translate_file
    from gateway.pipeline.context import Runtime
    from gateway.pipeline.outbound import create_outbound, deliver_outbox
    from gateway.pipeline.runner import local_mailboxes

    # A copy of ACME's profile that also receives 850s from us, with a one-second ack deadline.
    registry = PartnerRegistry.from_dir(REPO / "trading_partners")
    acme = registry.get("acme-retail")
    assert acme is not None
    documents = [*acme.documents, acme.documents[0].model_copy(update={"direction": "outbound"})]
    acks = acme.acks.model_copy(update={"their_ack_deadline_hours": Decimal("0.0003")})
    calendar = acme.calendar.model_copy(update={"workdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                                "holidays": []})
    ours = PartnerRegistry([acme.model_copy(update={"documents": documents, "acks": acks, "calendar": calendar}),
                            *[p for p in registry if p.id != "acme-retail"]])
    rt = Runtime(ledger=cluster.ledger, registry=ours, work_dir=cluster.root / "work",
                 transports=local_mailboxes(cluster.root / "out-mailboxes", ours))
    order = translate_file(SAMPLES / "acme-retail" / "850_PO-4500012345.edi", ours, "acme-retail")[0].document
    doc_id = create_outbound(rt, "acme-retail", "850", order)
    deliver_outbox(rt, "acme-retail")
    with cluster.ledger.reading() as s:
        assert s.get(Document, doc_id).status == "sent"  # type: ignore[union-attr]
    time.sleep(1.5)
    cluster.send("check_overdue")

    def overdue() -> bool:
        with cluster.ledger.reading() as s:
            return s.get(Document, doc_id).status == "overdue"  # type: ignore[union-attr]

    wait_for(overdue, 30, "the worker's deadline check to mark the 850 overdue")
