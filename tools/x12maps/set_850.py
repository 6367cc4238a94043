"""X12 850 Purchase Order: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (its own header
and detail; the summary is the same in both releases). Each table is written once, as the
004010 standard prints it; ``later`` (005010) states each 005010 difference where it happens.

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

from tools.x12maps.set_850_detail import detail
from tools.x12maps.tables import Entry, loop


# 005010 header (table 1). Sources (read, not copied), two whole copies of the 005010 850 table that
# agree entry for entry: Bots EDI grammars bots-edi/bots-grammars x12/5010/850005010.py and
# freight-trust/libedi library/00501/X12_00501_850.js. Differences from 004010 (each in both):
# TD5 max use 12 -> >1; the plain LDT (160, max 12) is gone and an LDT loop (LDT, QTY, MTX, REF)
# follows TXI; MTX replaces MSG in the N9, SPI, SPI/N1 and SPI/CB1 loops; the N9 loop gains PWK
# and EFI; the N1 loop gains IN2 after N2. Positions: the 004010 numbers where the entry is
# unchanged; new entries get ordinal numbers between their neighbours (unconfirmed, order only).
def header(later: bool) -> list[Entry]:
    """Table 1; ``later`` gives the 005010 layout (differences in the comment above)."""
    return [
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
        *([] if later else [("LDT", 160, "O", 12)]),  # 004010 only; 005010 has the LDT loop after TXI
        ("LIN", 180, "O", 5),
        ("SI", 185, "O", ">1"),
        ("PID", 190, "O", 200),
        ("MEA", 200, "O", 40),
        ("PWK", 210, "O", 25),
        ("PKG", 220, "O", 200),
        ("TD1", 230, "O", 2),
        ("TD5", 240, "O", ">1" if later else 12),
        ("TD3", 250, "O", 12),
        ("TD4", 260, "O", 5),
        ("MAN", 270, "O", 10),
        ("PCT", 276, "O", ">1"),
        ("CTB", 280, "O", 5),
        ("TXI", 285, "O", ">1"),
        *(
            [  # 005010 only
                loop(
                    "LDT",
                    286,
                    "O",
                    ">1",
                    ("LDT", 286, "O", 1),
                    ("QTY", 287, "O", ">1"),
                    ("MTX", 288, "O", ">1"),
                    ("REF", 289, "O", ">1"),
                ),
            ]
            if later
            else []
        ),
        # 005010 numbers the AMT loop after its LDT loop: 290-295 (004010: 287-292)
        loop(
            "AMT",
            290 if later else 287,
            "O",
            ">1",
            ("AMT", 290 if later else 287, "O", 1),
            ("REF", 291 if later else 288, "O", ">1"),
            ("DTM", 292 if later else 289, "O", 1),
            ("PCT", 293 if later else 290, "O", ">1"),
            loop(
                "FA1",
                294 if later else 291,
                "O",
                ">1",
                ("FA1", 294 if later else 291, "O", 1),
                ("FA2", 295 if later else 292, "M", ">1"),
            ),
        ),
        loop(
            "N9",
            295,
            "O",
            1000,
            ("N9", 295, "O", 1),
            ("DTM", 297, "O", ">1"),
            ("MTX", 300, "O", ">1") if later else ("MSG", 300, "O", 1000),
            *([("PWK", 302, "O", ">1"), ("EFI", 304, "O", ">1")] if later else []),  # 005010 only
        ),
        loop(
            "N1",
            310,
            "O",
            200,
            ("N1", 310, "O", 1),
            ("N2", 320, "O", 2),
            *([("IN2", 325, "O", ">1")] if later else []),  # 005010 only
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
            ("MTX", 490, "O", ">1") if later else ("MSG", 490, "O", 50),
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
                ("MTX", 560, "O", ">1") if later else ("MSG", 560, "O", 50),
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
                ("MTX", 610, "O", ">1") if later else ("MSG", 610, "O", 50),
            ),
        ),
        loop("ADV", 620, "O", ">1", ("ADV", 620, "O", 1), ("DTM", 630, "O", ">1"), ("MTX", 640, "O", ">1")),
    ]


# Summary: CTT loop (CTT, AMT 1), the same in 004010 and 005010 (both 005010 copies above).
SUMMARY = [
    loop("CTT", 10, "O", 1, ("CTT", 10, "O", 1), ("AMT", 20, "O", 1)),
]


def _set(later: bool) -> dict:
    return {
        "name": "Purchase Order",
        "fic": "PO",
        "header": header(later),
        "detail": detail(later),
        "summary": SUMMARY,
    }


SET = _set(later=False)
SET_005010 = _set(later=True)
