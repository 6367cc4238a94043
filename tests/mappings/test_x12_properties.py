"""Property tests: generated documents rendered to X12 and translated back are unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gateway.mappings.checks import check_freight_totals
from tests.mappings import strategies as s
from tests.mappings.helpers import roundtrip

CASES = [("850", s.purchase_orders), ("856", s.ship_notices()), ("940", s.shipping_orders),
         ("945", s.shipping_advices()), ("214", s.shipment_statuses), ("210", s.freight_invoices())]


@pytest.mark.parametrize("version", ["004010", "005010"])
@pytest.mark.parametrize(("set_id", "strategy"), CASES, ids=[c[0] for c in CASES])
def test_render_then_translate_is_identity(set_id: str, strategy: Any, version: str) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def check(doc: Any) -> None:
        result = roundtrip(doc, set_id, None, version)
        assert result.document == doc
        codes = {f.code for f in result.findings}
        assert not codes & {"BAD_NUMBER", "BAD_DATE", "BAD_SSCC_CHECK_DIGIT", "BAD_GTIN_CHECK_DIGIT"}

    check()


@settings(max_examples=30, deadline=None)
@given(s.freight_invoices())
def test_generated_freight_invoices_pass_the_totals_check(doc: Any) -> None:
    assert check_freight_totals(roundtrip(doc, "210", None).document) == []
