"""Validation results for one file, shared by the X12 and EDIFACT engines.

A :class:`FileReport` mirrors the envelope: interchanges hold groups, groups hold transaction sets
(X12) or messages (EDIFACT). Each level has a status and its own :class:`~gateway.errors.Issue`
list. The CLI's ``validate --json`` output, the acknowledgment builders and the ledger read this
one shape, so an EDIFACT message and an X12 set are handled alike downstream.

EDIFACT interchanges without UNG/UNE get one implicit group whose ``functional_id`` and
``control_number`` are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gateway.errors import Issue

SetStatus = Literal["accepted", "accepted_with_errors", "rejected"]
ACCEPTED: SetStatus = "accepted"
ACCEPTED_WITH_ERRORS: SetStatus = "accepted_with_errors"
REJECTED: SetStatus = "rejected"


def _issues(items: list[Issue]) -> list[dict[str, Any]]:
    return [i.to_dict() for i in items]


@dataclass(slots=True)
class SetReport:
    """One transaction set (X12 ST..SE) or message (EDIFACT UNH..UNT)."""

    set_id: str
    control_number: str
    status: SetStatus = ACCEPTED
    version: str | None = None
    implementation_ref: str | None = None
    segment_count: int = 0
    first_file_segment: int | None = None
    issues: list[Issue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``validate --json`` contract)."""
        return {
            "type": self.set_id,
            "control_number": self.control_number,
            "version": self.version,
            "status": self.status,
            "segment_count": self.segment_count,
            "errors": _issues(self.issues),
        }


@dataclass(slots=True)
class GroupReport:
    """One functional group (X12 GS..GE, EDIFACT UNG..UNE or the implicit group)."""

    functional_id: str | None
    control_number: str | None
    version: str | None = None
    sender: str | None = None
    receiver: str | None = None
    status: SetStatus = ACCEPTED
    ack_code: str | None = None
    issues: list[Issue] = field(default_factory=list)
    sets: list[SetReport] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``validate --json`` contract)."""
        return {
            "functional_id": self.functional_id,
            "control_number": self.control_number,
            "version": self.version,
            "sender": self.sender,
            "receiver": self.receiver,
            "status": self.status,
            "ack_code": self.ack_code,
            "errors": _issues(self.issues),
            "transaction_sets": [s.to_dict() for s in self.sets],
        }


@dataclass(slots=True)
class InterchangeReport:
    """One interchange (X12 ISA..IEA, EDIFACT UNB..UNZ)."""

    sender: str
    receiver: str
    control_number: str
    sender_qualifier: str | None = None
    receiver_qualifier: str | None = None
    version: str | None = None
    date: str | None = None
    time: str | None = None
    ack_requested: bool = False
    test: bool = False
    status: SetStatus = ACCEPTED
    ack_code: str | None = None
    issues: list[Issue] = field(default_factory=list)
    groups: list[GroupReport] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``validate --json`` contract)."""
        return {
            "sender": self.sender,
            "sender_qualifier": self.sender_qualifier,
            "receiver": self.receiver,
            "receiver_qualifier": self.receiver_qualifier,
            "control_number": self.control_number,
            "version": self.version,
            "date": self.date,
            "time": self.time,
            "ack_requested": self.ack_requested,
            "test": self.test,
            "status": self.status,
            "ack_code": self.ack_code,
            "errors": _issues(self.issues),
            "groups": [g.to_dict() for g in self.groups],
        }


@dataclass(slots=True)
class FileReport:
    """Everything found in one file: its syntax, its interchanges, and file-level problems."""

    source: str
    syntax: Literal["x12", "edifact"] | None
    interchanges: list[InterchangeReport] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def all_issues(self) -> list[Issue]:
        """Every issue at every level, file first, then each interchange, group and set in order."""
        found = list(self.issues)
        for ic in self.interchanges:
            found += ic.issues
            for g in ic.groups:
                found += g.issues
                for s in g.sets:
                    found += s.issues
        return found

    def all_sets(self) -> list[SetReport]:
        """Every set or message in file order."""
        return [s for i in self.interchanges for g in i.groups for s in g.sets]

    @property
    def rejected(self) -> bool:
        """True when any interchange, group or set is rejected, or the file has errors."""
        if any(i.severity == "error" for i in self.issues):
            return True
        for ic in self.interchanges:
            if ic.status == REJECTED:
                return True
            for g in ic.groups:
                if g.status == REJECTED or any(s.status == REJECTED for s in g.sets):
                    return True
        return False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``validate --json`` contract)."""
        return {
            "file": self.source,
            "syntax": self.syntax,
            "status": "rejected" if self.rejected else "accepted",
            "errors": _issues(self.issues),
            "interchanges": [i.to_dict() for i in self.interchanges],
        }


def verdict_from_issues(issues: list[Issue]) -> SetStatus:
    """A set's status from its issues: any error rejects, warnings alone accept with errors."""
    if any(i.severity == "error" for i in issues):
        return REJECTED
    return ACCEPTED_WITH_ERRORS if issues else ACCEPTED


def x12_group_verdict(group: GroupReport) -> tuple[str, SetStatus]:
    """AK901 code and status of an X12 group from its own issues and its sets' statuses."""
    sets = group.sets
    rejected = sum(1 for s in sets if s.status == REJECTED)
    if any(i.severity == "error" for i in group.issues) or (sets and rejected == len(sets)):
        return "R", REJECTED
    if rejected:
        return "P", ACCEPTED_WITH_ERRORS
    if any(s.status == ACCEPTED_WITH_ERRORS for s in sets):
        return "E", ACCEPTED_WITH_ERRORS
    return "A", ACCEPTED
