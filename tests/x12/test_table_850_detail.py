"""The 850 detail table (table 2, the PO1 loop) as the 004010 standard table shows it.

- A purchase order whose first line uses every segment and loop of the PO1 loop at least once is
  accepted by the gateway with no issue, in 004010 (005010: test_table_850_005010.py), and pyx12 agrees on the same maps.
- Each segment this round defines for the line (CN1, PO3, IT8, IT3) reports a wrong value with the
  AK403 code and data element number a partner would see in the 997, and a misplaced one as AK304 7.
- The PO1 loop of the generated maps has exactly the published table's entries, in its order, with
  its requirement, max use and loop repeats (``PUBLISHED_PO1``, from the two copies of the 004010
  table named beside it), with nothing left out or moved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from gateway.x12.maps import UNBOUNDED, LoopDef
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import VALID, run_in, summary

# 005010 has its own 850 tables (MTX for MSG, LDT loop, IN2, EFI ...): tests/x12/test_table_850_005010.py
VERSIONS = ("004010",)

# The first line of VALID["850"], rewritten to use every entry of the PO1 loop (loops in brackets).
FULL_LINE = [
    "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905",
    "LIN**VN*ABC123*UP*012345678905",
    "SI*VI*ZZ*ABC",
    "CUR*BY*USD",
    "CN1*02*1000*5*CONTRACT7*2*V1",
    "PO3*QT**PRP*2.25*PE*100*EA*PRICE BREAK",
    "CTP**RES*3.00",  # [CTP
    "CUR*BY*USD",  # CTP]
    "PAM*QQ*5*EA*1*100",
    "MEA*PD*WT*1.5*LB",
    "PID*F****Blue widget",  # [PID
    "MEA**LN*12*IN",  # PID]
    "PWK*CT*EL",
    "PO4*12*1*EA",
    "REF*PD*PROMO1",
    "PER*BD*Jane Buyer*TE*5551234567",
    "SAC*A*C310***150",  # [SAC
    "CUR*BY*USD",
    "CTP**RES*3.00",  # SAC]
    "IT8*Y*A",
    "CSH*SC",
    "ITD*01*3*2**10**30",
    "DIS*AGG*DS*1*CC*100",
    "INC*01*MO*12*1*100",
    "TAX*EX999",
    "FOB*PP",
    "SDQ*EA*92*0042*5*0043*5",
    "IT3*10*EA*IC",
    "DTM*002*20240215",
    "TC2*A*HARDWARE",
    "TD1*CTN25*2",
    "TD5*O*2*UPSN*M",
    "TD3*TL",
    "TD4*SHS",
    "PCT*AP*2.5",
    "MAN*GM*00012345678901234567",
    "MSG*HANDLE WITH CARE",
    "SPI*00*PO*SPEC1",
    "TXI*ST*1.25",
    "CTB*OR*NO BACKORDERS",
    "QTY*OR*10*EA",  # [QTY
    "SI*VI*ZZ*QTYCHAR",  # QTY]
    "SCH*5*EA***002*20240301",  # [SCH
    "TD1*CTN25*1",
    "TD5*O*2*UPSN",
    "TD3*TL",
    "TD4*SHS",
    "REF*PO*X1",  # SCH]
    "PKG*F*68***GIFT WRAP",  # [PKG
    "MEA*PD*WT*2*LB",  # PKG]
    "LS*LDT",
    "LDT*AE*5*DA",  # [LDT
    "QTY*OR*5*EA",
    "MSG*LEAD TIME NOTE",
    "REF*PO*X2",
    "LM*AG",  # [LM
    "LQ*0*ABC",  # LM] LDT]
    "LE*LDT",
    "N9*PO*PO123",  # [N9
    "DTM*002*20240215",
    "MEA*PD*WT*1*LB",
    "MSG*N9 NOTE",  # N9]
    "N1*ST*Store 42*92*0042",  # [N1
    "N2*Receiving Dock",
    "N3*1 Main St",
    "N4*Springfield*IL*62701*US",
    "QTY*OR*5*EA",
    "NX2*01*Main St",
    "REF*DP*042",
    "PER*BD*Jane Buyer*TE*5551234567",
    "SI*VI*ZZ*N1CHAR",
    "DTM*002*20240215",
    "FOB*PP",
    "SCH*5*EA***002*20240301",
    "TD1*CTN25*1",
    "TD5*O*2*UPSN",
    "TD3*TL",
    "TD4*SHS",
    "PKG*F*68***GIFT WRAP",
    "LDT*AE*5*DA",  # [LDT
    "MAN*GM*00012345678901234567",
    "QTY*OR*5*EA",
    "MSG*N1 LEAD TIME NOTE",
    "REF*PO*X3",  # LDT] N1]
    "SLN*1**I*5*EA*2.50*PE",  # [SLN
    "MSG*SUBLINE NOTE",
    "SI*VI*ZZ*SLNCHAR",
    "PID*F****Blue part",
    "PO3*QT**PRP*2.25*PE*50*EA",
    "TC2*A*HARDWARE",
    "ADV*ZZ*AB",
    "DTM*002*20240215",
    "CTP**RES*3.00",
    "PAM*QQ*5*EA*1*100",
    "PO4*12*1*EA",
    "TAX*EX999",
    "N9*PO*PO124",  # [N9
    "DTM*002*20240215",
    "MSG*SLN N9 NOTE",  # N9]
    "SAC*A*C310***150",  # [SAC
    "CUR*BY*USD",
    "CTP**RES*3.00",  # SAC]
    "QTY*OR*5*EA",  # [QTY
    "SI*VI*ZZ*SLNQTY",  # QTY]
    "N1*ST*Store 43*92*0043",  # [N1
    "N2*Back Dock",
    "N3*2 Main St",
    "N4*Springfield*IL*62701*US",
    "NX2*01*Main St",
    "REF*DP*043",
    "PER*BD*Joe Buyer*TE*5551234568",
    "SI*VI*ZZ*SLNN1",  # N1] SLN]
    "AMT*1*25.00",  # [AMT
    "REF*PO*X4",
    "PCT*AP*2.5",  # AMT]
    "LM*AG",  # [LM
    "LQ*0*DEF",  # LM]
]


def _full() -> list[str]:
    """VALID["850"] with its first line (PO1 ... SDQ) replaced by FULL_LINE, SE01 kept right."""
    lines = list(VALID["850"])
    first, second = lines.index("PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905"), lines.index(
        "PO1*2*4*CA*10**VN*XYZ"
    )
    lines[first:second] = FULL_LINE
    lines[-1] = f"SE*{len(lines)}*0001"
    return lines


def _after(anchor: str, *new: str) -> list[str]:
    """VALID["850"] with segments inserted after ``anchor`` (SE01 kept right)."""
    lines = list(VALID["850"])
    at = lines.index(anchor) + 1
    lines[at:at] = list(new)
    lines[-1] = f"SE*{len(lines)}*0001"
    return lines


@pytest.mark.parametrize("version", VERSIONS)
def test_a_line_with_every_segment_and_loop_of_the_po1_loop_is_accepted(version: str) -> None:
    issues = run_in("850", _full(), version)
    assert issues == [], [i.message for i in issues]


@pytest.mark.differential
@pytest.mark.parametrize("version", VERSIONS)
def test_pyx12_accepts_the_full_line_on_the_same_maps(
    version: str, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    body = _full()
    mine = ours(version, "850", body)
    assert mine == (False, (), ())
    assert theirs(pyx12_dirs[version], version, "850", body, tmp_path) == mine


_LINE1 = "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905"  # CN1 and PO3 follow PO1 (before PID)

# (anchor, bad segment, expected (segment id, AK403, element position, data element))
BAD: list[tuple[str, str, tuple]] = [
    (_LINE1, "CN1**1000", ("CN1", "1", 1, "1166")),
    (_LINE1, "CN1*02*1000*5*C7*2*" + "V" * 31, ("CN1", "5", 6, "799")),
    (_LINE1, "CN1*02*1O00", ("CN1", "6", 2, "782")),
    (_LINE1, "PO3*QT**PRP*2.25*PE*1O0*EA", ("PO3", "6", 6, "380")),
    (_LINE1, "PO3*QT*20241301**2.25*PE*100*EA", ("PO3", "8", 2, "373")),
    (_LINE1, "PO3*QT**PRP*2.25*PE*100", ("PO3", "1", 7, "355")),
    (_LINE1, "PO3*QT**PRPX*2.25*PE*100*EA", ("PO3", "5", 3, "236")),
    ("PO4*12*1*EA", "IT8*Y*A*12.5", ("IT8", "6", 3, "610")),
    ("PO4*12*1*EA", "IT8*****20241301", ("IT8", "8", 5, "373")),
    ("PO4*12*1*EA", "IT8*Y*A******VN", ("IT8", "2", 9, "234")),
    ("SDQ*EA*92*0042*5*0043*5", "IT3*10", ("IT3", "2", 2, "355")),
    ("SDQ*EA*92*0042*5*0043*5", "IT3*12345678901*EA", ("IT3", "5", 1, "382")),
    ("SDQ*EA*92*0042*5*0043*5", "IT3*10*EA*ICX", ("IT3", "5", 3, "368")),
]


@pytest.mark.parametrize(("anchor", "bad", "expected"), BAD, ids=[b[1] for b in BAD])
def test_wrong_element_in_a_line_segment_gets_its_ak403_code(anchor: str, bad: str, expected: tuple) -> None:
    issues = run_in("850", _after(anchor, bad))
    assert summary(issues) == [expected], [i.message for i in issues]


# The segments the header helper (seg_850) and the 945 helper (seg_945) define, now also used in the
# line: (anchor, segments inserted, expected); NX2 and ADV inside the line's N1 and SLN loops.
_SDQ = "SDQ*EA*92*0042*5*0043*5"
BAD_SHARED: list[tuple[str, tuple[str, ...], tuple]] = [
    (_LINE1, ("SI*VI*ZZ",), ("SI", "1", 3, "234")),
    ("PID*F****Blue widget", ("PWK*CTX",), ("PWK", "5", 1, "755")),
    ("PO4*12*1*EA", ("DIS*AGG*DS**CC*100",), ("DIS", "1", 3, "655")),
    ("PO4*12*1*EA", ("INC*01*MO*X*1",), ("INC", "6", 3, "380")),
    (_SDQ, ("TXI*ST",), ("TXI", "2", 2, "782")),
    (_SDQ, ("CTB*OR",), ("CTB", "2", 2, "352")),
    (_SDQ, ("SPI*00*PO",), ("SPI", "2", 3, "127")),
    (_SDQ, ("LS*LDTLOOP",), ("LS", "5", 1, "447")),
    (_SDQ, ("N1*ST*Store 42*92*0042", "NX2**Main St"), ("NX2", "1", 1, "1106")),
    (_SDQ, ("SLN*1**I", "ADV*ZZ*AB*****5"), ("ADV", "2", 6, "1000")),
]


@pytest.mark.parametrize(("anchor", "new", "expected"), BAD_SHARED, ids=[b[1][-1] for b in BAD_SHARED])
def test_wrong_element_in_a_shared_segment_used_in_the_line(anchor: str, new: tuple[str, ...], expected: tuple) -> None:
    issues = run_in("850", _after(anchor, *new))
    assert summary(issues) == [expected], [i.message for i in issues]


def test_syntax_notes_of_the_line_segments() -> None:
    """PO3 L040305, IT8 R0102030507 and IT3 R01030405 report AK403 2 on the element they name."""
    po3 = run_in("850", _after(_LINE1, "PO3*QT***2.25**100*EA"))
    it8 = run_in("850", _after("PO4*12*1*EA", "IT8****ACCOUNT1"))
    it3 = run_in("850", _after("SDQ*EA*92*0042*5*0043*5", "IT3**EA"))
    assert summary(po3) == [("PO3", "2", 3, "236")], [i.message for i in po3]
    assert summary(it8) == [("IT8", "2", 1, "563")], [i.message for i in it8]
    # IT302 without IT301 breaks both P0102 and R01030405; each names IT301
    assert summary(it3) == [("IT3", "2", 1, "382")] * 2, [i.message for i in it3]


# (anchor, misplaced segment): each belongs earlier in the PO1 loop than where it is sent
MISPLACED: list[tuple[str, str]] = [
    ("SDQ*EA*92*0042*5*0043*5", "CN1*02*1000"),
    ("SDQ*EA*92*0042*5*0043*5", "PO3*QT**PRP*2.25*PE*100*EA"),
    ("SDQ*EA*92*0042*5*0043*5", "PWK*CT*EL"),
]


@pytest.mark.parametrize(("anchor", "misplaced"), MISPLACED, ids=[m[1][:3] for m in MISPLACED])
def test_misplaced_line_segment_is_out_of_sequence(anchor: str, misplaced: str) -> None:
    issues = run_in("850", _after(anchor, misplaced))
    assert [(i.segment_id, i.code) for i in issues] == [(misplaced[:3], "7")], [i.message for i in issues]


def test_it8_and_it3_after_the_line_dates_are_out_of_sequence() -> None:
    """IT8 (before ITD) and IT3 (before DTM) sent after the line's DTM: AK304 7 each."""
    lines = list(VALID["850"])
    at = lines.index("DTM*002*20240220") + 1
    lines[at:at] = ["IT8*Y*A", "IT3*10*EA"]
    lines[-1] = f"SE*{len(lines)}*0001"
    issues = run_in("850", lines)
    assert [(i.segment_id, i.code) for i in issues] == [("IT8", "7"), ("IT3", "7")], [i.message for i in issues]


