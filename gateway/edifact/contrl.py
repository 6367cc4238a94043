"""Build CONTRL (syntax and service report) interchanges from a validation report, syntax 3 and 4.

One CONTRL interchange answers one received interchange: UCI for the interchange (action 4
rejected, 7 acknowledged, 8 received only), then per group UCF (when the interchange used UNG),
per message UCM, and for segment and element errors UCS (segment position from UNH = 1) with
UCD (element and component position). CONTRL has no "accepted with errors": warnings are not
reported and a message with any error is rejected. No CONTRL is built in reply to an interchange
holding only CONTRL messages. Control references come from a
:class:`~gateway.control_numbers.ControlNumberAllocator`, never from the clock; the clock only
fills the UNB preparation date and time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Literal

from gateway.control_numbers import ControlNumberAllocator
from gateway.edifact.chars import DEFAULT_CHARS, ServiceChars
from gateway.edifact.writer import ElementValue, format_segment
from gateway.errors import Issue
from gateway.report import REJECTED, GroupReport, InterchangeReport, SetReport

AckPolicy = Literal["requested", "always", "never"]
Action = Literal["4", "7", "8"]
MAX_UCS = 999
MAX_UCD = 99

SegmentList = list[tuple[str, list[ElementValue]]]


def contrl_due(ic: InterchangeReport, policy: AckPolicy = "always") -> bool:
    """Whether a CONTRL is sent for ``ic``: never for CONTRL-only input or without a sender to
    answer; else by UNB0031 or policy."""
    if not ic.sender:
        return False
    sets = [s for g in ic.groups for s in g.sets]
    if sets and all(s.set_id == "CONTRL" for s in sets):
        return False
    if policy == "never":
        return False
    return policy == "always" or ic.ack_requested


def _first_error(issues: Iterable[Issue]) -> Issue | None:
    return next((i for i in issues if i.severity == "error"), None)


def _s011(issue: Issue, syntax_version: int) -> list[str] | None:
    if issue.element_position is None:
        return None
    parts = [str(issue.element_position), str(issue.component_position or "")]
    if syntax_version >= 4 and issue.repetition_position:
        parts.append(str(issue.repetition_position))
    return parts


def _message_segments(msg: SetReport, syntax_version: int) -> SegmentList:
    """UCM for one message and, when rejected, its UCS/UCD lines."""
    ver, rel, agency = ((msg.version or "") + "::").split(":")[:3]
    s009 = [msg.set_id, ver, rel, agency] + ([msg.implementation_ref] if msg.implementation_ref else [])
    errors = [i for i in msg.issues if i.severity == "error"]
    if msg.status != REJECTED or not errors:
        return [("UCM", [msg.control_number, s009, "7"])]
    top = _first_error(i for i in errors if i.level == "set")
    ucm: list[ElementValue] = [msg.control_number, s009, "4"]
    if top is not None:
        ucm += [top.code, top.segment_id or ""]
        s011 = _s011(top, syntax_version)
        if s011:
            ucm.append(s011)
    out: SegmentList = [("UCM", ucm)]
    by_pos: dict[int, list[Issue]] = {}
    for issue in errors:
        if issue.level in ("segment", "element") and issue.segment_position is not None:
            by_pos.setdefault(issue.segment_position, []).append(issue)
    for pos in sorted(by_pos)[:MAX_UCS]:
        items = by_pos[pos]
        seg_err = next((i for i in items if i.level == "segment"), None)
        out.append(("UCS", [str(pos), seg_err.code if seg_err else None]))
        for issue in [i for i in items if i.level == "element"][:MAX_UCD]:
            out.append(("UCD", [issue.code, _s011(issue, syntax_version) or [str(issue.element_position or 1)]]))
    return out


def _group_segments(group: GroupReport, syntax_version: int) -> SegmentList:
    err = _first_error(group.issues)
    action = "4" if group.status == REJECTED else "7"
    ucf: list[ElementValue] = [group.control_number or "", [group.sender or ""], [group.receiver or ""], action]
    if err is not None:
        ucf += [err.code, err.segment_id or ""]
    out: SegmentList = [("UCF", ucf)]
    if action == "7":
        for msg in group.sets:
            out += _message_segments(msg, syntax_version)
    return out


def contrl_body(ic: InterchangeReport, *, receipt_only: bool = False) -> SegmentList:
    """UCI and everything under it for one received interchange (no UNH/UNT)."""
    version = int(ic.extra.get("syntax_version") or 3)
    err = _first_error(ic.issues)
    action: Action = "8" if receipt_only else ("4" if ic.status == REJECTED else "7")
    uci: list[ElementValue] = [
        ic.control_number,
        [ic.sender, ic.sender_qualifier or ""],
        [ic.receiver, ic.receiver_qualifier or ""],
        action,
    ]
    if err is not None and not receipt_only:
        uci += [err.code, err.segment_id or ""]
        s011 = _s011(err, version)
        if s011:
            uci.append(s011)
    out: SegmentList = [("UCI", uci)]
    if action != "7":
        return out
    grouped = any(g.functional_id is not None or g.control_number is not None for g in ic.groups)
    for group in ic.groups:
        if grouped and (group.functional_id is not None or group.control_number is not None):
            out += _group_segments(group, version)
        else:
            for msg in group.sets:
                out += _message_segments(msg, version)
    return out


def build_contrl(
    ic: InterchangeReport,
    allocator: ControlNumberAllocator,
    *,
    chars: ServiceChars | None = None,
    now: datetime | None = None,
    receipt_only: bool = False,
) -> str:
    """The CONTRL interchange answering ``ic``, addressed back to its sender."""
    version = int(ic.extra.get("syntax_version") or 3)
    syntax_id = str(ic.extra.get("syntax_id") or "UNOA")
    if chars is None:
        chars = DEFAULT_CHARS.for_syntax(version)
    when = now or datetime.now(UTC)
    date = when.strftime("%Y%m%d" if version >= 4 else "%y%m%d")
    partner = ic.sender or "unknown"
    ref = str(allocator.next(partner, "interchange"))
    msg_ref = str(allocator.next(partner, "set"))
    msg_id = ["CONTRL", "4", "1", "UN"] if version >= 4 else ["CONTRL", "D", "3", "UN"]
    body = contrl_body(ic, receipt_only=receipt_only)
    segments: SegmentList = [
        ("UNB", [[syntax_id, str(version)], [ic.receiver, ic.receiver_qualifier or ""],
                 [ic.sender, ic.sender_qualifier or ""], [date, when.strftime("%H%M")], ref]),
        ("UNH", [msg_ref, msg_id]),
        *body,
    ]
    segments.append(("UNT", [str(len(body) + 2), msg_ref]))
    segments.append(("UNZ", ["1", ref]))
    text = "".join(format_segment(tag, els, chars) + "\n" for tag, els in segments)
    if chars != DEFAULT_CHARS or ic.extra.get("una_present"):
        text = chars.una() + "\n" + text
    return text
