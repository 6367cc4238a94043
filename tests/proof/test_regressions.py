"""Fixed bugs the proof suite found, each pinned by a small deterministic case.

The fuzzers found these with random inputs; these cases keep them fixed even if the fuzzers'
examples change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.edifact import engine as edifact_engine
from gateway.edifact.maps import directory_for, find_map
from gateway.errors import GatewayError

ORDERS = ("UNA:+.? 'UNB+UNOA:2+SENDER+RECEIVER+260101:1200+1'UNH+1+ORDERS:{version}:96A:UN'"
          "BGM+220+PO1+9'UNT+3+1'UNZ+1+1'")


@pytest.mark.parametrize("version", ["D" * 5000, "../../../../etc/passwd", "D/../..", "D\x00"])
def test_hostile_unh_message_version_is_a_report_not_an_os_error(version: str) -> None:
    data = ORDERS.format(version=version).encode("latin-1")
    try:
        report = edifact_engine.validate_bytes(data, source="hostile.edi")
    except GatewayError:
        return
    assert report.interchanges  # read, and the unknown version reported, never an OSError


@pytest.mark.parametrize(("message", "version", "release"),
                         [("../ORDERS", "D", "96A"), ("ORDERS", "../../x", ""), ("ORDERS", "D", "A" * 300)])
def test_map_lookup_refuses_ids_that_are_not_codes(tmp_path: Path, message: str, version: str, release: str) -> None:
    outside = tmp_path / "ORDERS.yaml"
    outside.write_text("message: ORDERS\n")
    (tmp_path / "maps").mkdir()
    assert directory_for(message, version, release, tmp_path / "maps") is None
    assert find_map(message, version, release, tmp_path / "maps") is None
