"""A partner's guide violations are validated and acknowledged like base-map errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from gateway.cli import main
from gateway.control_numbers import MemoryAllocator
from gateway.partners.loader import load_profiles
from gateway.partners.registry import PartnerRegistry
from gateway.partners.validation import apply_overlay
from gateway.x12.ack import acknowledge
from gateway.x12.engine import validate_file as validate_x12

REPO = Path(__file__).resolve().parents[2]
ACME = REPO / "sample_docs" / "acme-retail"
EURO = REPO / "sample_docs" / "euromarkt-gmbh"


def profile(partner_id: str):  # type: ignore[no-untyped-def]
    found = PartnerRegistry(load_profiles()).get(partner_id)
    assert found is not None
    return found


def test_missing_ship_to_is_rejected_with_ak3_code_3_only_under_the_overlay() -> None:
    path = ACME / "broken" / "850_missing-ship-to.edi"
    plain = validate_x12(path)
    assert [s.status for s in plain.all_sets()] == ["accepted"]

    report = apply_overlay(validate_x12(path), path, profile("acme-retail"))
    (only,) = report.all_sets()
    assert only.status == "rejected"
    (issue,) = only.issues
    assert (issue.level, issue.code, issue.segment_id) == ("segment", "3", "N1")
    assert issue.segment_position == only.segment_count
    group = report.interchanges[0].groups[0]
    assert (group.ack_code, group.status) == ("R", "rejected")

    ack = acknowledge(report, MemoryAllocator())
    segments = [s.strip() for s in ack.split("~") if s.strip()]
    assert f"AK3*N1*{only.segment_count}**3" in segments
    assert "AK5*R*5" in segments
    assert any(s.startswith("AK9*R*1*1*0") for s in segments)


def test_conforming_order_stays_accepted_under_the_overlay() -> None:
    path = ACME / "850_PO-4500012345.edi"
    report = apply_overlay(validate_x12(path), path, profile("acme-retail"))
    assert [s.status for s in report.all_sets()] == ["accepted"]
    assert report.interchanges[0].groups[0].ack_code == "A"


def test_edifact_missing_delivery_party_is_rejected_with_0085_code_13() -> None:
    from gateway.edifact.engine import validate_file as validate_edifact

    path = EURO / "broken" / "ORDERS_missing-delivery-party.edi"
    assert [s.status for s in validate_edifact(path).all_sets()] == ["accepted"]
    report = apply_overlay(validate_edifact(path), path, profile("euromarkt-gmbh"))
    (only,) = report.all_sets()
    assert only.status == "rejected"
    assert [(i.code, i.segment_id) for i in only.issues] == [("13", "NAD")]


def test_cli_validate_with_partner_exit_codes() -> None:
    runner = CliRunner()
    broken = str(ACME / "broken" / "850_missing-ship-to.edi")
    assert runner.invoke(main, ["validate", broken]).exit_code == 0
    result = runner.invoke(main, ["validate", "--partner", "acme-retail", broken])
    assert result.exit_code == 1
    assert "ship-to is mandatory" in result.output
    unknown = runner.invoke(main, ["validate", "--partner", "no-such-partner", broken])
    assert unknown.exit_code == 2
    assert "no partner profile" in unknown.output


def test_cli_ack_with_partner_acknowledges_guide_violations() -> None:
    runner = CliRunner()
    x12 = runner.invoke(main, ["ack", "--partner", "acme-retail", str(ACME / "broken" / "850_missing-ship-to.edi")])
    assert x12.exit_code == 0
    assert "AK5*R*5~" in x12.output and "AK3*N1*" in x12.output
    plain = runner.invoke(main, ["ack", str(ACME / "broken" / "850_missing-ship-to.edi")])
    assert "AK5*A~" in plain.output
    edi = runner.invoke(main, ["ack", "--partner", "euromarkt-gmbh",
                               str(EURO / "broken" / "ORDERS_missing-delivery-party.edi")])
    assert edi.exit_code == 0
    assert "UCM+1+ORDERS:D:96A:UN:EAN008+4'" in edi.output
    assert "+13'" in edi.output
