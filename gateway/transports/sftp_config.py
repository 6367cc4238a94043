"""Settings of one partner's SFTP mailbox, checked when the profile is loaded.

Secrets are references (``env:NAME`` or ``file:/path``), never values; the server's host key is
pinned here (the ``ssh-ed25519 AAAA...`` line from the partner or from ``ssh-keyscan`` checked out
of band), so an unknown or changed key is refused instead of trusted on first use.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

import paramiko

from gateway.transports.base import MailboxPolicy
from gateway.transports.secrets import SecretRef


@dataclass(frozen=True, slots=True)
class SftpConfig:
    """One partner's SFTP mailbox.

    ``host_keys`` holds one or more pinned public keys as ``"<type> <base64> [comment]"`` lines
    (a known_hosts line with a host name in front is accepted too). Exactly one of ``private_key``
    and ``password`` is a secret reference; ``private_key_passphrase`` may accompany the key.
    Folder paths are as the server shows them (inside a chroot, usually ``/inbound``...).
    """

    mailbox: str
    host: str
    username: str
    host_keys: tuple[str, ...]
    port: int = 22
    private_key: str | None = None
    private_key_passphrase: str | None = None
    password: str | None = None
    inbox: str = "inbound"
    outbox: str = "outbound"
    archive: str = "archive"
    error: str = "error"
    connect_timeout: float = 15.0
    op_timeout: float = 60.0
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    policy: MailboxPolicy = field(default_factory=MailboxPolicy)

    def __post_init__(self) -> None:
        where = f"SFTP mailbox {self.mailbox!r}"
        if not self.host or not self.username:
            raise ValueError(f"{where}: host and username are required")
        if not 0 < self.port < 65536:
            raise ValueError(f"{where}: port {self.port} is not a TCP port")
        if isinstance(self.host_keys, str):
            object.__setattr__(self, "host_keys", (self.host_keys,))
        if not self.host_keys:
            raise ValueError(f"{where}: host_keys is required (pin the server's public key; "
                             "unknown keys are never trusted on first use)")
        self.pinned_keys()  # parse now: a bad line is a load-time error
        if (self.private_key is None) == (self.password is None):
            raise ValueError(f"{where}: give exactly one of private_key and password (a secret reference)")
        for label in ("private_key", "private_key_passphrase", "password"):
            ref = getattr(self, label)
            if ref is not None:
                try:
                    SecretRef.parse(ref)
                except Exception as exc:
                    raise ValueError(f"{where}: {label}: {exc}") from None
        if self.retries < 0 or self.connect_timeout <= 0 or self.op_timeout <= 0:
            raise ValueError(f"{where}: retries must be >= 0 and timeouts positive")

    def known_hosts_name(self) -> str:
        """The name under which OpenSSH and paramiko file this server's key."""
        return self.host if self.port == 22 else f"[{self.host}]:{self.port}"

    def pinned_keys(self) -> list[paramiko.PKey]:
        """The pinned host keys as paramiko key objects."""
        keys = []
        for line in self.host_keys:
            parts = line.split()
            if len(parts) >= 3 and not parts[0].startswith(("ssh-", "ecdsa-")):
                parts = parts[1:]  # known_hosts form: "host keytype base64"
            if len(parts) < 2:
                raise ValueError(f"SFTP mailbox {self.mailbox!r}: host key {line!r} is not "
                                 "'<type> <base64>'")
            try:
                blob = base64.b64decode(parts[1], validate=True)
                keys.append(paramiko.PKey.from_type_string(parts[0], blob))
            except (binascii.Error, paramiko.SSHException, ValueError) as exc:
                raise ValueError(f"SFTP mailbox {self.mailbox!r}: host key of type {parts[0]!r} "
                                 f"cannot be read ({exc})") from None
        return keys
