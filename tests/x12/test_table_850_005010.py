"""The 850 Purchase Order at 005010 (issue #2): the 005010 standard table, header, detail and summary.

- ``FULL`` uses every segment and loop of the 005010 table at least once (realistic values); the
  gateway accepts it with no issue and pyx12 accepts it too on the same generated maps.
- The segments 005010 brings to the 850 (IN2, EFI; MTX with six elements in place of MSG) report a
  wrong value with the AK403 code and data element number of the 997; misplaced ones come back
  with the AK304 code the 997 would carry (7 out of sequence, 2 not in the 005010 set).
- ``TABLE`` is the whole 005010 standard table (source in the comment above it): the 004010 table of
  test_table_850_header.py and test_table_850_detail.py with ``CHANGES_005010``; the generated map
  must hold exactly its entries, in its order, with its requirement, max use and loop repeats.
- ``FULL`` is built the same way: the 004010 documents of those two files with the 005010 changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from gateway.x12.maps import UNBOUNDED, LoopDef
from tests.x12 import test_table_850_detail as d850
from tests.x12 import test_table_850_header as h850
from tests.x12.test_differential import ours, theirs
from tests.x12.test_table_850_detail import assert_positions_increase, shape
from tests.x12.test_table_850_header import edited
from tests.x12.test_validator_samples import run_in, summary, valid

V = "005010"

# The 005010 document: the 004010 header of test_table_850_header.py and the 004010 line of
# test_table_850_detail.py (each uses every entry of its 004010 table), with what the 005010 table changes.
_HEADER = edited(
    h850.HEADER_LINES,
    # no plain LDT between DTM and LIN in 005010 (an LDT loop follows TXI)
    ("LDT*AE*5*DA", []),
    # TD5 max use >1 in 005010 (12 in 004010)
    ("TD5*O*2*UPSN*M*UPS GROUND", ["TD5*O*2*UPSN*M*UPS GROUND", "TD5*A*2*FDEG*M*FEDEX GROUND"]),
    # [LDT (a loop after TXI in 005010) ... LDT]
    (
        "TXI*ST*12.50",
        [
            "TXI*ST*12.50",
            "LDT*AE*5*DA",
            "QTY*OR*5*EA",
            "MTX**Lead time applies to the first shipment",
            "REF*PO*L1",
        ],
    ),
    # the N9 loop: MTX for MSG, then PWK and EFI
    (
        "MSG*Handle with care",
        [
            "MTX**Handle with care",
            "PWK*PD*EL",
            "EFI*05*Drawing attached*01*2.1*CADPROG*3*DXF*1*ZIP*AA*DRAWING1.DXF*FB*80*8000*1*DXF",
        ],
    ),
    # the N1 loop: IN2 after N2
    ("N2*Receiving dock", ["N2*Receiving dock", "IN2*02*Jane"]),
    # the SPI, SPI/N1 and SPI/CB1 loops: MTX for MSG
    ("MSG*Spec message", ["MTX**Spec message"]),
    ("MSG*Contact message", ["MTX**Contact message"]),
    ("MSG*Cost message", ["MTX**Cost message"]),
    # the ADV loop's MTX with all six elements (MTX05/MTX06 exist from 004020 on)
    ("MTX*GEN*Advertising text", ["MTX*GEN*Advertising text**AA*2*EN"]),
)

_LINE = [
    *edited(
        d850.FULL_LINE,
        # MTX for MSG in the PO1 loop and the LS/LDT loop
        ("MSG*HANDLE WITH CARE", ["MTX**HANDLE WITH CARE"]),
        ("MSG*LEAD TIME NOTE", ["MTX**LEAD TIME NOTE"]),
        # the N9 loop: MTX for MSG, then PWK and EFI
        ("MSG*N9 NOTE", ["MTX**N9 NOTE", "PWK*CT*EL", "EFI*05"]),
        # the N1 loop: IN2 after N2; MTX for MSG in its LDT loop
        ("N2*Receiving Dock", ["N2*Receiving Dock", "IN2*05*Doe"]),
        ("MSG*N1 LEAD TIME NOTE", ["MTX**N1 LEAD TIME NOTE"]),
        # the SLN loop: MTX for MSG, MEA after PO3; MTX for MSG in its N9 loop, IN2 after N2 in its N1 loop
        ("MSG*SUBLINE NOTE", ["MTX**SUBLINE NOTE"]),
        ("PO3*QT**PRP*2.25*PE*50*EA", ["PO3*QT**PRP*2.25*PE*50*EA", "MEA*PD*WT*0.5*LB"]),
        ("MSG*SLN N9 NOTE", ["MTX**SLN N9 NOTE"]),
        ("N2*Back Dock", ["N2*Back Dock", "IN2*02*John"]),
        # AMT REF max use >1 in 005010 (1 in 004010)
        ("REF*PO*X4", ["REF*PO*X4", "REF*PD*X5"]),
    ),
    # the second line of VALID["850"]
    "PO1*2*4*CA*10**VN*XYZ",
    "DTM*002*20240220",
]


def _doc(header: list[str] = _HEADER, line: list[str] = _LINE) -> list[str]:
    body = [*header, *line, *h850.SUMMARY_LINES]
    return [*body, f"SE*{len(body) + 1}*0001"]


FULL = _doc()


def _edit(lines: list[str], old: str, *new: str) -> list[str]:
    """``lines`` with the first ``old`` replaced by ``new`` (SE01 kept right)."""
    out = list(lines)
    at = out.index(old)
    out[at : at + 1] = list(new)
    out[-1] = f"SE*{len(out)}*0001"
    return out


def test_the_full_005010_document_is_accepted() -> None:
    issues = run_in("850", FULL, V)
    assert issues == [], [i.message for i in issues]


def test_the_small_005010_sample_is_valid_in_005010_only() -> None:
    """VALID_005010["850"] (N9/MTX) is valid at 005010; at 004010 its MTX is not in the N9 loop."""
    assert run_in("850", valid("850", V), V) == []
    assert [(i.segment_id, i.code) for i in run_in("850", valid("850", V), "004010")] == [("MTX", "2")]


# (line of FULL, replacement, expected (segment, AK403, element position, data element))
BAD: list[tuple[str, str, tuple]] = [
    ("IN2*02*Jane", "IN2*02", ("IN2", "1", 2, "93")),
    ("IN2*02*Jane", "IN2*021*Jane", ("IN2", "5", 1, "1104")),
    ("IN2*02*Jane", "IN2*02*" + "J" * 61, ("IN2", "5", 2, "93")),
    ("IN2*02*Jane", "IN2*02*Jane*Ann*X", ("IN2", "3", 4, None)),
    ("IN2*02*Jane", "IN2*02*Jane*" + "A" * 61, ("IN2", "5", 3, "93")),
    ("CTB*OR*Minimum order", "CTB*OR*Minimum order*****X", ("CTB", "4", 7, "355")),
    ("INC*01*MO*3*12*500", "INC*01*MO*3*12*500*ABCD", ("INC", "5", 6, "522")),
    ("EFI*05", "EFI", ("EFI", "1", 1, "786")),
    ("EFI*05", "EFI*5", ("EFI", "4", 1, "786")),
    ("EFI*05", "EFI*05***" + "1" * 31, ("EFI", "5", 4, "799")),
    ("EFI*05", "EFI*05****CADPROG", ("EFI", "2", 4, "799")),  # C0504
    ("EFI*05", "EFI*05******DXF", ("EFI", "2", 6, "799")),  # C0706
    ("EFI*05", "EFI*05********ZIP", ("EFI", "2", 8, "799")),  # C0908
    ("EFI*05", "EFI*05*********ABC", ("EFI", "5", 10, "789")),
    ("EFI*05", "EFI*05" + "*" * 16 + "X", ("EFI", "3", 17, None)),
    ("MTX**N9 NOTE", "MTX*GENERAL*N9 NOTE", ("MTX", "5", 1, "363")),
    ("MTX**N9 NOTE", "MTX*GEN", ("MTX", "2", 2, "1551")),  # C0102
    ("MTX**N9 NOTE", "MTX**N9 NOTE***2", ("MTX", "2", 4, "934")),  # C0504
    ("MTX**N9 NOTE", "MTX**N9 NOTE**AA*X", ("MTX", "6", 5, "1470")),
]


@pytest.mark.parametrize(("line", "bad", "expected"), BAD, ids=[b[1][:40] for b in BAD])
def test_wrong_element_in_a_005010_segment_gets_its_ak403_code(line: str, bad: str, expected: tuple) -> None:
    issues = run_in("850", _edit(FULL, line, bad), V)
    assert summary(issues) == [expected], [i.message for i in issues]


# (line of FULL to replace, replacement lines, expected (segment, AK304)) - each as the 997 would say
MISPLACED: list[tuple[str, tuple[str, ...], tuple[str, str]]] = [
    # IN2 belongs right after N2, before N3
    ("N3*1 Main St", ("N3*1 Main St", "IN2*02*Ann"), ("IN2", "7")),
    # PWK comes before EFI in the N9 loop
    ("EFI*05", ("EFI*05", "PWK*CT*EL"), ("PWK", "7")),
    # MSG is not in the 005010 850 at all (MTX took its place): the map does not define it, so it is
    # an unrecognised segment (AK304 1), as any segment the set does not hold
    ("MTX**N9 NOTE", ("MSG*N9 NOTE",), ("MSG", "1")),
    # SLN MEA follows PO3 and precedes TC2
    ("TC2*A*HARDWARE", ("TC2*A*HARDWARE", "MEA*PD*WT*0.5*LB"), ("MEA", "7")),
]


@pytest.mark.parametrize(("line", "new", "expected"), MISPLACED, ids=[m[2][0] + m[2][1] for m in MISPLACED])
def test_misplaced_005010_segment_is_reported_as_the_997_would(
    line: str, new: tuple[str, ...], expected: tuple[str, str]
) -> None:
    # the last occurrence of TC2 is the SLN's (the PO1's TC2 comes first)
    lines = list(FULL)
    if line == "TC2*A*HARDWARE":
        at = len(lines) - 1 - lines[::-1].index(line)
        lines[at : at + 1] = list(new)
        lines[-1] = f"SE*{len(lines)}*0001"
    else:
        lines = _edit(FULL, line, *new)
    issues = run_in("850", lines, V)
    assert [(i.segment_id, i.code) for i in issues] == [expected], [i.message for i in issues]


def test_an_ldt_at_its_004010_place_opens_the_005010_ldt_loop() -> None:
    """005010 has no LDT between DTM and LIN: there it opens the LDT loop (after TXI), so the TD5
    that follows it in the small sample is out of sequence (AK304 7)."""
    lines = _edit(valid("850", V), "DTM*002*20240215", "DTM*002*20240215", "LDT*AE*5*DA")
    issues = run_in("850", lines, V)
    assert [(i.segment_id, i.code) for i in issues] == [("TD5", "7")], [i.message for i in issues]
    assert run_in("850", _edit(valid("850", "004010"), "DTM*002*20240215", "DTM*002*20240215", "LDT*AE*5*DA")) == []


def test_005010_element_additions_are_accepted_in_005010_only() -> None:
    """IN203, CTB07 (C001) and INC06 exist in 005010 (seg_850.SEGMENTS_005010); INC04 is optional."""
    lines = _edit(FULL, "IN2*02*Jane", "IN2*02*Jane*Ann")
    lines = _edit(lines, "CTB*OR*Minimum order", "CTB*OR*Minimum order*****EA")
    lines = _edit(lines, "INC*01*MO*3*12*500", "INC*01*MO*3**500*GV")
    assert run_in("850", lines, V) == []
    old = _edit(valid("850", "004010"), "ITD*01*3*2**10**30", "ITD*01*3*2**10**30", "INC*01*MO*3*12*500*GV")
    old = _edit(old, "TD5*O*2*UPSN*M*UPS GROUND", "TD5*O*2*UPSN*M*UPS GROUND", "CTB*OR*Minimum order*****EA")
    assert [(s, c, p) for s, c, p, _ in summary(run_in("850", old, "004010"))] == [("INC", "3", 6), ("CTB", "3", 7)]


def test_td5_and_amt_ref_repeat_in_005010_but_not_in_004010() -> None:
    td5 = _edit(valid("850", V), "TD5*O*2*UPSN*M*UPS GROUND", *["TD5*O*2*UPSN*M*UPS GROUND"] * 13)
    assert run_in("850", td5, V) == []
    old = _edit(valid("850", "004010"), "TD5*O*2*UPSN*M*UPS GROUND", *["TD5*O*2*UPSN*M*UPS GROUND"] * 13)
    assert [(i.segment_id, i.code) for i in run_in("850", old, "004010")] == [("TD5", "5")]


# ---- completeness: the whole 005010 850 table
# Two copies of the 005010 standard table agree entry for entry: the Bots EDI grammars
# (bots-edi/bots-grammars x12/5010/850005010.py) and freight-trust/libedi
# (library/00501/X12_00501_850.js). A segment is (tag, required, max use); a loop is (loop id,
# required, repeat, [children], trigger first); U = unbounded (>1). LS and LE are plain segments
# around the LDT loop (Bots nests them as an LS loop ending in LE), as in the 004010 map.
# ``TABLE`` is the 004010 table with what those copies change (``CHANGES_005010``).
U = UNBOUNDED


def _nest(rows: list[tuple[str, str, int, str, int | str]]) -> list[tuple]:
    """test_table_850_header's rows (loop path, segment or "LOOP <id>", position, usage, max) in the
    notation above, positions left out (the 005010 ones are only checked to increase, below)."""
    children: dict[str, list[tuple]] = {"": []}
    for path, name, _pos, usage, most in rows:
        most = U if most == ">1" else most
        if name.startswith("LOOP "):
            kids = children[f"{path}/{name[5:]}".lstrip("/")] = []
            children[path].append((name[5:], usage == "M", most, kids))
        else:
            children[path].append((name, usage == "M", most))
    return children[""]


def _changed(entries: list[tuple], edits: dict[str, list[tuple[tuple, list[tuple]]]], path: str = "") -> list:
    """``entries`` with ``edits``: per loop path, (entry, replacement entries) on the first such entry."""
    out = [
        (*e[:3], _changed(e[3], edits, f"{path}/{e[0]}".lstrip("/"))) if len(e) == 4 else e for e in entries
    ]
    for old, new in edits.get(path, []):
        at = out.index(old)
        out[at : at + 1] = new
    return out


# The 004010 table of test_table_850_header (HEADER, SUMMARY) and test_table_850_detail (PUBLISHED_PO1)
TABLE_004010 = [
    ("ST", True, 1),
    *_nest(h850.HEADER),
    d850.PUBLISHED_PO1,
    *_nest(h850.SUMMARY),
    ("SE", True, 1),
]
_MTX = ("MTX", False, U)
_N2_IN2 = [("N2", False, 2), ("IN2", False, U)]
# What the 005010 table changes, per loop path ("" the set's own level)
CHANGES_005010: dict[str, list[tuple[tuple, list[tuple]]]] = {
    "": [
        (("LDT", False, 12), []),  # no plain LDT between DTM and LIN ...
        (("TD5", False, 12), [("TD5", False, U)]),
        (
            ("TXI", False, U),  # ... but an LDT loop after TXI
            [
                ("TXI", False, U),
                ("LDT", False, U, [("LDT", True, 1), ("QTY", False, U), _MTX, ("REF", False, U)]),
            ],
        ),
    ],
    "N9": [(("MSG", False, 1000), [_MTX, ("PWK", False, U), ("EFI", False, U)])],
    "N1": [(("N2", False, 2), _N2_IN2)],
    "SPI": [(("MSG", False, 50), [_MTX])],
    "SPI/N1": [(("MSG", False, 50), [_MTX])],
    "SPI/CB1": [(("MSG", False, 50), [_MTX])],
    "PO1": [(("MSG", False, U), [_MTX])],
    "PO1/LDT": [(("MSG", False, 1), [_MTX])],
    "PO1/N9": [(("MSG", False, 1000), [_MTX, ("PWK", False, U), ("EFI", False, U)])],
    "PO1/N1": [(("N2", False, 2), _N2_IN2)],
    "PO1/N1/LDT": [(("MSG", False, 1), [_MTX])],
    "PO1/SLN": [(("MSG", False, U), [_MTX]), (("PO3", False, 104), [("PO3", False, 104), ("MEA", False, U)])],
    "PO1/SLN/N9": [(("MSG", False, U), [_MTX])],
    "PO1/SLN/N1": [(("N2", False, 2), _N2_IN2)],
    "PO1/AMT": [(("REF", False, 1), [("REF", False, U)])],
}
TABLE = _changed(TABLE_004010, CHANGES_005010)


def _root() -> LoopDef:
    m = maps.get_map(V, "850")
    assert m is not None
    return m.root


def test_the_map_holds_the_whole_005010_table_in_order() -> None:
    assert [shape(c) for c in _root().children] == TABLE


def test_positions_increase_inside_every_loop() -> None:
    """Inside every loop (the set's own level restarts at 010 for the detail and summary tables)."""
    for child in _root().children:
        if isinstance(child, LoopDef):
            assert_positions_increase(child)


# the full document through pyx12 with the same generated maps (tests/x12/test_differential.py)
@pytest.mark.differential
def test_pyx12_accepts_the_full_005010_document_too(pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    expected = (False, (), ())
    assert ours(V, "850", FULL) == expected
    assert theirs(pyx12_dirs[V], V, "850", FULL, tmp_path) == expected
