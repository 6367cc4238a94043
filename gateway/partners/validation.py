"""Validation against a partner's implementation guide, on top of the standard.

The engines check a file against the standard (envelope and base map). A partner's guide tightens
that ("REF*IA required", "TD503 one of these SCACs"); :func:`apply_overlay` runs the partner's
compiled overlay over every set or message of the file and merges its issues into the engine's
:class:`~gateway.report.FileReport`, recomputing set and group verdicts. Acknowledgments are built
from the report afterwards, so a guide violation is acknowledged exactly like a base-map error
(AK3/AK4 in a 997, UCS/UCD in a CONTRL), and the CLI, pipeline and console all see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gateway.partners.model import PartnerProfile
from gateway.partners.overlay import compile_overlay
from gateway.report import FileReport, SetReport, verdict_from_issues, x12_group_verdict

SetKey = tuple[str | None, str | None, str]


def _index(report: FileReport) -> dict[SetKey, list[SetReport]]:
    found: dict[SetKey, list[SetReport]] = defaultdict(list)
    for ic in report.interchanges:
        for group in ic.groups:
            for s in group.sets:
                found[(ic.control_number, group.control_number, s.control_number)].append(s)
    return found


def _x12_sets(path: Path, sets: Sequence[Any] | None = None):  # type: ignore[no-untyped-def]
    from gateway.x12.engine import iter_transaction_sets

    for parsed in iter_transaction_sets(path) if sets is None else sets:
        key = (parsed.interchange_control_number, parsed.group_control_number, parsed.control_number)
        yield key, parsed.set_id, parsed.segments, parsed.delimiters.component


def _edifact_messages(path: Path):  # type: ignore[no-untyped-def]
    from gateway.edifact.engine import iter_messages
    from gateway.mappings.edifact_io import flat

    for msg in iter_messages(path):
        component = msg.chars.component
        key = (msg.interchange_reference, msg.group_reference, msg.reference)
        yield key, msg.message_type, flat(msg.segments, component), component


def apply_overlay(report: FileReport, path: Path, profile: PartnerProfile,
                  sets: Sequence[Any] | None = None) -> FileReport:
    """Add the partner's guide violations to ``report`` (in place) and return it.

    ``sets``: the X12 file's sets already read with ``iter_transaction_sets`` (the pipeline reads
    them once for the overlay and translation); without it the file is read again.

    Sets the engine already rejected keep their verdict; the overlay can only add issues. Sets
    are matched to the report by interchange, group and set control numbers, in file order.
    """
    if not profile.overlay or report.syntax is None:
        return report
    pending = _index(report)
    walk = _x12_sets(path, sets) if report.syntax == "x12" else _edifact_messages(path)
    touched = False
    for key, set_id, segments, component in walk:
        candidates = pending.get(key)
        if not candidates:
            continue
        target = candidates.pop(0)
        issues = compile_overlay(profile, set_id).check(segments, component)
        if not issues:
            continue
        for issue in issues:
            if issue.segment_position is None:
                # A missing segment is reported where the set ends: AK302/UCS need a position.
                issue.segment_position = target.segment_count or len(segments)
        target.issues.extend(issues)
        target.status = verdict_from_issues(target.issues)
        touched = True
    if touched and report.syntax == "x12":
        for ic in report.interchanges:
            for group in ic.groups:
                group.ack_code, group.status = x12_group_verdict(group)
    return report
