"""Map-driven validation of one X12 transaction set, fed one segment at a time.

:func:`validator_for` returns a :class:`SetValidator` for a GS08 version and a set id (None when no
map exists). The engine calls :meth:`SetValidator.feed` for ST and SE and hands the body segments
over through :meth:`SetValidator.consume` (the same result as one ``feed`` each), then
:meth:`SetValidator.finish` for the issues (``gateway.errors.Issue``, with AK304/AK403 codes).

How it works: the map (:mod:`gateway.x12.maps`) is compiled (:mod:`gateway.x12.compiled_map`)
into a tree of loop nodes, each with a precomputed table per cursor position, ``segment id ->
index of the next child (segment, or loop whose trigger is that segment) at or after the
cursor``. The state is a stack of
frames (loop, cursor, use counts). A segment is looked up in the innermost frame, then in its
parents (leaving loops); the first hit is committed: frames left are checked for mandatory
children never seen (AK304 3), the use or loop count is checked (5, 4), a loop entered pushes a
frame. A segment found nowhere is reported (1 unknown id, 2 unexpected, 6 not in this set, 7 out of
sequence) and skipped without moving the state, so one stray segment produces one error, not a
cascade. Elements are checked by one regex per segment (see :mod:`gateway.x12.element_checks`),
syntax notes by one generated predicate per segment and element count (no padding of short
segments; details in Python only when it fails), and the 856 HL tree by
:mod:`gateway.x12.hierarchy`. Segment contents already found valid are remembered (bounded, per
segment definition): the element check is a pure function of the text, and real files repeat many
segments (PID, PO4, N1, REF, DTM...).

Compiled validators are cached per (version, set, separators); a :class:`SetValidator` is cheap
to create, one per transaction set.

Speed: the envelope hands body segments over in bulk through :meth:`SetValidator.consume`, which
runs the common case inline (one dict lookup in a per-loop, per-cursor table that already merges
"next child here" and "leave this loop for the parent", then the memo or the regex) and gives
everything else to :meth:`SetValidator.feed` before the state moves, so both paths report
exactly the same issues (tests/x12/test_validator_consume.py checks this on damaged sets).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Container, Iterator
from functools import lru_cache

from gateway.errors import Issue
from gateway.x12 import maps
from gateway.x12.compiled_map import LOOP_NOUNS, CompiledSet, LoopNode, SegNode
from gateway.x12.element_checks import JOIN, diagnose, valid_date
from gateway.x12.hierarchy import HierarchyChecker
from gateway.x12.reader import RawSegment
from gateway.x12.syntax_notes import check_notes

__all__ = ["LOOP_NOUNS", "SetValidator", "ack999_code", "ordinal", "validator_for"]

# the compiled-map node types under their historical private names
_Seg, _Loop, _Compiled = SegNode, LoopNode, CompiledSet

_SEEN_MAX = 1024  # per segment definition: bounded memory however long the process runs
SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}\Z")

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")

# 999 IK304/IK403 for the issues this validator raises: the standard codes are the same numbers;
# the I-codes (I4-I13) belong to implementation-guide (partner overlay) checks, not to base maps.
IK304_FOR_AK304: dict[str, str] = {str(c): str(c) for c in range(1, 9)}
IK403_FOR_AK403: dict[str, str] = {str(c): str(c) for c in (*range(1, 11), 12, 13)}


def ack999_code(issue: Issue) -> str:
    """The 999 IK304 (segment) or IK403 (element) code for an issue from this validator."""
    table = IK304_FOR_AK304 if issue.level == "segment" else IK403_FOR_AK403
    return table.get(issue.code, issue.code)


def ordinal(n: int) -> str:
    """'first', 'second', ... 'tenth', then '#11'."""
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else f"#{n}"


_lock = threading.Lock()


@lru_cache(maxsize=256)
def _compiled(version6: str, set_id: str, component: str, repetition: str | None) -> _Compiled | None:
    tmap = maps.get_map(version6, set_id)
    if tmap is None:
        return None
    with _lock:
        return _Compiled(tmap, component, repetition)


@lru_cache(maxsize=4)
def _known_segment_ids(version6: str) -> frozenset[str]:
    """Every segment id defined by any of our maps of this version (for AK304 6 vs 1)."""
    tags: set[str] = set()
    for v, s in maps.available_maps():
        if v == version6:
            m = maps.get_map(v, s)
            if m is not None:
                tags |= m.segment_tags()
    return frozenset(tags)


def validator_for(version: str, set_id: str, *, component_separator: str = ":",
                  repetition_separator: str | None = None) -> SetValidator | None:
    """A fresh validator for one transaction set, or None when no map covers (version, set).

    ``version`` is GS08 as received ("004010", "004010VICS", "005010X231A1"): the first six
    characters pick the map. The repetition separator only applies from 005010 on.
    """
    version6 = version[:6]
    rep = repetition_separator if version6 >= "005010" else None
    compiled = _compiled(version6, set_id, component_separator, rep)
    if compiled is None:
        return None
    return SetValidator(compiled)


class SetValidator:
    """Validates one transaction set, segment by segment (see the module docstring)."""

    __slots__ = ("_c", "_closed", "_hl", "_issues", "_stack")

    def __init__(self, compiled: _Compiled) -> None:
        self._c = compiled
        # frame = [loop, cursor, counts]
        self._stack: list[list] = []
        self._issues: list[Issue] = []
        self._hl = HierarchyChecker() if compiled.tmap.set_id == "856" else None
        self._closed = False

    # ------------------------------------------------------------------ feeding

    def feed(self, elements: list[str], position: int) -> None:
        """Check one segment (``elements[0]`` is the tag) at ``position`` (ST = 1)."""
        tag = elements[0]
        stack = self._stack
        if stack:
            frame = stack[-1]
            entry = frame[0].lookup[frame[1]].get(tag)
            if entry is None:
                # most often the next occurrence of the enclosing loop: try one level up first
                if len(stack) > 1:
                    parent = stack[-2]
                    entry = parent[0].lookup[parent[1]].get(tag)
                if entry is not None:
                    loop = frame[0]
                    if loop.next_required[frame[1]] < len(loop.children):
                        self._close(frame, position)
                    stack.pop()
                    frame = parent
                else:
                    found = self._leave_loops(tag, position)
                    if found is None:
                        self._not_placed(elements, position)
                        return
                    frame = found
                    entry = frame[0].lookup[frame[1]][tag]
            j, node, is_loop, skips_mandatory, _limit, _seg = entry
            if skips_mandatory:
                self._missing_between(frame[0], frame[1], j, position)
            counts = frame[2]
            used = counts[j] + 1
            counts[j] = used
            frame[1] = j
            if is_loop:
                if used > node.max_repeat:
                    self._segment_issue("4", tag, position, node.loop_id,
                                        f"the {node.noun} loop ({node.loop_id}) occurs {used} times, at "
                                        f"most {node.max_repeat} allowed", f"send at most {node.max_repeat}")
                stack.append([node, 0, node.fresh[:]])
                seg = node.trigger
            else:
                seg = node
                if used > seg.max_use:
                    self._segment_issue("5", tag, position, self._loop_id(),
                                        f"{tag} occurs {used} times here, at most {seg.max_use} allowed",
                                        f"send at most {seg.max_use} {tag} segments at this place")
        else:
            root = self._c.root
            stack.append([root, 0, root.fresh[:]])
            if tag != root.trigger_tag:
                self._segment_issue("3", root.trigger_tag, position, None,
                                    "the transaction set does not start with ST", "start the set with ST")
                self.feed(elements, position)
                return
            seg = root.trigger
        # elements: memo of contents already found valid, else one regex + the syntax-note predicate
        joined = JOIN.join(elements)
        n = len(elements)
        if seg.valid_seen.get(joined) != n:
            self._check_elements(seg, elements, joined, n, position)
        elif self._hl is not None:
            self._hierarchy(seg, elements, position)

    def _check_elements(self, seg: _Seg, elements: list[str], joined: str, n: int, position: int) -> None:
        """Element checks of a segment not in the memo: one regex + the syntax-note predicate.

        ``joined`` is ``elements`` joined with :data:`JOIN` and ``n`` their count. Valid contents
        are remembered; any failure takes the slow, explaining path. The 856 hierarchy is fed too.
        """
        try:
            match = seg.by_count[n]
        except KeyError:
            match = seg.pattern_for(n)
        tag = elements[0]
        if match is None or match(joined, len(tag) + 1 if n > 1 else len(tag)) is None or \
                joined.count(JOIN) != n - 1 or (seg.dates and not self._dates_ok(seg, elements)):
            self._element_problems(seg, elements, position)
            return
        if seg.notes:
            try:
                notes_ok = seg.notes_by_count[n]
            except KeyError:
                notes_ok = seg.notes_for(n)
            if not notes_ok(elements):
                self._notes(seg, elements, position)
                if self._hl is not None:
                    self._hierarchy(seg, elements, position)
                return
        seen = seg.valid_seen
        if len(seen) >= _SEEN_MAX:
            seen.clear()
        seen[joined] = n
        if self._hl is not None:
            self._hierarchy(seg, elements, position)

    def consume(self, segments: Iterator[RawSegment], count: int,
                stop: Container[str]) -> tuple[RawSegment | None, int]:
        """Feed body segments from ``segments`` until one whose tag is in ``stop``; the batch path.

        ``count`` is the position of the last segment fed (ST = 1); each segment taken gets the
        next position. Returns the segment that stopped the run (not fed; None at the end of the
        iterator) and the position of the last segment fed. The result is exactly that of calling
        :meth:`feed` for each segment: the common case (the tag found in the innermost loop or one
        level up, no mandatory segment skipped, no count exceeded, contents already known valid)
        is done inline with everything in local variables, which is what makes million-segment
        files fast; anything else is handed to :meth:`feed` unchanged, before the state moves.
        """
        stack = self._stack
        feed = self.feed
        if not stack:
            # nothing fed yet (no ST): the first segment sets up the state, the loop below needs it
            for raw in segments:
                elements = raw[0]
                if elements[0] in stop:
                    return raw, count
                count += 1
                feed(elements, count)
                break
            else:
                return None, count
        hl = self._hl
        join = JOIN.join
        check = self._check_elements
        frame = stack[-1]
        row = frame[0].fast[frame[1]]  # the table of the current state; each entry names the next one
        for raw in segments:
            elements = raw[0]
            tag = elements[0]
            if tag in stop:
                return raw, count
            count += 1
            entry = row.get(tag)
            if entry is None:
                feed(elements, count)
                frame = stack[-1]
                row = frame[0].fast[frame[1]]
                continue
            leave, j, node, is_loop, skips, limit, seg, next_row = entry
            target = stack[-2] if leave else frame
            counts = target[2]
            used = counts[j] + 1
            if skips or used > limit:
                feed(elements, count)
                frame = stack[-1]
                row = frame[0].fast[frame[1]]
                continue
            if leave:
                stack.pop()
            counts[j] = used
            target[1] = j
            if is_loop:
                frame = [node, 0, node.fresh[:]]
                stack.append(frame)
            else:
                frame = target
            row = next_row
            joined = join(elements)
            n = len(elements)
            if seg.valid_seen.get(joined) != n:
                check(seg, elements, joined, n, count)
            elif hl is not None:
                self._hierarchy(seg, elements, count)
        return None, count

    def _leave_loops(self, tag: str, position: int) -> list | None:
        """Find ``tag`` in an enclosing loop; leave (close) the loops below it. None when not found."""
        stack = self._stack
        depth = len(stack) - 2
        while depth >= 0:
            frame = stack[depth]
            if tag in frame[0].lookup[frame[1]]:
                break
            depth -= 1
        else:
            return None
        while len(stack) - 1 > depth:
            top = stack[-1]
            if top[0].next_required[top[1]] < len(top[0].children):
                self._close(top, position)
            stack.pop()
        return stack[depth]

    @staticmethod
    def _dates_ok(seg: _Seg, elements: list[str]) -> bool:
        n = len(elements)
        return all(not (p < n and elements[p]) or valid_date(elements[p]) for p in seg.dates)

    def finish(self) -> list[Issue]:
        """Close the set (mandatory segments never seen are reported) and return every issue."""
        if not self._closed:
            self._closed = True
            stack = self._stack
            if stack:
                last = len(stack[0][0].children) - 1
                while len(stack) > 1:
                    self._close(stack[-1], None)
                    stack.pop()
                loop, cursor, _ = stack[0]
                if cursor < last:
                    # SE (the last child) is the envelope's business; report only body segments.
                    self._missing_between(loop, cursor, last, None)
        return self._issues

    # ------------------------------------------------------------------ structure errors

    def _loop_id(self) -> str | None:
        return self._stack[-1][0].loop_id if len(self._stack) > 1 else None

    def _context(self) -> str:
        """' (second order line)' for the innermost loop occurrence, '' at the top level."""
        stack = self._stack
        if len(stack) < 2:
            return ""
        parent = stack[-2]
        n = parent[2][parent[1]]
        return f" ({ordinal(n)} {stack[-1][0].noun})"

    def _segment_issue(self, code: str, tag: str, position: int | None, loop_id: str | None, what: str,
                       hint: str | None) -> None:
        where = f"{tag} at segment {position}" if position is not None else tag
        self._issues.append(Issue(level="segment", code=code, message=f"{where}{self._context()}: {what}",
                                  segment_id=tag, segment_position=position, loop_id=loop_id, hint=hint))

    def _missing_between(self, loop: _Loop, lo: int, hi: int, position: int | None) -> None:
        for k in loop.required_idx:
            if lo < k < hi:
                self._report_missing(loop, k, position)

    def _report_missing(self, loop: _Loop, k: int, position: int | None) -> None:
        child = loop.children[k]
        tag = loop.tag_of(k)
        place = f"before segment {position}" if position is not None else "before the end of the set"
        if isinstance(child, _Loop):
            what = f"mandatory {child.noun} loop ({child.loop_id}, starting with {tag}) is missing {place}"
            loop_id = child.loop_id
        else:
            what = f"mandatory segment {tag} ({child.defn.name}) is missing {place}"
            loop_id = loop.loop_id if loop is not self._c.root else None
        self._issues.append(Issue(level="segment", code="3", message=f"{tag}{self._context()}: {what}",
                                  segment_id=tag, segment_position=position, loop_id=loop_id,
                                  hint=f"add the {tag} segment"))

    def _close(self, frame: list, position: int | None) -> None:
        """Report mandatory children after the cursor of a loop being left (frame still on the stack)."""
        loop, cursor, _ = frame
        self._missing_between(loop, cursor, len(loop.children), position)

    def _not_placed(self, elements: list[str], position: int) -> None:
        tag = elements[0]
        c = self._c
        if not SEGMENT_ID.match(tag):
            code, what, hint = "1", f"'{tag}' is not a segment id", "check the segment terminator and the tag"
        elif tag in c.tags:
            behind = any(tag in (f[0].tag_of(k) for k in range(0, f[1] + 1)) for f in self._stack)
            if behind:
                code, what = "7", f"{tag} is out of order here (it belongs earlier in the set)"
                hint = f"move {tag} to its place in the {c.tmap.set_id} segment order"
            else:
                code, what = "2", f"{tag} is not expected at this place in the {c.tmap.set_id}"
                hint = f"move {tag} into the loop it belongs to"
        elif tag in _known_segment_ids(c.tmap.version):
            code, what = "6", f"{tag} is not part of the {c.tmap.set_id} transaction set"
            hint = f"remove {tag}; it belongs to another transaction set"
        else:
            code, what = "1", f"segment id {tag} is not recognised"
            hint = f"remove {tag} or check its spelling"
        self._segment_issue(code, tag, position, self._loop_id(), what, hint)

    # ------------------------------------------------------------------ element errors

    def _element_problems(self, seg: _Seg, elements: list[str], position: int) -> None:
        """Slow path: name every element problem of a segment that failed the fast checks."""
        c = self._c
        problems = diagnose(seg.defn, elements, c.component, c.repetition, c.version5)
        loop_id = self._loop_id()
        ctx = self._context()
        for p in problems:
            e = p.element
            bad = None if p.code == "6" else p.bad_value
            data_element = e.data_element if e is not None else None
            self._issues.append(Issue(
                level="element", code=p.code,
                message=f"{seg.tag} at segment {position}{ctx}: {p.what}",
                segment_id=seg.tag, segment_position=position, loop_id=loop_id,
                element_position=p.element_position, component_position=p.component_position,
                repetition_position=p.repetition_position, data_element=data_element, bad_value=bad,
                hint=p.hint))
        if seg.notes:
            self._notes(seg, elements, position)
        if self._hl is not None:
            self._hierarchy(seg, elements, position)

    def _notes(self, seg: _Seg, elements: list[str], position: int) -> None:
        violations = check_notes(seg.notes, elements, seg.tag)
        if not violations:
            return
        ctx = self._context()
        defs = seg.defn.elements
        for v in violations:
            e = defs[v.position - 1]
            present = v.position < len(elements) and elements[v.position] != ""
            what = (f"{seg.tag}{v.position:02d} ({e.name.lower()}) "
                    + ("must not be present" if v.code == "10" else "is required") + f": {v.explanation}")
            self._issues.append(Issue(
                level="element", code=v.code, message=f"{seg.tag} at segment {position}{ctx}: {what}",
                segment_id=seg.tag, segment_position=position, loop_id=self._loop_id(),
                element_position=v.position, data_element=e.data_element,
                bad_value=elements[v.position] if present else None,
                hint=f"syntax note {v.note.text}: {v.explanation}"))

    def _hierarchy(self, seg: _Seg, elements: list[str], position: int) -> None:
        hl = self._hl
        assert hl is not None
        if seg.tag == "BSN":
            hl.set_structure(elements[5] if len(elements) > 5 else "")
        elif seg.tag == "HL":
            ctx = self._context()
            for p in hl.feed(elements):
                e = seg.defn.elements[p.position - 1]
                self._issues.append(Issue(
                    level="element", code="7", message=f"HL at segment {position}{ctx}: {p.what}",
                    segment_id="HL", segment_position=position, loop_id=self._loop_id(),
                    element_position=p.position, data_element=e.data_element, bad_value=p.bad_value,
                    hint=p.hint))
