"""Whole-file translation and rendering: what the ``translate`` and ``render`` commands run.

:func:`translate_file` reads every set or message of a file, finds the partner (given, or from
the envelope ids through the registry), maps each to a canonical document and collects the
findings: the mapping's own, the partner overlay's, and the document's self-checks (a 210's
totals). :func:`render_documents` does the reverse for one partner and type, and refuses to
produce EDI that fails the base map (when the X12 map validator is available) or the overlay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gateway.control_numbers import ControlNumberAllocator, MemoryAllocator
from gateway.documents.base import Finding
from gateway.documents.freight_invoice import FreightInvoice
from gateway.errors import EdiInputError, GatewayError, Issue
from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.checks import check_freight_totals
from gateway.mappings.x12_io import iter_sets, map_issues, validate_text, write_sets
from gateway.partners.model import PartnerProfile
from gateway.partners.overlay import compile_overlay
from gateway.partners.registry import PartnerRegistry
from gateway.syntax import detect_syntax
from gateway.x12.parsed import ParsedSet


class RenderRefused(GatewayError):
    """Rendered output failed validation (base map or partner overlay) and was not produced."""

    def __init__(self, message: str, issues: Sequence[Issue] = ()) -> None:
        self.issues = list(issues)
        detail = "".join(f"\n  - {i.describe()}" for i in self.issues)
        super().__init__(message + detail)


@dataclass(slots=True)
class TranslatedDocument:
    """One document read from a file, with where it came from and what was noticed."""

    document: Any
    syntax: str
    set_id: str
    control_number: str
    version: str
    partner: str | None
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with the document and its source."""
        return {"partner": self.partner, "syntax": self.syntax, "type": self.set_id,
                "control_number": self.control_number, "version": self.version,
                "document": self.document.model_dump(mode="json"),
                "findings": [f.model_dump(mode="json", exclude_none=True) for f in self.findings]}


def _overlay_findings(profile: PartnerProfile, set_id: str, segments: Sequence[Sequence[str]],
                      component: str) -> list[Finding]:
    issues = compile_overlay(profile, set_id).check(segments, component)
    return [Finding(code=f"OVERLAY_{i.code}", message=i.describe(), severity=i.severity,
                    place=f"{i.segment_id} at segment {i.segment_position}" if i.segment_position else i.segment_id)
            for i in issues]


