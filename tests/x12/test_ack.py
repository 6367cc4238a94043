"""TA1, 997 and 999 output, checked segment by segment."""

from __future__ import annotations

import datetime as dt
import io

from gateway.control_numbers import MemoryAllocator
from gateway.errors import Issue
from gateway.x12.ack import AckOptions, acknowledge
from gateway.x12.engine import validate_stream
from tests.x12.core_fixtures import FakeFactory, body_850, element_issue, group, interchange, isa, text

NOW = dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC)


def ack(data: str, factory: FakeFactory | None = None, allocator: MemoryAllocator | None = None,
        **options: object) -> list[str]:
    report = validate_stream(io.BytesIO(data.encode()), "t.edi", validator_factory=factory or FakeFactory())
    out = acknowledge(report, allocator or MemoryAllocator(), AckOptions(now=NOW, **options))  # type: ignore[arg-type]
    return [s.strip() for s in out.split("~") if s.strip()]


ISA_BACK = ("ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SENDER         *240201*0930*U*00401*000000001"
            "*0*P*:")


def test_clean_group_gets_a_997_with_ak2_for_every_set() -> None:
    segs = ack(text(interchange([group([body_850(), body_850()], control="77")])))
    assert segs == [
        ISA_BACK,
        "GS*FA*APPRECV*APPSEND*20240201*0930*1*X*004010",
        "ST*997*0001",
        "AK1*PO*77",
        "AK2*850*0001",
        "AK5*A",
        "AK2*850*0002",
        "AK5*A",
        "AK9*A*2*2*2",
        "SE*8*0001",
        "GE*1*1",
        "IEA*1*000000001",
    ]


def test_ak2_for_every_set_can_be_turned_off() -> None:
    factory = FakeFactory({"0002": [element_issue(5)]})
    segs = ack(text(interchange([group([body_850(), body_850()])])), factory, ak2_for_every_set=False)
    assert [s for s in segs if s.startswith(("AK2", "AK5", "AK9"))] == ["AK2*850*0002", "AK5*R*5", "AK9*P*2*2*1"]


def test_ak3_ak4_carry_position_loop_element_and_bad_value() -> None:
    issues = [
        element_issue(5, element=2, code="6", bad="1O"),
        element_issue(5, element=4, code="4", bad="9", de="212", message="price too short"),
        Issue(level="segment", code="7", message="N1 out of order", segment_id="N1", segment_position=4,
              loop_id="N1"),
        Issue(level="element", code="7", message="bad code", segment_id="N1", segment_position=4, loop_id="N1",
              element_position=1, data_element="98", bad_value="XX"),
        Issue(level="element", code="5", message="composite part too long", segment_id="PO1", segment_position=5,
              element_position=5, component_position=2, data_element="355", bad_value="ABCDEF"),
    ]
    segs = ack(text(interchange()), FakeFactory({"0001": issues}))
    body = segs[segs.index("AK2*850*0001"):segs.index("AK9*R*1*1*0") + 1]
    assert body == [
        "AK2*850*0001",
        "AK3*N1*4*N1*7",
        "AK4*1*98*7*XX",
        "AK3*PO1*5*PO1*8",
        "AK4*2*330*6",          # no copy of the bad value for an invalid-character error
        "AK4*4*212*4*9",
        "AK4*5:2*355*5*ABCDEF",  # composite position element:component
        "AK5*R*5",
        "AK9*R*1*1*0",
    ]


def test_ak4_is_capped_at_99_per_segment() -> None:
    many = [element_issue(5, element=1 + n % 20, code="7", bad=f"V{n}") for n in range(150)]
    segs = ack(text(interchange()), FakeFactory({"0001": many}))
    assert sum(1 for s in segs if s.startswith("AK4")) == 99


def test_bad_value_with_a_delimiter_is_not_echoed() -> None:
    segs = ack(text(interchange()), FakeFactory({"0001": [element_issue(5, code="7", bad="A:B")]}))
    assert "AK4*2*330*7" in segs


def test_envelope_errors_go_to_ak5_and_ak9_codes() -> None:
    segs_in = interchange([group([body_850(), body_850()])])
    segs_in = [("SE*99*0001" if s == "SE*7*0001" else s) for s in segs_in]
    segs_in = [("GE*3*1" if s.startswith("GE") else s) for s in segs_in]
    segs = ack(text(segs_in))
    assert [s for s in segs if s.startswith(("AK5", "AK9"))] == ["AK5*R*4", "AK5*A", "AK9*R*3*2*1*5"]


