"""Text views of an EDIFACT file for people: the ``inspect`` tree and the ``validate`` summary.

Both read the shared report model and the materialised messages, so what operations see is
exactly what the CONTRL tells the partner, worded for people (``Issue.describe``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from gateway.edifact.parsed import ParsedMessage, Segment
from gateway.errors import Issue
from gateway.report import FileReport

if TYPE_CHECKING:
    from gateway.edifact.envelope import Walker


def _seg_text(seg: Segment, element: str = "+", component: str = ":") -> str:
    return element.join([seg.tag, *(component.join(e) for e in seg.elements)])


def _issue_line(issue: Issue, indent: str) -> str:
    mark = "ERROR" if issue.severity == "error" else "warning"
    return f"{indent}  ! {mark} {issue.code}: {issue.describe()}"


def render_inspect(walker: Walker, messages: Iterator[ParsedMessage], out: TextIO) -> None:
    """Print each message with numbered segments and its issues under the segment they concern."""
    current_ic = None
    for msg in messages:
        if current_ic != msg.interchange_reference:
            current_ic = msg.interchange_reference
            out.write(f"Interchange {msg.interchange_reference}  {msg.sender} -> {msg.recipient}  "
                      f"({msg.syntax_id}:{msg.syntax_version}, UNA {msg.chars.una()[3:]!r})\n")
        if msg.group_reference is not None:
            out.write(f"  Group {msg.group_reference} ({msg.group_id})\n")
        out.write(f"  Message {msg.reference}: {msg.message_type} {msg.version}:{msg.release}:{msg.agency}"
                  f"{':' + msg.association_code if msg.association_code else ''}  [{msg.status}]\n")
        by_pos: dict[int | None, list[Issue]] = {}
        for issue in msg.issues:
            by_pos.setdefault(issue.segment_position, []).append(issue)
        for pos, seg in enumerate(msg.segments, start=1):
            out.write(f"    {pos:5d}  {_seg_text(seg)}\n")
            for issue in by_pos.pop(pos, []):
                out.write(_issue_line(issue, "         ") + "\n")
        for issues in by_pos.values():
            for issue in issues:
                out.write(_issue_line(issue, "    ") + "\n")
    report = walker.report
    for ic in report.interchanges:
        problems = list(ic.issues) + [i for g in ic.groups for i in g.issues]
        if problems:
            out.write(f"Interchange {ic.control_number} envelope:\n")
            for issue in problems:
                out.write(_issue_line(issue, "  ") + "\n")
    for issue in report.issues:
        out.write(_issue_line(issue, "") + "\n")
    out.write(f"{report.source}: {'REJECTED' if report.rejected else 'accepted'}\n")


def render_summary(report: FileReport, out: TextIO) -> None:
    """One line per interchange, group and message, errors explained under each."""
    out.write(f"{report.source}: EDIFACT, {'REJECTED' if report.rejected else 'accepted'}\n")
    for issue in report.issues:
        out.write(_issue_line(issue, "") + "\n")
    for ic in report.interchanges:
        out.write(f"  interchange {ic.control_number} {ic.sender} -> {ic.receiver}: {ic.status}"
                  f" (CONTRL action {ic.ack_code})\n")
        for issue in ic.issues:
            out.write(_issue_line(issue, "  ") + "\n")
        for g in ic.groups:
            if g.functional_id is not None or g.control_number is not None:
                out.write(f"    group {g.control_number} {g.functional_id}: {g.status}\n")
                for issue in g.issues:
                    out.write(_issue_line(issue, "    ") + "\n")
            for s in g.sets:
                out.write(f"      message {s.control_number} {s.set_id} {s.version or ''}: {s.status}"
                          f" ({s.segment_count} segments)\n")
                for issue in s.issues:
                    out.write(_issue_line(issue, "      ") + "\n")
