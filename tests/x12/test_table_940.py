"""The 940 Warehouse Shipping Order tables (004010 and 005010) as written in tools/x12maps/set_940.py.

- A document that uses every segment and loop of each version's table is accepted by the gateway
  with no issue, and by pyx12 on the same generated maps.
- Each segment added or corrected for the 940 (W66, W01, W20, W09, W6, R2, G66; round 2: BNX, LH6, W76's
  C0603, and AT9 in 005010) reports a wrong value with
  the AK403 code and data element number a 997 would carry, and a misplaced one as AK304 7.
- ``TABLE`` lists each version's table (loop path, segment id, position, requirement, max use) as
  the sources show it; the generated map must hold exactly that, in that order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import run_in, summary

VERSIONS = ("004010", "005010")
UNBOUNDED = 1073741824  # what the map compiler stores for ">1"

_HEADER = [
    "W05*N*ORD123*PO123*001001*MASTER1",
    "N1*ST*Store 42*92*0042",
    "N2*Receiving Dock 4",
    "N3*1 Main St*Building B",
    "N4*Springfield*IL*62701",
    "PER*RE*Jane Doe*TE*5551234567",
    "N9*PO*PO123",
    "G61*RE*John Smith*TE*5559876543",
    "G62*10*20240201",
    "NTE*WHI*Handle with care",
    "W09*RT*34*FA*40*FA*CONTROLLED ATMOSPHERE*A*80*2",
    "W66*PP*M*N*CB*UPS GROUND*OR*Springfield*C*1250*UPSN",
    "W6*HM*DD",
    "R2*UPSN*O*Chicago*123456*1*M***INV1*20240130*via Chicago*AA*CHI-SPR",
    "BNX*A**B*12345",
]
_LM = ["LM*AG", "LQ*0*ABC"]
_LX_START = [
    "LX*1",
    "MAN*GM*00012345678901234567",
    "SDQ*EA*92*0042*5",
    "N1*ST*Store 42*92*0042",
    "G62*02*20240205",
]
_W01 = [
    "W01*10*EA*012345678905*VN*ABC123*UP*012345678905*50*1*Z*123456*010005*LOT1*NW*SK*SKU1*AB",
    "G69*Blue widget",
    "N9*LI*1",
    "NTE*LIN*Fragile",
    "W20*12*1*EA*24*G*L*2*1.5*CF*BLUE",
    "QTY*38*10",
    "AMT*1*25.00",
    "G62*10*20240201",
]


def _doc(*parts: list[str]) -> list[str]:
    lines = ["ST*940*0001", *(line for part in parts for line in part)]
    return [*lines, f"SE*{len(lines) + 1}*0001"]


_HAZMAT = [
    "LH2*3*P*FLAMMABLE LIQUID*ENDORSE1*RQ*FA*73",
    "LHR*PO*PO123",
    "LH6*John Smith*1*THIS IS TO CERTIFY*THAT THE MATERIALS",
]
_W01_END = [
    *_LM,
    "LS*A",
    "LX*1",
    "N9*LI*1",
    "G62*10*20240201",
    "N1*ST*Store 42*92*0042",
    "SDQ*EA*92*0042*5",
    *_LM,
    "LH1*EA*2*UN1203*12*FLAMMABLE",
    "LH2*3",
    "LH3*GASOLINE*D",
    "LFH*TEC*ACETONE",
    "LEP*D001",
    "LH4*ERAP1*5551234567",
    "LHT*3",
    "LHR*PO*PO123",
    "PER*EM*Emergency Desk*TE*5559990000",
    "LE*A",
    "FA1*DE",
    "FA2*54*A1234",
]


def _full(later: bool) -> list[str]:
    """A document using every segment and loop of the 004010 table, or (``later``) of the 005010 one."""
    return _doc(
        _HEADER,
        ["TD3*TL", "AT9*5300*110*102*G*L*15000*E*3800"] if later else [],  # 005010: the TD3 loop
        _LM,
        _LX_START,
        ["N9*LI*1"] if later else [],  # 005010: N9 in the LX loop
        _W01,
        ["G66*PP*M*N*CB*UPS GROUND*OR*Springfield", "N1*BT*Bill To Inc*92*0099"],
        # 005010: the W01 loop's N1 is a loop with N2, N3 and N4
        ["N2*Accounts Payable", "N3*9 Pay St", "N4*Springfield*IL*62701"] if later else [],
        ["PER*IC*Bob*TE*5550001111"],
        _HAZMAT,
        _W01_END,
        ["W76*10*24*LB*1.5*CF"],
    )


FULL: dict[str, list[str]] = {"004010": _full(later=False), "005010": _full(later=True)}

# A small valid 940 to place single wrong segments in.
BASE = [
    "ST*940*0001",
    "W05*N*ORD123*PO123",
    "W66*PP*M",
    "LX*1",
    "W01*10*EA**VN*ABC123",
    "W76*10",
    "SE*7*0001",
]


def _with(replace: str | None = None, by: list[str] | None = None, after: str | None = None) -> list[str]:
    lines = list(BASE)
    if replace is not None:
        at = lines.index(replace)
        lines[at : at + 1] = by or []
    elif after is not None:
        at = lines.index(after) + 1
        lines[at:at] = by or []
    lines[-1] = f"SE*{len(lines)}*0001"
    return lines


@pytest.mark.parametrize("version", VERSIONS)
def test_document_with_every_segment_and_loop_is_accepted(version: str) -> None:
    issues = run_in("940", FULL[version], version)
    assert issues == [], [i.message for i in issues]


@pytest.mark.parametrize("version", VERSIONS)
def test_full_document_uses_every_segment_of_the_map(version: str) -> None:
    m = maps.get_map(version, "940")
    assert m is not None
    sent = {line.split("*")[0] for line in FULL[version]}
    assert m.segment_tags() == sent


@pytest.mark.differential
@pytest.mark.parametrize("version", VERSIONS)
def test_pyx12_accepts_the_full_document_too(
    version: str, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    mine = ours(version, "940", FULL[version])
    assert mine == (False, (), ())
    assert theirs(pyx12_dirs[version], version, "940", FULL[version], tmp_path) == mine


def _seg(tag: str, **at: str) -> str:
    """A segment from ``e<position>=value`` keywords (``_seg("W66", e1="PP", e2="M")`` is ``W66*PP*M``)."""
    values = {int(k[1:]): v for k, v in at.items()}
    return "*".join([tag, *(values.get(i, "") for i in range(1, max(values) + 1))])


W66 = {"e1": "PP", "e2": "M"}
W01 = {"e1": "10", "e2": "EA", "e4": "VN", "e5": "ABC123"}
R2 = {"e1": "UPSN", "e2": "O"}
_L_W66, _L_W01 = "W66*PP*M", "W01*10*EA**VN*ABC123"

# (id, line of BASE to replace, wrong line(s), expected issues as the 997 would carry them)
WRONG: list[tuple[str, str, list[str], list[tuple]]] = [
    # W66 (corrected layout): 146 91 399 400 387 433 434 625 610 140, P0809
    ("w6603-too-long", _L_W66, [_seg("W66", **W66, e3="NN")], [("W66", "5", 3, "399")]),
    (
        "w6606-fob-code-too-long",
        _L_W66,
        [_seg("W66", **W66, e5="MTEN", e6="43.00")],
        [("W66", "5", 6, "433")],
    ),
    ("w6607-too-long", _L_W66, [_seg("W66", **W66, e7="X" * 31)], [("W66", "5", 7, "434")]),
    ("w6608-without-w6609", _L_W66, [_seg("W66", **W66, e8="C")], [("W66", "2", 9, "610")]),
    ("w6608-too-long", _L_W66, [_seg("W66", **W66, e8="G033", e9="4300")], [("W66", "5", 8, "625")]),
    ("w6609-decimal-point", _L_W66, [_seg("W66", **W66, e8="C", e9="12.50")], [("W66", "6", 9, "610")]),
    ("w6610-scac-too-long", _L_W66, [_seg("W66", **W66, e10="UPSNX")], [("W66", "5", 10, "140")]),
    ("w6601-missing", _L_W66, ["W66**M"], [("W66", "1", 1, "146")]),
    ("w6604-too-short", _L_W66, [_seg("W66", **W66, e4="C")], [("W66", "4", 4, "400")]),
    ("w66-too-many-elements", _L_W66, [_seg("W66", **W66, e11="X")], [("W66", "3", 11, None)]),
    # W01: 330 355 438 235 234 235 234 59 121 23 22 416 451 286 235 234 560, R0304 P0405 P0607 P1011 P1516
    ("w0112-too-short", _L_W01, [_seg("W01", **W01, e12="12345")], [("W01", "4", 12, "416")]),
    ("w0112-not-numeric", _L_W01, [_seg("W01", **W01, e12="01000A")], [("W01", "6", 12, "416")]),
    ("w0113-too-long", _L_W01, [_seg("W01", **W01, e13="L" * 13)], [("W01", "5", 13, "451")]),
    ("w0114-too-short", _L_W01, [_seg("W01", **W01, e14="N")], [("W01", "4", 14, "286")]),
    ("w0110-without-w0111", _L_W01, [_seg("W01", **W01, e10="Z")], [("W01", "2", 11, "22")]),
    ("w0116-without-w0115", _L_W01, [_seg("W01", **W01, e16="SKU1")], [("W01", "2", 15, "235")]),
    ("w0103-and-w0104-missing", _L_W01, ["W01*10*EA"], [("W01", "2", 3, "438")]),
    ("w0117-too-long", _L_W01, [_seg("W01", **W01, e17="ABCDEFGHIJK")], [("W01", "5", 17, "560")]),
    ("w01-too-many-elements", _L_W01, [_seg("W01", **W01, e18="X")], [("W01", "3", 18, None)]),
    # W20: 356 357 355 81 187 188 (395) 183 355 (397), P0203 P040506 P0809
    (
        "w2004-without-w2005",
        _L_W01,
        [_L_W01, _seg("W20", e1="12", e4="24")],
        [("W20", "2", 5, "187"), ("W20", "2", 6, "188")],
    ),
    ("w2001-not-numeric", _L_W01, [_L_W01, _seg("W20", e1="1.5")], [("W20", "6", 1, "356")]),
    ("w2008-without-w2009", _L_W01, [_L_W01, _seg("W20", e8="1.5")], [("W20", "2", 9, "355")]),
    ("w2002-without-w2003", _L_W01, [_L_W01, _seg("W20", e2="1")], [("W20", "2", 3, "355")]),
    # W09: 40 408 355 408 355 3 (loose) (loose) 380, P0203 P0405
    ("w0902-without-w0903", _L_W66, ["W09*RT*34", _L_W66], [("W09", "2", 3, "355")]),
    ("w0902-too-long", _L_W66, ["W09*RT*12345*FA", _L_W66], [("W09", "5", 2, "408")]),
    ("w0906-too-long", _L_W66, ["W09*RT*****" + "X" * 61, _L_W66], [("W09", "5", 6, "3")]),
    ("w0901-missing", _L_W66, ["W09**34*FA", _L_W66], [("W09", "1", 1, "40")]),
    # G66: 146 91 399 400 387 433 434, all optional
    ("g6603-too-long", _L_W01, [_L_W01, "G66**M*NN"], [("G66", "5", 3, "399")]),
    ("g6606-too-long", _L_W01, [_L_W01, "G66*PP*M****MTEN"], [("G66", "5", 6, "433")]),
    ("g6607-too-long", _L_W01, [_L_W01, "G66*PP*M*****" + "X" * 31], [("G66", "5", 7, "434")]),
    ("g66-too-many-elements", _L_W01, [_L_W01, "G66*PP*M******X"], [("G66", "3", 8, None)]),
    # W6: 152 x4
    ("w601-missing", _L_W66, [_L_W66, "W6**HM"], [("W6", "1", 1, "152")]),
    ("w601-too-short", _L_W66, [_L_W66, "W6*H"], [("W6", "4", 1, "152")]),
    ("w6-too-many-elements", _L_W66, [_L_W66, "W6*HM*HM*HM*HM*HM"], [("W6", "3", 5, None)]),
    # R2: 140 133 19 154 177 91 296 296 76 373 369 56 (loose R213), C0807
    ("r201-too-long", _L_W66, [_L_W66, "R2*UPSNX*O"], [("R2", "5", 1, "140")]),
    ("r202-missing", _L_W66, [_L_W66, "R2*UPSN"], [("R2", "1", 2, "133")]),
    ("r208-without-r207", _L_W66, [_L_W66, _seg("R2", **R2, e8="BNSF")], [("R2", "2", 7, "296")]),
    ("r210-bad-date", _L_W66, [_L_W66, _seg("R2", **R2, e10="20240231")], [("R2", "8", 10, "373")]),
    ("r204-too-short", _L_W66, [_L_W66, _seg("R2", **R2, e4="12345")], [("R2", "4", 4, "154")]),
    ("r212-too-long", _L_W66, [_L_W66, _seg("R2", **R2, e12="ABC")], [("R2", "5", 12, "56")]),
    ("r2-too-many-elements", _L_W66, [_L_W66, _seg("R2", **R2, e14="X")], [("R2", "3", 14, None)]),
    # round 2: R213 742, W0907 1122, W0908 488 (formerly loose)
    ("r213-too-long", _L_W66, [_L_W66, _seg("R2", **R2, e13="X" * 36)], [("R2", "5", 13, "742")]),
    ("w0907-too-long", _L_W66, [_seg("W09", e1="RT", e7="AB"), _L_W66], [("W09", "5", 7, "1122")]),
    ("w0908-not-numeric", _L_W66, [_seg("W09", e1="RT", e8="8A"), _L_W66], [("W09", "6", 8, "488")]),
    ("w0908-too-long", _L_W66, [_seg("W09", e1="RT", e8="1000"), _L_W66], [("W09", "5", 8, "488")]),
    # BNX: 460 129 11 223, all optional
    ("bnx01-too-long", _L_W66, [_L_W66, "BNX*AB"], [("BNX", "5", 1, "460")]),
    ("bnx02-too-long", _L_W66, [_L_W66, "BNX**" + "P" * 14], [("BNX", "5", 2, "129")]),
    ("bnx03-too-long", _L_W66, [_L_W66, "BNX***BB"], [("BNX", "5", 3, "11")]),
    ("bnx04-too-short", _L_W66, [_L_W66, "BNX****1234"], [("BNX", "4", 4, "223")]),
    ("bnx04-not-numeric", _L_W66, [_L_W66, "BNX****1234A"], [("BNX", "6", 4, "223")]),
    ("bnx-too-many-elements", _L_W66, [_L_W66, "BNX*A**B*12345*X"], [("BNX", "3", 5, None)]),
    # LH6: 93 272 273 273, P0203
    ("lh602-without-lh603", _L_W01, [_L_W01, "LH6*John Smith*1"], [("LH6", "2", 3, "273")]),
    ("lh603-without-lh602", _L_W01, [_L_W01, "LH6*John Smith**CERTIFIED"], [("LH6", "2", 2, "272")]),
    ("lh601-too-long", _L_W01, [_L_W01, "LH6*" + "J" * 61], [("LH6", "5", 1, "93")]),
    ("lh602-too-long", _L_W01, [_L_W01, "LH6*John*12*CERTIFIED"], [("LH6", "5", 2, "272")]),
    ("lh603-too-long", _L_W01, [_L_W01, "LH6*John*1*" + "C" * 26], [("LH6", "5", 3, "273")]),
    ("lh604-too-long", _L_W01, [_L_W01, "LH6*John*1*CERTIFIED*" + "C" * 26], [("LH6", "5", 4, "273")]),
    ("lh6-too-many-elements", _L_W01, [_L_W01, "LH6*John*1*CERTIFIED*MORE*X"], [("LH6", "3", 5, None)]),
    # W76 C0603 (round 2): an order sizing factor needs the weight unit (and by P0203 the weight)
    ("w7606-without-w7603", "W76*10", ["W76*10*****1.5"], [("W76", "2", 3, "355")]),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("case", "line", "bad", "expected"), WRONG, ids=[w[0] for w in WRONG])
def test_wrong_value_gets_its_ak403_code(
    version: str, case: str, line: str, bad: list[str], expected: list
) -> None:
    issues = run_in("940", _with(replace=line, by=bad), version)
    assert summary(issues) == expected, [i.message for i in issues]


# (id, segment, anchor it is wrongly placed after, AK304): 7 = not in proper sequence (the segment
# belongs earlier at this level), 2 = unexpected (the segment is not defined where it was sent)
MISPLACED: list[tuple[str, str, str, str]] = [
    ("w66-after-lx", "W66*PP*M", "W01*10*EA**VN*ABC123", "7"),
    ("w6-in-detail", "W6*HM", "W01*10*EA**VN*ABC123", "7"),
    ("r2-in-detail", "R2*UPSN*O", "W01*10*EA**VN*ABC123", "7"),
    ("w05-after-w66", "W05*N*ORD124", "W66*PP*M", "7"),
    ("w09-after-w66", "W09*RT", "W66*PP*M", "7"),
    ("g66-in-lx-before-w01", "G66*PP*M", "LX*1", "2"),
    ("bnx-in-detail", "BNX*A", "W01*10*EA**VN*ABC123", "7"),
    ("lh6-in-lx-before-w01", "LH6*John Smith", "LX*1", "2"),
    ("lh6-in-header", "LH6*John Smith", "W66*PP*M", "2"),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("case", "seg", "anchor", "code"), MISPLACED, ids=[m[0] for m in MISPLACED])
def test_misplaced_segment_is_reported_as_the_997_would(
    version: str, case: str, seg: str, anchor: str, code: str
) -> None:
    issues = run_in("940", _with(after=anchor, by=[seg]), version)
    tag = seg.split("*")[0]
    assert [(i.segment_id, i.code) for i in issues if i.segment_id == tag] == [(tag, code)], [
        i.message for i in issues
    ]


# AT9 is in the 005010 table only (inside the TD3 loop): 567 65 189 187 188 81 184 183, P040506 P0708
AT9_WRONG: list[tuple[str, str, list[tuple]]] = [
    ("at904-without-at905-at906", "AT9*5300***G", [("AT9", "2", 5, "188"), ("AT9", "2", 6, "81")]),
    ("at907-without-at908", "AT9*5300******E", [("AT9", "2", 8, "183")]),
    ("at901-too-short", "AT9*530", [("AT9", "4", 1, "567")]),
    ("at902-not-numeric", "AT9**11O", [("AT9", "6", 2, "65")]),
    ("at906-too-long", "AT9****G*L*12345678901", [("AT9", "5", 6, "81")]),
    ("at9-too-many-elements", "AT9*5300********X", [("AT9", "3", 9, None)]),
]


@pytest.mark.parametrize(("case", "bad", "expected"), AT9_WRONG, ids=[w[0] for w in AT9_WRONG])
def test_wrong_at9_value_gets_its_ak403_code_in_005010(case: str, bad: str, expected: list) -> None:
    issues = run_in("940", _with(after="W66*PP*M", by=["TD3*TL", bad]), "005010")
    assert summary(issues) == expected, [i.message for i in issues]


def test_td3_loop_with_at9_is_accepted_in_005010_only() -> None:
    """bots 940005010 has the TD3 loop (TD3, AT9) after BNX; 940004010 has no TD3 at all, so at 004010
    TD3 is "not in the defined transaction set" (AK304 6) and AT9, in no 004010 map, unrecognised (1)."""
    lines = _with(after="W66*PP*M", by=["TD3*TL", "AT9*5300*110*102*G*L*15000*E*3800"])
    assert run_in("940", lines, "005010") == []
    old = run_in("940", lines, "004010")
    assert [(i.segment_id, i.code) for i in old] == [("TD3", "6"), ("AT9", "1")], [i.message for i in old]


def test_at9_without_td3_is_unexpected_in_005010() -> None:
    issues = run_in("940", _with(after="W66*PP*M", by=["AT9*5300"]), "005010")
    assert [(i.segment_id, i.code) for i in issues] == [("AT9", "2")], [i.message for i in issues]


def test_lh6_occurs_at_most_5_times() -> None:
    issues = run_in("940", _with(after="W01*10*EA**VN*ABC123", by=[f"LH6*Name {n}" for n in range(6)]))
    assert [(i.segment_id, i.code) for i in issues] == [("LH6", "5")], [i.message for i in issues]


def test_r2_before_w66_is_out_of_sequence() -> None:
    """R2 (153) may not come before W66 (140): W66 is then reported out of order (AK304 7)."""
    issues = run_in("940", _with(replace="W66*PP*M", by=["R2*UPSN*O", "W66*PP*M"]))
    assert [(i.segment_id, i.code) for i in issues] == [("W66", "7")], [i.message for i in issues]


def test_r2_occurs_at_most_13_times() -> None:
    issues = run_in("940", _with(after="W66*PP*M", by=[f"R2*UPS{n}*O" for n in "ABCDEFGHIJKLMN"]))
    assert [(i.segment_id, i.code) for i in issues] == [("R2", "5")], [i.message for i in issues]


def test_lx_without_w01_is_accepted_as_the_standard_marks_the_w01_loop_optional() -> None:
    issues = run_in("940", _with(replace="W01*10*EA**VN*ABC123", by=[]))
    assert issues == [], [i.message for i in issues]


def _w01_tail() -> list[tuple]:
    """The W01 loop after LHR: LM loop, LS/LE bounded loop, FA1 loop (bots 940004010; positions the authors')."""
    ls, lx, lh1 = "LX/W01/LS", "LX/W01/LS/LX", "LX/W01/LS/LX/LH1"
    return [
        ("LX/W01/LM", "LM", 120, True, 1),
        ("LX/W01/LM", "LQ", 130, True, 100),
        (ls, "LS", 140, True, 1),
        (lx, "LX", 150, True, 1),
        (lx, "N9", 160, False, UNBOUNDED),
        (lx, "G62", 170, False, 10),
        (lx, "N1", 180, False, 1),
        (lx, "SDQ", 190, False, UNBOUNDED),
        (lx + "/LM", "LM", 200, True, 1),
        (lx + "/LM", "LQ", 210, True, 100),
        (lh1, "LH1", 220, True, 1),
        (lh1, "LH2", 230, False, 4),
        (lh1, "LH3", 240, False, 10),
        (lh1, "LFH", 250, False, 20),
        (lh1, "LEP", 260, False, 3),
        (lh1, "LH4", 270, False, 1),
        (lh1, "LHT", 280, False, 3),
        (lh1, "LHR", 290, False, 5),
        (lh1, "PER", 300, False, 5),
        (ls, "LE", 310, True, 1),
        ("LX/W01/FA1", "FA1", 320, True, 1),
        ("LX/W01/FA1", "FA2", 330, True, UNBOUNDED),
    ]


def _sources_004010() -> list[tuple]:
    """The 004010 table (ST/SE left out). Sources: bots-edi/bots-grammars x12/4010/940004010.py (order,
    requirement, max use, repeats; BNX O 1 after R2, LH6 O 5 after LHR); scribd.com/document/710326505
    "S940 (004010)" (BNX at 156) and
    doc.chinlinktech.com x12/004010/transaction-set/940 (positions); kasoftware 00401 message 940 (N1
    loop). LM/LQ positions inside the W01 loop (120/130) are the authors' (not in the sources)."""
    n1 = [
        ("N1", "N1", 40, True, 1),
        ("N1", "N2", 50, False, 2),
        ("N1", "N3", 60, False, 2),
        ("N1", "N4", 70, False, 1),
        ("N1", "PER", 80, False, 5),
    ]
    return [
        ("", "W05", 20, True, 1),
        *n1,
        ("", "N9", 90, False, 10),
        ("", "G61", 100, False, 3),
        ("", "G62", 110, False, 10),
        ("", "NTE", 120, False, UNBOUNDED),
        ("", "W09", 130, False, 1),
        ("", "W66", 140, False, 1),
        ("", "W6", 150, False, 1),
        ("", "R2", 153, False, 13),
        ("", "BNX", 156, False, 1),
        ("LM", "LM", 160, True, 1),
        ("LM", "LQ", 170, True, 100),
        ("LX", "LX", 5, True, 1),
        ("LX", "MAN", 10, False, UNBOUNDED),
        ("LX", "SDQ", 15, False, UNBOUNDED),
        ("LX", "N1", 16, False, 1),
        ("LX", "G62", 17, False, 10),
        ("LX/W01", "W01", 20, True, 1),
        ("LX/W01", "G69", 30, False, 5),
        ("LX/W01", "N9", 40, False, 200),
        ("LX/W01", "NTE", 45, False, UNBOUNDED),
        ("LX/W01", "W20", 50, False, 3),
        ("LX/W01", "QTY", 70, False, 10),
        ("LX/W01", "AMT", 80, False, 1),
        ("LX/W01", "G62", 90, False, 10),
        ("LX/W01", "G66", 100, False, 1),
        ("LX/W01", "N1", 110, False, 3),
        ("LX/W01", "PER", 112, False, 5),
        ("LX/W01", "LH2", 114, False, 6),
        ("LX/W01", "LHR", 116, False, 1),
        ("LX/W01", "LH6", 118, False, 5),
        *_w01_tail(),
        ("", "W76", 10, False, 1),
    ]


def _sources_005010() -> list[tuple]:
    """The 005010 table: bots-edi/bots-grammars x12/5010/940005010.py (W6 max 5, TD3 loop O 1 holding AT9
    O 1, N9 in the LX loop, AMT >1, N1 loop in the W01 loop); positions of the 005010-only entries (and of
    LH6, 118) are the authors'."""
    rows = _sources_004010()
    out: list[tuple] = []
    for row in rows:
        if row[1] == "W6":
            out.append(("", "W6", 150, False, 5))
        elif row[:2] == ("LX/W01", "AMT"):
            out.append(("LX/W01", "AMT", 80, False, UNBOUNDED))
        elif row[:2] == ("LX/W01", "N1"):
            out += [
                ("LX/W01/N1", "N1", 110, True, 1),
                ("LX/W01/N1", "N2", 111, False, 1),
                ("LX/W01/N1", "N3", 112, False, 1),
                ("LX/W01/N1", "N4", 113, False, 1),
                ("LX/W01/N1", "PER", 114, False, 5),
            ]
        elif row[:2] == ("LX/W01", "PER"):
            continue
        elif row[:2] == ("LX/W01", "LH2"):
            out.append(("LX/W01", "LH2", 115, False, 6))
        else:
            out.append(row)
        if row[1] == "BNX":
            out += [("TD3", "TD3", 157, True, 1), ("TD3", "AT9", 158, False, 1)]
        if row[:2] == ("LX", "G62"):
            out.append(("LX", "N9", 18, False, UNBOUNDED))
    return out


TABLE = {"004010": _sources_004010(), "005010": _sources_005010()}
LOOP_REPEAT = {
    "004010": {
        "N1": (False, 10),
        "LM": (False, 10),
        "LX": (False, UNBOUNDED),
        "LX/W01": (False, UNBOUNDED),
        "LX/W01/LM": (False, 10),
        "LX/W01/LS": (False, 1),
        "LX/W01/LS/LX": (True, UNBOUNDED),
        "LX/W01/LS/LX/LM": (False, 10),
        "LX/W01/LS/LX/LH1": (False, UNBOUNDED),
        "LX/W01/FA1": (False, UNBOUNDED),
    },
}
LOOP_REPEAT["005010"] = {**LOOP_REPEAT["004010"], "TD3": (False, 1), "LX/W01/N1": (False, UNBOUNDED)}


def _flatten(loop: maps.LoopDef, path: str, rows: list[tuple], loops: dict[str, tuple]) -> None:
    for child in loop.children:
        if isinstance(child, maps.LoopDef):
            sub = f"{path}/{child.loop_id}".lstrip("/")
            loops[sub] = (child.required, child.max_repeat)
            _flatten(child, sub, rows, loops)
        elif child.tag not in ("ST", "SE"):
            rows.append((path, child.tag, child.pos, child.required, child.max_use))


@pytest.mark.parametrize("version", VERSIONS)
def test_generated_map_holds_the_published_table(version: str) -> None:
    m = maps.get_map(version, "940")
    assert m is not None
    rows: list[tuple] = []
    loops: dict[str, tuple] = {}
    _flatten(m.root, "", rows, loops)
    assert rows == TABLE[version]
    assert loops == LOOP_REPEAT[version]