def test_missing_ge_still_acks_with_code_3_and_received_counts() -> None:
    segs_in = [s for s in interchange() if not s.startswith("GE")]
    segs_in[-1] = "IEA*1*000000001"
    segs = ack(text(segs_in))
    assert "AK9*R*1*1*1*3" in segs


def test_ta1_when_requested_and_accepted() -> None:
    segs = ack(text(interchange(ack="1")))
    assert segs[1] == "TA1*000000001*240131*1200*A*000"
    assert segs[2].startswith("GS*FA")


def test_ta1_when_interchange_rejected_and_no_997() -> None:
    segs_in = interchange()
    segs_in[-1] = "IEA*1*000000055"
    segs = ack(text(segs_in))
    assert segs == [ISA_BACK, "TA1*000000001*240131*1200*R*001", "IEA*0*000000001"]


def test_ta1_e_for_a_bad_date_and_997_still_sent() -> None:
    segs = ack(text(interchange(date="241399")))
    assert segs[1] == "TA1*000000001*241399*1200*E*014"
    assert any(s.startswith("ST*997") for s in segs)


def test_never_acknowledge_acknowledgments() -> None:
    fa = group([["AK1*PO*1", "AK9*A*1*1*1"]], fid="FA", set_ids=["997"])
    assert ack(text(interchange([fa], ack="1"))) == []
    ta1_only = [isa(ack="1"), "TA1*000000009*240130*1100*A*000", "IEA*0*000000001"]
    assert ack(text(ta1_only)) == []
    mixed = interchange([fa, group([body_850()], control="2")])
    segs = ack(text(mixed))
    assert [s for s in segs if s.startswith("AK1")] == ["AK1*PO*2"]


def test_one_997_per_group_with_its_own_fa_group() -> None:
    segs = ack(text(interchange([group([body_850()], control="1"), group([body_850()], control="2", fid="PO")])))
    assert [s for s in segs if s.startswith(("GS", "ST", "AK1", "GE"))] == [
        "GS*FA*APPRECV*APPSEND*20240201*0930*1*X*004010", "ST*997*0001", "AK1*PO*1", "GE*1*1",
        "GS*FA*APPRECV*APPSEND*20240201*0930*2*X*004010", "ST*997*0002", "AK1*PO*2", "GE*1*2"]
    assert segs[-1] == "IEA*2*000000001"


def test_ak101_accepts_any_functional_id() -> None:
    segs = ack(text(interchange([group([body_850()], fid="SH", set_ids=["856"])])))
    assert "AK1*SH*1" in segs and "AK2*856*0001" in segs


def test_control_numbers_come_from_the_allocator_per_partner() -> None:
    alloc = MemoryAllocator(start=500)
    first = ack(text(interchange()), allocator=alloc)
    second = ack(text(interchange()), allocator=alloc)
    assert first[0].split("*")[13] == "000000500" and second[0].split("*")[13] == "000000501"
    assert "ST*997*0501" in second and "GE*1*501" in second


def test_999_for_5010_when_asked() -> None:
    issues = [element_issue(5, code="7", bad="XX"),
              Issue(level="segment", code="3", message="missing", segment_id="CTT", segment_position=7)]
    data = text(interchange([group([body_850()], version="005010")], version="00501", r="^"))
    segs = ack(data, FakeFactory({"0001": issues}), use_999=True)
    assert segs[0].split("*")[11:13] == ["^", "00501"]
    assert [s for s in segs if not s.startswith(("ISA", "IEA"))] == [
        "GS*FA*APPRECV*APPSEND*20240201*0930*1*X*005010X231A1",
        "ST*999*0001*005010X231A1",
        "AK1*PO*1*005010",
        "AK2*850*0001",
        "IK3*PO1*5*PO1*8",
        "IK4*2*330*7*XX",
        "IK3*CTT*7**3",
        "IK5*R*5",
        "AK9*R*1*1*0",
        "SE*9*0001",
        "GE*1*1",
    ]
    default = ack(data, FakeFactory({"0001": issues}))
    assert "ST*997*0001" in default and "AK1*PO*1*005010" in default


def test_ack_uses_the_partners_delimiters() -> None:
    segs_in = interchange()
    segs_in[0] = isa(e="|", c=">")
    data = text(segs_in, term="\n", suffix="", e="|")
    report = validate_stream(io.BytesIO(data.encode()), "t", validator_factory=FakeFactory())
    out = acknowledge(report, MemoryAllocator(), AckOptions(now=NOW))
    lines = out.splitlines()
    assert lines[0].startswith("ISA|00|") and lines[0].endswith("|>")
    assert lines[3] == "AK1|PO|1"
