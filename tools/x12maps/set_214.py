"""X12 214 Transportation Carrier Shipment Status Message: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).

004010 table (positions, requirement, max use, loop repeats), from:

- apimeister/x12-types ``src/v004010/_214_doc.rs`` (the whole 004010 table: every position, max use and
  loop repeat, loops 0100 0200 0205 0210 0215 0220 0230 0231 0233 0240 0250 0260);
- EdiFabric ``EdiFabric.Templates.X12004010`` TS214 template (same loops and segment order);
- stupidedi ``lib/stupidedi/transaction_sets/004010/standards/QM214.rb`` (LX at 130 and AT7 at 140
  mandatory, i.e. loops 0200 and 0205 mandatory; MS1 143, MS2 146, L11 150, AT8 200, SE 610);
- stedi.com partner guides for 4010 214 (CEVA, Omni Logistics, Kraft Heinz: K1 040; Transportation
  Insight, Flexport, RXO: MS3 120 max 12, LX 130, L11 150, Q7 160, K1 170, AT8 200, loops 0210/0250),
  and stedi.com x12-003070/214 (035 MAN max 9999, 040 K1 max 10, loop 0100 repeat 10).

The 004010 214 is a single table (everything in the heading, SE at 610), as the sources show.
x12-types marks every loop optional; stupidedi marks loops 0200 (LX) and 0205 (AT7) mandatory, which is
kept (the later releases keep both mandatory: loops 1000 and 1100 of stedi/chinlinktech 7010).

Not modelled: loop 0260 (EFI 423, BIN 426, binary data; the gateway's reader has no binary segment).

005010 table (``SET_005010``): from 004040 on the 214 was restructured; the heading holds only ST, B10
and MS3 and everything else is in the detail table's LX loop (loop 1000), with the AT7 loop (1100), the
N1 loop (1200) and the OID loop (1300) inside it; the 004010 carton (CD3), PRF, SPO and EFI loops are
gone. Sources:

- Bots EDI grammars ``bots-edi/bots-grammars`` ``x12/5010/214005010.py`` (the whole structure: order,
  requirement and max use / loop repeat of every segment and loop);
- freight-trust/libedi ``library/00501/X12_00501_214.dhall`` (the same structure, independently laid out);
- kasoftware.com ``schema/edi/x12/00403/messages/214`` (the restructured table from 004030 on: heading
  ST/B10/MS3 (12), LX loop mandatory 999999 with L11, MAN 9999, Q7 10, K1 10, AT5 10 ...);
- stedi.com partner guides for 5010 214 (Walmart, Rite Aid, Clearwater Paper) and 4030 (JCPenney):
  positions LX 0100, L11 0200 (max 999 in 5010), Q7 0400, AT5 0600, AT8 0700, loop 1300, SE 2100.
  The other detail positions (MAN 0300, K1 0500, AT7 0800, MS1 0900, MS2 1000, K1 1100, M7 1200,
  N1 1300 ... L11 1800, OID 1900, SDQ 2000) follow from the order above and SE at 2100 (no gap left);
  the heading's B10 0200 and MS3 0300 likewise. Positions are written as integers (0100 -> 100).

Not modelled: loop 0260 (EFI 423, BIN 426, binary data) of the 004010 table (the gateway's reader has
no binary segment); the 005010 table has no such loop (Bots, libedi).
"""

from __future__ import annotations

from tools.x12maps.tables import loop


def _n1(pos: int, repeat: int | str, n3_max: int, *extra: tuple, step: int = 10) -> tuple:
    """An N1/N2/N3/N4 loop as the 214 has it (N2 max 1), positions +``step`` each, then ``extra``.

    Both releases: 004010 loops 0100, 0220, 0231 (step 10), 005010 loop 1200 (step 100).
    """
    return loop(
        "N1",
        pos,
        "O",
        repeat,
        ("N1", pos, "M", 1),
        ("N2", pos + step, "O", 1),
        ("N3", pos + 2 * step, "O", n3_max),
        ("N4", pos + 3 * step, "O", 1),
        *extra,
    )


