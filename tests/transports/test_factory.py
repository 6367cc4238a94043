"""Opening mailboxes from partner-profile entries: the right transport, or an error naming the key."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from gateway.transports import LocalFolderTransport, MailboxConfigError, open_mailbox
from gateway.transports.factory import secret_ref
from gateway.transports.sftp import SftpTransport
from tests.transports.conftest import new_ed25519


def test_local_from_root_and_from_folders(tmp_path: Path) -> None:
    box = open_mailbox("acme", "local", {"root": "acme", "max_size": 1000, "ack_mode": "delete"}, base_dir=tmp_path)
    assert isinstance(box, LocalFolderTransport) and box.kind == "local"
    assert box.inbox == tmp_path / "acme" / "inbox" and box.policy.max_size == 1000
    four = {k: str(tmp_path / k) for k in ("inbox", "outbox", "archive", "error")}
    box = open_mailbox("acme", "local", {**four, "temp_patterns": ["*.wip"]})
    assert box.policy.temp_patterns == ("*.wip",) and box.policy.is_temporary("a.wip")


def test_sftp_from_profile_entry() -> None:
    _, host_key = new_ed25519()
    box = open_mailbox("acme", "sftp", {"host": "sftp.acme.example", "port": 2222, "username": "dist",
                                        "host_keys": host_key, "inbox": "/out"},
                       {"private_key": {"file": "/etc/keys/acme"}, "private_key_passphrase": SimpleNamespace(
                           env="ACME_PASS", file=None)})
    assert isinstance(box, SftpTransport) and box.kind == "sftp"
    assert box.config.private_key == "file:/etc/keys/acme" and box.config.private_key_passphrase == "env:ACME_PASS"
    assert box.config.known_hosts_name() == "[sftp.acme.example]:2222" and box.config.inbox == "/out"


@pytest.mark.parametrize(("kind", "settings", "secrets", "message"), [
    ("local", {"root": "x", "inbx": "y"}, {}, "unknown settings 'inbx'"),
    ("local", {"inbox": "a"}, {}, "missing archive, error, outbox"),
    ("local", {"root": "x", "max_size": 0}, {}, "max_size must be positive"),
    ("sftp", {"host": "h", "username": "u", "hostkeys": "x"}, {"password": {"env": "P"}}, "unknown settings 'hostkeys'"),
    ("sftp", {"host": "h", "username": "u"}, {"password": {"env": "P"}}, "missing settings 'host_keys'"),
    ("sftp", {"host": "h", "username": "u", "host_keys": "K"}, {"token": {"env": "P"}}, "unknown secrets 'token'"),
    ("as2", {}, {}, "AS2 is not polled"),
    ("ftp", {}, {}, "unknown kind"),
])
def test_bad_entries_name_the_problem(tmp_path: Path, kind: str, settings: dict[str, object],
                                      secrets: dict[str, object], message: str) -> None:
    with pytest.raises(MailboxConfigError, match=message) as err:
        open_mailbox("acme", kind, settings, secrets, base_dir=tmp_path)
    assert "mailbox 'acme'" in str(err.value)


def test_secret_ref_forms() -> None:
    assert secret_ref("env:A") == "env:A" and secret_ref({"env": "A"}) == "env:A"
    assert secret_ref({"file": "/k"}) == "file:/k"
    with pytest.raises(ValueError):
        secret_ref({"env": "A", "file": "/k"})
