"""The compose file: web, two workers, exactly one beat, Redis, PostgreSQL, volumes and health checks."""

from __future__ import annotations

import subprocess
from typing import Any

import yaml

from tests.deploy.conftest import DEPLOY, assert_cli_accepts, tool

COMPOSE = DEPLOY / "compose.yaml"


def _services() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_services_and_roles() -> None:
    services = _services()
    assert {"web", "worker-1", "worker-2", "beat", "redis", "postgres", "migrate"} <= set(services)
    assert services["beat"]["deploy"]["replicas"] == 1
    beats = [name for name, s in services.items() if s.get("command", [None])[0] == "beat"]
    assert beats == ["beat"], "exactly one beat"
    workers = [name for name, s in services.items() if s.get("command", [None])[0] == "worker"]
    assert len(workers) == 2
    names = {services[w]["command"][services[w]["command"].index("--name") + 1] for w in workers}
    assert len(names) == 2, "workers need distinct node names"


def test_every_service_has_a_health_check_and_dependencies_wait_for_it() -> None:
    services = _services()
    for name, service in services.items():
        check = service.get("healthcheck", {})
        if name == "migrate":
            assert check.get("disable") is True and service["restart"] == "no"
            continue
        assert check.get("test"), f"{name} has no health check"
    for name in ("web", "worker-1", "worker-2", "beat"):
        deps = services[name]["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy"
        assert deps["redis"]["condition"] == "service_healthy"
        assert deps["migrate"]["condition"] == "service_completed_successfully"


def test_volumes_persist_data() -> None:
    doc = yaml.safe_load(COMPOSE.read_text())
    assert {"pgdata", "redisdata", "gateway-data"} <= set(doc["volumes"])
    services = doc["services"]
    assert "pgdata:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redisdata:/data" in services["redis"]["volumes"]
    for name in ("web", "worker-1", "worker-2", "beat"):
        assert "gateway-data:/var/lib/edi-gateway" in services[name]["volumes"]


def test_gateway_commands_parse_with_the_real_cli() -> None:
    for service in _services().values():
        command = service.get("command")
        if service.get("image", "").startswith("edi-gateway") and command:
            assert_cli_accepts(command)
    assert_cli_accepts(_services()["beat"]["healthcheck"]["test"][2:])


def test_compose_spec_schema() -> None:
    checker = tool("check-jsonschema")
    proc = subprocess.run([checker, "--builtin-schema", "vendor.compose-spec", str(COMPOSE)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
