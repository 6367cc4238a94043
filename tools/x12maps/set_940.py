"""X12 940 Warehouse Shipping Order: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).
"""

from __future__ import annotations

from tools.x12maps.tables import loop, n1_loop

SET = {
    "name": "Warehouse Shipping Order",
    "fic": "OW",
    "header": [
        ("W05", 20, "M", 1),
        n1_loop(40, 10, ("REF", 80, "O", 2), ("PER", 90, "O", 2), ("FOB", 100, "O", 1)),
        ("N9", 110, "O", 10),
        ("G61", 115, "O", 10),
        ("G62", 120, "O", 10),
        ("NTE", 130, "O", 10),
        ("W66", 140, "O", 1),
    ],
    "detail": [
        loop(
            "LX",
            10,
            "O",
            9999,
            ("LX", 10, "M", 1),
            ("MAN", 15, "O", 10),
            ("SDQ", 17, "O", 50),
            loop(
                "W01",
                20,
                "M",
                9999,
                ("W01", 20, "M", 1),
                ("G69", 30, "O", 5),
                ("N9", 40, "O", 200),
                ("NTE", 45, "O", 10),
                ("W20", 50, "O", 1),
                ("AMT", 60, "O", 10),
                ("G62", 65, "O", 10),
            ),
        ),
    ],
    "summary": [
        ("W76", 10, "O", 1),
    ],
}

SET_005010 = SET
