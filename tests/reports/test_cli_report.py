"""``edi-gateway report compliance``: the same figures on the command line, clear errors on bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from gateway.cli import main
from gateway.ledger import Ledger
from tests.reports import history
from tests.reports.conftest import Clock


def _partners(tmp_path: Path) -> Path:
    folder = tmp_path / "partners"
    folder.mkdir()
    (folder / f"{history.PARTNER}.yaml").write_text(yaml.safe_dump(history.profile().model_dump(mode="json")))
    return folder


def _args(ledger: Ledger, partners: Path, *extra: str) -> list[str]:
    return ["report", "compliance", "--partner", history.PARTNER, "--from", "2026-03-01", "--to", "2026-03-31",
            "--database-url", str(ledger.engine.url), "--partners", str(partners), *extra]


def test_report_to_files_in_each_format(ledger: Ledger, clock: Clock, tmp_path: Path) -> None:
    history.build(ledger, clock)
    partners = _partners(tmp_path)
    runner = CliRunner()
    out = tmp_path / "r.json"
    result = runner.invoke(main, _args(ledger, partners, "--format", "json", "-o", str(out)))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    # the period has ended long ago, so the cut-off is its end whatever today is
    assert data["as_of"] == "2026-04-01T00:00:00+00:00"
    assert (data["money_at_risk"], data["asn"]["late"], data["warehouse"]["fill_rate"]) == ("750.00", 2, "95.2")
    result = runner.invoke(main, _args(ledger, partners, "--format", "csv"))
    rows = {(r[0], r[1]): r[2] for r in csv.reader(result.output.splitlines()[1:])}
    assert rows[("shipment_status", "coverage_rate")] == "50.0"
    html = tmp_path / "r.html"
    assert runner.invoke(main, _args(ledger, partners, "-o", str(html))).exit_code == 0
    assert '<strong id="money-at-risk">750.00</strong>' in html.read_text()


def test_bad_input_is_a_clear_error(ledger: Ledger, tmp_path: Path) -> None:
    partners = _partners(tmp_path)
    runner = CliRunner()
    unknown = runner.invoke(main, [*_args(ledger, partners)[:2], "--partner", "nobody", "--from", "2026-03-01",
                                   "--to", "2026-03-31", "--partners", str(partners),
                                   "--database-url", str(ledger.engine.url)])
    assert unknown.exit_code == 2 and "no partner profile 'nobody'" in unknown.output
    bad_date = runner.invoke(main, [a if a != "2026-03-31" else "31/03/2026" for a in _args(ledger, partners)])
    assert bad_date.exit_code == 2 and "--to '31/03/2026' is not a date" in bad_date.output
    reversed_ = runner.invoke(main, [a if a != "2026-03-31" else "2026-02-01" for a in _args(ledger, partners)])
    assert reversed_.exit_code == 2 and "before it starts" in reversed_.output
    assert "Traceback" not in unknown.output + bad_date.output + reversed_.output
