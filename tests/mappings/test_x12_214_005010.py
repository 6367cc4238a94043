"""The 214 mappings at 005010: the set's own layout (heading B10 only; references, AT8, status and
parties inside each LX), written and read back, and checked against the generated 005010 map."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gateway.documents.base import Party, Reference
from gateway.documents.shipment_status import ShipmentStatus, StatusEvent
from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.x12_io import map_issues
from gateway.partners import load_profile
from tests.mappings.helpers import PARTNERS, parsed

V = "005010"
PROFILE = load_profile(PARTNERS / "roadrunner-freight.yaml")


def _doc(parties: int = 2) -> ShipmentStatus:
    t = dt.datetime(2026, 11, 27, 18, 30, tzinfo=dt.UTC)
    return ShipmentStatus(
        carrier_scac="RRFT", pro_number="778812", shipment_id="BOL-8812001",
        references=[Reference(qualifier="PO", value="4500012345"), Reference(qualifier="DO", value="SO-1001")],
        parties=[Party(role="SH" if n == 0 else "CN", name=f"PARTY {n}") for n in range(parties)],
        events=[
            StatusEvent(status_code="AF", reason_code="NS", time=t, city="SALT LAKE CITY", state="UT", country="US",
                        equipment_number="TRL4471", weight=Decimal("1200"), lading_quantity=Decimal("10")),
            StatusEvent(status_code="D1", reason_code="NS", time=t + dt.timedelta(days=3)),
        ],
    )


def _render(doc: ShipmentStatus, version: str = V) -> list[list[str]]:
    return X12_OUTBOUND["214"][1](doc, PROFILE, "0001", version)


def test_005010_layout_puts_everything_after_b10_inside_the_lx_loops() -> None:
    tags = [s[0] for s in _render(_doc())]
    assert tags == ["ST", "B10", "LX", "L11", "L11", "AT8", "AT7", "MS1", "MS2", "N1", "N1", "LX", "AT7", "SE"]
    # 004010 keeps the heading references and parties, and AT8 after the status
    assert [s[0] for s in _render(_doc(), "004010")] == [
        "ST", "B10", "L11", "L11", "N1", "N1", "LX", "AT7", "MS1", "MS2", "AT8", "LX", "AT7", "SE"]


def test_rendered_005010_set_passes_the_005010_map() -> None:
    issues, had_map = map_issues(_render(_doc()), PROFILE, "214", V)
    assert had_map
    assert [i.describe() for i in issues] == []


def test_005010_round_trip_keeps_references_parties_and_weights() -> None:
    doc = _doc()
    back = X12_INBOUND["214"](parsed(_render(doc), V), PROFILE).document
    assert back.references == doc.references
    assert [p.name for p in back.parties] == [p.name for p in doc.parties]
    assert back.events[0].weight == Decimal("1200") and back.events[0].lading_quantity == Decimal("10")
    assert back.events[1].weight is None


def test_more_than_five_parties_spread_over_the_lx_loops() -> None:
    segments = _render(_doc(parties=7))
    lx = [n for n, s in enumerate(segments) if s[0] == "LX"]
    first, second = segments[lx[0]:lx[1]], segments[lx[1]:]
    assert sum(s[0] == "N1" for s in first) == 5 and sum(s[0] == "N1" for s in second) == 2
    assert map_issues(segments, PROFILE, "214", V)[0] == []


def test_a_partys_own_l11_is_not_a_shipment_reference() -> None:
    segments = [
        ["ST", "214", "0001"], ["B10", "778812", "BOL-8812001", "RRFT"], ["LX", "1"], ["L11", "4500012345", "PO"],
        ["AT8", "G", "L", "500", "4"], ["AT7", "X6", "NS", "", "", "20261129", "0605", "CT"],
        ["N1", "CN", "ACME STORE 0042", "92", "0042"], ["G62", "86", "20261129"], ["L11", "STORE42", "IA"],
        ["SE", "9", "0001"],
    ]
    doc = X12_INBOUND["214"](parsed(segments, V), PROFILE).document
    assert [(r.qualifier, r.value) for r in doc.references] == [("PO", "4500012345")]
    assert [p.name for p in doc.parties] == ["ACME STORE 0042"]
    assert doc.events[0].weight == Decimal("500") and doc.events[0].lading_quantity == Decimal("4")
