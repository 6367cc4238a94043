"""Map-driven message validator: a state machine over the branching diagram, fed one segment at a time.

State is a stack of open segment groups; each frame knows which child it is at and how often each
child occurred in the current repetition. A segment tag is looked up from the innermost group
outwards (memoised per group, position and tag), which closes finished groups, opens new group
repetitions at their trigger segment, and reports what was skipped or overused: 13 mandatory
segment or group missing, 15 segment not allowed here, 35 segment repeated too often, 36 group
repeated too often. Element checks (:mod:`gateway.edifact.elements`) run per segment, on the fast
regex path first. Nothing is kept per segment, so memory does not grow with the message.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gateway.edifact.chars import ServiceChars
from gateway.edifact.elements import check_elements, semantic_issues
from gateway.edifact.maps import MessageMap, Node
from gateway.edifact.segment import ReleaseProblem, split_segment
from gateway.errors import Issue

MAX_ISSUES = 500


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


class MessageValidator:
    """Validate one message (UNH..UNT) against its map; collect :class:`Issue` records."""

    def __init__(self, mmap: MessageMap, chars: ServiceChars, decimals: str) -> None:
        self.map = mmap
        self.chars = chars
        self.decimals = decimals
        self.issues: list[Issue] = []
        self._stack: list[_Frame] = [_Frame(mmap.root, root=True)]
        # tag -> (regex, captured checks) for the fast path; tags with a semantic check (DTM dates)
        # run that check after a fast match.
        self._fast = mmap.patterns(chars, decimals)
        self._semantic = {tag for tag, spec in mmap.segments.items() if spec.check}
        self._release = chars.release
        self._mask = _mask_pattern(chars)
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
        stack = self._stack
        frame = stack[-1]
        hit = frame.table.get(tag, -1)
        level = len(stack) - 1
        while hit < 0 and level > 0:
            level -= 1
            frame = stack[level]
            hit = frame.table.get(tag, -1)
        if hit < 0:
            self._add(Issue("segment", "15", f"segment {tag} is not allowed here", segment_id=tag,
                            segment_position=pos, loop_id=self._loop_id()))
            return
        while len(stack) - 1 > level:
            closed = stack.pop()
            before = closed.node.mandatory_before
            if before[-1] - before[closed.pos + 1]:
                self._missing(closed, closed.pos + 1, len(closed.counts), pos)
        node = frame.node
        if hit != frame.pos:
            if node.mandatory_before[hit] - node.mandatory_before[frame.pos + 1]:
                self._missing(frame, frame.pos + 1, hit, pos)
            frame.pos = hit
            frame.table = node.tables[hit]
        child = node.children[hit]
        counts = frame.counts
        counts[hit] += 1
        if counts[hit] > child.max_repeat:
            self._too_many(child, tag, pos)
        if child.children:
            new = _Frame(child)
            new.counts[0] = 1
            stack.append(new)
        fast = self._fast.get(tag, False)
        if fast is False:
            return  # no element definition for this tag (UNH, UNT, or a segment the map lacks)
        if self._rep not in raw:
            m = fast[0].fullmatch(self._mask.sub("\ue000", raw) if self._release in raw else raw)
            if m is not None:
                for group, codes, hi in fast[1]:
                    value = m.group(group)
                    if value is not None and (len(value) > hi or (codes is not None and value not in codes)):
                        break
                else:
                    if tag in self._semantic:
                        self._semantic_check(tag, raw, pos)
                    return
        self._elements(tag, raw, pos)

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
