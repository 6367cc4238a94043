"""One pass over an X12 segment stream: envelope checks, set validation, a FileReport.

:class:`EnvelopeChecker` follows ISA/GS/ST nesting as the segments stream past, checks control
numbers and counts (IEA01 groups, GE01 sets, SE01 segments including ST and SE; IEA02 = ISA13,
GE02 = GS06, SE02 = ST02, ST02 unique in its group), GS01 against ST01, supported versions,
premature end of file and segments outside their envelope, and hands every segment of a set to
the map-driven set validator (``gateway.x12.validator``). It keeps only results, never segments,
and caps the issues listed per set.

Codes: TA105 (element I18) at interchange level, AK905 at group level, AK502 at set level; the
segment and element issues come from the set validator with AK304/AK403 codes.

Decisions (see docs/architecture.md):
- IEA02 that is numerically equal to ISA13 but written differently ('3438' vs '000003438') is
  accepted with a warning: the number is the same, the padding is a formatting slip.
- GS08 versions 0040xx use the 004010 maps and 0050xx the 005010 maps; any other version gets
  AK905 2 (group version not supported) and its sets AK502 1.
- A set whose version and type have no map is rejected with AK502 1 (set not supported).
- Interchange errors reject the interchange (TA104 R) except invalid date/time/test/ack flags
  (014, 015, 019, 020), which accept it with errors (TA104 E).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from gateway.errors import Issue
from gateway.report import (
    ACCEPTED,
    ACCEPTED_WITH_ERRORS,
    REJECTED,
    FileReport,
    GroupReport,
    InterchangeReport,
    SetReport,
    verdict_from_issues,
    x12_group_verdict,
)
from gateway.x12.codes import FUNCTIONAL_IDS
from gateway.x12.delimiters import IsaHeader, X12Delimiters
from gateway.x12.isa_checks import WARN_ONLY_TA105, check_isa, valid_date, valid_time
from gateway.x12.reader import RawSegment

MAX_ISSUES = 500
_CONTROL = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
_INTERCHANGE_SERVICE = frozenset({"TA1", "ISB", "ISE", "ISX"})


class SetValidator(Protocol):
    """What the envelope needs from a map-driven set validator (see gateway.x12.validator)."""

    def feed(self, elements: list[str], position: int) -> None:
        """Check one segment of the set; ``position`` counts from ST = 1."""

    def finish(self) -> list[Issue]:
        """Segment- and element-level issues found in the set."""


ValidatorFactory = Callable[[str, str, X12Delimiters], SetValidator | None]


def default_validator_factory(version: str, set_id: str, delimiters: X12Delimiters) -> SetValidator | None:
    """The map-driven validator for GS08 ``version`` and ST01 ``set_id``, or None when no map exists."""
    try:
        from gateway.x12 import validator as mapcheck
    except ImportError:
        return None
    factory = getattr(mapcheck, "validator_for", None)
    if factory is None:
        return None
    sv: SetValidator | None = factory(version, set_id, component_separator=delimiters.component,
                                      repetition_separator=delimiters.repetition)
    return sv


def map_version(gs08: str) -> str | None:
    """The map version a GS08 value is validated with ('004010'/'005010'), None when unsupported."""
    head = gs08[:4]
    if head == "0040":
        return "004010"
    if head == "0050":
        return "005010"
    return None


def _show(value: str) -> str:
    """A value as it may be printed: bytes that were not UTF-8 shown as \\xNN."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class _OpenSet:
    __slots__ = ("count", "issues", "report", "st", "validator")

    def __init__(self, report: SetReport, st: list[str], validator: SetValidator | None) -> None:
        self.report = report
        self.st = st
        self.validator = validator
        self.count = 1
        self.issues = report.issues