def test_le_needs_to_come_after_the_ldt_loop_it_closes() -> None:
    """An LDT loop after its LE is out of sequence (the bounded loop is LS, LDT..., LE)."""
    issues = run_in("850", _after("SDQ*EA*92*0042*5*0043*5", "LS*LDT", "LE*LDT", "LDT*AE*5*DA"))
    assert [(i.segment_id, i.code) for i in issues] == [("LDT", "7")], [i.message for i in issues]


def test_cn1_occurs_once_and_po3_at_most_25_times_in_a_line() -> None:
    cn1 = run_in("850", _after(_LINE1, "CN1*02", "CN1*03"))
    po3 = run_in("850", _after(_LINE1, *[f"PO3*QT***{n}*PE*1*EA" for n in range(26)]))
    assert [(i.segment_id, i.code) for i in cn1] == [("CN1", "5")], [i.message for i in cn1]
    assert [(i.segment_id, i.code) for i in po3] == [("PO3", "5")], [i.message for i in po3]


# ---- completeness: the PO1 loop of the 004010 standard table
# Two copies of the whole 004010 850 table agree on every entry below: EdiFabric/X12.NET
# EdiFabric.Examples.X12.Templates.V4010/EF_X12_004010_850.cs (Loop_PO1_850 and the loops it holds)
# and freight-trust/libedi library/00401/00401_850.ts (PO1Loop1). A segment is (tag, required,
# max use); a loop is (loop id, required, repeat, [children], trigger first). U = unbounded (>1).
U = UNBOUNDED
_LDT_LINE = ("LDT", False, U, [("LDT", True, 1), ("QTY", False, U), ("MSG", False, 1), ("REF", False, 3),
                               ("LM", False, U, [("LM", True, 1), ("LQ", True, U)])])
