"""Ship notice -> EDIFACT DESADV (D96A or D01B), the despatch advice we send EU customers.

CPS hierarchy: 1 is the shipment; each order gets its own level under it (no PAC), each pallet a
level under its order (PAC type PX, GIN+BJ with the SSCC), each carton a level under its pallet
or order (PAC type CT, GIN+BJ). Items are LIN groups under the level that holds them, with
QTY+12 despatched, QTY+21 ordered, GIN+BX lot, GIN+BN serials, DTM+36 expiry and RFF+ON (with
DTM+171) naming their purchase order.
"""

from __future__ import annotations

import datetime as dt
import itertools

from gateway.documents.ship_notice import ShipNotice, ShipNoticeItem
from gateway.mappings.edifact_common import MessageBuilder, OutSegment, dtm, item_segments, nad
from gateway.mappings.units import code_for_unit
from gateway.partners.model import PartnerProfile


def render(doc: ShipNotice, profile: PartnerProfile | None, reference: str, directory: str = "D96A",
           decimal: str = ".") -> list[OutSegment]:
    """The DESADV message (UNH..UNT) for one ship notice."""
    b = MessageBuilder("DESADV", reference, directory, profile, decimal)
    purpose = {"00": "9", "01": "1", "05": "5"}.get(doc.purpose, doc.purpose)
    b.add("BGM", "351", doc.shipment_id, purpose)
    if doc.notice_time is not None:
        b.add("DTM", *dtm("137", dt.datetime.combine(doc.notice_date, doc.notice_time)))
    else:
        b.add("DTM", *dtm("137", doc.notice_date))
    if doc.ship_date:
        b.add("DTM", *dtm("11", doc.ship_date))
    if doc.estimated_delivery_date:
        b.add("DTM", *dtm("17", doc.estimated_delivery_date))
    if doc.gross_weight is not None:
        b.add("MEA", "AAE", "G", [code_for_unit(doc.weight_unit or "kg", "edifact", profile), b.num(doc.gross_weight)])
    if doc.bol_number:
        b.add("RFF", ["BM", doc.bol_number])
    if doc.pro_number:
        b.add("RFF", ["CN", doc.pro_number])
    for ref in doc.references:
        b.add("RFF", [ref.qualifier, ref.value])
    for party in doc.parties:
        b.add("NAD", *nad(party))
    if doc.carrier_scac or doc.transport_mode:
        b.add("TDT", "20", None, [doc.transport_mode] if doc.transport_mode else None, None,
              [doc.carrier_scac, "", "182"] if doc.carrier_scac else None)
    counter = itertools.count(1)
    b.add("CPS", str(next(counter)))
    if doc.lading_quantity is not None or doc.packaging_code:
        b.add("PAC", b.num(doc.lading_quantity), None, doc.packaging_code)
    line_no = itertools.count(1)

    def item(i: ShipNoticeItem, po: str, po_date: object) -> None:
        item_segments(b, i.line_number or str(next(line_no)), i.item, profile)
        if i.description:
            b.add("IMD", "F", None, [None, None, None, i.description])
        unit = code_for_unit(i.unit, "edifact", profile)
        b.add("QTY", ["12", b.num(i.quantity_shipped), unit])
        if i.quantity_ordered is not None:
            b.add("QTY", ["21", b.num(i.quantity_ordered), unit])
        if i.lot:
            b.add("GIN", "BX", [i.lot])
        for serial in i.serials:
            b.add("GIN", "BN", [serial])
        if i.expiry_date:
            b.add("DTM", *dtm("36", i.expiry_date))
        b.add("RFF", ["ON", po])
        if po_date:
            b.add("DTM", *dtm("171", po_date))  # type: ignore[arg-type]

    for order in doc.orders:
        order_level = str(next(counter))
        b.add("CPS", order_level, "1")
        for i in order.items:
            item(i, order.po_number, order.po_date)
        pallets: dict[str, str] = {}
        for pack in order.packs:
            parent = order_level
            if pack.pallet_sscc:
                if pack.pallet_sscc not in pallets:
                    pallets[pack.pallet_sscc] = str(next(counter))
                    b.add("CPS", pallets[pack.pallet_sscc], order_level)
                    b.add("PAC", "1", None, "PX")
                    b.add("PCI", "33E")
                    b.add("GIN", "BJ", [pack.pallet_sscc])
                parent = pallets[pack.pallet_sscc]
            b.add("CPS", str(next(counter)), parent)
            b.add("PAC", "1", None, "CT")
            if pack.sscc:
                b.add("PCI", "33E")
                b.add("GIN", "BJ", [pack.sscc])
            for i in pack.items:
                item(i, order.po_number, order.po_date)
    b.add("CNT", ["2", str(sum(len(o.all_items()) for o in doc.orders))])
    return b.finish()
