"""The CLI contract for X12 files: exit codes, --json shape, stderr on bad input, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gateway.cli.edi import ack_command, inspect_command, validate_command
from gateway.x12 import envelope
from tests.x12.core_fixtures import FakeFactory, element_issue, interchange, text


@pytest.fixture(autouse=True)
def fake_maps(monkeypatch: pytest.MonkeyPatch) -> FakeFactory:
    """The CLI uses the default validator; replace it so these tests check the CLI, not the maps."""
    factory = FakeFactory({"0001": []})
    monkeypatch.setattr(envelope, "default_validator_factory", factory)
    return factory


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


def test_validate_exit_0_when_accepted(tmp_path: Path) -> None:
    result = CliRunner().invoke(validate_command, [str(write(tmp_path, "ok.edi", text(interchange())))])
    assert result.exit_code == 0, result.output
    assert "accepted" in result.output


def test_validate_exit_1_when_rejected_and_json_shape(tmp_path: Path, fake_maps: FakeFactory) -> None:
    fake_maps.issues_by_set["0001"] = [element_issue(4)]
    ok = write(tmp_path, "ok.edi", text(interchange()))
    segs = [("SE*99*0001" if s.startswith("SE") else s) for s in interchange()]
    bad = write(tmp_path, "bad.edi", text(segs))
    result = CliRunner().invoke(validate_command, ["--json", str(bad), str(ok)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["status"] for f in data] == ["rejected", "accepted"]
    f = data[0]
    assert f["syntax"] == "x12" and f["file"] == str(bad)
    ic = f["interchanges"][0]
    assert (ic["sender"], ic["receiver"], ic["control_number"], ic["status"]) == (
        "SENDER", "RECEIVER", "000000001", "accepted")
    g = ic["groups"][0]
    assert (g["functional_id"], g["control_number"], g["version"], g["status"]) == ("PO", "1", "004010", "rejected")
    ts = g["transaction_sets"][0]
    assert (ts["type"], ts["control_number"], ts["status"]) == ("850", "0001", "rejected")
    by_code = {e["code"]: e for e in ts["errors"]}
    assert by_code["4"]["segment_id"] == "SE" and "SE01" in by_code["4"]["message"]
    el = by_code["6"]
    assert (el["segment_id"], el["segment_position"], el["element_position"]) == ("PO1", 4, 2)
    assert el["message"] == "quantity '1O' is not a number"


def test_validate_not_edi_exit_2_clean_stderr(tmp_path: Path) -> None:
    p = write(tmp_path, "junk.edi", "bad_file\n")
    result = CliRunner().invoke(validate_command, [str(p)])
    assert result.exit_code == 2
    assert result.stderr.startswith("edi-gateway: ") and str(p) in result.stderr
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)


def test_validate_broken_isa_exit_2_with_reason(tmp_path: Path) -> None:
    p = write(tmp_path, "isa.edi", "ISA*00*  *00*~")
    result = CliRunner().invoke(validate_command, ["--json", str(p)])
    assert result.exit_code == 2
    assert "16 are required" in result.stderr
    assert json.loads(result.stdout)[0]["status"] == "unreadable"


def test_ack_prints_997_and_exit_0_even_when_rejecting(tmp_path: Path) -> None:
    segs = interchange()
    segs[-1] = "IEA*1*000000099"
    result = CliRunner().invoke(ack_command, [str(write(tmp_path, "r.edi", text(segs)))])
    assert result.exit_code == 0
    assert "TA1*000000001*240131*1200*R*001~" in result.stdout


def test_ack_not_edi_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(ack_command, [str(write(tmp_path, "n.txt", "hello"))])
    assert result.exit_code == 2 and "not an EDI file" in result.stderr


def test_inspect_prints_tree(tmp_path: Path) -> None:
    result = CliRunner().invoke(inspect_command, [str(write(tmp_path, "i.edi", text(interchange())))])
    assert result.exit_code == 0
    assert "-- transaction set 850 0001: accepted" in result.stdout


def test_real_command_line_has_no_traceback(tmp_path: Path) -> None:
    p = write(tmp_path, "junk.edi", "ISA*00*  *00*~")
    exe = Path(sys.executable).with_name("edi-gateway")
    if not exe.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    proc = subprocess.run([str(exe), "validate", str(p)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("edi-gateway: ")


def test_ack_999_option_for_5010_groups(tmp_path: Path) -> None:
    from tests.x12.core_fixtures import body_850, group

    data = text(interchange([group([body_850()], version="005010")], version="00501", r="^"))
    p = write(tmp_path, "5010.edi", data)
    default = CliRunner().invoke(ack_command, [str(p)])
    assert default.exit_code == 0 and "ST*997*0001" in default.stdout
    result = CliRunner().invoke(ack_command, ["--999", str(p)])
    assert result.exit_code == 0
    assert "ST*999*0001*005010X231A1~" in result.stdout and "IK5*A~" in result.stdout