def translate_file(path: Path, registry: PartnerRegistry | None, partner_id: str | None = None,
                   *, sets: Sequence[ParsedSet] | None = None) -> list[TranslatedDocument]:
    """Every mappable set or message in ``path`` as a canonical document.

    ``sets``: for an X12 file, its sets already read (the pipeline reads the file once and shares
    them with the overlay); ignored for EDIFACT.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise EdiInputError(exc.strerror or str(exc), source=str(path)) from None
    syntax = detect_syntax(head)
    forced = None
    if partner_id is not None:
        forced = registry.get(partner_id) if registry else None
        if forced is None:
            raise EdiInputError(f"unknown partner {partner_id!r}", source=str(path))
    if syntax == "x12":
        return _translate_x12(path, registry, forced, sets)
    if syntax == "edifact":
        from gateway.mappings.edifact_io import translate_edifact

        return translate_edifact(path, registry, forced)
    raise EdiInputError("not an EDI file: no ISA, UNA or UNB at the start", source=str(path), place="start of file")


def _translate_x12(path: Path, registry: PartnerRegistry | None, forced: PartnerProfile | None,
                   sets: Sequence[ParsedSet] | None = None) -> list[TranslatedDocument]:
    out = []
    for parsed in iter_sets(path) if sets is None else sets:
        profile = forced or (registry.find_x12(parsed.sender_qualifier, parsed.sender_id, parsed.app_sender)
                             if registry else None)
        mapper = X12_INBOUND.get(parsed.set_id)
        if mapper is None:
            continue
        findings: list[Finding] = []
        if profile is None:
            findings.append(Finding(code="UNKNOWN_PARTNER", severity="warning",
                                    message=f"no profile for ISA {parsed.sender_qualifier}/{parsed.sender_id} "
                                            f"GS {parsed.app_sender}; translated without cross-references"))
        try:
            result = mapper(parsed, profile)
        except GatewayError as exc:
            raise EdiInputError(str(exc), source=str(path),
                                place=f"set {parsed.set_id} {parsed.control_number}") from None
        findings += result.findings
        if profile is not None:
            findings += _overlay_findings(profile, parsed.set_id, parsed.segments, parsed.delimiters.component)
        if isinstance(result.document, FreightInvoice):
            tol = profile.compliance.freight_tolerance_amount if profile else 0
            findings += check_freight_totals(result.document, tol)  # type: ignore[arg-type]
        out.append(TranslatedDocument(result.document, "x12", parsed.set_id, parsed.control_number, parsed.version,
                                      profile.id if profile else None, findings))
    return out


def mirrored(profile: PartnerProfile) -> PartnerProfile:
    """The profile with its identities swapped: the envelope the partner itself would write to us."""
    ids = profile.identities.model_copy(update={
        "x12": profile.identities.our_x12, "our_x12": profile.identities.x12,
        "edifact": profile.identities.our_edifact, "our_edifact": profile.identities.edifact})
    return profile.model_copy(update={"identities": ids})


def render_documents(documents: Sequence[Any], profile: PartnerProfile, set_type: str,
                     allocator: ControlNumberAllocator | None = None, now: dt.datetime | None = None,
                     as_partner: bool = False) -> str:
    """One interchange carrying ``documents`` as ``set_type`` for ``profile``, validated first.

    With ``as_partner`` the interchange is what the partner would send us (a type the profile
    enables inbound, the partner's ids as sender): the demo and tests use it to play the partner.
    """
    direction = "inbound" if as_partner else "outbound"
    setting = profile.document(set_type, direction)
    if setting is None:
        enabled = ", ".join(d.type for d in profile.documents if d.direction == direction) or "nothing"
        verb = "send" if as_partner else "receive"
        raise RenderRefused(f"partner {profile.id} does not {verb} {set_type} ({direction} documents enabled: "
                            f"{enabled}); add it to the profile's documents to render it")
    if as_partner:
        profile = mirrored(profile)
    allocator = allocator or MemoryAllocator()
    if profile.syntax == "edifact":
        from gateway.mappings.edifact_io import render_edifact

        return render_edifact(documents, profile, set_type, setting.version, allocator, now)
    entry = X12_OUTBOUND.get(set_type)
    if entry is None:
        raise RenderRefused(f"no X12 mapping renders {set_type}")
    model, render = entry
    sets = []
    for n, doc in enumerate(documents, start=1):
        if not isinstance(doc, model):
            raise RenderRefused(f"document {n} is a {getattr(doc, 'doc_type', type(doc).__name__)}; "
                                f"{set_type} carries a {model.__name__}")
        try:
            segments = render(doc, profile, f"{n:04d}", setting.version)
        except GatewayError as exc:
            raise RenderRefused(f"document {n}: {exc}") from None
        issues = compile_overlay(profile, set_type).check(segments, profile.envelope.delimiters.component)
        found, _ = map_issues(segments, profile, set_type, setting.version)
        issues += found
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            raise RenderRefused(f"document {n} ({doc.business_key()}) would be rejected as {set_type}; "
                                "nothing was produced", errors)
        sets.append(segments)
    try:
        text = write_sets(sets, set_type, setting.version, profile, allocator, now)
    except GatewayError as exc:
        raise RenderRefused(str(exc)) from None
    errors = [i for i in validate_text(text) if i.severity == "error"]
    if errors:
        raise RenderRefused(f"the {set_type} interchange would be rejected; nothing was produced", errors)
    return text
