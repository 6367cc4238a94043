"""The one transport interface: how the pipeline talks to any partner mailbox.

A mailbox (local folders, SFTP, later AS2) offers five operations and nothing more: ``list`` the
inbound files, ``fetch`` one (as bytes, or streamed to a local file), ``acknowledge`` it once the
caller has stored it durably (archive or delete, per the mailbox policy), ``reject`` it (move it to
the error folder with a reason the partner can read), and ``send`` an outbound file (upload under a
temporary name, then rename atomically so the partner never sees half a file).

The order list -> stable check -> fetch -> receive (commit) -> acknowledge is enforced by
:func:`gateway.transports.poll.poll`, not by each transport, so every implementation gets the same
crash rule: a file leaves the inbox only after the ledger holds it, so a crash re-delivers and
never loses (the ledger recognises the second copy by its hash).
"""

from __future__ import annotations

import abc
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from gateway.errors import GatewayError

AckMode = Literal["archive", "delete"]

DEFAULT_TEMP_PATTERNS: tuple[str, ...] = ("*.part", "*.tmp", "*.filepart", ".*", "~*")
DEFAULT_MAX_SIZE = 200 * 1024 * 1024


class TransportError(GatewayError):
    """A mailbox operation failed: names the mailbox, the remote path and the reason.

    ``retryable`` tells the caller whether trying again later can help (a dropped connection)
    or not (a refused host key, a wrong password, a missing permission).
    """

    retryable: bool = False

    def __init__(self, reason: str, *, mailbox: str | None = None, path: str | None = None,
                 retryable: bool | None = None) -> None:
        self.reason = reason
        self.mailbox = mailbox
        self.path = path
        if retryable is not None:
            self.retryable = retryable
        super().__init__(self.describe())

    def describe(self) -> str:
        """One line for people: ``mailbox: path: reason``."""
        return ": ".join(p for p in (self.mailbox, self.path, self.reason) if p)


class TransportUnavailable(TransportError):
    """The peer could not be reached or the connection dropped; try again later."""

    retryable = True


class HostKeyError(TransportError):
    """The server's host key is unknown or differs from the one pinned for this partner."""


class AuthenticationError(TransportError):
    """The server refused our credentials (wrong key, wrong password, unknown user)."""


class RemotePermissionError(TransportError):
    """The server refused an operation on a path (no read, write or rename permission)."""


class UnsafeNameError(TransportError):
    """A file name that could escape its folder or confuse people (traversal, control chars)."""


class FileTooLargeError(TransportError):
    """A file larger than the mailbox's size limit."""


class SecretError(GatewayError):
    """A secret reference that is malformed or points at nothing."""


@dataclass(frozen=True, slots=True)
class MailboxPolicy:
    """What a mailbox accepts and what happens to a file after it is taken.

    ``temp_patterns`` are shell patterns (``*.part``) of names a partner uses while still
    writing; such files are never taken. ``ack_mode`` says whether a stored file is moved to
    the archive folder or deleted. ``max_size`` (bytes) is enforced on the listed size and
    again while reading, since a partner can keep writing after we listed.
    """

    max_size: int = DEFAULT_MAX_SIZE
    temp_patterns: tuple[str, ...] = DEFAULT_TEMP_PATTERNS
    ack_mode: AckMode = "archive"
    upload_suffix: str = ".part"

    def __post_init__(self) -> None:
        if self.max_size <= 0:
            raise ValueError(f"max_size must be positive, got {self.max_size}")
        if self.ack_mode not in ("archive", "delete"):
            raise ValueError(f"ack_mode must be 'archive' or 'delete', got {self.ack_mode!r}")
        if not self.upload_suffix.startswith(".") or "/" in self.upload_suffix:
            raise ValueError(f"upload_suffix must look like '.part', got {self.upload_suffix!r}")

    def is_temporary(self, name: str) -> bool:
        """True when ``name`` follows a still-being-written naming convention."""
        return any(fnmatch.fnmatchcase(name, pat) for pat in self.temp_patterns)


@dataclass(frozen=True, slots=True)
class InboundFile:
    """One file seen in a mailbox's inbox.

    ``name`` is the partner's file name exactly as listed (untrusted: check it with
    :func:`gateway.transports.names.check_name` before use; never build a local path from it).
    ``remote_path`` is where it lives on the mailbox side and goes into the ledger as transport
    metadata. ``mtime`` is seconds since the epoch as the server reports it.
    """

    mailbox: str
    name: str
    size: int
    mtime: float
    remote_path: str

    def fingerprint(self) -> tuple[int, float]:
        """What must stay the same across two looks for the file to count as complete."""
        return (self.size, self.mtime)

    def metadata(self) -> dict[str, Any]:
        """Transport metadata for the ledger record of this file."""
        return {"mailbox": self.mailbox, "remote_name": self.name, "remote_path": self.remote_path,
                "size": self.size, "mtime": self.mtime}


@dataclass(frozen=True, slots=True)
class SentFile:
    """Where an outbound file ended up (for the ledger)."""

    mailbox: str
    name: str
    remote_path: str
    size: int
    extra: dict[str, Any] = field(default_factory=dict)


class Transport(abc.ABC):
    """A partner mailbox. Implementations: local folders, SFTP.

    Every method raises :class:`TransportError` (or a subclass) on failure, never a library
    exception, so the pipeline can record a "transport" failure with a readable reason.
    """

    kind: str = "abstract"  # "local", "sftp": what the ledger records as the transport
    mailbox: str
    policy: MailboxPolicy

    @abc.abstractmethod
    def list(self) -> list[InboundFile]:
        """Regular files in the inbox now (folders and links are left out), oldest first."""

    @abc.abstractmethod
    def fetch(self, file: InboundFile) -> bytes:
        """The file's bytes; raises :class:`FileTooLargeError` past ``policy.max_size``."""

    @abc.abstractmethod
    def fetch_to(self, file: InboundFile, dest: Path) -> int:
        """Stream the file into the local path ``dest`` (chosen by the caller); returns bytes written."""

    @abc.abstractmethod
    def acknowledge(self, file: InboundFile) -> str | None:
        """Archive or delete a file the caller has stored durably; returns the archive path if any.

        Call this ONLY after the caller's commit: it is what makes the file leave the inbox.
        """

    @abc.abstractmethod
    def reject(self, file: InboundFile, reason: str) -> str:
        """Move a refused file to the error folder with a ``.reason.txt`` note next to it."""

    @abc.abstractmethod
    def send(self, name: str, data: bytes | Path) -> SentFile:
        """Put an outbound file in the outbox: temporary name first, then an atomic rename."""

    def close(self) -> None:  # noqa: B027 - optional hook, most transports hold nothing open
        """Release connections; the transport can still be used afterwards (it reconnects)."""

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
