"""X12 856 Ship Notice/Manifest: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET`` is the 004010 table, ``SET_005010`` the 005010 one:
both take the HL loop from ``_hl_loop(later)``, the entries that differ in 005010 marked where they stand.

The whole 004010 table, written from published copies (read, not copied):

- segment order, loops and nesting: the 004010 856 templates of EdiFabric
  (``EdiFabric.Templates.X12004010`` TS856) and FreightTrust's ``FreightTrust.EDI.X12004010``
  (the same structure, with the max uses and loop repeats as ``ListCount``), and kasoftware's 00401
  856 message page (HL loop: HL LIN SN1 SLN PRF PO4 PID MEA PWK PKG TD1 TD5 TD3 TD4 TSD REF PER,
  LH1 loop, CLD loop, MAN DTM FOB PAL, N1 loop, SDQ ETD CUR, SAC loop, GF YNQ, LM loop, V1 loop);
- requirement, max use, loop repeat: the same templates; header BSN/DTM and HL 200000, CTT, the N1
  loop's N2/N3/N4/REF/PER/FOB also in stupidedi's 004010 SH856 and in Belk's and Interstate
  Steel's 856 tables;
- positions: the 004010 positions that the published guides print (BSN 020, DTM 040; HL 010,
  LIN 020, SN1 030, PRF 050, PID 070, MEA 080, PWK 090, TD1 110, TD5 120, TD3 130, TD4 140, REF
  150, MAN 190, DTM 200, FOB 210, N1 220, N2 230, N3 240, N4 250, ETD 300; CTT 010). The others
  (SLN 040, PO4 060, PKG 100, TSD 145, PER 160, the LH1 loop 170-179, the CLD loop 180-187, PAL
  215, the N1 loop's REF/PER/FOB 260-280, SDQ 290, CUR 310, the SAC loop 320-330, GF 340, YNQ
  350, the LM loop 360-370, the V1 loop 380-400) are placed in the published order between the
  printed ones; their exact numbers were not found in a published copy.

005010 (``SET_005010``), from bots-edi/bots-grammars ``x12/5010/856005010.py`` compared with its
``x12/4010/856004010.py`` (which agrees with the 004010 table above entry by entry): the same
segments, order, requirements, max uses and loop repeats, except

- TD3 opens a loop (repeat 12, as TD3's 004010 max use) holding TD3 and AT9 (Trailer or Container
  Dimension and Weight, max use 1); positions TD3 130, AT9 135 (only the order inside the loop
  matters; the 005010 positions were not printed in a consulted copy);
- LH4 (Canadian Dangerous Requirements) max use 4 instead of 1.

Some segments' element lists differ as well (seg_856.SEGMENTS_005010).
"""

from __future__ import annotations

from tools.x12maps.tables import loop, n1_loop


def _hl_loop(later: bool) -> tuple:
    """The HL loop; ``later`` gives the 005010 layout (TD3 loop with AT9, LH4 max use 4)."""
    return loop(
        "HL",
        10,
        "M",
        200000,
        ("HL", 10, "M", 1),
        ("LIN", 20, "O", 1),
        ("SN1", 30, "O", 1),
        ("SLN", 40, "O", 1000),
        ("PRF", 50, "O", 1),
        ("PO4", 60, "O", 1),
        ("PID", 70, "O", 200),
        ("MEA", 80, "O", 40),
        ("PWK", 90, "O", 25),
        ("PKG", 100, "O", 25),
        ("TD1", 110, "O", 20),
        ("TD5", 120, "O", 12),
        # 005010: TD3 opens a loop (repeat 12, TD3's 004010 max use) that also holds AT9
        (
            loop("TD3", 130, "O", 12, ("TD3", 130, "M", 1), ("AT9", 135, "O", 1))
            if later
            else ("TD3", 130, "O", 12)
        ),
        ("TD4", 140, "O", 5),
        ("TSD", 145, "O", 1),
        ("REF", 150, "O", ">1"),
        ("PER", 160, "O", 3),
        loop(
            "LH1",
            170,
            "O",
            100,
            ("LH1", 170, "O", 1),
            ("LH2", 171, "O", 4),
            ("LH3", 172, "O", 12),
            ("LFH", 173, "O", 20),
            ("LEP", 174, "O", ">1"),
            ("LH4", 175, "O", 4 if later else 1),  # 005010: max use 4
            ("LHT", 176, "O", 3),
            ("LHR", 177, "O", 10),
            ("PER", 178, "O", 5),
            ("LHE", 179, "O", 1),
        ),
        loop("CLD", 180, "O", 200, ("CLD", 180, "O", 1), ("REF", 185, "O", 200), ("DTP", 187, "O", 1)),
        ("MAN", 190, "O", ">1"),
        ("DTM", 200, "O", 10),
        ("FOB", 210, "O", 1),
        ("PAL", 215, "O", 1),
        n1_loop(220, 200, ("REF", 260, "O", 12), ("PER", 270, "O", 3), ("FOB", 280, "O", 1)),
        ("SDQ", 290, "O", 50),
        ("ETD", 300, "O", 1),
        ("CUR", 310, "O", 1),
        loop("SAC", 320, "O", ">1", ("SAC", 320, "O", 1), ("CUR", 330, "O", 1)),
        ("GF", 340, "O", 1),
        ("YNQ", 350, "O", 10),
        loop("LM", 360, "O", 10, ("LM", 360, "O", 1), ("LQ", 370, "M", 100)),
        loop("V1", 380, "O", ">1", ("V1", 380, "O", 1), ("R4", 390, "O", ">1"), ("DTM", 400, "O", ">1")),
    )


SET = {
    "name": "Ship Notice/Manifest",
    "fic": "SH",
    "header": [
        ("BSN", 20, "M", 1),
        ("DTM", 40, "O", 10),
    ],
    "detail": [_hl_loop(later=False)],
    "summary": [
        ("CTT", 10, "O", 1),
    ],
}

SET_005010 = {**SET, "detail": [_hl_loop(later=True)]}
