"""The distributed worker opens the polled mailboxes of the profiles and skips what it cannot open."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from gateway.partners.loader import load_profiles
from gateway.partners.registry import PartnerRegistry
from gateway.worker import open_polled_mailboxes


def test_example_profiles_open_without_as2_and_with_misconfigured_sftp_left_out(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    registry = PartnerRegistry(load_profiles())
    kinds = {t.name: t.kind for p in registry for t in p.transports}
    assert "as2" in kinds.values() and "sftp" in kinds.values()
    caplog.set_level(logging.ERROR, logger="gateway.worker")
    opened = open_polled_mailboxes(registry, tmp_path)
    assert not any(kinds[name] == "as2" for name in opened)
    assert all(kinds[name] in ("local", "sftp") for name in opened)
    refused = [name for name, kind in kinds.items() if kind == "sftp" and name not in opened]
    for name in refused:  # e.g. an SFTP entry without a pinned host key: logged with the reason
        assert any(name in r.getMessage() and "not opened" in r.getMessage() for r in caplog.records)
