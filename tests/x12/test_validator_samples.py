"""Small valid documents of every set and version (written for these tests), and broken variants.

The valid ones must pass the map-driven validator without a single issue; the broken ones are
shared with the differential test against pyx12 (tests/x12/test_differential.py), which also
feeds the valid ones to pyx12.
"""

from __future__ import annotations

import pytest

from gateway.errors import Issue
from gateway.x12.validator import validator_for
from tests.x12.samples_005010 import VALID_005010

VALID: dict[str, list[str]] = {
    "850": [
        "ST*850*0001", "BEG*00*SA*PO123**20240131", "CUR*BY*USD", "REF*DP*042",
        "PER*BD*Jane Buyer*TE*5551234567", "FOB*PP", "ITD*01*3*2**10**30", "DTM*002*20240215",
        "TD5*O*2*UPSN*M*UPS GROUND", "N1*ST*Store 42*92*0042", "N3*1 Main St", "N4*Springfield*IL*62701*US",
        "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905", "PID*F****Blue widget", "PO4*12*1*EA",
        "SDQ*EA*92*0042*5*0043*5", "PO1*2*4*CA*10**VN*XYZ", "DTM*002*20240220", "CTT*2", "SE*20*0001",
    ],
    "856": [
        "ST*856*0001", "BSN*00*SHIP123*20240131*1200*0001", "DTM*011*20240131", "HL*1**S*1",
        "TD1*CTN25*2****G*28*LB", "TD5*B*2*UPSN*M", "REF*BM*BOL123", "N1*ST*Store 42*92*0042",
        "HL*2*1*O*1", "PRF*PO123", "HL*3*2*P*1", "MAN*GM*00012345678901234567", "HL*4*3*I*0",
        "LIN**UP*012345678905*VN*ABC123", "SN1**10*EA", "CTT*4", "SE*17*0001",
    ],
    "940": [
        "ST*940*0001", "W05*N*ORD123*PO123", "N1*ST*Store 42*92*0042", "N3*1 Main St",
        "N4*Springfield*IL*62701", "G62*10*20240201", "W66*PP*M***UPS GROUND", "LX*1", "W01*10*EA**VN*ABC123",
        "G69*Blue widget", "N9*LI*1", "W76*10", "SE*13*0001",
    ],
    "945": [
        "ST*945*0001", "W06*F*ORD123*20240203*SHIP123", "N1*ST*Store 42*92*0042", "W27*M*UPSN", "LX*1",
        "W12*CC*10*10**EA**VN*ABC123", "W03*10", "SE*8*0001",
    ],
    "214": [
        "ST*214*0001", "B10*PRO123*SHIP123*SCAC", "L11*PO123*PO", "N1*SH*Shipper Inc", "N3*1 Dock Rd",
        "N4*Chicago*IL*60601", "LX*1", "AT7*X6*NS***20240131*1200*LT", "MS1*Chicago*IL*US", "MS2*SCAC*TRL123",
        "L11*BOL123*BM", "AT8*G*L*1200*10", "SE*13*0001",
    ],
    "210": [
        "ST*210*0001", "B3**INV123*SHIP123*PP**20240131*12500**20240130*035*SCAC", "C3*USD", "N9*BM*BOL123",
        "G62*86*20240129", "N1*SH*Shipper Inc", "N3*1 Dock Rd", "N4*Chicago*IL*60601", "N1*CN*Consignee LLC",
        "LX*1", "L5*1*WIDGETS", "L0*1***500*G***10*CTN", "L1*1*25.00*PH*12500", "L3*500*G***12500",
        "SE*15*0001",
    ],
    "997": [
        "ST*997*0001", "AK1*PO*1", "AK2*850*0001", "AK3*PO1*10*PO1*8", "AK4*2*330*6", "AK5*R*5", "AK9*R*1*1*0",
        "SE*8*0001",
    ],
    "999": [
        "ST*999*0001*005010X231A1", "AK1*PO*1*005010", "AK2*850*0001", "IK3*PO1*10**8",
        "CTX*SITUATIONAL TRIGGER*PO1*10", "IK4*2*330*6", "IK5*R*5", "AK9*R*1*1*0", "SE*9*0001",
    ],
}

