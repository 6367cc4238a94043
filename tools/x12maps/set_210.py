"""X12 210 Motor Carrier Freight Details and Invoice: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET`` (004010) and ``SET_005010`` are both written by
``_set(later)``: one table, the 005010 differences stated at the entries they change (L11 for N9,
OID for SPO, no POD in the LX loop, LX 99999, L1 50, L9 50; sources below).

Sources of the 004010 table (read, not copied):
- segment list, nesting, loop repeats and max use of every entry: an EdiFabric-style 004010 TS210
  class (``[Message("X12", "004010", "210")]``, FreightTrust.EDI.X12004010 namespace, found by
  find_string "TS210"); ">1" where it gives 999999;
- the order of the whole set (purposes listed in order): doc.chinlinktech.com/x12/004010/transaction-set/210;
- heading positions, requirement and max use (010-185, including the segments partners do not use):
  the AAFES 4010 210 guide (businessdocbox.com/Logistics/91369873-...), the same heading on
  doc.chinlinktech.com (repeats 10/10), and the Ryder, Kinimatic and RateLinx 4010 guides on stedi.com;
- stupidedi ``transaction_sets/004010/standards/IM210.rb`` (heading, LX loop, L3) agrees on the order.
Detail positions: only LX 120 ... L7 200 are shown by a published source (stupidedi: LX 120, N9
130, L5 140, L0 170, L1 180, L4 190, L7 200); the other detail positions are the authors', chosen
to keep the published order (both validators only need positions to increase inside a loop).
L1 max use 10 and L3 optional (round 2): the Bots EDI 004010 grammar (bots-edi/bots-grammars
``x12/4010/210004010.py``: L1 MAX 10, L3 MIN 0) and stupidedi's IM210 standard (L1 10, L3 optional)
agree; partner guides that mark L3 required restrict the standard.

Source of the 005010 table (``SET_005010``): the Bots EDI 005010 grammar (bots-edi/bots-grammars
``x12/5010/210005010.py``): the same shape as 004010 with L11 wherever 004010 has N9 (heading 300,
name loops 5, stop-off 10, line 20 instead of 5, line name loop 10, carton 20), OID wherever 004010 has
SPO, no POD directly in the LX loop, LX loop 99999, L1 max use 50 and L9 max use 50; L3 optional.
The table areas (S5 loop first in the detail area, LX at 2/1200, L1 max 50) agree with the LG 5010
210 guide on stedi.com (guides/view/lg/motor-carrier-freight-details-and-invoice). Positions reuse the
004010 numbers (the 005010 table numbers them 0100..., only their order matters to both validators).
"""

from __future__ import annotations

from tools.x12maps.tables import loop


def _po_loop(pos: int, later: bool) -> tuple:
    """The purchase order detail loop, unbounded: SPO/SDQ in 004010, OID/SDQ in 005010 (OID in place of SPO)."""
    tag = "OID" if later else "SPO"
    return loop(tag, pos, "O", ">1", (tag, pos, "M", 1), ("SDQ", pos + 5, "O", 10))


def _n7_loop(pos: int, step: int = 10) -> tuple:
    """N7/M7 (equipment and its seals) loop, 10 repeats."""
    return loop("N7", pos, "O", 10, ("N7", pos, "M", 1), ("M7", pos + step, "O", 2))


def _set(later: bool) -> dict:
    """The 210 table of 004010 (``later`` False) or of 005010 (``later`` True), differences inline."""
    n9 = "L11" if later else "N9"  # 005010 has L11 wherever 004010 has N9
    return {
        "name": "Motor Carrier Freight Details and Invoice",
        "fic": "IM",
        "header": [
            ("B3", 20, "M", 1),
            ("C2", 30, "O", 1),
            ("C3", 40, "O", 1),
            ("ITD", 50, "O", 1),
            (n9, 60, "O", 300),
            ("G62", 70, "O", 6),
            ("R3", 80, "O", 12),
            ("H3", 90, "O", 6),
            ("K1", 100, "O", 10),
            loop(
                "N1",
                110,
                "O",
                10,
                ("N1", 110, "M", 1),
                ("N2", 120, "O", 1),
                ("N3", 130, "O", 2),
                ("N4", 140, "O", 1),
                (n9, 150, "O", 5),
            ),
            _n7_loop(160),
            _po_loop(180, later),
        ],
        "detail": [
            loop(
                "S5",
                10,
                "O",
                999,
                ("S5", 10, "M", 1),
                (n9, 20, "O", 10),
                ("G62", 30, "O", 10),
                ("H3", 40, "O", 6),
                _po_loop(50, later),
                loop(
                    "N1",
                    60,
                    "O",
                    2,
                    ("N1", 60, "M", 1),
                    ("N2", 70, "O", 1),
                    ("N3", 80, "O", 2),
                    ("N4", 90, "O", 1),
                    (n9, 100, "O", 5),
                    _n7_loop(110, 5),
                ),
            ),
            loop(
                "LX",
                120,
                "O",
                99999 if later else 9999,
                ("LX", 120, "M", 1),
                (n9, 130, "O", 20 if later else 5),
                # 004010 only: 005010 has no POD directly in the LX loop (only in the carton loop)
                *([] if later else [("POD", 135, "O", 1)]),
                ("L5", 140, "O", 30),
                ("H1", 150, "O", 3),
                ("H2", 160, "O", 2),
                ("L0", 170, "O", 10),
                ("L1", 180, "O", 50 if later else 10),
                ("L4", 190, "O", 10),
                ("L7", 200, "O", 10),
                ("K1", 205, "O", 10),
                _po_loop(206, later),
                loop(
                    "N1",
                    220,
                    "O",
                    ">1",
                    ("N1", 220, "M", 1),
                    ("N2", 230, "O", 1),
                    ("N3", 240, "O", 2),
                    ("N4", 250, "O", 1),
                    (n9, 260, "O", 10),
                    loop(
                        "CD3",
                        270,
                        "O",
                        ">1",
                        ("CD3", 270, "M", 1),
                        (n9, 280, "O", 20),
                        ("H6", 290, "O", 10),
                        ("L9", 300, "O", 50 if later else 10),
                        ("POD", 310, "O", 1),
                        ("G62", 320, "O", 1),
                    ),
                    _po_loop(330, later),
                ),
            ),
        ],
        "summary": [
            ("L3", 10, "O", 1),
        ],
    }


SET = _set(False)
SET_005010 = _set(True)
