"""The 005010 214 table (issue #2, round 2): heading ST B10 MS3, then the LX loop holding the references,
weights, the AT7 status loop, the N1 party loop and the OID order loop.

- ``FULL`` uses every segment and loop of the 005010 table once (realistic values); the gateway accepts
  it and pyx12 gives the same verdict on the same generated maps.
- the added segment (OID) gets wrong values that must come back with the 997's AK403 code and data
  element number; misplaced segments (the 004010 layout among them) come back with the AK304 code.
- ``TABLE_005010`` is the standard's 005010 table (sources in the comment above it); every entry must be
  in the generated map at its place (loop path, position, requirement, max use / loop repeat).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from tests.x12.samples_005010 import VALID_005010
from tests.x12.test_differential import ours, theirs
from tests.x12.test_table_214 import _entries
from tests.x12.test_validator_samples import edited, run_in, summary

V = "005010"

_BODY = [
    "ST*214*0001",
    "B10*PRO123*SHIP123*SCAC****Y*20240131*1205",
    "MS3*ABCD*1*Chicago*M*IL",
    # loop 1000
    "LX*1",
    "L11*BOL123*BM",
    "L11*PO123*PO*PURCHASE ORDER*20240125*Y",
    "MAN*GM*00012345678901234567",
    "Q7*X*CTN*2",
    "K1*ON SCHEDULE",
    "AT5*PRL***FA*34*40",
    "AT8*G*L*1200*10",
    # loop 1100
    "AT7*X6*NS***20240131*1200*LT",
    "MS1*Chicago*IL*US",
    "MS2*SCAC*TRL123",
    "K1*DRIVER CALLED AHEAD",
    "M7*SEAL12345",
    "AT7*X1*NS***20240131*1500*LT",  # a second status in the same LX
    # loop 1200
    "N1*SH*Shipper Inc*93*SHP01",
    "N2*Shipping Dept",
    "N3*1 Dock Rd",
    "N4*Chicago*IL*60601*US",
    "G62*86*20240129*8*1400",
    "L11*SH123*SI",
    # loop 1300
    "OID*ORD1*PO123**CTN*10*G*1200*E*35",
    "SDQ*CT*92*0042*2",
    # a second LX
    "LX*2",
    "AT7*D1*NS***20240131*1600*LT",
]
FULL = [*_BODY, f"SE*{len(_BODY) + 1}*0001"]


def _with(*edits: tuple[str, str, list[str]]) -> list[str]:
    """The small 005010 sample (``VALID_005010["214"]``) with ``("after"|"replace", anchor, lines)`` edits, SE01 kept right."""
    return edited(VALID_005010["214"], *edits)


def test_document_with_every_segment_and_loop_is_accepted() -> None:
    issues = run_in("214", FULL, V)
    assert issues == [], [i.message for i in issues]


def test_the_small_sample_is_accepted() -> None:
    issues = run_in("214", list(VALID_005010["214"]), V)
    assert issues == [], [i.message for i in issues]


@pytest.mark.differential
def test_pyx12_accepts_the_full_document_too(pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    assert ours(V, "214", FULL) == theirs(pyx12_dirs[V], V, "214", FULL, tmp_path)
    assert ours(V, "214", FULL) == (False, (), ())


OID = "AT7*X6*NS***20240131*1200*LT"  # the OID loop comes after the AT7 loop (and N1 loop) of the LX

# (case, edits, expected (segment id, AK403, element position, data element)); a broken syntax note
# names the element the note requires (or forbids)
BAD: list[tuple[str, list[tuple[str, str, list[str]]], tuple]] = [
    ("oid-neither-order-nor-po", [("after", "N4*Chicago*IL*60601", ["OID******G*1200"])], ("OID", "2", 1, "127")),
    (
        "oid-packaging-form-too-long",
        [("after", "N4*Chicago*IL*60601", ["OID*ORD1*PO123**CTNS*10"])],
        ("OID", "5", 4, "211"),
    ),
    (
        "oid-quantity-not-numeric",
        [("after", "N4*Chicago*IL*60601", ["OID*ORD1*PO123**CTN*1O"])],
        ("OID", "6", 5, "380"),
    ),
    (
        "oid-quantity-without-packaging-form",
        [("after", "N4*Chicago*IL*60601", ["OID*ORD1*PO123***10"])],
        ("OID", "2", 4, "211"),
    ),
    (
        "oid-consignee-po-without-po",
        [("after", "N4*Chicago*IL*60601", ["OID*ORD1**C123"])],
        ("OID", "2", 2, "324"),
    ),
    (
        "oid-error-code-too-long",
        [("after", "N4*Chicago*IL*60601", ["OID*ORD1*PO123********ABCD"])],
        ("OID", "5", 10, "647"),
    ),
    (
        "b10-creation-date-bad",
        [("replace", "B10*PRO123*SHIP123*SCAC", ["B10*PRO123*SHIP123*SCAC*****20241331"])],
        ("B10", "8", 8, "373"),
    ),
    (
        "b10-creation-time-bad",
        [("replace", "B10*PRO123*SHIP123*SCAC", ["B10*PRO123*SHIP123*SCAC*****20240131*2575"])],
        ("B10", "9", 9, "337"),
    ),
    ("at5-unit-without-temperature", [("after", "L11*BOL123*BM", ["AT5*PRL***FA"])], ("AT5", "2", 5, "408")),
    ("at5-temperature-without-unit", [("after", "L11*BOL123*BM", ["AT5*PRL****34"])], ("AT5", "2", 4, "355")),
    ("at5-temperature-too-long", [("after", "L11*BOL123*BM", ["AT5*PRL***FA*12345"])], ("AT5", "5", 5, "408")),
    ("at5-code-and-description", [("after", "L11*BOL123*BM", ["AT5*PRL**FRAGILE"])], ("AT5", "10", 3, "153")),
    (
        "l11-date-bad",
        [("replace", "L11*BOL123*BM", ["L11*BOL123*BM**20240230"])],
        ("L11", "8", 4, "373"),
    ),
    (
        "oid-order-number-too-long-for-005010",
        [("after", "N4*Chicago*IL*60601", ["OID*" + "9" * 51])],
        ("OID", "5", 1, "127"),
    ),
]


@pytest.mark.parametrize(("case", "edits", "expected"), BAD, ids=[b[0] for b in BAD])
def test_wrong_value_in_005010_214_segment_gets_its_ak403_code(case: str, edits: list, expected: tuple) -> None:
    issues = run_in("214", _with(*edits), V)
    assert summary(issues) == [expected], [i.message for i in issues]


def test_ms1_postal_code_needs_a_city_in_005010() -> None:
    """MS108 (005010) with MS101 is fine (C0801, not an exclusion); without a city it is AK403 2."""
    ok = run_in("214", _with(("replace", "MS1*Chicago*IL*US", ["MS1*Chicago*IL*US*****60601"])), V)
    bad = run_in("214", _with(("replace", "MS1*Chicago*IL*US", ["MS1********60601"])), V)
    assert ok == [], [i.message for i in ok]
    assert [(i.segment_id, i.code) for i in bad] == [("MS1", "2")], [i.message for i in bad]


# misplaced segments: (case, edits, expected [(segment id, AK304)])
MISPLACED: list[tuple[str, list[tuple[str, str, list[str]]], list[tuple]]] = [
    # the 004010 layout: references and parties in the heading are no longer there in 005010
    ("l11-in-the-heading", [("after", "B10*PRO123*SHIP123*SCAC", ["L11*BOL9*BM"])], [("L11", "2")]),
    ("ms3-inside-the-lx-loop", [("after", "LX*1", ["MS3*ABCD*1"])], [("MS3", "7")]),
    # AT8 belongs before the AT7 loop in 005010 (after it in 004010)
    ("at8-after-the-status", [("after", "MS2*SCAC*TRL123", ["AT8*G*L*5*1"])], [("AT8", "7")]),
    # an OID loop before the party loop: N1 is out of order (7) and the rest of its loop unexpected (2)
    (
        "oid-before-the-party",
        [("after", "MS2*SCAC*TRL123", ["OID*ORD1"])],
        [("N1", "7"), ("N3", "2"), ("N4", "2")],
    ),
    # the 004010 carton loop is gone from the 005010 table: segment not in the set (AK304 6)
    ("cd3-is-not-in-005010", [("after", "N4*Chicago*IL*60601", ["CD3*G*1"])], [("CD3", "6")]),
]


@pytest.mark.parametrize(("case", "edits", "expected"), MISPLACED, ids=[m[0] for m in MISPLACED])
def test_misplaced_005010_214_segment_is_reported_as_the_997_would(
    case: str, edits: list, expected: list
) -> None:
    issues = run_in("214", _with(*edits), V)
    assert [(i.segment_id, i.code) for i in issues] == expected, [i.message for i in issues]


def test_the_status_loop_is_mandatory_in_each_lx() -> None:
    """Loop 1100 (AT7) is mandatory (Bots 214005010 AT7 MIN 1): an LX without a status is AK304 3."""
    lines = _with(("after", "N4*Chicago*IL*60601", ["LX*2", "L11*BOL124*BM"]))
    issues = run_in("214", lines, V)
    assert [(i.segment_id, i.code) for i in issues] == [("AT7", "3")], [i.message for i in issues]


# The 005010 table. Structure (order, requirement, max use, loop repeat): bots-edi/bots-grammars
# x12/5010/214005010.py and freight-trust/libedi library/00501/X12_00501_214.dhall (the same structure);
# kasoftware.com schema/edi/x12/00403/messages/214 (the restructured table, LX loop mandatory).
# Positions: stedi.com 5010 guides (Walmart, Rite Aid, Clearwater Paper: LX 0100, L11 0200 max 999,
# AT8 0700, SE 2100) and the JCPenney 4030 guide (Q7 0400, AT5 0600, loop 1300); the rest follows
# from the order with SE at 2100. (path of loop ids, tag, pos, req, max)
TABLE_005010: list[tuple[tuple[str, ...], str, int, str, int]] = [
    ((), "B10", 200, "M", 1),
    ((), "MS3", 300, "O", 12),
    (("LX",), "LX", 100, "M", 999999),
    (("LX",), "L11", 200, "O", 999),
    (("LX",), "MAN", 300, "O", 9999),
    (("LX",), "Q7", 400, "O", 10),
    (("LX",), "K1", 500, "O", 10),
    (("LX",), "AT5", 600, "O", 10),
    (("LX",), "AT8", 700, "O", 10),
    (("LX", "AT7"), "AT7", 800, "M", 10),
    (("LX", "AT7"), "MS1", 900, "O", 1),
    (("LX", "AT7"), "MS2", 1000, "O", 2),
    (("LX", "AT7"), "K1", 1100, "O", 1),
    (("LX", "AT7"), "M7", 1200, "O", 1),
    (("LX", "N1"), "N1", 1300, "O", 5),
    (("LX", "N1"), "N2", 1400, "O", 1),
    (("LX", "N1"), "N3", 1500, "O", 2),
    (("LX", "N1"), "N4", 1600, "O", 1),
    (("LX", "N1"), "G62", 1700, "O", 1),
    (("LX", "N1"), "L11", 1800, "O", 10),
    (("LX", "OID"), "OID", 1900, "O", 999999),
    (("LX", "OID"), "SDQ", 2000, "O", 10),
]


def test_map_holds_the_whole_005010_table_in_order() -> None:
    m = maps.get_map(V, "214")
    assert m is not None
    assert _entries(m.root) == TABLE_005010


def test_full_document_uses_every_segment_of_the_table() -> None:
    assert {row[1] for row in TABLE_005010} <= {line.split("*")[0] for line in FULL}
