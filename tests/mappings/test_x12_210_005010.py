"""The 210 mappings at 005010: references travel in L11 (the 005010 table has L11 where 004010 has N9)."""

from __future__ import annotations

import pytest

from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.x12_io import iter_sets, map_issues
from gateway.partners import load_profile
from tests.mappings.helpers import PARTNERS, SAMPLES, parsed, roundtrip


def _invoice():  # type: ignore[no-untyped-def]
    profile = load_profile(PARTNERS / "roadrunner-freight.yaml")
    [s] = list(iter_sets(SAMPLES / "roadrunner-freight" / "210_INV-55001.edi"))
    return profile, X12_INBOUND["210"](s, profile).document


@pytest.mark.parametrize(("version", "tag"), [("004010", "N9"), ("005010", "L11")])
def test_references_are_written_in_the_versions_segment(version: str, tag: str) -> None:
    profile, doc = _invoice()
    assert doc.references, "the sample invoice has references"
    segments = X12_OUTBOUND["210"][1](doc, profile, "0001", version)
    tags = [s[0] for s in segments]
    assert tag in tags and ({"N9", "L11"} - {tag}).isdisjoint(tags)
    issues, had_map = map_issues(segments, profile, "210", version)
    assert had_map and [i.describe() for i in issues] == []
    if tag == "L11":
        first = next(s for s in segments if s[0] == "L11")
        ref = doc.references[0]
        assert first[1:3] == [ref.value, ref.qualifier]


def test_005010_round_trip_keeps_the_references() -> None:
    profile, doc = _invoice()
    back = roundtrip(doc, "210", profile, "005010").document
    assert back.references == doc.references


def test_l11_references_are_read() -> None:
    segments = [
        ["ST", "210", "0001"], ["B3", "", "INV9", "SHIP9", "PP", "", "20240131", "100"], ["L11", "BOL9", "BM"],
        ["LX", "1"], ["L1", "1", "", "", "100"], ["L3", "", "", "", "", "100"], ["SE", "7", "0001"],
    ]
    doc = X12_INBOUND["210"](parsed(segments, "005010"), None).document
    assert [(r.qualifier, r.value) for r in doc.references] == [("BM", "BOL9")]
