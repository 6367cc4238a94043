"""Acknowledgments for X12: TA1, 997 and 999, built from a validation report.

Everything comes from the :class:`~gateway.report.FileReport` the envelope check produced (the
same issues the CLI and the console show), so what a partner is told and what operations see
never differ. Per received interchange the gateway sends one interchange back containing:

- a TA1 when ISA14 asked for one or the interchange has errors (TA104 A/E/R, TA105 note code);
- unless the interchange is rejected, one 997 per functional group, each in its own FA group
  (a 999 instead for 0050xx groups when ``AckOptions.use_999`` is set).

Acknowledgments are never acknowledged: FA groups get no 997 and an interchange holding only
TA1s and FA groups gets nothing. Sender and receiver are swapped (with their qualifiers) at both
ISA and GS level; control numbers come from the allocator, keyed by the partner's ISA id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gateway.control_numbers import ControlNumberAllocator
from gateway.errors import Issue
from gateway.report import ACCEPTED, REJECTED, FileReport, GroupReport, InterchangeReport, SetReport
from gateway.x12.codes import AK502, AK905, TA105
from gateway.x12.delimiters import X12Delimiters
from gateway.x12.envelope import map_version
from gateway.x12.isa_checks import ID_QUALIFIERS
from gateway.x12.writer import (
    GroupSpec,
    InterchangeHeader,
    Segment,
    SetSpec,
    check_delimiters,
    write_interchange,
)

MAX_AK4 = 99
MAX_CODES = 5
IMPL_999 = "005010X231A1"
_DEFAULT = X12Delimiters("*", ":", "~", "^")


@dataclass(slots=True)
class AckOptions:
    """Choices for the acknowledgments we send.

    ``ak2_for_every_set``: list accepted sets too (AK2 + AK5 A), not only those with errors.
    ``use_999``: answer 0050xx groups with a 999 instead of a 997.
    ``suffix``: text after each segment terminator (a line break keeps acks readable).
    ``now``: the date and time written in ISA09/10 and GS04/05 (the clock when None).
    """

    ak2_for_every_set: bool = True
    use_999: bool = False
    suffix: str = "\n"
    now: dt.datetime | None = None


def partner_key(ic: InterchangeReport) -> str:
    """The allocator key of the partner an interchange came from: its ISA05:ISA06."""
    return f"{ic.sender_qualifier or ''}:{ic.sender}"


def acknowledge(report: FileReport, allocator: ControlNumberAllocator, options: AckOptions | None = None) -> str:
    """Every acknowledgment interchange for ``report``, concatenated (empty when none is due)."""
    options = options or AckOptions()
    now = options.now or dt.datetime.now(dt.UTC)
    return "".join(acknowledge_interchange(ic, allocator, options, now) for ic in report.interchanges)


def needs_ta1(ic: InterchangeReport) -> bool:
    """True when the interchange asked for a TA1 or has errors (and is not only acknowledgments)."""
    if ic.extra.get("ack_only"):
        return False
    return ic.ack_requested or ic.ack_code not in (None, "A")


def acknowledge_interchange(ic: InterchangeReport, allocator: ControlNumberAllocator, options: AckOptions,
                            now: dt.datetime) -> str:
    """The acknowledgment interchange for one received interchange ('' when none is due)."""
    if ic.extra.get("ack_only"):
        return ""
    delimiters = ack_delimiters(ic)
    bad = delimiters.all()
    leading: list[Segment] = [ta1_segment(ic, bad)] if needs_ta1(ic) else []
    groups: list[GroupSpec] = []
    if ic.status != REJECTED:
        groups = [functional_ack(g, options, bad) for g in ic.groups if g.functional_id != "FA"]
    if not leading and not groups:
        return ""
    v = ic.version or ""
    version = v if len(v) == 5 and v.isdigit() and 200 <= int(v) <= 899 else "00401"
    header = InterchangeHeader(sender_qualifier=_qualifier(ic.receiver_qualifier), sender_id=_party(ic.receiver, bad),
                               receiver_qualifier=_qualifier(ic.sender_qualifier), receiver_id=_party(ic.sender, bad),
                               version=version, test=ic.test)
    suffix = "" if delimiters.segment in "\r\n" else options.suffix
    return write_interchange(header, groups, delimiters=delimiters, allocator=allocator, partner=partner_key(ic),
                             now=now, suffix=suffix, leading=leading)


def _qualifier(value: str | None) -> str:
    """The partner's ISA05/07 qualifier when valid, else ZZ (mutually defined)."""
    return value if value in ID_QUALIFIERS else "ZZ"


