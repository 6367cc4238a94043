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

Loose (``*``, AN 1/264, never rejects a value): C201. x12-types gives data element 8 "Bank Client
Code" ID 1/1, but the shared dictionary has 8 as "Bill of Lading Waybill Number" AN 1/21 (reported
to the lead). Syntax notes of H6 were not found: its X elements are written X, without notes.
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "C2": ("Bank ID", "M* M66 M67 O20 O7 O107 O373", ""),
    "M7": ("Seal Numbers", "M225 O225 O225 O225 O98", ""),
    "H1": ("Hazardous Material", "M62 O209 O208 O64 O63 O200 X77 X355 O254", "P0708"),
    "H2": ("Additional Hazardous Material Description", "M64 O274", ""),
    "H6": ("Special Services", "X560 O560 O406 O399 O81 O188 X108", ""),
    "L9": ("Charge Detail", "M150 M782", ""),
}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
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
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
