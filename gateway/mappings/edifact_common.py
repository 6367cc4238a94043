"""Helpers shared by the EDIFACT mappings: value access, message assembly, parties, items, dates.

Reading works on :class:`~gateway.edifact.parsed.ParsedMessage` segments (``tag`` plus elements
as component lists, release characters already resolved). Writing produces ``(tag, elements)``
pairs for :func:`gateway.edifact.writer.format_segment`, which escapes service characters.
Directory differences are handled here: D96A names a GTIN ``EN`` in 7143, D01B ``SRV``; both
are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from gateway.documents.base import Address, Finding, ItemIds, Party
from gateway.edifact.parsed import Segment
from gateway.mappings.values import check_gtin, format_decimal, parse_decimal
from gateway.mappings.x12_common import resolve_item
from gateway.partners.model import PartnerProfile

OutSegment = tuple[str, list[Any]]

MESSAGE_VERSIONS = {"D96A": ("D", "96A"), "D01B": ("D", "01B")}
ASSOCIATION = {"ORDERS": "EAN008", "DESADV": "EAN005", "INVOIC": "EAN008"}


def v(seg: Segment, element: int, component: int = 1) -> str:
    """A value by 1-based element and component, ``""`` when absent."""
    return seg.value(element, component).strip()


def ov(seg: Segment, element: int, component: int = 1) -> str | None:
    """A value or None when absent or empty."""
    return v(seg, element, component) or None


class MessageBuilder:
    """Collects one message's segments and wraps them in UNH/UNT."""

    def __init__(self, message_type: str, reference: str, directory: str, profile: PartnerProfile | None,
                 decimal: str = ".") -> None:
        version, release = MESSAGE_VERSIONS.get(directory, ("D", directory[1:]))
        assoc = (profile.envelope.edifact.association_codes.get(message_type) if profile else None) \
            or ASSOCIATION.get(message_type)
        self.reference = reference
        self.directory = directory
        self.decimal = decimal
        self.segments: list[OutSegment] = [("UNH", [reference, [message_type, version, release, "UN", assoc or ""]])]

    def add(self, tag: str, *elements: Any) -> None:
        """Append a segment; None elements become empty and trailing empties are dropped by the writer."""
        self.segments.append((tag, list(elements)))

    def num(self, value: Any) -> str | None:
        """A Decimal in the message's decimal mark, None stays None."""
        return None if value is None else format_decimal(value, self.decimal)

    def finish(self) -> list[OutSegment]:
        """The message with UNT counting UNH and UNT."""
        return [*self.segments, ("UNT", [str(len(self.segments) + 1), self.reference])]


# ------------------------------------------------------------------ dates

DATE_FORMATS = {"102": "%Y%m%d", "203": "%Y%m%d%H%M", "204": "%Y%m%d%H%M%S"}


def read_dtm(seg: Segment, findings: list[Finding]) -> tuple[str, dt.date | dt.datetime | None]:
    """``(qualifier, value)`` of a DTM: a date for format 102, a naive datetime for 203/204."""
    qual, text, fmt = v(seg, 1, 1), v(seg, 1, 2), v(seg, 1, 3) or "102"
    pattern = DATE_FORMATS.get(fmt)
    if pattern is None:
        findings.append(Finding(code="UNSUPPORTED_DATE_FORMAT", severity="warning", place=f"DTM+{qual}",
                                message=f"date format {fmt} is not read; the date '{text}' was ignored"))
        return qual, None
    try:
        value = dt.datetime.strptime(text, pattern)
    except ValueError:
        findings.append(Finding(code="BAD_DATE", place=f"DTM+{qual}",
                                message=f"'{text}' is not a valid date in format {fmt}"))
        return qual, None
    return qual, value.date() if fmt == "102" else value


def dtm(qual: str, value: dt.date | dt.datetime) -> list[Any]:
    """DTM element C507 for a date (102) or a datetime (203, or 204 with seconds)."""
    if isinstance(value, dt.datetime):
        fmt = "204" if value.second else "203"
        return [[qual, value.strftime(DATE_FORMATS[fmt]), fmt]]
    return [[qual, value.strftime("%Y%m%d"), "102"]]


