"""Transaction set tables (loops, positions, requirement, max use) for the gateway's X12 maps.

Each set is three tables (header, detail, summary) of entries, ST and SE being added by the
generator. An entry is a segment ``(tag, pos, req, max_use)`` or a loop
``("LOOP", loop_id, pos, req, repeat, [entries])`` whose first entry is the loop's trigger
segment. ``req`` is the X12 requirement designator (M or O); ``max_use``/``repeat`` is a number
or ``">1"`` (unbounded). Positions follow the X12 tables (4010); they only need to increase
within a loop, which is also what pyx12 relies on to order its walk.

Written from the X12 standard by the gateway's authors; the rarely used segments of each set are
left out (listed in docs/x12-maps.md) and are reported as unexpected when received.
"""

from __future__ import annotations

from typing import Any

Entry = tuple[Any, ...]


def loop(loop_id: str, pos: int, req: str, repeat: int | str, *children: Entry) -> Entry:
    """A loop entry; the first child is its trigger segment (mandatory within the loop, by X12 rule)."""
    first, *rest = children
    return ("LOOP", loop_id, pos, req, repeat, [(*first[:2], "M", *first[3:]), *rest])


def _n1_loop(pos: int, repeat: int | str, *extra: Entry) -> Entry:
    return loop(
        "N1",
        pos,
        "O",
        repeat,
        ("N1", pos, "M", 1),
        ("N2", pos + 10, "O", 2),
        ("N3", pos + 20, "O", 2),
        ("N4", pos + 30, "O", 1),
        *extra,
    )


SET_850 = {
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
        _n1_loop(
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
    "detail": [
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
            _n1_loop(510, 200, ("REF", 570, "O", 12), ("PER", 580, "O", 3), ("DTM", 600, "O", 1)),
            loop(
                "SLN", 680, "O", 1000, ("SLN", 680, "O", 1), ("MSG", 690, "O", 100), ("PID", 710, "O", 1000)
            ),
        ),
    ],
    "summary": [
        loop("CTT", 10, "O", 1, ("CTT", 10, "O", 1), ("AMT", 20, "O", 1)),
    ],
}

SET_856 = {
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
            _n1_loop(220, 200, ("REF", 260, "O", 12), ("PER", 270, "O", 3), ("FOB", 280, "O", 1)),
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

SET_940 = {
    "name": "Warehouse Shipping Order",
    "fic": "OW",
    "header": [
        ("W05", 20, "M", 1),
        _n1_loop(40, 10, ("REF", 80, "O", 2), ("PER", 90, "O", 2), ("FOB", 100, "O", 1)),
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

SET_945 = {
    "name": "Warehouse Shipping Advice",
    "fic": "SW",
    "header": [
        ("W06", 20, "M", 1),
        _n1_loop(40, 10, ("PER", 80, "O", 3)),
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

SET_214 = {
    "name": "Transportation Carrier Shipment Status Message",
    "fic": "QM",
    "header": [
        ("B10", 20, "M", 1),
        ("L11", 30, "O", 300),
        ("MAN", 40, "O", 9999),
        ("K1", 50, "O", 10),
        _n1_loop(60, 10, ("G61", 100, "O", 3), ("L11", 105, "O", 10)),
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

SET_210 = {
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
        _n1_loop(110, 10, ("N9", 150, "O", 5)),
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
            _n1_loop(50, 2),
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
    "850": SET_850,
    "856": SET_856,
    "940": SET_940,
    "945": SET_945,
    "214": SET_214,
    "210": SET_210,
    "997": SET_997,
}
SETS_005010 = {**SETS_004010, "999": SET_999}
