"""X12 856 Ship Notice/Manifest: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).
"""

from __future__ import annotations

from tools.x12maps.tables import loop, n1_loop

SET = {
    "name": "Ship Notice/Manifest",
    "fic": "SH",
    "header": [
        ("BSN", 20, "M", 1),
        ("DTM", 40, "O", 10),
    ],
    "detail": [
        loop(
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
            ("PKG", 100, "O", 25),
            ("TD1", 110, "O", 20),
            ("TD5", 120, "O", 12),
            ("TD3", 130, "O", 12),
            ("TD4", 140, "O", 5),
            ("REF", 150, "O", ">1"),
            ("PER", 160, "O", 3),
            loop("LH1", 170, "O", 100, ("LH1", 170, "O", 1)),
            loop("CLD", 180, "O", 200, ("CLD", 180, "O", 1), ("REF", 185, "O", 200)),
            ("MAN", 190, "O", ">1"),
            ("DTM", 200, "O", 10),
            ("FOB", 210, "O", 1),
            n1_loop(220, 200, ("REF", 260, "O", 12), ("PER", 270, "O", 3), ("FOB", 280, "O", 1)),
            ("SDQ", 290, "O", 50),
            ("CUR", 310, "O", 1),
            loop("SAC", 320, "O", ">1", ("SAC", 320, "O", 1), ("CUR", 330, "O", 1)),
            ("YNQ", 350, "O", 10),
        ),
    ],
    "summary": [
        ("CTT", 10, "O", 1),
    ],
}

SET_005010 = SET
