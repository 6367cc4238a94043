"""Transaction set tables (loops, positions, requirement, max use) for the gateway's X12 maps.

Each set is three tables (header, detail, summary) of entries, ST and SE being added by the
generator. An entry is a segment ``(tag, pos, req, max_use)`` or a loop
``("LOOP", loop_id, pos, req, repeat, [entries])`` whose first entry is the loop's trigger
segment. ``req`` is the X12 requirement designator (M or O); ``max_use``/``repeat`` is a number
or ``">1"`` (unbounded). Positions follow the X12 tables (4010); they only need to increase
within a loop, which is also what pyx12 relies on to order its walk.

Each business set has its own module (``set_850`` ...); the acknowledgments are here. Written from
the X12 standard by the gateway's authors (sources in docs/x12-maps.md).
"""

from __future__ import annotations

from tools.x12maps import set_210, set_214, set_850, set_856, set_940, set_945
from tools.x12maps.tables import loop

SET_997 = {
    "name": "Functional Acknowledgment",
    "fic": "FA",
    "header": [
        ("AK1", 20, "M", 1),
        loop(
            "AK2",
            30,
            "O",
            999999,
            ("AK2", 30, "M", 1),
            loop("AK3", 40, "O", 999999, ("AK3", 40, "M", 1), ("AK4", 50, "O", 99)),
            ("AK5", 60, "M", 1),
        ),
        ("AK9", 70, "M", 1),
    ],
    "detail": [],
    "summary": [],
}

SET_999 = {
    "name": "Implementation Acknowledgment",
    "fic": "FA",
    "header": [
        ("AK1", 20, "M", 1),
        loop(
            "2000",
            30,
            "O",
            ">1",
            ("AK2", 30, "M", 1),
            loop(
                "2100",
                40,
                "O",
                ">1",
                ("IK3", 40, "M", 1),
                ("CTX", 50, "O", 10),
                loop("2110", 60, "O", ">1", ("IK4", 60, "M", 1), ("CTX", 70, "O", 10)),
            ),
            ("IK5", 80, "M", 1),
        ),
        ("AK9", 90, "M", 1),
    ],
    "detail": [],
    "summary": [],
}

SETS_004010 = {
    "850": set_850.SET,
    "856": set_856.SET,
    "940": set_940.SET,
    "945": set_945.SET,
    "214": set_214.SET,
    "210": set_210.SET,
    "997": SET_997,
}
SETS_005010 = {
    "850": set_850.SET_005010,
    "856": set_856.SET_005010,
    "940": set_940.SET_005010,
    "945": set_945.SET_005010,
    "214": set_214.SET_005010,
    "210": set_210.SET_005010,
    "997": SET_997,
    "999": SET_999,
}
