"""Segments and data elements the 856 tables need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

Sources (read, not copied; the report of this round lists them per item):

- element numbers and requirement designators of every segment below: a published X12 004010
  segment table (repository Mazomenos/Flexlogic_Onboarding, ``prisma/EDISegments.ts``, "4010"
  entries for TSD LH2 LH3 LFH LEP LH4 LHT LHR LHE CLD DTP PAL ETD GF V1 R4), cross-checked with
  the apimeister/x12-types 004010 segment docs (LH2 LH3 LFH LEP LH4 LHR LHT ETD PWK GF) and the
  kasoftware-derived 00401 classes of getBackwind/bwEDI-Scripter-Specs (LHE LEP LH4 PAL TSD);
- element types and lengths: the same project's ``prisma/EDIElements.ts`` ("X12 4010"), which
  agrees with x12-types and bwEDI wherever they overlap (883: bwEDI has ID 1/1, the table 1/2;
  the wider one is used, it never rejects a valid code);
- syntax notes: stupidedi 004010 segment definitions (LH2 P0607 P0809 P1011, LH3 P0102, LFH
  P0506), Stedi's X12 references (LH4 P0812 at 008030; V1 R0102 C0801 at 003070; CLD C0504 at
  006020/007050; GF P0102 P0506 P0809 at 003030/003050; R4 P0203 at 004060), a 004010 858 guide
  (internal.dcsnewyork.com/tech/edi/x12/858/180R4.htm: R4 P0203) and doc.chinlinktech.com's 003010
  ETD (P0304), only where the note names elements the 004010 segment has with the X designator.
  LEP, whose notes were not found in a published copy, carries its X (relational) designators
  but no note: a missing note can only accept more, never reject a valid document. PAL: below.

PAL05 is data element 395 Unit Weight (R 1/8) in 004010.
"""

from __future__ import annotations

# PAL's syntax notes: Stedi's X12 references print the same six for 003020, 003040 and 005050
# (stedi.com/edi/x12-003020/segment/PAL, edi.stedi.com/x12-003040/segment/PAL and x12-005050/segment/PAL),
# so the releases between them (004010, 005010) carry them too; 008030 adds L10070809 (left out).
_PAL_NOTES = "P0506 C0710 C0810 C0910 P1112 P1314"

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "TSD": ("Trailer Shipment Details", "O350 O219", ""),
    # ---- the LH1 loop (hazardous material)
    "LH2": (
        "Hazardous Classification Information",
        "O215 O983 O218 O222 O759 X355 X408 X355 X408 X355 X408",
        "P0607 P0809 P1011",
    ),
    "LH3": ("Hazardous Material Shipping Name", "X224 X984 O985 O1073", "P0102"),
    "LFH": ("Freeform Hazardous Material Information", "M808 M809 O809 O1023 X355 X380 O380", "P0506"),
    "LEP": ("EPA Required Data", "O806 O807 X156 X127", ""),
    "LH4": (
        "Canadian Dangerous Requirements",
        "O238 O364 O254 O230 O230 O230 O271 X267 O805 O986 O364 X355",
        "P0812",
    ),
    "LHT": ("Transborder Hazardous Requirements", "O215 O218 O222", ""),
    "LHR": ("Hazardous Material Identifying Reference Numbers", "M128 M127 O373", ""),
    "LHE": ("Empty Equipment Hazardous Material Information", "M224 M218 M128 M127 O759", ""),
    # ---- the CLD loop, the rest of the HL loop
    "DTP": ("Date or Time or Period", "M374 M1250 M1251", ""),
    "PAL": (
        "Pallet Information",
        "O883 O884 O885 O356 O395 X355 X82 X189 X65 X355 X384 X355 X385 X355 O399 O810",
        _PAL_NOTES,
    ),
    "ETD": ("Excess Transportation Detail", "M626 M627 X128 X127 O743", "P0304"),
    "GF": (
        "Furnished Goods and Services",
        "X128 X127 O367 O782 X128 X127 O328 X128 X127",
        "P0102 P0506 P0809",
    ),
    "V1": ("Vessel Identification", "X597 X182 O26 O55 O140 O249 O854 O897 O91", "R0102 C0801"),
    "R4": ("Port or Terminal", "M115 X309 X310 O114 O26 O174 O113 O156", "P0203"),
}

