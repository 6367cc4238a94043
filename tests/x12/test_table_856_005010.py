"""The 005010 856 Ship Notice/Manifest table (issue #2, round 2).

The 005010 table (tools/x12maps/set_856.py ``SET_005010``, from bots-edi/bots-grammars
x12/5010/856005010.py) differs from the 004010 one in two places: TD3 opens a loop (repeat 12) that
also holds AT9, and LH4 may repeat 4 times (1 in 004010). Element differences (LH212/LH213, LFH08,
267 1/10, 364 1/256, 127 1/50) come from seg_856 ``SEGMENTS_005010``/``ELEMENTS_005010`` and the
shared 005010 changes.

- ``FULL``: a 005010 ship notice using every segment and loop of the 005010 table (the shipment HL of
  tests/x12/test_table_856.py with two TD3 loops, AT9, two LH4 and the 005010-only elements),
  accepted by the gateway and by pyx12 on the same maps;
- ``BAD``: one wrong value per AT9 element rule (AK403 and data element number);
- misplaced AT9 and the LH4 max use, as the 997 would report them;
- ``TABLE_005010``: the 005010 table compared entry by entry with the generated map.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.x12 import maps
from tests.x12.test_differential import ours, theirs
from tests.x12.test_table_856 import (
    SHIPMENT,
    TABLE,
    _doc,
    _generated_table,
    _moved,
    _pyx12_variant,
    _with,
)
from tests.x12.test_validator_samples import run_in, summary

V = "005010"
AT9 = "AT9*05300*110*102*T*L*15000*E*3800"
LH4 = "LH4*ERAP12345*5551234567*II"
# LH408 (267) 7 digits long, with the unit LH412 its paired note asks for: 1/10 in 005010, 1/6 before
LH4_LONG = "*".join(["LH4", "ERAP12345", "5551234567", "II", "", "", "", "", "1234567", "", "", "", "KG"])
LH2_5010 = "LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100*****L*25"
LFH_5010 = "LFH*TEC*BENZENE******20240131"
PAL = "PAL*4*5*6*10*12.5*LB"
# PAL17 (1699 Pallet Structure Code), 005010 only
PAL_5010 = "*".join(["PAL", "4", "5", "6", "10", "12.5", "LB", *[""] * 10, "1"])


def _shipment_5010() -> list[str]:
    lines = list(SHIPMENT)
    td3 = lines.index("TD3*TL**TRL123")
    lines[td3 + 1 : td3 + 1] = [AT9, "TD3*TL**TRL124"]
    lines.insert(lines.index(LH4) + 1, LH4_LONG)
    lines[lines.index("LH2*3*D*FLAMMABLE LIQUID*RESIDUE*RQ*FA*100")] = LH2_5010
    lines[lines.index("LFH*TEC*BENZENE")] = LFH_5010
    lines[lines.index(PAL)] = PAL_5010
    return lines


SHIPMENT_5010 = _shipment_5010()

FULL = _doc(SHIPMENT_5010)


def test_full_005010_856_with_every_segment_and_loop_is_accepted() -> None:
    issues = run_in("856", FULL, V)
    assert issues == [], [i.message for i in issues]


def test_full_005010_856_uses_every_segment_of_the_005010_table() -> None:
    used = {line.split("*")[0] for line in FULL}
    assert maps.get_map(V, "856").segment_tags() <= used


def test_the_005010_layout_is_refused_at_004010() -> None:
    """No AT9 and one LH4 in 004010; LH408 1/6 and no LH212/LH213/LFH08 there."""
    assert summary(run_in("856", FULL, "004010")) == [
        ("AT9", "1", None, None),  # not in the 004010 856 table at all
        ("LH2", "3", 12, None),
        ("LFH", "3", 8, None),
        ("LH4", "5", None, None),  # second LH4: max use 1
        ("LH4", "5", 8, "267"),  # 7 digits: 1/6 in 004010
        ("PAL", "3", 17, None),  # PAL17 is not in the 004010 PAL
    ]


# (bad AT9, expected (segment, AK403, element position, data element))
BAD: list[tuple[str, tuple]] = [
    ("AT9*530*110*102*T*L*15000*E*3800", ("AT9", "4", 1, "567")),
    ("AT9*053000*110*102*T*L*15000*E*3800", ("AT9", "5", 1, "567")),
    ("AT9*05300*11X*102*T*L*15000*E*3800", ("AT9", "6", 2, "65")),
    ("AT9*05300*110*102*T*L**E*3800", ("AT9", "2", 6, "81")),
    ("AT9*05300*110*102*T*LB*15000*E*3800", ("AT9", "5", 5, "188")),
    ("AT9*05300*110*102*T*L*15000*E", ("AT9", "2", 8, "183")),
    ("AT9*05300*110*102*T*L*15000*E*3800*X", ("AT9", "3", 9, None)),
]


@pytest.mark.parametrize(("bad", "expected"), BAD, ids=[b[0] for b in BAD])
def test_wrong_at9_element_gets_its_ak403_code(bad: str, expected: tuple) -> None:
    issues = run_in("856", _with(AT9, bad, SHIPMENT_5010), V)
    assert summary(issues) == [expected], [i.message for i in issues]


# AT9 placed where no TD3 loop holds it: AT9 is only defined inside that loop, so it is an
# unexpected segment there (AK304 2), as R4 outside its V1 loop (tests/x12/test_table_856.py)
MISPLACED: list[tuple[str, tuple]] = [
    ("TD5*B*2*UPSN*M", ("AT9", "2")),
    ("TD4*HM", ("AT9", "2")),
]


@pytest.mark.parametrize(("after", "expected"), MISPLACED, ids=[m[0] for m in MISPLACED])
def test_at9_out_of_its_td3_loop_is_reported(after: str, expected: tuple) -> None:
    issues = run_in("856", _moved(AT9, after, SHIPMENT_5010), V)
    assert [(i.segment_id, i.code) for i in issues] == [expected], [i.message for i in issues]


def test_lh4_max_use_is_4_in_005010() -> None:
    lines = list(SHIPMENT_5010)
    at = lines.index(LH4)
    assert run_in("856", _doc(lines[:at] + [LH4] * 4 + lines[at + 2 :]), V) == []
    issues = run_in("856", _doc(lines[:at] + [LH4] * 5 + lines[at + 2 :]), V)
    assert [(i.segment_id, i.code) for i in issues] == [("LH4", "5")], [i.message for i in issues]


def test_at9_twice_in_one_td3_loop_is_over_its_max_use() -> None:
    lines = list(SHIPMENT_5010)
    lines.insert(lines.index(AT9) + 1, AT9)
    issues = run_in("856", _doc(lines), V)
    assert [(i.segment_id, i.code) for i in issues] == [("AT9", "5")], [i.message for i in issues]


def _table_005010() -> list:
    """TABLE (the 004010 table of tests/x12/test_table_856.py) with the 005010 differences of
    bots-edi/bots-grammars x12/5010/856005010.py against x12/4010/856004010.py: TD3 loop (repeat 12)
    of TD3 and AT9 (max use 1), LH4 max use 4."""
    hl = TABLE[2]
    children = []
    for entry in hl[5]:
        if entry[0] == "TD3":
            entry = ("LOOP", "TD3", 130, "O", 12, [("TD3", 130, "M", 1), ("AT9", 135, "O", 1)])
        elif entry[:2] == ("LOOP", "LH1"):
            entry = (*entry[:5], [("LH4", 175, "O", 4) if c[0] == "LH4" else c for c in entry[5]])
        children.append(entry)
    return [TABLE[0], TABLE[1], (*hl[:5], children), *TABLE[3:]]


TABLE_005010 = _table_005010()


def test_generated_005010_map_holds_the_published_005010_table() -> None:
    assert _generated_table(V) == TABLE_005010
    assert TABLE_005010 != TABLE


@pytest.fixture(scope="module")
def pyx12_dir(pyx12_dirs: dict[str, Path]) -> Path:
    return pyx12_dirs[V]


@pytest.mark.differential
def test_pyx12_accepts_the_full_005010_856_on_the_same_maps(pyx12_dir: Path, tmp_path: Path) -> None:
    assert theirs(pyx12_dir, V, "856", FULL, tmp_path) == ours(V, "856", FULL) == (False, (), ())


@pytest.mark.differential
@pytest.mark.parametrize(("bad", "expected"), BAD, ids=[b[0] for b in BAD])
def test_pyx12_rejects_the_same_at9(bad: str, expected: tuple, pyx12_dir: Path, tmp_path: Path) -> None:
    body = _with(AT9, bad, SHIPMENT_5010)
    mine = ours(V, "856", body)
    assert theirs(pyx12_dir, V, "856", body, tmp_path) in (mine, _pyx12_variant(mine))


@pytest.mark.differential
@pytest.mark.parametrize(("after", "expected"), MISPLACED, ids=[m[0] for m in MISPLACED])
def test_pyx12_also_refuses_the_misplaced_at9(after: str, expected: tuple, pyx12_dir: Path, tmp_path: Path) -> None:
    """pyx12 answers AK304 1 for every segment it cannot place (test_differential.py NOT_FOUND)."""
    body = _moved(AT9, after, SHIPMENT_5010)
    rejected, ak3, ak4 = ours(V, "856", body)
    assert rejected and [(s, c) for s, _, c in ak3] == [expected]
    pyx12 = (rejected, tuple((s, p, "1") for s, p, _ in ak3), ak4)
    assert theirs(pyx12_dir, V, "856", body, tmp_path) == pyx12


# PAL's syntax notes (both releases; seg_856 _PAL_NOTES): (bad PAL, expected AK4)
PAL_BAD: list[tuple[str, tuple]] = [
    ("PAL*4*5*6*10*12.5", ("PAL", "2", 6, "355")),  # P0506
    ("PAL*4*5*6*10**LB", ("PAL", "2", 5, "395")),  # P0506
    ("PAL*4*5*6*10***48", ("PAL", "2", 10, "355")),  # C0710
    ("PAL*4*5*6*10*****60", ("PAL", "2", 10, "355")),  # C0910
    ("PAL*4*5*6*10*******1200", ("PAL", "2", 12, "355")),  # P1112
    ("PAL*4*5*6*10**********CF", ("PAL", "2", 13, "385")),  # P1314
]


@pytest.mark.parametrize("version", ("004010", "005010"))
@pytest.mark.parametrize(("bad", "expected"), PAL_BAD, ids=[b[0] for b in PAL_BAD])
def test_pal_syntax_notes(bad: str, expected: tuple, version: str) -> None:
    body = _with(PAL_5010, bad, SHIPMENT_5010) if version == V else _with(PAL, bad)
    issues = run_in("856", body, version)
    assert summary(issues) == [expected], [i.message for i in issues]


def test_pal_with_dimensions_and_their_unit_is_accepted() -> None:
    good = "PAL*4*5*6*10*12.5*LB*48*40*60*IN*1200*LB*80*CF*1*12"
    assert run_in("856", _with(PAL, good), "004010") == []
    assert run_in("856", _with(PAL_5010, good + "*1", SHIPMENT_5010), V) == []


@pytest.mark.differential
@pytest.mark.parametrize("version", ("004010", "005010"))
@pytest.mark.parametrize(("bad", "expected"), PAL_BAD, ids=[b[0] for b in PAL_BAD])
def test_pyx12_rejects_the_same_pal(
    bad: str, expected: tuple, version: str, pyx12_dirs: dict[str, Path], tmp_path: Path
) -> None:
    """pyx12 reports a broken syntax note as AK304 8 without the AK4 (test_differential.py NOTES_TRAILING)."""
    body = _with(PAL_5010, bad, SHIPMENT_5010) if version == V else _with(PAL, bad)
    mine = ours(version, "856", body)
    assert theirs(pyx12_dirs[version], version, "856", body, tmp_path) in (mine, _pyx12_variant(mine))
