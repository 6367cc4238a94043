"""Chargeback rules in a profile: three bases, bounds, the old short form, and clear errors."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from gateway.partners import ProfileError, load_profile
from gateway.partners.model import ChargebackRule, ComplianceRules

PARTNERS = Path(__file__).resolve().parents[2] / "trading_partners"
BASE = yaml.safe_load((PARTNERS / "acme-retail.yaml").read_text())


def _load(tmp_path: Path, rules: dict) -> object:  # type: ignore[type-arg]
    data = {**BASE, "compliance": {**BASE["compliance"], "chargebacks": rules}}
    path = tmp_path / "acme-retail.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_profile(path)


def _problem(tmp_path: Path, rules: dict):  # type: ignore[no-untyped-def,type-arg]
    with pytest.raises(ProfileError) as info:
        _load(tmp_path, rules)
    [p] = info.value.problems
    assert p.file == str(tmp_path / "acme-retail.yaml")
    return p


def test_shipped_profile_uses_the_three_bases() -> None:
    rules = load_profile(PARTNERS / "acme-retail.yaml").compliance.chargebacks
    assert {r.basis for r in rules.values()} == {"per_occurrence", "per_carton", "percent_of_value"}


def test_short_form_means_per_occurrence() -> None:
    rules = ComplianceRules.model_validate({"chargebacks": {"late_asn": "250.00", "late_ack": 10}}).chargebacks
    assert rules["late_asn"] == ChargebackRule(basis="per_occurrence", amount=D("250.00"))
    assert rules["late_ack"].charge(cartons=40, value=D("9999")) == D(10)


def test_charges_with_and_without_bounds() -> None:
    carton = ChargebackRule(basis="per_carton", amount=D("5"), minimum=D("20"), maximum=D("100"))
    assert carton.charge(2, None) == D(20)      # 10 -> minimum
    assert carton.charge(7, None) == D(35)      # within the bounds
    assert carton.charge(30, None) == D(100)    # 150 -> maximum
    pct = ChargebackRule(basis="percent_of_value", percent=D("3"), minimum=D("50"))
    assert pct.charge(0, D("1000")) == D(50)    # 30 -> minimum
    assert pct.charge(0, D("4000")) == D(120)   # 120, minimum not applied
    assert pct.charge(0, None) == D(50)         # unknown value: only the minimum
    assert pct.describe() == "3 % of value, min 50"


def test_percent_basis_needs_a_percent(tmp_path: Path) -> None:
    p = _problem(tmp_path, {"late_asn": {"basis": "percent_of_value", "amount": "10"}})
    assert p.field == "compliance.chargebacks.late_asn"
    assert "needs a percent" in p.message and "give 'percent'" in p.fix


def test_amount_basis_needs_an_amount(tmp_path: Path) -> None:
    p = _problem(tmp_path, {"missing_sscc": {"basis": "per_carton", "percent": "2"}})
    assert p.field == "compliance.chargebacks.missing_sscc" and "money per carton" in p.fix


def test_unknown_basis_and_bad_values(tmp_path: Path) -> None:
    p = _problem(tmp_path, {"late_asn": {"basis": "per_pallet", "amount": "1"}})
    assert p.field == "compliance.chargebacks.late_asn.basis" and "per_carton" in p.fix
    p = _problem(tmp_path, {"late_asn": "lots"})
    assert p.field == "compliance.chargebacks.late_asn.amount" and "right type" in p.fix
    p = _problem(tmp_path, {"late_asn": {"amount": "-5"}})
    assert p.field == "compliance.chargebacks.late_asn.amount" and p.fix == "give 'amount' a value of at least 0"
    p = _problem(tmp_path, {"late_asn": {"basis": "percent_of_value", "percent": "150"}})
    assert p.field == "compliance.chargebacks.late_asn.percent" and "at most 100" in p.fix


def test_minimum_above_maximum(tmp_path: Path) -> None:
    p = _problem(tmp_path, {"late_asn": {"basis": "per_carton", "amount": "1", "minimum": "9", "maximum": "2"}})
    assert "minimum 9 is above maximum 2" in p.message and "lower the minimum" in p.fix
