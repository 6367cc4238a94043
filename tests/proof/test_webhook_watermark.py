"""The webhook watermark is shared through the ledger: no alert dropped or repeated across processes.

Two notifiers for one URL stand for two console processes; a new notifier stands for a restart.
Runs on PostgreSQL (where two consoles would share one ledger). Each exception event must reach
the webhook exactly once, including those recorded while no console was running.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from gateway.ledger import Ledger
from gateway.ledger.events import record_event
from gateway.web.webhooks import WebhookNotifier
from tests.ledger.conftest import migrated_pg_ledger

pytestmark = pytest.mark.integration
URL = "http://127.0.0.1:9/hook"


@pytest.fixture
def pg_ledger() -> Iterator[Ledger]:
    """A fresh, migrated PostgreSQL ledger (skips when PostgreSQL is unreachable)."""
    yield from migrated_pg_ledger("edigw_hook")


def exceptions(ledger: Ledger, n: int, tag: str) -> list[int]:
    """Record ``n`` failed events on a fresh interchange; return their ids."""
    ic = ledger.receive(tag.encode(), mailbox="m", transport="folder", partner_id="acme").interchange_id
    with ledger.transaction() as s:
        return [record_event(s, interchange_id=ic, step="post", outcome="failed", actor="test",
                             detail={"reason": f"{tag} {i}"}).id for i in range(n)]


def notifier(ledger: Ledger, seen: Counter[int], delay: float = 0.0) -> WebhookNotifier:
    """A notifier whose target counts the event ids it receives."""
    def handler(request: httpx.Request) -> httpx.Response:
        time.sleep(delay)
        seen[json.loads(request.content)["event_id"]] += 1
        return httpx.Response(204)

    return WebhookNotifier(ledger, URL, client=httpx.Client(transport=httpx.MockTransport(handler)))


def test_a_restart_neither_drops_nor_repeats_alerts(pg_ledger: Ledger) -> None:
    exceptions(pg_ledger, 2, "history")  # before any console: history is not replayed
    seen: Counter[int] = Counter()
    first = notifier(pg_ledger, seen)
    first.start_at_newest()
    before = exceptions(pg_ledger, 3, "live")
    assert first.deliver() == 3
    first.close()
    while_down = exceptions(pg_ledger, 2, "down")  # the console is stopped
    restarted = notifier(pg_ledger, seen)
    restarted.start_at_newest()
    assert restarted.deliver() == 2
    assert restarted.deliver() == 0
    assert seen == Counter(before + while_down)


def test_two_console_processes_post_each_alert_once(pg_ledger: Ledger) -> None:
    seen: Counter[int] = Counter()
    consoles = [notifier(pg_ledger, seen, delay=0.01) for _ in range(2)]
    for c in consoles:
        c.start_at_newest()
    ids = exceptions(pg_ledger, 20, "burst")
    stop = time.monotonic() + 10

    def loop(c: WebhookNotifier) -> None:
        while sum(seen.values()) < len(ids) and time.monotonic() < stop:
            c.deliver()

    threads = [threading.Thread(target=loop, args=(c,)) for c in consoles]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    for c in consoles:
        c.deliver()  # a last round after both loops: nothing may be left or repeated
    assert seen == Counter(ids)