_N1_LINE = ("N1", False, 200, [
    ("N1", True, 1), ("N2", False, 2), ("N3", False, 2), ("N4", False, 1), ("QTY", False, U), ("NX2", False, U),
    ("REF", False, 12), ("PER", False, 3), ("SI", False, U), ("DTM", False, 1), ("FOB", False, 1),
    ("SCH", False, 200), ("TD1", False, 2), ("TD5", False, 12), ("TD3", False, 12), ("TD4", False, 5),
    ("PKG", False, 200),
    ("LDT", False, U, [("LDT", True, 1), ("MAN", False, 10), ("QTY", False, 5), ("MSG", False, 1),
                       ("REF", False, 3)]),
])
_SLN = ("SLN", False, 1000, [
    ("SLN", True, 1), ("MSG", False, U), ("SI", False, U), ("PID", False, 1000), ("PO3", False, 104),
    ("TC2", False, U), ("ADV", False, U), ("DTM", False, 10), ("CTP", False, 25), ("PAM", False, 10),
    ("PO4", False, 1), ("TAX", False, 3),
    ("N9", False, U, [("N9", True, 1), ("DTM", False, U), ("MSG", False, U)]),
    ("SAC", False, 25, [("SAC", True, 1), ("CUR", False, 1), ("CTP", False, 1)]),
    ("QTY", False, U, [("QTY", True, 1), ("SI", False, U)]),
    ("N1", False, 10, [("N1", True, 1), ("N2", False, 2), ("N3", False, 2), ("N4", False, 1), ("NX2", False, U),
                       ("REF", False, 12), ("PER", False, 3), ("SI", False, U)]),
])
PUBLISHED_PO1 = ("PO1", True, 100000, [
    ("PO1", True, 1), ("LIN", False, U), ("SI", False, U), ("CUR", False, 1), ("CN1", False, 1), ("PO3", False, 25),
    ("CTP", False, U, [("CTP", True, 1), ("CUR", False, 1)]),
    ("PAM", False, 10), ("MEA", False, 40),
    ("PID", False, 1000, [("PID", True, 1), ("MEA", False, 10)]),
    ("PWK", False, 25), ("PO4", False, U), ("REF", False, U), ("PER", False, 3),
    ("SAC", False, 25, [("SAC", True, 1), ("CUR", False, 1), ("CTP", False, 1)]),
    ("IT8", False, 1), ("CSH", False, U), ("ITD", False, 2), ("DIS", False, 20), ("INC", False, 1),
    ("TAX", False, U), ("FOB", False, U), ("SDQ", False, 500), ("IT3", False, 5), ("DTM", False, 10),
    ("TC2", False, U), ("TD1", False, 1), ("TD5", False, 12), ("TD3", False, 12), ("TD4", False, 5),
    ("PCT", False, U), ("MAN", False, 10), ("MSG", False, U), ("SPI", False, U), ("TXI", False, U),
    ("CTB", False, U),
    ("QTY", False, U, [("QTY", True, 1), ("SI", False, U)]),
    ("SCH", False, 200, [("SCH", True, 1), ("TD1", False, 2), ("TD5", False, 12), ("TD3", False, 12),
                         ("TD4", False, 5), ("REF", False, U)]),
    ("PKG", False, 200, [("PKG", True, 1), ("MEA", False, U)]),
    # the bounded loop: LS, the LDT loop, LE (plain segments around the loop, as in pyx12's maps)
    ("LS", False, 1), _LDT_LINE, ("LE", False, 1),
    ("N9", False, 1000, [("N9", True, 1), ("DTM", False, U), ("MEA", False, 40), ("MSG", False, 1000)]),
    _N1_LINE,
    _SLN,
    ("AMT", False, U, [("AMT", True, 1), ("REF", False, 1), ("PCT", False, U)]),
    ("LM", False, U, [("LM", True, 1), ("LQ", True, U)]),
])


