"""receive(): durable before it returns, byte-exact, and duplicates recorded without a second row."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gateway.errors import GatewayError
from gateway.ledger import Ledger
from gateway.ledger.db import LedgerConfigError
from gateway.ledger.events import timeline
from gateway.ledger.interchanges import (
    mark_processed,
    raw_content,
    set_envelope,
    store_outbound,
    unprocessed_inbound,
)
from gateway.ledger.models import Interchange, RawContent

BINARY = bytes(range(256)) * 3 + b"ISA*00*~\r\n\x00\xff"


def _receive_and_die(url: str, content: bytes, conn) -> None:  # type: ignore[no-untyped-def]
    ledger = Ledger.from_url(url)
    result = ledger.receive(content, mailbox="acme-in", transport="sftp", partner_id="acme",
                            transport_meta={"remote_path": "/out/po1.edi"})
    conn.send(result.interchange_id)
    conn.close()
    os._exit(0)  # no clean shutdown: what was promised must already be on disk


def test_receive_is_durable_when_it_returns(ledger: Ledger, ledger_url: str) -> None:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_receive_and_die, args=(ledger_url, BINARY, child))
    proc.start()
    interchange_id = parent.recv()
    proc.join(30)
    assert proc.exitcode == 0
    other = Ledger.from_url(ledger_url)  # a new engine: nothing shared with the writer
    try:
        with other.transaction() as s:
            assert raw_content(s, interchange_id) == BINARY
            ic = s.get(Interchange, interchange_id)
            assert ic is not None
            assert (ic.partner_id, ic.mailbox, ic.transport, ic.size) == ("acme", "acme-in", "sftp", len(BINARY))
            assert ic.transport_meta == {"remote_path": "/out/po1.edi"}
            assert ic.occurred_at.tzinfo is not None
            assert [e.step for e in timeline(s, interchange_id=interchange_id)] == ["receive"]
    finally:
        other.dispose()


def test_duplicate_records_second_arrival_as_event(ledger: Ledger) -> None:
    first = ledger.receive(b"ISA*one~", mailbox="acme-in", transport="sftp", partner_id="acme",
                           transport_meta={"remote_path": "/a.edi"})
    second = ledger.receive(b"ISA*one~", mailbox="acme-in", transport="sftp", partner_id="acme",
                            transport_meta={"remote_path": "/b.edi"})
    assert not first.duplicate
    assert second.duplicate
    assert second.interchange_id == first.interchange_id
    with ledger.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Interchange)) == 1
        events = timeline(s, interchange_id=first.interchange_id)
        assert [(e.step, e.outcome) for e in events] == [("receive", "ok"), ("receive", "duplicate")]
        assert events[1].detail["transport_meta"] == {"remote_path": "/b.edi"}


def test_same_bytes_from_another_partner_is_not_a_duplicate_and_bytes_stored_once(ledger: Ledger) -> None:
    a = ledger.receive(b"ISA*same~", mailbox="m1", transport="sftp", partner_id="acme")
    b = ledger.receive(b"ISA*same~", mailbox="m2", transport="sftp", partner_id="globex")
    assert not a.duplicate and not b.duplicate
    assert a.interchange_id != b.interchange_id
    with ledger.transaction() as s:
        assert s.scalar(select(func.count()).select_from(RawContent)) == 1


def test_unknown_partner_dedupes_per_mailbox(ledger: Ledger) -> None:
    a = ledger.receive(b"ISA*van~", mailbox="van", transport="sftp")
    b = ledger.receive(b"ISA*van~", mailbox="van", transport="sftp")
    c = ledger.receive(b"ISA*van~", mailbox="other", transport="sftp")
    assert b.duplicate and b.interchange_id == a.interchange_id
    assert not c.duplicate


def test_concurrent_receives_of_the_same_file_create_one_interchange(ledger: Ledger) -> None:
    def deliver(i: int) -> bool:
        return ledger.receive(b"ISA*race~", mailbox="m", transport="as2", partner_id="acme",
                              transport_meta={"message_id": f"<{i}@partner>"}).duplicate

    with ThreadPoolExecutor(max_workers=6) as pool:
        duplicates = list(pool.map(deliver, range(12)))
    assert duplicates.count(False) == 1
    with ledger.transaction() as s:
        ic_id = s.scalars(select(Interchange.id)).one()
        outcomes = [e.outcome for e in timeline(s, interchange_id=ic_id)]
    assert outcomes.count("ok") == 1 and outcomes.count("duplicate") == 11


def test_set_envelope_fills_partner_but_refuses_a_mismatch(ledger: Ledger) -> None:
    shared = ledger.receive(b"ISA*x~", mailbox="van", transport="sftp")
    own = ledger.receive(b"ISA*y~", mailbox="acme-in", transport="sftp", partner_id="acme")
    with ledger.transaction() as s:
        ic = set_envelope(s, shared.interchange_id, syntax="x12", sender_id="ZZ:ACME", receiver_id="ZZ:US",
                          control_number="000000001", partner_id="acme")
        assert ic.partner_id == "acme" and ic.control_number == "000000001"
    with ledger.transaction() as s, pytest.raises(GatewayError, match=r"evil.*acme"):
        set_envelope(s, own.interchange_id, syntax="x12", sender_id="ZZ:EVIL", receiver_id="ZZ:US",
                     control_number="1", partner_id="evil")


def test_sqlite_connections_are_durable_and_checked(tmp_path: Path) -> None:
    ledger = Ledger.from_url(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    try:
        with ledger.engine.connect() as conn:
            pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                      for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")}
    finally:
        ledger.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 30000}


def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(LedgerConfigError, match="SQLite file"):
        Ledger.from_url("sqlite://")


def test_reading_does_not_block_a_writer(ledger: Ledger) -> None:
    first = ledger.receive(b"ISA*r~", mailbox="m", transport="folder", partner_id="acme")
    with ledger.reading() as s:
        assert raw_content(s, first.interchange_id) == b"ISA*r~"
        second = ledger.receive(b"ISA*w~", mailbox="m", transport="folder", partner_id="acme")  # not blocked
    assert not second.duplicate


def test_unprocessed_inbound_is_what_a_restart_resumes(ledger: Ledger) -> None:
    a = ledger.receive(b"ISA*a~", mailbox="m", transport="folder", partner_id="acme")
    b = ledger.receive(b"ISA*b~", mailbox="m", transport="folder", partner_id="acme")
    with ledger.transaction() as s:
        assert [i.id for i in unprocessed_inbound(s)] == [a.interchange_id, b.interchange_id]
        mark_processed(s, a.interchange_id, actor="w1", documents=3)
    with ledger.transaction() as s:
        assert [i.id for i in unprocessed_inbound(s)] == [b.interchange_id]
        assert timeline(s, interchange_id=a.interchange_id)[-1].detail == {"documents": 3}


def test_storing_the_same_outbound_bytes_twice_is_refused(ledger: Ledger) -> None:
    args = {"partner_id": "acme", "mailbox": "out", "transport": "sftp", "syntax": "x12", "sender_id": "US",
            "receiver_id": "ACME", "control_number": "1"}
    with ledger.transaction() as s:
        first = store_outbound(s, b"ISA*out~", **args)
    with pytest.raises(GatewayError, match=f"outbound interchange {first}"), ledger.transaction() as s:
        store_outbound(s, b"ISA*out~", **args)