def _party(value: str, bad: tuple[str, ...]) -> str:
    """The partner's ISA06/08 id, made safe to write; 'UNKNOWN' when nothing usable is left."""
    return _echo(value, bad).strip()[:15] or "UNKNOWN"


def ack_delimiters(ic: InterchangeReport) -> X12Delimiters:
    """The partner's own delimiters when they are usable, with a repetition separator for 00501+."""
    d = ic.extra.get("delimiters")
    if not isinstance(d, X12Delimiters):
        return _DEFAULT
    rep = d.repetition
    if rep is None:
        rep = next((c for c in "^|!{}" if c not in (d.element, d.component, d.segment)), None)
    candidate = X12Delimiters(d.element, d.component, d.segment, rep)
    try:
        check_delimiters(candidate)
    except Exception:
        return _DEFAULT
    if any(_unsafe(c) for c in candidate.all()):
        return _DEFAULT
    return candidate


def _unsafe(text: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in text)


def ta1_segment(ic: InterchangeReport, bad: tuple[str, ...] = ()) -> list[str]:
    """TA1: ISA13, ISA09, ISA10, TA104 A/E/R and the TA105 note code of the first error."""
    errors = [i for i in ic.issues if i.severity == "error" and i.code in TA105]
    code = errors[0].code if errors else "000"
    return ["TA1", _echo(ic.control_number, bad), _echo(ic.date or "", bad), _echo(ic.time or "", bad),
            ic.ack_code or "A", code]


def functional_ack(group: GroupReport, options: AckOptions, bad: tuple[str, ...] = ()) -> GroupSpec:
    """The FA group holding the 997 (or 999) for one received group."""
    v5010 = map_version(group.version or "") == "005010"
    use_999 = v5010 and options.use_999
    body: list[Segment] = []
    ak1: list[str] = ["AK1", _echo(group.functional_id or "", bad), _echo(group.control_number or "", bad)]
    if v5010:
        ak1.append(_echo(group.version or "", bad))
    body.append(ak1)
    for s in group.sets:
        if options.ak2_for_every_set or s.status != ACCEPTED:
            body.extend(set_response(s, v5010, use_999, bad))
    body.append(ak9_segment(group))
    if use_999:
        gs08, impl, set_id = IMPL_999, IMPL_999, "999"
    else:
        gs08, impl, set_id = ("005010" if v5010 else "004010"), None, "997"
    return GroupSpec(functional_id="FA", app_sender=_echo(group.receiver or "", bad),
                     app_receiver=_echo(group.sender or "", bad), version=gs08, sets=[SetSpec(set_id, body, impl)])


def set_response(s: SetReport, v5010: bool, use_999: bool, bad: tuple[str, ...] = ()) -> list[Segment]:
    """AK2, the AK3/AK4 (or IK3/IK4) loops and AK5 (or IK5) for one transaction set."""
    out: list[Segment] = []
    ak2 = ["AK2", _echo(s.set_id, bad), _echo(s.control_number, bad)]
    if v5010 and s.implementation_ref:
        ak2.append(_echo(s.implementation_ref, bad))
    out.append(ak2)
    seg_tag, el_tag, end_tag = ("IK3", "IK4", "IK5") if use_999 else ("AK3", "AK4", "AK5")
    if not s.issues:
        out.append([end_tag, _ak5_code(s)])
        return out
    for seg_issue, elements in _segment_notes(s.issues):
        pos = seg_issue.segment_position or 1
        out.append([seg_tag, _echo(seg_issue.segment_id or "", bad)[:3] or "ZZZ", str(pos),
                    _echo(seg_issue.loop_id or "", bad)[:4], _echo(seg_issue.code, bad)])
        for el in elements[:MAX_AK4]:
            out.append(_element_note(el_tag, el, v5010, bad))
    out.append([end_tag, _ak5_code(s), *_set_codes(s)])
    return out


