"""One pass over an EDIFACT file: envelopes, counts and references, and per-message validation.

The :class:`Walker` consumes the raw segment stream once. Segments inside a message go straight to
the message's :class:`~gateway.edifact.structure.MessageValidator` (and, when a caller wants
materialised messages, into a :class:`~gateway.edifact.parsed.ParsedMessage`); only UNB/UNG/UNH/
UNT/UNE/UNZ are split and checked here: references (28), counts (29), missing headers and
trailers (13), groups mixed with bare messages (30), empty interchanges (32), segments outside a
message (33), syntax level (2), duplicate interchanges (26), character repertoire (21). The result
is the shared :class:`~gateway.report.FileReport`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from gateway.edifact.chars import CHARSETS, FOREIGN_CHARSETS, CharsetInfo
from gateway.edifact.duplicates import InterchangeRegistry, MemoryInterchangeRegistry, utcnow
from gateway.edifact.elements import trailing_separators
from gateway.edifact.maps import find_map
from gateway.edifact.parsed import ParsedMessage, Segment
from gateway.edifact.reader import SegmentStream
from gateway.edifact.segment import Element, ReleaseProblem, split_segment
from gateway.edifact.structure import MessageValidator
from gateway.errors import EdiInputError, Issue
from gateway.report import ACCEPTED, REJECTED, FileReport, GroupReport, InterchangeReport, SetReport

CharsetPolicy = Literal["strict", "warn", "off"]
_ENVELOPE = frozenset({"UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})
_MOJIBAKE = re.compile("[\xc2-\xf4][\x80-\xbf]")


@dataclass(slots=True)
class Options:
    """Validation choices a caller (later: the partner profile) can make."""

    charset: CharsetPolicy = "strict"
    registry: InterchangeRegistry | None = None
    received_at: datetime | None = None
    validate_structure: bool = True


def _get(elements: list[Element], el: int, comp: int = 1) -> str:
    if el > len(elements):
        return ""
    comps = elements[el - 1]
    return comps[comp - 1].strip() if comp <= len(comps) else ""


def _has_errors(issues: list[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


@dataclass(slots=True)
class _Message:
    report: SetReport
    validator: MessageValidator | None
    parsed: ParsedMessage | None
    count: int = 1


@dataclass(slots=True)
class _Interchange:
    report: InterchangeReport
    charset: CharsetInfo | None
    implicit: GroupReport | None = None
    group: GroupReport | None = None
    used_groups: bool = False
    group_count: int = 0
    message_count: int = 0
    group_messages: int = 0
    syntax_id: str = ""
    syntax_version: int = 3
    sender: tuple[str, str] = ("", "")
    recipient: tuple[str, str] = ("", "")
    extra_groups: list[GroupReport] = field(default_factory=list)


class Walker:
    """Walk one file's segments once and build its :class:`FileReport`."""

    def __init__(self, stream: SegmentStream, source: str, options: Options | None = None,
                 *, collect: bool = False) -> None:
        self.stream = stream
        self.source = source
        self.options = options or Options()
        self.collect = collect
        self.registry = self.options.registry or MemoryInterchangeRegistry()
        self.received_at = self.options.received_at or utcnow()
        self.chars = stream.chars
        self.decimals = self.chars.decimal if stream.head.una_present else ".,"
        self.report = FileReport(source=source, syntax="edifact")
        self.segment_count = 0
        self._ic: _Interchange | None = None
        self._msg: _Message | None = None
        self._bad_re: re.Pattern[str] | None = None

    # -- helpers -------------------------------------------------------------------------------
    def _file_issue(self, code: str, message: str, tag: str | None = None, severity: str = "error") -> None:
        self.report.issues.append(Issue("file", code, message, severity=severity,  # type: ignore[arg-type]
                                        segment_id=tag, file_segment=self.segment_count))

    def _ic_issue(self, code: str, message: str, tag: str | None = None, element: int | None = None,
                  severity: str = "error", value: str | None = None) -> None:
        assert self._ic is not None
        self._ic.report.issues.append(Issue("interchange", code, message, severity=severity,  # type: ignore[arg-type]
                                            segment_id=tag, element_position=element, bad_value=value,
                                            file_segment=self.segment_count))

    def _split(self, raw: str) -> tuple[str, list[Element]]:
        try:
            return split_segment(raw, self.chars)
        except ReleaseProblem:
            return split_segment(raw[:-1], self.chars)

    def _set_charset(self) -> None:
        ic = self._ic
        if ic is None or ic.charset is None or self.options.charset == "off":
            self._bad_re = None
        else:
            self._bad_re = ic.charset.bad_chars

    def _charset_check(self, raw: str, tag: str) -> None:
        ic = self._ic
        bad_re = self._bad_re
        if ic is None or bad_re is None:
            return
        m = bad_re.search(raw)
        if not m:
            return
        idx = m.start()
        before = raw[:idx]
        el_pos = before.count(self.chars.element)
        comp_pos = before.rsplit(self.chars.element, 1)[-1].count(self.chars.component) + 1
        hint = None
        if _MOJIBAKE.search(raw):
            hint = "the text looks UTF-8 encoded; declare UNOW/UNOY or send it in the declared character set"
        severity = "error" if self.options.charset == "strict" else "warning"
        issue = Issue("element", "21", f"character {m.group()!r} is not allowed in {ic.syntax_id} "
                      f"({ic.charset.codec if ic.syntax_id not in CHARSETS else CHARSETS[ic.syntax_id].label})",
                      severity=severity, segment_id=tag, element_position=el_pos or None,
                      component_position=comp_pos if el_pos else None, bad_value=m.group(), hint=hint,
                      file_segment=self.segment_count)
        if self._msg is not None:
            issue.segment_position = self._msg.count
            self._msg.report.issues.append(issue)
        else:
            issue.level = "interchange"
            ic.report.issues.append(issue)

    # -- the walk ----------------------------------------------------------------------------
    def run(self) -> Iterator[ParsedMessage]:
        """Consume the stream; yield each message as it completes when ``collect`` is set."""
        msg: _Message | None = None
        bad_re = None  # the interchange's repertoire check (None: any character is fine)
        chk = None  # bad_re when this chunk needs it per segment, None when the chunk is clean
        vseg = None
        feed = None  # the message validator's batch entry, when nothing else is needed per segment
        parsed = None
        count = 0
        n = 0
        envelope = _ENVELOPE
        for batch in self.stream.batches():
            if bad_re is not None:
                # The repertoire regexes match single characters, so one search over the chunk
                # finds a bad character exactly when a per-segment search would.
                chk = bad_re if bad_re.search("".join(batch)) else None
            base = n  # segments before this chunk
            i = 0
            size = len(batch)
            while i < size:
                if feed is not None and chk is None:
                    # Hand the message's segments over up to the next envelope segment.
                    stop = feed(batch, i, count + 1, envelope)
                    count += stop - i
                    i = stop
                    if i == size:
                        break
                raw = batch[i]
                i += 1
                n = base + i
                tag = raw[:3]
                if msg is not None and tag not in envelope:
                    count += 1
                    if vseg is not None:
                        vseg(tag, raw, count)
                    if parsed is not None:
                        t, els = self._split(raw)
                        parsed.append(Segment(t, els))
                    if chk is not None and chk.search(raw):
                        self.segment_count = n
                        msg.count = count
                        self._charset_check(raw, tag)
                    continue
                self.segment_count = n
                if msg is not None:
                    msg.count = count
                if n == 1 and tag != "UNB":
                    raise EdiInputError(
                        f"no UNB interchange header: the file starts with {raw[:20]!r}", source=self.source,
                        place="segment 1")
                done = self._envelope(tag, raw)
                msg = self._msg
                if self._bad_re is not bad_re:
                    # A new interchange (or none): check the rest of this chunk segment by segment.
                    bad_re = chk = self._bad_re
                feed = None
                if msg is not None:
                    count = msg.count
                    vseg = msg.validator.segment if msg.validator is not None else None
                    parsed = msg.parsed.segments if msg.parsed is not None else None
                    if msg.validator is not None and parsed is None:
                        feed = msg.validator.feed
                if done is not None:
                    yield done
            n = base + size
        self.segment_count = n
        if msg is not None:
            msg.count = count
        tail = self.stream.tail
        if tail:
            self._file_issue("18", f"the file ends inside a segment ({tail[:40]!r} has no terminator "
                             f"{self.chars.terminator!r}); read as a last segment", severity="warning")
            self.segment_count += 1
            tag = tail[:3]
            if self._msg is not None and tag not in _ENVELOPE:
                self._msg.count += 1
                if self._msg.validator is not None:
                    self._msg.validator.segment(tag, tail, self._msg.count)
            else:
                done = self._envelope(tag, tail)
                if done is not None:
                    yield done
        if self.segment_count == 0:
            raise EdiInputError("no EDIFACT segment found (empty file or only a UNA)", source=self.source)
        done = self._end_of_file()
        if done is not None:
            yield done

    def _trailing(self, tag: str, raw: str) -> None:
        """Code 45 for a service segment with a trailing separator (UNH/UNT: message level)."""
        chars = self.chars
        if raw[-1:] not in (chars.element, chars.component, chars.repetition) and \
                chars.component + chars.element not in raw and chars.repetition + chars.element not in raw:
            return  # the common case: nothing that could be a trailing separator
        _, els = self._split(raw)
        found = trailing_separators(tag, els, 0)
        if not found:
            return
        issue = found[0]
        if tag in ("UNH", "UNT") and self._msg is not None:
            self._msg.report.issues.append(Issue("set", "45", issue.message, segment_id=tag,
                                                 element_position=issue.element_position,
                                                 component_position=issue.component_position))
        elif self._ic is not None:
            self._ic_issue("45", issue.message, tag, issue.element_position)

    def _envelope(self, tag: str, raw: str) -> ParsedMessage | None:
        if tag == "UNB":
            done = self._close_message("UNB") if self._msg is not None else None
            self._close_interchange("UNB")
            self._open_interchange(raw)
            self._trailing(tag, raw)
            return done
        if self._ic is None:
            self._file_issue("33", f"segment {tag} outside an interchange (no UNB before it)", tag)
            return None
        self._charset_check(raw, tag)
        if tag == "UNH":
            done = self._close_message("UNH") if self._msg is not None else None
            self._open_message(raw)
            self._trailing(tag, raw)
            return done
        if tag == "UNT":
            if self._msg is None:
                self._ic_issue("33", "UNT without a UNH before it", "UNT")
                return None
            self._trailing(tag, raw)
            return self._close_message("UNT", raw)
        if tag == "UNG":
            done = self._close_message("UNG") if self._msg is not None else None
            self._open_group(raw)
            self._trailing(tag, raw)
            return done
        if tag == "UNE":
            done = self._close_message("UNE") if self._msg is not None else None
            self._trailing(tag, raw)
            self._close_group(raw)
            return done
        if tag == "UNZ":
            done = self._close_message("UNZ") if self._msg is not None else None
            self._trailing(tag, raw)
            self._close_interchange("UNZ", raw)
            return done
        self._ic_issue("33", f"segment {tag} outside a message (between UNB and UNH or after UNT)", tag)
        return None

    # -- interchange ---------------------------------------------------------------------------
    def _open_interchange(self, raw: str) -> None:
        _, els = self._split(raw)
        syntax_id = _get(els, 1, 1)
        version_text = _get(els, 1, 2)
        sender, sender_q = _get(els, 2, 1), _get(els, 2, 2)
        recip, recip_q = _get(els, 3, 1), _get(els, 3, 2)
        date, time = _get(els, 4, 1), _get(els, 4, 2)
        ref = _get(els, 5, 1)
        report = InterchangeReport(sender=sender, receiver=recip, control_number=ref,
                                   sender_qualifier=sender_q or None, receiver_qualifier=recip_q or None,
                                   version=version_text or None, date=date or None, time=time or None,
                                   ack_requested=_get(els, 9) == "1", test=_get(els, 11) == "1")
        key = FOREIGN_CHARSETS.get(syntax_id, syntax_id)
        ic = _Interchange(report, CHARSETS.get(key), syntax_id=syntax_id, sender=(sender, sender_q),
                          recipient=(recip, recip_q))
        self._ic = ic
        self._set_charset()
        self.report.interchanges.append(report)
        report.extra.update({"syntax_id": syntax_id, "una": self.chars.una(),
                             "una_present": self.stream.head.una_present,
                             "application_ref": _get(els, 7) or None, "file_segment": self.segment_count})
        if not syntax_id:
            self._ic_issue("13", "UNB syntax identifier (S001/0001) is missing", "UNB", 1)
        elif syntax_id in FOREIGN_CHARSETS:
            self._ic_issue("2", f"syntax identifier {syntax_id} is not UN/EDIFACT; read as "
                           f"{FOREIGN_CHARSETS[syntax_id]}", "UNB", 1, "warning", syntax_id)
        elif syntax_id not in CHARSETS:
            self._ic_issue("2", f"syntax identifier {syntax_id!r} is not supported (UNOA..UNOY)", "UNB", 1,
                           value=syntax_id)
        if ic.charset is not None and self.stream.head.syntax_id not in (None, syntax_id):
            self._ic_issue("46", f"this interchange declares {syntax_id} but the file was decoded as "
                           f"{self.stream.head.syntax_id}, the first interchange's set", "UNB", 1, "warning")
        if not version_text:
            self._ic_issue("2", "UNB has no syntax version number (S001/0002); read as version 3",
                           "UNB", 1, "warning")
        elif version_text not in ("1", "2", "3", "4"):
            self._ic_issue("2", f"syntax version {version_text!r} is not supported (1 to 4)", "UNB", 1,
                           value=version_text)
        else:
            ic.syntax_version = int(version_text)
        report.extra["syntax_version"] = ic.syntax_version
        if not sender:
            self._ic_issue("13", "interchange sender (S002/0004) is missing", "UNB", 2)
        if not recip:
            self._ic_issue("13", "interchange recipient (S003/0010) is missing", "UNB", 3)
        if not date or not time:
            self._ic_issue("13", "date and time of preparation (S004) are missing", "UNB", 4)
        elif not (date.isascii() and date.isdigit() and len(date) in (6, 8) and time.isascii() and time.isdigit() and len(time) == 4):
            self._ic_issue("12", f"date/time {date}:{time} is not YYMMDD or CCYYMMDD and HHMM", "UNB", 4,
                           value=f"{date}:{time}")
        if not ref:
            self._ic_issue("13", "interchange control reference (0020) is missing", "UNB", 5)
        elif len(ref) > 14:
            self._ic_issue("39", f"interchange control reference {ref!r} is longer than 14", "UNB", 5, value=ref)
        elif self.registry.check_and_record(sender, sender_q, ref, self.received_at):
            self._ic_issue("26", f"interchange {ref} from {sender} was already received", "UNB", 5, value=ref)

    def _close_interchange(self, why: str, raw: str | None = None) -> None:
        ic = self._ic
        if ic is None:
            return
        if self._msg is not None:
            self._close_message(why)
        if ic.group is not None:
            self._group_issue(ic.group, "13", f"UNE missing: group {ic.group.control_number} ends at {why}", "UNE")
            self._finish_group(ic.group)
            ic.group = None
        report = ic.report
        if raw is None:
            self._ic_issue("13", f"UNZ missing: the interchange ends at {'the end of the file' if why == 'EOF' else why}",
                           "UNZ")
        else:
            _, els = self._split(raw)
            count, ref = _get(els, 1), _get(els, 2)
            expected = ic.group_count if ic.used_groups else ic.message_count
            if ref != report.control_number:
                self._ic_issue("28", f"UNZ reference {ref!r} does not match UNB reference {report.control_number!r}",
                               "UNZ", 2, value=ref)
            if not (count.isascii() and count.isdigit()) or int(count) != expected:
                what = "groups" if ic.used_groups else "messages"
                self._ic_issue("29", f"UNZ count {count!r} but the interchange holds {expected} {what}",
                               "UNZ", 1, value=count)
        if ic.message_count == 0 and ic.group_count == 0:
            self._ic_issue("32", "the interchange holds no message", "UNZ" if raw else "UNB")
        for g in report.groups:
            if g.ack_code is None:
                self._finish_group(g)
        report.status = REJECTED if _has_errors(report.issues) else ACCEPTED
        report.ack_code = "4" if report.status == REJECTED else "7"
        self._ic = None
        self._bad_re = None

    # -- groups --------------------------------------------------------------------------------
    def _group_issue(self, group: GroupReport, code: str, message: str, tag: str, element: int | None = None,
                     value: str | None = None, severity: str = "error") -> None:
        group.issues.append(Issue("group", code, message, severity=severity, segment_id=tag,  # type: ignore[arg-type]
                                  element_position=element, bad_value=value, file_segment=self.segment_count))

    def _finish_group(self, group: GroupReport) -> None:
        group.status = REJECTED if _has_errors(group.issues) else ACCEPTED
        group.ack_code = "4" if group.status == REJECTED else "7"

    def _open_group(self, raw: str) -> None:
        ic = self._ic
        assert ic is not None
        if ic.group is not None:
            self._group_issue(ic.group, "13", "UNE missing before the next UNG", "UNE")
            self._finish_group(ic.group)
        _, els = self._split(raw)
        version = ":".join(p for p in (_get(els, 7, 1), _get(els, 7, 2), _get(els, 6)) if p) or None
        group = GroupReport(functional_id=_get(els, 1) or None, control_number=_get(els, 5),
                            version=version, sender=_get(els, 2) or None, receiver=_get(els, 3) or None)
        ic.report.groups.append(group)
        ic.group = group
        ic.group_count += 1
        ic.group_messages = 0
        if ic.implicit is not None and ic.implicit.sets:
            self._ic_issue("30", "the interchange mixes messages outside groups with UNG groups", "UNG")
        ic.used_groups = True
        if not group.control_number:
            self._group_issue(group, "13", "group reference number (UNG 0048) is missing", "UNG", 5)
        if not group.functional_id:
            self._group_issue(group, "13", "message group identification (UNG 0038) is missing", "UNG", 1)

    def _close_group(self, raw: str) -> None:
        ic = self._ic
        assert ic is not None
        group = ic.group
        if group is None:
            self._ic_issue("33", "UNE without a UNG before it", "UNE")
            return
        _, els = self._split(raw)
        count, ref = _get(els, 1), _get(els, 2)
        if ref != group.control_number:
            self._group_issue(group, "28", f"UNE reference {ref!r} does not match UNG reference "
                              f"{group.control_number!r}", "UNE", 2, ref)
        if not (count.isascii() and count.isdigit()) or int(count) != ic.group_messages:
            self._group_issue(group, "29", f"UNE count {count!r} but the group holds {ic.group_messages} "
                              "messages", "UNE", 1, count)
        if ic.group_messages == 0:
            self._group_issue(group, "32", "the group holds no message", "UNE")
        self._finish_group(group)
        ic.group = None

    # -- messages ------------------------------------------------------------------------------
    def _open_message(self, raw: str) -> None:
        ic = self._ic
        assert ic is not None
        _, els = self._split(raw)
        ref = _get(els, 1)
        mtype, version, release = _get(els, 2, 1), _get(els, 2, 2), _get(els, 2, 3)
        agency, assoc = _get(els, 2, 4), _get(els, 2, 5)
        report = SetReport(set_id=mtype, control_number=ref,
                           version=":".join(p for p in (version, release, agency)) if mtype else None,
                           implementation_ref=assoc or None, first_file_segment=self.segment_count)
        if ic.group is not None:
            group = ic.group
            ic.group_messages += 1
            if group.version and version and group.version.split(":")[:2] != [version, release]:
                report.issues.append(Issue("set", "12", f"message version {version}:{release} differs from the "
                                           f"group's {group.version} (UNG S008)", severity="warning",
                                           segment_id="UNH", segment_position=1, element_position=2))
            if group.functional_id and mtype and group.functional_id != mtype:
                report.issues.append(Issue("set", "31", f"message type {mtype} in a group for "
                                           f"{group.functional_id}", segment_id="UNH", segment_position=1,
                                           element_position=2))
        else:
            if ic.implicit is None:
                ic.implicit = GroupReport(functional_id=None, control_number=None)
                ic.report.groups.append(ic.implicit)
                if ic.used_groups:
                    self._ic_issue("30", "the interchange mixes UNG groups with messages outside groups", "UNH")
            group = ic.implicit
        ic.message_count += 1
        group.sets.append(report)
        if not ref:
            report.issues.append(Issue("set", "13", "message reference number (UNH 0062) is missing",
                                       segment_id="UNH", segment_position=1, element_position=1,
                                       data_element="0062"))
        for value, limit, el, comp, de in ((ref, 14, 1, None, "0062"), (mtype, 6, 2, 1, "0065"),
                                           (version, 3, 2, 2, "0052"), (release, 3, 2, 3, "0054"),
                                           (agency, 3, 2, 4, "0051"), (assoc, 6, 2, 5, "0057")):
            if len(value) > limit:
                report.issues.append(Issue("set", "39", f"{de} {value!r} is longer than {limit}", segment_id="UNH",
                                           segment_position=1, element_position=el, component_position=comp,
                                           data_element=de, bad_value=value))
        if not (mtype and version and release and agency):
            report.issues.append(Issue("set", "13", "message identifier (UNH S009) is incomplete",
                                       segment_id="UNH", segment_position=1, element_position=2,
                                       data_element="S009"))
        map_version = version
        if version == "0" and release:
            map_version = "D"
            report.issues.append(Issue("set", "12", f"message version '0' read as 'D' ({mtype}:0:{release})",
                                       severity="warning", segment_id="UNH", segment_position=1,
                                       element_position=2, component_position=2, bad_value=version))
        validator = None
        if self.options.validate_structure and mtype:
            mmap = find_map(mtype, map_version, release)
            if mmap is None:
                report.issues.append(Issue("set", "18", f"no directory map for {mtype} {version}:{release}; "
                                           "only the envelope was checked", severity="warning",
                                           segment_id="UNH", segment_position=1))
            else:
                validator = MessageValidator(mmap, self.chars, self.decimals)
                validator.segment("UNH", raw, 1)
        parsed = None
        if self.collect:
            parsed = ParsedMessage(
                message_type=mtype, version=version, release=release, agency=agency, association_code=assoc,
                reference=ref, interchange_reference=ic.report.control_number, sender=ic.sender[0],
                sender_qualifier=ic.sender[1], recipient=ic.recipient[0], recipient_qualifier=ic.recipient[1],
                group_reference=ic.group.control_number if ic.group else None,
                group_id=ic.group.functional_id if ic.group else None, chars=self.chars,
                syntax_id=ic.syntax_id, syntax_version=ic.syntax_version, test=ic.report.test,
                segments=[Segment("UNH", els)], issues=report.issues)
        self._msg = _Message(report, validator, parsed)

    def _close_message(self, why: str, raw: str | None = None) -> ParsedMessage | None:
        msg = self._msg
        assert msg is not None
        report = msg.report
        if raw is None:
            report.issues.append(Issue("set", "13", f"UNT missing: the message ends at {why}", segment_id="UNT",
                                       segment_position=msg.count + 1))
            if msg.validator is not None:
                msg.validator.finish(msg.count + 1, trailer_seen=False)
        else:
            msg.count += 1
            _, els = self._split(raw)
            count, ref = _get(els, 1), _get(els, 2)
            if msg.validator is not None:
                msg.validator.segment("UNT", raw, msg.count)
                msg.validator.finish(msg.count)
            if ref != report.control_number:
                report.issues.append(Issue("set", "28", f"UNT reference {ref!r} does not match UNH reference "
                                           f"{report.control_number!r}", segment_id="UNT",
                                           segment_position=msg.count, element_position=2, data_element="0062",
                                           bad_value=ref))
            if not (count.isascii() and count.isdigit()) or int(count) != msg.count:
                report.issues.append(Issue("set", "29", f"UNT count {count!r} but the message has {msg.count} "
                                           "segments (UNH and UNT included)", segment_id="UNT",
                                           segment_position=msg.count, element_position=1, data_element="0074",
                                           bad_value=count))
            if msg.parsed is not None:
                msg.parsed.segments.append(Segment("UNT", els))
        if msg.validator is not None:
            report.issues.extend(msg.validator.issues)
        report.segment_count = msg.count
        report.status = REJECTED if _has_errors(report.issues) else ACCEPTED
        self._msg = None
        if msg.parsed is not None:
            msg.parsed.status = report.status
            msg.parsed.issues = report.issues
        return msg.parsed

    def _end_of_file(self) -> ParsedMessage | None:
        done = None
        if self._msg is not None:
            done = self._close_message("the end of the file")
        if self._ic is not None:
            self._close_interchange("EOF")
        for ic in self.report.interchanges:
            for g in ic.groups:
                if g.ack_code is None:
                    self._finish_group(g)
        return done
