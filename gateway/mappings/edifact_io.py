"""EDIFACT files in and out for the mappings: documents from messages, interchanges from documents.

Reading takes :class:`~gateway.edifact.parsed.ParsedMessage` objects from
``gateway.edifact.engine.iter_messages`` and finds the partner from the UNB sender. Writing
renders each document, wraps the messages in UNA/UNB..UNZ with the profile's service characters
and identities (reference from the allocator), then validates the whole interchange with the
EDIFACT engine against the directory's message map and the partner overlay before returning it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gateway.control_numbers import ControlNumberAllocator
from gateway.documents import ApplicationAdvice, Invoice, PurchaseOrder, ShipmentStatus, ShipNotice
from gateway.documents.base import Finding
from gateway.edifact.chars import ServiceChars
from gateway.edifact.writer import format_segment
from gateway.errors import EdiInputError, GatewayError, Issue
from gateway.mappings import (
    edifact_aperak_in,
    edifact_aperak_out,
    edifact_desadv_in,
    edifact_desadv_out,
    edifact_iftsta_in,
    edifact_iftsta_out,
    edifact_invoic_in,
    edifact_invoic_out,
    edifact_orders_in,
    edifact_orders_out,
)
from gateway.partners.model import PartnerProfile
from gateway.partners.overlay import compile_overlay
from gateway.partners.registry import PartnerRegistry

EDIFACT_INBOUND: dict[str, Callable[..., Any]] = {
    "ORDERS": edifact_orders_in.translate, "DESADV": edifact_desadv_in.translate,
    "INVOIC": edifact_invoic_in.translate, "IFTSTA": edifact_iftsta_in.translate,
    "APERAK": edifact_aperak_in.translate,
}
EDIFACT_OUTBOUND: dict[str, tuple[type[Any], Callable[..., Any]]] = {
    "ORDERS": (PurchaseOrder, edifact_orders_out.render), "DESADV": (ShipNotice, edifact_desadv_out.render),
    "INVOIC": (Invoice, edifact_invoic_out.render), "IFTSTA": (ShipmentStatus, edifact_iftsta_out.render),
    "APERAK": (ApplicationAdvice, edifact_aperak_out.render),
}


def flat(segments: Sequence[Any], component: str = ":") -> list[list[str]]:
    """Segments as ``[tag, element, ...]`` with composites joined, for the overlay check."""
    out = []
    for seg in segments:
        if hasattr(seg, "elements"):
            tag, elements = seg.tag, seg.elements
        else:
            tag, elements = seg
        row = [tag]
        for e in elements:
            if e is None:
                row.append("")
            elif isinstance(e, str):
                row.append(e)
            else:
                row.append(component.join("" if c is None else str(c) for c in e).rstrip(component))
        out.append(row)
    return out


def translate_edifact(path: Path, registry: PartnerRegistry | None, forced: PartnerProfile | None) -> list[Any]:
    """Every mappable message of an EDIFACT file as a TranslatedDocument."""
    from gateway.edifact.engine import iter_messages
    from gateway.mappings.service import TranslatedDocument

    out = []
    for msg in iter_messages(path):
        profile = forced or (registry.find_edifact(msg.sender, msg.sender_qualifier or None) if registry else None)
        mapper = EDIFACT_INBOUND.get(msg.message_type)
        if mapper is None:
            continue
        findings: list[Finding] = []
        if profile is None:
            findings.append(Finding(code="UNKNOWN_PARTNER", severity="warning",
                                    message=f"no profile for UNB sender {msg.sender}; translated without "
                                            "cross-references"))
        try:
            result = mapper(msg, profile)
        except GatewayError as exc:
            raise EdiInputError(str(exc), source=str(path),
                                place=f"message {msg.message_type} {msg.reference}") from None
        findings += result.findings
        if profile is not None:
            for i in compile_overlay(profile, msg.message_type).check(flat(msg.segments)):
                findings.append(Finding(code=f"OVERLAY_{i.code}", message=i.describe(), severity=i.severity,
                                        place=i.segment_id))
        version = f"{msg.version}{msg.release}"
        out.append(TranslatedDocument(result.document, "edifact", msg.message_type, msg.reference, version,
                                      profile.id if profile else None, findings))
    return out


def chars_for(profile: PartnerProfile) -> ServiceChars:
    """The outbound service characters of a partner."""
    e = profile.envelope.edifact
    return ServiceChars(e.component, e.element, e.decimal, e.release, "*" if e.syntax_version >= 4 else " ",
                        e.segment)


def wrap(messages: Sequence[Sequence[Any]], profile: PartnerProfile, allocator: ControlNumberAllocator,
         now: dt.datetime | None = None) -> str:
    """UNA (when the profile wants it), UNB, the messages, UNZ."""
    ours, theirs = profile.identities.our_edifact, profile.identities.edifact
    if ours is None or theirs is None:
        raise GatewayError(f"partner {profile.id} has no EDIFACT identities")
    e = profile.envelope.edifact
    chars = chars_for(profile)
    when = now or dt.datetime.now(dt.UTC)
    ref = str(allocator.next(profile.id, "interchange"))
    date = when.strftime("%Y%m%d" if e.syntax_version >= 4 else "%y%m%d")
    unb = ["UNB", [[e.syntax_id, str(e.syntax_version)], [ours.unb_id, ours.unb_qualifier or ""],
                   [theirs.unb_id, theirs.unb_qualifier or ""], [date, when.strftime("%H%M")], ref]]
    parts = [chars.una() if e.send_una else "", format_segment(unb[0], unb[1], chars)]
    sep = "\n" if profile.envelope.newline_after_segment else ""
    parts += [sep.join(format_segment(tag, els, chars) for tag, els in m) for m in messages]
    parts.append(format_segment("UNZ", [str(len(messages)), ref], chars))
    return sep.join(p for p in parts if p) + sep


def validate_text(text: str, profile: PartnerProfile) -> list[Issue]:
    """Issues the EDIFACT engine finds in an interchange we are about to send."""
    from gateway.edifact.engine import validate_bytes

    codec = {"UNOA": "ascii", "UNOB": "ascii", "UNOW": "utf-8", "UNOY": "utf-8"}.get(
        profile.envelope.edifact.syntax_id, "latin-1")
    return validate_bytes(text.encode(codec, errors="replace"), source="<rendered EDIFACT>").all_issues()


def render_edifact(documents: Sequence[Any], profile: PartnerProfile, message_type: str, directory: str,
                   allocator: ControlNumberAllocator, now: dt.datetime | None = None) -> str:
    """One interchange with ``documents`` as ``message_type`` messages, validated before it is returned."""
    from gateway.mappings.service import RenderRefused

    entry = EDIFACT_OUTBOUND.get(message_type)
    if entry is None:
        raise RenderRefused(f"no EDIFACT mapping renders {message_type}")
    model, render = entry
    messages = []
    decimal = profile.envelope.edifact.decimal
    for n, doc in enumerate(documents, start=1):
        if not isinstance(doc, model):
            raise RenderRefused(f"document {n} is a {getattr(doc, 'doc_type', type(doc).__name__)}; "
                                f"{message_type} carries a {model.__name__}")
        ref = str(allocator.next(profile.id, "set"))
        try:
            segments = render(doc, profile, ref, directory, decimal)
        except GatewayError as exc:
            raise RenderRefused(f"document {n}: {exc}") from None
        issues = compile_overlay(profile, message_type).check(flat(segments))
        if [i for i in issues if i.severity == "error"]:
            raise RenderRefused(f"document {n} ({doc.business_key()}) would be rejected as {message_type}; "
                                "nothing was produced", issues)
        messages.append(segments)
    try:
        text = wrap(messages, profile, allocator, now)
    except GatewayError as exc:
        raise RenderRefused(str(exc)) from None
    errors = [i for i in validate_text(text, profile) if i.severity == "error"]
    if errors:
        raise RenderRefused(f"the {message_type} interchange would be rejected; nothing was produced", errors)
    return text
