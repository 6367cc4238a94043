"""The Celery app: thin tasks over the pipeline steps, four queues, and the beat schedule.

Configured as ../shared/reference/libraries.md section 6 measured reliable with Redis: late acks,
reject on worker loss (a SIGKILLed pool child's message is redelivered at once), prefetch 1, a
visibility timeout above the longest task (``task_time_limit`` is kept well below it), and a
one-second unacked-restore sweep so a lost worker's message returns in about the visibility
timeout instead of ~100 s. Every task is idempotent on its ledger id, so a redelivery is safe:
the ledger refuses moves already made and the Odoo workflows resume by idempotency key.

Queues: ``inbound`` (poll, split), ``odoo`` (post, retry, outbound scan of Odoo), ``outbound`` (send), ``maintenance``
(ack deadlines, retry scan). Beat: one poll per mailbox (each under a Redis lock so overlapping
polls never fetch a file twice), the outbound scan of Odoo (850, 940, 856/DESADV, INVOIC; one
Redis lock), the outbox, ack deadlines and the retry scan. Run exactly one
beat. Settings (environment): EDIGW_BROKER_URL, EDIGW_DATABASE_URL / EDIGW_DATA_DIR,
EDIGW_ODOO_*, EDIGW_MAILBOX_ROOT (local folder mailboxes per partner; otherwise each profile's
transports), EDIGW_VISIBILITY_TIMEOUT (s, default 3600), EDIGW_TASK_TIME_LIMIT (s, default 600),
EDIGW_POLL_INTERVAL (s, default 30), EDIGW_POLL_SETTLE (s, default 1), EDIGW_RETRY_BASE (s, 30),
EDIGW_RETRY_MAX_ATTEMPTS (5), EDIGW_INLINE_POSTS (documents an interchange may have and still be
posted by the task that split it, default 20; 0 sends every post to the ``odoo`` queue),
EDIGW_SPLIT_BATCH (interchanges of one poll handled by one task, default 10; 1 gives a task each).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

import redis
from celery import Celery
from celery.signals import celeryd_after_setup, worker_process_init

from gateway.ledger.interchanges import PREFETCH_MAX_BYTES
from gateway.observability.celery import instrument_celery
from gateway.observability.metrics import record_mailbox_poll
from gateway.pipeline.context import Runtime
from gateway.pipeline.failures import RetryPolicy

log = logging.getLogger(__name__)


QUEUES = ("inbound", "odoo", "outbound", "maintenance")


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _broker_url() -> str:
    from gateway.settings import load_core_settings

    return os.environ.get("EDIGW_BROKER_URL") or load_core_settings().broker_url


VISIBILITY_TIMEOUT = int(_env_float("EDIGW_VISIBILITY_TIMEOUT", 3600))
TASK_TIME_LIMIT = int(_env_float("EDIGW_TASK_TIME_LIMIT", min(600, VISIBILITY_TIMEOUT // 2)))
if TASK_TIME_LIMIT >= VISIBILITY_TIMEOUT:
    raise RuntimeError("EDIGW_TASK_TIME_LIMIT must be below EDIGW_VISIBILITY_TIMEOUT, or a slow task runs twice")
POLL_INTERVAL = _env_float("EDIGW_POLL_INTERVAL", 30)
INLINE_POSTS = int(_env_float("EDIGW_INLINE_POSTS", 20))
SPLIT_BATCH = int(_env_float("EDIGW_SPLIT_BATCH", 10))
DELIVERY_DEBOUNCE = 30

app = Celery("edi_gateway", broker=_broker_url())
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_acks_on_failure_or_timeout=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    task_time_limit=TASK_TIME_LIMIT,
    task_soft_time_limit=max(1, int(TASK_TIME_LIMIT * 0.9)),
    broker_connection_retry_on_startup=True,
    broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT, "unacked_restore_interval": 1,
                              "unacked_restore_throttle": 1},
    task_default_queue="maintenance",
    task_routes={
        "gateway.worker.poll_mailbox": {"queue": "inbound"},
        "gateway.worker.process_interchange": {"queue": "inbound"},
        "gateway.worker.process_interchanges": {"queue": "inbound"},
        "gateway.worker.post_document": {"queue": "odoo"},
        "gateway.worker.scan_odoo_outbound": {"queue": "odoo"},
        "gateway.worker.deliver_outbox": {"queue": "outbound"},
        "gateway.worker.send_as2": {"queue": "outbound"},
        "gateway.worker.check_overdue": {"queue": "maintenance"},
        "gateway.worker.retry_scan": {"queue": "maintenance"},
        "gateway.worker.schedule_polls": {"queue": "maintenance"},
        "gateway.worker.sample_queues": {"queue": "maintenance"},
        "gateway.worker.purge_retention": {"queue": "maintenance"},
    },
    beat_schedule={
        "poll-mailboxes": {"task": "gateway.worker.schedule_polls", "schedule": POLL_INTERVAL},
        "retry-scan": {"task": "gateway.worker.retry_scan", "schedule": max(5.0, POLL_INTERVAL)},
        "odoo-outbound-scan": {"task": "gateway.worker.scan_odoo_outbound", "schedule": max(5.0, POLL_INTERVAL)},
        "ack-deadlines": {"task": "gateway.worker.check_overdue", "schedule": 300.0},
        "as2-send": {"task": "gateway.worker.send_as2", "schedule": max(5.0, POLL_INTERVAL)},
        "queue-depths": {"task": "gateway.worker.sample_queues", "schedule": 30.0},
        "retention": {"task": "gateway.worker.purge_retention", "schedule": 86400.0},
    },
)

instrument_celery(app)  # logging, correlation ids and metrics of gateway.observability

_runtime: Runtime | None = None
_serves_odoo = False  # set at worker start-up: whether this worker consumes the "odoo" queue


@celeryd_after_setup.connect
def _note_queues(instance: Any = None, **_kwargs: Any) -> None:
    """Remember, before the pool forks, whether this worker serves the ``odoo`` queue.

    Only such a worker posts inline (see :func:`process_interchange`): one started with ``-Q
    inbound`` alone must leave Odoo to the workers the operator dedicated to it.
    """
    global _serves_odoo
    try:
        _serves_odoo = "odoo" in instance.app.amqp.queues.consume_from
    except AttributeError:
        _serves_odoo = False


@worker_process_init.connect
def _warm_up(**_kwargs: Any) -> None:
    """Build the runtime (imports, profiles, engine) when a pool process starts, not inside a task."""
    try:
        runtime()
    except Exception:
        log.exception("could not prepare the pipeline runtime in this worker process")


def runtime() -> Runtime:
    """This worker process's runtime (built on first use, after the prefork fork)."""
    global _runtime
    if _runtime is None:
        _runtime = _build_runtime()
    return _runtime


