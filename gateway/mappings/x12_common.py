"""Helpers shared by the X12 mappings: element access, parties, item ids, set assembly.

Reading: segments are ``[tag, e1, e2, ...]`` lists as in :class:`~gateway.x12.parsed.ParsedSet`;
:func:`el` returns ``""`` for an absent element so mappings never index out of range on short
segments. Writing: :class:`SetBuilder` collects segments, drops trailing empty elements and adds
ST/SE with the right count, so every outbound mapping produces a well-formed set.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gateway.documents.base import Address, Finding, ItemIds, Party
from gateway.errors import GatewayError
from gateway.mappings.values import check_gtin
from gateway.partners.model import PartnerProfile

Segment = list[str]
M = TypeVar("M", bound=BaseModel)


@dataclass(slots=True)
class Translation:
    """What an inbound mapping returns: the document and what it noticed on the way."""

    document: Any
    findings: list[Finding] = field(default_factory=list)


class MappingError(GatewayError):
    """A message that cannot become a document (a required business field is missing or unreadable)."""


def build(model: type[M], where: str, data: dict[str, Any], findings: list[Finding] | None = None) -> M:
    """Construct a document, turning pydantic's errors into one readable :class:`MappingError`.

    Error findings gathered so far (a date that could not be read...) are named in the message,
    since they are usually why a required value is missing.
    """
    clean = {k: v for k, v in data.items() if v is not None}
    try:
        return model.model_validate(clean)
    except ValidationError as exc:
        parts = []
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err.get("loc", ()))
            parts.append(f"{loc} is missing" if err.get("type") == "missing" else f"{loc}: {err.get('msg')}")
        because = [f"{x.place}: {x.message}" if x.place else x.message
                   for x in (findings or []) if x.severity == "error"]
        tail = f" (found earlier: {'; '.join(because)})" if because else ""
        raise MappingError(f"{where}: cannot build a {model.__name__}: " + "; ".join(parts) + tail) from None


def need(value: Any, place: str, text: str, what: str = "a number") -> Any:
    """``value``, or a :class:`MappingError` naming the place when a required value could not be read."""
    if value is None:
        shown = f"'{text}'" if text else "nothing"
        raise MappingError(f"{place}: {shown} is not {what}, and the document cannot be built without it")
    return value


def el(seg: Sequence[str], idx: int) -> str:
    """Element ``idx`` (1-based, as in the standard) of a segment, ``""`` when absent."""
    return seg[idx].strip() if idx < len(seg) else ""


def opt(seg: Sequence[str], idx: int) -> str | None:
    """Element ``idx`` or None when absent or empty."""
    return el(seg, idx) or None


class SetBuilder:
    """Collects the body of one transaction set and wraps it in ST/SE."""

    def __init__(self, set_id: str, control_number: str, implementation_ref: str | None = None) -> None:
        self.set_id = set_id
        self.control_number = control_number
        st = ["ST", set_id, control_number] + ([implementation_ref] if implementation_ref else [])
        self.segments: list[Segment] = [st]

    def add(self, tag: str, *elements: object) -> None:
        """Append a segment; None becomes empty and trailing empty elements are dropped."""
        values = ["" if e is None else str(e) for e in elements]
        while values and values[-1] == "":
            values.pop()
        self.segments.append([tag, *values])

    def finish(self) -> list[Segment]:
        """The complete set, SE01 counting ST and SE."""
        return [*self.segments, ["SE", str(len(self.segments) + 1), self.control_number]]


# ------------------------------------------------------------------ items

ITEM_QUALIFIERS_IN = {"BP": "buyer_part", "IN": "buyer_part", "VN": "vendor_part", "VP": "vendor_part",
                      "UP": "upc", "UK": "gtin", "EN": "gtin", "SK": "sku"}
ITEM_QUALIFIERS_OUT = (("vendor_part", "VN"), ("upc", "UP"), ("buyer_part", "BP"), ("gtin", "UK"),
                       ("sku", "SK"))


def read_item_pairs(pairs: Sequence[str], profile: PartnerProfile | None, findings: list[Finding],
                    place: str) -> ItemIds:
    """Item ids from qualifier/id pairs (PO106/07..., LIN02/03..., W0104/05...), mapped to Odoo."""
    codes: dict[str, str] = {}
    for i in range(0, len(pairs) - 1, 2):
        qual, value = pairs[i].strip(), pairs[i + 1].strip()
        kind = ITEM_QUALIFIERS_IN.get(qual)
        if kind and value and kind not in codes:
            codes[kind] = value
    item = ItemIds(**codes)
    check_gtin(item.upc, findings, place)
    check_gtin(item.gtin, findings, place)
    resolve_item(item, profile, findings, place)
    return item


def resolve_item(item: ItemIds, profile: PartnerProfile | None, findings: list[Finding], place: str) -> None:
    """Fill ``odoo_product`` from the profile's cross-reference; a finding when nothing matches."""
    if profile is None or item.odoo_product:
        return
    product = profile.odoo_product(item.codes())
    if product:
        item.odoo_product = product
    else:
        findings.append(Finding(code="UNKNOWN_ITEM", place=place,
                                message=f"no Odoo product for partner codes {item.codes() or '(none)'}; "
                                        "add it to the profile's crossrefs.items"))


