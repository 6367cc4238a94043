"""Local folders as a mailbox: the embedded default, and what a VAN's mounted share looks like.

Four folders per partner: ``inbox`` (the partner drops files), ``outbox`` (we put files for them),
``archive`` (inbound files we have stored) and ``error`` (files we refused, each with a
``.reason.txt`` note). It follows the same rules as SFTP so that the embedded mode runs the same
pipeline: links and folders in the inbox are ignored (a link could point anywhere on our disk),
reads stop at the size limit, outbound files are written under a temporary name, flushed to disk,
then renamed so a reader never sees half a file.

The archive folder may be pruned (``archive_retention_days``, 0 keeps everything): the daily
retention task removes archived files older than that whose bytes the ledger knows (still held,
or purged there by the retention policy), never a file the ledger has no record of. SFTP
archives are on the partner's (or VAN's) server and are theirs to keep; they are never pruned.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gateway.transports.base import (
    FileTooLargeError,
    InboundFile,
    MailboxPolicy,
    RemotePermissionError,
    SentFile,
    Transport,
    TransportError,
    UnsafeNameError,
)
from gateway.transports.names import check_name, display_name, name_problem, quarantine_name, stamped_name

CHUNK = 1024 * 1024
DAY = 86400.0


@dataclass
class ArchivePrune:
    """What :meth:`LocalFolderTransport.prune_archive` removed and kept (file names in the archive)."""

    mailbox: str
    removed: list[str] = field(default_factory=list)
    kept_unknown: list[str] = field(default_factory=list)  # old, but the ledger has no record of the bytes
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the logs."""
        return (f"archive of mailbox {self.mailbox}: removed {len(self.removed)} old file(s); kept "
                f"{len(self.kept_unknown)} whose bytes the ledger does not hold; {len(self.errors)} error(s)")


