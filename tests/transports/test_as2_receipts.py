"""AS2 receipts: simultaneous first deliveries are serialised, undelivered async MDNs are retried.

The concurrency test runs our app under uvicorn on PostgreSQL (the production database) and has two
threads POST the same Message-ID at once. Both requests are held until each has passed the replay
check and opened its message, so both really race to store: exactly one interchange and one
receipt may result, and both answers must carry the same MDN. The payloads differ (a partner
resending with changed content, or a replay) so storing twice would show as two interchanges.
The other tests cover async MDNs we could not deliver: kept pending with backoff, retried by the
worker's ``send_as2`` beat task, delivered or dead-lettered; and receipts from before migration 0004.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from gateway.ledger import Ledger
from gateway.ledger.models import Event, Interchange
from gateway.ledger.runtime_state import As2Receipt
from gateway.ledger.types import utcnow
from gateway.transports.as2 import receiver as receiver_module
from gateway.transports.as2.message import build_message, new_message_id
from gateway.transports.as2.profiles import As2Directory
from gateway.transports.as2.receiver import As2Receiver, deliver_async_mdn, redeliver_due_mdns
from tests.ledger.conftest import migrated_pg_ledger
from tests.transports.as2_fixtures import Party, partner_profile
from tests.transports.as2_http_helpers import (  # noqa: F401 - fixtures
    PartnerServer,
    bob_route,
    bob_server,
    ledger,
    ledger_template,
    make_app,
    run_app,
)

pytestmark = pytest.mark.integration
PAYLOAD = b"ISA*00*          *00*          *ZZ*BOB            *ZZ*ALICE          *240101*1200*U*00401*000000001*0*P*>~"


@pytest.fixture
def pg_ledger() -> Iterator[Ledger]:
    """A fresh, migrated PostgreSQL ledger (skips when PostgreSQL is unreachable)."""
    yield from migrated_pg_ledger("edigw_as2")


def counts(ledger: Ledger) -> tuple[int, int, int]:  # noqa: F811
    """Interchanges, receipts and ``as2_mdn`` events in the ledger."""
    with ledger.reading() as s:
        return (s.scalar(select(func.count()).select_from(Interchange)) or 0,
                s.scalar(select(func.count()).select_from(As2Receipt)) or 0,
                s.scalar(select(func.count()).select_from(Event).where(Event.step == "as2_mdn")) or 0)


def test_two_simultaneous_first_deliveries_store_once_and_get_the_same_mdn(
        parties: dict[str, Party], pg_ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    alice, bob = parties["alice"], parties["bob"]
    directory = As2Directory([bob_route(bob, alice)])
    view_of_alice = partner_profile(alice, mdn_mode="sync", mdn_signed=True)
    message_id = new_message_id("bob.example")
    messages = [build_message(PAYLOAD + suffix, ours=bob.identity, partner=view_of_alice, filename="po.x12",
                              message_id=message_id) for suffix in (b"\r\n", b"\n")]
    both_opened = threading.Barrier(2, timeout=20)
    real_open = receiver_module.open_message

    def open_then_wait(*args: Any, **kwargs: Any) -> Any:
        opened = real_open(*args, **kwargs)
        both_opened.wait()  # both requests have passed the replay check: they now race to store
        return opened

    monkeypatch.setattr(receiver_module, "open_message", open_then_wait)
    answers: list[httpx.Response] = []
    serving = run_app(make_app(directory, pg_ledger))
    url = next(serving).url

    def post(i: int) -> None:
        answers.append(httpx.post(url, content=messages[i].body, headers=messages[i].headers, timeout=30))

    try:
        threads = [threading.Thread(target=post, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    finally:
        serving.close()
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].content == answers[1].content  # the loser answers with the winner's MDN
    assert answers[0].headers["message-id"] == answers[1].headers["message-id"]
    assert counts(pg_ledger) == (1, 1, 1)


def test_undelivered_async_mdn_is_retried_with_backoff_then_delivered(
        parties: dict[str, Party], ledger: Ledger) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    receiver = As2Receiver(As2Directory([bob_route(bob, alice)]), ledger)
    view = partner_profile(alice, mdn_mode="async", mdn_signed=True, async_mdn_url="http://bob.example/mdn")
    out = build_message(PAYLOAD, ours=bob.identity, partner=view, filename="po.x12")
    answer = receiver.handle(out.headers, out.body)
    assert answer.status == 200 and answer.deliver is not None
    down = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    assert not deliver_async_mdn(answer.deliver, ledger=ledger, retries=1, client=down, sleep=lambda _: None)
    with ledger.reading() as s:
        row = s.scalars(select(As2Receipt)).one()
        assert (row.delivery_status, row.delivery_attempts) == ("pending", 2)
        first_retry = row.next_attempt_at
    assert first_retry is not None and first_retry > utcnow()
    assert redeliver_due_mdns(ledger, client=down) == []  # not due yet: nothing sent
    posted: list[bytes] = []

    def partner_up(request: httpx.Request) -> httpx.Response:
        posted.append(request.content)
        return httpx.Response(200)

    up = httpx.Client(transport=httpx.MockTransport(partner_up))
    assert redeliver_due_mdns(ledger, client=up, now=first_retry + timedelta(seconds=1)) == [out.message_id]
    assert posted == [answer.deliver.mdn.body]  # the very MDN stored at receipt time
    with ledger.reading() as s:
        row = s.scalars(select(As2Receipt)).one()
        assert (row.delivery_status, row.delivery_attempts) == ("delivered", 3)
        outcomes = s.scalars(select(Event.outcome).where(Event.step == "as2_mdn_delivery").order_by(Event.id)).all()
    assert list(outcomes) == ["error", "ok"]
    assert redeliver_due_mdns(ledger, client=up, now=utcnow() + timedelta(days=2)) == []  # never again


def test_async_mdn_is_dead_lettered_after_the_last_attempt(
        parties: dict[str, Party], ledger: Ledger, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    receiver = As2Receiver(As2Directory([bob_route(bob, alice)]), ledger)
    view = partner_profile(alice, mdn_mode="async", mdn_signed=True, async_mdn_url="http://bob.example/mdn")
    out = build_message(PAYLOAD, ours=bob.identity, partner=view, filename="po.x12")
    answer = receiver.handle(out.headers, out.body)
    assert answer.deliver is not None
    down = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(502)))
    deliver_async_mdn(answer.deliver, ledger=ledger, retries=0, client=down, max_attempts=3)
    when = utcnow()
    for _ in range(5):
        when += timedelta(days=1)
        redeliver_due_mdns(ledger, client=down, now=when, max_attempts=3)
    with ledger.reading() as s:
        row = s.scalars(select(As2Receipt)).one()
        assert (row.delivery_status, row.delivery_attempts, row.last_error) == ("dead", 3, "HTTP 502")
        outcomes = s.scalars(select(Event.outcome).where(Event.step == "as2_mdn_delivery").order_by(Event.id)).all()
    assert list(outcomes) == ["error", "error", "dead_lettered"]
    assert "as2_async_mdn_dead_lettered" in caplog.text


def test_resend_after_the_receipt_still_gets_the_stored_mdn(parties: dict[str, Party], ledger: Ledger) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    receiver = As2Receiver(As2Directory([bob_route(bob, alice)]), ledger)
    view = partner_profile(alice, mdn_mode="sync", mdn_signed=True)
    out = build_message(PAYLOAD, ours=bob.identity, partner=view, filename="po.x12")
    first = receiver.handle(out.headers, out.body)
    again = receiver.handle(out.headers, out.body)
    assert again.replayed and again.body == first.body
    assert counts(ledger) == (1, 1, 1)


def test_receipts_recorded_before_the_receipts_table_are_still_replayed(
        parties: dict[str, Party], ledger: Ledger) -> None:  # noqa: F811
    import base64

    from gateway.ledger.events import record_event

    alice, bob = parties["alice"], parties["bob"]
    receiver = As2Receiver(As2Directory([bob_route(bob, alice)]), ledger)
    out = build_message(PAYLOAD, ours=bob.identity, partner=partner_profile(alice, mdn_mode="sync"),
                        filename="po.x12")
    old_mdn = b"an MDN stored by the previous release"
    ic = ledger.receive(PAYLOAD, mailbox="bob-as2", transport="as2", partner_id="bob-corp").interchange_id
    with ledger.transaction() as s:  # how releases before migration 0004 kept the MDN
        record_event(s, interchange_id=ic, step="as2_mdn", outcome="ok", actor="old", detail={
            "original_message_id": out.message_id, "as2_from": "bob", "mode": "sync", "async_url": None,
            "mdn_message_id": "<old@alice>", "headers": {"Content-Type": "text/plain"},
            "body_b64": base64.b64encode(old_mdn).decode()})
    again = receiver.handle(out.headers, out.body)
    assert again.replayed and again.body == old_mdn and again.interchange_id == ic


def test_the_send_as2_beat_task_redelivers_due_mdns(parties: dict[str, Party], ledger: Ledger,  # noqa: F811
                                                    bob_server: PartnerServer, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from types import SimpleNamespace

    from sqlalchemy import update

    from gateway import worker

    alice, bob = parties["alice"], parties["bob"]
    receiver = As2Receiver(As2Directory([bob_route(bob, alice)]), ledger)
    view = partner_profile(alice, mdn_mode="async", mdn_signed=True, async_mdn_url=bob_server.url + "/mdn")
    out = build_message(PAYLOAD, ours=bob.identity, partner=view, filename="po.x12")
    answer = receiver.handle(out.headers, out.body)
    assert answer.deliver is not None
    down = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503)))
    deliver_async_mdn(answer.deliver, ledger=ledger, retries=0, client=down)
    with ledger.transaction() as s:  # the backoff has passed
        s.execute(update(As2Receipt).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    monkeypatch.setattr(worker, "_runtime", SimpleNamespace(ledger=ledger, actor="worker:test"))
    monkeypatch.setattr(worker, "_as2", False)  # no AS2 sending configured: redelivery still runs
    assert worker.send_as2() == []
    [got] = bob_server.wait(1)
    assert got.body == answer.deliver.mdn.body
    with ledger.reading() as s:
        assert s.scalars(select(As2Receipt.delivery_status)).one() == "delivered"
