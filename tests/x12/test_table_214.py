"""The 214 table (issue #2): every segment and loop of the 004010 Transportation Carrier Shipment
Status Message, checked through the real validator and against pyx12 on the same generated maps.

- ``FULL`` uses every segment and loop of the table once (realistic values); the gateway accepts it in
  004010 and 005010 and pyx12 gives the same verdict and codes.
- each added segment (CD3, NM1, SPO) and each corrected one (B10, AT7, L11, MS3, MS1 in 005010) gets a
  wrong value that must come back with the AK403 code and data element number of the 997; misplaced
  segments come back with the AK304 code the 997 would carry.
- ``TABLE_004010`` is the standard's table (source in the comment above it); every entry must be in
  the generated map at its place (loop path, position, requirement, max use / loop repeat).

This file is the 004010 table; the 005010 table (heading ST B10 MS3, everything else in the LX loop)
has its own tests in tests/x12/test_table_214_005010.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from gateway.x12.maps import LoopDef, SegmentDef
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import VALID, edited, run_in, summary

VERSIONS = ("004010",)

_BODY = [
    "ST*214*0001",
    "B10*PRO123*SHIP123*SCAC",
    "L11*PO123*PO",
    "MAN*GM*00012345678901234567",
    "K1*CALL BEFORE DELIVERY",
    # loop 0100
    "N1*SH*Shipper Inc*93*SHP01",
    "N2*Shipping Dept",
    "N3*1 Dock Rd",
    "N4*Chicago*IL*60601*US",
    "G61*SH*Jane Doe*TE*3125550100",
    "G62*86*20240129*8*1400",
    "L11*SH123*SI",
    "MS3*ABCD*1*Chicago*M*IL",
    # loop 0200
    "LX*1",
    "AT7*X6*NS***20240131*1200*LT",
    "MS1*Chicago*IL*US",
    "MS2*SCAC*TRL123",
    "L11*BOL123*BM",
    "MAN*CP*TRL123",
    "Q7*X*CTN*2",
    "K1*ON SCHEDULE",
    "AT5*APT",
    "AT8*G*L*1200*10",
    # loop 0210 (carton) with 0215 (status) and 0220 (party)
    "CD3*G*12.5*05*12*ND**FR*1250",
    "L11*1Z9999999999999999*2I",
    "AT7*X1*NS***20240131*1300*LT",
    "MS1*Dallas*TX*US",
    "MS2*SCAC*TRL123",
    "NM1*CN*1*DOE*JOHN*Q*MR*JR*ZZ*12345",
    "Q7*X*CTN*1",
    "AT8*G*L*12.5*1",
    "MAN*GM*00012345678901234568",
    "N1*CN*Consignee LLC",
    "N2*Receiving",
    "N3*2 Main St",
    "N4*Dallas*TX*75201",
    "L11*DEL1*DO",
    # loop 0230 (purchase order) with 0231 (party) and 0233 (carton, 0240 status)
    "PRF*PO123",
    "N1*ST*Store 42*92*0042",
    "N2*Backroom",
    "N3*3 Elm St",
    "N4*Dallas*TX*75202",
    "L11*ST42*IA",
    "CD3*G*5",
    "L11*1Z9999999999999998*2I",
    "AT7*X1*NS***20240131*1310*LT",
    "MS1*Dallas*TX*US",
    "MS2*SCAC*TRL123",
    "MAN*GM*00012345678901234569",
    # loop 0250
    "SPO*PO123*DEPT1*CT*2*L*17.5",
    "SDQ*CT*92*0042*2",
]
FULL = [*_BODY, f"SE*{len(_BODY) + 1}*0001"]


@pytest.mark.parametrize("version", VERSIONS)
def test_document_with_every_segment_and_loop_is_accepted(version: str) -> None:
    issues = run_in("214", FULL, version)
    assert issues == [], [i.message for i in issues]


@pytest.mark.differential
@pytest.mark.parametrize("version", VERSIONS)
def test_pyx12_accepts_the_full_document_too(
    version: str, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    assert ours(version, "214", FULL) == theirs(pyx12_dirs[version], version, "214", FULL, tmp_path)
    assert ours(version, "214", FULL) == (False, (), ())


def _with(*edits: tuple[str, str, list[str]]) -> list[str]:
    """VALID["214"] (the small 004010 sample) with ``edits`` (see ``edited``)."""
    return edited(VALID["214"], *edits)


LAST = "AT8*G*L*1200*10"  # last segment of VALID["214"]'s LX loop: the carton, PO and SPO loops follow it

# (case, edits, expected (segment id, AK403, element position, data element)) - 004010
BAD: list[tuple[str, list[tuple[str, str, list[str]]], tuple]] = [
    ("cd3-weight-without-qualifier", [("after", LAST, ["CD3**12.5"])], ("CD3", "2", 1, "187")),
    ("cd3-zone-too-long", [("after", LAST, ["CD3*G*12.5*0005"])], ("CD3", "5", 3, "619")),
    ("cd3-service-standard-not-numeric", [("after", LAST, ["CD3*G*12.5**X"])], ("CD3", "6", 4, "34")),
    ("cd3-charge-without-qualifier", [("after", LAST, ["CD3*G*12.5******1250"])], ("CD3", "2", 7, "122")),
    ("nm1-entity-type-missing", [("after", LAST, ["CD3*G*1", "NM1*CN"])], ("NM1", "1", 2, "1065")),
    ("nm1-entity-type-too-long", [("after", LAST, ["CD3*G*1", "NM1*CN*12*DOE"])], ("NM1", "5", 2, "1065")),
    (
        "nm1-id-without-qualifier",
        [("after", LAST, ["CD3*G*1", "NM1*CN*1*DOE******12345"])],
        ("NM1", "2", 8, "66"),
    ),
    ("spo-po-number-missing", [("after", LAST, ["SPO**DEPT1"])], ("SPO", "1", 1, "324")),
    ("spo-unit-without-quantity", [("after", LAST, ["SPO*PO123*DEPT1*CT"])], ("SPO", "2", 4, "380")),
    ("spo-error-code-too-long", [("after", LAST, ["SPO*PO123******ABCD"])], ("SPO", "5", 7, "647")),
    (
        "b10-neither-pro-nor-reference",
        [("replace", "B10*PRO123*SHIP123*SCAC", ["B10**SHIP123*SCAC"])],
        ("B10", "2", 1, "127"),
    ),
    (
        "b10-inquiry-number-not-numeric",
        [("replace", "B10*PRO123*SHIP123*SCAC", ["B10*PRO123*SHIP123*SCAC*X"])],
        ("B10", "6", 4, "71"),
    ),
    (
        "at7-status-and-appointment-together",
        [("replace", "AT7*X6*NS***20240131*1200*LT", ["AT7*X6*NS*AA*BB*20240131*1200*LT"])],
        ("AT7", "10", 3, "1652"),
    ),
    (
        "ms3-routing-sequence-missing",
        [("after", "N4*Chicago*IL*60601", ["MS3*ABCD"])],
        ("MS3", "1", 2, "133"),
    ),
]


@pytest.mark.parametrize(("case", "edits", "expected"), BAD, ids=[b[0] for b in BAD])
def test_wrong_value_in_214_segment_gets_its_ak403_code(case: str, edits: list, expected: tuple) -> None:
    issues = run_in("214", _with(*edits))
    assert summary(issues) == [expected], [i.message for i in issues]


def test_l11_needs_a_reference_or_a_description() -> None:
    """R0103 (and P0102): an L11 with only a qualifier breaks both notes (AK403 2)."""
    issues = run_in("214", _with(("replace", "L11*BOL123*BM", ["L11**BM"])))
    assert issues and {(i.segment_id, i.code) for i in issues} == {("L11", "2")}, [i.message for i in issues]


def test_b10_pro_number_and_reference_qualifier_exclude_each_other() -> None:
    """E0105: B1001 and B1005 may not both be present (AK403 10, exclusion condition violated)."""
    issues = run_in(
        "214", _with(("replace", "B10*PRO123*SHIP123*SCAC", ["B10*PRO123*SHIP123*SCAC**BM*BOL1"]))
    )
    assert [(i.segment_id, i.code) for i in issues] == [("B10", "10")], [i.message for i in issues]


# misplaced segments: (case, edits, expected [(segment id, AK304)])
MISPLACED: list[tuple[str, list[tuple[str, str, list[str]]], list[tuple]]] = [
    ("cd3-in-the-heading", [("after", "B10*PRO123*SHIP123*SCAC", ["CD3*G*1"])], [("CD3", "2")]),
    ("ms3-inside-the-lx-loop", [("after", "L11*BOL123*BM", ["MS3*ABCD*1"])], [("MS3", "7")]),
    ("spo-before-the-lx-loop-at8", [("after", "L11*BOL123*BM", ["SPO*PO123"])], [("AT8", "7")]),
    ("nm1-without-its-carton", [("after", LAST, ["NM1*CN*1*DOE"])], [("NM1", "2")]),
]


@pytest.mark.parametrize(("case", "edits", "expected"), MISPLACED, ids=[m[0] for m in MISPLACED])
def test_misplaced_214_segment_is_reported_as_the_997_would(case: str, edits: list, expected: list) -> None:
    issues = run_in("214", _with(*edits))
    assert [(i.segment_id, i.code) for i in issues] == expected, [i.message for i in issues]


# The 004010 table, from apimeister/x12-types src/v004010/_214_doc.rs (positions, max use, repeats)
# and stupidedi lib/stupidedi/transaction_sets/004010/standards/QM214.rb (LX 130 and AT7 140 mandatory);
# loop 0260 (EFI/BIN, binary data) is the one part not modelled. (path of loop ids, tag, pos, req, max)
TABLE_004010: list[tuple[tuple[str, ...], str, int, str, int]] = [
    ((), "B10", 20, "M", 1),
    ((), "L11", 30, "O", 300),
    ((), "MAN", 35, "O", 9999),
    ((), "K1", 40, "O", 10),
    (("N1",), "N1", 50, "O", 10),
    (("N1",), "N2", 60, "O", 1),
    (("N1",), "N3", 70, "O", 2),
    (("N1",), "N4", 80, "O", 1),
    (("N1",), "G61", 90, "O", 1),
    (("N1",), "G62", 100, "O", 1),
    (("N1",), "L11", 110, "O", 10),
    ((), "MS3", 120, "O", 12),
    (("LX",), "LX", 130, "M", 999999),
    (("LX", "AT7"), "AT7", 140, "M", 10),
    (("LX", "AT7"), "MS1", 143, "O", 1),
    (("LX", "AT7"), "MS2", 146, "O", 1),
    (("LX",), "L11", 150, "O", 10),
    (("LX",), "MAN", 155, "O", 9999),
    (("LX",), "Q7", 160, "O", 10),
    (("LX",), "K1", 170, "O", 10),
    (("LX",), "AT5", 180, "O", 10),
    (("LX",), "AT8", 200, "O", 10),
    (("LX", "CD3"), "CD3", 210, "O", 999999),
    (("LX", "CD3"), "L11", 220, "O", 20),
    (("LX", "CD3", "AT7"), "AT7", 230, "O", 10),
    (("LX", "CD3", "AT7"), "MS1", 233, "O", 1),
    (("LX", "CD3", "AT7"), "MS2", 236, "O", 1),
    (("LX", "CD3"), "NM1", 240, "O", 1),
    (("LX", "CD3"), "Q7", 250, "O", 10),
    (("LX", "CD3"), "AT8", 260, "O", 1),
    (("LX", "CD3"), "MAN", 265, "O", 9999),
    (("LX", "CD3", "N1"), "N1", 270, "O", 999999),
    (("LX", "CD3", "N1"), "N2", 280, "O", 1),
    (("LX", "CD3", "N1"), "N3", 290, "O", 3),
    (("LX", "CD3", "N1"), "N4", 300, "O", 1),
    (("LX", "CD3", "N1"), "L11", 310, "O", 10),
    (("LX", "PRF"), "PRF", 320, "O", 999999),
    (("LX", "PRF", "N1"), "N1", 330, "O", 999999),
    (("LX", "PRF", "N1"), "N2", 340, "O", 1),
    (("LX", "PRF", "N1"), "N3", 350, "O", 2),
    (("LX", "PRF", "N1"), "N4", 360, "O", 1),
    (("LX", "PRF", "N1"), "L11", 370, "O", 10),
    (("LX", "PRF", "CD3"), "CD3", 380, "O", 999999),
    (("LX", "PRF", "CD3"), "L11", 390, "O", 20),
    (("LX", "PRF", "CD3", "AT7"), "AT7", 400, "O", 10),
    (("LX", "PRF", "CD3", "AT7"), "MS1", 402, "O", 1),
    (("LX", "PRF", "CD3", "AT7"), "MS2", 404, "O", 1),
    (("LX", "PRF", "CD3"), "MAN", 405, "O", 9999),
    (("LX", "SPO"), "SPO", 410, "O", 999999),
    (("LX", "SPO"), "SDQ", 420, "O", 10),
]


def _entries(loop: LoopDef, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str, int, str, int]]:
    """The map as TABLE_004010 rows; a loop trigger carries the loop's requirement and repeat."""
    rows = []
    for n, child in enumerate(loop.children):
        if isinstance(child, LoopDef):
            rows += _entries(child, (*path, child.loop_id))
        elif isinstance(child, SegmentDef) and child.tag not in ("ST", "SE"):
            if n == 0 and path:
                rows.append((path, child.tag, child.pos, "M" if loop.required else "O", loop.max_repeat))
            else:
                rows.append((path, child.tag, child.pos, "M" if child.required else "O", child.max_use))
    return rows


@pytest.mark.parametrize("version", VERSIONS)
def test_map_holds_the_whole_004010_table_in_order(version: str) -> None:
    m = maps.get_map(version, "214")
    assert m is not None
    assert _entries(m.root) == TABLE_004010