def _build_runtime() -> Runtime:
    from gateway.ledger import Ledger
    from gateway.odoo.client import OdooClient
    from gateway.partners.registry import PartnerRegistry
    from gateway.pipeline.runner import local_mailboxes
    from gateway.settings import load_core_settings
    settings = load_core_settings()
    registry = PartnerRegistry.from_dir(Path(os.environ["EDIGW_PARTNERS_DIR"])
                                        if os.environ.get("EDIGW_PARTNERS_DIR") else None)
    root = os.environ.get("EDIGW_MAILBOX_ROOT")
    if root:
        transports = local_mailboxes(Path(root), registry)
    else:
        transports = open_polled_mailboxes(registry, Path(settings.data_dir))
    retry = RetryPolicy(max_attempts=int(_env_float("EDIGW_RETRY_MAX_ATTEMPTS", 5)),
                        base_seconds=_env_float("EDIGW_RETRY_BASE", 30))
    factory = OdooClient.from_env if os.environ.get("EDIGW_ODOO_URL") else None
    return Runtime(ledger=Ledger.from_settings(settings), registry=registry,
                   work_dir=Path(settings.data_dir) / "work", odoo_factory=factory, transports=transports,
                   retry=retry, actor=f"worker:{os.getpid()}")


def open_polled_mailboxes(registry: Any, data_dir: Path) -> dict[str, Any]:
    """Every local and SFTP mailbox of the profiles, opened; AS2 is not polled (partners POST to /as2).

    A mailbox whose entry cannot be opened (a missing pinned host key, an unreadable secret) is
    left out with an error in the log, so one partner's mistake does not stop every other
    partner's traffic; ``edi-gateway config check`` lists the same problems with their fix.
    """
    from gateway.errors import GatewayError
    from gateway.transports.factory import open_mailbox

    opened: dict[str, Any] = {}
    for profile in registry:
        for t in profile.transports:
            if t.kind == "as2":
                continue
            try:
                opened[t.name] = open_mailbox(t.name, t.kind, t.settings, t.secrets, base_dir=data_dir)
            except GatewayError as exc:
                log.error("mailbox %s of partner %s not opened: %s", t.name, profile.id, exc)
    return opened


