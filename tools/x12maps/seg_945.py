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
- W28 Consolidation Information (945 heading 140, both releases): element order, requirement and
  type/length per position from the bots record definitions (bots-edi/bots-grammars
  x12/4010/records004010.py and x12/5010/records005010.py, 'W28') and the stedi.com W28 pages
  (x12-003060, x12-004020, x12-005020: W28-01 Consolidation Code M ID 1/1, -02 Weight R 1/10,
  -03 Weight Qualifier ID 1/2, -04 Weight Unit Code ID 1/1, -05 Total Stop-offs N0 1/2, -06 Location
  Identifier AN 1/30, -07 Location Qualifier ID 1/2, -08 Bill of Lading/Waybill Number AN; syntax
  notes P020304 and P0607). Data element numbers from the element names: 604 Consolidation Code
  (stedi x12-002001/element/604, ID 1/1), 81/187/188 Weight/Weight Qualifier/Weight Unit Code (shared
  dictionary), 466 Total Stopoffs (stedi x12-003010/element/466, N0 1/2), 310/309 Location
  Identifier/Qualifier (shared), 598 Bill of Lading/Waybill Number (stedi x12-003030/element/598,
  AN 1/12; the same element, MBL-02, is AN 1/12 on stedi x12-004010/segment/MBL). 598 is AN 1/25 in 005010:
  bots records005010 W2808 (25) and stedi MBL-02 at x12-004020 and x12-005020 (1/25).
- W10 Warehouse Additional Carrier Information (945 heading 150, both releases): nine optional
  elements. Names, types and lengths per position: the bwEDI W10 class generated from
  kasoftware.com/schema/edi/x12/00501/segments/W10 (code index id 15161053968) and the
  Machete X12Schema V5010 W10Map (id 8296504507) (Unit Load Option Code ID 2/2, Quantity of Pallets Shipped N 1/3,
  Pallet Exchange Code ID 1/1, Seal Number AN 2/15 twice, Temperature R 1/4, Unit or Basis for
  Measurement Code ID 2/2, Temperature, Unit or Basis for Measurement Code); the bots records
  (004010 and 005010, 'W10') give the same types/lengths and all nine conditional. Numbers from the
  names: 400, 406, 399, 225, 225, 408, 355, 408, 355 - the dictionary entries of those numbers
  (elements.py 400/225/355, seg_940 399, seg_210 406, seg_856 408) have exactly these types and
  lengths. No syntax notes were found in a published copy (none modelled). stupidedi's 004010 W10 (quirkyinc/stupidedi
  lib/stupidedi/versions/functional_groups/004010/segment_defs/W10.rb: 406 406 399 225, W1004
  mandatory) disagrees and was not followed (see the report).
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "LS": ("Loop Header", "M447", ""),
    "LE": ("Loop Trailer", "M447", ""),
    "W10": ("Warehouse Additional Carrier Information", "O400 O406 O399 O225 O225 O408 O355 O408 O355", ""),
    "W28": ("Consolidation Information", "M604 X81 X187 X188 O466 X310 X309 O598", "P020304 P0607"),
}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    # W1219/W1220: stupidedi 004010 W12 and bwEDI's W12 (kasoftware 00501) place them; the elements from the
    # dcsnewyork 004010 dictionary (el892, el893), chinlinktech 004010/892, stedi 3060/892 and 6020/893
    "892": ("ID", 2, 2, "Line Item Change Reason Code"),
    "893": ("ID", 1, 1, "Warehouse Detail Adjustment Identifier"),
    "890": ("ID", 2, 2, "Carrier/Route Change Reason Code"),
    "891": ("ID", 2, 2, "Shipping Date Change Reason Code"),
    "466": ("N0", 1, 2, "Total Stopoffs"),
    "598": ("AN", 1, 12, "Bill of Lading/Waybill Number"),
    "604": ("ID", 1, 1, "Consolidation Code"),
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {
    "598": ("AN", 1, 25, "Bill of Lading/Waybill Number"),
}
