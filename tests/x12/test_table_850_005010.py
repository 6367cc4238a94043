"""The 850 Purchase Order at 005010 (issue #2): the 005010 standard table, header, detail and summary.

- ``FULL`` uses every segment and loop of the 005010 table at least once (realistic values); the
  gateway accepts it with no issue and pyx12 accepts it too on the same generated maps.
- The segments 005010 brings to the 850 (IN2, EFI; MTX with six elements in place of MSG) report a
  wrong value with the AK403 code and data element number of the 997; misplaced ones come back
  with the AK304 code the 997 would carry (7 out of sequence, 2 not in the 005010 set).
- ``TABLE`` is the whole 005010 standard table (source in the comment above it); the generated map
  must hold exactly its entries, in its order, with its requirement, max use and loop repeats.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from gateway.x12.maps import UNBOUNDED, LoopDef
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import run_in, summary, valid

V = "005010"

_HEADER = [
    "ST*850*0001",
    "BEG*00*SA*PO123**20240131",
    "CUR*BY*USD",
    "REF*DP*042",
    "PER*BD*Jane Buyer*TE*5551234567",
    "TAX*123456789*SP*IL",
    "FOB*PP",
    "CTP**RES*12.50",
    "PAM*QQ*5*EA*1*100",
    "CSH*Y",
    "TC2*A*GROCERIES",
    "SAC*C*D240***1500",  # [SAC
    "CUR*BY*USD",  # SAC]
    "ITD*01*3*2**10**30",
    "DIS*TRU*AM*5*CA*10*100",
    "INC*01*MO*3*12*500",
    "DTM*002*20240215",
    "LIN**VN*ABC123",
    "SI*VI*TQ*123",
    "PID*F****Blue widget",
    "MEA*PD*WT*10*LB",
    "PWK*PD*EL",
    "PKG*F*68***Shrink wrap",
    "TD1*CTN25*2",
    "TD5*O*2*UPSN*M*UPS GROUND",
    "TD5*A*2*FDEG*M*FEDEX GROUND",  # TD5 max use >1 in 005010 (12 in 004010)
    "TD3*TL**TRL123",
    "TD4*ZZZ",
    "MAN*GM*00012345678901234567",
    "PCT*BP*5",
    "CTB*OR*Minimum order",
    "TXI*ST*12.50",
    "LDT*AE*5*DA",  # [LDT (a loop after TXI in 005010)
    "QTY*OR*5*EA",
    "MTX**Lead time applies to the first shipment",
    "REF*PO*L1",  # LDT]
    "AMT*1*100.00",  # [AMT
    "REF*AB*123",
    "DTM*007*20240201",
    "PCT*BP*5",
    "FA1*DN*D240*C",  # [FA1
    "FA2*58*1234",  # FA1] AMT]
    "N9*L1*NOTES",  # [N9
    "DTM*002*20240215",
    "MTX**Handle with care",
    "PWK*PD*EL",
    "EFI*05*Drawing attached*01*2.1*CADPROG*3*DXF*1*ZIP*AA*DRAWING1.DXF*FB*80*8000*1*DXF",  # N9]
    "N1*ST*Store 42*92*0042",  # [N1
    "N2*Receiving dock",
    "IN2*02*Jane",
    "N3*1 Main St",
    "N4*Springfield*IL*62701*US",
    "NX2*01*1 Main St",
    "REF*DP*042",
    "PER*RE*John Doe*TE*5551234567",
    "SI*VI*TQ*123",
    "FOB*PP",
    "TD1*CTN25*2",
    "TD5*O*2*UPSN",
    "TD3*TL**TRL123",
    "TD4*ZZZ",
    "PKG*F*68***Shrink wrap",  # N1]
    "LM*AG",  # [LM
    "LQ*0*ABC",  # LM]
    "SPI*00*PR*SPEC1*Spec title",  # [SPI
    "REF*AB*123",
    "DTM*007*20240201",
    "MTX**Spec message",
    "N1*BY*Buyer Inc*92*BUY1",  # [N1
    "N2*Purchasing",
    "N3*2 Main St",
    "N4*Springfield*IL*62701",
    "REF*DP*042",
    "G61*BD*Jane Buyer*TE*5551234567",
    "MTX**Contact message",  # N1]
    "CB1*01*A",  # [CB1
    "REF*CT*C123",
    "DTM*007*20240201",
    "LDT*AE*5*DA",
    "MTX**Cost message",  # CB1] SPI]
    "ADV*ZZ*AB*1*10*CAT*CD*5",  # [ADV
    "DTM*007*20240201",
    "MTX*GEN*Advertising text**AA*2*EN",  # ADV] (MTX05/MTX06 exist from 004020 on)
]

_LINE = [
    "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905",  # [PO1
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
    "MTX**HANDLE WITH CARE",
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
    "MTX**LEAD TIME NOTE",
    "REF*PO*X2",
    "LM*AG",  # [LM
    "LQ*0*ABC",  # LM] LDT]
    "LE*LDT",
    "N9*PO*PO123",  # [N9
    "DTM*002*20240215",
    "MEA*PD*WT*1*LB",
    "MTX**N9 NOTE",
    "PWK*CT*EL",
    "EFI*05",  # N9]
    "N1*ST*Store 42*92*0042",  # [N1
    "N2*Receiving Dock",
    "IN2*05*Doe",
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
    "MTX**N1 LEAD TIME NOTE",
    "REF*PO*X3",  # LDT] N1]
    "SLN*1**I*5*EA*2.50*PE",  # [SLN
    "MTX**SUBLINE NOTE",
    "SI*VI*ZZ*SLNCHAR",
    "PID*F****Blue part",
    "PO3*QT**PRP*2.25*PE*50*EA",
    "MEA*PD*WT*0.5*LB",
    "TC2*A*HARDWARE",
    "ADV*ZZ*AB",
    "DTM*002*20240215",
    "CTP**RES*3.00",
    "PAM*QQ*5*EA*1*100",
    "PO4*12*1*EA",
    "TAX*EX999",
    "N9*PO*PO124",  # [N9
    "DTM*002*20240215",
    "MTX**SLN N9 NOTE",  # N9]
    "SAC*A*C310***150",  # [SAC
    "CUR*BY*USD",
    "CTP**RES*3.00",  # SAC]
    "QTY*OR*5*EA",  # [QTY
    "SI*VI*ZZ*SLNQTY",  # QTY]
    "N1*ST*Store 43*92*0043",  # [N1
    "N2*Back Dock",
    "IN2*02*John",
    "N3*2 Main St",
    "N4*Springfield*IL*62701*US",
    "NX2*01*Main St",
    "REF*DP*043",
    "PER*BD*Joe Buyer*TE*5551234568",
    "SI*VI*ZZ*SLNN1",  # N1] SLN]
    "AMT*1*25.00",  # [AMT
    "REF*PO*X4",
    "REF*PD*X5",  # AMT REF max use >1 in 005010 (1 in 004010)
    "PCT*AP*2.5",  # AMT]
    "LM*AG",  # [LM
    "LQ*0*DEF",  # LM] PO1]
    "PO1*2*4*CA*10**VN*XYZ",
    "DTM*002*20240220",
]
_SUMMARY = ["CTT*2", "AMT*TT*45.00"]


def _doc(header: list[str] = _HEADER, line: list[str] = _LINE) -> list[str]:
    body = [*header, *line, *_SUMMARY]
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
    """samples_005010_850.BODY (N9/MTX) is valid at 005010; at 004010 its MTX is not in the N9 loop."""
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
U = UNBOUNDED
_N1_HEADER = ("N1", False, 200, [
    ("N1", True, 1), ("N2", False, 2), ("IN2", False, U), ("N3", False, 2), ("N4", False, U), ("NX2", False, U),
    ("REF", False, 12), ("PER", False, U), ("SI", False, U), ("FOB", False, 1), ("TD1", False, 2),
    ("TD5", False, 12), ("TD3", False, 12), ("TD4", False, 5), ("PKG", False, 200),
])
_SPI = ("SPI", False, U, [
    ("SPI", True, 1), ("REF", False, 5), ("DTM", False, 5), ("MTX", False, U),
    ("N1", False, 20, [("N1", True, 1), ("N2", False, 2), ("N3", False, 2), ("N4", False, 1), ("REF", False, 20),
                       ("G61", False, 1), ("MTX", False, U)]),
    ("CB1", False, U, [("CB1", True, 1), ("REF", False, 20), ("DTM", False, 5), ("LDT", False, 1),
                       ("MTX", False, U)]),
])
_N1_LINE = ("N1", False, 200, [
    ("N1", True, 1), ("N2", False, 2), ("IN2", False, U), ("N3", False, 2), ("N4", False, 1), ("QTY", False, U),
    ("NX2", False, U), ("REF", False, 12), ("PER", False, 3), ("SI", False, U), ("DTM", False, 1),
    ("FOB", False, 1), ("SCH", False, 200), ("TD1", False, 2), ("TD5", False, 12), ("TD3", False, 12),
    ("TD4", False, 5), ("PKG", False, 200),
    ("LDT", False, U, [("LDT", True, 1), ("MAN", False, 10), ("QTY", False, 5), ("MTX", False, U),
                       ("REF", False, 3)]),
])
_SLN = ("SLN", False, 1000, [
    ("SLN", True, 1), ("MTX", False, U), ("SI", False, U), ("PID", False, 1000), ("PO3", False, 104),
    ("MEA", False, U), ("TC2", False, U), ("ADV", False, U), ("DTM", False, 10), ("CTP", False, 25),
    ("PAM", False, 10), ("PO4", False, 1), ("TAX", False, 3),
    ("N9", False, U, [("N9", True, 1), ("DTM", False, U), ("MTX", False, U)]),
    ("SAC", False, 25, [("SAC", True, 1), ("CUR", False, 1), ("CTP", False, 1)]),
    ("QTY", False, U, [("QTY", True, 1), ("SI", False, U)]),
    ("N1", False, 10, [("N1", True, 1), ("N2", False, 2), ("IN2", False, U), ("N3", False, 2), ("N4", False, 1),
                       ("NX2", False, U), ("REF", False, 12), ("PER", False, 3), ("SI", False, U)]),
])
_PO1 = ("PO1", True, 100000, [
    ("PO1", True, 1), ("LIN", False, U), ("SI", False, U), ("CUR", False, 1), ("CN1", False, 1), ("PO3", False, 25),
    ("CTP", False, U, [("CTP", True, 1), ("CUR", False, 1)]),
    ("PAM", False, 10), ("MEA", False, 40),
    ("PID", False, 1000, [("PID", True, 1), ("MEA", False, 10)]),
    ("PWK", False, 25), ("PO4", False, U), ("REF", False, U), ("PER", False, 3),
    ("SAC", False, 25, [("SAC", True, 1), ("CUR", False, 1), ("CTP", False, 1)]),
    ("IT8", False, 1), ("CSH", False, U), ("ITD", False, 2), ("DIS", False, 20), ("INC", False, 1),
    ("TAX", False, U), ("FOB", False, U), ("SDQ", False, 500), ("IT3", False, 5), ("DTM", False, 10),
    ("TC2", False, U), ("TD1", False, 1), ("TD5", False, 12), ("TD3", False, 12), ("TD4", False, 5),
    ("PCT", False, U), ("MAN", False, 10), ("MTX", False, U), ("SPI", False, U), ("TXI", False, U),
    ("CTB", False, U),
    ("QTY", False, U, [("QTY", True, 1), ("SI", False, U)]),
    ("SCH", False, 200, [("SCH", True, 1), ("TD1", False, 2), ("TD5", False, 12), ("TD3", False, 12),
                         ("TD4", False, 5), ("REF", False, U)]),
    ("PKG", False, 200, [("PKG", True, 1), ("MEA", False, U)]),
    ("LS", False, 1),
    ("LDT", False, U, [("LDT", True, 1), ("QTY", False, U), ("MTX", False, U), ("REF", False, 3),
                       ("LM", False, U, [("LM", True, 1), ("LQ", True, U)])]),
    ("LE", False, 1),
    ("N9", False, 1000, [("N9", True, 1), ("DTM", False, U), ("MEA", False, 40), ("MTX", False, U),
                         ("PWK", False, U), ("EFI", False, U)]),
    _N1_LINE,
    _SLN,
    ("AMT", False, U, [("AMT", True, 1), ("REF", False, U), ("PCT", False, U)]),
    ("LM", False, U, [("LM", True, 1), ("LQ", True, U)]),
])
TABLE = [
    ("ST", True, 1),
    ("BEG", True, 1), ("CUR", False, 1), ("REF", False, U), ("PER", False, 3), ("TAX", False, U),
    ("FOB", False, U), ("CTP", False, U), ("PAM", False, 10), ("CSH", False, 5), ("TC2", False, U),
    ("SAC", False, 25, [("SAC", True, 1), ("CUR", False, 1)]),
    ("ITD", False, U), ("DIS", False, 20), ("INC", False, 1), ("DTM", False, 10), ("LIN", False, 5),
    ("SI", False, U), ("PID", False, 200), ("MEA", False, 40), ("PWK", False, 25), ("PKG", False, 200),
    ("TD1", False, 2), ("TD5", False, U), ("TD3", False, 12), ("TD4", False, 5), ("MAN", False, 10),
    ("PCT", False, U), ("CTB", False, 5), ("TXI", False, U),
    ("LDT", False, U, [("LDT", True, 1), ("QTY", False, U), ("MTX", False, U), ("REF", False, U)]),
    ("AMT", False, U, [("AMT", True, 1), ("REF", False, U), ("DTM", False, 1), ("PCT", False, U),
                       ("FA1", False, U, [("FA1", True, 1), ("FA2", True, U)])]),
    ("N9", False, 1000, [("N9", True, 1), ("DTM", False, U), ("MTX", False, U), ("PWK", False, U),
                         ("EFI", False, U)]),
    _N1_HEADER,
    ("LM", False, U, [("LM", True, 1), ("LQ", True, U)]),
    _SPI,
    ("ADV", False, U, [("ADV", True, 1), ("DTM", False, U), ("MTX", False, U)]),
    _PO1,
    ("CTT", False, 1, [("CTT", True, 1), ("AMT", False, 1)]),
    ("SE", True, 1),
]


def _shape(node) -> tuple:
    if isinstance(node, LoopDef):
        return (node.loop_id, node.required, node.max_repeat, [_shape(c) for c in node.children])
    return (node.tag, node.required, node.max_use)


def _root() -> LoopDef:
    m = maps.get_map(V, "850")
    assert m is not None
    return m.root


def test_the_map_holds_the_whole_005010_table_in_order() -> None:
    assert [_shape(c) for c in _root().children] == TABLE


def test_positions_increase_inside_every_loop() -> None:
    """Inside every loop (the set's own level restarts at 010 for the detail and summary tables)."""

    def check(loop: LoopDef) -> None:
        pos = [c.pos for c in loop.children]
        assert pos == sorted(pos) and len(set(pos)) == len(pos), (loop.loop_id, pos)
        for c in loop.children:
            if isinstance(c, LoopDef):
                check(c)

    for child in _root().children:
        if isinstance(child, LoopDef):
            check(child)


# the full document through pyx12 with the same generated maps (tests/x12/test_differential.py)
@pytest.fixture(scope="module")
def pyx12_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    pytest.importorskip("pyx12")
    from tests.x12.pyx12_maps import build_map_dirs

    return build_map_dirs(tmp_path_factory.mktemp("pyx12maps_850_5010"), (V,))


@pytest.mark.differential
def test_pyx12_accepts_the_full_005010_document_too(pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    expected = (False, (), ())
    assert ours(V, "850", FULL) == expected
    assert theirs(pyx12_dirs[V], V, "850", FULL, tmp_path) == expected
