"""Segments and data elements the 940 tables need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

Sources (read, not copied):
- W6: stedi.com x12-003050 / x12-003060 segment W6 (four Special Handling Codes, ID 2/3, the first
  mandatory); element 152 "Special Handling Code" as numbered on kasoftware 00403 segment B4 (B401).
- W66's new elements (the W66 layout itself is in segments.py): kasoftware 00303 segment W66
  (W6603 399, W6604 400, W6606 433, W6607 434, W6608 625) and stedi.com x12-005010 segment W66
  (types and lengths: 399 ID 1/1, 433 ID 2/2, 434 AN 1/30, 625 ID 1/1).
- R2: kasoftware 00403 segment R2 (R201-R211: 140 133 19 154 177 91 296 296 76 373 369) and the
  DCS 858 004010 guide page internal.dcsnewyork.com/tech/edi/x12/858/170R2.htm (the same numbers with
  the 004010 requirements, types and lengths, 13 elements); R212 Type of Service Code (ID 2/2) and R213
  Route Description (AN 1/35) named on stedi.com x12-004010/x12-005010 R2, note C0807 there. R212 is
  numbered 56 by the shared dictionary's "Type of Service Code" (not seen on an R2 page); R213 is loose.
- W09: stedi.com x12-003040, x12-004020 and x12-008030 segment W09 (nine elements: Equipment
  Description Code M ID 2/2, Temperature, Unit or Basis for Measurement Code, Temperature, Unit or
  Basis for Measurement Code, Free-form Message AN 1/60, Vent Setting Code ID 1/1, Percent N0 1/3,
  Quantity R 1/15; notes P0203 P0405); the numbers by the same-named elements on published pages: 40
  (kasoftware 00304 W2A07), 408 Temperature R 1/4 (DCS 858 004010 LH207, as in seg_856), 355, 3
  Free Form Message AN 1/60 (kasoftware 00404 ZR06), 380. W0907 and W0908 are loose (no number found).
- G66: stedi.com x12-005010 and x12 (latest) segment G66 (seven optional elements: Shipment Method of
  Payment, Transportation Method/Type Code, Pallet Exchange Code, Unit Load Option Code, Routing, F.O.B.
  Point Code, F.O.B. Point, with the types and lengths of W6601-W6607), kasoftware 00401 element page
  G66/G6601 (146); the other numbers are those of the same-named W66 elements (kasoftware 00303 W66).
- Used from other modules, not repeated here: LH2 LH3 LFH LEP LH4 LHT LHR (seg_856), LS LE (seg_945),
  FA1 FA2 (seg_850); LH2 004010 (11 elements) agrees with internal.dcsnewyork.com/tech/edi/x12/858/
  180LH2.htm.
- W01's new elements: zenbridge.io X12 5050/7010 940 segment W01 (416 Pallet Block and Tiers N0 6/6,
  286 Product/Service Condition Code ID 2/2); 416 as N0 6/6 also on stedi.com x12-003060 G70-09.
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "W6": ("Special Handling Information", "M152 O152 O152 O152", ""),
    "W09": ("Equipment and Temperature", "M40 X408 X355 X408 X355 O3 O* O* O380", "P0203 P0405"),
    "G66": ("Transportation Instructions", "O146 O91 O399 O400 O387 O433 O434", ""),
    "R2": (
        "Route Information",
        "M140 M133 O19 O154 O177 O91 X296 O296 O76 O373 O369 O56 O*",
        "C0807",
    ),
}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    "399": ("ID", 1, 1, "Pallet Exchange Code"),
    "433": ("ID", 2, 2, "F.O.B. Point Code"),
    "434": ("AN", 1, 30, "F.O.B. Point"),
    "625": ("ID", 1, 1, "COD Method of Payment Code"),
    "416": ("N0", 6, 6, "Pallet Block and Tiers"),
    "286": ("ID", 2, 2, "Product/Service Condition Code"),
    "3": ("AN", 1, 60, "Free-form Message"),
    "177": ("ID", 1, 2, "Intermodal Service Code"),
    "296": ("ID", 2, 4, "Intermediate Switch Carrier"),
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
