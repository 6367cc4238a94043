"""A partner's SFTP server as a mailbox (paramiko client).

Trust: the server must present the host key pinned in the profile (paramiko ``RejectPolicy``; an
unknown or changed key is refused and never added), we authenticate with a key or password read
from a secret reference, and we never use an agent or ``~/.ssh``. One connection is reused across
operations and re-opened when it drops; dropped connections and timeouts are retried with capped
exponential backoff, while refused keys, bad credentials and denied permissions are not (retrying
cannot fix them and could lock the account).

Inbound files are downloaded, handed to the caller (who commits them), then moved to the archive
with SFTP ``rename`` (which never overwrites) or deleted. Outbound files are uploaded to
``name.part`` and then moved into place with the ``posix-rename@openssh.com`` extension, so the
partner never picks up half a file.
"""

from __future__ import annotations

import errno
import io
import logging
import posixpath
import random
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

import paramiko

from gateway.transports.base import (
    AuthenticationError,
    FileTooLargeError,
    HostKeyError,
    InboundFile,
    RemotePermissionError,
    SecretError,
    SentFile,
    Transport,
    TransportError,
    TransportUnavailable,
)
from gateway.transports.names import check_name, display_name, name_problem, quarantine_name, stamped_name
from gateway.transports.secrets import SecretRef
from gateway.transports.sftp_config import SftpConfig

log = logging.getLogger(__name__)

T = TypeVar("T")
Progress = Callable[[str, int, int], None]
CHUNK = 256 * 1024
_CONNECTION_ERRORS = (EOFError, socket.error, paramiko.SSHException)


