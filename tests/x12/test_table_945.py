"""The 945 Warehouse Shipping Advice table (004010 and 005010) as the X12 standard lays it out.

- A document that uses every segment and loop of the table (the W12 loop's bounded LS/LX/LE loop
  and FA1 loop included) is accepted by the gateway and by pyx12 on the same generated maps.
- Each segment added to the 945 map this round (W6, PAL, QTY, R4, LM/LQ, LS/LE, FA1/FA2) and each
  corrected one (W06, W27, W12) reports a wrong value with the AK403 code and data element number
  a 997 would carry, and a misplaced segment with its AK304 code.
- The standard's requirement changes: W27 is optional, the N1 loop is mandatory (both releases).
- The generated map holds every segment of the published table at its place (``TABLE_004010``,
  ``TABLE_005010``).
- 005010 (round 2): TD1 in the heading and the W12 loop's N1 loop (N1/N2/N3/N4/PER); a document
  using every segment and loop of the 005010 table is accepted by the gateway and by pyx12, and the
  same lines are refused at 004010 where that table has no place for them. W28 and W10 (heading
  140/150, both releases) with their wrong values and misplacement.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from gateway.x12.maps import LoopDef, SegmentDef
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import run_in, summary

VERSIONS = ("004010", "005010")

HEADER = [
    "W06*F*ORD123*20240203*SHIP123*AG1*PO123*MASTER1*001001*HM*AA*PB*00",
    "N1*SF*Warehouse One*9*123456789",
    "N2*Dock 4",
    "N3*1 Main St*Suite 2",
    "N4*Springfield*IL*62701*US",
    "PER*IC*Jane Doe*TE*5551234567",
    "N1*ST*Store 42*92*0042",
    "N9*BM*BOL123",
    "G61*IC*John Smith*TE*5559876543",
    "G62*11*20240203",
    "NTE*GEN*Left at dock 4",
    "W27*M*UPSN*UPS GROUND*PP*TL*ABCD*123456*CC*HM*AB",
    "W6*HM*AA",
    "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345",
    "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA",
    "G72*504*06*X1**1.25*10*EA",
    "LM*AG",
    "LQ*0*ABC",
]
LINE_1 = [
    "LX*1",
    "MAN*GM*00012345678901234567",
    "PAL*4*5*6*30",
    "N9*LI*1",
    "W12*CC*10*10*0*EA*012345678905*VN*ABC123*LOT1*100*G*L*110*N*L*012345678905*VN*ABC123*DM*Y*BP*XYZ-1",
    "G69*Blue widget",
    "N9*SE*SN0001",
    "G62*11*20240203",
    "QTY*01*10*EA",
    "MEA*PD*G*12.5*LB",
    "AMT*1*25.00",
    "R4*L*UN*USLAX*Los Angeles",
    "W27*M*UPSN",
    "N1*ST*Store 42*92*0042",
    "G72*504*06*X1",
    "LM*AG",
    "LQ*0*ABC",
    "LS*A",
    "LX*1",
    "N9*LI*1",
    "G62*11*20240203",
    "N1*MF*Maker Inc",
    "LM*AG",
    "LQ*0*DEF",
    "LE*A",
    "FA1*DZ",
    "FA2*AA*1234",
]
LINE_2 = ["LX*2", "W12*CC*5*5**EA**VN*XYZ"]
SUMMARY = ["W03*15*100*LB"]


def document(*, header: list[str] = HEADER, line_1: list[str] = LINE_1, line_2: list[str] = LINE_2) -> list[str]:
    """ST ... SE around the parts (SE01 counted)."""
    body = ["ST*945*0001", *header, *line_1, *line_2, *SUMMARY]
    return [*body, f"SE*{len(body) + 1}*0001"]


def changed(part: list[str], old: str, new: list[str]) -> list[str]:
    """``part`` with the (first) line ``old`` replaced by ``new`` (an empty list deletes it)."""
    at = part.index(old)
    return [*part[:at], *new, *part[at + 1 :]]


FULL = document()
USED = {line.split("*")[0] for line in FULL}


@pytest.mark.parametrize("version", VERSIONS)
def test_document_with_every_segment_and_loop_is_accepted(version: str) -> None:
    issues = run_in("945", FULL, version)
    assert issues == [], [i.message for i in issues]


def test_the_full_document_uses_every_segment_of_the_table() -> None:
    assert USED - {"ST", "SE"} == {tag for table in TABLE_004010.values() for tag, _ in table}


@pytest.mark.differential
@pytest.mark.parametrize("version", VERSIONS)
def test_pyx12_accepts_the_full_document_too(version: str, pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    mine = ours(version, "945", FULL)
    assert mine == (False, (), ())
    assert theirs(pyx12_dirs[version], version, "945", FULL, tmp_path) == mine


# (part, line, bad line, expected (segment, AK403, element position, data element))
BAD: list[tuple[str, str, str, tuple]] = [
    ("header", HEADER[0], "W06*F*ORD123*20240203*SHIP123*****XYZ1", ("W06", "5", 9, "152")),
    ("header", HEADER[0], "W06*F*ORD123*20240203*SHIP123***MASTER1", ("W06", "2", 8, "472")),
    ("header", HEADER[0], "W06*F*ORD123*20240203*SHIP123******ABC", ("W06", "5", 10, "891")),
    ("header", HEADER[11], "W27*M", ("W27", "2", 2, "140")),
    ("header", HEADER[11], "W27*M*UPSN********X", ("W27", "4", 10, "890")),
    ("header", HEADER[11], "W27*M*UPSN******C", ("W27", "4", 8, "368")),
    ("header", "W6*HM*AA", "W6*H", ("W6", "4", 1, "152")),
    ("header", "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345", "W28*CC", ("W28", "5", 1, "604")),
    ("header", "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345", "W28*C****123", ("W28", "5", 5, "466")),
    ("header", "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345", "W28*C*1200*G*L*2*DOCK4", ("W28", "2", 7, "309")),
    ("header", "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345", "W28*C*12X0*G*L", ("W28", "6", 2, "81")),
    ("header", "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA", "W10*1", ("W10", "4", 1, "400")),
    ("header", "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA", "W10*01*1000", ("W10", "5", 2, "406")),
    ("header", "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA", "W10*01*5*Y*S", ("W10", "4", 4, "225")),
    ("header", "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA", "W10*01*5*Y***3X", ("W10", "6", 6, "408")),
    ("header", "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA", "W10*01*5*Y****FA**F", ("W10", "4", 9, "355")),
    ("header", "LM*AG", "LM*AGX", ("LM", "5", 1, "559")),
    ("header", "LQ*0*ABC", "LQ*0", ("LQ", "2", 2, "1271")),
    ("line_1", "PAL*4*5*6*30", "PAL*4*X", ("PAL", "6", 2, "884")),
    ("line_1", LINE_1[4], "W12*CC*10*10**EA**VN*ABC123*************BP", ("W12", "2", 22, "234")),
    ("line_1", "QTY*01*10*EA", "QTY*01*1X", ("QTY", "6", 2, "380")),
    ("line_1", "R4*L*UN*USLAX*Los Angeles", "R4*LL", ("R4", "5", 1, "115")),
    ("line_1", "LS*A", "LS*ABCDEFG", ("LS", "5", 1, "447")),
    ("line_1", "LE*A", "LE", ("LE", "1", 1, "447")),
    ("line_1", "FA1*DZ", "FA1*D", ("FA1", "4", 1, "559")),
    ("line_1", "FA2*AA*1234", "FA2*AA", ("FA2", "1", 2, "1195")),
]


def _parts(later: bool) -> dict[str, list[str]]:
    """The parts of FULL, or (``later``) of FULL_5010."""
    if later:
        return {"header": HEADER_5010, "line_1": LINE_1_5010, "line_2": LINE_2}
    return {"header": HEADER, "line_1": LINE_1, "line_2": LINE_2}


def _with(part: str, old: str, new: list[str], later: bool = False) -> list[str]:
    """FULL (``later``: FULL_5010) with the line ``old`` of ``part`` replaced by ``new``."""
    parts = _parts(later)
    parts[part] = changed(parts[part], old, new)
    return document(**parts)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("part", "old", "bad", "expected"), BAD, ids=[b[2] for b in BAD])
def test_wrong_value_gets_its_ak403_code_and_data_element(
    part: str, old: str, bad: str, expected: tuple, version: str
) -> None:
    issues = run_in("945", _with(part, old, [bad]), version)
    assert summary(issues) == [expected], [i.message for i in issues]


# (part, lines to move (a block), line to put them after, expected [(segment, AK304)]): AK304 7 for a
# segment of this loop sent after a later one, 2 for one that belongs to another loop than here
MISPLACED: list[tuple[str, list[str], str, list[tuple[str, str]]]] = [
    ("header", ["W6*HM*AA"], "G72*504*06*X1**1.25*10*EA", [("W6", "7")]),
    ("header", ["W28*C*1200*G*L*2*DOCK4*WH*MBOL12345"], "G72*504*06*X1**1.25*10*EA", [("W28", "7")]),
    ("header", ["W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA"], "G72*504*06*X1**1.25*10*EA", [("W10", "7")]),
    ("line_1", ["PAL*4*5*6*30"], LINE_1[4], [("PAL", "7")]),
    ("line_1", ["QTY*01*10*EA"], "AMT*1*25.00", [("QTY", "7")]),
    ("line_1", ["R4*L*UN*USLAX*Los Angeles"], "G72*504*06*X1", [("R4", "7")]),
    # the W12 loop's LM loop after the bounded LS ... LE loop: LM out of order, LQ then has no LM
    ("line_1", ["LM*AG", "LQ*0*ABC"], "LE*A", [("LM", "7"), ("LQ", "2")]),
    # LE before LS: unexpected where it stands, and missing where the LS loop ends
    ("line_1", ["LE*A"], "N9*LI*1", [("LE", "2"), ("LE", "3")]),
    # the FA1 loop before W12 (in the LX loop, where it has no place)
    ("line_1", ["FA1*DZ", "FA2*AA*1234"], "N9*LI*1", [("FA1", "2"), ("FA2", "2")]),
]


def _moved(part: str, block: list[str], after: str, later: bool = False) -> list[str]:
    """FULL (``later``: FULL_5010) with the lines ``block`` of ``part`` moved to just after ``after``."""
    parts = _parts(later)
    lines = parts[part]
    at = lines.index(block[0])
    assert lines[at : at + len(block)] == block
    rest = lines[:at] + lines[at + len(block) :]
    to = rest.index(after) + 1
    parts[part] = [*rest[:to], *block, *rest[to:]]
    return document(**parts)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("part", "block", "after", "expected"), MISPLACED, ids=["+".join(m[1]) + "@" + m[2] for m in MISPLACED]
)
def test_misplaced_segment_is_reported_as_the_997_would(
    part: str, block: list[str], after: str, expected: list[tuple[str, str]], version: str
) -> None:
    issues = run_in("945", _moved(part, block, after), version)
    assert [(i.segment_id, i.code) for i in issues] == expected, [i.message for i in issues]


@pytest.mark.parametrize("version", VERSIONS)
def test_fa2_without_fa1_is_unexpected(version: str) -> None:
    issues = run_in("945", document(line_2=[*LINE_2, "FA2*AA*1234"]), version)
    assert [(i.segment_id, i.code) for i in issues] == [("FA2", "2")], [i.message for i in issues]


@pytest.mark.parametrize("version", VERSIONS)
def test_ls_without_le_misses_the_loop_trailer(version: str) -> None:
    issues = run_in("945", _with("line_1", "LE*A", []), version)
    assert [(i.segment_id, i.code) for i in issues] == [("LE", "3")], [i.message for i in issues]


@pytest.mark.parametrize("version", VERSIONS)
def test_w27_is_optional_and_the_n1_loop_mandatory(version: str) -> None:
    """Standard 945 (004010/005010): W27 at 130 is O; the N1 loop (0100) is M, repeat 10."""
    without_w27 = run_in("945", _with("header", HEADER[11], []), version)
    assert without_w27 == [], [i.message for i in without_w27]
    no_n1 = [line for line in HEADER if line.split("*")[0] not in {"N1", "N2", "N3", "N4", "PER"}]
    issues = run_in("945", document(header=no_n1), version)
    assert [(i.segment_id, i.code) for i in issues] == [("N1", "3")], [i.message for i in issues]
    eleven = HEADER[:1] + ["N1*ST*Store 42*92*0042"] * 11 + HEADER[7:]
    issues = run_in("945", document(header=eleven), version)
    assert [(i.segment_id, i.code) for i in issues] == [("N1", "4")], [i.message for i in issues]


# The 945 table as published: 004010 heading and detail from the "S945 (004010)" standard table of
# businessdocbox.com/Logistics/72755638 (positions 010-170 and 005-100, "Not Used" segments
# included) and doc.chinlinktech.com/x12/004010/transaction-set/945 (heading 010-140); the tail
# of the W12 loop (LS, LX, N9, G62, N1, LM, LQ, LE, FA1, FA2) from the bots 004010 945 grammar and
# apimeister/x12-types src/v004010/_945_doc.rs, positions assigned by the authors (110-200).
# W28 at 140 and W10 at 150 (max 10): the same two tables, chinlinktech 003050 945 and the bots grammars.
# (tag, position) in table order.
TABLE_004010: dict[str, list[tuple[str, int]]] = {
    "header": [
        ("W06", 20), ("N1", 40), ("N2", 50), ("N3", 60), ("N4", 70), ("PER", 80), ("N9", 90),
        ("G61", 100), ("G62", 110), ("NTE", 120), ("W27", 130), ("W6", 135), ("W28", 140),
        ("W10", 150), ("G72", 155), ("LM", 160), ("LQ", 170),
    ],
    "detail": [
        ("LX", 5), ("MAN", 10), ("PAL", 15), ("N9", 17), ("W12", 20), ("G69", 30), ("N9", 40),
        ("G62", 50), ("QTY", 55), ("MEA", 57), ("AMT", 60), ("R4", 70), ("W27", 75), ("N1", 80),
        ("G72", 85), ("LM", 90), ("LQ", 100), ("LS", 110), ("LX", 120), ("N9", 130), ("G62", 140),
        ("N1", 150), ("LM", 160), ("LQ", 170), ("LE", 180), ("FA1", 190), ("FA2", 200),
    ],
    "summary": [("W03", 10)],
}
NOT_YET: set[tuple[str, int]] = set()


def _flat(loop: LoopDef) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for child in loop.children:
        if isinstance(child, LoopDef):
            out += _flat(child)
        else:
            assert isinstance(child, SegmentDef)
            out.append((child.tag, child.pos))
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_every_segment_of_the_published_table_is_at_its_place(version: str) -> None:
    m = maps.get_map(version, "945")
    assert m is not None
    flat = _flat(m.root)
    assert flat[0] == ("ST", 5) and flat[-1][0] == "SE"
    table = TABLE_005010 if version == "005010" else TABLE_004010
    expected = table["header"] + table["detail"] + table["summary"]
    assert flat[1:-1] == expected
    assert not NOT_YET & set(flat)


# ---- 005010 -------------------------------------------------------------------------------------
# The 005010 945 table: the bots 005010 945 grammar (bots-edi/bots-grammars x12/5010/945005010.py)
# is the 004010 one with TD1 (O, max 5) after G72 in the heading and the W12 loop's N1 turned into
# a loop (repeat >1) of N1, N2, N3, N4, PER (max 1 each). The UPS 5010 945 guide on stedi.com shows
# the heading order W27 1300, W28 1400, G72 1550. Positions of TD1 (157) and N2..PER (081-084) are
# the authors'.
def _n1_loop_5010(table: list[tuple[str, int]]) -> list[tuple[str, int]]:
    at = table.index(("N1", 80)) + 1
    return [*table[:at], ("N2", 81), ("N3", 82), ("N4", 83), ("PER", 84), *table[at:]]


TABLE_005010: dict[str, list[tuple[str, int]]] = {
    "header": [*TABLE_004010["header"][:-2], ("TD1", 157), *TABLE_004010["header"][-2:]],
    "detail": _n1_loop_5010(TABLE_004010["detail"]),
    "summary": TABLE_004010["summary"],
}
TD1 = "TD1*CTN25*10****G*120*LB"
W12_N1_LOOP = ["N1*ST*Store 42*92*0042", "N2*Receiving", "N3*42 Market St", "N4*Dallas*TX*75201", "PER*RE*Ann Lee"]
HEADER_5010 = changed(HEADER, "G72*504*06*X1**1.25*10*EA", ["G72*504*06*X1**1.25*10*EA", TD1])
LINE_1_5010 = changed(LINE_1, "N1*ST*Store 42*92*0042", W12_N1_LOOP)
FULL_5010 = document(header=HEADER_5010, line_1=LINE_1_5010)


def test_the_005010_document_uses_every_segment_of_the_005010_table() -> None:
    used = {line.split("*")[0] for line in FULL_5010} - {"ST", "SE"}
    assert used == {tag for table in TABLE_005010.values() for tag, _ in table}


def test_document_with_every_005010_segment_and_loop_is_accepted_at_005010() -> None:
    issues = run_in("945", FULL_5010, "005010")
    assert issues == [], [i.message for i in issues]


@pytest.mark.differential
def test_pyx12_accepts_the_full_005010_document_too(pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    mine = ours("005010", "945", FULL_5010)
    assert mine == (False, (), ())
    assert theirs(pyx12_dirs["005010"], "005010", "945", FULL_5010, tmp_path) == mine


def test_005010_additions_have_no_place_in_the_004010_table() -> None:
    """At 004010 TD1 is no segment of the 945 (AK304 6); N2..PER after the W12 loop's N1 are unexpected (2)."""
    issues = run_in("945", FULL_5010, "004010")
    assert [(i.segment_id, i.code) for i in issues] == [
        ("TD1", "6"), ("N2", "2"), ("N3", "2"), ("N4", "2"), ("PER", "2")
    ], [i.message for i in issues]


