"""Segments and data elements the 210 tables need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

Sources (read, not copied; element numbers, order, requirement, type and length):
- C2, M7, H1, H2, H6, L9: the 004010 segment tables of the Rust crate x12-types
  (github apimeister/x12-types, ``src/v004010/segment.rs`` and ``src/v004010/segment/*.rs``);
  H1 P0708 also on stedi.com/edi/x12-004020/segment/H1 (and 003050, 006010); C2 layout also on
  stedi.com/edi/x12-004020/segment/C2 (C203 2/80, C206 1/2, C207 DT 8/8).
- The dictionary entries below: the same x12-types tables (type, min/max).
- Used from other helpers' modules, not repeated here: SPO and CD3 (seg_214.py; the SPO element list
  matches bwEDI's class generated from kasoftware 00401 segments/SPO), elements 619 34 108 591 647
  (seg_214.py) and 399 (seg_940.py).

C201 is data element 8 Bank Client Code, ID 1/1 (sources at the element). H6's notes R0107 C0201 are
the ones stedi prints for 003070, 004050 and 005020, the releases either side of 004010 and 005010.

005010 (``SEGMENTS_005010``/``ELEMENTS_005010``, sources at each entry): the 005010 layouts of L11 and
OID (which the 005010 210 table uses for N9 and SPO), R3 (R310-R312) and S5 (S511), and the 005010
lengths of 117 and 207. The element lists of every other 210 segment were compared with the Bots EDI
005010 record definitions (bots-edi/bots-grammars ``x12/5010/records005010.py``) and found the same
(count, order, lengths), except L1 (a 22nd element, R 2/9) and L4 (a 6th, AN 1/30), whose data element
numbers were not found in a published 005010 copy: not added (reported).
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "C2": ("Bank ID", "M8 M66 M67 O20 O7 O107 O373", ""),
    "M7": ("Seal Numbers", "M225 O225 O225 O225 O98", ""),
    "H1": ("Hazardous Material", "M62 O209 O208 O64 O63 O200 X77 X355 O254", "P0708"),
    "H2": ("Additional Hazardous Material Description", "M64 O274", ""),
    "H6": ("Special Services", "X560 O560 O406 O399 O81 O188 X108", "R0107 C0201"),
    "L9": ("Charge Detail", "M150 M782", ""),
}
# 005010 layouts (the 005010 table uses L11 for N9 and OID for SPO):
# - L11: five elements in 005010 (Bots records005010.py ``L11``: 1/50, 2/3, 1/80, DT 8/8, 1/1); names and
#   types L1104 Date (373) and L1105 Yes/No Condition or Response Code (1073) from stedi.com
#   x12-004040/segment/L11 and doc.chinlinktech.com x12/008010/segment/L11; notes R0103 P0102 (stedi 004040).
#   004010 keeps the shared three-element L11 (segments.py).
# - OID: eleven elements (Bots records005010.py ``OID``; element names, order and types as on
#   doc.chinlinktech.com x12/004050/segment/OID: 127 324 127 211 380 188 81 184 183 647 127); notes
#   R0102 C0302 P0405 P0607 P0809 from stedi.com x12/segment/OID and x12-008020/segment/OID (OID12/13 and
#   P1213 came later: Bots' 005010 OID stops at OID11).
# - R3: twelve elements (Bots records005010.py ``R3``: R310-R312 ID 2/2); R310-R312 are three Service Level
#   Codes (284), R310/R311 conditional, with C1110 and C1211: stedi.com x12/segment/R3, zenbridge.io
#   edi-dictionary X12/5050/210 segment R3-800 (and X12/4010/210 R3-80, and internal.dcsnewyork.com 4010 858
#   R3); the shared R3 in segments.py now has these twelve elements in both releases.
# - S5: eleven elements (Bots records005010.py ``S5``: S511 1/1); S511 is Accomplish Code (190, ID 1/1, optional):
#   stedi.com x12-004030/segment/S5, zenbridge.io X12/5050/204 segment S5-100, internal.dcsnewyork.com 4010
#   858 S5; the shared S5 in segments.py now has these eleven elements in both releases.
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {
    "L11": ("Business Instructions and Reference Number", "X127 X128 X352 O373 O1073", "R0103 P0102"),
    "OID": (
        "Order Information Detail",
        "X127 X324 O127 X211 X380 X188 X81 X184 X183 O647 O127",
        "R0102 C0302 P0405 P0607 P0809",
    ),
    # L406 Industry Code (1271): Bots records005010 L4 (AN 1/30 at position 6); the name from stedi 006020
    "L4": ("Measurement", "M82 M189 M65 M90 O380 O1271", ""),
}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    # C201: zenbridge X12/6040 C2, chinlinktech 004050 and 003010 C2, bwEDI's C2 (kasoftware 00501), x12-types
    "8": ("ID", 1, 1, "Bank Client Code"),
    "7": ("AN", 6, 17, "Bank Account Number"),
    "20": ("AN", 3, 9, "Client Bank Number"),
    "62": ("AN", 4, 10, "Hazardous Material Code"),
    "63": ("AN", 1, 24, "Hazardous Material Contact"),
    "64": ("AN", 2, 30, "Hazardous Material Description"),
    "77": ("N0", 1, 3, "Flashpoint Temperature"),
    "274": ("AN", 1, 30, "Hazardous Material Classification"),
    "406": ("N0", 1, 3, "Quantity of Pallets Shipped"),
    "458": ("AN", 2, 25, "Dunnage Description"),
    "372": ("ID", 1, 1, "Lading Liability Code"),
    "375": ("ID", 2, 2, "Tariff Service Code"),
    # S511 (005010 S5): stedi.com x12-004030/segment/S5, internal.dcsnewyork.com 4010 858 S5 (ID 1/1)
    "190": ("ID", 1, 1, "Accomplish Code"),
}
# 117 Prepaid Amount (L106, L307) is N2 1/15 in 005010: Bots records005010.py L106/L307 (15, N2) and
# stedi.com x12-005020/segment/L1 (L1-06 1/15); 004010 has 1/9.
# 207 Equipment Number (N702) is AN 1/15 in 005010: Bots records005010.py N702 (15); doc.chinlinktech.com
# x12/007010 and stedi.com x12-007040 segment/N7 show 1/15 too, x12-003050/003060 1/10.
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {
    "117": ("N2", 1, 15, "Prepaid Amount"),
    "207": ("AN", 1, 15, "Equipment Number"),
}
