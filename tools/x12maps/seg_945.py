"""Segments and data elements the 945 tables need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

The 945 also uses segments other sets' modules define identically for their own tables (not
repeated here): W6 (seg_940), PAL and R4 (seg_856), FA1 and FA2 (seg_850).

Sources (read, not copied):
- LS and LE: the X12 4010 segment table of Mazomenos/Flexlogic_Onboarding (prisma/EDISegments.ts,
  LS-01 and LE-01 = 447, mandatory); 447 as in the shared dictionary.
- 890 Carrier/Route Change Reason Code (W2710) and 891 Shipping Date Change Reason Code (W0610):
  numbers from stupidedi's 004010 W27/W06 segment definitions and zenbridge's X12 4010 945 W06 page;
  types and lengths ID 2/2 from zenbridge (891) and doc.chinlinktech.com x12/004010 W27 (W27-10).
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "LS": ("Loop Header", "M447", ""),
    "LE": ("Loop Trailer", "M447", ""),
}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    "890": ("ID", 2, 2, "Carrier/Route Change Reason Code"),
    "891": ("ID", 2, 2, "Shipping Date Change Reason Code"),
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
