"""X12 214 Transportation Carrier Shipment Status Message: the set's tables (004010, and 005010 where it differs).

Notation in :mod:`tools.x12maps.sets`. ``SET_005010`` is the 005010 table (the same object
when the releases do not differ for this set).
"""

from __future__ import annotations

from tools.x12maps.tables import loop, n1_loop

SET = {
    "name": "Transportation Carrier Shipment Status Message",
    "fic": "QM",
    "header": [
        ("B10", 20, "M", 1),
        ("L11", 30, "O", 300),
        ("MAN", 40, "O", 9999),
        ("K1", 50, "O", 10),
        n1_loop(60, 10, ("G61", 100, "O", 3), ("L11", 105, "O", 10)),
        ("MS3", 110, "O", 1),
        ("AT8", 120, "O", 10),
    ],
    "detail": [
        loop(
            "LX",
            10,
            "O",
            999999,
            ("LX", 10, "M", 1),
            loop("AT7", 20, "O", 10, ("AT7", 20, "M", 1), ("MS1", 30, "O", 1), ("MS2", 40, "O", 2)),
            ("L11", 50, "O", 10),
            ("MAN", 60, "O", 9999),
            ("Q7", 65, "O", 10),
            ("K1", 70, "O", 10),
            ("AT5", 75, "O", 10),
            ("AT8", 80, "O", 10),
        ),
    ],
    "summary": [],
}

SET_005010 = SET
