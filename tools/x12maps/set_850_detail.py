"""X12 850 Purchase Order, table 2 (detail: the PO1 loop), 004010 and 005010.

Notation in :mod:`tools.x12maps.sets`; the header and summary are in :mod:`tools.x12maps.set_850`.

Sources (read, not copied; issue #2, 850 detail round; details in /tmp/research/850d-report.md):

- Membership, order, requirement, max use and loop repeats of every entry: two copies of the whole
  004010 850 table that agree on every entry of the PO1 loop: EdiFabric/X12.NET
  ``EdiFabric.Examples.X12.Templates.V4010/EF_X12_004010_850.cs`` (``Loop_PO1_850`` and the loops
  it holds) and freight-trust/libedi ``library/00401/00401_850.ts`` (``PO1Loop1``).
- Positions published for 004010 (the rest keep the standard's numbering pattern, are NOT
  confirmed and only order them; both validators rely on the order only): PO1 010, PID 050, REF
  100 (every 4010 guide consulted), CTP 040 (Logicbroker DS360 4010 850), PO4 090 (Maurice
  Sporting Goods 4010 850), SAC 130, FOB 180 (PolyOne 4010 850), TAX 170, SCH 295, N1 350, N3 370
  (Hershey's 4010 850 guide, edi.hersheys.com), DTM 210 (PolyOne, Hershey's, Adobe 4010 850),
  IT3 200 (internal.dcsnewyork.com 4010 850 IT3 page), N4 380 (stupidedi 004010 PO850); SDQ 190
  lies between FOB 180 and IT3 200 (and is 1900 in the 005010 Buckle guide).
- LS and LE bound the LDT loop (LS, LDT loop, LE in both copies); they are plain segments of the
  PO1 loop placed around it, as the pyx12 maps model bounded loops.

The PKG loop (PKG, MEA) sits after the SCH loop and the line TAX is unbounded, as both copies
publish them.

005010: ``detail(later=True)`` is the 005010 table, from two whole copies of it (Bots EDI grammars
``x12/5010/850005010.py`` and freight-trust/libedi ``library/00501/X12_00501_850.js``); each table
is written once, as 004010 prints it, with the 005010 differences stated where they happen (see the
comment above ``detail`` for the list).
"""

from __future__ import annotations

from tools.x12maps.tables import Entry, loop

_U = ">1"  # unbounded max use / loop repeat


def _line_n1(later: bool) -> Entry:
    """The N1 loop of the line (PO1/N1): N1 N2 N3 N4 QTY NX2 REF PER SI DTM FOB SCH TD1 TD5 TD3 TD4
    PKG and its own LDT loop (LDT MAN QTY MSG REF); 005010 adds IN2 after N2 and has MTX for MSG."""
    return loop(
        "N1",
        350,
        "O",
        200,
        ("N1", 350, "M", 1),
        ("N2", 360, "O", 2),
        *([("IN2", 365, "O", _U)] if later else []),  # 005010 only
        ("N3", 370, "O", 2),
        ("N4", 380, "O", 1),
        ("QTY", 385, "O", _U),
        ("NX2", 390, "O", _U),
        ("REF", 400, "O", 12),
        ("PER", 410, "O", 3),
        ("SI", 420, "O", _U),
        ("DTM", 430, "O", 1),
        ("FOB", 440, "O", 1),
        ("SCH", 450, "O", 200),
        ("TD1", 460, "O", 2),
        ("TD5", 470, "O", 12),
        ("TD3", 480, "O", 12),
        ("TD4", 490, "O", 5),
        ("PKG", 500, "O", 200),
        loop(
            "LDT",
            510,
            "O",
            _U,
            ("LDT", 510, "M", 1),
            ("MAN", 511, "O", 10),
            ("QTY", 512, "O", 5),
            ("MTX", 513, "O", _U) if later else ("MSG", 513, "O", 1),
            ("REF", 514, "O", 3),
        ),
    )


def _sln(later: bool) -> Entry:
    """The subline loop (PO1/SLN) with its N9, SAC, QTY and N1 loops."""
    return loop(
        "SLN",
        520,
        "O",
        1000,
        ("SLN", 520, "M", 1),
        ("MTX" if later else "MSG", 530, "O", _U),
        ("SI", 540, "O", _U),
        ("PID", 550, "O", 1000),
        ("PO3", 560, "O", 104),
        *([("MEA", 565, "O", _U)] if later else []),  # 005010 only
        ("TC2", 570, "O", _U),
        ("ADV", 580, "O", _U),
        ("DTM", 590, "O", 10),
        ("CTP", 600, "O", 25),
        ("PAM", 610, "O", 10),
        ("PO4", 620, "O", 1),
        ("TAX", 630, "O", 3),
        loop(
            "N9",
            640,
            "O",
            _U,
            ("N9", 640, "M", 1),
            ("DTM", 641, "O", _U),
            ("MTX" if later else "MSG", 642, "O", _U),
        ),
        loop("SAC", 650, "O", 25, ("SAC", 650, "M", 1), ("CUR", 651, "O", 1), ("CTP", 652, "O", 1)),
        loop("QTY", 660, "O", _U, ("QTY", 660, "M", 1), ("SI", 661, "O", _U)),
        # 005010 inserts IN2 at 672 and numbers the rest of this loop one higher (004010: N3 672 ... SI 677)
        loop(
            "N1",
            670,
            "O",
            10,
            ("N1", 670, "M", 1),
            ("N2", 671, "O", 2),
            *([("IN2", 672, "O", _U)] if later else []),  # 005010 only
            ("N3", 673 if later else 672, "O", 2),
            ("N4", 674 if later else 673, "O", 1),
            ("NX2", 675 if later else 674, "O", _U),
            ("REF", 676 if later else 675, "O", 12),
            ("PER", 677 if later else 676, "O", 3),
            ("SI", 678 if later else 677, "O", _U),
        ),
    )


