"""File-name safety (property-tested), secret references and SFTP settings validation."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.transports import SecretError, UnsafeNameError
from gateway.transports.names import check_name, display_name, name_problem, quarantine_name, stamped_name
from gateway.transports.secrets import SecretRef, resolve
from gateway.transports.sftp_config import SftpConfig
from tests.transports.conftest import new_ed25519


@pytest.mark.parametrize("name", ["..", ".", "", "../x", "a/b", "..\\..\\boot.ini", "C:evil", "a\x00b",
                                  "po\n.x12", "invoice\u202egpj.exe", "x" * 256])
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(UnsafeNameError):
        check_name(name)


@pytest.mark.parametrize("name", ["PO_0001.x12", "ORDERS 2024-01-01T10:00.edi", "..hidden-but-ok.x12",
                                  "résumé.edi", "a" * 255])
def test_ordinary_names_pass(name: str) -> None:
    assert check_name(name) == name


@given(st.text(min_size=1, max_size=300))
def test_a_name_that_passes_is_one_harmless_path_component(name: str) -> None:
    if name_problem(name) is None:
        assert Path(name).name == name and len(Path(name).parts) == 1
        assert name not in (".", "..") and "/" not in name and "\\" not in name
        assert display_name(name).isprintable() or not name.isprintable()


@given(st.text(max_size=300))
def test_quarantine_name_is_always_safe(name: str) -> None:
    q = quarantine_name(name)
    assert name_problem(q) is None and set(q) <= set(string.ascii_letters + string.digits + "-_.")


def test_stamped_name_keeps_the_extension() -> None:
    assert stamped_name("po.x12").endswith(".x12") and stamped_name("po.x12") != "po.x12"
    assert stamped_name("README").startswith("README.")


def test_secret_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIGW_T_SECRET", "s3cret")
    assert resolve("env:EDIGW_T_SECRET") == "s3cret"
    f = tmp_path / "pw"
    f.write_text("from-file\n")
    assert resolve(f"file:{f}") == "from-file"
    assert resolve(None) is None
    for bad in ("hunter2", "env:", "env:1BAD", "file:relative/path", "vault:x"):
        with pytest.raises(SecretError):
            SecretRef.parse(bad)
    with pytest.raises(SecretError, match="EDIGW_T_MISSING is not set"):
        resolve("env:EDIGW_T_MISSING")
    with pytest.raises(SecretError, match="cannot read"):
        resolve(f"file:{tmp_path / 'absent'}")


def test_sftp_config_is_checked_at_load() -> None:
    _, host = new_ed25519()
    base = {"mailbox": "m", "host": "h", "username": "u", "host_keys": (host,)}
    assert SftpConfig(**base, password="env:X").known_hosts_name() == "h"  # type: ignore[arg-type]
    assert SftpConfig(**{**base, "port": 2222}, password="env:X").known_hosts_name() == "[h]:2222"  # type: ignore[arg-type]
    assert len(SftpConfig(**{**base, "host_keys": f"[h]:22 {host}"}, password="env:X").pinned_keys()) == 1  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="exactly one of private_key and password"):
        SftpConfig(**base)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="never the secret itself"):
        SftpConfig(**base, password="hunter2")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="host_keys is required"):
        SftpConfig(**{**base, "host_keys": ()}, password="env:X")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot be read"):
        SftpConfig(**{**base, "host_keys": ("ssh-ed25519 AAAAnotakey",)}, password="env:X")  # type: ignore[arg-type]
