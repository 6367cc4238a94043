"""SFTP mailbox against a real OpenSSH sshd (see conftest.py): poll, send, half-written files,
crashes mid-transfer, host-key pinning, credentials, permissions, a large file, hostile names."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from gateway.transports import (
    AuthenticationError,
    HostKeyError,
    InboundFile,
    MailboxPolicy,
    RemotePermissionError,
    StabilityTracker,
    TransportError,
    TransportUnavailable,
    UnsafeNameError,
    poll,
)
from gateway.transports.sftp import SftpTransport
from tests.transports.conftest import SshServer, new_ed25519

pytestmark = pytest.mark.integration


class Ledger:
    """A stand-in for the ledger: stores bytes by hash, answers a duplicate with the first receipt."""

    def __init__(self) -> None:
        self.by_hash: dict[str, tuple[str, bytes]] = {}
        self.calls = 0

    def receive(self, file: InboundFile, data: bytes) -> str:
        self.calls += 1
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self.by_hash:
            self.by_hash[digest] = (f"r{len(self.by_hash) + 1}", data)
        return self.by_hash[digest][0]


def no_sleep(_: float) -> None:
    return None


def test_poll_downloads_commits_then_archives(sshd: SshServer) -> None:
    sshd.put("inbound", "po1.x12", b"ISA*first~")
    sshd.put("inbound", "po2.x12", b"ISA*second~")
    ledger = Ledger()
    with SftpTransport(sshd.config()) as t:
        result = poll(t, ledger.receive, sleep=no_sleep)
        assert sorted(f.name for f, _ in result.received) == ["po1.x12", "po2.x12"]
        assert result.failed == [] and result.rejected == []
        assert sorted(d for _, d in ledger.by_hash.values()) == [b"ISA*first~", b"ISA*second~"]
        assert list(sshd.path("inbound").iterdir()) == []
        assert sorted(p.name for p in sshd.path("archive").iterdir()) == ["po1.x12", "po2.x12"]
        meta = result.received[0][0].metadata()
        assert meta["remote_path"].startswith("/inbound/") and meta["mailbox"] == "acme-sftp"


def test_archive_never_overwrites_an_earlier_file_of_the_same_name(sshd: SshServer) -> None:
    sshd.put("archive", "po.x12", b"yesterday")
    sshd.put("inbound", "po.x12", b"today")
    with SftpTransport(sshd.config()) as t:
        (file,) = t.list()
        target = t.acknowledge(file)
    assert target is not None and target != "/archive/po.x12"
    assert sshd.path("archive", "po.x12").read_bytes() == b"yesterday"
    assert Path(sshd.chroot, target.lstrip("/")).read_bytes() == b"today"


def test_delete_mode_removes_the_file(sshd: SshServer) -> None:
    sshd.put("inbound", "po.x12", b"x")
    cfg = sshd.config(policy=MailboxPolicy(ack_mode="delete"))
    with SftpTransport(cfg) as t:
        result = poll(t, Ledger().receive, sleep=no_sleep)
    assert len(result.received) == 1
    assert list(sshd.path("inbound").iterdir()) == [] and list(sshd.path("archive").iterdir()) == []


def test_failed_commit_leaves_the_file_in_the_inbox(sshd: SshServer) -> None:
    sshd.put("inbound", "po.x12", b"x")

    def broken(file: InboundFile, data: bytes) -> str:
        raise RuntimeError("database is down")

    with SftpTransport(sshd.config()) as t:
        result = poll(t, broken, sleep=no_sleep)
    assert result.received == [] and "database is down" in result.failed[0][1]
    assert sshd.path("inbound", "po.x12").exists()


def test_send_uploads_under_a_temporary_name_then_renames(sshd: SshServer) -> None:
    seen: list[str] = []
    with SftpTransport(sshd.config(), progress=lambda path, done, total: seen.append(path)) as t:
        sent = t.send("ORDERS_0001.edi", b"UNA:+.? 'UNB+UNOC:3'")
        assert sent.remote_path == "/outbound/ORDERS_0001.edi"
        sent_again = t.send("ORDERS_0001.edi", b"replaced")  # posix-rename replaces atomically
    assert sent_again.size == 8
    assert sorted(p.name for p in sshd.path("outbound").iterdir()) == ["ORDERS_0001.edi"]
    assert sshd.path("outbound", "ORDERS_0001.edi").read_bytes() == b"replaced"
    assert seen and set(seen) == {"/outbound/ORDERS_0001.edi"}


def test_connection_is_reused_across_operations(sshd: SshServer) -> None:
    sshd.put("inbound", "a.x12", b"a")
    with SftpTransport(sshd.config()) as t:
        t.list()
        first = t._client
        (f,) = t.list()
        t.fetch(f)
        t.send("b.x12", b"b")
        assert t._client is first


def test_file_still_being_written_is_not_taken(sshd: SshServer) -> None:
    sshd.put("inbound", "big.x12", b"ISA*part one")
    sshd.put("inbound", "upload.x12.part", b"half")
    tracker = StabilityTracker()
    ledger = Ledger()
    with SftpTransport(sshd.config()) as t:
        first = poll(t, ledger.receive, tracker=tracker)
        assert first.received == [] and {f.name for f in first.waiting} == {"big.x12", "upload.x12.part"}
        with open(sshd.path("inbound", "big.x12"), "ab") as fh:
            fh.write(b"*part two~")
        second = poll(t, ledger.receive, tracker=tracker)
        assert second.received == []  # the size changed between the looks
        third = poll(t, ledger.receive, tracker=tracker)
        assert [f.name for f, _ in third.received] == ["big.x12"]
        assert sshd.path("inbound", "upload.x12.part").exists()  # temporary names are never taken
    assert [d for _, d in ledger.by_hash.values()] == [b"ISA*part one*part two~"]


def test_settle_window_sees_a_growing_file(sshd: SshServer) -> None:
    sshd.put("inbound", "po.x12", b"ISA*")

    def partner_keeps_writing(_: float) -> None:
        with open(sshd.path("inbound", "po.x12"), "ab") as fh:
            fh.write(b"more")

    with SftpTransport(sshd.config()) as t:
        result = poll(t, Ledger().receive, sleep=partner_keeps_writing)
    assert result.received == [] and [f.name for f in result.waiting] == ["po.x12"]


# paramiko's prefetch thread dies with EOFError when the server is killed under it; the download
# itself reports the loss through our TransportUnavailable, which is what this test checks.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_server_killed_mid_download_nothing_lost_or_doubled(sshd: SshServer) -> None:
    big = os.urandom(24 * 1024 * 1024)
    sshd.put("inbound", "a.x12", b"ISA*small a~")
    sshd.put("inbound", "big.x12", big)
    sshd.put("inbound", "z.x12", b"ISA*small z~")
    os.utime(sshd.path("inbound", "z.x12"), (2e9, 2e9))  # sorted last
    ledger = Ledger()

    def kill_during_big_download(path: str, done: int, total: int) -> None:
        if path.endswith("big.x12") and sshd.running():
            sshd.kill()

    with SftpTransport(sshd.config(), progress=kill_during_big_download, sleep=no_sleep) as t:
        first = poll(t, ledger.receive, sleep=no_sleep)
        assert "big.x12" in {f.name for f, _ in first.failed}
        assert "big.x12" not in {f.name for f, _ in first.received}
        assert all(isinstance(r, str) for _, r in first.failed)
        sshd.start()
    with SftpTransport(sshd.config()) as t:
        second = poll(t, ledger.receive, sleep=no_sleep)
    names = sorted(f.name for r in (first, second) for f, _ in r.received)
    assert names == ["a.x12", "big.x12", "z.x12"]
    assert len(ledger.by_hash) == 3
    assert hashlib.sha256(big).hexdigest() in ledger.by_hash
    assert list(sshd.path("inbound").iterdir()) == []
    assert sorted(p.name for p in sshd.path("archive").iterdir()) == ["a.x12", "big.x12", "z.x12"]


def test_crash_between_commit_and_archive_redelivers_once_as_duplicate(sshd: SshServer) -> None:
    sshd.put("inbound", "po.x12", b"ISA*once~")
    ledger = Ledger()

    def commit_then_crash(file: InboundFile, data: bytes) -> str:
        receipt = ledger.receive(file, data)
        sshd.kill()  # the server dies after our commit, before the file is archived
        return receipt

    with SftpTransport(sshd.config(), sleep=no_sleep) as t:
        first = poll(t, commit_then_crash, sleep=no_sleep)
    assert [f.name for f, _ in first.failed] == ["po.x12"] and len(first.received) == 1
    sshd.start()
    assert sshd.path("inbound", "po.x12").exists()
    with SftpTransport(sshd.config()) as t:
        second = poll(t, ledger.receive, sleep=no_sleep)
    assert ledger.calls == 2 and len(ledger.by_hash) == 1  # delivered twice, stored once
    assert second.received[0][1] == first.received[0][1]  # same receipt both times
    assert list(sshd.path("inbound").iterdir()) == []


def test_server_killed_mid_upload_then_resent(sshd: SshServer) -> None:
    payload = os.urandom(8 * 1024 * 1024)

    def kill_once(path: str, done: int, total: int) -> None:
        if sshd.running() and done < total:
            sshd.kill()

    with SftpTransport(sshd.config(), progress=kill_once, sleep=no_sleep) as t, \
            pytest.raises(TransportUnavailable):
        t.send("DESADV_7.edi", payload)
    assert not sshd.path("outbound", "DESADV_7.edi").exists()  # the partner never sees half a file
    sshd.start()
    with SftpTransport(sshd.config()) as t:
        t.send("DESADV_7.edi", payload)
    assert sorted(p.name for p in sshd.path("outbound").iterdir()) == ["DESADV_7.edi"]
    assert sshd.path("outbound", "DESADV_7.edi").read_bytes() == payload


def test_changed_host_key_is_refused(sshd: SshServer) -> None:
    _, other_public = new_ed25519()
    with pytest.raises(HostKeyError, match="changed"):
        SftpTransport(sshd.config(host_keys=(other_public,))).list()


def test_host_key_of_another_type_is_refused(sshd: SshServer) -> None:
    # An RSA key pinned for a server that only has ed25519: refused, never learned.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    rsa_line = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    cfg = sshd.config(host_keys=(rsa_line,))
    with pytest.raises(HostKeyError):
        SftpTransport(cfg).list()


def test_wrong_client_key_is_refused(sshd: SshServer, tmp_path: Path) -> None:
    private, _ = new_ed25519()
    key = tmp_path / "stranger"
    key.write_bytes(private)
    with pytest.raises(AuthenticationError) as err:
        SftpTransport(sshd.config(private_key=f"file:{key}")).list()
    assert not err.value.retryable and "refused our credentials" in str(err.value)


def test_password_from_env_secret(sshd: SshServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIGW_TEST_SFTP_PASSWORD", sshd.password)
    sshd.put("inbound", "po.x12", b"x")
    cfg = sshd.config(private_key=None, password="env:EDIGW_TEST_SFTP_PASSWORD")
    with SftpTransport(cfg) as t:
        assert [f.name for f in t.list()] == ["po.x12"]
    monkeypatch.setenv("EDIGW_TEST_SFTP_PASSWORD", "not-it")
    with pytest.raises(AuthenticationError) as err:
        SftpTransport(cfg).list()
    assert "not-it" not in str(err.value) and sshd.password not in str(err.value)


def test_permission_denied_is_reported_and_not_retried(sshd: SshServer) -> None:
    calls: list[float] = []
    with SftpTransport(sshd.config(outbox="/readonly"), sleep=calls.append) as t:
        with pytest.raises(RemotePermissionError, match="permission denied") as err:
            t.send("po.x12", b"x")
        assert "/readonly/po.x12" in str(err.value) and calls == []
    sshd.put("inbound", "secret.x12", b"x", mode=0o000)
    os.chown(sshd.path("inbound", "secret.x12"), 0, 0)
    with SftpTransport(sshd.config()) as t:
        result = poll(t, Ledger().receive, sleep=no_sleep)
    assert result.received == [] and "permission denied" in result.failed[0][1]
    assert sshd.path("inbound", "secret.x12").exists()


def test_large_file_round_trip_checksum(sshd: SshServer, tmp_path: Path) -> None:
    src = tmp_path / "large.x12"
    with open(src, "wb") as fh:
        for _ in range(50):
            fh.write(os.urandom(1024 * 1024))
    expected = hashlib.sha256(src.read_bytes()).hexdigest()
    with SftpTransport(sshd.config()) as t:
        sent = t.send("large.x12", src)
        assert sent.size == 50 * 1024 * 1024
        os.rename(sshd.path("outbound", "large.x12"), sshd.path("inbound", "large.x12"))
        (file,) = t.list()
        dest = tmp_path / "download.bin"
        assert t.fetch_to(file, dest) == file.size
    assert hashlib.sha256(dest.read_bytes()).hexdigest() == expected


def test_size_limit_moves_file_to_error_folder_with_reason(sshd: SshServer) -> None:
    sshd.put("inbound", "huge.x12", b"x" * 2000)
    cfg = sshd.config(policy=MailboxPolicy(max_size=1000))
    with SftpTransport(cfg) as t:
        result = poll(t, Ledger().receive, sleep=no_sleep)
    assert result.received == [] and "over this mailbox's limit of 1000 bytes" in result.rejected[0][1]
    assert sshd.path("error", "huge.x12").exists()
    assert "limit of 1000 bytes" in sshd.path("error", "huge.x12.reason.txt").read_text()


def test_traversal_and_control_names_are_refused(sshd: SshServer) -> None:
    sshd.put("inbound", "..\\..\\etc\\passwd", b"evil")
    sshd.put("inbound", "po\x1b[2J.x12", b"evil")
    sshd.put("inbound", "fine.x12", b"ok")
    ledger = Ledger()
    with SftpTransport(sshd.config()) as t:
        result = poll(t, ledger.receive, sleep=no_sleep)
        assert [f.name for f, _ in result.received] == ["fine.x12"]
        assert len(result.rejected) == 2 and ledger.calls == 1
        errors = sorted(p.name for p in sshd.path("error").iterdir())
        assert len(errors) == 4 and all(n.startswith("unsafe-") for n in errors)
        assert all("/" not in n and "\\" not in n and "\x1b" not in n for n in errors)
        with pytest.raises(UnsafeNameError):
            t.send("../outside.x12", b"x")
        forged = InboundFile("acme-sftp", "x.x12", 1, 0.0, "/inbound/../outbound/x.x12")
        with pytest.raises(TransportError, match="refused"):
            t.fetch(forged)


def test_unreachable_server_backs_off_then_gives_up() -> None:
    from tests.transports.conftest import free_port

    _, host_public = new_ed25519()
    delays: list[float] = []
    from gateway.transports.sftp_config import SftpConfig

    cfg = SftpConfig(mailbox="down", host="127.0.0.1", port=free_port(), username="u",
                     host_keys=(host_public,), password="env:UNUSED_PASSWORD_VAR", retries=3,
                     backoff_base=0.5, backoff_max=1.5, connect_timeout=1.0)
    os.environ["UNUSED_PASSWORD_VAR"] = "x"
    try:
        with pytest.raises(TransportUnavailable, match="cannot connect") as err:
            SftpTransport(cfg, sleep=delays.append).list()
    finally:
        del os.environ["UNUSED_PASSWORD_VAR"]
    assert err.value.retryable and len(delays) == 3
    assert 0.25 <= delays[0] <= 0.5 and 0.5 <= delays[1] <= 1.0 and 0.75 <= delays[2] <= 1.5


def test_silent_server_times_out() -> None:
    import socket

    _, host_public = new_ed25519()
    from gateway.transports.sftp_config import SftpConfig

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)  # accepts TCP but never says a word of SSH
        cfg = SftpConfig(mailbox="silent", host="127.0.0.1", port=listener.getsockname()[1], username="u",
                         host_keys=(host_public,), password="env:PATH", retries=0, connect_timeout=0.3)
        with pytest.raises(TransportUnavailable):
            SftpTransport(cfg).list()
