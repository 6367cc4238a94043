"""X12 210 Motor Carrier Freight Details and Invoice: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).
"""

from __future__ import annotations

from tools.x12maps.tables import loop, n1_loop

SET = {
    "name": "Motor Carrier Freight Details and Invoice",
    "fic": "IM",
    "header": [
        ("B3", 20, "M", 1),
        ("C3", 40, "O", 1),
        ("ITD", 50, "O", 1),
        ("N9", 60, "O", 300),
        ("G62", 70, "O", 6),
        ("R3", 80, "O", 12),
        ("H3", 90, "O", 6),
        ("K1", 100, "O", 10),
        n1_loop(110, 10, ("N9", 150, "O", 5)),
        loop("N7", 160, "O", 10, ("N7", 160, "M", 1)),
    ],
    "detail": [
        loop(
            "S5",
            10,
            "O",
            999,
            ("S5", 10, "M", 1),
            ("N9", 20, "O", 10),
            ("G62", 30, "O", 2),
            ("H3", 40, "O", 6),
            n1_loop(50, 2),
        ),
        loop(
            "LX",
            120,
            "O",
            9999,
            ("LX", 120, "M", 1),
            ("N9", 130, "O", 5),
            ("POD", 140, "O", 1),
            ("L5", 150, "O", 30),
            ("L0", 160, "O", 10),
            ("L1", 170, "O", 50),
            ("L4", 180, "O", 10),
            ("L7", 190, "O", 10),
            ("K1", 200, "O", 10),
        ),
    ],
    "summary": [
        ("L3", 10, "M", 1),
    ],
}

SET_005010 = SET
