"""Exact numbers, implied decimals, dates and zones, GS1 check digits, units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.documents.base import Finding
from gateway.errors import EdiWriteError
from gateway.mappings.units import code_for_unit, unit_from_code
from gateway.mappings.values import (
    check_gtin,
    format_decimal,
    format_implied,
    gs1_check_digit,
    normalise_sscc,
    parse_date,
    parse_decimal,
    parse_implied,
    x12_zone,
)
from gateway.partners import load_profile
from tests.mappings.helpers import PARTNERS


def test_implied_decimal_is_exact() -> None:
    f: list[Finding] = []
    assert parse_implied("19869", 2, f, "B307") == Decimal("198.69")
    assert parse_implied("-5", 2, f, "L104") == Decimal("-0.05")
    assert parse_implied("12.5", 2, f, "B307") is None
    assert [x.code for x in f] == ["BAD_NUMBER"]


def test_implied_refuses_sub_cent_amounts() -> None:
    assert format_implied(Decimal("198.69"), 2, "B307") == "19869"
    with pytest.raises(EdiWriteError, match="more than 2 decimal places"):
        format_implied(Decimal("1.005"), 2, "B307")


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2, allow_nan=False))
def test_implied_round_trip(value: Decimal) -> None:
    assert parse_implied(format_implied(value, 2, "x"), 2, [], "x") == value


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False))
def test_decimal_text_round_trip(value: Decimal) -> None:
    text = format_decimal(value)
    assert "E" not in text and "e" not in text
    assert parse_decimal(text, [], "x") == value


def test_bad_numbers_are_findings_not_exceptions() -> None:
    f: list[Finding] = []
    assert parse_decimal("1O", f, "PO102") is None
    assert parse_decimal("NaN", f, "PO102") is None
    assert parse_decimal("1,5", f, "QTY", decimal_mark=",") == Decimal("1.5")
    assert [x.code for x in f] == ["BAD_NUMBER", "BAD_NUMBER"]


def test_dates_and_zones() -> None:
    f: list[Finding] = []
    assert parse_date("20261130", f, "x") == dt.date(2026, 11, 30)
    assert parse_date("261130", f, "x") == dt.date(2026, 11, 30)
    assert parse_date("20261330", f, "AT705") is None
    assert f[0].code == "BAD_DATE" and f[0].place == "AT705"
    chicago = ZoneInfo("America/Chicago")
    assert x12_zone("ET", chicago, f, "x") == ZoneInfo("America/New_York")
    assert x12_zone("LT", chicago, f, "x") is chicago
    assert x12_zone(None, chicago, f, "x") is chicago
    assert x12_zone("QQ", chicago, f, "AT707") is chicago and f[-1].code == "UNKNOWN_TIME_CODE"


def test_gs1_check_digits() -> None:
    assert gs1_check_digit("35412345000000001") == "4"  # the EANCOM example SSCC
    f: list[Finding] = []
    assert normalise_sscc("00354123450000000014", f, "MAN02") == "354123450000000014"
    assert not f
    normalise_sscc("354123450000000015", f, "MAN02")
    check_gtin("012345000010", f, "PO1")
    check_gtin("012345000011", f, "PO1")
    check_gtin("12AB", f, "PO1")
    assert [x.code for x in f] == ["BAD_SSCC_CHECK_DIGIT", "BAD_GTIN_CHECK_DIGIT", "BAD_GTIN"]


def test_units_x12_rec20_and_profile() -> None:
    acme = load_profile(PARTNERS / "acme-retail.yaml")
    f: list[Finding] = []
    assert unit_from_code("CA", "x12", acme, f, "x") == "case"
    assert unit_from_code("KGM", "edifact", None, f, "x") == "kg"
    assert unit_from_code("PCE", "edifact", None, f, "x") == "piece"
    assert unit_from_code("ZZ", "x12", None, f, "PO103") == "ZZ"
    assert f[-1].code == "UNKNOWN_UNIT"
    assert code_for_unit("dozen", "x12", None) == "DZ"
    assert code_for_unit("dozen", "edifact", None) == "DZN"
    assert code_for_unit("each", "edifact", None) == "EA"
    assert acme.odoo_uom("case") == "Case"
