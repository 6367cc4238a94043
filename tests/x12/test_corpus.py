"""Real-world files from ../shared/corpus: every X12 file gets an ack or a clean refusal, and the
verdicts of the files whose defects SOURCES.md names are pinned (envelope level, so they do not
move when the maps change; the map-driven verdicts are B's tests).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from gateway.control_numbers import MemoryAllocator
from gateway.errors import EdiInputError, Issue
from gateway.report import FileReport
from gateway.x12.ack import AckOptions, acknowledge
from gateway.x12.engine import validate_file, validate_stream

pytestmark = pytest.mark.corpus
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def x12_files(corpus: Path) -> list[Path]:
    return sorted(p for d in corpus.iterdir() if d.is_dir() and (d.name.startswith("x12-") or d.name == "malformed-x12")
                  for p in d.iterdir() if p.is_file())


def errors(issues: list[Issue]) -> list[str]:
    return [i.code for i in issues if i.severity == "error"]


def test_every_x12_file_gets_an_ack_or_a_clean_refusal(corpus_dir: Path) -> None:
    files = x12_files(corpus_dir)
    assert len(files) >= 60
    refused = []
    for path in files:
        try:
            report = validate_file(path)
        except EdiInputError as exc:
            assert exc.source == str(path) and exc.reason, path
            refused.append(path.name)
            continue
        out = acknowledge(report, MemoryAllocator(), AckOptions(now=NOW))
        is_ack_only = all(ic.extra.get("ack_only") for ic in report.interchanges)
        if is_ack_only:
            assert out == "", path  # acknowledgments are never acknowledged
            continue
        assert out.startswith("ISA"), path
        back = validate_stream(io.BytesIO(out.encode("utf-8")), "ack", validator_factory=None)
        assert not back.rejected, (path, back.to_dict())
        assert len(back.interchanges) == len(report.interchanges)
    assert sorted(refused) == ["badx12_not-edi.edi", "gt_inconsistent-isa-separator.edi"]


def envelope(corpus: Path, name: str) -> FileReport:
    return validate_file(corpus / name, validator_factory=None)


def test_nbsp_padded_isa_reads_and_iea02_mismatch_is_001(corpus_dir: Path) -> None:
    r = envelope(corpus_dir, "x12-850/ednet_850_nbsp-in-isa.edi")
    ic = r.interchanges[0]
    assert (ic.sender, ic.receiver, ic.control_number) == ("000123456", "PARTNERID", "000000055")
    assert errors(ic.issues) == ["001"] and ic.ack_code == "R"
    assert r.all_sets()[0].status == "accepted"


def test_bad_se01_is_ak502_4(corpus_dir: Path) -> None:
    s = envelope(corpus_dir, "malformed-x12/ediengine_940_bad-se01.edi").all_sets()[0]
    assert errors(s.issues) == ["4"] and s.status == "rejected"


def test_missing_ge_is_ak905_3(corpus_dir: Path) -> None:
    g = envelope(corpus_dir, "malformed-x12/gt_no-ge-trailer.edi").interchanges[0].groups[0]
    assert errors(g.issues) == ["3"] and g.ack_code == "R"


def test_80_column_wrapped_210_parses_clean(corpus_dir: Path) -> None:
    r = envelope(corpus_dir, "x12-210/staedi_210_80col-wrapped.edi")
    assert not r.rejected
    s = r.all_sets()[0]
    assert (s.set_id, s.control_number, s.segment_count) == ("210", "1305", 31)
    assert r.interchanges[0].time == "0224"


@pytest.mark.parametrize("name", ["x12-214/staedi_214_ellipsis-term.edi", "x12-856/oopfactory_856_ellipsis-term.txt"])
def test_ellipsis_terminators_parse(corpus_dir: Path, name: str) -> None:
    r = envelope(corpus_dir, name)
    assert not r.rejected
    assert r.interchanges[0].extra["delimiters"].segment == "\u2026"


def test_945_garbled_gs_and_st02_too_long(corpus_dir: Path) -> None:
    g = envelope(corpus_dir, "x12-945/oopfactory_945_inter-american.txt").interchanges[0].groups[0]
    assert "4" in errors(g.issues)
    assert errors(g.sets[0].issues)[0] == "7"
    assert g.ack_code == "R"


def test_unpadded_iea02_is_only_a_warning_in_multi_interchange_file(corpus_dir: Path) -> None:
    r = envelope(corpus_dir, "x12-940/ediengine_940_multi-isa.edi")
    assert not r.rejected
    assert [len(g.sets) for ic in r.interchanges for g in ic.groups] == [2, 1, 2, 1]
    assert [i.code for i in r.interchanges[0].issues if i.severity == "warning"] == ["001"]


def test_all_three_control_numbers_mismatched(corpus_dir: Path) -> None:
    ic = envelope(corpus_dir, "malformed-x12/ediengine_control-number-mismatch.edi").interchanges[0]
    assert errors(ic.issues) == ["001"]
    assert errors(ic.groups[0].issues) == ["4"]
    assert errors(ic.groups[0].sets[0].issues) == ["3"]


def test_wrong_group_and_set_counts(corpus_dir: Path) -> None:
    ic = envelope(corpus_dir, "malformed-x12/ediengine_bad-group-and-tx-counts.edi").interchanges[0]
    assert errors(ic.issues) == ["021"] and errors(ic.groups[0].issues) == ["5"]


@pytest.mark.parametrize(("name", "level", "code"), [
    ("malformed-x12/gt_no-iea-trailer.edi", "interchange", "023"),
    ("malformed-x12/gt_no-st-heading.edi", "interchange", "024"),
    ("malformed-x12/gt_no-gs-heading.edi", "interchange", "021"),
    ("malformed-x12/gt_no-se-trailer.edi", "set", "2"),
    ("malformed-x12/gt_no-matching-segment-count.edi", "set", "4"),
    ("malformed-x12/gt_no-matching-st-count.edi", "group", "5"),
    ("malformed-x12/gt_unknown-release.edi", "interchange", "003"),
    ("malformed-x12/stupidedi_856_mixed-terminators.edi", "set", "4"),
    ("malformed-x12/stupidedi_850_003010_bad-se.edi", "group", "2"),
    ("x12-940/oopfactory_940_simplot.txt", "interchange", "001"),
    ("x12-210/oopfactory_210_dbschenker.txt", "group", "4"),
    ("x12-ta1/staedi_ta1.txt", "interchange", "021"),
])
def test_pinned_defect_codes(corpus_dir: Path, name: str, level: str, code: str) -> None:
    r = envelope(corpus_dir, name)
    found = {"interchange": [c for ic in r.interchanges for c in errors(ic.issues)],
             "group": [c for ic in r.interchanges for g in ic.groups for c in errors(g.issues)],
             "set": [c for s in r.all_sets() for c in errors(s.issues)]}[level]
    assert code in found
    assert r.rejected


def test_ta1_only_interchange_is_never_acknowledged(corpus_dir: Path) -> None:
    for name in ("x12-ta1/staedi_ta1.txt", "x12-ta1/oopfactory_ta1_gt-delim.txt", "x12-ta1/oopfactory_ta1_two.txt"):
        r = envelope(corpus_dir, name)
        assert acknowledge(r, MemoryAllocator(), AckOptions(now=NOW)) == ""


def test_gt_delimiter_ta1_reads_with_crlf_terminator(corpus_dir: Path) -> None:
    d = envelope(corpus_dir, "x12-ta1/oopfactory_ta1_gt-delim.txt").interchanges[0].extra["delimiters"]
    assert (d.element, d.component, d.segment) == (">", "+", "\n")


@pytest.mark.parametrize("name", [
    "x12-850/oopfactory_850_adobe-shrinkwrapped.txt", "x12-850/stupidedi_850_isa08-16chars.edi",
    "x12-214/ednet_214_isa-line-break.edi", "x12-850/oopfactory_850_adobe-clp.txt",
    "x12-997/staedi_997_isb-ise.edi", "x12-997/stupidedi_997_4010.edi", "x12-856/vscode-x12_856_pipe-delim.edi",
])
def test_quirky_but_valid_envelopes_are_accepted(corpus_dir: Path, name: str) -> None:
    r = envelope(corpus_dir, name)
    assert not r.rejected, r.to_dict()


def test_dual_version_groups_dispatch_per_group(corpus_dir: Path) -> None:
    ic = envelope(corpus_dir, "x12-850/staedi_810-850_dual-version.edi").interchanges[0]
    assert [(g.version, g.ack_code) for g in ic.groups] == [("004010", "A"), ("003010", "R")]
    assert errors(ic.groups[1].issues) == ["2"]