def _at7(pos: int, req: str, ms1: int, ms2: int) -> tuple:
    """The AT7/MS1/MS2 status loop (0205 at the LX level, 0215 and 0240 at the carton level)."""
    return loop("AT7", pos, req, 10, ("AT7", pos, "M", 1), ("MS1", ms1, "O", 1), ("MS2", ms2, "O", 1))


SET = {
    "name": "Transportation Carrier Shipment Status Message",
    "fic": "QM",
    "header": [
        ("B10", 20, "M", 1),
        ("L11", 30, "O", 300),
        ("MAN", 35, "O", 9999),
        ("K1", 40, "O", 10),
        # loop 0100
        _n1(50, 10, 2, ("G61", 90, "O", 1), ("G62", 100, "O", 1), ("L11", 110, "O", 10)),
        ("MS3", 120, "O", 12),
        # loop 0200
        loop(
            "LX",
            130,
            "M",
            999999,
            ("LX", 130, "M", 1),
            _at7(140, "M", 143, 146),  # loop 0205
            ("L11", 150, "O", 10),
            ("MAN", 155, "O", 9999),
            ("Q7", 160, "O", 10),
            ("K1", 170, "O", 10),
            ("AT5", 180, "O", 10),
            ("AT8", 200, "O", 10),
            # loop 0210
            loop(
                "CD3",
                210,
                "O",
                999999,
                ("CD3", 210, "M", 1),
                ("L11", 220, "O", 20),
                _at7(230, "O", 233, 236),  # loop 0215
                ("NM1", 240, "O", 1),
                ("Q7", 250, "O", 10),
                ("AT8", 260, "O", 1),
                ("MAN", 265, "O", 9999),
                _n1(270, 999999, 3, ("L11", 310, "O", 10)),  # loop 0220 (N3 max 3 as x12-types shows)
            ),
            # loop 0230
            loop(
                "PRF",
                320,
                "O",
                999999,
                ("PRF", 320, "M", 1),
                _n1(330, 999999, 2, ("L11", 370, "O", 10)),  # loop 0231
                # loop 0233
                loop(
                    "CD3",
                    380,
                    "O",
                    999999,
                    ("CD3", 380, "M", 1),
                    ("L11", 390, "O", 20),
                    _at7(400, "O", 402, 404),  # loop 0240
                    ("MAN", 405, "O", 9999),
                ),
            ),
            # loop 0250
            loop("SPO", 410, "O", 999999, ("SPO", 410, "M", 1), ("SDQ", 420, "O", 10)),
        ),
    ],
    "detail": [],
    "summary": [],
}

SET_005010 = {
    "name": "Transportation Carrier Shipment Status Message",
    "fic": "QM",
    "header": [
        ("B10", 200, "M", 1),
        ("MS3", 300, "O", 12),
    ],
    "detail": [
        # loop 1000
        loop(
            "LX",
            100,
            "M",
            999999,
            ("LX", 100, "M", 1),
            ("L11", 200, "O", 999),
            ("MAN", 300, "O", 9999),
            ("Q7", 400, "O", 10),
            ("K1", 500, "O", 10),
            ("AT5", 600, "O", 10),
            ("AT8", 700, "O", 10),
            # loop 1100
            loop(
                "AT7",
                800,
                "M",
                10,
                ("AT7", 800, "M", 1),
                ("MS1", 900, "O", 1),
                ("MS2", 1000, "O", 2),
                ("K1", 1100, "O", 1),
                ("M7", 1200, "O", 1),
            ),
            # loop 1200
            _n1(1300, 5, 2, ("G62", 1700, "O", 1), ("L11", 1800, "O", 10), step=100),
            # loop 1300
            loop("OID", 1900, "O", 999999, ("OID", 1900, "M", 1), ("SDQ", 2000, "O", 10)),
        ),
    ],
    "summary": [],
}
