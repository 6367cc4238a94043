"""X12 850 Purchase Order: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).

Header (table 1) and summary (table 3), sources (read, not copied):
- segment order, requirement, max use and loop repeats: two copies of the whole 004010 table,
  EdiFabric's X12 004010 850 template (``TS850`` and its ``Loop_*_850`` classes) and
  freight-trust/libedi ``library/00401/00401_850.ts``; they agree on every entry below;
- positions: the partner guides on stedi.com and the PDFs quoted in /tmp/research/850h-report.md
  (020 BEG, 040 CUR, 050 REF, 060 PER, 070 TAX, 080 FOB, 110 CSH, 130 ITD, 150 DTM, 185 SI,
  190 PID, 210 PWK, 220 PKG, 240 TD5, 270 MAN, 280 CTB, 285 TXI, 295 N9, 310-340 N1/N3/N4,
  N1 loop PER 360, TD5 390, TD4 410); the other positions keep the standard's numbering pattern
  and are marked unconfirmed in the report (only their order matters to both validators).
"""

from __future__ import annotations

from tools.x12maps.set_850_detail import DETAIL, DETAIL_005010
from tools.x12maps.tables import loop

HEADER = [
    ("BEG", 20, "M", 1),
    ("CUR", 40, "O", 1),
    ("REF", 50, "O", ">1"),
    ("PER", 60, "O", 3),
    ("TAX", 70, "O", ">1"),
    ("FOB", 80, "O", ">1"),
    ("CTP", 90, "O", ">1"),
    ("PAM", 95, "O", 10),
    ("CSH", 110, "O", 5),
    ("TC2", 115, "O", ">1"),
    loop("SAC", 120, "O", 25, ("SAC", 120, "O", 1), ("CUR", 125, "O", 1)),
    ("ITD", 130, "O", ">1"),
    ("DIS", 140, "O", 20),
    ("INC", 145, "O", 1),
    ("DTM", 150, "O", 10),
    ("LDT", 160, "O", 12),
    ("LIN", 180, "O", 5),
    ("SI", 185, "O", ">1"),
    ("PID", 190, "O", 200),
    ("MEA", 200, "O", 40),
    ("PWK", 210, "O", 25),
    ("PKG", 220, "O", 200),
    ("TD1", 230, "O", 2),
    ("TD5", 240, "O", 12),
    ("TD3", 250, "O", 12),
    ("TD4", 260, "O", 5),
    ("MAN", 270, "O", 10),
    ("PCT", 276, "O", ">1"),
    ("CTB", 280, "O", 5),
    ("TXI", 285, "O", ">1"),
    loop(
        "AMT",
        287,
        "O",
        ">1",
        ("AMT", 287, "O", 1),
        ("REF", 288, "O", ">1"),
        ("DTM", 289, "O", 1),
        ("PCT", 290, "O", ">1"),
        loop("FA1", 291, "O", ">1", ("FA1", 291, "O", 1), ("FA2", 292, "M", ">1")),
    ),
    loop("N9", 295, "O", 1000, ("N9", 295, "O", 1), ("DTM", 297, "O", ">1"), ("MSG", 300, "O", 1000)),
    loop(
        "N1",
        310,
        "O",
        200,
        ("N1", 310, "O", 1),
        ("N2", 320, "O", 2),
        ("N3", 330, "O", 2),
        ("N4", 340, "O", ">1"),
        ("NX2", 345, "O", ">1"),
        ("REF", 350, "O", 12),
        ("PER", 360, "O", ">1"),
        ("SI", 370, "O", ">1"),
        ("FOB", 380, "O", 1),
        ("TD1", 385, "O", 2),
        ("TD5", 390, "O", 12),
        ("TD3", 400, "O", 12),
        ("TD4", 410, "O", 5),
        ("PKG", 420, "O", 200),
    ),
    loop("LM", 440, "O", ">1", ("LM", 440, "O", 1), ("LQ", 450, "M", ">1")),
    loop(
        "SPI",
        460,
        "O",
        ">1",
        ("SPI", 460, "O", 1),
        ("REF", 470, "O", 5),
        ("DTM", 480, "O", 5),
        ("MSG", 490, "O", 50),
        loop(
            "N1",
            500,
            "O",
            20,
            ("N1", 500, "O", 1),
            ("N2", 510, "O", 2),
            ("N3", 520, "O", 2),
            ("N4", 530, "O", 1),
            ("REF", 540, "O", 20),
            ("G61", 550, "O", 1),
            ("MSG", 560, "O", 50),
        ),
        loop(
            "CB1",
            570,
            "O",
            ">1",
            ("CB1", 570, "O", 1),
            ("REF", 580, "O", 20),
            ("DTM", 590, "O", 5),
            ("LDT", 600, "O", 1),
            ("MSG", 610, "O", 50),
        ),
    ),
    loop("ADV", 620, "O", ">1", ("ADV", 620, "O", 1), ("DTM", 630, "O", ">1"), ("MTX", 640, "O", ">1")),
]

SUMMARY = [
    loop("CTT", 10, "O", 1, ("CTT", 10, "O", 1), ("AMT", 20, "O", 1)),
]

SET = {
    "name": "Purchase Order",
    "fic": "PO",
    "header": HEADER,
    "detail": DETAIL,
    "summary": SUMMARY,
}

SET_005010 = {**SET, "detail": DETAIL_005010}
