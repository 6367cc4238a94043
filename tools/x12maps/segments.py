"""X12 segment dictionary (004010) and the 005010 changes, in a compact notation.

Each segment is ``tag: (name, elements, syntax_notes)``. ``elements`` is a space-separated list of
tokens ``<req><ref>[=code,code,...]`` where ``<req>`` is the X12 requirement designator (M
mandatory, O optional, X relational/conditional) and ``<ref>`` a data element number or a
composite id (``C040``); ``=...`` lists the valid codes (only on qualifiers whose full list is
small and stable, so a wrong code is a real error). ``syntax_notes`` are the X12 relational
conditions (P paired, R required, E exclusion, C conditional, L list conditional).

Written from the X12 standard by the gateway's authors. Where a position of a rarely used element
was not certain, the element is given a conservative type (AN) so it can never cause a false
rejection; those are marked ``# loose``.
"""

from __future__ import annotations


def _pairs(start: int, count: int, first: str = "235", second: str = "234") -> str:
    """``count`` optional qualifier/value pairs (PO106/PO107 style)."""
    return " ".join(f"X{first} X{second}" for _ in range(count))


def _pair_notes(start: int, count: int) -> str:
    """``P0607 P0809 ...`` for ``count`` pairs starting at element ``start``."""
    return " ".join(f"P{start + 2 * i:02d}{start + 2 * i + 1:02d}" for i in range(count))


# GS01 functional identifiers a 997/999 may acknowledge (the sets of the gateway and their usual
# neighbours in retail, warehousing and transport).
FUNCTIONAL_IDS = (
    "AG,AN,AR,BE,CA,DX,FA,GF,GP,HB,HC,HI,HN,HP,HR,HS,IB,IM,IN,IO,OC,OG,OW,PC,PD,PI,PO,PR,PS,PT,PV,QM,QO,RA,RC,"
    "RS,SC,SH,SM,SO,SQ,SR,SS,SW,TX,UA"
)

COMPOSITES: dict[str, str] = {
    "C040": "M128 M127 X128 X127 X128 X127",
    "C001": "M355 O1018 O649 O355 O1018 O649 O355 O1018 O649 O355 O1018 O649 O355 O1018 O649",
    "C030": "M722 O1528",
}

COMPOSITE_NOTES: dict[str, str] = {
    "C040": "P0304 P0506",
}

