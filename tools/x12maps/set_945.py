"""X12 945 Warehouse Shipping Advice: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET`` is the 004010 table, ``SET_005010`` the 005010 one:
both are ``_set(later)``, the entries that differ in 005010 marked where they stand.

Sources (read, not copied; /tmp/research/945-report.md and r2-945-report.md list them per item):

- heading, positions 010-150, requirement and max use: the 004010 945 table of
  doc.chinlinktech.com/x12/004010/transaction-set/945 (N1 loop 0100 mandatory, repeat 10; N2 1,
  N3 2, N4 1, PER 5; N9 10, G61 3, G62 5, NTE 20; W27 *optional*, W6 135, W28 140); G72 at 155
  (max 5) and the LM loop at 160/170 (LQ mandatory, max 100): the "S945 (004010)" standard table
  reproduced in businessdocbox.com/Logistics/72755638 (it lists the "Not Used" segments too);
  LM loop repeat 10: the 004010 945 bots grammar and apimeister/x12-types src/v004010/_945_doc.rs.
- detail: businessdocbox 72755638 for LX 005 (loop >1), MAN 010 (>1), PAL 015 (1), N9 017 (5),
  the W12 loop 020 (>1: W12, G69 030 5, N9 040 200, G62 050 10, QTY 055 10, MEA 057 5, AMT 060 1,
  R4 070 5, W27 075 1, N1 080 5, G72 085 5, LM loop 090 with LQ 100 max 100); stupidedi SW945
  agrees on LX 005/MAN 010/W12 020/G69 030/N9 040. The rest of the W12 loop (LS, the bounded LX
  loop with N9/G62/N1/LM, LE, the FA1 loop) and its max uses come from the bots 004010 945
  grammar and x12-types; their positions (110-200) were NOT found in a published table and are
  the authors' (only their order matters to both validators).
- summary: W03 mandatory (stupidedi SW945, the AmeriCold and Simplot 4010 945 guides; the bots
  grammar and x12-types make it optional, see the report).
- W28 Consolidation Information at 140 (O, max 1): the S945 (004010) table of businessdocbox
  72755638, chinlinktech 004010/003050 945 and the bots 004010 945 grammar; element list in
  seg_945.py.
- W10 Warehouse Additional Carrier Information at 150 (O, max 10): businessdocbox 72755638,
  chinlinktech 003050 945 (150, max 10) and the bots 004010/005010 945 grammars (max 10); EdiFabric's
  004050 and 007010 945 templates list it between W28 and G72 with ListCount 10. Element list in
  seg_945.py.

005010 (``SET_005010``): the bots 005010 945 grammar (bots-edi/bots-grammars
x12/5010/945005010.py) differs from its 004010 one in two places, both followed here:
- heading: TD1 Carrier Details (Quantity and Weight), O max 5, after G72 and before the LM loop
  (also so in EdiFabric's 004050 and 007010 945 templates, code index ids 35726893828/35135316486).
  Its position (157) is the authors' (no published 005010 table read this round shows it; the UPS
  5010 945 guide on stedi.com shows W28 at 1400 and G72 at 1550, the same order);
- detail: the W12 loop's N1 is the trigger of a loop (repeat >1) holding N2, N3, N4 and PER (max 1
  each) instead of a lone N1 segment (max 5); the same in the EdiFabric 004050/007010 templates.
  Positions 081-084 for N2..PER are the authors'.
apimeister/x12-types src/v005010/_945_doc.rs still shows the 004010 layout (no TD1, N1 a segment);
the bots grammar was preferred because its 004010 and 005010 grammars are derived per release
(see the report). Everything else is the 004010 table.
"""

from __future__ import annotations

from tools.x12maps.tables import lm_loop, loop


def _set(later: bool) -> dict:
    """The 945 table; ``later`` gives the 005010 one (TD1 in the heading, the W12 loop's N1 loop)."""
    return {
        "name": "Warehouse Shipping Advice",
        "fic": "SW",
        "header": [
            ("W06", 20, "M", 1),
            loop(
                "N1",
                40,
                "M",
                10,
                ("N1", 40, "M", 1),
                ("N2", 50, "O", 1),
                ("N3", 60, "O", 2),
                ("N4", 70, "O", 1),
                ("PER", 80, "O", 5),
            ),
            ("N9", 90, "O", 10),
            ("G61", 100, "O", 3),
            ("G62", 110, "O", 5),
            ("NTE", 120, "O", 20),
            ("W27", 130, "O", 1),
            ("W6", 135, "O", 1),
            ("W28", 140, "O", 1),
            ("W10", 150, "O", 10),
            ("G72", 155, "O", 5),
            *([("TD1", 157, "O", 5)] if later else []),  # 005010 only
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
                ("PAL", 15, "O", 1),
                ("N9", 17, "O", 5),
                loop(
                    "W12",
                    20,
                    "O",
                    ">1",
                    ("W12", 20, "M", 1),
                    ("G69", 30, "O", 5),
                    ("N9", 40, "O", 200),
                    ("G62", 50, "O", 10),
                    ("QTY", 55, "O", 10),
                    ("MEA", 57, "O", 5),
                    ("AMT", 60, "O", 1),
                    ("R4", 70, "O", 5),
                    ("W27", 75, "O", 1),
                    # 004010: an N1 segment (max 5); 005010: an N1 loop (repeat >1) of N1 N2 N3 N4 PER
                    (
                        loop(
                            "N1",
                            80,
                            "O",
                            ">1",
                            ("N1", 80, "M", 1),
                            ("N2", 81, "O", 1),
                            ("N3", 82, "O", 1),
                            ("N4", 83, "O", 1),
                            ("PER", 84, "O", 1),
                        )
                        if later
                        else ("N1", 80, "O", 5)
                    ),
                    ("G72", 85, "O", 5),
                    lm_loop(90),
                    # LS ... LE bound the inner LX loop: modelled as a loop triggered by LS, so an LX
                    # is only taken for the inner loop after an LS (a bare LX starts the next line).
                    loop(
                        "LS",
                        110,
                        "O",
                        1,
                        ("LS", 110, "M", 1),
                        loop(
                            "LX",
                            120,
                            "M",
                            ">1",
                            ("LX", 120, "M", 1),
                            ("N9", 130, "O", ">1"),
                            ("G62", 140, "O", 10),
                            ("N1", 150, "O", 1),
                            lm_loop(160),
                        ),
                        ("LE", 180, "M", 1),
                    ),
                    loop("FA1", 190, "O", ">1", ("FA1", 190, "M", 1), ("FA2", 200, "M", ">1")),
                ),
            ),
        ],
        "summary": [
            ("W03", 10, "M", 1),
        ],
    }


SET = _set(later=False)
SET_005010 = _set(later=True)
