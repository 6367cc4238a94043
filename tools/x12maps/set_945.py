"""X12 945 Warehouse Shipping Advice: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).
"""

from __future__ import annotations

from tools.x12maps.tables import loop, n1_loop

SET = {
    "name": "Warehouse Shipping Advice",
    "fic": "SW",
    "header": [
        ("W06", 20, "M", 1),
        n1_loop(40, 10, ("PER", 80, "O", 3)),
        ("N9", 90, "O", 30),
        ("G61", 95, "O", 10),
        ("G62", 100, "O", 10),
        ("NTE", 105, "O", 10),
        ("W27", 110, "M", 1),
        ("G72", 155, "O", 5),
    ],
    "detail": [
        loop(
            "LX",
            10,
            "O",
            9999,
            ("LX", 10, "M", 1),
            ("MAN", 20, "O", 9999),
            ("N9", 35, "O", 200),
            loop(
                "W12",
                40,
                "M",
                9999,
                ("W12", 40, "M", 1),
                ("G69", 50, "O", 5),
                ("N9", 60, "O", 200),
                ("G62", 65, "O", 10),
                ("MEA", 70, "O", 40),
                ("AMT", 75, "O", 1),
                ("W27", 80, "O", 1),
            ),
        ),
    ],
    "summary": [
        ("W03", 10, "M", 1),
    ],
}

SET_005010 = SET
