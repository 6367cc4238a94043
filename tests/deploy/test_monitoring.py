"""Dashboard and alert rules use only metric names the code defines; promtool checks and unit-tests the rules."""

from __future__ import annotations

import json
import re
import subprocess

import yaml

from gateway.observability import metrics
from tests.deploy.conftest import DEPLOY, REPO, tool

_SUFFIXES = ("_bucket", "_count", "_sum", "_created")
_NAME = re.compile(r"\bedigw_[a-z0-9_]+")


def _web_metric_names() -> set[str]:
    """Names the console exposes (gateway/web/metrics.py); counters gain ``_total``."""
    source = (REPO / "gateway" / "web" / "metrics.py").read_text()
    gauges = set(re.findall(r'GaugeMetricFamily\(\s*"(edigw_[a-z0-9_]+)"', source))
    counters = {f"{n}_total" for n in re.findall(r'Counter\(\s*"(edigw_[a-z0-9_]+)"', source)}
    return gauges | counters


def _known() -> set[str]:
    return set(metrics.METRIC_NAMES) | _web_metric_names()


def _used(text: str) -> set[str]:
    used = set()
    for name in _NAME.findall(text):
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and name.removesuffix(suffix) in metrics.METRIC_NAMES:
                name = name.removesuffix(suffix)
        used.add(name)
    return used


def test_dashboard_uses_known_metrics_and_is_valid_json() -> None:
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert exprs and dashboard["uid"] == "edi-gateway"
    unknown = _used("\n".join(exprs)) - _known()
    assert not unknown, f"dashboard uses undefined metrics: {sorted(unknown)}"
    covered = _used("\n".join(exprs))
    for name in metrics.METRIC_NAMES:
        assert name in covered, f"{name} is not on the dashboard"


def test_alert_rules_use_known_metrics() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus-alerts.yml").read_text())
    exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    unknown = _used("\n".join(exprs)) - _known()
    assert not unknown, f"alert rules use undefined metrics: {sorted(unknown)}"
    for rule in (r for g in rules["groups"] for r in g["rules"]):
        assert rule["labels"]["severity"] in ("warning", "critical") and rule["annotations"]["summary"]


def test_gateway_and_console_metric_families_do_not_collide() -> None:
    def family(name: str) -> str:
        return name.removesuffix("_total")

    assert not {family(n) for n in metrics.METRIC_NAMES} & {family(n) for n in _web_metric_names()}


def test_promtool_checks_and_unit_tests_rules() -> None:
    promtool = tool("promtool")
    for args in (["check", "rules", "prometheus-alerts.yml"], ["test", "rules", "prometheus-alerts.test.yml"],
                 ["check", "config", "prometheus.yml"]):
        proc = subprocess.run([promtool, *args], capture_output=True, text=True, timeout=60, check=False, cwd=DEPLOY)
        assert proc.returncode == 0, f"promtool {' '.join(args)}:\n{proc.stdout}{proc.stderr}"
