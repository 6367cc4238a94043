"""The image: multi-stage, non-root, with a health check, copying files that exist; hadolint clean."""

from __future__ import annotations

import re
import shlex
import subprocess

from tests.deploy.conftest import DEPLOY, REPO, assert_cli_accepts, tool

DOCKERFILE = DEPLOY / "Dockerfile"


def _instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            rows.append((keyword.upper(), rest.strip()))
    return rows


def test_multi_stage_non_root_with_healthcheck() -> None:
    rows = _instructions()
    stages = [rest for kw, rest in rows if kw == "FROM"]
    assert len(stages) >= 2 and any(" AS build" in s for s in stages)
    assert any(kw == "COPY" and rest.startswith("--from=build") for kw, rest in rows)
    users = [rest for kw, rest in rows if kw == "USER"]
    assert users and users[-1] not in ("root", "0", "0:0")
    uid = re.search(r"ARG UID=(\d+)", DOCKERFILE.read_text())
    assert uid and int(uid.group(1)) >= 1000
    assert any(kw == "HEALTHCHECK" and "/healthz" in rest for kw, rest in rows)
    final_stage = DOCKERFILE.read_text().rsplit("FROM ", 1)[1]
    assert "USER " in final_stage and "HEALTHCHECK" in final_stage


def test_copied_paths_exist_and_command_parses() -> None:
    import json

    for kw, rest in _instructions():
        if kw == "COPY" and not rest.startswith("--from"):
            parts = [p for p in shlex.split(rest) if not p.startswith("--")]
            for src in parts[:-1]:
                assert (REPO / src).exists(), f"Dockerfile copies missing {src}"
    rows = dict(_instructions())
    assert json.loads(rows["ENTRYPOINT"]) == ["edi-gateway"]
    assert_cli_accepts(json.loads(rows["CMD"]))


def test_hadolint_clean() -> None:
    hadolint = tool("hadolint")
    proc = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
