"""X12 856 (004010 and 005010) -> ship notice, for ASNs suppliers send us.

Walks the HL hierarchy by parent pointers (HL02), not by position, so S-O-P-I, S-O-T-P-I and
S-O-I shapes all read. SSCCs (MAN*GM with AI 00, or MAN*AA 18 digits) and GTINs are checked;
a bad check digit or an HL pointing at a missing parent is a finding.
"""

from __future__ import annotations

from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.ship_notice import Pack, ShipNotice, ShipNoticeItem, ShipNoticeOrder
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.values import normalise_sscc, parse_date, parse_decimal, parse_time
from gateway.mappings.x12_common import Translation, build, el, need, opt, read_item_pairs, read_parties
from gateway.partners.model import PartnerProfile
from gateway.x12.parsed import ParsedSet


def translate(parsed: ParsedSet, profile: PartnerProfile | None) -> Translation:
    """The ship notice in one 856 set."""
    f: list[Finding] = []
    segs = parsed.segments
    bsn = next((s for s in segs if s[0] == "BSN"), ["BSN"])
    head: dict[str, Any] = {"purpose": el(bsn, 1) or "00", "shipment_id": el(bsn, 2),
                            "notice_date": parse_date(el(bsn, 3), f, "BSN03"),
                            "notice_time": parse_time(el(bsn, 4), f, "BSN04"),
                            "structure_code": el(bsn, 5) or "0001"}
    refs: list[Reference] = []
    parties = []
    orders: list[ShipNoticeOrder] = []
    nodes: dict[str, tuple[str, Any]] = {}
    level, current = "", None
    item: ShipNoticeItem | None = None
    i = 1
    while i < len(segs):
        s = segs[i]
        tag = s[0]
        if tag == "HL":
            hl_id, parent_id, level = el(s, 1), el(s, 2), el(s, 3)
            parent = nodes.get(parent_id) if parent_id else None
            place = f"HL {hl_id}"
            if parent_id and parent is None:
                f.append(Finding(code="HL_BAD_PARENT", place=place,
                                 message=f"HL {hl_id} names parent {parent_id}, which does not come before it"))
            item = None
            if level == "O":
                current = ShipNoticeOrder(po_number="?")
                orders.append(current)
            elif level == "T":
                current = {"pallet": None, "order": parent[1] if parent and parent[0] == "O" else None}
            elif level == "P":
                pack = Pack()
                order = None
                if parent and parent[0] == "T":
                    pack.pallet_sscc = parent[1]["pallet"]
                    order = parent[1]["order"]
                elif parent and parent[0] == "O":
                    order = parent[1]
                (order or _orphan(orders)).packs.append(pack)
                current = pack
            elif level == "I":
                current = parent[1] if parent else None
            nodes[hl_id] = (level, current)
        elif level == "S" or not level:
            if tag == "TD1":
                head["packaging_code"] = opt(s, 1)
                head["lading_quantity"] = parse_decimal(el(s, 2), f, "TD102")
                head["gross_weight"] = parse_decimal(el(s, 7), f, "TD107")
                if el(s, 8):
                    head["weight_unit"] = unit_from_code(el(s, 8), "x12", profile, f, "TD108")
            elif tag == "TD5":
                head["carrier_scac"], head["transport_mode"] = opt(s, 3), opt(s, 4)
            elif tag == "REF":
                qual = el(s, 1)
                if qual == "BM":
                    head["bol_number"] = el(s, 2)
                elif qual == "CN":
                    head["pro_number"] = el(s, 2)
                else:
                    refs.append(Reference(qualifier=qual, value=el(s, 2)))
            elif tag == "DTM" and el(s, 1) in ("011", "017"):
                key = "ship_date" if el(s, 1) == "011" else "estimated_delivery_date"
                head[key] = parse_date(el(s, 2), f, f"DTM*{el(s, 1)}")
            elif tag == "N1":
                for nxt, party in read_parties(segs, i, profile, frozenset()):
                    parties.append(party)
                    i = nxt
                    break
                continue
        elif level == "O" and tag == "PRF" and isinstance(current, ShipNoticeOrder):
            current.po_number = el(s, 1)
            current.po_date = parse_date(el(s, 4), f, "PRF04")
        elif level in ("T", "P") and tag == "MAN" and el(s, 1) in ("GM", "AA"):
            sscc = normalise_sscc(el(s, 2), f, f"MAN in HL {next(reversed(nodes))}")
            if level == "T" and isinstance(current, dict):
                current["pallet"] = sscc
            elif isinstance(current, Pack):
                current.sscc = sscc
        elif level == "I":
            item = _item_segment(s, item, current, orders, profile, f)
        i += 1
    head.update(references=refs, parties=parties, orders=orders)
    return Translation(build(ShipNotice, "856", head, f), f)


def _orphan(orders: list[ShipNoticeOrder]) -> ShipNoticeOrder:
    if not orders:
        orders.append(ShipNoticeOrder(po_number="?"))
    return orders[-1]


def _item_segment(s: list[str], item: ShipNoticeItem | None, holder: Any, orders: list[ShipNoticeOrder],
                  profile: PartnerProfile | None, f: list[Finding]) -> ShipNoticeItem | None:
    tag = s[0]
    if tag == "LIN":
        place = f"item {el(s, 1) or '?'}"
        item = ShipNoticeItem(line_number=opt(s, 1), item=read_item_pairs(s[2:], profile, f, place),
                              quantity_shipped=0, unit="each")
        target = holder if isinstance(holder, (Pack, ShipNoticeOrder)) else _orphan(orders)
        target.items.append(item)
    elif item is None:
        return None
    elif tag == "SN1":
        qty = parse_decimal(el(s, 2), f, "SN102")
        item.quantity_shipped = need(qty, f"item {item.line_number or '?'} SN102", el(s, 2))
        item.unit = unit_from_code(el(s, 3) or "EA", "x12", profile, f, "SN103")
        item.odoo_uom = odoo_uom(item.unit, profile)
        item.quantity_ordered = parse_decimal(el(s, 5), f, "SN105")
    elif tag == "PID" and el(s, 5):
        item.description = el(s, 5)
    elif tag == "REF" and el(s, 1) == "LT":
        item.lot = el(s, 2)
    elif tag == "REF" and el(s, 1) == "SE":
        item.serials.append(el(s, 2))
    elif tag == "DTM" and el(s, 1) == "036":
        item.expiry_date = parse_date(el(s, 2), f, "DTM*036")
    return item
