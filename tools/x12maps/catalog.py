"""One dictionary per version: the shared segments and elements plus each set's own additions.

The set modules (``seg_850`` ...) are written separately; a segment, composite or element that two
of them (or one of them and the shared dictionary) define differently is an error here, so the
fifteen maps can never disagree about what a segment is.
"""

from __future__ import annotations

from types import ModuleType

from tools.x12maps import elements as el
from tools.x12maps import seg_210, seg_214, seg_850, seg_850d, seg_856, seg_940, seg_945
from tools.x12maps import segments as sg

SET_MODULES: tuple[ModuleType, ...] = (seg_850, seg_850d, seg_856, seg_940, seg_945, seg_214, seg_210)


def _merge(table: dict, origin: dict[str, str], extra: dict, source: str) -> None:
    """Add ``extra`` to ``table``; the same key with another value names both sources and stops."""
    for key, value in extra.items():
        if key in table and table[key] != value:
            raise SystemExit(
                f"{key} is defined twice, differently: in {origin[key]} as {table[key]!r} "
                f"and in {source} as {value!r}"
            )
        table.setdefault(key, value)
        origin.setdefault(key, source)


def _collect(shared: dict, shared_name: str, attribute: str) -> dict:
    """``shared`` merged with the ``attribute`` table of every set module."""
    table: dict = {}
    origin: dict[str, str] = {}
    _merge(table, origin, shared, shared_name)
    for module in SET_MODULES:
        _merge(table, origin, getattr(module, attribute), module.__name__)
    return table


def segments_for(version: str) -> dict[str, tuple[str, str, str]]:
    """Every segment definition of ``version`` ("004010" or "005010")."""
    table = _collect(sg.SEGMENTS, "segments.py", "SEGMENTS")
    if version.startswith("005"):
        table.update(_collect(sg.SEGMENTS_005010, "segments.py SEGMENTS_005010", "SEGMENTS_005010"))
    return table


def composites_for(version: str) -> dict[str, str]:
    """Every composite's component list in ``version``."""
    table = _collect(sg.COMPOSITES, "segments.py", "COMPOSITES")
    if version.startswith("005"):
        table.update(sg.COMPOSITES_005010)
    return table


def elements_for(version: str) -> dict[str, tuple[str, int, int, str]]:
    """The data element dictionary of ``version``."""
    table = _collect(el.ELEMENTS, "elements.py", "ELEMENTS")
    if version.startswith("005"):
        table.update(_collect(el.CHANGES_005010, "elements.py CHANGES_005010", "ELEMENTS_005010"))
    return table


def composite_names() -> dict[str, str]:
    """The name of every composite."""
    return _collect(el.COMPOSITES, "elements.py", "COMPOSITE_NAMES")


def composite_notes() -> dict[str, str]:
    """The syntax notes of every composite that has some."""
    return _collect(sg.COMPOSITE_NOTES, "segments.py", "COMPOSITE_NOTES")
