"""Ship notice -> X12 856 (004010 and 005010), the ASN we send to retailers.

Hierarchy written: shipment (S) > order (O) > tare (T, one per distinct pallet SSCC) > pack (P,
MAN*GM with the AI-prefixed 20-digit SSCC) > item (I: LIN, SN1, PID, REF*LT lot, DTM*036
expiry, REF*SE serials). Loose items hang from the order. CTT01 counts the HL segments.
"""

from __future__ import annotations

from gateway.documents.ship_notice import ShipNotice, ShipNoticeItem
from gateway.mappings.units import code_for_unit
from gateway.mappings.values import fmt_date, fmt_time, format_decimal
from gateway.mappings.x12_common import Segment, SetBuilder, item_pairs, write_party
from gateway.partners.model import PartnerProfile


def _item(b: SetBuilder, item: ShipNoticeItem, profile: PartnerProfile | None) -> None:
    b.add("LIN", item.line_number, *item_pairs(item.item, profile))
    unit = code_for_unit(item.unit, "x12", profile)
    ordered = format_decimal(item.quantity_ordered) if item.quantity_ordered is not None else None
    b.add("SN1", None, format_decimal(item.quantity_shipped), unit, None, ordered, unit if ordered else None)
    if item.description:
        b.add("PID", "F", None, None, None, item.description)
    if item.lot:
        b.add("REF", "LT", item.lot)
    for serial in item.serials:
        b.add("REF", "SE", serial)
    if item.expiry_date:
        b.add("DTM", "036", fmt_date(item.expiry_date))


def render(doc: ShipNotice, profile: PartnerProfile | None, control_number: str,
           version: str = "004010") -> list[Segment]:
    """The 856 set (ST..SE) for one ship notice."""
    b = SetBuilder("856", control_number)
    b.add("BSN", doc.purpose, doc.shipment_id, fmt_date(doc.notice_date),
          fmt_time(doc.notice_time) if doc.notice_time else None, doc.structure_code)
    hl = 0

    def open_hl(parent: int | None, level: str) -> int:
        nonlocal hl
        hl += 1
        b.add("HL", str(hl), str(parent) if parent else None, level)
        return hl

    ship_hl = open_hl(None, "S")
    if doc.packaging_code or doc.lading_quantity is not None or doc.gross_weight is not None:
        b.add("TD1", doc.packaging_code,
              format_decimal(doc.lading_quantity) if doc.lading_quantity is not None else None,
              None, None, None, "G" if doc.gross_weight is not None else None,
              format_decimal(doc.gross_weight) if doc.gross_weight is not None else None,
              (code_for_unit(doc.weight_unit, "x12", profile) if doc.weight_unit else None))
    if doc.carrier_scac or doc.transport_mode:
        b.add("TD5", "B", "2" if doc.carrier_scac else None, doc.carrier_scac, doc.transport_mode)
    if doc.bol_number:
        b.add("REF", "BM", doc.bol_number)
    if doc.pro_number:
        b.add("REF", "CN", doc.pro_number)
    for ref in doc.references:
        b.add("REF", ref.qualifier, ref.value)
    if doc.ship_date:
        b.add("DTM", "011", fmt_date(doc.ship_date))
    if doc.estimated_delivery_date:
        b.add("DTM", "017", fmt_date(doc.estimated_delivery_date))
    for party in doc.parties:
        write_party(b, party)
    for order in doc.orders:
        order_hl = open_hl(ship_hl, "O")
        b.add("PRF", order.po_number, None, None, fmt_date(order.po_date) if order.po_date else None)
        for item in order.items:
            open_hl(order_hl, "I")
            _item(b, item, profile)
        tares: dict[str, int] = {}
        for pack in order.packs:
            parent = order_hl
            if pack.pallet_sscc:
                if pack.pallet_sscc not in tares:
                    tares[pack.pallet_sscc] = open_hl(order_hl, "T")
                    b.add("MAN", "GM", "00" + pack.pallet_sscc)
                parent = tares[pack.pallet_sscc]
            pack_hl = open_hl(parent, "P")
            if pack.sscc:
                b.add("MAN", "GM", "00" + pack.sscc)
            for item in pack.items:
                open_hl(pack_hl, "I")
                _item(b, item, profile)
    b.add("CTT", str(hl))
    return b.finish()
