"""Property tests: generated documents (text full of service characters) rendered to EDIFACT and read back."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gateway.partners import load_profile
from gateway.partners.model import CrossReferences
from tests.mappings import edifact_strategies as s
from tests.mappings.helpers import PARTNERS, edifact_roundtrip

# the partner's envelope, without cross-references: generated codes map to no Odoo product or unit
PROFILE = load_profile(PARTNERS / "euromarkt-gmbh.yaml").model_copy(update={"crossrefs": CrossReferences()})
CASES = [("ORDERS", s.purchase_orders), ("DESADV", s.ship_notices()), ("INVOIC", s.invoices()),
         ("IFTSTA", s.statuses), ("APERAK", s.advices())]


@pytest.mark.parametrize("directory", ["D96A", "D01B"])
@pytest.mark.parametrize(("message", "strategy"), CASES, ids=[c[0] for c in CASES])
def test_render_then_translate_is_identity(message: str, strategy: Any, directory: str) -> None:
    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy)
    def check(doc: Any) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            [result] = edifact_roundtrip([doc], message, PROFILE, Path(tmp), directory)
        assert result.document == doc
        assert not {f.code for f in result.findings} & {"BAD_NUMBER", "BAD_DATE", "BAD_SSCC_CHECK_DIGIT"}

    check()
