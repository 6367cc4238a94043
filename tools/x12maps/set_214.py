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

005010: from 004040 on the 214 was restructured (heading ST, B10, MS3 only; the references, parties
and statuses moved into the LX loop, renumbered 0100-2100: stedi.com x12-004040/x12-004050 214 heading,
stedi Kinexo 5010 guide, chinlinktech 007010, zenbridge 7030). No complete published 005010 table was
found, so the 005010 map keeps the 004010 layout (known limit, see the 214 report).
"""

from __future__ import annotations

from tools.x12maps.tables import loop


def _n1(pos: int, repeat: int | str, n3_max: int, *extra: tuple) -> tuple:
    """An N1/N2/N3/N4 loop as the 214 has it (N2 max 1), positions +10 each, then ``extra``."""
    return loop(
        "N1",
        pos,
        "O",
        repeat,
        ("N1", pos, "M", 1),
        ("N2", pos + 10, "O", 1),
        ("N3", pos + 20, "O", n3_max),
        ("N4", pos + 30, "O", 1),
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

SET_005010 = SET
