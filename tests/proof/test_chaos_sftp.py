"""sshd killed mid-transfer, with the real ledger on PostgreSQL: every file stored once, none lost.

The transports tests prove the same with an in-memory stand-in for the ledger; this proves it with
:meth:`gateway.ledger.Ledger.receive` on PostgreSQL, killing the real OpenSSH server (SIGKILL of
sshd and its session processes) once in the middle of a large download and once after the ledger
committed a file but before it was archived on the server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from gateway.ledger import Ledger
from gateway.ledger.models import Interchange
from gateway.transports import InboundFile
from gateway.transports.poll import poll
from gateway.transports.sftp import SftpTransport
from tests.ledger.conftest import create_pg_database, drop_pg_database
from tests.proof.test_fuzz_as2 import PAYLOAD
from tests.transports.conftest import SshServer, sshd, sshd_server  # noqa: F401 - fixtures

pytestmark = [pytest.mark.integration, pytest.mark.chaos]


def _no_sleep(_: float) -> None:
    pass


@pytest.fixture
def pg_ledger() -> Iterator[Ledger]:
    url = create_pg_database("edigw_chaos_sftp")
    led = Ledger.from_url(url)
    led.upgrade()
    try:
        yield led
    finally:
        led.dispose()
        drop_pg_database(url)


def _stored(ledger: Ledger) -> int:
    with ledger.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Interchange)) or 0)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_sshd_killed_mid_download_and_after_commit(sshd: SshServer, pg_ledger: Ledger) -> None:  # noqa: F811
    big = PAYLOAD.replace(b"~IEA", b"~" + b"X" * (12 * 1024 * 1024) + b"~IEA")
    files = {"a.x12": PAYLOAD.replace(b"000000001", b"000000011"), "big.x12": big,
             "c.x12": PAYLOAD.replace(b"000000001", b"000000013")}
    for name, data in files.items():
        sshd.put("inbound", name, data)
    os.utime(sshd.path("inbound", "c.x12"), (2e9, 2e9))

    def receive(file: InboundFile, data: bytes) -> int:
        return pg_ledger.receive(data, mailbox="acme-sftp", transport="sftp", partner_id="acme-retail",
                                 transport_meta=file.metadata()).interchange_id

    def kill_in_big(path: str, done: int, total: int) -> None:
        if path.endswith("big.x12") and sshd.running() and done > total // 3:
            sshd.kill()

    with SftpTransport(sshd.config(), progress=kill_in_big, sleep=_no_sleep) as t:
        first = poll(t, receive, sleep=_no_sleep)
    assert "big.x12" in {f.name for f, _ in first.failed}
    sshd.start()

    def commit_then_crash(file: InboundFile, data: bytes) -> int:
        receipt = receive(file, data)
        if sshd.running():
            sshd.kill()  # committed in the ledger, not yet archived on the server
        return receipt

    with SftpTransport(sshd.config(), sleep=_no_sleep) as t:
        poll(t, commit_then_crash, sleep=_no_sleep)
    sshd.start()
    for _ in range(3):  # the next polls take whatever is left
        with SftpTransport(sshd.config(), sleep=_no_sleep) as t:
            poll(t, receive, sleep=_no_sleep)
    assert list(sshd.path("inbound").iterdir()) == []
    assert sorted(p.name for p in sshd.path("archive").iterdir()) == sorted(files)
    assert _stored(pg_ledger) == 3  # each file once, though one was delivered twice