def item_pairs(item: ItemIds, profile: PartnerProfile | None, limit: int = 10) -> list[str]:
    """Qualifier/id pairs to write for an item.

    An item that carries only its Odoo product (a document built from Odoo) gets the partner's
    codes from the profile; an item that already has partner codes is written as it is, so a
    document read from a partner's file renders back to the same codes.
    """
    codes = item.codes()
    if profile and item.odoo_product and not codes:
        xref = profile.item_for(item.odoo_product)
        if xref:
            for kind, _ in ITEM_QUALIFIERS_OUT:
                if kind not in codes and getattr(xref, kind):
                    codes[kind] = getattr(xref, kind)
    out: list[str] = []
    for kind, qual in ITEM_QUALIFIERS_OUT:
        if kind in codes and len(out) < limit * 2:
            out += [qual, codes[kind]]
    return out


# ------------------------------------------------------------------ parties


def read_parties(segments: Sequence[Segment], start: int, profile: PartnerProfile | None,
                 stop_tags: frozenset[str]) -> Iterator[tuple[int, Party]]:
    """Parse N1 loops (N1/N2/N3/N4) starting anywhere in ``segments``; yields (index after, party)."""
    i = start
    while i < len(segments) and segments[i][0] == "N1":
        n1 = segments[i]
        party = Party(role=el(n1, 1), name=opt(n1, 2), id_qualifier=opt(n1, 3), id=opt(n1, 4))
        i += 1
        addr = Address()
        has_addr = False
        while i < len(segments) and segments[i][0] in ("N2", "N3", "N4", "PER", "REF") and segments[i][0] not in stop_tags:
            seg = segments[i]
            if seg[0] == "N2" and el(seg, 1):
                party.name = f"{party.name or ''} {el(seg, 1)}".strip()
            elif seg[0] == "N3":
                addr.lines += [v for v in (el(seg, 1), el(seg, 2)) if v]
                has_addr = True
            elif seg[0] == "N4":
                addr.city, addr.state = opt(seg, 1), opt(seg, 2)
                addr.postal_code, addr.country = opt(seg, 3), opt(seg, 4)
                has_addr = True
            i += 1
        if has_addr:
            party.address = addr
        loc = profile.location(party.id) if profile else None
        if loc:
            party.odoo_ref = loc.odoo_partner or loc.odoo_warehouse
        yield i, party


def write_party(b: SetBuilder, party: Party) -> None:
    """N1 (and N3/N4 when the party has an address)."""
    b.add("N1", party.role, party.name, party.id_qualifier if party.id else None, party.id)
    if party.address:
        a = party.address
        if a.lines:
            b.add("N3", *a.lines[:2])
            for extra in range(2, len(a.lines), 2):
                b.add("N3", *a.lines[extra:extra + 2])
        if a.city or a.state or a.postal_code or a.country:
            b.add("N4", a.city, a.state, a.postal_code, a.country)