# (name, set id, what to change) - each breaks exactly one thing in VALID[set id]:
# ("replace", old, new) | ("insert_after", anchor, new) | ("delete", old)
BROKEN: list[tuple[str, str, tuple[str, ...]]] = [
    ("850-qty-not-number", "850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*4O*CA*10**VN*XYZ")),
    ("850-beg-po-missing", "850", ("replace", "BEG*00*SA*PO123**20240131", "BEG*00*SA***20240131")),
    ("850-beg-date-invalid", "850", ("replace", "BEG*00*SA*PO123**20240131", "BEG*00*SA*PO123**20240230")),
    ("850-po-number-too-long", "850", ("replace", "BEG*00*SA*PO123**20240131",
                                       "BEG*00*SA*PO12345678901234567890123**20240131")),
    ("850-pid-bad-code", "850", ("replace", "PID*F****Blue widget", "PID*Q****Blue widget")),
    ("850-po1-pair-broken", "850", ("replace", "PO1*2*4*CA*10**VN*XYZ", "PO1*2*4*CA*10**VN")),
    ("850-unknown-segment", "850", ("insert_after", "REF*DP*042", "ZZZ*1")),
    ("850-segment-of-940", "850", ("insert_after", "REF*DP*042", "W05*N*1")),
    ("850-cur-out-of-order", "850", ("insert_after", "DTM*002*20240215", "CUR*BY*USD")),
    ("850-n3-too-many", "850", ("replace", "N3*1 Main St", "N3*1 Main St*Suite 2*Extra")),
    ("850-beg-missing", "850", ("delete", "BEG*00*SA*PO123**20240131")),
    ("850-beg-twice", "850", ("insert_after", "BEG*00*SA*PO123**20240131", "BEG*00*SA*PO124**20240131")),
    ("850-dtm-bad-time", "850", ("replace", "DTM*002*20240215", "DTM*002*20240215*2561")),
    ("856-hl-missing-level", "856", ("replace", "HL*2*1*O*1", "HL*2*1**1")),
    ("856-sn1-qty-bad", "856", ("replace", "SN1**10*EA", "SN1**1X*EA")),
    ("856-bsn-missing", "856", ("delete", "BSN*00*SHIP123*20240131*1200*0001")),
    ("856-hl04-bad-code", "856", ("replace", "HL*4*3*I*0", "HL*4*3*I*7")),
    ("940-w01-uom-missing", "940", ("replace", "W01*10*EA**VN*ABC123", "W01*10***VN*ABC123")),
    ("940-w05-missing", "940", ("delete", "W05*N*ORD123*PO123")),
    ("940-n4-state-too-long", "940", ("replace", "N4*Springfield*IL*62701", "N4*Springfield*ILL*62701")),
    ("945-n1-missing", "945", ("delete", "N1*ST*Store 42*92*0042")),
    ("945-w12-qty-bad", "945", ("replace", "W12*CC*10*10**EA**VN*ABC123", "W12*CC*10*1.2.3**EA**VN*ABC123")),
    ("945-w03-missing", "945", ("delete", "W03*10")),
    ("214-b10-scac-missing", "214", ("replace", "B10*PRO123*SHIP123*SCAC", "B10*PRO123*SHIP123")),
    ("214-at7-date-bad", "214", ("replace", "AT7*X6*NS***20240131*1200*LT", "AT7*X6*NS***20241331*1200*LT")),
    ("214-ms2-unknown-seg", "214", ("insert_after", "MS2*SCAC*TRL123", "QQ9*1")),
    ("210-b3-amount-bad", "210", ("replace", "B3**INV123*SHIP123*PP**20240131*12500**20240130*035*SCAC",
                                  "B3**INV123*SHIP123*PP**20240131*125.00**20240130*035*SCAC")),
    ("210-l1-charge-too-long", "210", ("replace", "L1*1*25.00*PH*12500", "L1*1*25.00*PH*1234567890123")),
    ("997-ak5-missing", "997", ("delete", "AK5*R*5")),
    ("997-ak304-bad-code", "997", ("replace", "AK3*PO1*10*PO1*8", "AK3*PO1*10*PO1*9")),
    ("997-ak9-count-bad", "997", ("replace", "AK9*R*1*1*0", "AK9*R*1*X*0")),
    ("999-ik5-missing", "999", ("delete", "IK5*R*5")),
    ("999-ik3-position-bad", "999", ("replace", "IK3*PO1*10**8", "IK3*PO1*1O**8")),
]