class EnvelopeChecker:
    """Consume segments (``run`` or ``feed``) and build the file's :class:`FileReport`."""

    def __init__(self, source: str, *, validator_factory: ValidatorFactory | None = default_validator_factory,
                 max_issues: int = MAX_ISSUES) -> None:
        self.report = FileReport(source=source, syntax="x12")
        self.validator_factory = validator_factory
        self.max_issues = max_issues
        self.delimiters: X12Delimiters | None = None
        self._ic: InterchangeReport | None = None
        self._isa: IsaHeader | None = None
        self._group: GroupReport | None = None
        self._set: _OpenSet | None = None
        self._orphan = False
        self._group_count = 0
        self._set_count = 0
        self._st02: set[str] = set()
        self._gs06: set[str] = set()
        self._map_version: str | None = None

    # -- driving -------------------------------------------------------------------------------
    def run(self, segments: Iterable[RawSegment]) -> FileReport:
        """Check every segment of ``segments`` and return the finished report.

        The body segments of a set (the vast majority) take a short path: a validator with a
        ``consume`` method (the map-driven one) takes the iterator itself and validates body
        segments until the next control segment, with no per-segment call; otherwise each one is
        counted and handed to ``feed``. Control segments and anything outside a set go through
        :meth:`feed`.
        """
        control = _CONTROL
        cur: _OpenSet | None = None
        count = 0
        vfeed: Callable[[list[str], int], None] | None = None
        it = iter(segments)
        pending: RawSegment | None = None
        while True:
            if pending is None:
                # body segments of a set whose validator has no batch path (or no validator)
                for raw in it:
                    elements = raw[0]
                    if cur is not None and elements[0] not in control:
                        count += 1
                        if vfeed is not None:
                            vfeed(elements, count)
                        continue
                    pending = raw
                    break
                else:
                    break
            elements, index, _offset = pending
            pending = None
            if cur is not None:
                cur.count = count
            self.feed(elements, index)
            cur = self._set
            vfeed = None
            if cur is None:
                continue
            count = cur.count
            validator = cur.validator
            if validator is not None:
                consume = getattr(validator, "consume", None)
                if consume is None:
                    vfeed = validator.feed
                else:
                    pending, count = consume(it, count, control)
        if cur is not None:
            cur.count = count
        return self.finish()

    def feed(self, elements: list[str], index: int) -> None:
        """Check one segment (slow path: control segments and segments outside a set)."""
        tag = elements[0]
        if tag == "ISA":
            self._on_isa(elements, index)
        elif tag == "GS":
            self._on_gs(elements, index)
        elif tag == "ST":
            self._on_st(elements, index)
        elif tag == "SE":
            self._on_se(elements, index)
        elif tag == "GE":
            self._on_ge(elements, index)
        elif tag == "IEA":
            self._on_iea(elements, index)
        elif self._set is not None:
            cur = self._set
            cur.count += 1
            if cur.validator is not None:
                cur.validator.feed(elements, cur.count)
        elif self._orphan:
            pass
        else:
            self._stray(tag, index)

    def finish(self) -> FileReport:
        """Close whatever is still open (premature end of file) and return the report."""
        if self._ic is not None:
            self._close_open(None, "the file ends")
            self._ic_issue("023", "the file ends before the interchange trailer IEA", None)
            self._close_interchange()
        return self.report

    # -- interchange ---------------------------------------------------------------------------
    def _on_isa(self, elements: list[str], index: int) -> None:
        if self._ic is not None:
            self._close_open(index, "a new ISA starts")
            self._ic_issue("023", f"a new interchange (ISA at segment {index}) starts before the IEA trailer",
                           index)
            self._close_interchange()
        isa = getattr(elements, "header", None)
        if not isinstance(isa, IsaHeader):
            isa = IsaHeader(elements, self.delimiters or X12Delimiters(), 0, False, "", False)
        self._isa = isa
        self.delimiters = isa.delimiters
        f = isa.field
        ic = InterchangeReport(
            sender=f(6), receiver=f(8), control_number=f(13), sender_qualifier=f(5),
            receiver_qualifier=f(7), version=f(12), date=f(9), time=f(10),
            ack_requested=f(14) == "1", test=f(15) == "T")
        ic.extra.update(delimiters=isa.delimiters, first_file_segment=index, ta1_count=0, isa_wrapped=isa.wrapped)
        self._ic = ic
        self.report.interchanges.append(ic)
        self._group_count = 0
        self._gs06 = set()
        self._check_isa(isa, index)

    def _check_isa(self, isa: IsaHeader, index: int) -> None:
        for code, message, severity in check_isa(isa):
            self._ic_issue(code, message, index, severity=severity)

    def _on_iea(self, elements: list[str], index: int) -> None:
        ic = self._ic
        if ic is None:
            self._file_issue(f"IEA at segment {index} has no matching ISA (segment outside any interchange)", index)
            return
        self._close_open(index, "the IEA trailer arrives")
        count = elements[1].strip() if len(elements) > 1 else ""
        ctl = elements[2].strip() if len(elements) > 2 else ""
        if not count.isdigit() or int(count) != self._group_count:
            self._ic_issue("021", f"IEA01 says {count!r} functional groups but the interchange has "
                           f"{self._group_count}", index)
        if ctl != ic.control_number:
            if ctl.isdigit() and ic.control_number.isdigit() and int(ctl) == int(ic.control_number):
                self._ic_issue("001", f"IEA02 {ctl!r} is written differently from ISA13 {ic.control_number!r} "
                               "(same number, different padding)", index, severity="warning")
            else:
                self._ic_issue("001", f"IEA02 {ctl!r} does not match ISA13 {ic.control_number!r}", index)
        self._close_interchange()

    def _close_interchange(self) -> None:
        ic = self._ic
        assert ic is not None
        errors = [i.code for i in ic.issues if i.severity == "error"]
        if not errors:
            ic.ack_code, ic.status = "A", ACCEPTED
        elif all(c in WARN_ONLY_TA105 for c in errors):
            ic.ack_code, ic.status = "E", ACCEPTED_WITH_ERRORS
        else:
            ic.ack_code, ic.status = "R", REJECTED
        ic.extra["ack_only"] = (ic.extra.get("ta1_count", 0) > 0 or bool(ic.groups)) and all(
            g.functional_id == "FA" for g in ic.groups)
        self._ic = None
        self._isa = None

    # -- group ---------------------------------------------------------------------------------
    def _on_gs(self, elements: list[str], index: int) -> None:
        if self._ic is None:
            self._file_issue(f"GS at segment {index} is outside any interchange (no ISA before it)", index)
            return
        self._close_open(index, "a new GS starts")
        get = elements.__getitem__
        n = len(elements)

        def el(i: int) -> str:
            return get(i).strip() if i < n else ""

        group = GroupReport(functional_id=el(1), control_number=el(6), version=el(8), sender=el(2),
                            receiver=el(3))
        group.extra.update(first_file_segment=index, date=el(4), time=el(5), agency=el(7), set_count=0)
        self._ic.groups.append(group)
        self._group = group
        self._group_count += 1
        self._st02 = set()
        if not group.functional_id:
            self._group_issue("1", "GS01 functional identifier is missing", index)
        ctl = group.control_number or ""
        if not (ctl.isdigit() and len(ctl) <= 9):
            self._group_issue("6", f"GS06 group control number {ctl!r} must be 1 to 9 digits", index)
        elif ctl in self._gs06:
            self._group_issue("19", f"GS06 group control number {ctl!r} is used twice in this interchange",
                              index, severity="warning")
        self._gs06.add(ctl)
        self._map_version = map_version(group.version or "")
        if self._map_version is None:
            self._group_issue("2", f"GS08 version {group.version!r} is not supported (only 0040xx and 0050xx "
                              "versions are)", index)
        date, time = el(4), el(5)
        if not (len(date) == 8 and valid_date(date, "%Y%m%d")) and not (len(date) == 6 and valid_date(date, "%y%m%d")):
            self._group_issue("30", f"GS04 date {_show(date)!r} is not a valid CCYYMMDD date", index,
                              severity="warning")
        if not valid_time(time):
            self._group_issue("31", f"GS05 time {_show(time)!r} is not a valid HHMM[SS[DD]] time", index,
                              severity="warning")

    def _on_ge(self, elements: list[str], index: int) -> None:
        group = self._group
        if group is None:
            self._stray("GE", index)
            return
        self._close_open_set(index, "the GE trailer arrives")
        count = elements[1].strip() if len(elements) > 1 else ""
        ctl = elements[2].strip() if len(elements) > 2 else ""
        actual = group.extra["set_count"]
        group.extra["declared_count"] = int(count) if count.isdigit() else None
        if not count.isdigit() or int(count) != actual:
            self._group_issue("5", f"GE01 says {_show(count)!r} transaction sets but the group has {actual}", index)
        if ctl != group.control_number:
            self._group_issue("4", f"GE02 {_show(ctl)!r} does not match GS06 {group.control_number!r}", index)
        self._close_group()

    def _close_group(self) -> None:
        group = self._group
        assert group is not None
        group.ack_code, group.status = x12_group_verdict(group)
        self._group = None

    # -- transaction set -----------------------------------------------------------------------
    def _on_st(self, elements: list[str], index: int) -> None:
        group = self._group
        if group is None:
            self._stray("ST", index)
            self._orphan = True
            return
        self._close_open_set(index, "a new ST starts")
        self._orphan = False
        set_id = elements[1].strip() if len(elements) > 1 else ""
        ctl = elements[2].strip() if len(elements) > 2 else ""
        report = SetReport(set_id=set_id, control_number=ctl, version=group.version,
                           implementation_ref=elements[3].strip() if len(elements) > 3 else None,
                           first_file_segment=index)
        group.sets.append(report)
        group.extra["set_count"] += 1
        validator: SetValidator | None = None
        cur = _OpenSet(report, elements, None)
        self._set = cur
        if not (len(set_id) == 3 and set_id.isdigit()):
            self._set_issue("6", f"ST01 transaction set identifier {_show(set_id)!r} is not a 3-digit code",
                            index)
        if not (4 <= len(ctl) <= 9):
            self._set_issue("7", f"ST02 control number {_show(ctl)!r} must be 4 to 9 characters long",
                            index)
        elif ctl in self._st02:
            self._set_issue("23", f"ST02 control number {ctl!r} is used twice in this group", index)
        self._st02.add(ctl)
        expected = FUNCTIONAL_IDS.get(set_id)
        if expected and group.functional_id and expected != group.functional_id:
            self._set_issue("18", f"a {set_id} belongs in a functional group {expected}, but GS01 is "
                            f"{group.functional_id!r}", index)
        if self._map_version is None:
            self._set_issue("1", f"the group's version {group.version!r} is not supported", index)
        elif len(set_id) == 3 and set_id.isdigit() and self.validator_factory is not None:
            validator = self.validator_factory(group.version or "", set_id, self.delimiters or X12Delimiters())
            if validator is None:
                self._set_issue("1", f"transaction set {set_id} version {group.version} is not "
                                "supported (no map for it)", index)
        cur.validator = validator
        if validator is not None:
            validator.feed(elements, 1)

    def _on_se(self, elements: list[str], index: int) -> None:
        cur = self._set
        if cur is None:
            if self._orphan:
                self._orphan = False
                return
            self._stray("SE", index)
            return
        cur.count += 1
        if cur.validator is not None:
            cur.validator.feed(elements, cur.count)
        count = elements[1].strip() if len(elements) > 1 else ""
        ctl = elements[2].strip() if len(elements) > 2 else ""
        if not count.isdigit() or int(count) != cur.count:
            self._set_issue("4", f"SE01 says {_show(count)!r} segments but the set has "
                            f"{cur.count} (counting ST and SE)", index)
        if ctl != cur.report.control_number:
            self._set_issue("3", f"SE02 {_show(ctl)!r} does not match ST02 "
                            f"{cur.report.control_number!r}", index)
        self._close_set()

    def _close_set(self) -> None:
        cur = self._set
        assert cur is not None
        report = cur.report
        report.segment_count = cur.count
        if cur.validator is not None:
            found = cur.validator.finish()
            room = self.max_issues - len(report.issues)
            if len(found) > room:
                report.issues.extend(found[:max(room, 0)])
                self._cap_note(report.issues, len(found) - max(room, 0))
            else:
                report.issues.extend(found)
        report.status = verdict_from_issues(report.issues)
        self._set = None

    # -- helpers -------------------------------------------------------------------------------
    def _close_open_set(self, index: int | None, why: str) -> None:
        if self._set is not None:
            at = f" at segment {index}" if index else ""
            self._set_issue("2", f"transaction set {self._set.report.set_id} {self._set.report.control_number!r} "
                            f"has no SE trailer ({why}{at})", index)
            self._close_set()
        self._orphan = False

    def _close_open(self, index: int | None, why: str) -> None:
        self._close_open_set(index, why)
        if self._group is not None:
            at = f" at segment {index}" if index else ""
            self._group_issue("3", f"functional group {self._group.control_number!r} has no GE trailer ({why}{at})",
                              index)
            self._close_group()

    def _stray(self, tag: str, index: int) -> None:
        if self._ic is None:
            self._file_issue(f"{_show(tag)} at segment {index} is outside any interchange (after IEA or before ISA)",
                             index)
        elif self._group is None and tag in _INTERCHANGE_SERVICE:
            if tag == "TA1":
                self._ic.extra["ta1_count"] = self._ic.extra.get("ta1_count", 0) + 1
        elif self._group is None:
            self._ic_issue("024", f"{_show(tag)} at segment {index} is outside any functional group (GS..GE)", index)
        else:
            self._ic_issue("024", f"{_show(tag)} at segment {index} is outside any transaction set (ST..SE) in "
                           f"group {self._group.control_number!r}", index)

    def _add(self, issues: list[Issue], issue: Issue) -> None:
        if len(issues) < self.max_issues:
            issues.append(issue)
        elif len(issues) == self.max_issues:
            self._cap_note(issues, 1)

    def _cap_note(self, issues: list[Issue], dropped: int) -> None:
        if issues and issues[-1].code == "capped":
            return
        issues.append(Issue(level=issues[0].level if issues else "set", code="capped", severity="warning",
                            message=f"more than {self.max_issues} problems: the rest ({dropped} or more) are not listed"))

    def _ic_issue(self, code: str, message: str, index: int | None, severity: str = "error") -> None:
        assert self._ic is not None
        self._add(self._ic.issues, Issue(level="interchange", code=code, message=message,
                                         severity=severity, file_segment=index))  # type: ignore[arg-type]

    def _group_issue(self, code: str, message: str, index: int | None, severity: str = "error") -> None:
        assert self._group is not None
        self._add(self._group.issues, Issue(level="group", code=code, message=message,
                                            severity=severity, file_segment=index))  # type: ignore[arg-type]

    def _set_issue(self, code: str, message: str, index: int | None) -> None:
        assert self._set is not None
        cur = self._set
        if code in ("3", "4"):
            seg_id, pos = "SE", cur.count
        elif code == "2":
            seg_id, pos = None, None
        else:
            seg_id, pos = "ST", 1
        self._add(cur.report.issues, Issue(level="set", code=code, message=message, file_segment=index,
                                           segment_id=seg_id, segment_position=pos))

    def _file_issue(self, message: str, index: int) -> None:
        self._add(self.report.issues, Issue(level="file", code="024", message=message, file_segment=index))
