"""Secret references: how a partner profile names a password or key without containing it.

A profile says ``env:SFTP_ACME_PASSWORD`` (read the environment variable) or
``file:/etc/edi-gateway/keys/acme_ed25519`` (read the file). Nothing else is accepted, so a
secret pasted inline into a profile is refused at load time instead of ending up in git or logs.
Resolved values are never put into error messages.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from gateway.transports.base import SecretError

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True, slots=True)
class SecretRef:
    """A parsed ``env:NAME`` or ``file:/path`` reference."""

    kind: str
    target: str

    @classmethod
    def parse(cls, ref: str) -> SecretRef:
        """Parse a reference string; raises :class:`SecretError` on anything that is not a reference."""
        kind, sep, target = ref.partition(":")
        if not sep or kind not in ("env", "file"):
            raise SecretError(
                "a secret must be a reference like 'env:VARIABLE' or 'file:/path/to/secret', "
                "never the secret itself")
        if kind == "env" and not _ENV_NAME.match(target):
            raise SecretError(f"'env:{target}' does not name a valid environment variable")
        if kind == "file" and not os.path.isabs(target):
            raise SecretError(f"'file:{target}' must be an absolute path")
        return cls(kind, target)

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"

    def read_bytes(self) -> bytes:
        """The secret's value as bytes (a file's content as is; an env var UTF-8 encoded)."""
        if self.kind == "env":
            value = os.environ.get(self.target)
            if value is None:
                raise SecretError(f"secret {self}: the environment variable {self.target} is not set")
            return value.encode("utf-8")
        try:
            return Path(self.target).read_bytes()
        except OSError as exc:
            raise SecretError(f"secret {self}: cannot read the file ({exc.strerror or exc})") from None

    def read_text(self) -> str:
        """The secret as text with one trailing newline removed (files usually end with one)."""
        text = self.read_bytes().decode("utf-8")
        return text[:-1] if text.endswith("\n") else text


def resolve(ref: str | None) -> str | None:
    """Convenience: the text of a reference, or None when no reference is given."""
    return None if ref is None else SecretRef.parse(ref).read_text()