# ---------------------------------------------------------------------------------------------
# 005010 detail (table 2). Sources (read, not copied): two whole copies of the 005010 850 table
# that agree on every PO1-loop entry: Bots EDI grammars bots-edi/bots-grammars
# x12/5010/850005010.py and freight-trust/libedi library/00501/X12_00501_850.js (PO1Loop1).
# Differences from 004010 (each in both copies): MTX (unbounded) replaces MSG in the PO1 loop, the
# LS/LDT loop, the N9 loop, the N1/LDT loop, the SLN loop and the SLN/N9 loop; the N9 loop gains
# PWK and EFI after MTX; the N1 and SLN/N1 loops gain IN2 after N2; the SLN loop gains MEA (>1)
# after PO3; the AMT loop's REF max use 1 -> >1. Positions: 004010 numbers where unchanged, new
# entries ordinal between their neighbours (unconfirmed; order only).
def detail(later: bool) -> list[Entry]:
    """Table 2 (the PO1 loop); ``later`` gives the 005010 layout (differences in the comment above)."""
    return [
        loop(
            "PO1",
            10,
            "M",
            100000,
            ("PO1", 10, "M", 1),
            ("LIN", 15, "O", _U),
            ("SI", 18, "O", _U),
            ("CUR", 20, "O", 1),
            ("CN1", 25, "O", 1),
            ("PO3", 30, "O", 25),
            loop("CTP", 40, "O", _U, ("CTP", 40, "M", 1), ("CUR", 45, "O", 1)),
            ("PAM", 47, "O", 10),
            ("MEA", 49, "O", 40),
            loop("PID", 50, "O", 1000, ("PID", 50, "M", 1), ("MEA", 60, "O", 10)),
            ("PWK", 70, "O", 25),
            ("PO4", 90, "O", _U),
            ("REF", 100, "O", _U),
            ("PER", 110, "O", 3),
            loop("SAC", 130, "O", 25, ("SAC", 130, "M", 1), ("CUR", 135, "O", 1), ("CTP", 137, "O", 1)),
            ("IT8", 140, "O", 1),
            ("CSH", 145, "O", _U),
            ("ITD", 150, "O", 2),
            ("DIS", 160, "O", 20),
            ("INC", 165, "O", 1),
            ("TAX", 170, "O", _U),
            ("FOB", 180, "O", _U),
            ("SDQ", 190, "O", 500),
            ("IT3", 200, "O", 5),
            ("DTM", 210, "O", 10),
            ("TC2", 225, "O", _U),
            ("TD1", 230, "O", 1),
            ("TD5", 240, "O", 12),
            ("TD3", 250, "O", 12),
            ("TD4", 260, "O", 5),
            ("PCT", 270, "O", _U),
            ("MAN", 280, "O", 10),
            ("MTX" if later else "MSG", 285, "O", _U),
            ("SPI", 287, "O", _U),
            ("TXI", 288, "O", _U),
            ("CTB", 289, "O", _U),
            loop("QTY", 290, "O", _U, ("QTY", 290, "M", 1), ("SI", 292, "O", _U)),
            loop(
                "SCH",
                295,
                "O",
                200,
                ("SCH", 295, "M", 1),
                ("TD1", 296, "O", 2),
                ("TD5", 297, "O", 12),
                ("TD3", 298, "O", 12),
                ("TD4", 299, "O", 5),
                ("REF", 300, "O", _U),
            ),
            loop("PKG", 305, "O", 200, ("PKG", 305, "M", 1), ("MEA", 306, "O", _U)),
            # LS/LE bound the LDT loop (LDT QTY MSG REF and its LM loop; MTX for MSG in 005010)
            ("LS", 310, "O", 1),
            loop(
                "LDT",
                311,
                "O",
                _U,
                ("LDT", 311, "M", 1),
                ("QTY", 312, "O", _U),
                ("MTX", 313, "O", _U) if later else ("MSG", 313, "O", 1),
                ("REF", 314, "O", 3),
                loop("LM", 315, "O", _U, ("LM", 315, "M", 1), ("LQ", 316, "M", _U)),
            ),
            ("LE", 320, "O", 1),
            loop(
                "N9",
                330,
                "O",
                1000,
                ("N9", 330, "M", 1),
                ("DTM", 335, "O", _U),
                ("MEA", 340, "O", 40),
                ("MTX", 345, "O", _U) if later else ("MSG", 345, "O", 1000),
                *([("PWK", 346, "O", _U), ("EFI", 347, "O", _U)] if later else []),  # 005010 only
            ),
            _line_n1(later),
            _sln(later),
            loop(
                "AMT",
                680,
                "O",
                _U,
                ("AMT", 680, "M", 1),
                ("REF", 681, "O", _U if later else 1),  # 005010: max use >1
                ("PCT", 682, "O", _U),
            ),
            loop("LM", 690, "O", _U, ("LM", 690, "M", 1), ("LQ", 691, "M", _U)),
        ),
    ]
