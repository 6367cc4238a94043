"""Segments added to complete the set tables (214 MS3/AT5, 210 H3/POD): in place, typed, and enforced.

Each added segment is fed through the real validator inside an otherwise valid sample, so a wrong
position, loop or element type in the generated map shows up as an issue here.
"""

from __future__ import annotations

import pytest

from tests.x12.test_validator_samples import VALID, broken_body, run

VERSIONS = ("004010", "005010")


def _codes(issues: list) -> list[tuple]:
    return [(i.segment_id, i.code, i.message) for i in issues]


@pytest.mark.parametrize("version", VERSIONS)
def test_214_ms3_in_header_and_at5_in_lx_are_accepted(version: str) -> None:
    # 004010: MS3 closes the heading after the N1 loop; 005010: the heading is ST B10 MS3 (Bots 214005010)
    anchor = "N4*Chicago*IL*60601" if version < "005010" else "B10*PRO123*SHIP123*SCAC"
    lines = broken_body("214", ("insert_after", anchor, "MS3*SCAC*1*Chicago*M*IL"), version)
    # AT5 has E0103 E0203 in both releases (stedi.com x12-003070..x12-005020 segment/AT5): a code or a
    # description, not both
    lines.insert(lines.index("AT8*G*L*1200*10"), "AT5*HM")
    lines[-1] = f"SE*{len(lines)}*0001"
    assert run("214", lines, version, repetition="^" if version >= "005010" else None) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_210_h3_between_g62_and_n1_is_accepted(version: str) -> None:
    lines = broken_body("210", ("insert_after", "G62*86*20240129", "H3*HM*Keep dry"), version)
    assert run("210", lines, version, repetition="^" if version >= "005010" else None) == []


def test_at5_with_a_code_and_a_description_breaks_e0103() -> None:
    lines = list(VALID["214"])
    lines.insert(lines.index("AT8*G*L*1200*10"), "AT5*HM**Hazardous")
    lines[-1] = f"SE*{len(lines)}*0001"
    issues = run("214", lines)
    assert issues and all(i.segment_id == "AT5" for i in issues), _codes(issues)


def test_ms3_state_without_city_breaks_c0503() -> None:
    lines = broken_body("214", ("insert_after", "N4*Chicago*IL*60601", "MS3*SCAC*1**M*IL"))
    issues = run("214", lines)
    assert issues and all(i.segment_id == "MS3" for i in issues), _codes(issues)


def test_ms3_is_header_only() -> None:
    """MS3 after the LX loop has started is out of place (004010 table 1 only)."""
    lines = broken_body("214", ("insert_after", "MS2*SCAC*TRL123", "MS3*SCAC*1*Chicago*M*IL"))
    issues = run("214", lines)
    assert [i.segment_id for i in issues] == ["MS3"], _codes(issues)


def test_h3_protective_service_code_too_long_is_rejected() -> None:
    lines = broken_body("210", ("insert_after", "G62*86*20240129", "H3*HM**ABCDE"))
    issues = run("210", lines)
    assert [i.segment_id for i in issues] == ["H3"], _codes(issues)


@pytest.mark.parametrize("version", ["004010"])  # 005010 has no POD directly in the LX loop (Bots 210005010)
def test_210_pod_in_lx_loop_is_accepted(version: str) -> None:
    lines = broken_body("210", ("insert_after", "LX*1", "POD*20240131*1405*J SMITH"))
    assert run("210", lines, version, repetition="^" if version >= "005010" else None) == []


def test_pod_needs_a_name_and_a_real_date() -> None:
    no_name = run("210", broken_body("210", ("insert_after", "LX*1", "POD*20240131*1405")))
    bad_date = run("210", broken_body("210", ("insert_after", "LX*1", "POD*20241331**J SMITH")))
    assert [i.segment_id for i in no_name] == ["POD"], _codes(no_name)
    assert [i.segment_id for i in bad_date] == ["POD"], _codes(bad_date)


def test_pod_twice_exceeds_max_use() -> None:
    lines = list(VALID["210"])
    at = lines.index("LX*1") + 1
    lines[at:at] = ["POD*20240131**J SMITH", "POD*20240131**K DOE"]
    lines[-1] = f"SE*{len(lines)}*0001"
    issues = run("210", lines)
    assert [i.segment_id for i in issues] == ["POD"], _codes(issues)
