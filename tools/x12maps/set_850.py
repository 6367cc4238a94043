"""X12 850 Purchase Order: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).
"""

from __future__ import annotations

from tools.x12maps.set_850_detail import DETAIL, DETAIL_005010
from tools.x12maps.tables import loop, n1_loop

SET = {
    "name": "Purchase Order",
    "fic": "PO",
    "header": [
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
        ("DTM", 150, "O", 10),
        ("LDT", 160, "O", 12),
        ("PID", 190, "O", 200),
        ("MEA", 200, "O", 40),
        ("PKG", 220, "O", 200),
        ("TD1", 230, "O", 2),
        ("TD5", 240, "O", 12),
        ("TD3", 250, "O", 12),
        ("TD4", 260, "O", 5),
        ("MAN", 270, "O", 10),
        ("PCT", 276, "O", ">1"),
        loop("AMT", 292, "O", ">1", ("AMT", 292, "O", 1), ("REF", 293, "O", ">1")),
        loop("N9", 295, "O", 1000, ("N9", 295, "O", 1), ("DTM", 297, "O", 10), ("MSG", 300, "O", 1000)),
        n1_loop(
            310,
            200,
            ("REF", 350, "O", 12),
            ("PER", 360, "O", ">1"),
            ("FOB", 380, "O", 1),
            ("TD1", 390, "O", 2),
            ("TD5", 400, "O", 12),
            ("TD3", 410, "O", 12),
            ("TD4", 420, "O", 5),
            ("PKG", 430, "O", 200),
        ),
        loop("LM", 440, "O", 1000, ("LM", 440, "O", 1), ("LQ", 450, "M", ">1")),
    ],
    "detail": DETAIL,
    "summary": [
        loop("CTT", 10, "O", 1, ("CTT", 10, "O", 1), ("AMT", 20, "O", 1)),
    ],
}

SET_005010 = {**SET, "detail": DETAIL_005010}
