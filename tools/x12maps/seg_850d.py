"""Segments and data elements the 850 detail table (PO1 loop) need beyond the shared dictionary.

Same notation as :mod:`tools.x12maps.segments` and :mod:`tools.x12maps.elements`; merged by
:mod:`tools.x12maps.catalog`, which refuses a tag or element defined twice in different ways.
"""

from __future__ import annotations

SEGMENTS: dict[str, tuple[str, str, str]] = {}
SEGMENTS_005010: dict[str, tuple[str, str, str]] = {}
COMPOSITES: dict[str, str] = {}
COMPOSITE_NAMES: dict[str, str] = {}
COMPOSITE_NOTES: dict[str, str] = {}
ELEMENTS: dict[str, tuple[str, int, int, str]] = {}
ELEMENTS_005010: dict[str, tuple[str, int, int, str]] = {}
