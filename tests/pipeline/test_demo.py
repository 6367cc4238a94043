"""The demo end to end: every example partner's samples through the gateway into the sandbox."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gateway.cli import main
from gateway.ledger import Ledger
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.demo import run_demo, summary_rows
from tests.pipeline.conftest import SAMPLES


def test_demo_posts_good_documents_and_explains_broken_ones(tmp_path: Path, registry: PartnerRegistry) -> None:
    root = tmp_path / "demo"
    run_demo(root, SAMPLES, registry)
    ledger = Ledger.from_url(f"sqlite:///{root / 'ledger.sqlite3'}")
    try:
        rows = summary_rows(ledger)
    finally:
        ledger.dispose()
    acme = rows["acme-retail"]["documents"]
    assert acme[("inbound", "850")]["posted"] == 4
    assert acme[("outbound", "856")] == {"acknowledged": 1}
    assert rows["euromarkt-gmbh"]["documents"][("outbound", "DESADV")] == {"acknowledged": 1}
    assert rows["northstar-3pl"]["documents"][("outbound", "940")] == {"acknowledged": 1}
    odoo = " ".join(r for p in rows.values() for r in p["odoo"])
    assert "sale.order" in odoo and "stock.picking" in odoo and "account.move" in odoo
    broken = sum(len(p["problems"]) for p in rows.values())
    assert broken >= 15
    assert all(reason for p in rows.values() for *_rest, reason in p["problems"])


def test_demo_command_exits_zero(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "acme-retail" in result.output and "Try next" in result.output
