"""Certificates and profiles for the AS2 tests: alice is us, bob the partner, carol a stranger.

Keys and self-signed certificates are made with the ``openssl`` command line (as a partner would)
once per session; tests that need openssl skip with a clear reason when it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from gateway.transports.as2 import As2Identity, As2Partner, load_cert


@dataclass(frozen=True)
class Party:
    """One side's files and loaded objects."""

    name: str
    key: Path
    cert: Path
    identity: As2Identity


def make_party(work: Path, name: str) -> Party:
    key, cert = work / f"{name}.key", work / f"{name}.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-days", "30", "-nodes",
                    "-subj", f"/CN={name}-as2/O=EDI gateway tests", "-keyout", str(key), "-out", str(cert)],
                   check=True, stdin=subprocess.DEVNULL, capture_output=True)
    return Party(name, key, cert, As2Identity.load(name, f"file:{key}", cert))


def openssl(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``openssl`` and return the completed process (not checked: tests look at returncode)."""
    return subprocess.run(["openssl", *args], input=input, capture_output=True, check=False,
                          stdin=None if input is not None else subprocess.DEVNULL)


def partner_profile(party: Party, **changes: object) -> As2Partner:
    """The AS2 profile we keep for ``party`` (its certificate for both signing and encryption)."""
    cert = load_cert(party.cert)
    return replace(As2Partner(party.name, (cert,), cert), **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def parties(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Party]:
    """alice (us), bob (the partner) and carol (someone else)."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed (apt-get install -y openssl)")
    work = tmp_path_factory.mktemp("as2")
    return {n: make_party(work, n) for n in ("alice", "bob", "carol")}