# Later releases carry two more LH2 elements (188, 267: net explosive weight, P1213) and LFH08 (373);
# stupidedi and Stedi's later X12 references show them. Accepted in 005010 only: the three 004010
# tables consulted end at LH211 and LFH07.
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {
    "LH2": (
        "Hazardous Classification Information",
        "O215 O983 O218 O222 O759 X355 X408 X355 X408 X355 X408 X188 X267",
        "P0607 P0809 P1011 P1213",
    ),
    "LFH": (
        "Freeform Hazardous Material Information",
        "M808 M809 O809 O1023 X355 X380 O380 O373",
        "P0506",
    ),
    # PAL17 (005010): bots-edi/bots-grammars records005010 PAL has 17 elements (PAL17 1 character),
    # records004010 16; zenbridge.io's X12 6040 PAL names PAL17 data element 1699 Pallet Structure
    # Code (ID 1/1, optional).
    "PAL": (
        "Pallet Information",
        "O883 O884 O885 O356 O395 X355 X82 X189 X65 X355 X384 X355 X385 X355 O399 O810 O1699",
        _PAL_NOTES,
    ),
}

# AT9 (the 005010 TD3 loop) is used from seg_940, defined there as the sources found here have it:
# x12-types src/v005010 AT9 (567 65 189 187 188 81 184 183, O O O X X X X X), Stedi
# x12-004010/segment/AT9 (same list, P040506 P0708), a C# X12 map library's 004010 AT9 (same).
# PWK (with C002 and elements 755 756 757 704 1525) and element 399 are used from seg_850 and
# seg_940, which define them as the 004010 tables consulted here do (PWK: Mazomenos EDISegments.ts
# and x12-types 004010, P0506).
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}

ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    # LH1 loop
    "215": ("ID", 1, 30, "Hazardous Classification"),
    "983": ("ID", 1, 1, "Hazardous Class Qualifier"),
    "218": ("ID", 14, 40, "Hazardous Placard Notation"),
    "222": ("ID", 4, 25, "Hazardous Endorsement"),
    "759": ("ID", 2, 2, "Reportable Quantity Code"),
    "408": ("R", 1, 4, "Temperature"),
    "224": ("AN", 1, 25, "Hazardous Material Shipping Name"),
    "984": ("ID", 1, 1, "Hazardous Material Shipping Name Qualifier"),
    "985": ("ID", 3, 3, "N.O.S. Indicator Code"),
    "808": ("ID", 3, 3, "Hazardous Material Shipment Information Qualifier"),
    "809": ("AN", 1, 25, "Hazardous Material Shipment Information"),
    "1023": ("ID", 1, 1, "Hazard Zone Code"),
    "806": ("ID", 4, 6, "EPA Waste Stream Number Code"),
    "807": ("ID", 12, 16, "Waste Characteristics Code"),
    "238": ("AN", 1, 12, "Emergency Response Plan Number"),
    "230": ("ID", 1, 3, "Subsidiary Classification"),
    "271": ("ID", 1, 2, "Subsidiary Risk Indicator"),
    "267": ("N0", 1, 6, "Net Explosive Quantity"),
    "805": ("AN", 1, 25, "Canadian Hazardous Notation"),
    "986": ("ID", 1, 1, "Special Commodity Indicator Code"),
    # PAL, ETD
    "883": ("ID", 1, 2, "Pallet Type Code"),
    "884": ("N0", 1, 3, "Pallet Tiers"),
    "885": ("N0", 1, 3, "Pallet Blocks"),
    "626": ("ID", 1, 2, "Excess Transportation Reason Code"),
    "627": ("ID", 1, 1, "Excess Transportation Responsibility Code"),
    "743": ("ID", 1, 2, "Returnable Container Freight Payment Responsibility Code"),
    # V1 loop
    "597": ("ID", 1, 8, "Vessel Code"),
    "182": ("AN", 2, 28, "Vessel Name"),
    "55": ("AN", 2, 10, "Flight/Voyage Number"),
    "249": ("ID", 1, 1, "Vessel Requirement Code"),
    "854": ("ID", 2, 2, "Vessel Type Code"),
    "897": ("ID", 1, 1, "Vessel Code Qualifier"),
    "115": ("ID", 1, 1, "Port or Terminal Function Code"),
    "114": ("AN", 2, 24, "Port Name"),
    "174": ("AN", 2, 30, "Terminal Name"),
    "113": ("AN", 1, 4, "Pier Number"),
}
# 267 (LH408, and LH213 in 005010) is 1/10 long in 005010: bots-edi/bots-grammars records005010 LH408
# and LH213 have max 10 where records004010 LH408 has 6 (the same files track 364 80->256 and 127
# 30->50 in LH4/LEP/LHE/LHR, as CHANGES_005010 does). N0 kept: bots writes every numeric as R.
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {
    "267": ("N0", 1, 10, "Net Explosive Quantity"),
    "1699": ("ID", 1, 1, "Pallet Structure Code"),
}
