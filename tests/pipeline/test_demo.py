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
    # Every outbound document is read from a sandbox record, sent, and acknowledged by the partner.
    assert acme[("outbound", "856")] == {"acknowledged": 2}  # the seeded shipment and the one the 3PL's 945 shipped
    euromarkt = rows["euromarkt-gmbh"]["documents"]
    assert euromarkt[("inbound", "ORDERS")]["posted"] == 1
    assert euromarkt[("outbound", "DESADV")] == {"acknowledged": 1}
    assert euromarkt[("outbound", "INVOIC")] == {"acknowledged": 1}
    assert set(rows["northstar-3pl"]["documents"][("outbound", "940")]) == {"acknowledged"}
    summit = rows["summit-supply"]["documents"]
    assert summit[("outbound", "850")] == {"acknowledged": 1}
    assert summit[("inbound", "856")] == {"posted": 1}  # the supplier's ASN received against our PO
    assert rows["roadrunner-freight"]["documents"][("inbound", "210")]["posted"] == 1
    sources = {r for p in rows.values() for r in p["odoo"] if " from " in r}
    assert {r.split(" from ")[1].split()[0] for r in sources} == {"purchase.order", "stock.picking", "account.move"}
    assert any(r.startswith("856 from stock.picking") for r in rows["acme-retail"]["odoo"])
    assert any(r.startswith("INVOIC from account.move INV/") for r in rows["euromarkt-gmbh"]["odoo"])
    odoo = " ".join(r for p in rows.values() for r in p["odoo"])
    assert "sale.order" in odoo and "stock.picking WH/IN/" in odoo and "account.move" in odoo
    problems = [p for row in rows.values() for p in row["problems"]]
    assert len(problems) >= 15  # every broken sample shows up, with its reason
    assert all(reason for *_rest, reason in problems)
    assert all(row["acks_sent"] > 0 for row in rows.values())
    assert all(row["acks_pending"] == 0 for row in rows.values())  # every document we sent was answered


def test_demo_outbound_carry_odoo_content(tmp_path: Path) -> None:
    """The files sent are built from the sandbox: SSCC cartons, the customer's vendor number, Odoo numbers."""
    root = tmp_path / "demo"
    assert CliRunner().invoke(main, ["demo", "--dir", str(root)]).exit_code == 0
    outbox = root / "mailboxes"
    acme = " ".join(p.read_text() for p in (outbox / "acme-retail" / "outbox").glob("*_856_*.edi"))
    assert "REF*IA*V-778201~" in acme and "TD5*B*2*RRFT~" in acme and acme.count("MAN*GM*00006141410") == 2
    desadv = " ".join(p.read_text() for p in (outbox / "euromarkt-gmbh" / "outbox").glob("*_DESADV_*.edi"))
    assert "GIN+BJ+00614141" in desadv and "NAD+DP+4012345000016::9" in desadv
    invoic = " ".join(p.read_text() for p in (outbox / "euromarkt-gmbh" / "outbox").glob("*_INVOIC_*.edi"))
    assert "BGM+380+INV/" in invoic and "RFF+ON:EM-2026-0790'" in invoic
    po = " ".join(p.read_text() for p in (outbox / "summit-supply" / "outbox").glob("*_850_*.edi"))
    assert "BEG*00*SA*P0" in po and "VN*SW-R100" in po and "VN*SG-2000" in po
