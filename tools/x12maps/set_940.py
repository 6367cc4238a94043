"""X12 940 Warehouse Shipping Order: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET`` is the 004010 table, ``SET_005010`` the 005010 one:
both are ``_set(later)``, the entries that differ in 005010 marked where they stand.

Sources (read, not copied):
- 004010 table: the segment order, requirement, max use and loop repeats of bots-edi/bots-grammars
  x12/4010/940004010.py; positions and loop ids from the partner guide "S940 (004010)" on
  scribd.com/document/710326505 (a copy of the standard table with the "Not Used" rows: W05 020, N1 loop
  040-080, N9 090, G61 100, G62 110, NTE 120, W09 130, W66 140, W6, R2 153 (max 13), BNX 156, LM loop 160/170;
  LX 005, MAN 010, SDQ, N1 016, G62 017, W01 loop 020, G69 030, N9 040, NTE 045, W20 050, QTY 070,
  AMT 080, G62 090, G66 100, N1 110, PER 112, LH2 114, LHR 116); kasoftware 00401 message 940 (N1 loop
  optional, N1 N2 N3 N4 PER; N2 2, PER 5; N9 10, G61 3, G62 10); doc.chinlinktech.com
  x12/004010/transaction-set/940 (header positions 010-150 with W6 at 150, NTE >1, W66 optional,
  LM loop 0200 repeat 10 at 160); Land O'Lakes 4010 940 guide on
  vdocuments (LX loop 0300 and W01 loop 0310 both ">1", LX and W01 optional).
- 005010 table: bots-edi/bots-grammars x12/5010/940005010.py (W6 max 5, TD3 loop with AT9, N9 in the
  LX loop, AMT >1 and an N1 loop (N1 N2 N3 N4 PER) in the W01 loop); positions reused from 004010,
  the added entries numbered between their neighbours (only the order inside a loop matters).

Round 2: BNX (header, 156, both versions), LH6 (W01 loop after LHR, max 5, both versions: bots
940004010/940005010) and AT9 (005010 TD3 loop, O 1: bots 940005010) are in, their element numbers from
published segment tables (seg_940). Positions not in the consulted tables (only the order inside a
loop matters): LH6 118, the W01 loop from 120 on, and the 005010-only entries (TD3 157, AT9 158, LX N9
018, the W01 N1 loop 110-114, LH2 115).
"""

from __future__ import annotations

from tools.x12maps.tables import lm_loop, loop

_HEADER_N1 = loop(
    "N1",
    40,
    "O",
    10,
    ("N1", 40, "M", 1),
    ("N2", 50, "O", 2),
    ("N3", 60, "O", 2),
    ("N4", 70, "O", 1),
    ("PER", 80, "O", 5),
)


# The end of the W01 loop after LHR and LH6: the LM loop, the LS/LE
# bounded loop and the FA1 loop (bots 940004010/940005010: LM 10/LQ 100; LS 1 with an LX loop >1 of
# N9 >1, G62 10, N1 1, SDQ >1, the LM loop and an LH1 loop >1 of LH2 4, LH3 10, LFH 20, LEP 3, LH4 1,
# LHT 3, LHR 5, PER 5; LE 1; FA1 >1 with FA2 >1). Positions from 120 on are the authors' numbering.
# LS ... LE is modelled as a loop triggered by LS (as in set_945), so an LX is taken for the inner
# loop only after an LS.
_W01_TAIL = (
    lm_loop(120),
    loop(
        "LS",
        140,
        "O",
        1,
        ("LS", 140, "M", 1),
        loop(
            "LX",
            150,
            "M",
            ">1",
            ("LX", 150, "M", 1),
            ("N9", 160, "O", ">1"),
            ("G62", 170, "O", 10),
            ("N1", 180, "O", 1),
            ("SDQ", 190, "O", ">1"),
            lm_loop(200),
            loop(
                "LH1",
                220,
                "O",
                ">1",
                ("LH1", 220, "M", 1),
                ("LH2", 230, "O", 4),
                ("LH3", 240, "O", 10),
                ("LFH", 250, "O", 20),
                ("LEP", 260, "O", 3),
                ("LH4", 270, "O", 1),
                ("LHT", 280, "O", 3),
                ("LHR", 290, "O", 5),
                ("PER", 300, "O", 5),
            ),
        ),
        ("LE", 310, "M", 1),
    ),
    loop("FA1", 320, "O", ">1", ("FA1", 320, "M", 1), ("FA2", 330, "M", ">1")),
)


def _set(later: bool) -> dict:
    """The 940 table; ``later`` gives the 005010 one, which differs where the entries say so."""
    return {
        "name": "Warehouse Shipping Order",
        "fic": "OW",
        "header": [
            ("W05", 20, "M", 1),
            _HEADER_N1,
            ("N9", 90, "O", 10),
            ("G61", 100, "O", 3),
            ("G62", 110, "O", 10),
            ("NTE", 120, "O", ">1"),
            ("W09", 130, "O", 1),
            ("W66", 140, "O", 1),
            ("W6", 150, "O", 5 if later else 1),  # 005010: max 5
            ("R2", 153, "O", 13),
            ("BNX", 156, "O", 1),
            # 005010 only: the TD3 loop (O 1) with AT9 (O 1)
            *([loop("TD3", 157, "O", 1, ("TD3", 157, "M", 1), ("AT9", 158, "O", 1))] if later else []),
            lm_loop(160),
        ],
        "detail": [
            loop(
                "LX",
                5,
                "O",
                ">1",
                ("LX", 5, "M", 1),
                ("MAN", 10, "O", ">1"),
                ("SDQ", 15, "O", ">1"),
                ("N1", 16, "O", 1),
                ("G62", 17, "O", 10),
                *([("N9", 18, "O", ">1")] if later else []),  # 005010 only
                loop(
                    "W01",
                    20,
                    "O",
                    ">1",
                    ("W01", 20, "M", 1),
                    ("G69", 30, "O", 5),
                    ("N9", 40, "O", 200),
                    ("NTE", 45, "O", ">1"),
                    ("W20", 50, "O", 3),
                    ("QTY", 70, "O", 10),
                    ("AMT", 80, "O", ">1" if later else 1),  # 005010: max >1
                    ("G62", 90, "O", 10),
                    ("G66", 100, "O", 1),
                    # 004010: N1 (max 3) and PER segments; 005010: an N1 loop (repeat >1) of N1 N2 N3 N4 PER
                    *(
                        [
                            loop(
                                "N1",
                                110,
                                "O",
                                ">1",
                                ("N1", 110, "M", 1),
                                ("N2", 111, "O", 1),
                                ("N3", 112, "O", 1),
                                ("N4", 113, "O", 1),
                                ("PER", 114, "O", 5),
                            )
                        ]
                        if later
                        else [("N1", 110, "O", 3), ("PER", 112, "O", 5)]
                    ),
                    ("LH2", 115 if later else 114, "O", 6),  # 005010: after the N1 loop's PER (114)
                    ("LHR", 116, "O", 1),
                    ("LH6", 118, "O", 5),
                    *_W01_TAIL,
                ),
            ),
        ],
        "summary": [
            ("W76", 10, "O", 1),
        ],
    }


SET = _set(later=False)
SET_005010 = _set(later=True)
