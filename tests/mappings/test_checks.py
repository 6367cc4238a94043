"""Business checks with their findings: 945 vs 940, ASN vs PO, 210 totals; and the broken samples."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.documents import load_document
from gateway.mappings.checks import (
    check_advice_against_order,
    check_freight_totals,
    check_notice_against_order,
)
from gateway.mappings.service import translate_file
from gateway.partners import PartnerRegistry
from tests.mappings.helpers import PARTNERS, SAMPLES


@pytest.fixture(scope="module")
def registry() -> PartnerRegistry:
    return PartnerRegistry.from_dir(PARTNERS)


def _one(path: Path, registry: PartnerRegistry):  # type: ignore[no-untyped-def]
    results = translate_file(path, registry)
    assert len(results) == 1
    return results[0]


def _codes(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(f.code for f in findings)


def test_945_matches_its_940(registry: PartnerRegistry) -> None:
    order = load_document(json.loads((SAMPLES / "northstar-3pl" / "940_SO-1001.json").read_text()))
    advice = _one(SAMPLES / "northstar-3pl" / "945_SO-1001.edi", registry)
    assert advice.partner == "northstar-3pl" and advice.findings == []
    found = check_advice_against_order(advice.document, order)
    assert _codes(found) == ["SHORT_SHIPPED"]  # WIDGET-BLUE: 10 of 12, honestly reported
    assert "10 of 12" in found[0].message and found[0].severity == "warning"


def test_945_over_shipment_is_an_error(registry: PartnerRegistry) -> None:
    order = load_document(json.loads((SAMPLES / "northstar-3pl" / "940_SO-1001.json").read_text()))
    advice = _one(SAMPLES / "northstar-3pl" / "broken" / "945_over-shipped.edi", registry)
    found = check_advice_against_order(advice.document, order)
    over = [f for f in found if f.code == "QTY_OVER_ORDER"]
    assert len(over) == 1 and over[0].severity == "error" and "shipped 30" in over[0].message
    # a tolerance in the partner's compliance rules lets a small overage through
    assert not [f for f in check_advice_against_order(advice.document, order, Decimal(25))
                if f.code == "QTY_OVER_ORDER"]


def test_945_other_order_unit_and_missing_line() -> None:
    order = load_document({"doc_type": "warehouse_shipping_order", "depositor_order_number": "SO-1",
                           "lines": [{"line_number": "1", "quantity": "5", "unit": "case",
                                      "item": {"odoo_product": "A"}},
                                     {"line_number": "2", "quantity": "1", "unit": "each",
                                      "item": {"odoo_product": "B"}}]})
    advice = load_document({"doc_type": "warehouse_shipping_advice", "depositor_order_number": "SO-2",
                            "ship_date": "2026-11-27",
                            "lines": [{"line_number": "1", "quantity_shipped": "60", "quantity_ordered": "60",
                                       "unit": "each", "item": {"odoo_product": "A"}},
                                      {"line_number": "2", "quantity_shipped": "1", "unit": "each",
                                       "item": {"odoo_product": "C"}}]})
    assert _codes(check_advice_against_order(advice, order)) == [
        "ITEM_NOT_ORDERED", "LINE_NOT_SHIPPED", "ORDERED_QTY_MISMATCH", "ORDER_NUMBER_MISMATCH",
        "QTY_OVER_ORDER", "UNIT_MISMATCH"]


def test_asn_against_order(registry: PartnerRegistry) -> None:
    po = _one(SAMPLES / "acme-retail" / "850_PO-4500012345.edi", registry).document
    asn = load_document(json.loads((SAMPLES / "acme-retail" / "856_ASN-SH-88120.json").read_text()))
    found = check_notice_against_order(asn, po)
    assert _codes(found) == ["SHORT_SHIPPED"]
    # over-ship, wrong unit (2 CA is not 24 EA) and a repeated SSCC are errors
    bad = asn.model_copy(deep=True)
    bad.orders[0].packs[0].items[0].quantity_shipped = Decimal(30)
    bad.orders[0].packs[2].items[0].unit = "each"
    bad.orders[0].packs[1].sscc = bad.orders[0].packs[0].sscc
    assert _codes(check_notice_against_order(bad, po)) == [
        "DUPLICATE_SSCC", "QTY_OVER_ORDER", "SHORT_SHIPPED", "UNIT_MISMATCH"]
    other = po.model_copy(update={"po_number": "999"})
    assert _codes(check_notice_against_order(asn, other)) == ["PO_NOT_IN_ASN"]


def test_210_totals(registry: PartnerRegistry) -> None:
    good = _one(SAMPLES / "roadrunner-freight" / "210_INV-55001.edi", registry)
    assert good.document.total_charges == Decimal("198.69") and good.findings == []
    assert check_freight_totals(good.document) == []
    bad = _one(SAMPLES / "roadrunner-freight" / "broken" / "210_total-not-sum.edi", registry)
    assert _codes(bad.findings) == ["TOTAL_NOT_SUM_OF_CHARGES"]
    assert "199.69" in bad.findings[0].message and "198.69" in bad.findings[0].message
    net = good.document.model_copy(update={"net_amount_due": Decimal("200.00")})
    assert _codes(check_freight_totals(net)) == ["NET_DUE_MISMATCH"]
    assert check_freight_totals(net, tolerance=Decimal("2")) == []


@pytest.mark.parametrize(("partner", "name", "codes"), [
    ("acme-retail", "850_unknown-item.edi", ["UNKNOWN_ITEM"]),
    ("acme-retail", "850_bad-quantity.edi", "PO102"),
    ("acme-retail", "850_missing-ship-to.edi", ["OVERLAY_3"]),
    ("acme-retail", "850_bad-upc-check-digit.edi", ["BAD_GTIN_CHECK_DIGIT"]),
    ("northstar-3pl", "945_bad-difference.edi", ["W12_DIFFERENCE_MISMATCH"]),
    ("northstar-3pl", "945_bad-sscc.edi", ["BAD_SSCC_CHECK_DIGIT"]),
    ("northstar-3pl", "945_missing-item-qualifier.edi", ["OVERLAY_1"]),
    ("roadrunner-freight", "214_bad-date.edi", "AT705"),
    ("euromarkt-gmbh", "ORDERS_bad-quantity.edi", "QTY+21"),
    ("euromarkt-gmbh", "ORDERS_unknown-gtin.edi", ["UNKNOWN_ITEM"]),
    ("euromarkt-gmbh", "ORDERS_missing-delivery-party.edi", ["OVERLAY_13"]),
    ("euromarkt-gmbh", "ORDERS_wrong-segment-count.edi", []),
    ("roadrunner-freight", "214_wrong-scac.edi", ["OVERLAY_7"]),
])
def test_broken_samples_give_their_findings(registry: PartnerRegistry, partner: str, name: str,
                                            codes: list[str] | str) -> None:
    """A list: the findings of a translated document; a string: the place a refused translation names."""
    path = SAMPLES / partner / "broken" / name
    if isinstance(codes, str):
        from gateway.errors import EdiInputError

        with pytest.raises(EdiInputError, match=codes.replace("+", r"\+")) as info:
            translate_file(path, registry)
        assert str(path) in info.value.describe()
        return
    result = _one(path, registry)
    assert result.partner == partner
    assert _codes(result.findings) == codes


def test_every_broken_sample_is_explained() -> None:
    for folder in SAMPLES.glob("*/broken"):
        readme = (folder / "README.md").read_text()
        for f in folder.iterdir():
            if f.name != "README.md":
                assert f.name in readme, f"{f} has no line in {folder}/README.md"