class LocalFolderTransport(Transport):
    """A mailbox made of four local folders (created when missing)."""

    kind = "local"

    def __init__(self, mailbox: str, *, inbox: Path, outbox: Path, archive: Path, error: Path,
                 policy: MailboxPolicy | None = None, archive_retention_days: int = 0) -> None:
        self.mailbox = mailbox
        self.policy = policy or MailboxPolicy()
        if not isinstance(archive_retention_days, int) or archive_retention_days < 0:
            raise ValueError(f"archive_retention_days must be a whole number of days, 0 or more (0 keeps "
                             f"everything), got {archive_retention_days!r}")
        self.archive_retention_days = archive_retention_days
        self.inbox, self.outbox, self.archive, self.error = (Path(p) for p in (inbox, outbox, archive, error))
        for folder in (self.inbox, self.outbox, self.archive, self.error):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._error(exc, folder) from None

    @classmethod
    def under(cls, root: Path, mailbox: str, policy: MailboxPolicy | None = None,
              archive_retention_days: int = 0) -> LocalFolderTransport:
        """The conventional layout ``root/{inbox,outbox,archive,error}``."""
        root = Path(root)
        return cls(mailbox, inbox=root / "inbox", outbox=root / "outbox", archive=root / "archive",
                   error=root / "error", policy=policy, archive_retention_days=archive_retention_days)

    # -- archive retention ---------------------------------------------------------------------
    def prune_archive(self, known: Callable[[set[str]], set[str]], *, now: float | None = None) -> ArchivePrune:
        """Remove archived files older than ``archive_retention_days`` whose bytes the ledger knows.

        ``known`` takes SHA-256 hex digests and returns those the ledger has a stored content for
        (held, or purged by its own retention policy). Age is the file's modification time. Files
        the ledger does not know are kept and counted, as are links and folders (never followed).
        Nothing is done when ``archive_retention_days`` is 0.
        """
        report = ArchivePrune(self.mailbox)
        if self.archive_retention_days <= 0:
            return report
        cutoff = (time.time() if now is None else now) - self.archive_retention_days * DAY
        old: dict[str, list[Path]] = {}
        try:
            with os.scandir(self.archive) as entries:
                paths = [Path(e.path) for e in entries]
        except OSError as exc:
            raise self._error(exc, self.archive) from None
        for path in sorted(paths):
            try:
                st = path.lstat()
                if not stat.S_ISREG(st.st_mode) or st.st_mtime >= cutoff:
                    continue
                digest = hashlib.sha256()
                with path.open("rb") as fh:
                    for chunk in iter(lambda: fh.read(CHUNK), b""):
                        digest.update(chunk)
            except OSError as exc:
                report.errors.append(f"{path.name}: {exc.strerror or exc}")
                continue
            old.setdefault(digest.hexdigest(), []).append(path)
        held = known(set(old)) if old else set()
        for sha, files in sorted(old.items()):
            for path in files:
                if sha not in held:
                    report.kept_unknown.append(path.name)
                    continue
                try:
                    path.unlink()
                    report.removed.append(path.name)
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    report.errors.append(f"{path.name}: {exc.strerror or exc}")
        return report

    # -- inbound -------------------------------------------------------------------------------
    def list(self) -> list[InboundFile]:
        """Regular files in the inbox (not links, not folders), oldest first."""
        files = []
        try:
            with os.scandir(self.inbox) as entries:
                for entry in entries:
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except FileNotFoundError:
                        continue  # taken away between readdir and stat
                    if not stat.S_ISREG(st.st_mode):
                        continue
                    files.append(InboundFile(self.mailbox, entry.name, st.st_size, st.st_mtime,
                                             str(self.inbox / entry.name)))
        except OSError as exc:
            raise self._error(exc, self.inbox) from None
        files.sort(key=lambda f: (f.mtime, f.name))
        return files

    def fetch(self, file: InboundFile) -> bytes:
        """The file's bytes, refusing to read past the size limit."""
        chunks = []
        with self._open_inbound(file) as fh:
            total = 0
            while chunk := fh.read(CHUNK):
                total += len(chunk)
                self._check_limit(file, total)
                chunks.append(chunk)
        return b"".join(chunks)

    def fetch_to(self, file: InboundFile, dest: Path) -> int:
        """Copy the file to ``dest`` in chunks, refusing to copy past the size limit."""
        total = 0
        with self._open_inbound(file) as src:
            try:
                with open(dest, "wb") as out:
                    while chunk := src.read(CHUNK):
                        total += len(chunk)
                        self._check_limit(file, total)
                        out.write(chunk)
            except OSError as exc:
                raise self._error(exc, Path(dest)) from None
        return total

    def acknowledge(self, file: InboundFile) -> str | None:
        """Move the stored file to the archive folder (or delete it, per policy)."""
        source = self._inbox_path(file, strict=True)
        if self.policy.ack_mode == "delete":
            try:
                source.unlink()
            except FileNotFoundError:
                return None  # already gone: acknowledging twice is harmless
            except OSError as exc:
                raise self._error(exc, source) from None
            return None
        return str(self._move_no_clobber(source, self.archive, file.name))

    def reject(self, file: InboundFile, reason: str) -> str:
        """Move the file to the error folder and write the reason next to it."""
        source = self._inbox_path(file, strict=False)
        name = file.name if name_problem(file.name) is None else quarantine_name(file.name)
        target = self._move_no_clobber(source, self.error, name)
        note = target.with_name(target.name + ".reason.txt")
        try:
            note.write_text(f"file: {display_name(file.name)}\nmailbox: {self.mailbox}\nreason: {reason}\n",
                            encoding="utf-8")
        except OSError as exc:
            raise self._error(exc, note) from None
        return str(target)

    # -- outbound ------------------------------------------------------------------------------
    def send(self, name: str, data: bytes | Path) -> SentFile:
        """Write ``outbox/name.part``, flush it to disk, then rename it to ``outbox/name``."""
        check_name(name, mailbox=self.mailbox)
        final = self.outbox / name
        temp = self.outbox / (name + self.policy.upload_suffix)
        size = 0
        try:
            with open(temp, "wb") as out:
                if isinstance(data, bytes):
                    out.write(data)
                    size = len(data)
                else:
                    with open(data, "rb") as src:
                        while chunk := src.read(CHUNK):
                            out.write(chunk)
                            size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, final)
            _fsync_dir(self.outbox)
        except OSError as exc:
            raise self._error(exc, final) from None
        return SentFile(self.mailbox, name, str(final), size)

    # -- helpers -------------------------------------------------------------------------------
    def _inbox_path(self, file: InboundFile, *, strict: bool) -> Path:
        """``inbox/name``, refusing any name that is not one component of the inbox.

        ``strict`` also refuses names that are merely unsafe to show or archive (those are only
        ever moved to the error folder, under a name of our own).
        """
        problem = name_problem(file.name)
        one_component = "/" not in file.name and file.name not in ("", ".", "..")
        if (strict and problem) or not one_component:
            raise UnsafeNameError(f"refused: {problem or 'not a file of this inbox'}", mailbox=self.mailbox,
                                  path=display_name(file.name))
        return self.inbox / file.name

    @contextmanager
    def _open_inbound(self, file: InboundFile) -> Iterator[BinaryIO]:
        path = self._inbox_path(file, strict=True)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise TransportError("is a link, not a file; refused", mailbox=self.mailbox,
                                     path=str(path)) from None
            raise self._error(exc, path) from None
        with os.fdopen(fd, "rb") as fh:
            yield fh

    def _check_limit(self, file: InboundFile, total: int) -> None:
        if total > self.policy.max_size:
            raise FileTooLargeError(f"grew past this mailbox's limit of {self.policy.max_size} bytes",
                                    mailbox=self.mailbox, path=file.remote_path)

    def _move_no_clobber(self, source: Path, folder: Path, name: str) -> Path:
        """Move ``source`` into ``folder`` as ``name`` without overwriting (a stamped name if taken)."""
        for candidate in (name, stamped_name(name), stamped_name(name)):
            target = folder / candidate
            try:
                os.link(source, target)  # fails if target exists: never overwrites an archived file
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno in (errno.EXDEV, errno.EPERM, errno.ENOTSUP):
                    return self._copy_move(source, target)
                raise self._error(exc, source) from None
            try:
                source.unlink()
            except OSError as exc:
                raise self._error(exc, source) from None
            return target
        raise TransportError(f"cannot find a free name for {display_name(name)}", mailbox=self.mailbox,
                             path=str(folder))

    def _copy_move(self, source: Path, target: Path) -> Path:
        """Move across file systems (no hard links): copy, flush, then remove the source."""
        try:
            if target.exists():
                target = target.with_name(stamped_name(target.name))
            shutil.copy2(source, target)
            source.unlink()
        except OSError as exc:
            raise self._error(exc, source) from None
        return target

    def _error(self, exc: OSError, path: Path) -> TransportError:
        reason = exc.strerror or str(exc)
        if isinstance(exc, PermissionError):
            return RemotePermissionError(f"permission denied ({reason})", mailbox=self.mailbox, path=str(path))
        return TransportError(reason, mailbox=self.mailbox, path=str(path))


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
