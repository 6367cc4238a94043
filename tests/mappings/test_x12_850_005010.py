"""The 850 mappings at 005010, whose table has MTX in place of MSG (tools/x12maps/set_850.py).

Notes go out as N9/MSG in 004010 and as N9/MTX (text in MTX02) in 005010, and come back as notes
from either; MTX in a 004010 850 (advertising text of the ADV loop) is not taken as a note.
"""

from __future__ import annotations

import pytest

from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.x12_io import iter_sets
from gateway.partners import load_profile
from tests.mappings.helpers import PARTNERS, SAMPLES, parsed, roundtrip
from tests.x12.test_validator_samples import run_in


def _order():  # type: ignore[no-untyped-def]
    profile = load_profile(PARTNERS / "acme-retail.yaml")
    sets = iter_sets(SAMPLES / "acme-retail" / "850_PO-4500012345.edi")
    docs = [X12_INBOUND[s.set_id](s, profile).document for s in sets]
    doc = docs[0].model_copy(update={"notes": ["Deliver to the back dock", "Call before delivery"]})
    return doc, profile


@pytest.mark.parametrize(("version", "tag"), [("004010", "MSG"), ("005010", "MTX")])
def test_notes_are_written_in_the_versions_own_segment_and_read_back(version: str, tag: str) -> None:
    doc, profile = _order()
    segments = X12_OUTBOUND["850"][1](doc, profile, "0001", version)
    n9 = [s[0] for s in segments].index("N9")
    assert [s[0] for s in segments[n9 + 1 : n9 + 3]] == [tag, tag]
    text = [s[1] if tag == "MSG" else s[2] for s in segments[n9 + 1 : n9 + 3]]
    assert text == doc.notes
    assert run_in("850", ["*".join(s) for s in segments], version) == []
    assert roundtrip(doc, "850", profile, version).document.notes == doc.notes


def test_an_mtx_in_a_004010_order_is_not_a_note() -> None:
    segments = [["ST", "850", "0001"], ["BEG", "00", "SA", "PO1", "", "20240131"],
                ["ADV", "ZZ", "AB"], ["MTX", "GEN", "Advertising text"],
                ["PO1", "1", "1", "EA", "1", "", "VN", "X"], ["CTT", "1"], ["SE", "7", "0001"]]
    assert X12_INBOUND["850"](parsed(segments, "004010"), None).document.notes == []
    assert X12_INBOUND["850"](parsed(segments, "005010"), None).document.notes == ["Advertising text"]
