"""Segments and data elements the 850 header and summary tables need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.

Sources (read, not copied; issue #2, 850 header round):
- element numbers, order and requirement of every segment below: a published 004010 850 segment
  list (TypeScript ``EDISegments`` table, "Version: X12 4010": DIS 653-657, INC 336/C001/380/380/782,
  SI 559/1000/234 pairs, PWK 755/756/757/98/66/67/352/C002/1525, CTB 688/352/673/380/522/610,
  TXI 963/782/954/955/956/441/662/828/325/350, FA1 559/1300/248, FA2 1196/1195, NX2
  1106/166/1096, SPI 786/128/127/790/791/792/353/755/786/559/822/554/1322/1401/1005, CB1
  1309/1310, ADV 559/1000/740/741/729/1000/739, MTX 363/1551/1551/934), cross-checked with the
  EdiFabric X12 segment templates (DataElement numbers of ADV, CB1);
- types, lengths and syntax notes: Stedi's X12 reference (x12-004010 segment pages SPI (P0203),
  SI (P0405..P2021), CTB (R020406 P0304 P0506), FA1, ADV (P0607); x12-004020 TXI (R020306 P0405
  C0803), FA2; x12-003070 MTX (C0102 C0302, 4 elements as in the 004010 list); x12-003060/006020
  DIS), kasoftware's 00401 SPI/CTB/CB1 pages (via the bwEDI generated classes), pyx12's own 004010
  837 map for PWK (elements and P0506) and its dataele.xml for 755/756/757/704/1525/790/791/792/1322;
- 005010 MTX (six elements, C0504): Stedi x12-004020/004030/005030 MTX pages (the layout that
  brackets 005010).
"""

from __future__ import annotations

# SI: SI01-SI03, then nine optional qualifier/value pairs (SI04/SI05 ... SI20/SI21), each paired.
_SI_PAIRS = " ".join("X1000 X234" for _ in range(9))
_SI_NOTES = " ".join(f"P{n:02d}{n + 1:02d}" for n in range(4, 21, 2))

SEGMENTS: dict[str, tuple[str, str, str]] = {
    "DIS": ("Discount Detail", "M653 M654 M655 M656 M657 O657", ""),
    "INC": ("Installment Information", "M336 MC001 M380 M380 O782", ""),
    "SI": ("Service Characteristic Identification", "M559 M1000 M234 " + _SI_PAIRS, _SI_NOTES),
    "PWK": ("Paperwork", "M755 O756 O757 O98 X66 X67 O352 OC002 O1525", "P0506"),
    "CTB": ("Restrictions/Conditions", "M688 X352 X673 X380 X522 X610", "R020406 P0304 P0506"),
    "TXI": (
        "Tax Information",
        "M963 X782 X954 X955 X956 X441 O662 O828 O325 O350",
        "R020306 P0405 C0803",
    ),
    "FA1": ("Type of Financial Accounting Data", "M559 O1300 O248", ""),
    "FA2": ("Accounting Data", "M1196 M1195", ""),
    "NX2": ("Location ID Component", "M1106 M166 O1096", ""),
    "SPI": (
        "Specification Identifier",
        "M786 X128 X127 O790 O791 O792 O353 O755 O786 O559 O822 O554 O1322 O1401 O1005",
        "P0203",
    ),
    "CB1": ("Contract and Cost Accounting Standards Data", "M1309 O1310", ""),
    "ADV": ("Advertising Demographic Information", "M559 M1000 O740 O741 O729 X1000 X739", "P0607"),
    "MTX": ("Text", "O363 X1551 O1551 O934", "C0102 C0302"),
}

