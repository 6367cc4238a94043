"""Envelope validation: every control-number, count and nesting rule, each with its standard code."""

from __future__ import annotations

import io

import pytest

from gateway.errors import Issue
from gateway.report import FileReport
from gateway.x12.engine import validate_stream
from gateway.x12.envelope import EnvelopeChecker, map_version
from tests.x12.core_fixtures import FakeFactory, body_850, element_issue, group, interchange, isa, text


def check(data: str | bytes, factory: FakeFactory | None = None) -> FileReport:
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    return validate_stream(io.BytesIO(raw), "test.edi", validator_factory=factory or FakeFactory())


def codes(issues: list[Issue], severity: str = "error") -> list[str]:
    return [i.code for i in issues if i.severity == severity]


def replace(segs: list[str], old: str, new: str) -> list[str]:
    out = [s.replace(old, new) if s.startswith(old.split("*")[0] + "*") and old in s else s for s in segs]
    assert out != segs, f"{old!r} not found"
    return out


def test_clean_interchange_is_accepted_everywhere() -> None:
    factory = FakeFactory()
    report = check(text(interchange([group([body_850(2), body_850(1)])])), factory)
    ic = report.interchanges[0]
    assert (ic.status, ic.ack_code, ic.control_number, ic.sender, ic.receiver) == (
        "accepted", "A", "000000001", "SENDER", "RECEIVER")
    g = ic.groups[0]
    assert (g.functional_id, g.control_number, g.version, g.status, g.ack_code) == ("PO", "1", "004010", "accepted", "A")
    assert [(s.set_id, s.control_number, s.status, s.segment_count) for s in g.sets] == [
        ("850", "0001", "accepted", 9), ("850", "0002", "accepted", 7)]
    assert not report.rejected
    # the set validator saw ST (position 1), every body segment and SE, counted from ST = 1
    fed = factory.made[0].fed
    assert fed[0] == ("ST", 1) and fed[-1] == ("SE", 9)
    assert [p for _t, p in fed] == list(range(1, 10))


def test_iea02_mismatch_is_ta105_001_and_rejects() -> None:
    segs = interchange()
    segs[-1] = "IEA*1*000000055"
    ic = check(text(segs)).interchanges[0]
    assert codes(ic.issues) == ["001"]
    assert (ic.status, ic.ack_code) == ("rejected", "R")


def test_iea02_numerically_equal_is_a_warning_only() -> None:
    segs = interchange(control="000003438")
    segs[-1] = "IEA*1*3438"
    ic = check(text(segs)).interchanges[0]
    assert codes(ic.issues) == [] and codes(ic.issues, "warning") == ["001"]
    assert ic.status == "accepted"


def test_iea01_wrong_group_count_is_021() -> None:
    segs = interchange()
    segs[-1] = "IEA*2*000000001"
    assert codes(check(text(segs)).interchanges[0].issues) == ["021"]


def test_missing_iea_is_premature_end_023() -> None:
    segs = interchange()[:-1]
    report = check(text(segs))
    assert codes(report.interchanges[0].issues) == ["023"]
    assert report.rejected


def test_new_isa_before_iea_closes_the_open_one_with_023() -> None:
    first = interchange()[:-1]
    report = check(text(first + interchange(control="000000002")))
    assert codes(report.interchanges[0].issues) == ["023"]
    assert codes(report.interchanges[1].issues) == []


def test_missing_ge_is_ak905_3_and_missing_se_is_ak502_2() -> None:
    segs = [s for s in interchange() if not s.startswith(("GE", "SE"))]
    g = check(text(segs)).interchanges[0].groups[0]
    assert codes(g.issues) == ["3"]
    assert codes(g.sets[0].issues) == ["2"]
    assert g.ack_code == "R" and g.sets[0].status == "rejected"


def test_ge01_and_ge02_mismatches() -> None:
    segs = interchange()
    segs = [("GE*2*9" if s.startswith("GE") else s) for s in segs]
    g = check(text(segs)).interchanges[0].groups[0]
    assert codes(g.issues) == ["5", "4"]
    assert g.ack_code == "R"


