"""Map-driven validator: every AK304 and AK403 code from a small crafted set, with exact places.

Each test breaks one thing in a valid document from test_validator_samples and checks the code,
segment id and position (ST = 1), loop, element/component position, data element number and bad
value of the issue, plus the plain-language message and hint.
"""

from __future__ import annotations

import pytest

from gateway.errors import Issue
from gateway.x12.validator import ack999_code, ordinal, validator_for
from tests.x12.test_validator_samples import VALID, broken_body, run


def one(issues: list[Issue]) -> Issue:
    assert len(issues) == 1, [i.to_dict() for i in issues]
    return issues[0]


def where(issue: Issue) -> tuple:
    return (issue.level, issue.code, issue.segment_id, issue.segment_position, issue.loop_id,
            issue.element_position, issue.component_position, issue.data_element, issue.bad_value)


# ------------------------------------------------------------------ AK304 segment codes

def test_ak304_1_unrecognized_segment_id_and_no_cascade() -> None:
    issue = one(run("850", broken_body("850", ("insert_after", "REF*DP*042", "ZZZ*1"))))
    assert where(issue) == ("segment", "1", "ZZZ", 5, None, None, None, None, None)
    assert "not recognised" in issue.message and issue.hint


def test_ak304_1_for_a_malformed_tag() -> None:
    issue = one(run("850", broken_body("850", ("insert_after", "REF*DP*042", "r3f*1"))))
    assert (issue.code, issue.segment_id, issue.segment_position) == ("1", "r3f", 5)


def test_ak304_2_unexpected_segment() -> None:
    # SLN is an 850 segment, but only inside the PO1 loop
    issue = one(run("850", broken_body("850", ("insert_after", "REF*DP*042", "SLN*1**I*1*EA"))))
    assert where(issue)[:5] == ("segment", "2", "SLN", 5, None)


def test_ak304_3_mandatory_segment_missing() -> None:
    issue = one(run("850", broken_body("850", ("delete", "BEG*00*SA*PO123**20240131"))))
    assert where(issue)[:4] == ("segment", "3", "BEG", 2)
    assert "mandatory segment BEG" in issue.message


def test_ak304_3_mandatory_loop_missing_at_end() -> None:
    lines = ["ST*850*0001", "BEG*00*SA*PO123**20240131", "CTT*0", "SE*4*0001"]
    issue = one(run("850", lines))
    assert (issue.code, issue.segment_id, issue.segment_position, issue.loop_id) == ("3", "PO1", 3, "PO1")


def test_ak304_3_mandatory_segment_in_a_loop() -> None:
    lines = broken_body("945", ("delete", "W03*10"))
    issue = one(run("945", lines))
    assert (issue.code, issue.segment_id, issue.segment_position) == ("3", "W03", 7)


def test_ak304_4_loop_occurs_over_maximum() -> None:
    lines = broken_body("850", ("insert_after", "CTT*2", "CTT*2"))
    issue = one(run("850", lines))
    assert where(issue)[:5] == ("segment", "4", "CTT", 20, "CTT")


def test_ak304_5_segment_exceeds_maximum_use() -> None:
    lines = broken_body("850", ("insert_after", "BEG*00*SA*PO123**20240131", "BEG*00*SA*PO124**20240131"))
    issue = one(run("850", lines))
    assert where(issue)[:4] == ("segment", "5", "BEG", 3)


def test_ak304_6_segment_of_another_transaction_set() -> None:
    issue = one(run("850", broken_body("850", ("insert_after", "REF*DP*042", "W05*N*1"))))
    assert where(issue)[:4] == ("segment", "6", "W05", 5)


def test_ak304_7_segment_not_in_proper_sequence() -> None:
    lines = broken_body("850", ("insert_after", "DTM*002*20240215", "CUR*BY*USD"))
    issue = one(run("850", lines))
    assert where(issue)[:4] == ("segment", "7", "CUR", 9)


def test_recovery_after_a_stray_segment_keeps_checking() -> None:
    lines = broken_body("850", ("insert_after", "N3*1 Main St", "XYZ*1"))
    lines[lines.index("PO1*2*4*CA*10**VN*XYZ")] = "PO1*2*4O*CA*10**VN*XYZ"
    issues = run("850", lines)
    assert [(i.code, i.segment_id) for i in issues] == [("1", "XYZ"), ("6", "PO1")]


# ------------------------------------------------------------------ AK403 element codes

def test_ak403_1_mandatory_element_missing() -> None:
    issue = one(run("850", broken_body("850", ("replace", "BEG*00*SA*PO123**20240131", "BEG*00*SA***20240131"))))
    assert where(issue) == ("element", "1", "BEG", 2, None, 3, None, "324", None)
    assert issue.hint == "fill BEG03 (Purchase Order Number)"