SEGMENTS: dict[str, tuple[str, str, str]] = {
    # ---- envelope (pyx12 map wrapper only; the gateway validates the envelope itself)
    "ISA": (
        "Interchange Control Header",
        "MI01 MI02 MI03 MI04 MI05 MI06 MI05 MI07 MI08 MI09 MI10 MI11 MI12 MI13 MI14 MI15",
        "",
    ),
    "GS": ("Functional Group Header", "M479 M142 M124 M29 M30 M28 M455 M480", ""),
    "GE": ("Functional Group Trailer", "M97 M28", ""),
    "IEA": ("Interchange Control Trailer", "MI16 MI12", ""),
    "TA1": ("Interchange Acknowledgment", "MI12 MI08 MI09 MI17 MI18", ""),
    "ST": ("Transaction Set Header", "M143 M329", ""),
    "SE": ("Transaction Set Trailer", "M96 M329", ""),
    # ---- shared segments
    "REF": ("Reference Identification", "M128 X127 X352 OC040", "R0203"),
    "PER": (
        "Administrative Communications Contact",
        "M366 O93 X365 X364 X365 X364 X365 X364 O443",
        "P0304 P0506 P0708",
    ),
    "DTM": ("Date/Time Reference", "M374 X373 X337 O623 X1250 X1251", "R020305 C0403 P0506"),
    "N1": ("Name", "M98 X93 X66 X67 O706 O98", "R0203 P0304"),
    "N2": ("Additional Name Information", "M93 O93", ""),
    "N3": ("Address Information", "M166 O166", ""),
    "N4": ("Geographic Location", "O19 O156 O116 O26 X309 O310", "C0605"),
    "N9": ("Reference Identification", "M128 X127 X369 O373 O337 O623 OC040", "R0203 C0605"),
    "MSG": ("Message Text", "M933 X934 O1470", "C0302"),
    "NTE": ("Note/Special Instruction", "O363 M352", ""),
    "G62": ("Date/Time", "X432 X373 X176 X337 O623", "R0103 P0102 P0304"),
    "G61": ("Contact", "M366 M93 X365 X364 O443", "P0304"),
    "CUR": (
        "Currency",
        "M98 M100 O280 O98 O100 O669 X374 X373 X337 X374 X373 X337 X374 X373 X337 X374 X373 "
        "X337 X374 X373 X337",
        "C0807 C0907 L101112 C1110 C1210 L131415 C1413 C1513 L161718 C1716 C1816 L192021 C2019 C2119",
    ),
    "FOB": (
        "F.O.B. Related Instructions",
        "M146 X309 O352 X334 X335 X309 O352 X54 X352",
        "C0302 C0405 C0706 C0809",
    ),
    "ITD": (
        "Terms of Sale/Deferred Terms of Sale",
        "O336 O333 O338 X370 X351 X446 X386 O362 O388 O389 O342 O352 O765 O107 O954",
        "L03040513 L08040513 L091011",
    ),
    "SAC": (
        "Service, Promotion, Allowance, or Charge Information",
        "M248=A,C,N X1300 X559 X1301 O610 X378 X332 O118 X355 X380 O380 O331 O127 O770 O352 X819",
        "R0203 P0304 P0607 P0910 C1110 L130204 C1413 C1615",
    ),
    "TD1": (
        "Carrier Details (Quantity and Weight)",
        "O103 X80 O23 X22 O79 O187 X81 X355 X183 X355",
        "C0102 C0304 C0607 C0708 P0910",
    ),
    "TD5": (
        "Carrier Details (Routing Sequence/Transit Time)",
        "O133 X66 X67 X91 X387 X368 O309 X310 O731 X732 X733 X284 X284 O284 O26",
        "R0204050612 C0203 C0708 C1011 C1312 C1413",
    ),
    "TD3": (
        "Carrier Details (Equipment)",
        "X40 O206 O207 O187 X81 X355 O102 O407 O225 O24",
        "E0110 C0203 C0405 P0506",
    ),
    "TD4": (
        "Carrier Details (Special Handling, or Hazardous Materials, or Both)",
        "X152 X208 X209 X352 O1073",
        "R010204 C0203",
    ),
    "MAN": ("Marks and Numbers", "M88 M87 O87 X88 X87 O87", "P0405 C0605"),
    "PKG": ("Marking, Packaging, Loading", "X349 O753 X559 X754 X352 O400", "R040506 C0403 C0501"),
    "MEA": (
        "Measurements",
        "O737 O738 X739 XC001 X740 X741 X935 X936 X752 O1373",
        "R03050608 C0504 C0604 L07030506 E0803",
    ),
    "PID": (
        "Product/Item Description",
        "M349=F,S,X O750 X559 X751 X352 O752 O822 O1073 O819",
        "C0403 R0405 C0703 C0804 C0905",
    ),
    "PO4": (
        "Item Physical Details",
        "O356 X357 X355 X103 O187 X384 X355 X385 X355 X82 X189 X65 X355 O810 O752 O350 O350 O1470",
        "P0203 C0506 P0607 P0809 C1013 C1113 C1213",
    ),
    "CTT": ("Transaction Totals", "M354 O347 X81 X355 X183 X355 O352", "P0304 P0506"),
    "AMT": ("Monetary Amount", "M522 M782 O478", ""),
    "LX": ("Assigned Number", "M554", ""),
    "K1": ("Remarks", "M61 O61", ""),
    "PRF": ("Purchase Order Reference", "M324 O328 O327 O373 O350 O367 O92", ""),
    "CTP": (
        "Pricing Information",
        "X687 X236 X212 X380 XC001 X648 X649 X782 O639 O499 O289",
        "P0405 C0607 C0902 C1002 C1103",
    ),
    "SDQ": (
        "Destination Quantity",
        "M355 O66 M67 M380 " + " ".join("X67 X380" for _ in range(9)) + " O310",
        " ".join(f"P{5 + 2 * i:02d}{6 + 2 * i:02d}" for i in range(9)),
    ),
    # ---- 850
    "BEG": (
        "Beginning Segment for Purchase Order",
        "M353 M92 M324 O328 M373 O367 O587 O1019 O1166 O1232 O786 O640",
        "",
    ),
    "CSH": ("Sales Requirements", "O563 X306 X610 O508 O373 X559 X560 O566 X954 X1004", "C0203 P0607 P0910"),
    "TAX": (
        "Tax Reference",
        "X325 X309 X310 X309 X310 X309 X310 X309 X310 X309 X310 O441 O1179",
        "R0103 P0203 P0405 P0607 P0809 P1011",
    ),
    "TC2": ("Commodity", "M23 M22", ""),
    "PCT": ("Percent Amounts", "M1004 M954", ""),
    "QTY": ("Quantity", "M673 X380 OC001 X61", "R0204 E0204"),
    "SCH": (
        "Line Item Schedule",
        "M380 M355 O98 X93 M374 M373 O337 X374 X373 O337 O326 O350",
        "C0304 L080910 C0908 C1008",
    ),
    "LM": ("Code Source Information", "M559 O822", ""),
    "LQ": ("Industry Code", "O1270 X1271", "C0102"),
    "PAM": (
        "Period Amount",
        "X673 X380 XC001 X522 X782 X344 X374 X373 X337 X374 X373 X337 O1004 X954 O1073",
        "P010203 R020514 P0405 P0607 L070809 C0807 C0907 L101112 C1110 C1210 P1314",
    ),
    "LDT": ("Lead Time", "M345 M380 M344 O373", ""),
    "PO1": (
        "Baseline Item Data",
        "O350 X330 O355 X212 X639 " + _pairs(6, 10),
        "C0302 C0504 " + _pair_notes(6, 10),
    ),
    # ---- 856
    "BSN": ("Beginning Segment for Ship Notice", "M353 M396 M373 M337 O1005 X640 X641", "C0706"),
    "HL": ("Hierarchical Level", "M628 O734 M735 O736=0,1", ""),
    "LIN": ("Item Identification", "O350 M235 M234 " + _pairs(4, 14), _pair_notes(4, 14)),
    "SN1": ("Item Detail (Shipment)", "O350 M382 M355 O646 X330 X355 O728 O668", "P0506"),
    "SLN": (
        "Subline Item Detail",
        "M350 O350 M662 X380 XC001 X212 X639 O662 " + _pairs(9, 10),
        "P0405 C0706 C0806 " + _pair_notes(9, 10),
    ),
    "LH1": (
        "Hazardous Identification Information",
        "M355 M80 O277 O200 O22 X355 X380 O595 O665 O254 O1375",
        "P0607",
    ),
    "CLD": ("Load Detail", "M622 M382 O103 X357 O355", "C0504"),
    # YNQ: stedi x12-004010/segment/YNQ (and 4030 4040 4060 7040 8050): YNQ05 optional, YNQ10 conditional,
    # notes E010910 P0304 C0908
    "YNQ": (
        "Yes/No Question",
        "X1321 M1073 X1250 X1251 O933 O933 O933 X1270 X1271 X933",
        "E010910 P0304 C0908",
    ),
    # ---- 940 / 945 (warehouse)
    "W05": ("Shipping Order Identification", "M473 M285 O324 X472 X474 O640 O306 O92", "P0405"),
    # W66: stupidedi versions/004010/segment_defs/W66.rb (146 91 399 400 387 433 434 625 610 140, P0809);
    # kasoftware 00303 W66 (element numbers W6601-W6609), stedi.com x12-005010/segment/W66 (types, lengths)
    "W66": ("Warehouse Carrier Information", "M146 M91 O399 O400 O387 O433 O434 X625 X610 O140", "P0809"),
    # W01: kasoftware 00403 W01 (W0101 330 ... W0111 22), zenbridge X12 5050/7010 940 W01 (W0112-W0117
    # 416 451 286 235 234 560), stupidedi 004010 W01.rb (same list, notes R0304 P0405 P0607 P1011 P1516)
    "W01": (
        "Line Item Detail - Warehouse",
        "M330 M355 X438 X235 X234 X235 X234 O59 O121 X23 X22 O416 O451 O286 X235 X234 O560",
        "R0304 P0405 P0607 P1011 P1516",
    ),
    "G69": ("Line Item Detail - Description", "M352", ""),
    # W20: stupidedi 004010 W20.rb (356 357 355 81 187 188 395 183 355 397), stedi.com x12-004020 and
    # x12-004040 W20 (requirements, types, P0203 P040506 P0809); W2007 is 395 Unit Weight (R 1/8), W2010 397 Color
    # (AN 1/10).
    "W20": (
        "Line Item Detail - Miscellaneous",
        "O356 X357 X355 X81 X187 X188 O395 X183 X355 O397",
        "P0203 P040506 P0809",
    ),
    # W76: notes P0203 P0405 C0603 as in stupidedi 004010 W76.rb and stedi.com x12-003020..004030 W76
    # (C0603 added in round 2 of the 940 work: if W7606 is present, W7603 is required).
    "W76": ("Total Shipping Order", "M330 X81 X355 X183 X355 O398", "P0203 P0405 C0603"),
    # W06, W27, W12: stupidedi 004010 segment_defs (W06 514 285 373 145 531 324 474 472 152 891 640
    # 306 with P0708; W27 91 140 387 146 40 206 207 368 152 890 with R0203; W12 through W1222 with
    # P2122), cross-checked with zenbridge X12 4010 945 W06 (numbers, O285/O373, types) and
    # doc.chinlinktech.com x12/004010 W27 (names, types). W1202 stays 330 (kasoftware 00307, Stedi
    # 3050 "Quantity ordered"; stupidedi has 380); W1219/W1220 are 892/893 (seg_945).
    "W06": (
        "Warehouse Shipment Identification",
        "M514 O285 O373 O145 O531 O324 X474 X472 O152 O891 O640 O306",
        "P0708",
    ),
    "W27": ("Carrier Detail", "M91 X140 X387 O146 O40 O206 O207 O368 O152 O890", "R0203"),
    "W12": (
        "Warehouse Item Detail",
        "M368 O330 O382 O383 O355 X438 X235 X234 O451 X81 X187 X188 X81 X187 X188 O438 X235 X234 O892 O893 "
        "X235 X234",
        "R0607 P0708 P101112 P131415 P1718 P2122",
    ),
    "G72": (
        "Allowance or Charge",
        "M340 M331 X341 O769 X359 X339 X355 X360 X332 O828 O770",
        "R03050809 E050809 P0607",
    ),
    "W03": ("Total Shipment Information", "M382 O81 X355 O183 X355 O80 X355", "P0203 P0405 P0607"),
    # ---- 214
    # B10: stedi.com x12-004010/segment/B10 (B1002 optional; notes R0106 E0105 P0506, not R0102);
    # element list also apimeister/x12-types src/v004010/segment.rs. B1004 (71) is N0 1/3.
    "B10": (
        "Beginning Segment for Transportation Carrier Shipment Status Message",
        "X127 O145 M140 O71 X128 X127 O1073",
        "R0106 E0105 P0506",
    ),
    # AT7: x12-types src/v004010/segment.rs (1650 1651 1652 1651 373 337 623, AT705 conditional);
    # stedi.com x12-003070 and x12-004020 segment/AT7: E0103 (only one of AT701/AT703), not R0103.
    "AT7": (
        "Shipment Status Details",
        "X1650 X1651 X1652 X1651 X373 X337 O623",
        "E0103 P0102 P0304 C0605 C0706",
    ),
    "MS1": (
        "Equipment, Shipment, or Real Property Location",
        "X19 X156 X26 X1654 X1655 X1280 X1280",
        "L010203 C0201 C0301 P0405 C0604 C0705 E0104",
    ),
    "MS2": ("Equipment or Container Owner and Type", "X140 X207 O40 O761", "P0102"),
    # L11: stedi.com x12-003070/x12-004030 segment/L11 (R0103 P0102); 004010 has L1101-L1103 only
    # (bwEDI class generated from kasoftware 00401 segments/L11)
    "L11": ("Business Instructions and Reference Number", "X127 X128 X352", "R0103 P0102"),
    "AT8": (
        "Shipment Weight, Packaging and Quantity Data",
        "X187 X188 X81 O80 O80 X184 X183",
        "P010203 P0607",
    ),
    "Q7": ("Lading Exception Code", "M33 O211 X80", "C0203"),
    # MS3: x12-types src/v004010/segment.rs (MS305 156 optional; MS303 conditional)
    "MS3": ("Interline Information", "M140 M133 X19 O91 O156", "C0503"),
    # AT5 notes E0103 E0203: stedi x12-003070 and x12-004020 AT5, the releases either side of 004010 (no
    # source prints R010203); chinlinktech 004010 AT5 marks all three conditional
    "AT5": ("Bill of Lading Handling Requirements", "X152 X560 X153", "E0103 E0203"),
    # ---- 210 (B313 375, L0 L010-L015, L1 L114-L121, L5 L507-L510 order and L716 from the x12-types
    # 004010 segment tables, L0 also kasoftware 00403 L0, L5 also kasoftware 00303 L5; L1 R040506 on stedi.com
    # x12-003020..x12-005050 segment/L1, every release either side of 004010; see set_210.py)
    "H3": ("Special Handling Instructions", "O152 O153 O241 O242 O257", ""),
    # R3 R310-R312 (284) and S5 S511 (190, in seg_210) exist in 004010 too: zenbridge X12/4010/210 R3,
    # the dcsnewyork 4010 858 R3 page, stedi x12-003010..004030 S5 (round-2 210 report)
    "R3": (
        "Route Information - Motor",
        "M140 M133 O19 O91 O154 O76 O373 O610 O369 X284 X284 O284",
        "C1110 C1211",
    ),
    "POD": ("Proof of Delivery", "M373 O337 M93", ""),
    "B3": (
        "Beginning Segment for Carrier's Invoice",
        "O147 M76 O145 M146 O188 M373 M193 O202 X32 X374 M140 O373 O375 O335",
        "P0910",
    ),
    "C3": ("Currency", "M100 O280 O100 O100", ""),
    "L5": ("Description, Marks and Numbers", "O213 O79 X22 X23 O103 X87 O88 X23 X22 O595", "P0304"),
    "L0": (
        "Line Item - Quantity and Weight",
        "O213 X220 X221 X81 X187 X183 X184 X80 X211 O458 O188 O56 X380 O211 X1073",
        "P0203 P0405 P0607 P0809",
    ),
    "L1": (
        "Rate and Charges",
        "O213 X60 X122 X58 X191 X117 O120 O150 O121 O39 O16 O276 O257 X74 X122 O372 X220 X221 O954 O100 O610",
        "P0203 R040506",
    ),
    "L3": (
        "Total Weight and Charges",
        "X81 X187 X60 X122 O58 O191 O117 O150 X183 X184 O80 X188 O171 X74 X122",
        "P0102 P0304 P0910 C1201 P1415",  # C1201 P1415: stedi x12/segment/L3 and x12-003040 L3
    ),
    "S5": ("Stop Off Details", "M165 M163 X81 X188 X382 X355 X183 X184 O352 O154 O190", "P0304 P0506 P0708"),
    "L4": ("Measurement", "M82 M189 M65 M90 O380", ""),
    "L7": (
        "Tariff Reference",
        "O213 O168 O171 O172 O169 O170 O59 O173 O46 O373 O119 O227 O294 O295 O19 O156",
        "",
    ),
    "N7": (
        "Equipment Details",
        "O206 M207 X81 X187 O167 O232 O205 X183 X184 O102 O40 O140 O319 O219 O567 O571 "
        "O188 O761 O56 O65 O189 O24 O140 O301",
        "P0304 P0809",
    ),
    # ---- 997
    "AK1": ("Functional Group Response Header", f"M479={FUNCTIONAL_IDS} M28", ""),
    "AK2": ("Transaction Set Response Header", "M143 M329", ""),
    "AK3": ("Data Segment Note", "M721 M719 O447 O720=1,2,3,4,5,6,7,8", ""),
    "AK4": ("Data Element Note", "MC030 O725 M723=1,2,3,4,5,6,7,8,9,10 O724", ""),
    "AK5": ("Transaction Set Response Trailer", "M717=A,E,M,R,W,X O718 O718 O718 O718 O718", ""),
    "AK9": (
        "Functional Group Response Trailer",
        "M715=A,E,M,P,R,W,X M97 M123 M2 O716 O716 O716 O716 O716",
        "",
    ),
}

