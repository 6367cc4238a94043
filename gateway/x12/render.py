"""Readable text for people: the validation summary and the ``inspect`` tree.

Plain text (no colour codes), so it reads the same on a terminal, in a pipe or in a log. Every
problem is printed with its standard code and that code's meaning (gateway.x12.codes), under the
segment it concerns; bytes that were not valid UTF-8 are shown as ``\\xNN``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from gateway.errors import Issue
from gateway.report import FileReport
from gateway.x12.codes import explain
from gateway.x12.reader import RawSegment

_CODE_NAMES = {"interchange": "TA105", "group": "AK905", "set": "AK502", "segment": "AK304", "element": "AK403"}


def show(text: str) -> str:
    """``text`` safe to print: undecodable bytes as \\xNN, control characters escaped."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def describe_issue(issue: Issue) -> str:
    """One line: severity, the problem in words, and the standard code with its meaning."""
    mark = "ERROR" if issue.severity == "error" else "warning"
    name = _CODE_NAMES.get(issue.level, "code")
    meaning = explain(issue.level, issue.code)
    code = f"{name} {issue.code}" + (f": {meaning}" if meaning else "")
    text = issue.describe()
    if issue.segment_id and issue.message.startswith(f"{issue.segment_id} at segment"):
        text = issue.message + (f" (fix: {issue.hint})" if issue.hint else "")  # already says where
    return f"{mark}: {show(text)}  [{code}]"


def render_summary(report: FileReport) -> str:
    """The verdict of each interchange, group and set with their problems, as text."""
    lines = [f"{show(report.source)}: X12, {'REJECTED' if report.rejected else 'accepted'}"]
    lines += [f"  {describe_issue(i)}" for i in report.issues]
    for ic in report.interchanges:
        lines.append(f"  interchange {ic.control_number} from {ic.sender_qualifier}:{show(ic.sender)} to "
                     f"{ic.receiver_qualifier}:{show(ic.receiver)} (version {ic.version}"
                     f"{', test' if ic.test else ''}): {ic.status} [TA1 {ic.ack_code}]")
        lines += [f"    {describe_issue(i)}" for i in ic.issues]
        for g in ic.groups:
            lines.append(f"    group {show(g.functional_id or '')} {show(g.control_number or '')} (version "
                         f"{show(g.version or '')}): {g.status} [AK9 {g.ack_code}], {len(g.sets)} set(s)")
            lines += [f"      {describe_issue(i)}" for i in g.issues]
            for s in g.sets:
                errors = sum(1 for i in s.issues if i.severity == "error")
                detail = f", {errors} error(s)" if errors else ""
                lines.append(f"      set {show(s.set_id)} {show(s.control_number)}: {s.status}{detail}")
                lines += [f"        {describe_issue(i)}" for i in s.issues]
    return "\n".join(lines) + "\n"


def _issue_index(report: FileReport) -> tuple[dict[int, list[Issue]], list[Issue]]:
    """Issues keyed by the file segment they concern, and those with no place."""
    at: dict[int, list[Issue]] = defaultdict(list)
    nowhere: list[Issue] = []
    for i in report.issues:
        (at[i.file_segment] if i.file_segment else nowhere).append(i)
    for ic in report.interchanges:
        for i in ic.issues:
            at[i.file_segment or ic.extra.get("first_file_segment", 1)].append(i)
        for g in ic.groups:
            for i in g.issues:
                at[i.file_segment or g.extra.get("first_file_segment", 1)].append(i)
            for s in g.sets:
                first = s.first_file_segment or 1
                for i in s.issues:
                    if i.file_segment:
                        at[i.file_segment].append(i)
                    elif i.segment_position:
                        at[first + i.segment_position - 1].append(i)
                    else:
                        at[first].append(i)
    return at, nowhere


def render_inspect(report: FileReport, segments: Iterable[RawSegment]) -> Iterator[str]:
    """The file as an indented tree: envelope headers with verdicts, segments, problems under them."""
    at, nowhere = _issue_index(report)
    yield f"{show(report.source)}: X12, {'REJECTED' if report.rejected else 'accepted'}"
    for i in nowhere:
        yield f"  {describe_issue(i)}"
    interchanges = iter(report.interchanges)
    groups: Iterator = iter(())
    sets: Iterator = iter(())
    depth = 1
    for elements, index, _offset in segments:
        tag = elements[0]
        label = ""
        if tag == "ISA":
            ic = next(interchanges, None)
            depth = 1
            if ic is not None:
                groups = iter(ic.groups)
                label = (f"interchange {ic.control_number} from {ic.sender_qualifier}:{show(ic.sender)} to "
                         f"{ic.receiver_qualifier}:{show(ic.receiver)}: {ic.status} [TA1 {ic.ack_code}]")
        elif tag == "GS":
            g = next(groups, None)
            depth = 2
            if g is not None:
                sets = iter(g.sets)
                label = (f"group {show(g.functional_id or '')} {show(g.control_number or '')} version "
                         f"{show(g.version or '')}: {g.status} [AK9 {g.ack_code}]")
        elif tag == "ST":
            s = next(sets, None)
            depth = 3
            if s is not None:
                label = f"transaction set {show(s.set_id)} {show(s.control_number)}: {s.status}"
        elif tag in ("GE",):
            depth = 2
        elif tag == "IEA":
            depth = 1
        pad = "  " * depth
        if label:
            yield f"{pad}-- {label}"
        body_pad = pad + ("  " if tag not in ("ISA", "GS", "ST", "SE", "GE", "IEA") else "")
        yield f"{body_pad}{index:>6}  {show('*'.join(elements))}"
        for i in at.get(index, ()):
            yield f"{body_pad}        {describe_issue(i)}"
        if tag == "SE":
            depth = 2
        elif tag == "GE":
            depth = 1