SEGMENTS_005010: dict[str, tuple[str, str, str]] = {
    "MTX": ("Text", "O363 X1551 O1551 X934 O1470 O819", "C0102 C0302 C0504"),
    # 005010 850 only (N1 loops): IN201 1104, IN202 93 (zenbridge X12/4010/segment/IN2, Stedi
    # x12-003020 IN2; 93 is AN 1/60 at 005010, elements.CHANGES_005010).
    # IN203 (a second Name, 93, AN 1/60, optional) exists in 005010: Bots x12/5010/records005010.py
    # 'IN2' (three elements) and Machete X12Schema.V5010 IN2Map (Name1, Name2 both AN 1/60).
    "IN2": ("Individual Name Structure Components", "M1104 M93 O93", ""),
    # CTB07 Composite Unit of Measure (C001, optional) from 004020 on: Bots records005010 'CTB' and
    # Machete X12Schema.V5010 CTBMap (seven elements), kasoftware 00404 CTB (CTB07 = C001); notes
    # unchanged (Stedi x12-008010 CTB: R020406 P0304 P0506).
    "CTB": ("Restrictions/Conditions", "M688 X352 X673 X380 X522 X610 OC001", "R020406 P0304 P0506"),
    # INC06 Amount Qualifier Code (522, optional) and INC04 optional in 005010: Bots records005010
    # 'INC' and Machete X12Schema.V5010 INCMap (six elements, INC04 not required). No syntax note
    # found for INC06 (unconfirmed: none written).
    "INC": ("Installment Information", "M336 MC001 M380 O380 O782 O522", ""),
    # 005010 850 only (N9 loops). EFI01-EFI10 element numbers: edi.thebitsilo.com/214/423EFI.htm
    # (4010 list); sixteen elements, their lengths and the notes C0504 C0706 C0908: Bots
    # x12/5010/records005010.py 'EFI', Machete X12Schema.V5010 EFIMap, Stedi x12-004060 EFI.
    # EFI11-EFI16: File Name 803, Block Type 804, Record Length 787, Block Length 788, Version
    # Identifier 799, Filter ID Code 1570 (sources at the elements).
    "EFI": (
        "Electronic Format Identification",
        "M786 O933 O797 X799 O802 X799 O801 X799 O800 O789 O803 O804 O787 O788 O799 O1570",
        "C0504 C0706 C0908",
    ),
}

COMPOSITES: dict[str, str] = {
    # PWK08 Actions Indicated: five Paperwork/Report Action Codes (704), the first mandatory.
    "C002": "M704 O704 O704 O704 O704",
}
COMPOSITE_NAMES: dict[str, str] = {"C002": "Actions Indicated"}
COMPOSITE_NOTES: dict[str, str] = {}

ELEMENTS: dict[str, tuple[str, int, int, str]] = {
    # EFI11-EFI16: numbers from Mazomenos EDIElements.ts (EFI15 799 and EFI16 1570 also EdiFabric's C050);
    # names, types and lengths agree with bwEDI's EFI class
    "803": ("AN", 1, 64, "File Name"),
    "804": ("AN", 1, 4, "Block Type"),
    "787": ("N0", 1, 15, "Record Length"),
    "788": ("N0", 1, 5, "Block Length"),
    "1570": ("ID", 3, 3, "Filter ID Code"),
    "653": ("ID", 3, 3, "Discount Terms Type Code"),
    "654": ("ID", 2, 2, "Discount Base Qualifier"),
    "655": ("R", 1, 10, "Discount Base Value"),
    "656": ("ID", 2, 3, "Discount Control Limit Qualifier"),
    "657": ("N0", 1, 10, "Discount Control Limit"),
    "1000": ("AN", 2, 2, "Service Characteristics Qualifier"),
    "755": ("ID", 2, 2, "Report Type Code"),
    "756": ("ID", 1, 2, "Report Transmission Code"),
    "757": ("N0", 1, 2, "Report Copies Needed"),
    "704": ("ID", 1, 2, "Paperwork/Report Action Code"),
    "1525": ("ID", 1, 2, "Request Category Code"),
    "688": ("ID", 2, 2, "Restrictions/Conditions Qualifier"),
    "963": ("ID", 2, 2, "Tax Type Code"),
    "955": ("ID", 2, 2, "Tax Jurisdiction Code Qualifier"),
    "956": ("AN", 1, 10, "Tax Jurisdiction Code"),
    "1196": ("ID", 2, 2, "Breakdown Structure Detail Code"),
    "1195": ("AN", 1, 80, "Financial Information Code"),
    "1106": ("ID", 2, 2, "Address Component Qualifier"),
    "790": ("AN", 1, 132, "Entity Title"),
    "791": ("AN", 1, 80, "Entity Purpose"),
    "792": ("ID", 1, 1, "Entity Status Code"),
    "1322": ("ID", 1, 1, "Certification Type Code"),
    "1401": ("ID", 2, 2, "Proposal Data Detail Identifier Code"),
    "1309": ("ID", 2, 2, "Acquisition Data Code"),
    "1310": ("ID", 1, 1, "Financing Type Code"),
    "729": ("AN", 1, 6, "Category"),
    "1551": ("AN", 1, 4096, "Message Text"),
    # IN2 / EFI (005010 850 N1 and N9 loops); sources at SEGMENTS_005010 above
    "1104": ("ID", 2, 2, "Name Component Qualifier"),
    "797": ("ID", 2, 2, "Security Technique Code"),
    "802": ("AN", 1, 30, "Program Identifier"),
    "801": ("AN", 1, 30, "Interchange Format"),
    "800": ("AN", 1, 30, "Compression Technique"),
    "789": ("AN", 2, 2, "Drawing Sheet Size Code"),
}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