def test_ak403_1_mandatory_component_missing() -> None:
    issue = one(run("850", broken_body("850", ("replace", "REF*DP*042", "REF*DP*042**:X"))))
    assert where(issue) == ("element", "1", "REF", 4, None, 4, 1, "128", None)


def test_ak403_2_paired_note_violated() -> None:
    issue = one(run("850", broken_body("850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*4*CA*10**VN"))))
    assert where(issue) == ("element", "2", "PO1", 17, "PO1", 7, None, "234", None)
    assert "P0607" in (issue.hint or "")
    assert "second order line" in issue.message


def test_ak403_2_required_note_violated() -> None:
    lines = broken_body("850", ("replace", "DTM*002*20240215", "DTM*002"))
    issue = one(run("850", lines))
    assert where(issue)[:6] == ("element", "2", "DTM", 8, None, 2)


def test_ak403_3_too_many_elements() -> None:
    issue = one(run("850", broken_body("850", ("replace", "N3*1 Main St", "N3*1 Main St*Suite 2*Extra"))))
    assert where(issue)[:6] == ("element", "3", "N3", 11, "N1", 3)
    assert issue.bad_value == "Extra"


def test_ak403_4_too_short() -> None:
    issue = one(run("850", broken_body("850", ("replace", "N1*ST*Store 42*92*0042", "N1*ST*Store 42*92*7"))))
    assert where(issue) == ("element", "4", "N1", 10, "N1", 4, None, "67", "7")


def test_ak403_5_too_long() -> None:
    po = "PO12345678901234567890123"
    issue = one(run("850", broken_body("850", ("replace", "BEG*00*SA*PO123**20240131", f"BEG*00*SA*{po}**20240131"))))
    assert where(issue) == ("element", "5", "BEG", 2, None, 3, None, "324", po)


def test_ak403_6_invalid_character_has_no_bad_value() -> None:
    issue = one(run("850", broken_body("850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*1O*CA*10**VN*XYZ"))))
    assert where(issue) == ("element", "6", "PO1", 17, "PO1", 2, None, "330", None)
    assert issue.message == "PO1 at segment 17 (second order line): quantity ordered '1O' is not a number"
    assert issue.hint


def test_ak403_6_control_character() -> None:
    issue = one(run("850", broken_body("850", ("replace", "N3*1 Main St", "N3*1 Main\x07St"))))
    assert (issue.code, issue.element_position, issue.bad_value) == ("6", 1, None)


def test_ak403_7_invalid_code_value() -> None:
    issue = one(run("850", broken_body("850", ("replace", "PID*F****Blue widget", "PID*Q****Blue widget"))))
    assert where(issue) == ("element", "7", "PID", 14, "PID", 1, None, "349", "Q")
    assert "F, S, X" in (issue.hint or "")


def test_ak403_8_invalid_date() -> None:
    issue = one(run("850", broken_body("850", ("replace", "BEG*00*SA*PO123**20240131", "BEG*00*SA*PO123**20240230"))))
    assert where(issue) == ("element", "8", "BEG", 2, None, 5, None, "373", "20240230")


def test_ak403_8_leap_day_is_valid() -> None:
    assert run("850", broken_body("850", ("replace", "BEG*00*SA*PO123**20240131", "BEG*00*SA*PO123**20240229")))\
        == []


def test_ak403_9_invalid_time() -> None:
    issue = one(run("850", broken_body("850", ("replace", "DTM*002*20240215", "DTM*002*20240215*2561"))))
    assert where(issue) == ("element", "9", "DTM", 8, None, 3, None, "337", "2561")


def test_ak403_10_exclusion_violated_005010() -> None:
    lines = broken_body("850", ("replace", "N4*Springfield*IL*62701*US", "N4*Springfield*IL*62701*CA***ON"))
    issue = one(run("850", lines, "005010"))
    assert where(issue)[:6] == ("element", "10", "N4", 12, "N1", 7)


def test_ak403_12_too_many_repetitions_005010() -> None:
    ctx = "CTX*" + "^".join(["SITUATIONAL TRIGGER"] * 11) + "*PO1*10"
    lines = broken_body("999", ("replace", "CTX*SITUATIONAL TRIGGER*PO1*10", ctx))
    issue = one(run("999", lines, "005010", repetition="^"))
    assert (issue.code, issue.segment_id, issue.element_position, issue.repetition_position) == ("12", "CTX", 1, 11)


def test_ak403_13_too_many_components_005010() -> None:
    lines = broken_body("997", ("replace", "AK4*2*330*6", "AK4*2:1:1:9*330*6"))
    issue = one(run("997", lines, "005010", repetition="^"))
    assert (issue.code, issue.segment_id, issue.element_position, issue.component_position) == ("13", "AK4", 1, 4)


