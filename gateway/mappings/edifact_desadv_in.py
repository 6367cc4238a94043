"""EDIFACT DESADV (D96A and D01B) -> ship notice, for despatch advices suppliers send us.

The CPS hierarchy is followed by parent pointers: a level with PAC type PX (or a level whose
children are packed levels) is a pallet, a level with GIN+BJ is a carton, other levels group
items. Each item's order comes from its RFF+ON; orders appear in the order first seen. SSCC and
GTIN check digits are verified (findings, not exceptions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.ship_notice import Pack, ShipNotice, ShipNoticeItem, ShipNoticeOrder
from gateway.edifact.parsed import ParsedMessage, Segment
from gateway.mappings.edifact_common import num, ov, read_dtm, read_item, read_nad, read_qty, v
from gateway.mappings.units import odoo_uom, unit_from_code
from gateway.mappings.values import normalise_sscc
from gateway.mappings.x12_common import Translation, build, need
from gateway.partners.model import PartnerProfile


@dataclass
class _Level:
    ident: str
    parent: str | None
    pac_type: str | None = None
    sscc: str | None = None
    items: list[tuple[ShipNoticeItem, str, dt.date | None]] = field(default_factory=list)


def translate(msg: ParsedMessage, profile: PartnerProfile | None) -> Translation:
    """The ship notice in one DESADV message."""
    f: list[Finding] = []
    head: dict[str, Any] = {}
    refs, parties = [], []
    levels: dict[str, _Level] = {}
    level: _Level | None = None
    item: dict[str, Any] | None = None
    lin: Segment | None = None
    pias: list[Segment] = []

    def close() -> None:
        nonlocal item
        if item is None or lin is None or level is None:
            return
        place = f"line {item['line_number']}"
        item["item"] = read_item(lin, pias, profile, f, place)
        po, po_date = item.pop("po", "?"), item.pop("po_date", None)
        level.items.append((build(ShipNoticeItem, f"DESADV {place}", item, f), po, po_date))
        item = None

    for seg in msg.segments:
        tag = seg.tag
        if tag == "BGM":
            head.update(shipment_id=v(seg, 2), purpose=v(seg, 3) or "9")
        elif tag == "DTM" and item is None and level is None:
            qual, value = read_dtm(seg, f)
            if qual == "137" and value is not None:
                if isinstance(value, dt.datetime):
                    head.update(notice_date=value.date(), notice_time=value.time())
                else:
                    head["notice_date"] = value
            elif qual == "11" and value is not None:
                head["ship_date"] = value if not isinstance(value, dt.datetime) else value.date()
            elif qual == "17" and value is not None:
                head["estimated_delivery_date"] = value
        elif tag == "MEA" and level is None and v(seg, 2) == "G":
            head["gross_weight"] = num(v(seg, 3, 2), f, "MEA")
            head["weight_unit"] = unit_from_code(v(seg, 3, 1), "edifact", profile, f, "MEA")
        elif tag == "RFF" and level is None:
            qual, value = v(seg, 1, 1), v(seg, 1, 2)
            if qual == "BM":
                head["bol_number"] = value
            elif qual == "CN":
                head["pro_number"] = value
            else:
                refs.append(Reference(qualifier=qual, value=value))
        elif tag == "NAD" and level is None:
            parties.append(read_nad(seg, profile))
        elif tag == "TDT":
            head.update(transport_mode=ov(seg, 3), carrier_scac=ov(seg, 5))
        elif tag == "CPS":
            close()
            level = _Level(v(seg, 1), ov(seg, 2))
            levels[level.ident] = level
        elif tag == "PAC" and level is not None and item is None:
            level.pac_type = ov(seg, 3)
            if level.parent is None:
                head.update(lading_quantity=num(v(seg, 1), f, "PAC"), packaging_code=ov(seg, 3))
        elif tag == "GIN" and level is not None and item is None and v(seg, 1) == "BJ":
            level.sscc = normalise_sscc(v(seg, 2), f, f"CPS {level.ident} GIN+BJ")
        elif tag == "LIN":
            close()
            lin, pias = seg, []
            item = {"line_number": v(seg, 1), "quantity_shipped": None, "unit": "each"}
        elif item is not None:
            _item_segment(seg, item, pias, profile, f)
    close()
    if "notice_date" not in head and head.get("ship_date"):
        head["notice_date"] = head["ship_date"]
        f.append(Finding(code="NOTICE_DATE_FROM_DESPATCH", severity="warning", place="DTM+137",
                         message="no DTM+137 document date; the despatch date (DTM+11) is used"))
    head.update(references=refs, parties=parties, orders=_orders(levels, f))
    return Translation(build(ShipNotice, "DESADV", head, f), f)


def _item_segment(seg: Segment, item: dict[str, Any], pias: list[Segment], profile: PartnerProfile | None,
                  f: list[Finding]) -> None:
    tag = seg.tag
    if tag == "PIA":
        pias.append(seg)
    elif tag == "IMD":
        item["description"] = ov(seg, 3, 4)
    elif tag == "QTY":
        qual, qty, unit = read_qty(seg, f)
        if qual == "12":
            item["quantity_shipped"] = need(qty, f"line {item['line_number']} QTY+12", v(seg, 1, 2))
            item["unit"] = unit_from_code(unit or "EA", "edifact", profile, f, f"line {item['line_number']}")
            item["odoo_uom"] = odoo_uom(item["unit"], profile)
        elif qual == "21":
            item["quantity_ordered"] = qty
    elif tag == "GIN" and v(seg, 1) == "BX":
        item["lot"] = v(seg, 2)
    elif tag == "GIN" and v(seg, 1) == "BN":
        item.setdefault("serials", []).append(v(seg, 2))
    elif tag == "DTM":
        qual, value = read_dtm(seg, f)
        if qual == "36":
            item["expiry_date"] = value
        elif qual == "171":
            item["po_date"] = value
    elif tag == "RFF" and v(seg, 1, 1) == "ON":
        item["po"] = v(seg, 1, 2)


def _orders(levels: dict[str, _Level], f: list[Finding]) -> list[ShipNoticeOrder]:
    orders: dict[str, ShipNoticeOrder] = {}
    has_children = {lv.parent for lv in levels.values() if lv.parent}

    def order_for(po: str, po_date: dt.date | None) -> ShipNoticeOrder:
        if po not in orders:
            orders[po] = ShipNoticeOrder(po_number=po, po_date=po_date)
        return orders[po]

    for lv in levels.values():
        if lv.parent and lv.parent not in levels:
            f.append(Finding(code="CPS_BAD_PARENT", place=f"CPS {lv.ident}",
                             message=f"CPS {lv.ident} names parent {lv.parent}, which does not come before it"))
        is_pallet = lv.pac_type == "PX" or (lv.sscc is not None and lv.ident in has_children)
        is_carton = lv.sscc is not None or lv.pac_type not in (None, "PX")
        if is_carton and not is_pallet and lv.parent is not None:
            parent = levels.get(lv.parent)
            pallet = parent.sscc if parent and (parent.pac_type == "PX" or parent.sscc) else None
            pack = Pack(sscc=lv.sscc, pallet_sscc=pallet, items=[i for i, _, _ in lv.items])
            if lv.items:
                order_for(lv.items[0][1], lv.items[0][2]).packs.append(pack)
            else:
                f.append(Finding(code="EMPTY_PACK", severity="warning", place=f"CPS {lv.ident}",
                                 message="a packed level holds no items, so no order can be named for it"))
        else:
            for i, po, po_date in lv.items:
                order_for(po, po_date).items.append(i)
    return list(orders.values())