VERSIONS_OF: dict[str, tuple[str, ...]] = {s: ("004010", "005010") for s in VALID}
VERSIONS_OF["999"] = ("005010",)



def valid(set_id: str, version: str = "004010") -> list[str]:
    """The small valid sample of ``set_id`` in ``version``'s layout."""
    if version >= "005010" and set_id in VALID_005010:
        return VALID_005010[set_id]
    return VALID[set_id]


def applies(set_id: str, change: tuple[str, ...], version: str) -> bool:
    """Whether a BROKEN change can be made to ``version``'s sample (its anchor segment is there)."""
    return change[1] in valid(set_id, version)


def broken_body(set_id: str, change: tuple[str, ...], version: str = "004010") -> list[str]:
    """The valid sample with one change applied (SE01 kept right so only the intended error remains)."""
    lines = list(valid(set_id, version))
    op = change[0]
    if op == "replace":
        lines[lines.index(change[1])] = change[2]
    elif op == "insert_after":
        lines.insert(lines.index(change[1]) + 1, change[2])
    elif op == "delete":
        lines.remove(change[1])
    se = lines[-1].split("*")
    lines[-1] = f"SE*{len(lines)}*{se[2]}"
    return lines


def edited(base: list[str], *edits: tuple[str, str, list[str]]) -> list[str]:
    """``base`` with ``("after"|"replace", anchor, new lines)`` edits applied, SE01 kept right."""
    lines = list(base)
    for how, anchor, new in edits:
        at = lines.index(anchor)
        if how == "replace":
            lines[at : at + 1] = new
        else:
            lines[at + 1 : at + 1] = new
    lines[-1] = f"SE*{len(lines)}*{lines[-1].split('*')[2]}"
    return lines


def run(set_id: str, lines: list[str], version: str = "004010", component: str = ":",
        repetition: str | None = None) -> list[Issue]:
    """Feed a set (one segment per line, '*' separated) to the validator and return its issues."""
    v = validator_for(version, set_id, component_separator=component, repetition_separator=repetition)
    assert v is not None, (version, set_id)
    for pos, line in enumerate(lines, start=1):
        v.feed(line.split("*"), pos)
    return v.finish()


def run_in(set_id: str, lines: list[str], version: str = "004010") -> list[Issue]:
    """:func:`run` with the version's own separators (``^`` repeats from 005010 on)."""
    return run(set_id, lines, version, repetition="^" if version >= "005010" else None)


def summary(issues: list[Issue]) -> list[tuple]:
    """(segment, code, element position, data element) of each issue: what the AK3/AK4 would say."""
    return [(i.segment_id, i.code, i.element_position, i.data_element) for i in issues]


@pytest.mark.parametrize(("set_id", "version"), [(s, v) for s, vs in VERSIONS_OF.items() for v in vs])
def test_valid_samples_have_no_issues(set_id: str, version: str) -> None:
    lines = valid(set_id, version)
    assert lines[-1] == f"SE*{len(lines)}*0001"
    assert run(set_id, lines, version, repetition="^" if version >= "005010" else None) == []


@pytest.mark.parametrize(("name", "set_id", "change"), BROKEN, ids=[b[0] for b in BROKEN])
def test_every_broken_sample_is_caught(name: str, set_id: str, change: tuple[str, ...]) -> None:
    version = "005010" if set_id == "999" else "004010"
    issues = run(set_id, broken_body(set_id, change), version)
    assert issues, name
    for issue in issues:
        assert issue.message and issue.segment_id and issue.segment_position
