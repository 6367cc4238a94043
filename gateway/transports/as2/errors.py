"""The AS2 failure: an RFC 4130 disposition modifier for the MDN plus a reason for people."""

from __future__ import annotations

from typing import Literal

from gateway.transports.base import TransportError

Modifier = Literal[
    "authentication-failed", "decompression-failed", "decryption-failed",
    "insufficient-message-security", "integrity-check-failed", "unexpected-processing-error",
    "unknown-trading-partner",
]


class As2Error(TransportError):
    """An AS2 message that cannot be accepted.

    ``modifier`` is what goes into the negative MDN (``processed/error: <modifier>``); ``reason``
    is the plain-language explanation for the console and the partner's MDN text.
    """

    def __init__(self, modifier: Modifier, reason: str, *, mailbox: str | None = None) -> None:
        self.modifier = modifier
        super().__init__(reason, mailbox=mailbox, path=None)
