"""systemd unit examples: parse with the real CLI, and pass ``systemd-analyze verify`` when available."""

from __future__ import annotations

import configparser
import shlex
import subprocess
from pathlib import Path

from tests.deploy.conftest import DEPLOY, REPO, assert_cli_accepts, tool

UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
INSTALLED = "/opt/edi-gateway/venv/bin/edi-gateway"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path)
    return parser


def test_units_exist_run_unprivileged_and_parse() -> None:
    names = {u.name for u in UNITS}
    assert {"edi-gateway-web.service", "edi-gateway-worker@.service", "edi-gateway-beat.service",
            "edi-gateway-migrate.service"} <= names
    for path in UNITS:
        service = _unit(path)["Service"]
        assert service["User"] == "edigw" and service.get("NoNewPrivileges") == "yes"
        args = shlex.split(service["ExecStart"].replace("%i@%H", "w1@host"))
        assert args[0] == INSTALLED
        assert_cli_accepts(args[1:])
    assert "EXACTLY ONE" in (DEPLOY / "systemd" / "edi-gateway-beat.service").read_text()


def test_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = tool("systemd-analyze")
    exe = REPO / ".venv" / "bin" / "edi-gateway"
    checked = []
    for path in UNITS:
        text = (path.read_text().replace(INSTALLED, str(exe))
                .replace("EnvironmentFile=/etc", "EnvironmentFile=-/etc")
                .replace("User=edigw", "User=root").replace("Group=edigw", "Group=root"))
        name = path.name.replace("@.service", "@w1.service")
        (tmp_path / name).write_text(text)
        checked.append(str(tmp_path / name))
    proc = subprocess.run([analyze, "verify", "--man=no", *checked], capture_output=True, text=True, timeout=60,
                          check=False, cwd=tmp_path)
    problems = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    assert proc.returncode == 0 and not problems, "\n".join(problems)
