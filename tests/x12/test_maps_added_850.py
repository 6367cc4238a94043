"""Segments added to the 850 tables (TAX, TC2, PCT, LM/LQ, QTY and SCH loops, line PKG), the 210 S5
stop-off loop, and the formerly loose CSH, YNQ, N7 and L7 elements, now typed with their data
element numbers.

Each segment is placed inside an otherwise valid sample and fed through the real validator (both
versions), so a wrong position, loop or element type in the generated maps shows up as an issue;
each wrong element must come back with the AK403 code a partner would see in the 997.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.x12.test_differential import ours, theirs
from tests.x12.test_validator_samples import edited, run_in, summary, valid

VERSIONS = ("004010", "005010")


def _with(set_id: str, *inserts: tuple[str, list[str]], version: str = "004010") -> list[str]:
    """The valid sample of ``version`` with segments inserted after anchors (SE01 kept right)."""
    return edited(valid(set_id, version), *(("after", anchor, new) for anchor, new in inserts))


HEADER_850 = [
    ("PER*BD*Jane Buyer*TE*5551234567", ["TAX*EX12345*SP*IL"]),
    ("FOB*PP", ["CSH*SC", "TC2*A*HARDWARE"]),
    ("TD5*O*2*UPSN*M*UPS GROUND", ["PCT*AP*2.5"]),
    ("N4*Springfield*IL*62701*US", ["LM*AG", "LQ*0*ABC", "LQ*1*DEF"]),
]
LINE_850 = [
    ("PO4*12*1*EA", ["TAX*EX999"]),
    ("SDQ*EA*92*0042*5*0043*5", ["TC2*A*HARDWARE", "QTY*OR*10*EA",
                                 "SCH*5*EA***002*20240301", "TD5*O*2*UPSN", "REF*PO*X1",
                                 "SCH*5*EA*ST*Store 42*002*20240315", "PKG*F*68***GIFT WRAP"]),
]


@pytest.mark.parametrize("version", VERSIONS)
def test_850_header_tax_csh_tc2_pct_and_lm_loop_are_accepted(version: str) -> None:
    assert run_in("850", _with("850", *HEADER_850), version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_850_line_tax_pkg_tc2_qty_and_sch_loops_are_accepted(version: str) -> None:
    assert run_in("850", _with("850", *LINE_850), version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_856_ynq_210_n7_and_l7_typed_elements_are_accepted(version: str) -> None:
    ynq = _with("856", ("SN1**10*EA", ["YNQ**Y*D8*20240101"]))
    n7_l7 = _with("210", ("N1*CN*Consignee LLC", ["N7*ABCD*123456*20000*G*1500******TF*SCAC"]),
                  ("L1*1*25.00*PH*12500", ["L7*1*ATFI*100*A1*2040*1*70"]), version=version)
    assert run_in("856", ynq, version) == []
    assert run_in("210", n7_l7, version) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_210_s5_stop_off_loop_before_the_lines_is_accepted(version: str) -> None:
    ref = "N9*PO*PO123" if version == "004010" else "L11*PO123*PO"  # 005010: L11 for N9
    lines = _with("210", ("N1*CN*Consignee LLC", [
        "S5*1*LD*1200*L*10*CT", ref, "G62*10*20240129", "H3*HM", "N1*SF*Dock One*93*D1",
        "N3*1 Dock Rd", "N4*Chicago*IL*60601", "S5*2*UL*800*L"]), version=version)
    assert run_in("210", lines, version) == []


# (set, where, bad segment, expected (segment id, AK403, element position, data element))
BAD: list[tuple[str, str, str, tuple]] = [
    ("850", "PER*BD*Jane Buyer*TE*5551234567", "TAX*EX1*SP", ("TAX", "2", 3, "310")),
    ("850", "PER*BD*Jane Buyer*TE*5551234567", "*".join(["TAX", "EX1", *[""] * 10, "XY"]),
     ("TAX", "5", 12, "441")),
    ("850", "FOB*PP", "TC2*A", ("TC2", "1", 2, "22")),
    ("850", "FOB*PP", "TC2*AB*HARDWARE", ("TC2", "5", 1, "23")),
    ("850", "FOB*PP", "CSH*ABC", ("CSH", "5", 1, "563")),
    ("850", "FOB*PP", "CSH******ZZ", ("CSH", "2", 7, "560")),
    ("850", "TD5*O*2*UPSN*M*UPS GROUND", "PCT*AP*X", ("PCT", "6", 2, "954")),
    ("850", "SDQ*EA*92*0042*5*0043*5", "QTY*OR*1O", ("QTY", "6", 2, "380")),
    ("850", "SDQ*EA*92*0042*5*0043*5", "QTY*OR*10**FREE TEXT", ("QTY", "10", 4, "61")),
    ("850", "SDQ*EA*92*0042*5*0043*5", "SCH*5*EA***002*20241331", ("SCH", "8", 6, "373")),
    ("850", "SDQ*EA*92*0042*5*0043*5", "SCH*5*EA*ST**002*20240301", ("SCH", "2", 4, "93")),
    ("850", "SDQ*EA*92*0042*5*0043*5", "SCH*5*EA***002*20240301*2561", ("SCH", "9", 7, "337")),
    ("850", "PO4*12*1*EA", "TAX**XXX*IL", ("TAX", "5", 2, "309")),
    ("856", "SN1**10*EA", "YNQ**YY", ("YNQ", "5", 2, "1073")),
    ("856", "SN1**10*EA", "YNQ**Y*D8", ("YNQ", "2", 4, "1251")),
    ("210", "N1*CN*Consignee LLC", "N7*ABCD*123456***ABC", ("N7", "6", 5, "167")),
    ("210", "N1*CN*Consignee LLC", "N7*ABCD*123456***12", ("N7", "4", 5, "167")),
    ("210", "L1*1*25.00*PH*12500", "L7*1*****X", ("L7", "6", 6, "170")),
    ("210", "N1*CN*Consignee LLC", "S5*1*LD*1200", ("S5", "2", 4, "188")),
    ("210", "N1*CN*Consignee LLC", "S5*1.5*LD", ("S5", "6", 1, "165")),
    ("210", "N1*CN*Consignee LLC", "S5*1*LD********CHI", ("S5", "4", 10, "154")),
    ("210", "L1*1*25.00*PH*12500", "L7*1*ATFI*100*A1*2040*1*70**12345", ("L7", "5", 9, "46")),
]


@pytest.mark.parametrize(("set_id", "anchor", "bad", "expected"), BAD, ids=[b[2] for b in BAD])
def test_wrong_element_in_added_segment_gets_its_ak403_code(set_id: str, anchor: str, bad: str,
                                                            expected: tuple) -> None:
    issues = run_in(set_id, _with(set_id, (anchor, [bad])))
    assert summary(issues) == [expected], [i.message for i in issues]


def test_lq_without_lm_is_out_of_place_and_lm_needs_its_lq() -> None:
    """LQ belongs inside the LM loop; an LM loop without LQ misses its mandatory LQ (AK304 3)."""
    stray = run_in("850", _with("850", ("N4*Springfield*IL*62701*US", ["LQ*0*ABC"])))
    lonely = run_in("850", _with("850", ("N4*Springfield*IL*62701*US", ["LM*AG"])))
    assert [(i.segment_id, i.code) for i in stray] == [("LQ", "2")], [i.message for i in stray]
    assert [(i.segment_id, i.code) for i in lonely] == [("LQ", "3")], [i.message for i in lonely]


def test_lm_agency_qualifier_too_long_is_ak403_5() -> None:
    issues = run_in("850", _with("850", ("N4*Springfield*IL*62701*US", ["LM*AGX", "LQ*0*ABC"])))
    assert summary(issues) == [("LM", "5", 1, "559")], [i.message for i in issues]


def test_lq_qualifier_without_code_breaks_c0102() -> None:
    issues = run_in("850", _with("850", ("N4*Springfield*IL*62701*US", ["LM*AG", "LQ*0"])))
    assert summary(issues) == [("LQ", "2", 2, "1271")], [i.message for i in issues]


def test_sch_loop_is_line_level_only() -> None:
    """SCH before the first PO1 is not a header segment of the 850."""
    issues = run_in("850", _with("850", ("DTM*002*20240215", ["SCH*5*EA***002*20240301"])))
    assert [i.segment_id for i in issues] == ["SCH"], [i.message for i in issues]


def test_tax_in_a_line_may_repeat() -> None:
    # the 004010 table gives the line TAX a max use of >1 (tests/x12/test_table_850_detail.py)
    assert run_in("850", _with("850", ("PO4*12*1*EA", ["TAX*A", "TAX*B", "TAX*C", "TAX*D"]))) == []


# the same documents through pyx12 with the same generated maps (tests/x12/test_differential.py)
DIFFERENTIAL: list[tuple[str, str, list[str]]] = [
    (f"{v}/{name}", v, set_id, lines)
    for v in VERSIONS
    for name, set_id, lines in (
        ("850-added-header", "850", _with("850", *HEADER_850)),
        ("850-added-line", "850", _with("850", *LINE_850)),
        ("850-added-bad-sch-date", "850", _with("850", ("SDQ*EA*92*0042*5*0043*5",
                                                        ["SCH*5*EA***002*20241331"]))),
        ("210-added-s5-n7-l7", "210", _with("210", ("N1*CN*Consignee LLC", [
            "N7*ABCD*123456*20000*G*1500******TF*SCAC", "S5*1*LD*1200*L*10*CT",
            "N9*PO*PO123" if v == "004010" else "L11*PO123*PO"]),
            ("L1*1*25.00*PH*12500", ["L7*1*ATFI*100*A1*2040*1*70"]), version=v)),
        ("856-added-ynq", "856", _with("856", ("SN1**10*EA", ["YNQ**Y*D8*20240101"]))),
    )
]


@pytest.mark.differential
@pytest.mark.parametrize(("case", "version", "set_id", "body"), [(c, v, s, b) for c, v, s, b in DIFFERENTIAL],
                         ids=[c[0] for c in DIFFERENTIAL])
def test_pyx12_agrees_on_documents_with_added_segments(case: str, version: str, set_id: str, body: list[str],
                                                       pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    assert ours(version, set_id, body) == theirs(pyx12_dirs[version], version, set_id, body, tmp_path), case