def test_se01_and_se02_mismatches() -> None:
    segs = [("SE*99*0002" if s.startswith("SE") else s) for s in interchange()]
    s = check(text(segs)).interchanges[0].groups[0].sets[0]
    assert codes(s.issues) == ["4", "3"]
    assert s.status == "rejected"
    assert "SE01 says '99' segments but the set has 7" in s.issues[0].message


def test_duplicate_st02_in_group_is_23() -> None:
    g = group([body_850(), body_850()])
    g = [("ST*850*0001" if s == "ST*850*0002" else ("SE*7*0001" if s == "SE*7*0002" else s)) for s in g]
    sets = check(text(interchange([g]))).interchanges[0].groups[0].sets
    assert codes(sets[0].issues) == [] and codes(sets[1].issues) == ["23"]


@pytest.mark.parametrize(("st02", "code"), [("12", "7"), ("0003100001", "7"), ("", "7")])
def test_st02_length_is_checked(st02: str, code: str) -> None:
    segs = [(f"ST*850*{st02}" if s.startswith("ST") else (f"SE*7*{st02}" if s.startswith("SE") else s))
            for s in interchange()]
    assert codes(check(text(segs)).interchanges[0].groups[0].sets[0].issues) == [code]


def test_bad_st01_is_6() -> None:
    segs = [("ST*85X*0001" if s.startswith("ST") else s) for s in interchange()]
    assert codes(check(text(segs)).interchanges[0].groups[0].sets[0].issues) == ["6"]


@pytest.mark.parametrize(("fid", "set_id", "ok"), [("PO", "850", True), ("SH", "856", True), ("OW", "940", True),
                                                   ("SW", "945", True), ("QM", "214", True), ("IM", "210", True),
                                                   ("SH", "850", False), ("PO", "940", False)])
def test_gs01_must_match_st01(fid: str, set_id: str, ok: bool) -> None:
    g = group([body_850()], fid=fid, set_ids=[set_id])
    s = check(text(interchange([g]))).interchanges[0].groups[0].sets[0]
    assert codes(s.issues) == ([] if ok else ["18"])


def test_set_without_a_map_is_rejected_as_not_supported() -> None:
    report = check(text(interchange()), FakeFactory(supported=("856",)))
    s = report.interchanges[0].groups[0].sets[0]
    assert codes(s.issues) == ["1"] and s.status == "rejected"


@pytest.mark.parametrize(("gs08", "mapped"), [("004010", "004010"), ("004010VICS", "004010"), ("004030", "004010"),
                                              ("005010X231A1", "005010"), ("003060", None), ("", None)])
def test_group_versions(gs08: str, mapped: str | None) -> None:
    assert map_version(gs08) == mapped
    g = check(text(interchange([group([body_850()], version=gs08)]))).interchanges[0].groups[0]
    if mapped:
        assert codes(g.issues) == [] and g.ack_code == "A"
    else:
        assert codes(g.issues) == ["2"] and g.ack_code == "R"
        assert codes(g.sets[0].issues) == ["1"]


def test_bad_gs06_is_6() -> None:
    g = group([body_850()], control="ABC")
    assert codes(check(text(interchange([g]))).interchanges[0].groups[0].issues) == ["6"]


def test_partial_acceptance_gives_p_and_counts() -> None:
    factory = FakeFactory({"0002": [element_issue(5)]})
    g = check(text(interchange([group([body_850(), body_850(), body_850()])])), factory).interchanges[0].groups[0]
    assert [s.status for s in g.sets] == ["accepted", "rejected", "accepted"]
    assert g.ack_code == "P"
    assert check(text(interchange([group([body_850()])])), FakeFactory({"0001": [element_issue(5)]})
                 ).interchanges[0].groups[0].ack_code == "R"


def test_warning_only_set_is_accepted_with_errors() -> None:
    warn = Issue(level="segment", code="8", message="odd", severity="warning", segment_id="N1", segment_position=3)
    g = check(text(interchange()), FakeFactory({"0001": [warn]})).interchanges[0].groups[0]
    assert g.sets[0].status == "accepted_with_errors" and g.ack_code == "E"


