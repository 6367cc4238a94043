"""Differential test: pyx12 and the gateway validate the same documents against the same maps.

For every valid and broken sample (tests/x12/test_validator_samples.py) of every set and version,
pyx12's ``x12n_document`` (with our maps registered in a copy of its map directory, see
tests/x12/pyx12_maps.py) and the gateway's map-driven validator must agree on accept/reject and on
the AK3 (segment id, position, AK304) and AK4 (element position, AK403) codes.

Every known disagreement is listed in ``KNOWN`` with pyx12's exact answer and the reason (they are
pyx12 defects described in shared/reference/libraries.md or below, and in docs/differential.md).
The test fails on any disagreement not listed, and on a listed one that no longer happens (so the
list stays true).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.errors import Issue
from tests.x12.test_validator_samples import BROKEN, VERSIONS_OF, applies, broken_body, run, valid

pytestmark = pytest.mark.differential

Codes = tuple[bool, tuple[tuple, ...], tuple[tuple, ...]]

# Reasons, referenced by KNOWN.
QUALIFIER = ("pyx12 treats the first ID element with valid codes as the segment's qualifier: a bad code "
             "there makes the whole segment 'not found' (AK304 1) instead of an AK403 7 on the element "
             "(libraries.md 1.4)")
CASCADE = ("pyx12 cannot resynchronise when a mandatory segment at the start of a table is missing: it "
           "reports every following header segment as unrecognised (AK304 1) and never names the missing "
           "one; the gateway reports the one missing segment (AK304 3) and carries on")
FOOTER = ("pyx12 does not report a mandatory segment of the summary table (FOOTER wrapper) that never "
          "arrives before SE, and accepts the set; the gateway reports AK304 3")
TOO_MANY = ("pyx12 reports 'too many elements' as AK304 8 without the AK4 (AK403 3) naming the first "
            "extra element")
WRAPPER_REPEAT = ("pyx12 counts a second BEG as a second occurrence of the HEADER wrapper loop (AK304 4, loop "
                  "over max); the standard code for a segment over its max use is AK304 5")
NOTES_TRAILING = ("pyx12 reports a violated syntax note as AK304 8 with no AK4; the gateway names the missing "
                  "element with AK403 2 (conditional required data element missing)")
NOT_FOUND = ("pyx12 answers AK304 1 (unrecognized segment id) for every segment it cannot place; the gateway "
             "tells 6 (segment of another transaction set) and 7 (not in proper sequence) apart from 1")

# (case id) -> (pyx12's answer as (rejected, AK3 codes, AK4 codes), reason)
KNOWN: dict[str, tuple[Codes, str]] = {}


def _known(case: str, rejected: bool, ak3: list[tuple], ak4: list[tuple], reason: str) -> None:
    KNOWN[case] = ((rejected, tuple(sorted(ak3)), tuple(sorted(ak4))), reason)


for _v in ("004010", "005010"):
    # the 005010 850 sample (tests/x12/samples_005010.py) has an N9 loop (N9, MTX) before N1
    _n9 = 2 if _v >= "005010" else 0
    _known(f"{_v}/850-pid-bad-code", True, [("PID", 14 + _n9, "1")], [], QUALIFIER)
    _known(f"{_v}/850-po1-pair-broken", True, [("PO1", 17 + _n9, "8")], [], NOTES_TRAILING)
    _known(f"{_v}/850-n3-too-many", True, [("N3", 11 + _n9, "8")], [], TOO_MANY)
    _known(f"{_v}/850-beg-missing", True, [(t, p, "1") for p, t in enumerate(
        ["CUR", "REF", "PER", "FOB", "ITD", "DTM", "TD5", *(["N9", "MTX"] if _n9 else []), "N1", "N3", "N4"],
        start=2)], [], CASCADE)
    _known(f"{_v}/850-beg-twice", True, [("BEG", 3, "4")], [], WRAPPER_REPEAT)
    _known(f"{_v}/856-bsn-missing", True, [("DTM", 2, "1")], [], CASCADE)
    # the 005010 940 sample (tests/x12/samples_005010.py) also has the header TD3 loop (TD3, AT9)
    _known(f"{_v}/940-w05-missing", True, [(t, p, "1") for p, t in enumerate(
        ["N1", "N3", "N4", "G62", "W66", *(["TD3", "AT9"] if _v >= "005010" else [])], start=2)], [],
        CASCADE)
    _known(f"{_v}/945-w03-missing", False, [], [], FOOTER)
    _known(f"{_v}/850-segment-of-940", True, [("W05", 5, "1")], [], NOT_FOUND)
    _known(f"{_v}/850-cur-out-of-order", True, [("CUR", 9, "1")], [], NOT_FOUND)


def _cases() -> Iterator[tuple[str, str, str, list[str]]]:
    for set_id, versions in VERSIONS_OF.items():
        for version in versions:
            yield f"{version}/{set_id}-valid", version, set_id, valid(set_id, version)
    for name, set_id, change in BROKEN:
        for version in VERSIONS_OF[set_id]:
            if applies(set_id, change, version):
                yield f"{version}/{name}", version, set_id, broken_body(set_id, change, version)


CASES = list(_cases())


def ours(version: str, set_id: str, body: list[str]) -> Codes:
    """The gateway's verdict in the same shape: AK3 8 added for segments with element errors (as A does)."""
    issues: list[Issue] = run(set_id, body, version, repetition="^" if version >= "005010" else None)
    ak3 = {(i.segment_id, i.segment_position, i.code) for i in issues if i.level == "segment"}
    ak3 |= {(i.segment_id, i.segment_position, "8") for i in issues if i.level == "element"}
    ak4 = {(i.segment_id, i.segment_position, i.element_position, i.code) for i in issues if i.level == "element"}
    rejected = any(i.severity == "error" for i in issues)
    return rejected, tuple(sorted(ak3)), tuple(sorted(ak4))


def theirs(map_dir: Path, version: str, set_id: str, body: list[str], tmp: Path) -> Codes:
    from tests.x12.pyx12_maps import interchange, run_pyx12

    logging.disable(logging.CRITICAL)  # pyx12 logs every error it finds at ERROR level
    try:
        r = run_pyx12(map_dir, interchange(version, set_id, body), tmp)
    finally:
        logging.disable(logging.NOTSET)
    ak3 = {(s, p, c) for s, p, c in r.segment_codes}
    ak3 |= {(s, p, "8") for s, p, _, _ in r.element_codes}
    return r.ack == "R", tuple(sorted(ak3)), tuple(sorted(set(r.element_codes)))


@pytest.mark.parametrize(("case", "version", "set_id", "body"), CASES, ids=[c[0] for c in CASES])
def test_gateway_and_pyx12_agree(case: str, version: str, set_id: str, body: list[str],
                                 pyx12_dirs: dict[str, Path], tmp_path: Path) -> None:
    mine = ours(version, set_id, body)
    pyx = theirs(pyx12_dirs[version], version, set_id, body, tmp_path)
    if case in KNOWN:
        expected_pyx12, reason = KNOWN[case]
        assert pyx == expected_pyx12, f"pyx12's answer changed for a known disagreement ({reason})"
        assert mine != pyx, f"{case} is listed as a disagreement but both now agree: remove it from KNOWN"
        return
    assert mine == pyx, (f"unexplained disagreement on {case}:\n  gateway: {mine}\n  pyx12:   {pyx}")


def test_every_known_disagreement_is_a_real_case() -> None:
    ids = {c[0] for c in CASES}
    assert set(KNOWN) <= ids