def test_repetitions_within_limit_are_accepted_005010() -> None:
    ctx = "CTX*SITUATIONAL TRIGGER^SITUATIONAL TRIGGER:2*PO1*10"
    lines = broken_body("999", ("replace", "CTX*SITUATIONAL TRIGGER*PO1*10", ctx))
    assert run("999", lines, "005010", repetition="^") == []


def test_decimal_digit_count_is_exact() -> None:
    ok = broken_body("850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*4*CA*12345678901234.567**VN*XYZ"))
    assert run("850", ok) == []  # 17 digits: R 1/17
    bad = broken_body("850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*4*CA*123456789012345.678**VN*XYZ"))
    issue = one(run("850", bad))
    assert (issue.code, issue.element_position) == ("5", 4)
    assert run("850", broken_body("850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*-4.5*CA*.5**VN*XYZ"))) == []
    issue = one(run("850", broken_body("850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*1.2.3*CA*10**VN*XYZ"))))
    assert issue.code == "6"


def test_997_acknowledging_a_po_group_is_valid_and_ak1_code_checked() -> None:
    assert run("997", VALID["997"]) == []
    issue = one(run("997", broken_body("997", ("replace", "AK1*PO*1", "AK1*QQ*1"))))
    assert where(issue) == ("element", "7", "AK1", 2, None, 1, None, "479", "QQ")


# ------------------------------------------------------------------ 856 hierarchy

def test_hl_sequence_and_parent() -> None:
    lines = broken_body("856", ("replace", "HL*3*2*P*1", "HL*5*9*P*1"))
    issues = run("856", lines)
    assert [(i.code, i.segment_id, i.element_position, i.bad_value) for i in issues] == [
        ("7", "HL", 1, "5"), ("7", "HL", 2, "9"), ("7", "HL", 2, "3")]  # HL 4's parent 3 never came
    assert "out of sequence" in issues[0].message and "not an earlier HL" in issues[1].message


def test_hl_duplicate_id() -> None:
    issues = run("856", broken_body("856", ("replace", "HL*4*3*I*0", "HL*3*3*I*0")))
    assert [(i.code, i.element_position, i.bad_value) for i in issues] == [("7", 1, "3")]
    assert "used twice" in issues[0].message


def test_hl_level_must_follow_bsn05_structure() -> None:
    # structure 0001 is Shipment, Order, (Tare,) Pack, Item: an order under an item is inverted
    lines = broken_body("856", ("insert_after", "SN1**10*EA", "HL*5*4*O*0"))
    issue = one(run("856", lines))
    assert where(issue)[:6] == ("element", "7", "HL", 16, "HL", 3)
    assert "cannot be under level 'I'" in issue.message


def test_hl_levels_not_checked_for_unknown_structures() -> None:
    lines = broken_body("856", ("replace", "BSN*00*SHIP123*20240131*1200*0001", "BSN*00*SHIP123*20240131*1200*9999"))
    lines = [ln if ln != "HL*4*3*I*0" else "HL*4*3*Z*0" for ln in lines]
    assert run("856", lines) == []


# ------------------------------------------------------------------ API contract

def test_validator_for_unknown_version_or_set_is_none() -> None:
    assert validator_for("003060", "856") is None
    assert validator_for("004010", "855") is None
    assert validator_for("004010VICS", "850") is not None


def test_component_separator_is_honoured() -> None:
    lines = broken_body("850", ("replace", "REF*DP*042", "REF*DP*042**DP>1"))
    assert run("850", lines, component=">") == []
    issue = one(run("850", broken_body("850", ("replace", "N3*1 Main St", "N3*1 Main>St")), component=">"))
    assert (issue.code, issue.segment_id) == ("6", "N3")


def test_finish_without_se_reports_missing_body_segments_only() -> None:
    v = validator_for("004010", "945")
    assert v is not None
    for pos, line in enumerate(["ST*945*0001", "W06*F*ORD123*20240203*SHIP123"], start=1):
        v.feed(line.split("*"), pos)
    codes = [(i.code, i.segment_id) for i in v.finish()]
    # the header N1 loop and the summary W03 are mandatory in the 004010 table; W27 is optional
    assert codes == [("3", "N1"), ("3", "W03")]


def test_999_codes_and_ordinals() -> None:
    issue = Issue(level="segment", code="3", message="m")
    assert ack999_code(issue) == "3"
    assert (ordinal(1), ordinal(2), ordinal(10), ordinal(11)) == ("first", "second", "tenth", "#11")


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_messages_are_plain_sentences(version: str) -> None:
    issues = run("850", broken_body("850", ("replace", "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905",
                                              "PO1*1*10*EA*2.50*PE*VN*ABC123*UP")), version)
    issue = one(issues)
    assert issue.message.startswith("PO1 at segment 13 (first order line): PO109")
    assert issue.describe().startswith("PO1 at segment 13, element 09:")
