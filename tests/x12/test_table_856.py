"""The whole 856 Ship Notice/Manifest table (issue #2), 004010 and 005010.

- ``FULL``: one valid ship notice that uses every segment and every loop of the table at least once
  (the shipment HL carries the whole HL-loop table, then the order/pack/item levels of the usual
  pick-and-pack structure). The gateway accepts it without an issue, and pyx12 accepts it on the
  same generated maps.
- ``BAD``: one wrong value in each segment added to the table (and in the corrected CLD), reported
  with the AK403 code and data element number the 997 would carry.
- ``MISPLACED``: added segments out of their table order, reported as AK304 7 (not in proper
  sequence).
- ``TABLE``: the standard 004010 table as published (005010: tests/x12/test_table_856_005010.py) (segment ids, order, loops, requirement, max use,
  loop repeat; sources in tools/x12maps/set_856.py), compared entry by entry with the generated map.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import run_in, summary

VERSIONS = ("004010", "005010")

# The shipment level uses the whole HL-loop table, in table order.
SHIPMENT = [
    "HL*1**S*1",
    "LIN**UP*012345678905",
    "SN1**10*EA",
    "SLN*1**I*10*EA",
    "PRF*PO123",
    "PO4*12*1*EA",
    "PID*F****Blue widget",
    "MEA*PD*WT*28*LB",
    "PWK*PL*EL",
    "PKG*F****Shrink wrapped",
    "TD1*CTN25*2****G*28*LB",
    "TD5*B*2*UPSN*M",
    "TD3*TL**TRL123",
    "TD4*HM",
    "TSD*1*A1",
    "REF*BM*BOL123",
    "PER*IC*Jane Shipper*TE*5551234567",
    # LH1 loop
    "LH1*EA*2*UN1203*12*FLAMMABLE",
    "LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100",
    "LH3*GASOLINE*D*NOS*N",
    "LFH*TEC*BENZENE",
    "LEP*D001*IGNITABLE WASTE*IL*EPA123",
    "LH4*ERAP12345*5551234567*II",
    "LHT*3*FLAMMABLE LIQUID*RESIDUE",
    "LHR*DO*HAZ123*20240131",
    "PER*EM*Emergency Desk*TE*8005551212",
    "LHE*GASOLINE*FLAMMABLE LIQUID*BM*BOL123",
    # CLD loop
    "CLD*1*10*CTN25*24*EA",
    "REF*LS*00012345678901234567",
    "DTP*011*D8*20240131",
    "MAN*GM*00012345678901234567",
    "DTM*011*20240131",
    "FOB*PP",
    "PAL*4*5*6*10*12.5*LB",
    # N1 loop
    "N1*ST*Store 42*92*0042",
    "N2*Receiving Dept",
    "N3*1 Main St",
    "N4*Springfield*IL*62701*US",
    "REF*DP*042",
    "PER*RE*Dock Manager*TE*5559876543",
    "FOB*PP",
    "SDQ*EA*92*0042*5",
    "ETD*ZZ*A",
    "CUR*SE*USD",
    # SAC loop
    "SAC*C*D240***1500",
    "CUR*SE*USD",
    "GF*CT*CON123",
    "YNQ*RZ*Y",
    # LM loop
    "LM*DF",
    "LQ*0*ABC",
    # V1 loop
    "V1*9123456*MAERSK EVEREST*US*V123",
    "R4*L*UN*USNYC*NEW YORK",
    "DTM*140*20240201",
]
HEAD = ["ST*856*0001", "BSN*00*SHIP123*20240131*1200*0001", "DTM*011*20240131"]
LEVELS = [
    "HL*2*1*O*1",
    "PRF*PO123",
    "HL*3*2*P*1",
    "MAN*GM*00012345678901234567",
    "HL*4*3*I*0",
    "LIN**UP*012345678905*VN*ABC123",
    "SN1**10*EA",
    "CTT*4",
]


def _doc(shipment: list[str]) -> list[str]:
    lines = HEAD + shipment + LEVELS
    return [*lines, f"SE*{len(lines) + 1}*0001"]


FULL = _doc(SHIPMENT)


def _with(line: str, new: str, shipment: list[str] = SHIPMENT) -> list[str]:
    """The document of ``shipment`` (FULL's by default) with its first ``line`` replaced by ``new``."""
    lines = list(shipment)
    lines[lines.index(line)] = new
    return _doc(lines)


def _moved(line: str, after: str, shipment: list[str] = SHIPMENT) -> list[str]:
    """The document of ``shipment`` (FULL's by default) with ``line`` moved to just after ``after``."""
    lines = list(shipment)
    lines.remove(line)
    lines.insert(lines.index(after) + 1, line)
    return _doc(lines)


def _without(*tags: str) -> list[str]:
    """The shipment level without the segments whose ids are given (first occurrence each)."""
    lines = list(SHIPMENT)
    for tag in tags:
        lines.remove(next(line for line in lines if line.split("*")[0] == tag))
    return _doc(lines)


@pytest.mark.parametrize("version", VERSIONS)
def test_full_856_with_every_segment_and_loop_is_accepted(version: str) -> None:
    issues = run_in("856", FULL, version)
    assert issues == [], [i.message for i in issues]


def test_full_856_uses_every_segment_of_the_table() -> None:
    used = {line.split("*")[0] for line in FULL}
    assert maps.get_map("004010", "856").segment_tags() <= used


# (line replaced in the shipment level, bad line, expected (segment, AK403, element position, data element))
BAD: list[tuple[str, str, tuple]] = [
    ("PWK*PL*EL", "PWK*P", ("PWK", "4", 1, "755")),
    ("PWK*PL*EL", "PWK*PL*EL***92", ("PWK", "2", 6, "67")),
    ("TSD*1*A1", "TSD*1*ABCD", ("TSD", "5", 2, "219")),
    ("TSD*1*A1", "TSD*1*A1*X", ("TSD", "3", 3, None)),
    ("LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100", "LH2*3*D*FLAMMABLE", ("LH2", "4", 3, "218")),
    (
        "LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100",
        "LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA",
        ("LH2", "2", 7, "408"),
    ),
    ("LH3*GASOLINE*D*NOS*N", "LH3*GASOLINE", ("LH3", "2", 2, "984")),
    ("LFH*TEC*BENZENE", "LFH*TEC", ("LFH", "1", 2, "809")),
    ("LEP*D001*IGNITABLE WASTE*IL*EPA123", "LEP*D001*IGNITABLE", ("LEP", "4", 2, "807")),
    ("LH4*ERAP12345*5551234567*II", "LH4*ERAP12345*5551234567*II*****5", ("LH4", "2", 12, "355")),
    ("LHT*3*FLAMMABLE LIQUID*RESIDUE", "LHT*3*FLAMMABLE LIQUID*DOT", ("LHT", "4", 3, "222")),
    ("LHR*DO*HAZ123*20240131", "LHR*DO", ("LHR", "1", 2, "127")),
    ("LHR*DO*HAZ123*20240131", "LHR*DO*HAZ123*20240231", ("LHR", "8", 3, "373")),
    (
        "LHE*GASOLINE*FLAMMABLE LIQUID*BM*BOL123",
        "LHE*GASOLINE*FLAMMABLE LIQUID*BM*BOL123*RQX",
        ("LHE", "5", 5, "759"),
    ),
    ("CLD*1*10*CTN25*24*EA", "CLD*1*10*CTN25**EA", ("CLD", "2", 4, "357")),
    ("DTP*011*D8*20240131", "DTP*011*D8", ("DTP", "1", 3, "1251")),
    ("PAL*4*5*6*10*12.5*LB", "PAL*4*5X", ("PAL", "6", 2, "884")),
    ("ETD*ZZ*A", "ETD*ZZ", ("ETD", "1", 2, "627")),
    ("GF*CT*CON123", "GF*CT*CON123**1O0", ("GF", "6", 4, "782")),
    ("V1*9123456*MAERSK EVEREST*US*V123", "V1***US*V123", ("V1", "2", 1, "597")),
    ("V1*9123456*MAERSK EVEREST*US*V123", "V1**MAERSK EVEREST*US*V123****L", ("V1", "2", 1, "597")),
    ("R4*L*UN*USNYC*NEW YORK", "R4*LL*UN*USNYC", ("R4", "5", 1, "115")),
    ("R4*L*UN*USNYC*NEW YORK", "R4*L*UN**NEW YORK", ("R4", "2", 3, "310")),
    ("GF*CT*CON123", "GF*CT", ("GF", "2", 2, "127")),
    ("ETD*ZZ*A", "ETD*ZZ*A**AUTH1", ("ETD", "2", 3, "128")),
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("line", "bad", "expected"), BAD, ids=[b[1] for b in BAD])
def test_wrong_element_in_856_segment_gets_its_ak403_code(
    line: str, bad: str, expected: tuple, version: str
) -> None:
    issues = run_in("856", _with(line, bad), version)
    assert summary(issues) == [expected], [i.message for i in issues]


def test_005010_lh2_and_lfh_take_the_later_elements_004010_does_not() -> None:
    """LH212/LH213 (net explosive weight) and LFH08 exist in 005010, not in 004010 (AK403 3)."""
    lh2 = "LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100*****L*25"
    lfh = "LFH*TEC*BENZENE******20240131"
    doc = _with("LFH*TEC*BENZENE", lfh)
    doc[doc.index("LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100")] = lh2
    assert run_in("856", doc, "005010") == []
    assert [(i.segment_id, i.code) for i in run_in("856", doc, "004010")] == [("LH2", "3"), ("LFH", "3")]


# (segment moved, moved after this line, expected (segment id, AK304)) - out of the table's order
MISPLACED: list[tuple[str, str, tuple]] = [
    ("TSD*1*A1", "REF*BM*BOL123", ("TSD", "7")),
    ("PWK*PL*EL", "TD1*CTN25*2****G*28*LB", ("PWK", "7")),
    ("PAL*4*5*6*10*12.5*LB", "N4*Springfield*IL*62701*US", ("PAL", "7")),
    ("GF*CT*CON123", "YNQ*RZ*Y", ("GF", "7")),
    ("ETD*ZZ*A", "CUR*SE*USD", ("ETD", "7")),
    ("LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100", "LHR*DO*HAZ123*20240131", ("LH2", "7")),
    ("LHT*3*FLAMMABLE LIQUID*RESIDUE", "LHE*GASOLINE*FLAMMABLE LIQUID*BM*BOL123", ("LHT", "7")),
]


@pytest.mark.parametrize(
    ("moved", "after", "expected"), MISPLACED, ids=[m[0].split("*")[0] for m in MISPLACED]
)
def test_added_segment_out_of_order_is_not_in_proper_sequence(
    moved: str, after: str, expected: tuple
) -> None:
    issues = run_in("856", _moved(moved, after))
    assert [(i.segment_id, i.code) for i in issues] == [expected], [i.message for i in issues]


def test_r4_without_its_v1_is_unexpected() -> None:
    """R4 is only defined inside the V1 loop: without V1 it has no place (AK304 2)."""
    lines = [line for line in SHIPMENT if line.split("*")[0] not in ("V1", "DTM")]
    issues = run_in("856", _doc(lines))
    assert [(i.segment_id, i.code) for i in issues] == [("R4", "2")], [i.message for i in issues]


def test_lq_is_mandatory_in_the_lm_loop() -> None:
    issues = run_in("856", _without("LQ"))
    assert [(i.segment_id, i.code) for i in issues] == [("LQ", "3")], [i.message for i in issues]


# The standard 004010 856 table (ST/SE left out): (id, pos, req, max use) or (LOOP, id, pos, req,
# repeat, [children]). Sources: segment order, loops, requirement, max use and loop repeat from
# the EdiFabric and FreightTrust 004010 TS856 templates and kasoftware's 00401 856 page; the printed
# positions from stupidedi's SH856, Belk, Interstate Steel, Computer Generated Solutions, Caudalie,
# Lehigh and Chrysler 4010 guides (tools/x12maps/set_856.py lists which positions are printed).
TABLE = [
    ("BSN", 20, "M", 1),
    ("DTM", 40, "O", 10),
    ("LOOP", "HL", 10, "M", 200000, [
        ("HL", 10, "M", 1), ("LIN", 20, "O", 1), ("SN1", 30, "O", 1), ("SLN", 40, "O", 1000),
        ("PRF", 50, "O", 1), ("PO4", 60, "O", 1), ("PID", 70, "O", 200), ("MEA", 80, "O", 40),
        ("PWK", 90, "O", 25), ("PKG", 100, "O", 25), ("TD1", 110, "O", 20), ("TD5", 120, "O", 12),
        ("TD3", 130, "O", 12), ("TD4", 140, "O", 5), ("TSD", 145, "O", 1), ("REF", 150, "O", ">1"),
        ("PER", 160, "O", 3),
        ("LOOP", "LH1", 170, "O", 100, [
            ("LH1", 170, "M", 1), ("LH2", 171, "O", 4), ("LH3", 172, "O", 12), ("LFH", 173, "O", 20),
            ("LEP", 174, "O", ">1"), ("LH4", 175, "O", 1), ("LHT", 176, "O", 3), ("LHR", 177, "O", 10),
            ("PER", 178, "O", 5), ("LHE", 179, "O", 1),
        ]),
        ("LOOP", "CLD", 180, "O", 200, [("CLD", 180, "M", 1), ("REF", 185, "O", 200), ("DTP", 187, "O", 1)]),
        ("MAN", 190, "O", ">1"), ("DTM", 200, "O", 10), ("FOB", 210, "O", 1), ("PAL", 215, "O", 1),
        ("LOOP", "N1", 220, "O", 200, [
            ("N1", 220, "M", 1), ("N2", 230, "O", 2), ("N3", 240, "O", 2), ("N4", 250, "O", 1),
            ("REF", 260, "O", 12), ("PER", 270, "O", 3), ("FOB", 280, "O", 1),
        ]),
        ("SDQ", 290, "O", 50), ("ETD", 300, "O", 1), ("CUR", 310, "O", 1),
        ("LOOP", "SAC", 320, "O", ">1", [("SAC", 320, "M", 1), ("CUR", 330, "O", 1)]),
        ("GF", 340, "O", 1), ("YNQ", 350, "O", 10),
        ("LOOP", "LM", 360, "O", 10, [("LM", 360, "M", 1), ("LQ", 370, "M", 100)]),
        ("LOOP", "V1", 380, "O", ">1", [("V1", 380, "M", 1), ("R4", 390, "O", ">1"), ("DTM", 400, "O", ">1")]),
    ]),
    ("CTT", 10, "O", 1),
]  # fmt: skip


def _shape(node: maps.LoopDef | maps.SegmentDef) -> tuple:
    """A map node in TABLE's notation (unbounded counts compared as '>1')."""

    def count(n: int) -> int | str:
        return ">1" if n >= 99999 and n != 200000 else n

    req = "M" if node.required else "O"
    if isinstance(node, maps.LoopDef):
        return (
            "LOOP",
            node.loop_id,
            node.pos,
            req,
            count(node.max_repeat),
            [_shape(c) for c in node.children],
        )
    return (node.tag, node.pos, req, count(node.max_use))


def _generated_table(version: str) -> list:
    """The generated 856 map of ``version`` in TABLE's notation (ST/SE left out)."""
    m = maps.get_map(version, "856")
    assert m is not None
    return [
        _shape(c) for c in m.root.children if not (isinstance(c, maps.SegmentDef) and c.tag in ("ST", "SE"))
    ]


def test_generated_map_holds_the_published_856_table() -> None:
    """004010 only: the 005010 table differs (TD3 loop with AT9, LH4 max use 4), see
    tests/x12/test_table_856_005010.py."""
    assert _generated_table("004010") == TABLE


@pytest.mark.differential
@pytest.mark.parametrize("version", VERSIONS)
def test_pyx12_accepts_the_full_856_on_the_same_maps(
    version: str, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    assert (
        theirs(pyx12_dirs[version], version, "856", FULL, tmp_path)
        == ours(version, "856", FULL)
        == (False, (), ())
    )


def _pyx12_variant(mine: tuple) -> tuple:
    """What pyx12 answers where it is known to differ (tests/x12/test_differential.py NOTES_TRAILING,
    TOO_MANY, NOT_FOUND): no AK4 for a broken syntax note or an extra element, AK304 1 for every
    segment it cannot place."""
    rejected, ak3, ak4 = mine
    if any(code in ("2", "3") for *_, code in ak4):
        return rejected, ak3, ()
    return rejected, tuple((s, p, "1" if c == "7" else c) for s, p, c in ak3), ak4


@pytest.mark.differential
@pytest.mark.parametrize(("line", "bad", "expected"), BAD, ids=[b[1] for b in BAD])
def test_pyx12_rejects_the_same_856_segment(
    line: str, bad: str, expected: tuple, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    body = _with(line, bad)
    mine = ours("004010", "856", body)
    assert theirs(pyx12_dirs["004010"], "004010", "856", body, tmp_path) in (mine, _pyx12_variant(mine))


@pytest.mark.differential
@pytest.mark.parametrize(
    ("moved", "after", "expected"), MISPLACED, ids=[m[0].split("*")[0] for m in MISPLACED]
)
def test_pyx12_also_refuses_the_misplaced_segment(
    moved: str, after: str, expected: tuple, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    body = _moved(moved, after)
    mine = ours("004010", "856", body)
    assert theirs(pyx12_dirs["004010"], "004010", "856", body, tmp_path) == _pyx12_variant(mine)
