"""Segments and data elements the 214 tables need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

Sources (read, not copied):

- CD3: element list, requirements, types and lengths from apimeister/x12-types
  ``src/v004010/segment.rs`` (CD3, 14 elements); notes P0102 P0708 P0910 and the types of CD304
  (N1 1/4) and CD308/CD310 (N2 1/12) from stedi.com x12-004020 and x12-004030 ``segment/CD3``; C1105
  from stedi.com x12-005050 and x12-007020 ``segment/CD3``. A note tying CD312 to CD311 (x12-types
  marks CD312 optional, CD311 conditional) was not seen in a published copy and is left out.
- NM1: apimeister/x12-types ``src/v004010/segment.rs`` (98 1065 1035 1036 1037 1038 1039 66 67 706 98);
  notes P0809 C1110 as in pyx12's bundled 004010 maps (837.4010.X098.A1.xml); 005010 adds NM112 (1035)
  and C1203 (pyx12 837.5010.X222.A1.xml; docs.rs x12_alt release_5010 nm1.rs). NM105 is
  1037 Name Middle, AN 1/25 (pyx12 dataele.xml).
- SPO: stedi.com x12-003050/x12-003060 ``segment/SPO`` (324 127 355 380 188 81 647 127, P0304 P0506;
  the segment is unchanged up to 4020, where stedi lists it last) and bwEDI's class generated from
  kasoftware 00401 ``segments/SPO`` (same list, lengths).
- OID (used by the 005010 table; the 004010 214 has none) is defined in seg_210.py, identically to
  what this set's sources show (doc.chinlinktech.com x12/004050/segment/OID: 127 324 127 211 380 188 81
  184 183 647 127; stedi.com x12-004030/x12-005020 segment/OID: R0102 C0302 P0405 P0607 P0809; Bots
  records005010.py OID stops at OID11), so it is not repeated here.
- 005010 B10: nine elements (Bots ``x12/5010/records005010.py`` B10: B1008 DT 8/8, B1009 TM 4/8 after
  the seven of 004010); names and numbers (B1008 Date 373 "the transaction creation date", B1009 Time
  337) from stedi.com x12-007060/segment/B10; notes R0106 E0105 P0506 as in every release on stedi.com
  (x12-004030, x12-004050, x12-005050). No note on B1008/B1009 was seen, so none is written.
- 005010 AT5: six elements (Bots records005010.py AT5: AT504 ID 2/2, AT505/AT506 R 1/4): AT504 Unit or
  Basis for Measurement Code 355, AT505/AT506 Temperature 408 (kasoftware.com x12/00403/segments/AT5;
  stedi.com x12-004020 and x12-005020 segment/AT5), notes E0103 E0203 L040506 C0504 C0604 (stedi.com
  x12-004020/x12-004030/x12-005020). Those pages show no R010203 (the shared 004010 AT5 has one).
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "CD3": (
        "Carton (Package) Detail",
        "X187 X81 O619 O34 X284 O108 X122 X58 X122 X58 X284 O284 O591 O26",
        "P0102 P0708 P0910 C1105",
    ),
    "NM1": (
        "Individual or Organizational Name",
        "M98 M1065 O1035 O1036 O1037 O1038 O1039 X66 X67 X706 O98",
        "P0809 C1110",
    ),
    "SPO": (
        "Shipment Purchase Order Detail",
        "M324 O127 X355 X380 X188 X81 O647 O127",
        "P0304 P0506",
    ),
}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {
    "NM1": (
        "Individual or Organizational Name",
        "M98 M1065 X1035 O1036 O1037 O1038 O1039 X66 X67 X706 O98 O1035",
        "P0809 C1110 C1203",
    ),
    "B10": (
        "Beginning Segment for Transportation Carrier Shipment Status Message",
        "X127 O145 M140 O71 X128 X127 O1073 O373 O337",
        "R0106 E0105 P0506",
    ),
    "AT5": (
        "Bill of Lading Handling Requirements",
        "X152 X560 X153 X355 X408 X408",
        "E0103 E0203 L040506 C0504 C0604",
    ),
}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
# 004010 dictionary values: x12-types src/v004010/segment.rs (CD3, NM1 tables), stedi.com CD3/SPO pages,
# pyx12 dataele.xml (591, 1065, 1038, 1039).
ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    "619": ("AN", 2, 3, "Zone"),
    "34": ("N1", 1, 4, "Service Standard"),
    "108": ("ID", 1, 2, "Pick-up or Delivery Code"),
    "591": ("ID", 3, 3, "Payment Method Code"),
    "647": ("ID", 1, 3, "Application Error Condition Code"),
    "1065": ("ID", 1, 1, "Entity Type Qualifier"),
    "1035": ("AN", 1, 35, "Name Last or Organization Name"),
    "1036": ("AN", 1, 25, "Name First"),
    "1038": ("AN", 1, 10, "Name Prefix"),
    "1039": ("AN", 1, 10, "Name Suffix"),
}
# 005010 lengths of the name elements (pyx12 dataele.xml, a 005010 dictionary: 1035 1/60, 1036 1/35)
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {
    "1035": ("AN", 1, 60, "Name Last or Organization Name"),
    "1036": ("AN", 1, 35, "Name First"),
}
