"""Envelope checks, one test per ISO 9735 (0085) code the engine reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.edifact.duplicates import MemoryInterchangeRegistry
from gateway.edifact.engine import iter_messages, validate_file
from gateway.edifact.envelope import Options
from gateway.errors import EdiInputError, Issue
from gateway.report import FileReport
from tests.edifact.conftest import ORDERS_BODY, interchange, message

Writer = Callable[..., Path]


def codes(issues: list[Issue]) -> list[str]:
    return [i.code for i in issues if i.severity == "error"]


def only(report: FileReport) -> tuple:
    ic = report.interchanges[0]
    return ic, ic.groups[0], ic.groups[0].sets[0]


def test_valid_interchange_is_accepted(edi_file: Writer) -> None:
    report = validate_file(edi_file(interchange()))
    ic, group, msg = only(report)
    assert not report.rejected
    assert (ic.control_number, ic.sender, ic.sender_qualifier, ic.receiver) == ("IC1", "SENDER", "14", "RECEIVER")
    assert group.functional_id is None and group.control_number is None
    assert (msg.set_id, msg.control_number, msg.version, msg.segment_count) == ("ORDERS", "1", "D:96A:UN", 11)
    assert msg.issues == [] and ic.ack_code == "7"


def test_unz_reference_mismatch_is_28(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange(unz_ref="OTHER"))).interchanges[0]
    assert codes(ic.issues) == ["28"] and ic.status == "rejected"


def test_unz_count_mismatch_is_29(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange(unz_count=2))).interchanges[0]
    assert codes(ic.issues) == ["29"]


def test_unt_count_counts_unh_and_unt(edi_file: Writer) -> None:
    _, _, msg = only(validate_file(edi_file(interchange([message(count=10)]))))
    assert codes(msg.issues) == ["29"] and msg.issues[0].segment_id == "UNT" and msg.status == "rejected"


def test_unt_reference_mismatch_is_28(edi_file: Writer) -> None:
    _, _, msg = only(validate_file(edi_file(interchange([message(trailer_ref="9")]))))
    assert codes(msg.issues) == ["28"]


def test_missing_unz_is_13(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange(unz=False))).interchanges[0]
    assert codes(ic.issues) == ["13"] and ic.issues[0].segment_id == "UNZ"


def test_missing_unt_is_13(edi_file: Writer) -> None:
    msg1 = message("1")[:-1]
    report = validate_file(edi_file(interchange([msg1, message("2")])))
    sets = report.all_sets()
    assert codes(sets[0].issues) == ["13"] and sets[0].issues[0].segment_id == "UNT"
    assert sets[1].status == "accepted"


def test_groups_counted_by_unz_and_une_checked(edi_file: Writer) -> None:
    group = ["UNG+ORDERS+APPS+APPR+260101:1200+G1+UN+D:96A", *message("1"), *message("2"), "UNE+2+G1"]
    text = interchange([group], unz_count=1)
    report = validate_file(edi_file(text))
    ic = report.interchanges[0]
    assert not report.rejected
    assert [(g.functional_id, g.control_number, len(g.sets)) for g in ic.groups] == [("ORDERS", "G1", 2)]
    bad = interchange([["UNG+ORDERS+APPS+APPR+260101:1200+G1+UN+D:96A", *message("1"), "UNE+3+G2"]], unz_count=1)
    g = validate_file(edi_file(bad)).interchanges[0].groups[0]
    assert sorted(codes(g.issues)) == ["28", "29"]
    # UNZ counting messages although UNG is used: 29.
    wrong = interchange([group], unz_count=2)
    assert codes(validate_file(edi_file(wrong)).interchanges[0].issues) == ["29"]


def test_groups_mixed_with_bare_messages_is_30(edi_file: Writer) -> None:
    group = ["UNG+ORDERS+APPS+APPR+260101:1200+G1+UN+D:96A", *message("2"), "UNE+1+G1"]
    ic = validate_file(edi_file(interchange([message("1"), group], unz_count=2))).interchanges[0]
    assert "30" in codes(ic.issues)


def test_message_type_other_than_group_is_31(edi_file: Writer) -> None:
    group = ["UNG+INVOIC+APPS+APPR+260101:1200+G1+UN+D:96A", *message("1"), "UNE+1+G1"]
    msg = validate_file(edi_file(interchange([group], unz_count=1))).all_sets()[0]
    assert codes(msg.issues) == ["31"]


def test_empty_interchange_is_32(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange([], unz_count=0))).interchanges[0]
    assert codes(ic.issues) == ["32"]


def test_segment_between_messages_is_33(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange([message("1"), ["BGM+220+X+9"]], unz_count=1))).interchanges[0]
    assert codes(ic.issues) == ["33"]


def test_unsupported_syntax_version_is_2(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange(syntax="UNOC:7"))).interchanges[0]
    assert codes(ic.issues) == ["2"]


def test_unb_without_syntax_version_is_tolerated(edi_file: Writer) -> None:
    report = validate_file(edi_file(interchange(syntax="UNOC")))
    ic = report.interchanges[0]
    assert not report.rejected and [i.severity for i in ic.issues] == ["warning"]


def test_unknown_syntax_identifier_is_2(edi_file: Writer) -> None:
    ic = validate_file(edi_file(interchange(syntax="ABCD:3"))).interchanges[0]
    assert "2" in codes(ic.issues)


def test_lower_case_under_unoa_is_21_and_policy_can_relax_it(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:2], "FTX+AAI+++lower case", *ORDERS_BODY[2:]]
    path = edi_file(interchange([message(body=body)], syntax="UNOA:3"))
    msg = validate_file(path).all_sets()[0]
    assert codes(msg.issues) == ["21"] and msg.issues[0].segment_id == "FTX"
    assert msg.issues[0].element_position == 4
    relaxed = validate_file(path, options=Options(charset="warn")).all_sets()[0]
    assert relaxed.status == "accepted" and relaxed.issues[0].severity == "warning"
    assert validate_file(edi_file(interchange([message(body=body)], syntax="UNOB:3"))).all_sets()[0].issues == []


def test_utf8_under_unoc_is_explained(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:2], "FTX+AAI+++CAF\u00c9", *ORDERS_BODY[2:]]
    path = edi_file(interchange([message(body=body)], syntax="UNOC:3"), encoding="utf-8")
    issue = validate_file(path).all_sets()[0].issues[0]
    assert issue.code == "21" and issue.hint and "UTF-8" in issue.hint


def test_duplicate_interchange_reference_within_window_is_26(edi_file: Writer) -> None:
    registry = MemoryInterchangeRegistry()
    opts = Options(registry=registry, received_at=datetime(2026, 1, 1, tzinfo=UTC))
    path = edi_file(interchange())
    assert codes(validate_file(path, options=opts).interchanges[0].issues) == []
    assert codes(validate_file(path, options=opts).interchanges[0].issues) == ["26"]
    later = Options(registry=registry, received_at=datetime(2026, 6, 1, tzinfo=UTC))
    assert codes(validate_file(path, options=later).interchanges[0].issues) == []
    # Two interchanges with the same reference in one file.
    twice = interchange() + interchange(una=None)
    report = validate_file(edi_file(twice))
    assert [codes(ic.issues) for ic in report.interchanges] == [[], ["26"]]


def test_no_unb_is_a_clean_refusal(edi_file: Writer) -> None:
    with pytest.raises(EdiInputError) as exc:
        validate_file(edi_file("UNA:+.? '\nUNH+1+ORDERS:D:96A:UN'\nUNT+2+1'\n"))
    assert "no UNB" in str(exc.value) and exc.value.source


def test_only_una_is_a_clean_refusal(edi_file: Writer) -> None:
    with pytest.raises(EdiInputError):
        validate_file(edi_file("UNA:+.? '"))


def test_version_zero_read_as_d(edi_file: Writer) -> None:
    body = ["BGM+351+DES1+9", "CPS+1", "LIN+1++9780738507330:EN", "QTY+12:5"]
    msg = validate_file(edi_file(interchange([message(body=body, msg_id="DESADV:0:96A:UN")]))).all_sets()[0]
    assert msg.status == "accepted" and [i.severity for i in msg.issues] == ["warning"]


def test_iter_messages_materialises_one_message_at_a_time(edi_file: Writer) -> None:
    comma = [b.replace("12.50", "12,50") for b in ORDERS_BODY]
    text = interchange([message("1", body=comma), message("2")], una="UNA:+,? '")
    msgs = list(iter_messages(edi_file(text)))
    assert [m.reference for m in msgs] == ["1", "2"]
    first = msgs[0]
    assert (first.message_type, first.version, first.release, first.agency) == ("ORDERS", "D", "96A", "UN")
    assert first.interchange_reference == "IC1" and first.sender == "SENDER" and first.decimal_mark == ","
    assert first.segments[0].tag == "UNH" and first.segments[-1].tag == "UNT"
    assert first.find("QTY")[0].elements == [["21", "10"]]
    assert first.find("NAD")[1].value(2, 1) == "4012345000009"
    assert first.status == "accepted"
    assert first.number(first.find("PRI")[0].value(1, 2)) == Decimal("12.50")
    # The second message uses '.' although UNA declares ',': invalid decimal notation (19).
    assert msgs[1].status == "rejected" and codes(msgs[1].issues) == ["19"]


def test_group_version_differing_from_message_is_a_warning(edi_file: Writer) -> None:
    group = ["UNG+ORDERS+APPS+APPR+260101:1200+G1+UN+D:96B", *message("1"), "UNE+1+G1"]
    msg = validate_file(edi_file(interchange([group], unz_count=1))).all_sets()[0]
    assert msg.status == "accepted" and [(i.code, i.severity) for i in msg.issues] == [("12", "warning")]


def test_validate_bytes_matches_validate_file(edi_file: Writer) -> None:
    from gateway.edifact.engine import validate_bytes

    text = interchange([message("1", count=3)])
    assert validate_bytes(text.encode()).to_dict()["interchanges"] == \
        validate_file(edi_file(text)).to_dict()["interchanges"]


def test_unh_reference_too_long_is_39(edi_file: Writer) -> None:
    msg = validate_file(edi_file(interchange([message("123456789012345")]))).all_sets()[0]
    assert [(i.code, i.segment_id, i.element_position, i.data_element) for i in msg.issues] == [
        ("39", "UNH", 1, "0062")]
