"""The demo end to end: every example partner's samples through the gateway into the sandbox."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gateway.cli import main
from gateway.ledger import Ledger
from gateway.pipeline.demo import summary_rows


def test_demo_posts_good_documents_explains_broken_ones_and_exits_zero(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--dir", str(root)])
    assert result.exit_code == 0, result.output
    assert "acme-retail" in result.output and "Try next" in result.output
    ledger = Ledger.from_url(f"sqlite:///{root / 'ledger.sqlite3'}")
    try:
        rows = summary_rows(ledger)
    finally:
        ledger.dispose()
    acme = rows["acme-retail"]["documents"]
    assert acme[("inbound", "850")]["posted"] == 4
    assert acme[("outbound", "856")] == {"acknowledged": 1}
    assert rows["euromarkt-gmbh"]["documents"][("inbound", "ORDERS")]["posted"] == 1
    assert rows["euromarkt-gmbh"]["documents"][("outbound", "DESADV")] == {"acknowledged": 1}
    assert set(rows["northstar-3pl"]["documents"][("outbound", "940")]) == {"acknowledged"}
    assert rows["roadrunner-freight"]["documents"][("inbound", "210")]["posted"] == 1
    odoo = " ".join(r for p in rows.values() for r in p["odoo"])
    assert "sale.order" in odoo and "stock.picking" in odoo and "account.move" in odoo
    problems = [p for row in rows.values() for p in row["problems"]]
    assert len(problems) >= 15  # every broken sample shows up, with its reason
    assert all(reason for *_rest, reason in problems)
    assert all(row["acks_sent"] > 0 for row in rows.values())
