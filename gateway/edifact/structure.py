"""Map-driven message validator: a state machine over the branching diagram, fed one segment at a time.

State is a stack of open segment groups; each frame knows which child it is at and how often each
child occurred in the current repetition. A segment tag is looked up from the innermost group
outwards (memoised per group, position and tag), which closes finished groups, opens new group
repetitions at their trigger segment, and reports what was skipped or overused: 13 mandatory
segment or group missing, 15 segment not allowed here, 35 segment repeated too often, 36 group
repeated too often. Element checks (:mod:`gateway.edifact.elements`) run per segment, on the fast
regex path first. Nothing is kept per segment, so memory does not grow with the message.

Speed: the walker hands a validator whole chunks (:meth:`MessageValidator.feed`) so the loop over a
message's segments runs in one function with its state in locals; ``segment`` feeds one segment
through the same loop, so there is one implementation of the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from gateway.edifact.chars import ServiceChars
from gateway.edifact.elements import check_elements, semantic_issues
from gateway.edifact.maps import MessageMap, Node
from gateway.edifact.segment import ReleaseProblem, split_segment
from gateway.errors import Issue

MAX_ISSUES = 500
_NO_STOP: frozenset[str] = frozenset()


@lru_cache(maxsize=32)
def _mask_pattern(chars: ServiceChars) -> re.Pattern[str]:
    """Matches a release character and the character it escapes (one placeholder stands for both)."""
    return re.compile(re.escape(chars.release) + ".", re.S)


class _Frame:
    """One open group: its node, the child reached, counts per child, and the lookup table in use.

    ``table`` maps a tag to the first child that can take it from here; inside a group it starts
    after the trigger (child 0), because the trigger's tag opens the next repetition instead.
    """

    __slots__ = ("counts", "node", "pos", "table")

    def __init__(self, node: Node, root: bool = False) -> None:
        self.node = node
        self.pos = -1 if root else 0
        self.counts = [0] * len(node.children)
        self.table = node.tables[0 if root else 1]


def _enter(node: Node) -> _Frame:
    """A frame for a group just opened by its trigger segment (child 0 seen once)."""
    frame = _Frame.__new__(_Frame)
    frame.node = node
    frame.pos = 0
    counts = [0] * len(node.children)
    counts[0] = 1
    frame.counts = counts
    frame.table = node.tables[1]
    return frame


class MessageValidator:
    """Validate one message (UNH..UNT) against its map; collect :class:`Issue` records."""

    def __init__(self, mmap: MessageMap, chars: ServiceChars, decimals: str) -> None:
        self.map = mmap
        self.chars = chars
        self.decimals = decimals
        self.issues: list[Issue] = []
        self._stack: list[_Frame] = [_Frame(mmap.root, root=True)]
        # tag -> (regex, captured checks) for the fast path (the shape tests compare with the exact
        # path); ``_hot`` is the same regexes as (fullmatch, code sets, has a semantic check).
        self._fast = mmap.patterns(chars, decimals)
        self._hot = mmap.hot_patterns(chars, decimals)
        self._release = chars.release
        self._mask_sub = _mask_pattern(chars).sub
        self._rep = chars.repetition if chars.repetition != " " else "\x00"
        self._truncated = False

    def _add(self, issue: Issue) -> None:
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)
        elif not self._truncated:
            self._truncated = True
            self.issues.append(Issue("set", "18", f"more than {MAX_ISSUES} errors; the rest are not listed"))

    def _loop_id(self) -> str | None:
        names = [f.node.name for f in self._stack[1:]]
        return "/".join(names) if names else None

    def _missing(self, frame: _Frame, start: int, stop: int, pos: int) -> None:
        children = frame.node.children
        for k in range(max(start, 0), stop):
            child = children[k]
            if child.mandatory and frame.counts[k] == 0:
                what = f"segment group {child.name} (starting with {child.tag})" if child.is_group else \
                    f"segment {child.tag}"
                self._add(Issue("segment", "13", f"mandatory {what} is missing", segment_id=child.tag,
                                segment_position=pos, loop_id=self._loop_id() or None))

    def segment(self, tag: str, raw: str, pos: int) -> None:
        """Feed one segment (``raw`` as read, ``pos`` counted from UNH = 1)."""
        self._run((raw,), 0, pos, _NO_STOP, tag)

    def feed(self, batch: Sequence[str], start: int, pos: int, stop: frozenset[str]) -> int:
        """Feed ``batch[start:]`` up to the first segment whose tag is in ``stop``; return its index.

        ``pos`` is the message position of ``batch[start]``; the tag of each segment is its first
        three characters. Returns ``len(batch)`` when no stop tag came. The walker hands over a
        whole chunk this way, so the per-segment loop runs here with everything in locals.
        """
        return self._run(batch, start, pos, stop, None)

    def _run(self, batch: Sequence[str], start: int, pos: int, stop: frozenset[str], only_tag: str | None) -> int:
        """The per-segment loop behind :meth:`segment` and :meth:`feed` (one implementation).

        Written for CPython: locals instead of repeated attribute lookups, the outward search and
        group closing only when the innermost group cannot take the tag, one dictionary lookup
        for the segment's regex and code sets.
        """
        stack = self._stack
        hot_get = self._hot.get
        rep = self._rep
        release = self._release
        mask_sub = self._mask_sub
        new_frame = _Frame.__new__
        end = len(batch)
        i = start
        while i < end:
            raw = batch[i]
            tag = raw[:3] if only_tag is None else only_tag
            if tag in stop:
                return i
            i += 1
            frame = stack[-1]
            hit = frame.table.get(tag, -1)
            if hit < 0:
                frame, hit = self._outward(tag, pos)
                if hit < 0:
                    pos += 1
                    continue
            node = frame.node
            if hit != frame.pos:
                before = node.mandatory_before
                if before[hit] - before[frame.pos + 1]:
                    self._missing(frame, frame.pos + 1, hit, pos)
                frame.pos = hit
                frame.table = node.tables[hit]
            child = node.children[hit]
            counts = frame.counts
            seen = counts[hit] + 1
            counts[hit] = seen
            if seen > child.max_repeat:
                self._too_many(child, tag, pos)
            if child.children:
                # The group opens at its trigger (child 0 seen once); same as _enter, inlined.
                frame = new_frame(_Frame)
                frame.node = child
                frame.pos = 0
                counts = [0] * len(child.children)
                counts[0] = 1
                frame.counts = counts
                frame.table = child.tables[1]
                stack.append(frame)
            hot = hot_get(tag)
            if hot is not None:  # None: no element definition (UNH, UNT, or a segment the map lacks)
                if rep in raw:
                    self._elements(tag, raw, pos)
                else:
                    # A released character becomes one ordinary data character (SUB, U+001A: never a
                    # separator, digit or sign, and it keeps the text a 1-byte string for the regex).
                    m = hot[0](mask_sub("\x1a", raw) if release in raw else raw)
                    if m is None:
                        self._elements(tag, raw, pos)
                    elif hot[1]:
                        # Lengths are enforced by the regex; only code list membership is left.
                        for value, codes in zip(m.groups(), hot[1]):  # noqa: B905 - same length by construction
                            if value is not None and value not in codes:
                                self._elements(tag, raw, pos)
                                break
                        else:
                            if hot[2]:
                                self._semantic_check(tag, raw, pos)
                    elif hot[2]:
                        self._semantic_check(tag, raw, pos)
            pos += 1
        return end

    def _outward(self, tag: str, pos: int) -> tuple[_Frame, int]:
        """The innermost tag's group cannot take ``tag``: find the enclosing group that can.

        Closes the groups left behind (reporting what they missed) and returns that group's frame
        and child index; ``hit`` -1 (after reporting 15) when no open group takes it.
        """
        stack = self._stack
        hit = -1
        level = len(stack) - 1
        frame = stack[level]
        while level > 0:
            level -= 1
            frame = stack[level]
            hit = frame.table.get(tag, -1)
            if hit >= 0:
                break
        if hit < 0:
            self._add(Issue("segment", "15", f"segment {tag} is not allowed here", segment_id=tag,
                            segment_position=pos, loop_id=self._loop_id()))
            return frame, -1
        while len(stack) - 1 > level:
            closed = stack.pop()
            before = closed.node.mandatory_before
            if before[-1] - before[closed.pos + 1]:
                self._missing(closed, closed.pos + 1, len(closed.counts), pos)
        return frame, hit

    def _semantic_check(self, tag: str, raw: str, pos: int) -> None:
        """A segment whose formats are fine still gets its semantic check (DTM calendar dates)."""
        _, elements = split_segment(raw, self.chars)
        loop = self._loop_id()
        for issue in semantic_issues(self.map.segments[tag], elements, pos):
            issue.loop_id = loop
            self._add(issue)

    def _too_many(self, child: Node, tag: str, pos: int) -> None:
        if child.is_group:
            self._add(Issue("segment", "36", f"segment group {child.name} repeats more than "
                            f"{child.max_repeat} times", segment_id=tag, segment_position=pos,
                            loop_id=self._loop_id()))
        else:
            self._add(Issue("segment", "35", f"segment {tag} repeats more than {child.max_repeat} times",
                            segment_id=tag, segment_position=pos, loop_id=self._loop_id()))

    def _elements(self, tag: str, raw: str, pos: int) -> None:
        try:
            _, elements = split_segment(raw, self.chars)
        except ReleaseProblem as exc:
            self._add(Issue("segment", "22", str(exc), segment_id=tag, segment_position=pos))
            return
        loop = self._loop_id()
        for issue in check_elements(self.map.segments[tag], elements, pos, self.decimals):
            issue.loop_id = loop
            self._add(issue)

    def finish(self, pos: int, *, trailer_seen: bool = True) -> None:
        """Close every open group at the end of the message (after UNT, or where it ended).

        Without a UNT the envelope already reports it missing, so the map does not repeat it.
        """
        stack = self._stack
        while len(stack) > 1:
            closed = stack.pop()
            self._missing(closed, closed.pos + 1, len(closed.counts), pos)
        root = stack[0]
        self._missing(root, root.pos + 1, len(root.counts) - (0 if trailer_seen else 1), pos)
