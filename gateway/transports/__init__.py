"""Mailboxes: where partner files come from and go to (local folders, SFTP; AS2 later).

One small interface (:class:`Transport`: list, fetch, acknowledge, reject, send) and one inbound
loop (:func:`poll`) that fixes the crash-safe order list -> stable -> fetch -> receive -> acknowledge.
"""

from gateway.transports.base import (
    AuthenticationError,
    FileTooLargeError,
    HostKeyError,
    InboundFile,
    MailboxPolicy,
    RemotePermissionError,
    SecretError,
    SentFile,
    Transport,
    TransportError,
    TransportUnavailable,
    UnsafeNameError,
)
from gateway.transports.factory import MailboxConfigError, open_mailbox
from gateway.transports.local import LocalFolderTransport
from gateway.transports.poll import PollResult, StabilityTracker, poll

__all__ = [
    "AuthenticationError",
    "FileTooLargeError",
    "HostKeyError",
    "InboundFile",
    "LocalFolderTransport",
    "MailboxConfigError",
    "MailboxPolicy",
    "PollResult",
    "RemotePermissionError",
    "SecretError",
    "SentFile",
    "StabilityTracker",
    "Transport",
    "TransportError",
    "TransportUnavailable",
    "UnsafeNameError",
    "open_mailbox",
    "poll",
]
