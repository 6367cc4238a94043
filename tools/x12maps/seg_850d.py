"""Segments and data elements the 850 detail table (PO1 loop) need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

The other segments of the PO1 loop that the shared dictionary lacks come from the header helper's
:mod:`tools.x12maps.seg_850` (SI, PWK, DIS, INC, TXI, CTB, SPI, NX2, ADV) and from
:mod:`tools.x12maps.seg_945` (LS, LE); they are used as defined there.

Sources (read, not copied; issue #2, 850 detail round):
- CN1: element numbers 1166 782 332 127 338 799 and requirements from EdiFabric/X12.NET
  ``EdiFabric.Examples.X12.Templates.V4010/EF_X12_004010_Segments.cs`` (class CN1), cross-checked
  with pyx12's own 004010 837 map (``837.4010.X098.A1.xml``, segment CN1: same numbers, CN101 the
  only required one, no syntax notes); 799 Version Identifier AN 1/30 from pyx12's 004010
  ``dataele.xml`` (the shared dictionary has it only in ``CHANGES_005010``, with the same type).
- PO3: element list, requirements (PO301/PO306/PO307 M, PO303/PO305 C), types and the note
  L040305 from the ws2.segment.co.il X12 004040 PO3 page and Stedi's x12-003020 / x12 PO3 pages,
  element numbers cross-checked with the EdiFabric 004010 template (371 373 236 212 639 380 355
  352).
- IT8: element numbers and order from the EdiFabric 004010 template (563 306 610 508 373 559 566
  then ten 235/234 pairs), requirements and types from the ws2.segment.co.il X12 004040 IT8 page
  (same list, IT805 DT 8/8), the notes R0102030507, P0809 ... P2627 from Stedi's x12-003050,
  x12-003060 and x12-008050 IT8 pages (the layouts that bracket 004010).
- IT3: elements, requirements, types and the notes P0102 R01030405 from the 004010 850 IT3 page of
  internal.dcsnewyork.com (``tech/edi/x12/850/2002IT3.htm``, "Pos: 200 Max: 5, Loop: PO1").

PO301 and IT305 are data element 371 Change Reason Code, ID 2/2 (segment.co.il X12 004010
``el371``, zenbridge X12 4010 element 371, Stedi x12-007040 element 371).
"""

from __future__ import annotations

# IT808 .. IT827: ten Product/Service ID qualifier/value pairs, each pair P-noted.
_IT8_PAIRS = " ".join("X235 X234" for _ in range(10))
_IT8_NOTES = " ".join(f"P{n:02d}{n + 1:02d}" for n in range(8, 27, 2))

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "CN1": ("Contract Information", "M1166 O782 O332 O127 O338 O799", ""),
    "PO3": ("Additional Item Detail", "M371 O373 X236 O212 X639 M380 M355 O352", "L040305"),
    "IT8": (
        "Conditions of Sale",
        "X563 X306 X610 O508 X373 O559 X566 " + _IT8_PAIRS,
        "R0102030507 " + _IT8_NOTES,
    ),
    "IT3": ("Additional Item Data", "X382 X355 X368 X383 X371", "P0102 R01030405"),
}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    # CN106; same definition as elements.CHANGES_005010 (pyx12 004010 dataele.xml: AN 1/30)
    "799": ("AN", 1, 30, "Version Identifier"),
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
