"""Local-folder mailbox and the poll loop: order of steps, crash safety, limits, hostile input."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from gateway.transports import (
    FileTooLargeError,
    InboundFile,
    LocalFolderTransport,
    MailboxPolicy,
    RemotePermissionError,
    StabilityTracker,
    Transport,
    TransportError,
    UnsafeNameError,
    poll,
)


class Ledger:
    """Stores bytes by hash; a second copy gets the first receipt back."""

    def __init__(self) -> None:
        self.by_hash: dict[str, str] = {}
        self.calls = 0

    def receive(self, file: InboundFile, data: bytes) -> str:
        self.calls += 1
        return self.by_hash.setdefault(hashlib.sha256(data).hexdigest(), f"r{len(self.by_hash) + 1}")


def box(tmp_path: Path, **policy: object) -> LocalFolderTransport:
    return LocalFolderTransport.under(tmp_path / "acme", "acme-local", MailboxPolicy(**policy))  # type: ignore[arg-type]


def no_sleep(_: float) -> None:
    return None


def test_poll_receives_then_archives(tmp_path: Path) -> None:
    t = box(tmp_path)
    (t.inbox / "b.x12").write_bytes(b"B")
    (t.inbox / "a.x12").write_bytes(b"A")
    os.utime(t.inbox / "b.x12", (1e9, 1e9))
    ledger = Ledger()
    result = poll(t, ledger.receive, sleep=no_sleep)
    assert [f.name for f, _ in result.received] == ["b.x12", "a.x12"]  # oldest first
    assert sorted(p.name for p in t.archive.iterdir()) == ["a.x12", "b.x12"]
    assert list(t.inbox.iterdir()) == []


def test_acknowledge_happens_only_after_receive_returns(tmp_path: Path) -> None:
    t = box(tmp_path)
    (t.inbox / "po.x12").write_bytes(b"PO")

    def receive(file: InboundFile, data: bytes) -> str:
        assert (t.inbox / "po.x12").exists(), "the file must still be in the inbox during the commit"
        return "r1"

    assert len(poll(t, receive, sleep=no_sleep).received) == 1


class FlakyAck(LocalFolderTransport):
    """Crashes once in acknowledge, like a process killed between commit and archive."""

    crashed = False

    def acknowledge(self, file: InboundFile) -> str | None:
        if not self.crashed:
            self.crashed = True
            raise TransportError("simulated crash before archive", mailbox=self.mailbox)
        return super().acknowledge(file)


def test_crash_between_commit_and_ack_redelivers_without_doubling(tmp_path: Path) -> None:
    t = FlakyAck.under(tmp_path / "acme", "acme-local")
    (t.inbox / "po.x12").write_bytes(b"PO")
    ledger = Ledger()
    first = poll(t, ledger.receive, sleep=no_sleep)
    assert "not removed from the inbox" in first.failed[0][1]
    second = poll(t, ledger.receive, sleep=no_sleep)
    assert ledger.calls == 2 and len(ledger.by_hash) == 1
    assert first.received[0][1] == second.received[0][1]
    assert list(t.inbox.iterdir()) == []


def test_failing_commit_keeps_the_file(tmp_path: Path) -> None:
    t = box(tmp_path)
    (t.inbox / "po.x12").write_bytes(b"PO")

    def broken(file: InboundFile, data: bytes) -> str:
        raise OSError("disk full")

    result = poll(t, broken, sleep=no_sleep)
    assert result.received == [] and "disk full" in result.failed[0][1]
    assert (t.inbox / "po.x12").exists()


def test_temporary_and_growing_files_wait(tmp_path: Path) -> None:
    t = box(tmp_path)
    (t.inbox / "po.x12.tmp").write_bytes(b"half")
    (t.inbox / "po.x12").write_bytes(b"ISA")
    tracker = StabilityTracker()
    assert poll(t, Ledger().receive, tracker=tracker).received == []
    with open(t.inbox / "po.x12", "ab") as fh:
        fh.write(b"*more")
    assert poll(t, Ledger().receive, tracker=tracker).received == []
    third = poll(t, Ledger().receive, tracker=tracker)
    assert [f.name for f, _ in third.received] == ["po.x12"]
    assert (t.inbox / "po.x12.tmp").exists()


def test_file_changed_between_listing_and_read_waits(tmp_path: Path) -> None:
    t = box(tmp_path)
    (t.inbox / "po.x12").write_bytes(b"ISA")

    class Growing(LocalFolderTransport):
        def fetch(self, file: InboundFile) -> bytes:
            return super().fetch(file) + b"+appended meanwhile"

    g = Growing.under(tmp_path / "acme", "acme-local")
    result = poll(g, Ledger().receive, sleep=no_sleep)
    assert result.received == [] and [f.name for f in result.waiting] == ["po.x12"]
    assert (t.inbox / "po.x12").exists()


def test_size_limit_rejects_with_reason(tmp_path: Path) -> None:
    t = box(tmp_path, max_size=10)
    (t.inbox / "big.x12").write_bytes(b"x" * 11)
    result = poll(t, Ledger().receive, sleep=no_sleep)
    assert "over this mailbox's limit of 10 bytes" in result.rejected[0][1]
    assert (t.error / "big.x12").read_bytes() == b"x" * 11
    assert "limit of 10 bytes" in (t.error / "big.x12.reason.txt").read_text()
    (t.inbox / "grow.x12").write_bytes(b"x" * 5)
    (f,) = t.list()
    (t.inbox / "grow.x12").write_bytes(b"x" * 50)  # grew after listing
    with pytest.raises(FileTooLargeError):
        t.fetch(f)


def test_links_folders_and_hostile_names(tmp_path: Path) -> None:
    t = box(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    (t.inbox / "link.x12").symlink_to(secret)
    (t.inbox / "folder.x12").mkdir()
    (t.inbox / "..\\..\\etc\\passwd").write_bytes(b"evil")
    (t.inbox / "ok\x07.x12").write_bytes(b"evil")
    ledger = Ledger()
    result = poll(t, ledger.receive, sleep=no_sleep)
    assert ledger.calls == 0 and len(result.rejected) == 2
    assert {p.name for p in t.inbox.iterdir()} == {"link.x12", "folder.x12"}
    assert all(p.name.startswith("unsafe-") for p in t.error.iterdir())
    forged = InboundFile("acme-local", "link.x12", 11, 0.0, str(t.inbox / "link.x12"))
    with pytest.raises(TransportError, match="link"):
        t.fetch(forged)
    with pytest.raises(UnsafeNameError):
        t.send("../../escape.x12", b"x")
    outside = InboundFile("acme-local", "../../secret.txt", 11, 0.0, str(secret))
    for op in (t.fetch, t.acknowledge, lambda f: t.reject(f, "no")):
        with pytest.raises(UnsafeNameError):
            op(outside)
    assert secret.read_text() == "do not read"


def test_send_is_atomic_and_streams_paths(tmp_path: Path) -> None:
    t = box(tmp_path)
    sent = t.send("PO_1.x12", b"ISA*1~")
    assert Path(sent.remote_path).read_bytes() == b"ISA*1~" and sent.size == 6
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(3 * 1024 * 1024 + 7))
    t.send("PO_2.x12", src)
    assert (t.outbox / "PO_2.x12").read_bytes() == src.read_bytes()
    assert sorted(p.name for p in t.outbox.iterdir()) == ["PO_1.x12", "PO_2.x12"]


def test_fetch_to_and_delete_mode(tmp_path: Path) -> None:
    t = box(tmp_path, ack_mode="delete")
    (t.inbox / "po.x12").write_bytes(b"data")
    (f,) = t.list()
    dest = tmp_path / "local-copy"
    assert t.fetch_to(f, dest) == 4 and dest.read_bytes() == b"data"
    assert t.acknowledge(f) is None and t.acknowledge(f) is None  # twice is harmless
    assert list(t.inbox.iterdir()) == [] and list(t.archive.iterdir()) == []


def test_archive_keeps_earlier_file_of_the_same_name(tmp_path: Path) -> None:
    t = box(tmp_path)
    (t.archive / "po.x12").write_bytes(b"old")
    (t.inbox / "po.x12").write_bytes(b"new")
    (f,) = t.list()
    target = t.acknowledge(f)
    assert (t.archive / "po.x12").read_bytes() == b"old" and Path(str(target)).read_bytes() == b"new"


def test_permission_error_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = box(tmp_path)

    def denied(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)  # the tests run as root, who ignores folder modes
    with pytest.raises(RemotePermissionError, match="permission denied") as err:
        t.send("po.x12", b"x")
    assert str(t.outbox / "po.x12") in str(err.value)


def test_transport_is_the_interface(tmp_path: Path) -> None:
    assert isinstance(box(tmp_path), Transport)
    with pytest.raises(ValueError):
        MailboxPolicy(max_size=0)
    with pytest.raises(ValueError):
        MailboxPolicy(ack_mode="shred")  # type: ignore[arg-type]
