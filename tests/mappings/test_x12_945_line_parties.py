"""The 945's parties come from the header N1 loop only.

The 005010 table has an N1 loop inside the W12 loop (a line-level party, e.g. where that line was
shipped from); it must not be taken for, or replace, a party of the whole shipping advice.
"""

from __future__ import annotations

import pytest

from gateway.mappings import X12_INBOUND
from tests.mappings.helpers import parsed

HEADER = [["ST", "945", "0001"], ["W06", "F", "SO-1001", "20240203", "SHIP1"],
          ["N1", "ST", "Store 42", "92", "0042"]]
LINE = [["LX", "1"], ["W12", "CC", "10", "10", "", "EA", "", "VN", "ABC123"]]
LINE_PARTY = [["N1", "SF", "Overflow DC", "92", "DC9"], ["N3", "9 Dock Rd"]]
TRAILER = [["W03", "10"]]


def _body(*parts: list[list[str]]) -> list[list[str]]:
    segs = [seg for part in parts for seg in part]
    return [*segs, ["SE", str(len(segs) + 1), "0001"]]


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_an_n1_inside_a_line_is_not_a_header_party(version: str) -> None:
    without = X12_INBOUND["945"](parsed(_body(HEADER, LINE, TRAILER), version), None).document
    with_line_party = X12_INBOUND["945"](parsed(_body(HEADER, LINE, LINE_PARTY, TRAILER), version), None).document
    assert [p.role for p in without.parties] == ["ST"]
    assert with_line_party.parties == without.parties
    assert with_line_party.lines == without.lines
