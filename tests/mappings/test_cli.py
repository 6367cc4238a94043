"""The ``translate``, ``render`` and ``partners check`` commands: output, exit codes, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gateway.cli import main
from tests.mappings.helpers import PARTNERS, SAMPLES


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_translate_prints_a_json_list_of_documents(runner: CliRunner) -> None:
    result = runner.invoke(main, ["translate", str(SAMPLES / "acme-retail" / "850_two-orders.edi")])
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["doc_type"] for d in docs] == ["purchase_order", "purchase_order"]
    assert docs[0]["lines"][0]["item"]["odoo_product"] == "WIDGET-RED"
    assert docs[0]["lines"][0]["quantity"] == "24"


def test_translate_envelope_and_findings_on_stderr(runner: CliRunner) -> None:
    path = SAMPLES / "roadrunner-freight" / "broken" / "210_total-not-sum.edi"
    result = runner.invoke(main, ["translate", "--envelope", str(path)])
    assert result.exit_code == 0
    [item] = json.loads(result.stdout)
    assert item["partner"] == "roadrunner-freight" and item["type"] == "210"
    assert item["findings"][0]["code"] == "TOTAL_NOT_SUM_OF_CHARGES"
    assert "TOTAL_NOT_SUM_OF_CHARGES" in result.stderr and str(path) in result.stderr


def test_translate_refuses_non_edi_and_unknown_partner(runner: CliRunner, tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    result = runner.invoke(main, ["translate", str(junk)])
    assert result.exit_code == 2 and "not an EDI file" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(main, ["translate", "--partner", "nobody", str(SAMPLES / "acme-retail" /
                                                                        "850_PO-4500012345.edi")])
    assert result.exit_code != 0 and "unknown partner 'nobody'" in result.stderr
    missing = runner.invoke(main, ["translate", str(tmp_path / "nope.edi")])
    assert missing.exit_code == 2 and "nope.edi" in missing.stderr


def test_translate_unmappable_set_names_file_and_place(runner: CliRunner) -> None:
    path = SAMPLES / "roadrunner-freight" / "broken" / "214_bad-date.edi"
    result = runner.invoke(main, ["translate", str(path)])
    assert result.exit_code == 1
    assert str(path) in result.stderr and "set 214 0001" in result.stderr and "AT705" in result.stderr


def test_render_then_translate_gives_the_document_back(runner: CliRunner, tmp_path: Path) -> None:
    src = SAMPLES / "acme-retail" / "856_ASN-SH-88120.json"
    result = runner.invoke(main, ["render", "--partner", "acme-retail", "--type", "856", str(src)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ISA*00*") and "GS*SH*OURDISTCO*ACMERETAIL*" in result.stdout
    edi = tmp_path / "asn.edi"
    edi.write_text(result.stdout)
    back = runner.invoke(main, ["translate", "--envelope", str(edi), "--partner", "acme-retail"])
    [item] = json.loads(back.stdout)
    assert item["document"]["shipment_id"] == "SH-88120"
    packs = item["document"]["orders"][0]["packs"]
    assert [p["sscc"] for p in packs] == ["000123456000000012", "000123456000000029", "000123456000000036"]
    assert [p["pallet_sscc"] for p in packs] == ["000123456000000067", "000123456000000067", None]
    assert [p["items"][0]["item"]["odoo_product"] for p in packs] == ["WIDGET-RED", "WIDGET-BLUE", "GADGET-10"]
    assert packs[2]["items"][0]["serials"] == ["GD10-SN-000981", "GD10-SN-000982"]
    assert item["document"]["orders"][0]["items"] == []


def test_render_accepts_translate_output(runner: CliRunner, tmp_path: Path) -> None:
    out = runner.invoke(main, ["translate", "--envelope", str(SAMPLES / "northstar-3pl" / "945_SO-1001.edi")])
    src = tmp_path / "945.json"
    src.write_text(out.stdout)
    result = runner.invoke(main, ["render", "--partner", "northstar-3pl", "--type", "945", str(src)])
    assert result.exit_code == 1  # Northstar does not receive 945s from us
    assert "does not receive 945" in result.stderr and "940" in result.stderr
    # but the demo can play Northstar sending it: their ids as sender, ours as receiver
    played = runner.invoke(main, ["render", "--partner", "northstar-3pl", "--type", "945", "--as-partner", str(src)])
    assert played.exit_code == 0, played.stderr
    assert played.stdout.startswith("ISA*00*          *00*          *01*078742035      *ZZ*OURDISTCO      *")
    edi = tmp_path / "945.edi"
    edi.write_text(played.stdout)
    again = runner.invoke(main, ["translate", "--envelope", str(edi)])
    [first], [second] = json.loads(out.stdout), json.loads(again.stdout)
    assert second["partner"] == "northstar-3pl" and second["document"] == first["document"]


def test_render_refuses_output_the_overlay_rejects(runner: CliRunner, tmp_path: Path) -> None:
    doc = json.loads((SAMPLES / "acme-retail" / "856_ASN-SH-88120.json").read_text())
    doc["carrier_scac"] = "ZZZZ"  # not on ACME's approved carrier list
    doc["references"] = []  # and no REF*IA vendor number
    src = tmp_path / "asn.json"
    src.write_text(json.dumps(doc))
    result = runner.invoke(main, ["render", "--partner", "acme-retail", "--type", "856", str(src)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "would be rejected" in result.stderr
    assert "REF*IA is required" in result.stderr and "'ZZZZ' is not in acme-retail's code list" in result.stderr


def test_render_refuses_bad_json_and_wrong_document(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = runner.invoke(main, ["render", "--partner", "acme-retail", "--type", "856", str(bad)])
    assert result.exit_code == 2 and "not JSON" in result.stderr
    po = tmp_path / "po.json"
    po.write_text(json.dumps({"doc_type": "purchase_order", "po_number": "1", "po_date": "2026-01-01"}))
    result = runner.invoke(main, ["render", "--partner", "acme-retail", "--type", "856", str(po)])
    assert result.exit_code == 1 and "856 carries a ShipNotice" in result.stderr
    typo = tmp_path / "typo.json"
    typo.write_text(json.dumps({"doc_type": "ship_notice", "shipment_idd": "1"}))
    result = runner.invoke(main, ["render", "--partner", "acme-retail", "--type", "856", str(typo)])
    assert result.exit_code == 1 and "shipment_idd" in result.stderr


def test_partners_check(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(main, ["partners", "check", "--dir", str(PARTNERS)])
    assert ok.exit_code == 0 and "ok  acme-retail" in ok.stdout
    for f in PARTNERS.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    path = tmp_path / "northstar-3pl.yaml"
    path.write_text(path.read_text().replace("functional: \"997\"", "functional: \"998\""))
    bad = runner.invoke(main, ["partners", "check", "--dir", str(tmp_path)])
    assert bad.exit_code == 1
    assert f"{path}: acks.functional:" in bad.stderr and "fix: use one of" in bad.stderr


def test_edifact_translate_and_render(runner: CliRunner, tmp_path: Path) -> None:
    orders = runner.invoke(main, ["translate", "--envelope", str(SAMPLES / "euromarkt-gmbh" / "ORDERS_EM-2026-0815.edi")])
    assert orders.exit_code == 0, orders.stderr
    [item] = json.loads(orders.stdout)
    assert item["partner"] == "euromarkt-gmbh" and item["syntax"] == "edifact" and item["version"] == "D96A"
    assert item["document"]["lines"][1]["item"]["odoo_product"] == "GADGET-10"
    for name, message in (("DESADV_DN-70031.json", "DESADV"), ("INVOIC_INV-2026-11873.json", "INVOIC")):
        result = runner.invoke(main, ["render", "--partner", "euromarkt-gmbh", "--type", message.lower(),
                                      str(SAMPLES / "euromarkt-gmbh" / name)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("UNA:+.? '\nUNB+UNOC:3+0614141000005:14+4012345000009:14+")
        assert f"UNH+1+{message}:D:96A:UN:EAN00" in result.stdout


def test_edifact_render_refuses_what_the_map_rejects(runner: CliRunner, tmp_path: Path) -> None:
    doc = json.loads((SAMPLES / "euromarkt-gmbh" / "INVOIC_INV-2026-11873.json").read_text())
    doc["parties"][1]["name"] = "EuroMarkt Zentrale Berlin Einkauf Abteilung Nord"  # 48 > an..35
    src = tmp_path / "inv.json"
    src.write_text(json.dumps(doc))
    result = runner.invoke(main, ["render", "--partner", "euromarkt-gmbh", "--type", "INVOIC", str(src)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "would be rejected" in result.stderr and "NAD" in result.stderr


def test_edifact_d01b_output_is_validated_too(tmp_path: Path) -> None:
    from gateway.documents import load_document
    from gateway.mappings.service import render_documents
    from gateway.partners import load_profile
    from gateway.partners.model import DocumentSetting

    profile = load_profile(PARTNERS / "euromarkt-gmbh.yaml")
    profile.documents = [DocumentSetting(type="DESADV", direction="outbound", version="D01B")]
    doc = load_document(json.loads((SAMPLES / "euromarkt-gmbh" / "DESADV_DN-70031.json").read_text()))
    text = render_documents([doc], profile, "DESADV")
    assert "UNH+1+DESADV:D:01B:UN:EAN005" in text and "10012345000017:SRV" in text
