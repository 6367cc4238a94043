"""The compiled form of an X12 transaction map that :mod:`gateway.x12.validator` walks.

A :class:`CompiledSet` turns a :class:`~gateway.x12.maps.TransactionMap` into a tree of
:class:`LoopNode` and :class:`SegNode` for one set of separators. Everything the per-segment loop
would otherwise compute is precomputed here: per loop and cursor, ``lookup`` (the next child
with a given tag) and ``fast`` (the same merged with "leave this loop for the parent", one dict
lookup per segment); per segment definition, its fast-path regexes (by element count, compiled
lazily), the syntax-note predicate, the date positions and the memo of contents already found
valid. Kept apart from the validator so that the state machine (validator.py) stays readable
and each module has one job.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gateway.x12.element_checks import date_positions, folded_notes, segment_pattern
from gateway.x12.maps import LoopDef, SegmentDef, TransactionMap
from gateway.x12.syntax_notes import compile_notes_for_count

# what one occurrence of a loop is called in messages ("second order line")
LOOP_NOUNS: dict[str, str] = {
    "PO1": "order line", "HL": "hierarchical level", "LX": "line", "N1": "party", "W01": "item line",
    "W12": "item line", "SAC": "charge", "AT7": "status", "N9": "reference", "PID": "description",
    "SLN": "subline", "CTP": "price", "AMT": "amount", "CLD": "load", "AK2": "set response",
    "AK3": "segment note", "2000": "set response", "2100": "segment note", "2110": "element note",
    "N7": "equipment", "CTT": "totals", "QTY": "quantity", "SCH": "schedule line", "LM": "code source", "S5": "stop",
}

class SegNode:
    """A segment definition with its compiled checks."""

    __slots__ = (
        "by_count",
        "component",
        "dates",
        "defn",
        "max_use",
        "notes",
        "notes_by_count",
        "notes_fast",
        "repetition",
        "required",
        "tag",
        "valid_seen",
    )

    def __init__(self, defn: SegmentDef, component: str, repetition: str | None) -> None:
        self.defn = defn
        self.tag = defn.tag
        self.required = defn.required
        self.max_use = defn.max_use
        self.component = component
        self.repetition = repetition
        # element count -> fullmatch of the flat pattern for that count (None: never valid), lazily
        self.by_count: dict[int, Callable[[str, int], re.Match[str] | None] | None] = {}
        self.dates = date_positions(defn)
        self.notes = defn.syntax
        folded = folded_notes(defn)
        # the notes the regex does not already enforce; element count -> predicate, lazily
        self.notes_fast = tuple(n for n in defn.syntax if n not in folded)
        self.notes_by_count: dict[int, Callable[[list[str]], bool]] = {}
        # joined segment text -> element count, for contents already found valid (a pure function of
        # the text, so memoising is exact); bounded, cleared when full.
        self.valid_seen: dict[str, int] = {}


    def pattern_for(self, n: int) -> Callable[[str, int], re.Match[str] | None] | None:
        """Compile (once) the fast-path matcher for segments of ``n`` items (tag included)."""
        pattern = segment_pattern(self.defn, n - 1, self.component, self.repetition)
        match = pattern.fullmatch if pattern is not None else None
        self.by_count[n] = match
        return match

    def notes_for(self, n: int) -> Callable[[list[str]], bool]:
        """Compile (once) the syntax-note predicate for segments of ``n`` items (tag included)."""
        ok = compile_notes_for_count(self.notes_fast, n)
        self.notes_by_count[n] = ok
        return ok


class LoopNode:
    """A loop with its transition tables.

    ``lookup[cursor][tag]`` is ``(j, child, child_is_loop, skips_mandatory, limit, seg)`` for the
    first child at or after the cursor (never the trigger at 0) whose tag (or trigger tag) is
    ``tag``; ``skips_mandatory`` says whether a mandatory child lies strictly between the cursor and
    ``j``, ``limit`` is the child's max use (segment) or max repeat (loop) and ``seg`` the segment
    definition the tag selects (the child, or the loop's trigger): precomputed so the hot loop of
    :meth:`SetValidator.consume` reads them from one tuple.
    """

    __slots__ = (
        "children",
        "fast",
        "fresh",
        "is_loop_child",
        "lookup",
        "loop_id",
        "max_repeat",
        "next_required",
        "noun",
        "required",
        "required_idx",
        "trigger",
        "trigger_tag",
    )

    def __init__(self, defn: LoopDef, component: str, repetition: str | None) -> None:
        self.loop_id = defn.loop_id
        self.required = defn.required
        self.max_repeat = defn.max_repeat
        self.noun = LOOP_NOUNS.get(defn.loop_id, f"{defn.loop_id} loop")
        self.children: list[SegNode | LoopNode] = [
            LoopNode(c, component, repetition) if isinstance(c, LoopDef) else SegNode(c, component, repetition)
            for c in defn.children
        ]
        self.is_loop_child = [isinstance(c, LoopNode) for c in self.children]
        first = self.children[0]
        assert isinstance(first, SegNode)
        self.trigger = first
        self.trigger_tag = first.tag
        self.required_idx = tuple(i for i, c in enumerate(self.children) if c.required)
        n = len(self.children)
        # next_required[cursor]: the first mandatory child after the cursor (n when none)
        self.next_required = [min((k for k in self.required_idx if k > cur), default=n) for cur in range(n)]
        # the use counts of a new occurrence: the trigger has been seen once
        self.fresh = [1] + [0] * (n - 1)
        self.lookup: list[dict[str, Entry]] = []
        for cursor in range(n):
            table: dict[str, Entry] = {}
            for j in range(max(cursor, 1), n):
                c = self.children[j]
                if tag_of(c) not in table:
                    skips = self.next_required[cursor] < j
                    if isinstance(c, LoopNode):
                        table[c.trigger_tag] = (j, c, True, skips, c.max_repeat, c.trigger)
                    else:
                        table[c.tag] = (j, c, False, skips, c.max_use, c)
            self.lookup.append(table)
        # one-lookup tables: built as if this loop were the root; a parent re-links its loop
        # children with its own tables, which exist only now
        self.link(None)
        for j, c in enumerate(self.children):
            if isinstance(c, LoopNode):
                c.link(self.lookup[j])

    def link(self, up: dict[str, Entry] | None) -> None:
        """Build ``fast[cursor]``: ``tag -> (leave, *entry)`` in one dict per cursor.

        ``up`` is the parent's table at this loop's own index, which is the parent's cursor for as
        long as an occurrence of this loop is open. A tag this loop has no place for is looked up
        there (``leave`` True: the occurrence ends, the tag goes to the parent), but only from
        cursors where leaving reports nothing (no mandatory child still to come); every other case
        is absent and takes the general path (:meth:`SetValidator.feed`).
        """
        n = len(self.children)
        fast: list[dict[str, FastEntry]] = []
        for cursor, own in enumerate(self.lookup):
            table: dict[str, FastEntry] = {}
            if up is not None and self.next_required[cursor] >= n:
                table.update((tag, (True, *entry)) for tag, entry in up.items())
            table.update((tag, (False, *entry)) for tag, entry in own.items())
            fast.append(table)
        self.fast = fast

    def tag_of(self, j: int) -> str:
        """The tag that selects child ``j`` (used in messages about missing or misplaced segments)."""
        return tag_of(self.children[j])


# (j, child, child_is_loop, skips_mandatory, limit, seg): see LoopNode
Entry = tuple[int, "SegNode | LoopNode", bool, bool, int, SegNode]
# (leave, j, child, child_is_loop, skips_mandatory, limit, seg, next_row): see LoopNode.link and
# add_next_rows; next_row is the ``fast`` table of the state the move leads to
FastEntry = tuple[bool, int, "SegNode | LoopNode", bool, bool, int, SegNode, dict]


def add_next_rows(loop: LoopNode, parent: LoopNode | None) -> None:
    """Append to every ``fast`` entry the table the next segment is looked up in after that move.

    Entering a loop leads to the loop's table at cursor 0; moving within this loop (or, for a
    ``leave`` entry, within the parent) to the table at the child's index. Precomputed once the
    whole tree is linked, so the hot loop of :meth:`SetValidator.consume` carries the current table
    in a local variable instead of indexing ``frame[0].fast[frame[1]]`` per segment.
    """
    for table in loop.fast:
        for tag, entry in list(table.items()):
            leave, j, node, is_loop = entry[:4]
            if is_loop:
                row = node.fast[0]
            elif leave:
                assert parent is not None
                row = parent.fast[j]
            else:
                row = loop.fast[j]
            table[tag] = (*entry[:7], row)
    for child in loop.children:
        if isinstance(child, LoopNode):
            add_next_rows(child, loop)


def tag_of(child: SegNode | LoopNode) -> str:
    """The tag that selects a child: its own, or its trigger's for a loop."""
    return child.trigger_tag if isinstance(child, LoopNode) else child.tag


class CompiledSet:
    """A transaction map compiled for one set of separators."""

    def __init__(self, tmap: TransactionMap, component: str, repetition: str | None) -> None:
        self.tmap = tmap
        self.component = component
        self.repetition = repetition
        self.version5 = tmap.version >= "005010"
        self.root = LoopNode(tmap.root, component, repetition)
        add_next_rows(self.root, None)
        self.tags = tmap.segment_tags()
        self.defs: dict[str, SegmentDef] = {}

        def walk(loop: LoopDef) -> None:
            for c in loop.children:
                if isinstance(c, LoopDef):
                    walk(c)
                else:
                    self.defs.setdefault(c.tag, c)

        walk(tmap.root)