# ---- what changed in 005010
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {
    "ISA": (
        "Interchange Control Header",
        "MI01 MI02 MI03 MI04 MI05 MI06 MI05 MI07 MI08 MI09 MI65 MI11 MI12 MI13 MI14 MI15",
        "",
    ),
    "ST": ("Transaction Set Header", "M143 M329 O1705", ""),
    "N4": ("Geographic Location", "O19 X156 X116 X26 X309 O310 X1715", "E0207 C0605 C0704"),
    "TD5": (
        "Carrier Details (Routing Sequence/Transit Time)",
        "O133 X66 X67 X91 X387 X368 O309 X310 O731 X732 X733 X284 X284 O284 O26",
        "R0204050612 C0203 C0708 C1011 C1312 C1413 C1309",
    ),
    "MS1": (
        "Equipment, Shipment, or Real Property Location",
        "X19 X156 X26 X1654 X1655 X1280 X1280 X116",
        "L010203 C0201 C0301 P0405 C0604 C0705 E0104 C0801",  # C0801: stedi.com x12-005010/segment/MS1
    ),
    "AK1": ("Functional Group Response Header", f"M479={FUNCTIONAL_IDS} M28 O480", ""),
    "AK2": ("Transaction Set Response Header", "M143 M329 O1705", ""),
    "AK4": ("Data Element Note", "MC030 O725 M723=1,2,3,4,5,6,7,8,9,10,12,13 O724", ""),
    "AK5": ("Transaction Set Response Trailer", "M717=A,E,M,R,W,X O718 O718 O718 O718 O718", ""),
    # 999
    "IK3": ("Implementation Data Segment Note", "M721 M719 O447 M620=1,2,3,4,5,6,7,8,I4,I6,I7,I8,I9", ""),
    "IK4": (
        "Implementation Data Element Note",
        "MC030 O725 M621=1,2,3,4,5,6,7,8,9,10,12,13,I6,I9,I10,I11,I12,I13 O724",
        "",
    ),
    "IK5": (
        "Implementation Transaction Set Response Trailer",
        "M717=A,E,M,R,W,X O618 O618 O618 O618 O618",
        "",
    ),
    "CTX": ("Context", "MC998^10 O721 O719 O447 OC030 OC999", ""),
    # MEA at 005010: MEA11 1270, MEA12 1271 and the notes of pyx12's 837.5010.X222.A1 map (stupidedi's
    # MEA.rb, filed under 004010, has the same later layout)
    "MEA": (
        "Measurements",
        "O737 O738 X739 XC001 X740 X741 X935 X936 X752 O1373 X1270 X1271",
        "R03050608 L050412 L060412 L07030506 E0803 P1112",
    ),
}

COMPOSITES_005010: dict[str, str] = {
    "C030": "M722 O1528 O1686",
    "C998": "M9999 O9998",
    "C999": "M725 O725",
}