def _segment_notes(issues: list[Issue]) -> list[tuple[Issue, list[Issue]]]:
    """Pair each segment note (AK3) with the element notes (AK4) that belong under it."""
    seg = [i for i in issues if i.level == "segment" and i.severity == "error"]
    els = [i for i in issues if i.level == "element" and i.severity == "error"]
    notes: dict[tuple[int, str], tuple[Issue, list[Issue]]] = {}
    order: list[tuple[int, str]] = []
    extra: list[tuple[Issue, list[Issue]]] = []
    for i in seg:
        key = (i.segment_position or 0, i.segment_id or "")
        if key in notes:
            extra.append((i, []))
        else:
            notes[key] = (i, [])
            order.append(key)
    for i in els:
        key = (i.segment_position or 0, i.segment_id or "")
        if key not in notes:
            holder = Issue(level="segment", code="8", message="segment has data element errors",
                           segment_id=i.segment_id, segment_position=i.segment_position, loop_id=i.loop_id)
            notes[key] = (holder, [])
            order.append(key)
        notes[key][1].append(i)
    result = [notes[k] for k in order] + extra
    result.sort(key=lambda pair: pair[0].segment_position or 0)
    return result


def _element_note(tag: str, i: Issue, v5010: bool, bad_chars: tuple[str, ...]) -> list[Segment]:
    pos: list[str] = [str(i.element_position or 1)]
    if i.component_position or (v5010 and i.repetition_position):
        pos.append(str(i.component_position or ""))
    if v5010 and i.repetition_position:
        pos.append(str(i.repetition_position))
    bad = "" if i.code == "6" or i.bad_value is None else _copy_of_bad_value(i.bad_value, bad_chars)
    return [tag, pos if len(pos) > 1 else pos[0], _echo(i.data_element or "", bad_chars),  # type: ignore[list-item]
            _echo(i.code, bad_chars), bad]


def _copy_of_bad_value(value: str, bad: tuple[str, ...]) -> str:
    """AK404/IK404: the bad value when it can be echoed as is (no delimiter, printable, <= 99), else ''."""
    if len(value) > 99 or _unsafe(value) or not value.isprintable() or any(d in value for d in bad):
        return ""
    return value


def _echo(value: str, bad: tuple[str, ...]) -> str:
    """A received value made safe to write back: delimiters, control and undecodable characters dropped."""
    if value.isprintable() and not _unsafe(value) and not any(d in value for d in bad):
        return value
    return "".join(c for c in value if c.isprintable() and not _unsafe(c) and c not in bad)


def _ak5_code(s: SetReport) -> str:
    return {"accepted": "A", "accepted_with_errors": "E", "rejected": "R"}[s.status]


def _set_codes(s: SetReport) -> list[str]:
    codes: list[str] = []
    for i in s.issues:
        if i.level == "set" and i.code in AK502 and i.code not in codes and (
                i.severity == "error" or s.status != REJECTED):
            codes.append(i.code)
    if any(i.level in ("segment", "element") and i.severity == "error" for i in s.issues) and "5" not in codes:
        codes.append("5")
    return codes[:MAX_CODES]


def ak9_segment(group: GroupReport) -> list[str]:
    """AK9: group status, sets included (GE01), received, accepted, and group error codes."""
    received = len(group.sets)
    declared = group.extra.get("declared_count")
    included = declared if isinstance(declared, int) else received
    accepted = sum(1 for s in group.sets if s.status != REJECTED)
    codes: list[str] = []
    for i in group.issues:
        if i.severity == "error" and i.code in AK905 and i.code not in codes:
            codes.append(i.code)
    return ["AK9", group.ack_code or "A", str(included), str(received), str(accepted), *codes[:MAX_CODES]]