_redis_client: tuple[int, redis.Redis] | None = None


def _redis() -> redis.Redis:
    """This process's Redis client on the broker (one connection pool per process, made after fork)."""
    global _redis_client
    if _redis_client is None or _redis_client[0] != os.getpid():
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry

        # a restarted Redis costs a reconnect and a retry, never a failed task
        _redis_client = (os.getpid(), redis.Redis.from_url(
            app.conf.broker_url, retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 3),
            retry_on_error=[redis.ConnectionError, redis.TimeoutError]))
    return _redis_client[1]


@app.task(name="gateway.worker.schedule_polls")
def schedule_polls() -> list[str]:
    """Queue one poll per configured mailbox (beat runs this)."""
    names = sorted(runtime().transports)
    for name in names:
        poll_mailbox.delay(name)
    return names


@app.task(name="gateway.worker.poll_mailbox")
def poll_mailbox(mailbox: str) -> list[int]:
    """Take the mailbox's complete files into the ledger under a Redis lock; queue each new interchange."""
    from gateway.transports.base import InboundFile
    from gateway.transports.poll import poll

    rt = runtime()
    transport = rt.transports[mailbox]
    lock = _redis().lock(f"edigw:poll:{mailbox}", timeout=max(60, TASK_TIME_LIMIT), blocking=False)
    if not lock.acquire(blocking=False):
        log.info("poll of %s skipped: another poll holds the lock", mailbox)
        return []
    partner = mailbox if rt.registry.get(mailbox) else _partner_of(rt, mailbox)
    new: list[int] = []
    large: list[int] = []

    def receive(file: InboundFile, data: bytes) -> int:
        result = rt.ledger.receive(data, mailbox=mailbox, transport=transport.kind, partner_id=partner,
                                   transport_meta=file.metadata(), actor=rt.actor)
        if not result.duplicate:
            (large if len(data) > PREFETCH_MAX_BYTES else new).append(result.interchange_id)
        return result.interchange_id

    ok = False
    try:
        poll(transport, receive, settle_seconds=_env_float("EDIGW_POLL_SETTLE", 1.0))
        ok = True
    finally:
        _release(lock, f"poll of {mailbox}")
        record_mailbox_poll(partner or "unknown", mailbox, ok)
    for chunk in split_batches(new, SPLIT_BATCH):
        process_interchanges.delay(chunk)
    for ic_id in large:  # a big file gets a task of its own: a batch of them could outrun the time limit
        process_interchange.delay(ic_id)
    return new + large


