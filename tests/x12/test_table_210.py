"""The 210 (Motor Carrier Freight Details and Invoice) table of issue #2, 004010 and 005010.

- ``FULL``: one valid 210 that uses every segment and every loop of the table once, accepted with no
  issue by the gateway and, on the same generated maps, by pyx12;
- each segment added in this round (C2, M7, H1, H2, H6, L9; SPO and CD3 from seg_214) and each
  corrected 210 segment (B313, L0 L010-L015, L1 L114-L121 and R040506, L5 L507-L510, L716) reports a wrong value
  with the AK403 code and data element number the 997 would carry, and a misplaced segment as AK304;
- ``TABLE``: the standard table as published (see tools/x12maps/set_210.py for the sources), each
  segment and loop at its place and in its order in the generated map.

005010 has its own table (Bots EDI grammar x12/5010/210005010.py): L11 wherever 004010 has N9, OID
wherever it has SPO, no POD directly in the LX loop; ``FULL_005010`` and ``TABLE_005010`` cover it, and
the 005010 layouts of L11 (five elements), OID, R3 (twelve), S5 (eleven) and the 005010 lengths of 117
and 207 are checked value by value like the added segments (``BAD_005010``, ``MISPLACED_005010``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from gateway.x12.maps import UNBOUNDED, LoopDef, SegmentDef
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import run_in, summary

VERSIONS = ("004010", "005010")

B3 = "B3**INV123*SHIP123*PP**20240131*12500**20240130*035*SCAC*20240131*SS*PPD"
FULL: list[str] = [
    "ST*210*0001",
    B3,
    "C2*P*01*123456789*021000021*123456789*01*20240215",
    "C3*USD",
    "ITD*01",
    "N9*BM*BOL123",
    "G62*86*20240129",
    "R3*SCAC*B",
    "H3*HM",
    "K1*FREIGHT INVOICE",
    # header name loop, equipment loop, purchase order loop
    "N1*SH*Shipper Inc",
    "N2*Shipping Dept",
    "N3*1 Dock Rd",
    "N4*Chicago*IL*60601",
    "N9*DP*12",
    "N7*ABCD*123456",
    "M7*SEAL001*SEAL002",
    "SPO*PO123*DEPT7*CA*10*L*500",
    "SDQ*CA*92*STORE1*10",
    # stop-off loop with its purchase order, name and equipment loops
    "S5*1*LD",
    "N9*PO*PO123",
    "G62*10*20240129",
    "H3*HM",
    "SPO*PO123",
    "SDQ*CA*92*STORE1*10",
    "N1*SF*Origin Plant",
    "N2*Building B",
    "N3*5 Plant Rd",
    "N4*Gary*IN*46401",
    "N9*LO*DOCK5",
    "N7*ABCD*123457",
    "M7*SEAL003",
    # line loop with its purchase order loop and name loop (carton loop, purchase order loop)
    "LX*1",
    "N9*PO*PO123",
    "POD*20240131*1405*J SMITH",
    "L5*1*WIDGETS",
    "H1*1993*3*D*PAINT*8005551212",
    "H2*FLAMMABLE LIQUID",
    "L0*1***500*G***10*CTN",
    "L1*1*25.00*PH*12500",
    "L4*48*40*36*N",
    "L7*1*ATFI",
    "K1*HANDLE WITH CARE",
    "SPO*PO123",
    "SDQ*CA*92*STORE1*10",
    "N1*CN*Consignee LLC",
    "N2*Receiving",
    "N3*9 Main St",
    "N4*Dallas*TX*75201",
    "N9*DP*42",
    "CD3*G*12*05",
    "N9*CN*1Z999",
    "H6*AP",
    "L9*FUE*12.50",
    "POD*20240131*1405*J SMITH",
    "G62*11*20240131",
    "SPO*PO124",
    "SDQ*CA*92*STORE2*5",
    "L3*500*G***12500",
]
FULL.append(f"SE*{len(FULL) + 1}*0001")


def _to_005010(line: str) -> str:
    """A FULL line in the 005010 layout: N9 references as L11 (value first), SPO as OID (PO in OID02)."""
    tag, *elements = line.split("*")
    if tag == "N9":
        return f"L11*{elements[1]}*{elements[0]}"
    if tag == "SPO":
        return f"OID**{elements[0]}"
    return line


POD = "POD*20240131*1405*J SMITH"
# The same invoice in the 005010 table, every segment and loop of it once (POD only in the carton loop),
# using the 005010-only elements (L1104 date, L1105 yes/no; OID01 ... OID11).
FULL_005010: list[str] = [_to_005010(x) for x in FULL[:-1] if x != POD]
FULL_005010.insert(FULL_005010.index("CD3*G*12*05") + 4, POD)  # after CD3, L11, H6, L9
FULL_005010[FULL_005010.index("L11*BOL123*BM")] = "L11*BOL123*BM**20240129*Y"
FULL_005010[FULL_005010.index("R3*SCAC*B")] = "R3*SCAC*B*Chicago*M******SD*ND"  # R310-R312 (005010)
FULL_005010[FULL_005010.index("S5*1*LD")] = "S5*1*LD*********A"  # S511 accomplish code (005010)
FULL_005010[FULL_005010.index("N7*ABCD*123456")] = "N7*ABCD*123456789012345"  # N702 AN 1/15 in 005010
FULL_005010[FULL_005010.index("OID**PO123")] = (
    "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1"
)
FULL_005010.append(f"SE*{len(FULL_005010) + 1}*0001")
DOCS = {"004010": FULL, "005010": FULL_005010}


def _edit(how: str, anchor: str, new: str, version: str = "004010") -> list[str]:
    """FULL (of ``version``) with ``new`` put after ("after") or instead of ("replace") ``anchor``."""
    lines = list(DOCS[version])
    at = lines.index(anchor)
    if how == "replace":
        lines[at] = new
    else:
        lines.insert(at + 1, new)
    lines[-1] = f"SE*{len(lines)}*0001"
    return lines


@pytest.mark.parametrize("version", VERSIONS)
def test_a_210_using_every_segment_and_loop_is_accepted(version: str) -> None:
    issues = run_in("210", DOCS[version], version)
    assert issues == [], [i.message for i in issues]


@pytest.mark.differential
@pytest.mark.parametrize("version", VERSIONS)
def test_pyx12_accepts_the_full_210_on_the_same_maps(
    version: str, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    mine = ours(version, "210", DOCS[version])
    assert mine == (False, (), ())
    assert theirs(pyx12_dirs[version], version, "210", DOCS[version], tmp_path) == mine


# (how, anchor, bad segment, expected (segment, AK403, element position, data element))
BAD: list[tuple[str, str, str, tuple]] = [
    ("replace", "C2*P*01*123456789*021000021*123456789*01*20240215", "C2*P*01", ("C2", "1", 3, "67")),
    ("replace", "C2*P*01*123456789*021000021*123456789*01*20240215", "C2*P*01*123456789*12", ("C2", "4", 4, "20")),
    ("replace", "M7*SEAL001*SEAL002", "M7*S", ("M7", "4", 1, "225")),
    ("replace", "M7*SEAL001*SEAL002", "M7*SEAL001*" + "S" * 16, ("M7", "5", 2, "225")),
    ("replace", "SPO*PO123*DEPT7*CA*10*L*500", "SPO*PO123**CA", ("SPO", "2", 4, "380")),
    ("replace", "H1*1993*3*D*PAINT*8005551212", "H1*19*3", ("H1", "4", 1, "62")),
    ("replace", "H1*1993*3*D*PAINT*8005551212", "H1*1993*3*D*PAINT***100", ("H1", "2", 8, "355")),
    ("replace", "H2*FLAMMABLE LIQUID", "H2**CLASS", ("H2", "1", 1, "64")),
    ("replace", "CD3*G*12*05", "CD3*G", ("CD3", "2", 2, "81")),
    ("replace", "H6*AP", "H6*AP**ABCD", ("H6", "6", 3, "406")),
    ("replace", "L9*FUE*12.50", "L9*FUEL*12", ("L9", "5", 1, "150")),
    ("replace", "L9*FUE*12.50", "L9*FUE", ("L9", "1", 2, "782")),
    ("replace", B3, B3.removesuffix("*SS*PPD") + "*S", ("B3", "4", 13, "375")),
    ("replace", "L0*1***500*G***10*CTN", "L0*1***500*G***10*CTN*X", ("L0", "4", 10, "458")),
    ("replace", "L0*1***500*G***10*CTN", "L0*1***500*G***10*CTN****X", ("L0", "6", 13, "380")),
    ("replace", "L1*1*25.00*PH*12500", "L1*1*25.00*PH*12500" + "*" * 12 + "XX", ("L1", "5", 16, "372")),
    ("replace", "L1*1*25.00*PH*12500", "L1*1*25.00*PH*12500" + "*" * 16 + "DOLLARS", ("L1", "5", 20, "100")),
    ("replace", "L1*1*25.00*PH*12500", "L1*1*25.00*PH", ("L1", "2", 4, "58")),  # R040506
    ("replace", "L5*1*WIDGETS", "L5*1*WIDGETS" + "*" * 8 + "AB", ("L5", "5", 10, "595")),
    ("replace", "L5*1*WIDGETS", "L5*1*WIDGETS******QQ", ("L5", "5", 8, "23")),
    ("replace", "L7*1*ATFI", "L7*1*ATFI" + "*" * 14 + "XYZ", ("L7", "5", 16, "156")),
]


@pytest.mark.parametrize(("how", "anchor", "bad", "expected"), BAD, ids=[b[2][:40] for b in BAD])
def test_wrong_value_gets_its_ak403_code_and_data_element(how: str, anchor: str, bad: str, expected: tuple) -> None:
    issues = run_in("210", _edit(how, anchor, bad))
    assert summary(issues) == [expected], [i.message for i in issues]


# (anchor to insert after, misplaced segment, expected AK304): 7 = out of sequence, 2 = unexpected here
MISPLACED: list[tuple[str, str, str, str]] = [
    ("C3*USD", "C2*P*01*123456789", "C2", "7"),
    ("H2*FLAMMABLE LIQUID", "H1*1993", "H1", "7"),
    ("L5*1*WIDGETS", "POD*20240131**J SMITH", "POD", "7"),
    ("L9*FUE*12.50", "H6*AP", "H6", "7"),
    ("G62*11*20240131", "L9*FUE*1", "L9", "7"),
    ("L3*500*G***12500", "M7*SEAL009", "M7", "2"),
]


@pytest.mark.parametrize(("anchor", "bad", "tag", "code"), MISPLACED, ids=[m[1] for m in MISPLACED])
def test_misplaced_segment_is_reported_as_the_997_would(anchor: str, bad: str, tag: str, code: str) -> None:
    issues = run_in("210", _edit("after", anchor, bad))
    assert [(i.segment_id, i.code, i.element_position) for i in issues] == [(tag, code, None)], [
        i.message for i in issues
    ]


# 005010 only: the L11 and OID layouts of the 005010 table (seg_210.SEGMENTS_005010), the 117 length
# (N2 1/15 in 005010) and the 005010 places of L11, OID and POD.
BAD_005010: list[tuple[str, str, str, tuple]] = [
    ("replace", "L11*BOL123*BM**20240129*Y", "L11*BOL123*BM**20241329*Y", ("L11", "8", 4, "373")),
    ("replace", "L11*BOL123*BM**20240129*Y", "L11*BOL123*BM**20240129*YES", ("L11", "5", 5, "1073")),
    ("replace", "L11*BOL123*BM**20240129*Y", "L11*BOL123*BM**20240129*Y*X", ("L11", "3", 6, None)),
    ("replace", "L11*BOL123*BM**20240129*Y", "L11*BOL123", ("L11", "2", 2, "128")),
    ("replace", "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1", "OID********E*12.5", ("OID", "2", 1, "127")),
    ("replace", "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1", "OID*ORD1*PO123**CT*10", ("OID", "4", 4, "211")),
    ("replace", "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1", "OID*ORD1*PO123**CTN", ("OID", "2", 5, "380")),
    ("replace", "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1", "OID*ORD1**DEPT7", ("OID", "2", 2, "324")),
    ("replace", "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1", "OID*ORD1*PO123*" + "D" * 51,
     ("OID", "5", 3, "127")),
    ("replace", "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZ*SORT1",
     "OID*ORD1*PO123*DEPT7*CTN*10*L*500*E*12.5*ZZZZ", ("OID", "5", 10, "647")),
    ("replace", "L1*1*25.00*PH*12500", "L1*1*25.00*PH*12500**" + "1" * 16, ("L1", "5", 6, "117")),
    ("replace", "R3*SCAC*B*Chicago*M******SD*ND", "R3*SCAC*B*Chicago*M*******ND", ("R3", "2", 10, "284")),
    ("replace", "R3*SCAC*B*Chicago*M******SD*ND", "R3*SCAC*B*Chicago*M******SD*ND*X1*Z", ("R3", "3", 13, None)),
    ("replace", "N7*ABCD*123456789012345", "N7*ABCD*1234567890123456", ("N7", "5", 2, "207")),
    ("replace", "S5*1*LD*********A", "S5*1*LD*********AB", ("S5", "5", 11, "190")),
]


@pytest.mark.parametrize(("how", "anchor", "bad", "expected"), BAD_005010, ids=[b[2][:40] for b in BAD_005010])
def test_005010_wrong_value_gets_its_ak403_code(how: str, anchor: str, bad: str, expected: tuple) -> None:
    issues = run_in("210", _edit(how, anchor, bad, "005010"), "005010")
    assert summary(issues) == [expected], [i.message for i in issues]


def test_005010_prepaid_amount_of_fifteen_digits_is_accepted() -> None:
    """117 is N2 1/15 in 005010 (1/9 in 004010)."""
    lines = _edit("replace", "L1*1*25.00*PH*12500", "L1*1*25.00*PH*12500**" + "1" * 15, "005010")
    assert run_in("210", lines, "005010") == []


MISPLACED_005010: list[tuple[str, str, str, str]] = [
    ("G62*86*20240129", "L11*BOL999*BM", "L11", "7"),  # heading L11 (060) after G62 (070)
    ("SDQ*CA*92*STORE2*5", "N9*BM*BOL123", "N9", "6"),  # N9 is not in the 005010 210 at all
    ("LX*1", POD, "POD", "2"),  # no POD directly in the 005010 LX loop, only in the carton loop
    ("L3*500*G***12500", "OID**PO999", "OID", "7"),
]


@pytest.mark.parametrize(("anchor", "bad", "tag", "code"), MISPLACED_005010, ids=[m[1] for m in MISPLACED_005010])
def test_005010_misplaced_segment_is_reported_as_the_997_would(anchor: str, bad: str, tag: str, code: str) -> None:
    issues = run_in("210", _edit("after", anchor, bad, "005010"), "005010")
    assert [(i.segment_id, i.code, i.element_position) for i in issues] == [(tag, code, None)], [
        i.message for i in issues
    ]


# The 210 table (ST and SE left out), 004010 (``later`` False) or 005010 (True): segments as (tag, req,
# max use), loops as (loop id, req, repeat, [entries]).
# 004010: segment list, nesting, max use and repeats: the EdiFabric-style 004010 TS210 class
# (FreightTrust.EDI.X12004010, found by find_string "TS210"; 999999 = ">1"); heading requirement and
# max use also the AAFES 4010 210 guide (businessdocbox) and doc.chinlinktech.com
# x12/004010/transaction-set/210; the LX loop and L3 also stupidedi transaction_sets/004010/standards/
# IM210.rb; L1 max use 10 and L3 optional also the Bots EDI grammar x12/4010/210004010.py.
# 005010: the Bots EDI grammar bots-edi/bots-grammars x12/5010/210005010.py (segment list, nesting,
# min/max occurrence; 999999 = ">1"); LX at 2/1200 and L1 max use 50 also the LG 5010 210 guide on
# stedi.com. Differences from 004010 (stated where they happen below): L11 for N9 (line loop 20 instead
# of 5), OID for SPO, no POD directly in the LX loop, LX 99999, L1 50, L9 50.
def _table(later: bool) -> dict[str, list]:
    n9 = "L11" if later else "N9"  # 005010: L11 wherever 004010 has N9
    po = "OID" if later else "SPO"  # 005010: OID wherever 004010 has SPO
    po_loop = (po, "O", ">1", [(po, "M", 1), ("SDQ", "O", 10)])
    pod = [] if later else [("POD", "O", 1)]  # 004010 only: POD directly in the LX loop
    return {
        "header": [
            ("B3", "M", 1), ("C2", "O", 1), ("C3", "O", 1), ("ITD", "O", 1), (n9, "O", 300), ("G62", "O", 6),
            ("R3", "O", 12), ("H3", "O", 6), ("K1", "O", 10),
            ("N1", "O", 10, [("N1", "M", 1), ("N2", "O", 1), ("N3", "O", 2), ("N4", "O", 1), (n9, "O", 5)]),
            ("N7", "O", 10, [("N7", "M", 1), ("M7", "O", 2)]),
            po_loop,
        ],
        "detail": [
            ("S5", "O", 999, [
                ("S5", "M", 1), (n9, "O", 10), ("G62", "O", 10), ("H3", "O", 6), po_loop,
                ("N1", "O", 2, [
                    ("N1", "M", 1), ("N2", "O", 1), ("N3", "O", 2), ("N4", "O", 1), (n9, "O", 5),
                    ("N7", "O", 10, [("N7", "M", 1), ("M7", "O", 2)]),
                ]),
            ]),
            ("LX", "O", 99999 if later else 9999, [
                ("LX", "M", 1), (n9, "O", 20 if later else 5), *pod, ("L5", "O", 30), ("H1", "O", 3),
                ("H2", "O", 2), ("L0", "O", 10), ("L1", "O", 50 if later else 10), ("L4", "O", 10),
                ("L7", "O", 10), ("K1", "O", 10), po_loop,
                ("N1", "O", ">1", [
                    ("N1", "M", 1), ("N2", "O", 1), ("N3", "O", 2), ("N4", "O", 1), (n9, "O", 10),
                    ("CD3", "O", ">1", [
                        ("CD3", "M", 1), (n9, "O", 20), ("H6", "O", 10), ("L9", "O", 50 if later else 10),
                        ("POD", "O", 1), ("G62", "O", 1),
                    ]),
                    po_loop,
                ]),
            ]),
        ],
        "summary": [("L3", "O", 1)],
    }


TABLE = _table(False)
TABLE_005010 = _table(True)
TABLES = {"004010": TABLE, "005010": TABLE_005010}


def _shape(node: LoopDef | SegmentDef) -> tuple:
    """A map node in TABLE's notation (">1" for an unbounded loop or segment)."""
    if isinstance(node, SegmentDef):
        return (node.tag, "M" if node.required else "O", node.max_use)
    repeat = ">1" if node.max_repeat == UNBOUNDED else node.max_repeat
    return (node.loop_id, "M" if node.required else "O", repeat, [_shape(c) for c in node.children])


@pytest.mark.parametrize("version", VERSIONS)
def test_map_holds_the_published_table_in_order(version: str) -> None:
    m = maps.get_map(version, "210")
    assert m is not None
    body = [c for c in m.root.children if not (isinstance(c, SegmentDef) and c.tag in ("ST", "SE"))]
    table = TABLES[version]
    expected = table["header"] + table["detail"] + table["summary"]
    assert [_shape(c) for c in body] == expected
    positions = [c.pos for c in body]
    assert positions[: len(table["header"])] == sorted(positions[: len(table["header"])])
