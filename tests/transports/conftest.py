"""A real OpenSSH sshd on 127.0.0.1 for the SFTP tests, started once per test session.

Set-up follows ../shared/reference/libraries.md section 5: the chroot lives under /srv (every path
component root-owned, not group/world-writable, so not under /tmp), a throwaway user whose
password field is '*' until the session sets a random test password, /run/sshd exists, and sshd
runs with stdin/stdout/stderr on /dev/null so it never holds the test's output pipes open. It
listens on a free port and is killed (with every session process it forked) at the end. Tests that
need it skip with a clear reason when not running as root or when sshd is not installed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from gateway.transports.base import MailboxPolicy
from gateway.transports.sftp_config import SftpConfig
from tests.transports.as2_fixtures import parties  # noqa: F401 - the AS2 tests' session fixture

SSHD = Path("/usr/sbin/sshd")
ROOT = Path("/srv/edigw-test-sftp")
USER = "edigwpartner"
FOLDERS = ("inbound", "outbound", "archive", "error")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def new_ed25519() -> tuple[bytes, str]:
    """A fresh ed25519 key pair: (OpenSSH private key PEM, 'ssh-ed25519 AAAA...' public line)."""
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                           serialization.PublicFormat.OpenSSH).decode()
    return private, public


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat_line = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat_line.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (sshd forks one or two per connection)."""
    tree = _children_map()
    found, todo = [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class SshServer:
    """The test sshd: where it listens, its keys and the chroot folders, and start/kill controls."""

    port: int
    work: Path
    host_public: str
    client_key: Path
    password: str
    chroot: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start sshd in the foreground mode (-D) with no inherited pipes; wait until it accepts."""
        self.process = subprocess.Popen(
            [str(SSHD), "-D", "-f", str(self.work / "sshd_config"), "-E", str(self.work / "sshd.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd exited with {self.process.returncode}; see {self.work / 'sshd.log'}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("sshd did not start listening within 10 s")

    def kill(self) -> None:
        """SIGKILL sshd and every session process it forked (a crash, not a clean stop)."""
        if self.process is None:
            return
        for pid in descendants(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        """Kill and start again on the same port with the same keys."""
        self.kill()
        self.start()

    def running(self) -> bool:
        """True while the listener is up."""
        return self.process is not None and self.process.poll() is None

    def path(self, folder: str, name: str = "") -> Path:
        """The local path of a file inside the partner's chroot (for set-up and checks, as root)."""
        return self.chroot / folder / name if name else self.chroot / folder

    def put(self, folder: str, name: str, data: bytes, mode: int = 0o640) -> Path:
        """Drop a file into a chroot folder as the partner would (owned by the partner user)."""
        p = self.path(folder, name)
        p.write_bytes(data)
        shutil.chown(p, USER, USER)
        p.chmod(mode)
        return p

    def reset(self) -> None:
        """Empty the partner folders between tests."""
        for folder in FOLDERS:
            for child in self.path(folder).iterdir():
                child.unlink()

    def config(self, **overrides: object) -> SftpConfig:
        """An SftpConfig for this server with key auth and fast retries (tests override freely)."""
        values: dict[str, object] = {
            "mailbox": "acme-sftp", "host": "127.0.0.1", "port": self.port, "username": USER,
            "host_keys": (self.host_public,), "private_key": f"file:{self.client_key}",
            "inbox": "/inbound", "outbox": "/outbound", "archive": "/archive", "error": "/error",
            "connect_timeout": 5.0, "op_timeout": 10.0, "retries": 1, "backoff_base": 0.01,
            "backoff_max": 0.05, "policy": MailboxPolicy(max_size=80 * 1024 * 1024),
        }
        values.update(overrides)
        return SftpConfig(**values)  # type: ignore[arg-type]


def _run(*cmd: str, input: str | None = None) -> None:
    subprocess.run(cmd, check=True, input=input, text=True, stdin=None if input else subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def start_test_sshd(work: Path, extra_folders: tuple[str, ...] = ()) -> SshServer:
    """Set up the throwaway user, chroot and keys under ``work`` and start sshd (needs root).

    Shared by the test fixture and ``benchmarks/bench_load.py``; ``extra_folders`` are created
    in the chroot beside :data:`FOLDERS` (owned by the partner user). Stop with :func:`stop_test_sshd`.
    """
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["id", USER], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.CalledProcessError:
        _run("useradd", "--no-create-home", "--home-dir", "/", "--shell", "/usr/sbin/nologin", "-p", "*", USER)
    password = secrets.token_urlsafe(18)
    _run("chpasswd", input=f"{USER}:{password}\n")

    chroot = ROOT / "chroot" / USER
    for d in (ROOT, ROOT / "chroot", chroot, ROOT / "keys", chroot / "readonly"):
        d.mkdir(exist_ok=True)
        os.chown(d, 0, 0)
        d.chmod(0o755)
    for folder in (*FOLDERS, *extra_folders):
        d = chroot / folder
        d.mkdir(exist_ok=True)
        shutil.chown(d, USER, USER)
        d.chmod(0o750)

    host_private, host_public = new_ed25519()
    (work / "host_ed25519").write_bytes(host_private)
    (work / "host_ed25519").chmod(0o600)
    client_private, client_public = new_ed25519()
    client_key = work / "client_ed25519"
    client_key.write_bytes(client_private)
    client_key.chmod(0o600)
    authorized = ROOT / "keys" / USER
    authorized.write_text(client_public + "\n")
    authorized.chmod(0o644)

    port = free_port()
    (work / "sshd_config").write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {work / 'host_ed25519'}
PidFile {work / 'sshd.pid'}
AuthorizedKeysFile {ROOT / 'keys'}/%u
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
AllowUsers {USER}
MaxStartups 50
Subsystem sftp internal-sftp
Match User {USER}
    ChrootDirectory {ROOT / 'chroot'}/%u
    ForceCommand internal-sftp
    AllowTcpForwarding no
    AllowAgentForwarding no
    X11Forwarding no
    PermitTTY no
""")
    _run(str(SSHD), "-t", "-f", str(work / "sshd_config"))
    server = SshServer(port, work, host_public, client_key, password, chroot)
    server.start()
    return server


def stop_test_sshd(server: SshServer) -> None:
    """Kill sshd and lock the throwaway user's password again."""
    server.kill()
    subprocess.run(["usermod", "-p", "*", USER], check=False, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def sshd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """A running OpenSSH sshd serving SFTP to a chrooted throwaway user (skips when impossible)."""
    if os.geteuid() != 0:
        pytest.skip("the sshd fixture needs root (it creates a user and a root-owned chroot)")
    if not SSHD.exists() or shutil.which("useradd") is None:
        pytest.skip("OpenSSH sshd not installed: apt-get install -y openssh-server (scripts/test.sh does)")
    server = start_test_sshd(tmp_path_factory.mktemp("sshd"))
    try:
        yield server
    finally:
        stop_test_sshd(server)


@pytest.fixture
def sshd(sshd_server: SshServer) -> Iterator[SshServer]:
    """The session's sshd with empty partner folders, restarted first if a test killed it."""
    if not sshd_server.running():
        sshd_server.start()
    sshd_server.reset()
    yield sshd_server
    if not sshd_server.running():
        sshd_server.start()