def split_batches(ids: list[int], size: int, spread: int = 4) -> list[list[int]]:
    """Cut the interchange ids of one poll into contiguous batches for :func:`process_interchanges`.

    Batches hold at most ``size`` ids, and a poll that found a few files still makes up to
    ``spread`` batches so idle workers share them; ``size <= 1`` gives one id per batch.
    """
    if not ids:
        return []
    count = len(ids) if size <= 1 else max(-(-len(ids) // size), min(len(ids), spread))
    base, extra = divmod(len(ids), count)
    out, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        out.append(ids[start:end])
        start = end
    return out


def _partner_of(rt: Runtime, mailbox: str) -> str | None:
    for profile in rt.registry:
        if any(t.name == mailbox for t in profile.transports):
            return profile.id
    return None


@app.task(name="gateway.worker.process_interchange")
def process_interchange(interchange_id: int) -> list[int]:
    """Split, check, acknowledge and translate one interchange, then post its documents.

    The single-interchange form of :func:`process_interchanges` (the retry scan queues it for a
    stalled interchange).
    """
    rt = runtime()
    documents, partner = _split_and_post(rt, interchange_id)
    if partner:
        request_delivery(rt.outbound_mailbox(partner))  # our ack to this partner
    return documents


@app.task(name="gateway.worker.process_interchanges")
def process_interchanges(interchange_ids: list[int]) -> list[int]:
    """Split, acknowledge, translate and post a batch of interchanges of one poll, one after another.

    One task per batch instead of one per file: Celery's own cost per task (broker round trips,
    the hand-over to the pool child, signals) is paid once for up to EDIGW_SPLIT_BATCH files. Each
    interchange still has its own transactions and is idempotent, so a redelivered batch (the
    worker died in the middle) skips what was split and posts what is still ``translated``. Our
    acks are delivered by one :func:`deliver_outbox` request per partner mailbox for the batch.
    """
    from gateway.pipeline.inbound import prefetch

    rt = runtime()
    documents: list[int] = []
    partners: set[str] = set()
    stored = prefetch(rt, interchange_ids)
    for interchange_id in interchange_ids:
        try:
            done, partner = _split_and_post(rt, interchange_id, stored.pop(interchange_id, None))
        except Exception:  # one bad interchange must not hold back the rest of the batch
            log.exception("interchange %s failed in its batch; queued on its own", interchange_id)
            process_interchange.delay(interchange_id)
            continue
        documents += done
        if partner:
            partners.add(partner)
    for partner in sorted(partners):
        request_delivery(rt.outbound_mailbox(partner))
    return documents


def _split_and_post(rt: Runtime, interchange_id: int, stored: Any = None) -> tuple[list[int], str | None]:
    """Split one interchange and post its documents; return them and the known partner (for the ack).

    When this worker also serves the ``odoo`` queue, an interchange of up to EDIGW_INLINE_POSTS
    documents (default 20, the usual one-order file) is posted right here: no task per document.
    Larger interchanges, and workers that do not serve ``odoo``, fan the posts out to the ``odoo``
    queue so several workers share them and no task runs long. A redelivered task (the worker
    died while posting) finds the split done and posts what is still ``translated``; a post that
    raises is handed to the ``odoo`` queue instead of being lost.
    """
    from gateway.pipeline.inbound import process_interchange as step
    from gateway.pipeline.inbound import translated_documents
    from gateway.pipeline.posting import post_document as post_step

    outcome = step(rt, interchange_id, post=False, stored=stored)
    documents = translated_documents(rt, interchange_id) if outcome.skipped else outcome.documents
    if not _serves_odoo or len(documents) > INLINE_POSTS:
        for doc_id in documents:
            post_document.delay(doc_id)
    else:
        for doc_id in documents:
            try:
                fresh = outcome.fresh.get(doc_id)
                if fresh is not None:  # created by this task a moment ago: no other task knows it
                    post_step(rt, doc_id, fresh=fresh)
                else:  # left by an earlier run: the sweep may have queued it too
                    _post_exclusively(rt, doc_id)
            except Exception:  # a ledger or programming error: log it, let the odoo queue try again
                log.exception("inline post of document %s failed; queued on the odoo queue", doc_id)
                post_document.delay(doc_id)
    partner = outcome.partner_id if outcome.partner_id and rt.registry.get(outcome.partner_id) else None
    return outcome.documents, partner


def request_delivery(mailbox: str) -> bool:
    """Queue a :func:`deliver_outbox` task for ``mailbox`` unless one is already waiting.

    A Redis key (``SET NX``, expiring after DELIVERY_DEBOUNCE seconds) marks a queued delivery;
    the task clears it before it claims entries, so an entry committed after that claim always
    gets a new task. If the task is lost the key expires, and the retry scan queues deliveries
    of every mailbox anyway. Returns whether a task was queued.
    """
    if not _redis().set(f"edigw:deliver:{mailbox}", "1", nx=True, ex=DELIVERY_DEBOUNCE):
        return False
    deliver_outbox.delay(mailbox)
    return True


@app.task(name="gateway.worker.post_document")
def post_document(document_id: int) -> str:
    """Post one translated (or due-for-retry) document to Odoo, never in two workers at once.

    The same document can be queued twice (a stranded-post sweep while its first task still waits
    in a backlog, a retry scan racing a redelivery). A Redis mark (``SET NX``, expiring after the
    task time limit) makes the second task stand back while the first posts; the row lock alone
    covers only the claim, not the Odoo call, and two simultaneous calls could both miss the
    idempotency key and create two orders. If the holder dies, the mark expires and the sweep
    queues the document again.
    """
    return _post_exclusively(runtime(), document_id)


def _post_exclusively(rt: Runtime, document_id: int) -> str:
    """Post under the document's Redis mark (see :func:`post_document`); stand back if another task holds it."""
    from gateway.pipeline.posting import post_document as step

    key = f"edigw:posting:{document_id}"
    if not _redis().set(key, "1", nx=True, ex=max(1, TASK_TIME_LIMIT)):
        log.info("document %s is being posted by another task; this one stands back", document_id)
        return "posting elsewhere"
    try:
        return step(rt, document_id)
    finally:
        try:
            _redis().delete(key)
        except redis.RedisError as exc:  # the mark expires on its own; the post itself is recorded
            log.warning("document %s: its posting mark could not be cleared (%s); it expires by itself",
                        document_id, exc)


@app.task(name="gateway.worker.deliver_outbox")
def deliver_outbox(mailbox: str) -> list[int]:
    """Send the due outbox entries of one mailbox (clearing the :func:`request_delivery` mark first)."""
    from gateway.pipeline.outbound import deliver_outbox as step

    _redis().delete(f"edigw:deliver:{mailbox}")
    return step(runtime(), mailbox)


@app.task(name="gateway.worker.retry_scan")
def retry_scan() -> list[int]:
    """Queue a post for every failed document whose retry time has come, a split for every interchange
    received but left unsplit longer than a task may run, and the outbox sends."""
    from gateway.ledger import documents as docs
    from gateway.ledger import interchanges
    from gateway.ledger.types import utcnow

    rt = runtime()
    with rt.ledger.reading() as s:
        due = [d.id for d in docs.due_for_retry(s)]
        stalled = [ic.id for ic in interchanges.unprocessed_inbound(
            s, received_before=utcnow() - dt.timedelta(seconds=TASK_TIME_LIMIT))]
        stranded = _stranded_posts(s, utcnow() - dt.timedelta(seconds=TASK_TIME_LIMIT))
    for doc_id in due:
        post_document.delay(doc_id)
    for doc_id in stranded:  # translated, but its post task was lost (broker restart, time limit, a crash
        if _first_requeue("post", doc_id):  # between split and queueing); posting is idempotent
            post_document.delay(doc_id)
    for ic_id in stalled:  # received, but the task that should split it was lost
        if _first_requeue("split", ic_id):
            process_interchange.delay(ic_id)
    for name in rt.transports:
        deliver_outbox.delay(name)
    return due


@app.task(name="gateway.worker.scan_odoo_outbound")
def scan_odoo_outbound() -> list[int]:
    """Read Odoo for outbound documents (850, 940, 856/DESADV, INVOIC) under one Redis lock; queue the sends.

    The lock keeps two scans from both finding the same record new; the watermark, dedupe and
    crash resume are the pipeline's (``gateway.pipeline.odoo_out_scan``).
    """
    from sqlalchemy import select

    from gateway.ledger.models import Document
    from gateway.pipeline.odoo_out import scan_odoo_outbound as step

    rt = runtime()
    if rt.odoo_factory is None:
        return []
    lock = _redis().lock("edigw:scan:odoo-outbound", timeout=max(60, TASK_TIME_LIMIT), blocking=False)
    if not lock.acquire(blocking=False):
        log.info("outbound scan skipped: another scan holds the lock")
        return []
    try:
        report = step(rt)
    finally:
        lock.release()
    if report.created:
        with rt.ledger.reading() as s:
            partners = set(s.scalars(select(Document.partner_id).where(Document.id.in_(report.created))))
        for partner in sorted(partners):
            deliver_outbox.delay(rt.outbound_mailbox(partner))
    return report.created


@app.task(name="gateway.worker.sample_queues")
def sample_queues() -> dict[str, int]:
    """Record the length of every gateway queue in ``edigw_queue_depth`` (beat runs this)."""
    from gateway.observability.celery import sample_queue_depths

    return sample_queue_depths(app.conf.broker_url, QUEUES)


@app.task(name="gateway.worker.send_as2")
def send_as2() -> list[tuple[int, str]]:
    """Send the due outbox entries of every AS2 partner (sign, encrypt, MDN) and flag overdue MDNs.

    Also retries the async MDNs we owe partners whose delivery failed (backoff and dead letter in
    :mod:`gateway.transports.as2.mdn_store`); that needs only the ledger, not a sender.
    """
    from gateway.transports.as2.receiver import redeliver_due_mdns

    redeliver_due_mdns(runtime().ledger, actor=runtime().actor)
    sender = _as2_sender()
    if sender is None:
        return []
    sent = sender.send_outbox()
    sender.flag_overdue()
    return sent


@app.task(name="gateway.worker.purge_retention")
def purge_retention() -> int:
    """Purge raw bytes past ``retention_days`` (:mod:`gateway.ledger.retention`; nothing when it is 0),
    then prune the local mailboxes' archive folders that set ``archive_retention_days``."""
    from gateway.ledger.retention import purge
    from gateway.settings import load_core_settings

    days = load_core_settings().retention_days
    contents = 0
    if days > 0:
        report = purge(runtime().ledger, retention_days=days, actor=runtime().actor)
        log.info("%s", report.summary())
        contents = report.contents
    prune_local_archives()
    return contents


def prune_local_archives() -> list[Any]:
    """Prune each local mailbox's archive past its ``archive_retention_days`` (SFTP archives are the partner's)."""
    from gateway.ledger.retention import prune_archives

    return prune_archives(runtime().ledger, runtime().transports.values())


_as2: Any = None


def _as2_sender() -> Any:
    """This process's AS2 sender, or None when no partner uses AS2 or its entries cannot be used."""
    global _as2
    if _as2 is None:
        from gateway.errors import GatewayError
        from gateway.settings import load_core_settings
        from gateway.transports.as2.profiles import As2Directory
        from gateway.transports.as2.sender import As2Sender

        rt = runtime()
        try:
            directory = As2Directory.from_profiles(rt.registry, base_dir=Path(load_core_settings().data_dir))
        except GatewayError as exc:
            log.error("AS2 sending disabled: %s", exc)
            _as2 = False
            return None
        _as2 = As2Sender(directory, rt.ledger, actor=rt.actor) if directory.routes() else False
    return _as2 or None


def _first_requeue(kind: str, ident: int) -> bool:
    """Whether the sweep should re-queue ``kind`` work for ``ident`` now: once per task time limit.

    Under a backlog (or a scan every few seconds), a stranded document stays ``translated`` while
    its re-queued post waits in the queue; without this mark every scan queued it again, filling
    the ``odoo`` queue with copies the worker then had to drain before new work. The mark is a
    Redis key (``SET NX`` with the time limit as expiry): if the re-queued task is lost too (Redis
    restarted again), the key went with it or expires, and a later scan queues it once more.
    """
    return bool(_redis().set(f"edigw:requeued:{kind}:{ident}", "1", nx=True, ex=max(1, TASK_TIME_LIMIT)))


def _release(lock: Any, what: str) -> None:
    """Release a Redis lock that may have vanished with a Redis restart (then there is nothing to release).

    A poll that straddles a Redis restart has already committed its files to the ledger; raising
    here would skip queueing their splits (leaving them to the stalled-interchange sweep).
    """
    try:
        lock.release()
    except redis.exceptions.LockError:
        log.warning("%s: its Redis lock was gone at release (Redis restarted or the lock expired)", what)


def _stranded_posts(session: Any, before: dt.datetime) -> list[int]:
    """Inbound documents left ``translated`` since before ``before``: no live task can still hold them."""
    from sqlalchemy import select

    from gateway.ledger.models import Document

    return list(session.scalars(select(Document.id).where(
        Document.direction == "inbound", Document.status == "translated", Document.updated_at < before)
        .order_by(Document.id).limit(100)))


@app.task(name="gateway.worker.check_overdue")
def check_overdue() -> list[int]:
    """Flag acknowledgments past their deadline and alert."""
    from gateway.pipeline.reconcile import check_overdue as step

    return step(runtime())


def worker_argv(queues: str, concurrency: int, extra: tuple[str, ...] = ()) -> list[str]:
    """Arguments for ``celery worker`` as libraries.md found reliable (prefork, no gossip/mingle/heartbeat)."""
    return ["worker", "-Q", queues, "-c", str(concurrency), "-P", "prefork", "--without-gossip",
            "--without-mingle", "--without-heartbeat", "--loglevel", "INFO", *extra]


def main_worker(argv: list[str]) -> Any:
    """Start a worker in this process (``edi-gateway worker``)."""
    return app.worker_main(argv)
