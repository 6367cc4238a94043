"""X12 850 Purchase Order, table 2 (detail: the PO1 loop), 004010 and 005010.

Notation in :mod:`tools.x12maps.sets`; the header and summary are in :mod:`tools.x12maps.set_850`.
"""

from __future__ import annotations

from tools.x12maps.tables import Entry, loop, n1_loop

DETAIL: list[Entry] = [
    loop(
        "PO1",
        10,
        "M",
        100000,
        ("PO1", 10, "M", 1),
        ("LIN", 15, "O", ">1"),
        ("CUR", 20, "O", 1),
        loop("CTP", 40, "O", ">1", ("CTP", 40, "O", 1), ("CUR", 45, "O", 1)),
        ("MEA", 49, "O", 40),
        loop("PID", 50, "O", 1000, ("PID", 50, "O", 1), ("MEA", 60, "O", 10)),
        ("PO4", 90, "O", ">1"),
        ("REF", 100, "O", ">1"),
        ("PER", 110, "O", 3),
        loop("SAC", 130, "O", 25, ("SAC", 130, "O", 1), ("CUR", 135, "O", 1)),
        ("ITD", 165, "O", 2),
        ("TAX", 180, "O", 3),
        ("FOB", 190, "O", ">1"),
        ("SDQ", 200, "O", 500),
        ("DTM", 210, "O", 10),
        ("PKG", 220, "O", 200),
        ("TC2", 235, "O", ">1"),
        ("TD1", 240, "O", 1),
        ("TD5", 250, "O", 12),
        ("TD3", 260, "O", 12),
        ("TD4", 270, "O", 5),
        ("MAN", 285, "O", 10),
        ("MSG", 290, "O", 12),
        loop("QTY", 310, "O", ">1", ("QTY", 310, "O", 1)),
        loop(
            "SCH",
            330,
            "O",
            200,
            ("SCH", 330, "O", 1),
            ("TD1", 335, "O", 2),
            ("TD5", 340, "O", 1),
            ("TD3", 350, "O", 1),
            ("TD4", 360, "O", 5),
            ("REF", 370, "O", ">1"),
        ),
        loop("N9", 470, "O", 1000, ("N9", 470, "O", 1), ("DTM", 480, "O", 10), ("MSG", 500, "O", 1000)),
        n1_loop(510, 200, ("REF", 570, "O", 12), ("PER", 580, "O", 3), ("DTM", 600, "O", 1)),
        loop("SLN", 680, "O", 1000, ("SLN", 680, "O", 1), ("MSG", 690, "O", 100), ("PID", 710, "O", 1000)),
    ),
]
DETAIL_005010: list[Entry] = DETAIL
