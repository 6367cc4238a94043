"""CONTRL built from a validation report, checked segment by segment (syntax 3 and 4), and APERAK."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from gateway.control_numbers import MemoryAllocator
from gateway.edifact.aperak import ApplicationError, OriginalMessage, build_aperak, wrap_interchange
from gateway.edifact.engine import acknowledge_file, validate_file
from tests.edifact.conftest import ORDERS_BODY, interchange, message

Writer = Callable[..., Path]
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln]


def test_syntax3_all_accepted(edi_file: Writer) -> None:
    path = edi_file(interchange([message("1"), message("2")]))
    out = acknowledge_file(path, allocator=MemoryAllocator(start=500), now=NOW)
    assert lines(out) == [
        "UNA:+.? '",
        "UNB+UNOC:3+RECEIVER:14+SENDER:14+261126:0930+500'",
        "UNH+500+CONTRL:D:3:UN'",
        "UCI+IC1+SENDER:14+RECEIVER:14+7'",
        "UCM+1+ORDERS:D:96A:UN+7'",
        "UCM+2+ORDERS:D:96A:UN+7'",
        "UNT+5+500'",
        "UNZ+1+500'",
    ]


def test_syntax4_segment_and_element_errors(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:5], "QTY+21:1O", *ORDERS_BODY[6:]]
    bad = message("2", body=[b for b in body if not b.startswith("BGM")])
    path = edi_file(interchange([message("1"), bad], syntax="UNOC:4", una=None))
    out = acknowledge_file(path, allocator=MemoryAllocator(), now=NOW)
    assert lines(out) == [
        "UNA:+.?*'",
        "UNB+UNOC:4+RECEIVER:14+SENDER:14+20261126:0930+1'",
        "UNH+1+CONTRL:4:1:UN'",
        "UCI+IC1+SENDER:14+RECEIVER:14+7'",
        "UCM+1+ORDERS:D:96A:UN+7'",
        "UCM+2+ORDERS:D:96A:UN+4'",
        "UCS+2+13'",
        "UCS+6'",
        "UCD+37+1:2'",
        "UNT+8+1'",
        "UNZ+1+1'",
    ]


def test_message_level_error_goes_in_ucm(edi_file: Writer) -> None:
    path = edi_file(interchange([message("7", count=99)]))
    out = lines(acknowledge_file(path, now=NOW))
    assert "UCM+7+ORDERS:D:96A:UN+4+29+UNT+1'" in out


def test_interchange_rejected_gets_uci_4_without_ucm(edi_file: Writer) -> None:
    path = edi_file(interchange(unz_ref="WRONG"))
    out = lines(acknowledge_file(path, now=NOW))
    assert out[3] == "UCI+IC1+SENDER:14+RECEIVER:14+4+28+UNZ+2'"
    assert not any(ln.startswith("UCM") for ln in out)


def test_groups_get_ucf(edi_file: Writer) -> None:
    group = ["UNG+ORDERS+APPS+APPR+260101:1200+G1+UN+D:96A", *message("1"), "UNE+1+G1"]
    out = lines(acknowledge_file(edi_file(interchange([group], unz_count=1)), now=NOW))
    assert out[4:6] == ["UCF+G1+APPS+APPR+7'", "UCM+1+ORDERS:D:96A:UN+7'"]


def test_receipt_only_is_action_8(edi_file: Writer) -> None:
    out = lines(acknowledge_file(edi_file(interchange()), now=NOW, receipt_only=True))
    assert out[3] == "UCI+IC1+SENDER:14+RECEIVER:14+8'" and len(out) == 6


def test_policy_requested_follows_unb0031(edi_file: Writer) -> None:
    plain = edi_file(interchange())
    asked = edi_file(interchange(extra_unb="++++1"))
    assert acknowledge_file(plain, policy="requested") == ""
    assert "CONTRL" in acknowledge_file(asked, policy="requested")
    assert acknowledge_file(asked, policy="never") == ""


def test_never_contrl_in_reply_to_contrl(edi_file: Writer) -> None:
    original = edi_file(interchange())
    contrl = acknowledge_file(original, now=NOW)
    assert acknowledge_file(edi_file(contrl)) == ""


def test_our_contrl_validates_against_the_contrl_map(edi_file: Writer) -> None:
    body = [*ORDERS_BODY[:5], "QTY+21:1O", *ORDERS_BODY[6:]]
    for syntax in ("UNOC:3", "UNOC:4"):
        path = edi_file(interchange([message("1"), message("2", body=body)], syntax=syntax))
        report = validate_file(edi_file(acknowledge_file(path, now=NOW)))
        assert not report.rejected, report.to_dict()
        assert [s.set_id for s in report.all_sets()] == ["CONTRL"]
        assert all(i.severity == "warning" for s in report.all_sets() for i in s.issues) is True
        assert not [i for s in report.all_sets() for i in s.issues]


def test_control_numbers_come_from_the_allocator(edi_file: Writer) -> None:
    alloc = MemoryAllocator(start=42)
    path = edi_file(interchange())
    first = lines(acknowledge_file(path, allocator=alloc, now=NOW))
    second = lines(acknowledge_file(path, allocator=alloc, now=NOW))
    assert first[1].endswith("+42'") and second[1].endswith("+43'")


def test_aperak_round_trips_and_validates(edi_file: Writer) -> None:
    alloc = MemoryAllocator()
    original = OriginalMessage("ORDERS", "M1", "IC1", "SENDER", "US", document_number="PO123")
    msg = build_aperak(original, [ApplicationError("12", "Unknown item 4000862141404: it is not in the "
                                                   "catalogue?", "LI", "1")], alloc, now=NOW)
    assert msg.startswith("UNH+1+APERAK:D:96A:UN'BGM+313+APERAK1+27'")
    assert "FTX+AAO+++Unknown item 4000862141404?: it is not in the catalogue??'" in msg
    text = wrap_interchange([msg], sender=("US", "14"), recipient=("SENDER", "14"), allocator=alloc, now=NOW)
    report = validate_file(edi_file(text))
    assert not report.rejected, report.to_dict()
    assert report.all_sets()[0].set_id == "APERAK" and report.all_sets()[0].issues == []