class SftpTransport(Transport):
    """The SFTP mailbox of one partner (see :class:`SftpConfig`).

    ``progress(remote_path, done, total)`` is called during transfers, for logs and metrics.
    One instance holds one connection and is not thread-safe: use one per worker or poll task.
    """

    kind = "sftp"

    def __init__(self, config: SftpConfig, *, progress: Progress | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.mailbox = config.mailbox
        self.policy = config.policy
        self._progress = progress
        self._sleep = sleep
        self._client: paramiko.SSHClient | None = None
        self._sftp: paramiko.SFTPClient | None = None

    # -- connection ----------------------------------------------------------------------------
    def _credentials(self) -> dict[str, object]:
        cfg = self.config
        if cfg.password is not None:
            return {"password": SecretRef.parse(cfg.password).read_text()}
        assert cfg.private_key is not None
        passphrase = None
        if cfg.private_key_passphrase is not None:
            passphrase = SecretRef.parse(cfg.private_key_passphrase).read_text()
        return {"pkey": load_private_key(SecretRef.parse(cfg.private_key), passphrase)}

    def _connect(self) -> paramiko.SFTPClient:
        cfg = self.config
        try:
            creds = self._credentials()
        except SecretError as exc:
            raise AuthenticationError(str(exc), mailbox=self.mailbox) from None
        client = paramiko.SSHClient()
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        for key in cfg.pinned_keys():
            client.get_host_keys().add(cfg.known_hosts_name(), key.get_name(), key)
        where = f"{cfg.username}@{cfg.host}:{cfg.port}"
        try:
            client.connect(cfg.host, cfg.port, username=cfg.username, timeout=cfg.connect_timeout,
                           banner_timeout=cfg.connect_timeout, auth_timeout=cfg.connect_timeout,
                           channel_timeout=cfg.connect_timeout, allow_agent=False, look_for_keys=False,
                           **creds)  # type: ignore[arg-type]
            sftp = client.open_sftp()
            sftp.get_channel().settimeout(cfg.op_timeout)  # type: ignore[union-attr]
        except paramiko.BadHostKeyException as exc:
            client.close()
            raise HostKeyError(
                f"the server's host key changed: it offered {exc.key.get_name()} "
                f"{exc.key.fingerprint}, the pinned key is {exc.expected_key.fingerprint}; "
                "refused (confirm the new key with the partner, then update the profile)",
                mailbox=self.mailbox, path=where) from None
        except paramiko.AuthenticationException as exc:
            client.close()
            raise AuthenticationError(f"the server refused our credentials ({exc})", mailbox=self.mailbox,
                                      path=where) from None
        except paramiko.SSHException as exc:
            client.close()
            text = str(exc)
            if "known_hosts" in text or "host key" in text.lower():
                raise HostKeyError(f"the server's host key is not the pinned one; refused ({text})",
                                   mailbox=self.mailbox, path=where) from None
            raise TransportUnavailable(f"SSH connection failed ({text})", mailbox=self.mailbox,
                                       path=where) from None
        except (OSError, EOFError) as exc:
            client.close()
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise TransportUnavailable(f"cannot connect ({reason})", mailbox=self.mailbox,
                                       path=where) from None
        self._client, self._sftp = client, sftp
        log.info("sftp %s connected to %s", self.mailbox, where)
        return sftp

    def _session(self) -> paramiko.SFTPClient:
        """The open SFTP session, reconnecting if there is none or it dropped."""
        if self._sftp is not None and self._client is not None:
            transport = self._client.get_transport()
            if transport is not None and transport.is_active():
                return self._sftp
            self.close()
        return self._connect()

    def _alive(self) -> bool:
        transport = self._client.get_transport() if self._client else None
        return bool(transport and transport.is_active())

    def close(self) -> None:
        """Close the connection (the next operation opens a new one)."""
        if self._client is not None:
            try:
                self._client.close()
            except Exception:  # closing a broken connection may raise anything; nothing to do
                pass
        self._client = self._sftp = None

    def _call(self, what: str, path: str, op: Callable[[paramiko.SFTPClient], T]) -> T:
        """Run ``op`` on a live session; retry with backoff when the connection drops or stalls."""
        attempt = 0
        while True:
            try:
                return op(self._session())
            except TransportUnavailable as exc:
                failure: TransportError = exc
            except TransportError:
                raise
            except OSError as exc:
                if self._alive() and not isinstance(exc, socket.timeout):
                    raise self._os_error(what, path, exc) from None  # the server said no: no retry
                failure = TransportUnavailable(f"{what} failed: connection lost ({exc or type(exc).__name__})",
                                               mailbox=self.mailbox, path=path)
            except _CONNECTION_ERRORS as exc:
                failure = TransportUnavailable(f"{what} failed: connection lost ({exc or type(exc).__name__})",
                                               mailbox=self.mailbox, path=path)
            self.close()
            attempt += 1
            if attempt > self.config.retries:
                raise failure
            delay = min(self.config.backoff_max, self.config.backoff_base * 2 ** (attempt - 1))
            delay *= random.uniform(0.5, 1.0)
            log.warning("sftp %s: %s; retry %d/%d in %.2fs", self.mailbox, failure.reason, attempt,
                        self.config.retries, delay)
            self._sleep(delay)

    def _os_error(self, what: str, path: str, exc: OSError) -> TransportError:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EACCES:
            return RemotePermissionError(f"{what}: permission denied", mailbox=self.mailbox, path=path)
        if exc.errno == errno.ENOENT:
            return TransportError(f"{what}: no such file or folder", mailbox=self.mailbox, path=path)
        return TransportError(f"{what}: {reason}", mailbox=self.mailbox, path=path)

    # -- inbound -------------------------------------------------------------------------------
    def list(self) -> list[InboundFile]:
        """Regular files in the inbox (links and folders left out), oldest first."""
        inbox = self.config.inbox

        def op(sftp: paramiko.SFTPClient) -> list[InboundFile]:
            try:
                entries = sftp.listdir_attr(inbox)
            except UnicodeDecodeError:
                raise TransportError("a file name in the inbox is not UTF-8; the partner must rename it",
                                     mailbox=self.mailbox, path=inbox) from None
            files = [InboundFile(self.mailbox, e.filename, e.st_size or 0, float(e.st_mtime or 0),
                                 posixpath.join(inbox, e.filename))
                     for e in entries if e.st_mode is not None and stat.S_ISREG(e.st_mode)]
            files.sort(key=lambda f: (f.mtime, f.name))
            return files

        return self._call("list", inbox, op)

    def fetch(self, file: InboundFile) -> bytes:
        """Download the file into memory, refusing to read past the size limit."""
        def op(sftp: paramiko.SFTPClient) -> bytes:
            sink = io.BytesIO()
            self._download(sftp, file, sink)
            return sink.getvalue()

        return self._call("download", file.remote_path, op)

    def fetch_to(self, file: InboundFile, dest: Path) -> int:
        """Download the file to the local path ``dest`` (the caller's choice, never the remote name)."""
        def op(sftp: paramiko.SFTPClient) -> int:
            try:
                out = open(dest, "wb")  # noqa: SIM115 - closed below; a retry reopens and truncates
            except OSError as exc:
                raise TransportError(f"cannot write the local copy ({exc.strerror})", mailbox=self.mailbox,
                                     path=str(dest)) from None
            with out:
                return self._download(sftp, file, out)

        return self._call("download", file.remote_path, op)

    def _download(self, sftp: paramiko.SFTPClient, file: InboundFile, sink: BinaryIO) -> int:
        self._remote_name_ok(file)
        limit = self.policy.max_size
        total = 0
        with sftp.open(file.remote_path, "rb") as fh:
            fh.prefetch(min(file.size, limit + 1))
            while chunk := fh.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise FileTooLargeError(f"grew past this mailbox's limit of {limit} bytes",
                                            mailbox=self.mailbox, path=file.remote_path)
                sink.write(chunk)
                if self._progress:
                    self._progress(file.remote_path, total, file.size)
        return total

    def acknowledge(self, file: InboundFile) -> str | None:
        """Move the stored file to the archive folder (or delete it, per policy).

        A file that is already gone counts as acknowledged: after a dropped connection the first
        attempt may have succeeded.
        """
        self._remote_name_ok(file)
        if self.policy.ack_mode == "delete":
            def delete(sftp: paramiko.SFTPClient) -> None:
                try:
                    sftp.remove(file.remote_path)
                except FileNotFoundError:
                    return

            self._call("delete", file.remote_path, delete)
            return None
        return self._call("archive", file.remote_path,
                          lambda sftp: self._move_no_clobber(sftp, file, self.config.archive, file.name))

    def reject(self, file: InboundFile, reason: str) -> str:
        """Move the file to the error folder and upload a ``.reason.txt`` note next to it."""
        if "/" in file.name or file.name in ("", ".", "..") or \
                posixpath.dirname(file.remote_path) != self.config.inbox.rstrip("/"):
            raise TransportError("refused: not a file of this inbox", mailbox=self.mailbox,
                                 path=display_name(file.remote_path))
        name = file.name if name_problem(file.name) is None else quarantine_name(file.name)
        note = f"file: {display_name(file.name)}\nmailbox: {self.mailbox}\nreason: {reason}\n".encode()

        def op(sftp: paramiko.SFTPClient) -> str:
            target = self._move_no_clobber(sftp, file, self.config.error, name)
            if target is None:
                raise TransportError("the file disappeared before it could be moved to the error folder",
                                     mailbox=self.mailbox, path=file.remote_path)
            sftp.putfo(io.BytesIO(note), target + ".reason.txt", len(note), confirm=False)
            return target

        return self._call("move to error folder", file.remote_path, op)

    def _move_no_clobber(self, sftp: paramiko.SFTPClient, file: InboundFile, folder: str,
                         name: str) -> str | None:
        """SFTP rename into ``folder`` (plain rename never overwrites); a stamped name if taken."""
        for candidate in (name, stamped_name(name), stamped_name(name)):
            target = posixpath.join(folder, candidate)
            try:
                sftp.rename(file.remote_path, target)
                return target
            except OSError as exc:
                if exc.errno is not None or not self._alive():
                    # ENOENT/EACCES come with an errno; a dropped connection goes to _call's retry.
                    if exc.errno == errno.ENOENT and not _exists(sftp, file.remote_path):
                        log.info("sftp %s: %s already gone, taken as acknowledged", self.mailbox,
                                 display_name(file.name))
                        return None
                    raise
                if not _exists(sftp, target):
                    raise  # a generic failure that is not "target exists"
        raise TransportError(f"cannot find a free name for {display_name(name)}", mailbox=self.mailbox,
                             path=folder)

    def _remote_name_ok(self, file: InboundFile) -> None:
        problem = name_problem(file.name)
        if problem or posixpath.dirname(file.remote_path) != self.config.inbox.rstrip("/"):
            raise TransportError(f"refused: {problem or 'not a file of this inbox'}", mailbox=self.mailbox,
                                 path=display_name(file.remote_path))

    # -- outbound ------------------------------------------------------------------------------
    def send(self, name: str, data: bytes | Path) -> SentFile:
        """Upload to ``outbox/name.part``, check its size, then posix-rename it to ``outbox/name``."""
        check_name(name, mailbox=self.mailbox)
        final = posixpath.join(self.config.outbox, name)
        temp = final + self.policy.upload_suffix

        def op(sftp: paramiko.SFTPClient) -> int:
            callback = (lambda done, total: self._progress(final, done, total)) if self._progress else None
            if isinstance(data, bytes):
                attrs = sftp.putfo(io.BytesIO(data), temp, len(data), callback=callback, confirm=True)
            else:
                try:
                    src = open(data, "rb")  # noqa: SIM115 - closed by the with below
                except OSError as exc:
                    raise TransportError(f"cannot read the local file ({exc.strerror})",
                                         mailbox=self.mailbox, path=str(data)) from None
                with src:
                    attrs = sftp.putfo(src, temp, Path(data).stat().st_size, callback=callback, confirm=True)
            try:
                sftp.posix_rename(temp, final)
            except OSError as exc:
                if exc.errno is not None or "unsupported" not in str(exc).lower():
                    raise
                sftp.rename(temp, final)  # server without posix-rename: fine unless the name exists
            return int(attrs.st_size or 0)

        size = self._call("upload", final, op)
        return SentFile(self.mailbox, name, final, size)


def _exists(sftp: paramiko.SFTPClient, path: str) -> bool:
    try:
        sftp.lstat(path)
    except FileNotFoundError:
        return False
    return True


def load_private_key(ref: SecretRef, passphrase: str | None) -> paramiko.PKey:
    """Read an OpenSSH or PEM private key (ed25519, ECDSA or RSA) from a secret reference."""
    text = ref.read_bytes().decode("utf-8", "replace")
    for cls in (paramiko.Ed25519Key, paramiko.ECDSAKey, paramiko.RSAKey):
        try:
            return cls.from_private_key(io.StringIO(text), password=passphrase)
        except paramiko.PasswordRequiredException:
            raise SecretError(f"secret {ref}: the private key is encrypted and no passphrase is configured") \
                from None
        except (paramiko.SSHException, ValueError):
            continue
    raise SecretError(f"secret {ref}: not a private key we can read (ed25519, ECDSA or RSA; "
                      "wrong passphrase?)")
