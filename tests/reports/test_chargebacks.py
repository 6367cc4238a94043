"""Chargebacks per carton, as a percent of value and per occurrence, priced on the known history.

The history (tests/reports/history.py) holds these breaches, worked out by hand:

- late ASNs: ASN-2 (2 cartons, 5 units of PO-2 line 1 at 12.00 = 60.00) and ASN-3 (1 carton,
  its PO is unknown so its value is unknown);
- ASNs with a quantity or unit problem: ASN-2 (2 cartons, 60.00) and ASN-4 (no cartons, 5 units of
  PO-1 line 2 at 100.00 = 500.00);
- a carton without an SSCC on ASN-2 (1 unit at 12.00) and a repeated SSCC on ASN-2 (4 units = 48.00);
- a short-shipped warehouse order DO-1 whose 945 lists 2 SSCCs; two acks of ours late or missing.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal as D

import pytest

from gateway.ledger import Ledger
from gateway.partners.model import PartnerProfile
from gateway.reports import build_report, render
from tests.reports import history
from tests.reports.conftest import Clock
from tests.reports.test_compliance import MARCH

RULES = {
    "late_asn": {"basis": "per_carton", "amount": "15.00", "minimum": "20.00", "maximum": "25.00"},
    "asn_quantity_mismatch": {"basis": "percent_of_value", "percent": "10", "minimum": "20.00"},
    "missing_sscc": "5.00",  # the short form: per occurrence
    "duplicate_sscc": {"basis": "percent_of_value", "percent": "2.5"},
    "short_ship": {"basis": "per_carton", "amount": "7.50"},
    "late_ack": {"basis": "per_occurrence", "amount": "10"},
    "pallet_label": {"basis": "per_carton", "amount": "3"},
}

# rule -> (occurrences, cartons, value, unvalued, minimums applied, maximums applied, at risk)
EXPECTED = {
    # ASN-2: 2 x 15.00 = 30.00 -> maximum 25.00; ASN-3: 1 x 15.00 -> minimum 20.00
    "late_asn": (2, 3, D("60.00"), 1, 1, 1, D("45.00")),
    # ASN-2: 10 % of 60.00 = 6.00 -> minimum 20.00; ASN-4: 10 % of 500.00 = 50.00, above the minimum
    "asn_quantity_mismatch": (2, 2, D("560.00"), 0, 1, 0, D("70.00")),
    "missing_sscc": (1, 1, D("12.00"), 0, 0, 0, D("5.00")),
    # 2.5 % of 48.00
    "duplicate_sscc": (1, 1, D("48.00"), 0, 0, 0, D("1.20")),
    # 2 cartons x 7.50
    "short_ship": (1, 2, D("0.00"), 1, 0, 0, D("15.00")),
    "late_ack": (2, 0, D("0.00"), 2, 0, 0, D("20.00")),
    "pallet_label": (None, 0, D("0.00"), 0, 0, 0, D("0.00")),
}
TOTAL = D("156.20")


def _profile() -> PartnerProfile:
    data = history.profile().model_dump(mode="json")
    data["compliance"]["chargebacks"] = RULES
    return PartnerProfile.model_validate(data)


@pytest.fixture
def report(ledger: Ledger, clock: Clock):  # type: ignore[no-untyped-def]
    history.build(ledger, clock)
    with ledger.reading() as s:
        return build_report(s, _profile(), MARCH, as_of=history.AS_OF)


def test_every_chargeback_figure(report) -> None:  # type: ignore[no-untyped-def]
    got = {c.rule: (c.occurrences, c.cartons, c.value, c.unvalued, c.minimums_applied, c.maximums_applied,
                    c.at_risk) for c in report.chargebacks}
    assert got == EXPECTED
    assert report.money_at_risk == TOTAL


def test_each_occurrence_is_priced_and_named(report) -> None:  # type: ignore[no-untyped-def]
    by_rule = {c.rule: c for c in report.chargebacks}
    late = [(i.reference, i.cartons, i.value, i.charge) for i in by_rule["late_asn"].items]
    assert late == [("ASN-2", 2, D("60.00"), D("25.00")), ("ASN-3", 1, None, D("20.00"))]
    mismatch = [(i.reference, i.value, i.charge) for i in by_rule["asn_quantity_mismatch"].items]
    assert mismatch == [("ASN-2", D("60.00"), D("20.00")), ("ASN-4", D("500.00"), D("50.00"))]
    assert [i.reference for i in by_rule["short_ship"].items] == ["DO-1"]
    assert by_rule["late_asn"].terms == "15.00 per carton, min 20.00, max 25.00"
    assert by_rule["asn_quantity_mismatch"].terms == "10 % of value, min 20.00"
    assert by_rule["missing_sscc"].terms == "5.00 per occurrence"


def test_formats_show_the_chargebacks(report) -> None:  # type: ignore[no-untyped-def]
    values = {(sec, metric): value for sec, metric, value in
              list(csv.reader(io.StringIO(render(report, "csv"))))[1:]}
    assert values[("chargebacks", "late_asn:basis")] == "per_carton"
    assert values[("chargebacks", "late_asn:cartons")] == "3"
    assert values[("chargebacks", "asn_quantity_mismatch:minimums_applied")] == "1"
    assert values[("chargebacks", "asn_quantity_mismatch:at_risk")] == "70.00"
    assert values[("chargebacks", "money_at_risk")] == "156.20"
    data = json.loads(render(report, "json"))
    dup = next(c for c in data["chargebacks"] if c["rule"] == "duplicate_sscc")
    assert (dup["percent"], dup["value"], dup["at_risk"]) == ("2.5", "48.00", "1.20")
    assert data["money_at_risk"] == "156.20"
    page = render(report, "html")
    assert '<td class="num" id="chargeback-late_asn-at-risk">45.00</td>' in page
    assert "10 % of value, min 20.00" in page
    assert '<strong id="money-at-risk">156.20</strong>' in page