@pytest.mark.parametrize(("kw", "code"), [
    ({"date": "241399"}, "014"), ({"time": "2561"}, "015"), ({"ack": "2"}, "019"), ({"usage": "X"}, "020"),
    ({"version": "00100"}, "003"), ({"version": "4010"}, "017"), ({"control": "00000000A"}, "018"),
    ({"c": "A"}, "027"), ({"r": "X"}, "016"),
])
def test_isa_field_checks(kw: dict[str, str], code: str) -> None:
    ic = check(text(interchange(**kw))).interchanges[0]
    assert code in codes(ic.issues)


def test_isa_date_and_time_errors_accept_with_errors() -> None:
    ic = check(text(interchange(date="241399"))).interchanges[0]
    assert (ic.status, ic.ack_code) == ("accepted_with_errors", "E")


def test_isa_qualifier_and_id_checks() -> None:
    segs = interchange()
    segs[0] = segs[0].replace("*ZZ*SENDER         *", "*QQ*               *")
    assert codes(check(text(segs)).interchanges[0].issues) == ["005", "006"]


def test_isa11_non_u_separator_before_00501_is_only_a_warning() -> None:
    ic = check(text(interchange(r="^"))).interchanges[0]
    assert codes(ic.issues) == [] and codes(ic.issues, "warning") == ["016"]


def test_segment_outside_any_set_or_group_is_024() -> None:
    segs = interchange()
    segs.insert(2, "N1*ST*LOST")          # between GS and ST
    segs.insert(1, "REF*XX*STRAY")        # between ISA and GS
    ic = check(text(segs)).interchanges[0]
    assert codes(ic.issues) == ["024", "024"]
    assert "REF at segment 2 is outside any functional group" in ic.issues[0].message


def test_segment_after_iea_is_a_file_level_issue() -> None:
    report = check(text(interchange()) + "IEA*1*000022222~")
    assert [i.code for i in report.issues] == ["024"]
    assert report.rejected


def test_orphan_st_without_gs_is_reported_once() -> None:
    segs = [s for s in interchange() if not s.startswith(("GS", "GE"))]
    segs[-1] = "IEA*0*000000001"
    ic = check(text(segs)).interchanges[0]
    assert codes(ic.issues) == ["024"]


def test_ta1_only_interchange_is_marked_ack_only() -> None:
    segs = [isa(), "TA1*000000009*240130*1100*A*000", "IEA*0*000000001"]
    ic = check(text(segs)).interchanges[0]
    assert ic.status == "accepted" and ic.extra["ack_only"] is True
    assert check(text(interchange())).interchanges[0].extra["ack_only"] is False


def test_issues_are_capped_per_set() -> None:
    many = [element_issue(3 + n % 5, message=f"bad {n}") for n in range(800)]
    report = check(text(interchange()), FakeFactory({"0001": many}))
    issues = report.interchanges[0].groups[0].sets[0].issues
    assert len(issues) == 501
    assert issues[-1].code == "capped" and "more than 500" in issues[-1].message


def test_checker_never_keeps_segments() -> None:
    checker = EnvelopeChecker("x", validator_factory=None)
    report = checker.run(iter([(["ISA", *isa().split("*")[1:]], 1, 0), (["IEA", "0", "000000001"], 2, 100)]))
    assert report.interchanges[0].status == "accepted"
    assert not hasattr(checker, "segments")


def test_duplicate_gs06_and_bad_gs_date_time_are_warnings() -> None:
    g1 = group([body_850()], control="5")
    g2 = [s.replace("20240131*1200", "2024013*2599") if s.startswith("GS") else s for s in group([body_850()], control="5")]
    ic = check(text(interchange([g1, g2]))).interchanges[0]
    second = ic.groups[1]
    assert codes(second.issues) == [] and codes(second.issues, "warning") == ["19", "30", "31"]
    assert second.ack_code == "A"


def test_wrapped_isa_with_line_end_terminator_is_read() -> None:
    segs = interchange()
    data = text(segs, term="", suffix="\n")
    data = data[:60] + "\n" + data[60:]  # the ISA itself broken across two lines
    report = check(data)
    assert not report.rejected
    assert report.interchanges[0].extra["isa_wrapped"] is True