@pytest.mark.differential
def test_pyx12_refuses_the_005010_additions_at_004010_too(pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    """Same segments refused at the same places; pyx12 answers AK304 1 for every segment it cannot place
    (tests/x12/test_differential.py NOT_FOUND), the gateway tells 6 and 2 apart."""
    rejected, ak3, ak4 = ours("004010", "945", FULL_5010)
    assert rejected and not ak4
    expected = (True, tuple(sorted((tag, pos, "1") for tag, pos, _ in ak3)), ())
    assert theirs(pyx12_dirs["004010"], "004010", "945", FULL_5010, tmp_path) == expected


def test_w2808_is_12_long_at_004010_and_25_at_005010() -> None:
    """Data element 598 (W2808) is AN 1/12 in 004010 and AN 1/25 in 005010."""
    long_bol = "W28*C*1200*G*L*2*DOCK4*WH*" + "B" * 20
    issues = run_in("945", _with("header", "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345", [long_bol]), "004010")
    assert summary(issues) == [("W28", "5", 8, "598")], [i.message for i in issues]
    header_5010 = _with("header", "W28*C*1200*G*L*2*DOCK4*WH*MBOL12345", [long_bol], later=True)
    assert run_in("945", header_5010, "005010") == []


# 005010 only: wrong values in TD1 and the W12 loop's N1 loop (part, line, bad line, expected)
BAD_5010: list[tuple[str, str, str, tuple]] = [
    ("header", TD1, "TD1*CTN25", ("TD1", "2", 2, "80")),
    ("header", TD1, "TD1*CTN25*10****G*120", ("TD1", "2", 8, "355")),
    ("line_1", "N2*Receiving", "N2", ("N2", "1", 1, "93")),
    ("line_1", "PER*RE*Ann Lee", "PER*REX", ("PER", "5", 1, "366")),
]


@pytest.mark.parametrize(("part", "old", "bad", "expected"), BAD_5010, ids=[b[2] for b in BAD_5010])
def test_005010_wrong_value_gets_its_ak403_code_and_data_element(
    part: str, old: str, bad: str, expected: tuple
) -> None:
    issues = run_in("945", _with(part, old, [bad], later=True), "005010")
    assert summary(issues) == [expected], [i.message for i in issues]


MISPLACED_5010: list[tuple[str, list[str], str, list[tuple[str, str]]]] = [
    # TD1 before G72: out of order in the heading
    ("header", [TD1], "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA", [("G72", "7")]),
    # N3 before its N1 in the W12 loop: no N1 loop open there
    ("line_1", ["N3*42 Market St"], "W27*M*UPSN", [("N3", "2")]),
    # a second N2 in the same N1 loop (max 1)
    ("line_1", ["N2*Receiving"], "N4*Dallas*TX*75201", [("N2", "7")]),
]


@pytest.mark.parametrize(
    ("part", "block", "after", "expected"), MISPLACED_5010, ids=["+".join(m[1]) + "@" + m[2] for m in MISPLACED_5010]
)
def test_005010_misplaced_segment_is_reported_as_the_997_would(
    part: str, block: list[str], after: str, expected: list[tuple[str, str]]
) -> None:
    issues = run_in("945", _moved(part, block, after, later=True), "005010")
    assert [(i.segment_id, i.code) for i in issues] == expected, [i.message for i in issues]


def test_w10_repeats_up_to_ten_times() -> None:
    w10 = "W10*01*5*Y*SEAL1234*SEAL5678*35*FA*40*FA"
    for version in VERSIONS:
        assert run_in("945", _with("header", w10, [w10] * 10), version) == []
        issues = run_in("945", _with("header", w10, [w10] * 11), version)
        assert [(i.segment_id, i.code) for i in issues] == [("W10", "5")], [i.message for i in issues]


def test_w12_n1_loop_repeats_beyond_the_004010_max_use_at_005010_only() -> None:
    """004010: N1 at W12 level is a segment, max 5; 005010: a loop with repeat >1."""
    six = ["N1*ST*Store 42*92*0042"] * 6
    at_4010 = run_in("945", _with("line_1", "N1*ST*Store 42*92*0042", six), "004010")
    assert [(i.segment_id, i.code) for i in at_4010] == [("N1", "5")], [i.message for i in at_4010]
    assert run_in("945", _with("line_1", "N1*ST*Store 42*92*0042", six, later=True), "005010") == []