def shape(node) -> tuple:
    """A map entry in the notation of ``PUBLISHED_PO1`` (also used by tests/x12/test_table_850_005010.py)."""
    if isinstance(node, LoopDef):
        return (node.loop_id, node.required, node.max_repeat, [shape(c) for c in node.children])
    return (node.tag, node.required, node.max_use)


def assert_positions_increase(loop: LoopDef) -> None:
    """Positions strictly increase inside ``loop`` and every loop it holds (also used for 005010)."""
    pos = [c.pos for c in loop.children]
    assert pos == sorted(pos) and len(set(pos)) == len(pos), (loop.loop_id, pos)
    for c in loop.children:
        if isinstance(c, LoopDef):
            assert_positions_increase(c)


def _po1(version: str) -> LoopDef:
    m = maps.get_map(version, "850")
    assert m is not None
    return next(c for c in m.root.children if isinstance(c, LoopDef) and c.loop_id == "PO1")


@pytest.mark.parametrize("version", VERSIONS)
def test_po1_loop_has_every_entry_of_the_published_table_in_order(version: str) -> None:
    assert shape(_po1(version)) == PUBLISHED_PO1


@pytest.mark.parametrize("version", VERSIONS)
def test_positions_increase_inside_every_loop_of_the_po1_loop(version: str) -> None:
    assert_positions_increase(_po1(version))


def test_published_positions_of_the_line() -> None:
    """The positions the 004010 guides publish (set_850_detail docstring) are the map's."""
    po1 = _po1("004010")
    pos = {c.loop_id if isinstance(c, LoopDef) else c.tag: c.pos for c in po1.children}
    published = {"PO1": 10, "CTP": 40, "PID": 50, "PO4": 90, "REF": 100, "SAC": 130, "TAX": 170, "FOB": 180,
                 "SDQ": 190, "IT3": 200, "DTM": 210, "SCH": 295, "N1": 350}
    assert {k: pos[k] for k in published} == published
    n1 = next(c for c in po1.children if isinstance(c, LoopDef) and c.loop_id == "N1")
    assert [(c.tag, c.pos) for c in n1.children[2:4]] == [("N3", 370), ("N4", 380)]
