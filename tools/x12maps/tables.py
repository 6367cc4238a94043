"""Building blocks of the set tables: loop entries and the common N1 loop."""

from __future__ import annotations

from typing import Any

Entry = tuple[Any, ...]


def loop(loop_id: str, pos: int, req: str, repeat: int | str, *children: Entry) -> Entry:
    """A loop entry; the first child is its trigger segment (mandatory within the loop, by X12 rule)."""
    first, *rest = children
    return ("LOOP", loop_id, pos, req, repeat, [(*first[:2], "M", *first[3:]), *rest])


def n1_loop(pos: int, repeat: int | str, *extra: Entry) -> Entry:
    """The N1/N2/N3/N4 name loop at ``pos`` (positions +10 each), with the set's ``extra`` entries."""
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


def lm_loop(pos: int) -> Entry:
    """The warehouse sets' LM/LQ code-source loop at ``pos`` (repeat 10; LQ at ``pos`` + 10, max 100)."""
    return loop("LM", pos, "O", 10, ("LM", pos, "M", 1), ("LQ", pos + 10, "M", 100))
