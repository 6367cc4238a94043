"""What the X12 mappings render passes the engine's map validator (004010 and 005010) and the overlay."""

from __future__ import annotations

import json

import pytest

from gateway.documents import load_document
from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.x12_io import iter_sets, map_issues
from gateway.partners import compile_overlay, load_profile
from tests.mappings.helpers import PARTNERS, SAMPLES

CASES = [("acme-retail", "850_PO-4500012345.edi"), ("acme-retail", "850_DC-store-split.edi"), ("acme-retail", "856_ASN-SH-88120.json"),
         ("northstar-3pl", "940_SO-1001.json"), ("northstar-3pl", "945_SO-1001.edi"),
         ("roadrunner-freight", "214_PRO-778812.edi"), ("roadrunner-freight", "210_INV-55001.edi")]


def _documents(partner: str, name: str):  # type: ignore[no-untyped-def]
    profile = load_profile(PARTNERS / f"{partner}.yaml")
    path = SAMPLES / partner / name
    if path.suffix == ".json":
        doc = load_document(json.loads(path.read_text()))
        set_id = {"ship_notice": "856", "warehouse_shipping_order": "940"}[doc.doc_type]
        return profile, [(set_id, doc)]
    return profile, [(s.set_id, X12_INBOUND[s.set_id](s, profile).document) for s in iter_sets(path)]


@pytest.mark.parametrize("version", ["004010", "005010"])
@pytest.mark.parametrize(("partner", "name"), CASES)
def test_rendered_sets_pass_the_map_and_overlay(partner: str, name: str, version: str) -> None:
    profile, docs = _documents(partner, name)
    for set_id, doc in docs:
        segments = X12_OUTBOUND[set_id][1](doc, profile, "0001", version)
        issues, had_map = map_issues(segments, profile, set_id, version)
        assert had_map, f"no map validator for {set_id} {version}"
        assert [i.describe() for i in issues] == []
        assert compile_overlay(profile, set_id).check(segments, profile.envelope.delimiters.component) == []


def test_map_validator_catches_a_bad_rendered_value() -> None:
    profile, [(set_id, doc)] = _documents("northstar-3pl", "940_SO-1001.json")
    segments = X12_OUTBOUND[set_id][1](doc, profile, "0001", "005010")
    bad = [s if s[0] != "W05" else ["W05", "N", "", s[3]] for s in segments]  # W0502 is mandatory
    issues, _ = map_issues(bad, profile, set_id, "005010")
    assert any(i.segment_id == "W05" and i.element_position == 2 for i in issues)
