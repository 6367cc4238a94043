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
  numbered 56 and R213 742 since round 2 (below).
- W09: stedi.com x12-003040, x12-004020 and x12-008030 segment W09 (nine elements: Equipment
  Description Code M ID 2/2, Temperature, Unit or Basis for Measurement Code, Temperature, Unit or
  Basis for Measurement Code, Free-form Message AN 1/60, Vent Setting Code ID 1/1, Percent N0 1/3,
  Quantity R 1/15; notes P0203 P0405); the numbers by the same-named elements on published pages: 40
  (kasoftware 00304 W2A07), 408 Temperature R 1/4 (DCS 858 004010 LH207, as in seg_856), 355, 3
  Free Form Message AN 1/60 (kasoftware 00404 ZR06), 380. W0907 and W0908: 1122 and 488 since round 2 (below).
- G66: stedi.com x12-005010 and x12 (latest) segment G66 (seven optional elements: Shipment Method of
  Payment, Transportation Method/Type Code, Pallet Exchange Code, Unit Load Option Code, Routing, F.O.B.
  Point Code, F.O.B. Point, with the types and lengths of W6601-W6607), kasoftware 00401 element page
  G66/G6601 (146); the other numbers are those of the same-named W66 elements (kasoftware 00303 W66).
- Used from other modules, not repeated here: LH2 LH3 LFH LEP LH4 LHT LHR (seg_856), LS LE (seg_945),
  FA1 FA2 (seg_850); LH2 004010 (11 elements) agrees with internal.dcsnewyork.com/tech/edi/x12/858/
  180LH2.htm.
- W01's new elements: zenbridge.io X12 5050/7010 940 segment W01 (416 Pallet Block and Tiers N0 6/6,
  286 Product/Service Condition Code ID 2/2); 416 as N0 6/6 also on stedi.com x12-003060 G70-09.

Round 2 (see /tmp/research/r2-940-report.md):
- R212/R213: apimeister/x12-types v004010 segment doc table R2 (12 = 56 Type of Service Code ID 2/2,
  13 = 742 Route Description AN 1/35; R207 X, R208 O as in C0807). R213 is no longer loose.
- W0907/W0908: named Vent Setting Code ID 1/1 and Percent (Integer Format) N0 1/3 on stedi.com W09
  and kasoftware 00501 W09 (via the bwEDI W09 class); numbered by the X12 dictionary entries of exactly
  those names and types: 1122 (stedi.com x12 element 1122; EdiFabric code-list class X12_ID_1122 "Vent
  Setting Code") and 488 (stedi.com x12-003040 element 488 "Percent" N0 1/3, x12 element 488 "Percent,
  Integer Format"). No page was found that prints the numbers inside W09 itself.
- BNX (004010 and 005010 header): apimeister/x12-types v004010 segment doc table BNX (460 Shipment
  Weight Code ID 1/1, 129 Referenced Pattern Identifier AN 1/13, 11 Billing Code ID 1/1, 223 Repetitive
  Pattern Number N0 5/5, all optional, no X); the same numbers on an EdiFabric BNX class (DataElement
  460/129/11/223); 129 AN 1/13 on stedi.com x12-004010 element 129. That EdiFabric class (an older
  release, dates DT 6/6) marks BNX02 Exclusion(4) (E0204); the 004010 table shows no conditional
  element, so no note is written (see the report).
- LH6: apimeister/x12-types v004010 segment doc table LH6 (93 Name AN 1/60, 272 Hazardous
  Certification Code ID 1/1 X, 273 Hazardous Certification Declaration AN 1/25 X, 273 O); note P0203
  on stedi.com x12-003040 and x12-003070 LH6; 272/273 types on stedi.com x12 elements 272 and 273.
- AT9 (005010 TD3 loop): apimeister/x12-types segment doc table AT9 (567 65 189 187 188 81 184 183);
  types and notes P040506 P0708 on stedi.com x12-003070 and x12-004060 AT9 (the same on
  doc.chinlinktech.com x12/008010 AT9). The elements are already in the shared dictionary.
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "W6": ("Special Handling Information", "M152 O152 O152 O152", ""),
    "W09": ("Equipment and Temperature", "M40 X408 X355 X408 X355 O3 O1122 O488 O380", "P0203 P0405"),
    "G66": ("Transportation Instructions", "O146 O91 O399 O400 O387 O433 O434", ""),
    "R2": (
        "Route Information",
        "M140 M133 O19 O154 O177 O91 X296 O296 O76 O373 O369 O56 O742",
        "C0807",
    ),
    "BNX": ("Rail Shipment Information", "O460 O129 O11 O223", ""),
    "LH6": ("Hazardous Certification", "O93 X272 X273 O273", "P0203"),
    "AT9": (
        "Trailer or Container Dimension and Weight",
        "O567 O65 O189 X187 X188 X81 X184 X183",
        "P040506 P0708",
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
    "742": ("AN", 1, 35, "Route Description"),
    "1122": ("ID", 1, 1, "Vent Setting Code"),
    "488": ("N0", 1, 3, "Percent"),
    "460": ("ID", 1, 1, "Shipment Weight Code"),
    "129": ("AN", 1, 13, "Referenced Pattern Identifier"),
    "11": ("ID", 1, 1, "Billing Code"),
    "223": ("N0", 5, 5, "Repetitive Pattern Number"),
    "272": ("ID", 1, 1, "Hazardous Certification Code"),
    "273": ("AN", 1, 25, "Hazardous Certification Declaration"),
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