# ------------------------------------------------------------------ parties


def read_nad(seg: Segment, profile: PartnerProfile | None) -> Party:
    """A party from NAD (qualifier, C082 id and agency, C080 name, C059 street, city, state, postcode, country)."""
    lines = [c for c in (seg.elements[4] if len(seg.elements) > 4 else []) if c]
    addr = Address(lines=lines, city=ov(seg, 6), state=ov(seg, 7), postal_code=ov(seg, 8), country=ov(seg, 9))
    has_addr = bool(lines or addr.city or addr.state or addr.postal_code or addr.country)
    party = Party(role=v(seg, 1), id=ov(seg, 2), id_qualifier=ov(seg, 2, 3), name=ov(seg, 4),
                  address=addr if has_addr else None)
    loc = profile.location(party.id) if profile else None
    if loc:
        party.odoo_ref = loc.odoo_partner or loc.odoo_warehouse
    return party


def nad(party: Party) -> list[Any]:
    """NAD elements for a party."""
    a = party.address or Address()
    return [party.role, [party.id, "", party.id_qualifier] if party.id else None, None,
            [party.name] if party.name else None, a.lines or None, a.city, a.state, a.postal_code, a.country]


# ------------------------------------------------------------------ items

PIA_TYPES_IN = {"IN": "buyer_part", "SA": "vendor_part", "UP": "upc", "EN": "gtin", "SRV": "gtin"}
PIA_TYPES_OUT = (("vendor_part", "SA"), ("buyer_part", "IN"), ("upc", "UP"))


def gtin_type(directory: str) -> str:
    """The 7143 code for a GTIN in this directory."""
    return "SRV" if directory == "D01B" else "EN"


def read_item(lin: Segment, pias: Sequence[Segment], profile: PartnerProfile | None, findings: list[Finding],
              place: str) -> ItemIds:
    """Item ids from LIN C212 and the PIA composites, resolved to the Odoo product."""
    codes: dict[str, str] = {}
    pairs = [(v(lin, 3, 1), v(lin, 3, 2))]
    for pia in pias:
        pairs += [(c[0] if c else "", c[1] if len(c) > 1 else "") for c in pia.elements[1:]]
    for value, kind in pairs:
        name = PIA_TYPES_IN.get(kind)
        if name and value and name not in codes:
            codes[name] = value
    item = ItemIds(**codes)
    check_gtin(item.gtin, findings, place)
    check_gtin(item.upc, findings, place)
    resolve_item(item, profile, findings, place)
    return item


def item_segments(b: MessageBuilder, line_number: str, item: ItemIds, profile: PartnerProfile | None) -> None:
    """LIN (with the GTIN) and PIA (other codes) for an item; Odoo-only items get codes from the profile."""
    codes = item.codes()
    if profile and item.odoo_product and not codes:
        xref = profile.item_for(item.odoo_product)
        if xref:
            codes = {k: getattr(xref, k) for k in ("gtin", "upc", "buyer_part", "vendor_part") if getattr(xref, k)}
    gtin = codes.get("gtin")
    b.add("LIN", line_number, None, [gtin, gtin_type(b.directory)] if gtin else None)
    others = [[codes[k], t] for k, t in PIA_TYPES_OUT if codes.get(k)]
    if others:
        b.add("PIA", "5", *others)


def num(text: str, findings: list[Finding], place: str) -> Any:
    """An EDIFACT number with either decimal mark (EDIFACT has no thousands separator)."""
    return parse_decimal(text, findings, place, decimal_mark=",")


def read_qty(seg: Segment, findings: list[Finding]) -> tuple[str, Any, str]:
    """``(qualifier, quantity, unit code)`` of a QTY."""
    return v(seg, 1, 1), num(v(seg, 1, 2), findings, f"QTY+{v(seg, 1, 1)}"), v(seg, 1, 3)
