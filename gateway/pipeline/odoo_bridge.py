"""Adapters between canonical documents and the Odoo workflows' own request dataclasses.

One pure function per inbound flow: a canonical document (already carrying the partner
profile's cross-references, e.g. ``odoo_product`` and ``odoo_ref``) plus the profile become the
request the workflow in :mod:`gateway.odoo.workflows` takes. A cross-reference that is missing is
a master-data problem and is reported as :class:`BridgeError` naming the line or party, before
anything is sent to Odoo. No I/O here, so every adapter is unit-tested without a server.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gateway.errors import GatewayError
from gateway.odoo.workflows.delivery import ShippedItem, ShippingAdviceRequest
from gateway.odoo.workflows.freight_bill import FreightCharge, FreightInvoiceRequest
from gateway.odoo.workflows.receipt import LotQuantity, ReceiptRequest, ShippedLine
from gateway.odoo.workflows.sale_order import SaleOrderLineRequest, SaleOrderRequest
from gateway.odoo.workflows.shipment_status import ShipmentStatusRequest
from gateway.partners.model import PartnerProfile

DELIVERED_CODES = frozenset({"D1"})
STATUS_TEXT = {
    "AF": "picked up (departed pickup location)", "X6": "en route", "X1": "arrived at delivery location",
    "D1": "delivered", "AG": "estimated delivery", "X3": "arrived at pickup location", "SD": "shipment delayed",
}


class BridgeError(GatewayError):
    """A canonical document that cannot become an Odoo request: a category and a plain reason."""

    def __init__(self, category: str, reason: str) -> None:
        self.category = category
        self.reason = reason
        super().__init__(reason)


def _num(value: Decimal | float | int | str | None) -> float:
    return float(value) if value is not None else 0.0


def _party(doc: Any, *roles: str) -> Any | None:
    for role in roles:
        for party in getattr(doc, "parties", []) or []:
            if party.role == role:
                return party
    return None


def _ref(doc: Any, qualifier: str) -> str | None:
    for ref in getattr(doc, "references", []) or []:
        if ref.qualifier == qualifier:
            return str(ref.value)
    return None


def _carrier_name(profile: PartnerProfile, scac: str | None) -> str | None:
    if not scac:
        return None
    for carrier in profile.crossrefs.carriers:
        if carrier.scac == scac:
            return carrier.odoo_carrier
    return None


def _party_ref(doc: Any, roles: tuple[str, ...], what: str, required: bool) -> str | None:
    party = _party(doc, *roles)
    if party is None:
        if required:
            raise BridgeError("mapping", f"the document names no {what} (party {'/'.join(roles)})")
        return None
    if not party.odoo_ref:
        raise BridgeError("master_data", f"{what} {party.name or ''} (id {party.id_qualifier or '-'}/{party.id or '-'}) "
                          "has no Odoo partner in the profile's location cross-references")
    return str(party.odoo_ref)


def sale_order_request(doc: Any, profile: PartnerProfile, document_id: str) -> SaleOrderRequest:
    """Purchase order (850 / ORDERS) -> the sale order to create and confirm."""
    ship_to = _party_ref(doc, ("ST", "DP"), "ship-to", required=False)
    if _party(doc, "BY") is None and ship_to is not None:
        buyer: str | None = ship_to  # an order naming only its ship-to is placed by that location
    else:
        buyer = _party_ref(doc, ("BY",), "buyer", required=True)
    lines = []
    unknown = []
    for line in doc.lines:
        code = line.item.odoo_product
        if not code:
            ids = ", ".join(f"{k} {v}" for k, v in line.item.model_dump(exclude_none=True).items())
            unknown.append(f"line {line.line_number}: {ids or 'no item id'}")
            continue
        lines.append(SaleOrderLineRequest(line_number=str(line.line_number), product_code=code,
                                          quantity=_num(line.quantity), uom=line.odoo_uom,
                                          price=_num(line.unit_price) if line.unit_price is not None else None,
                                          description=line.description))
    if unknown:
        raise BridgeError("master_data", "items not in the profile's item cross-reference ("
                          + "; ".join(unknown) + ")")
    requested = doc.requested_delivery_date or doc.requested_ship_date
    note = "\n".join(doc.notes) if getattr(doc, "notes", None) else None
    return SaleOrderRequest(document_id=document_id, partner_ref=buyer or "", client_order_ref=doc.po_number,
                            lines=tuple(lines), ship_to_ref=ship_to, requested_date=requested, note=note)


def shipping_advice_request(doc: Any, profile: PartnerProfile, document_id: str) -> ShippingAdviceRequest:
    """Warehouse shipping advice (945) -> the delivery to ship and validate."""
    warehouse = _party(doc, "SF", "WH")
    warehouse_ref = (warehouse.odoo_ref if warehouse and warehouse.odoo_ref else profile.id)
    items = []
    unknown = []
    for line in doc.lines:
        if not line.item.odoo_product:
            unknown.append(f"line {line.line_number}")
            continue
        items.append(ShippedItem(line_number=str(line.line_number), product_code=line.item.odoo_product,
                                 quantity=_num(line.quantity_shipped), uom=line.odoo_uom))
    if unknown:
        raise BridgeError("master_data", "items not in the profile's item cross-reference (" + ", ".join(unknown) + ")")
    tracking = _ref(doc, "BM") or doc.shipment_id
    return ShippingAdviceRequest(document_id=document_id, warehouse_ref=str(warehouse_ref),
                                 picking_name=doc.depositor_order_number, advice_number=doc.shipment_id or
                                 doc.depositor_order_number, items=tuple(items), tracking_ref=tracking,
                                 carrier_name=_carrier_name(profile, doc.carrier_scac))


def shipment_status_requests(doc: Any, profile: PartnerProfile, document_id: str) -> list[ShipmentStatusRequest]:
    """Shipment status (214) -> one milestone request per status event."""
    carrier = _carrier_name(profile, doc.carrier_scac) or doc.carrier_scac or profile.id
    shipment = doc.shipment_id or _ref(doc, "BM") or doc.pro_number
    if not shipment:
        raise BridgeError("mapping", "the status names no shipment (no BOL or PRO number)")
    out = []
    for event in doc.events:
        if event.time is None:
            raise BridgeError("mapping", f"status {event.status_code} has no date and time")
        place = ", ".join(p for p in (event.city, event.state) if p) or None
        out.append(ShipmentStatusRequest(
            document_id=document_id, carrier_ref=str(carrier), shipment_ref=str(shipment),
            status_code=event.status_code or "NS", status_text=STATUS_TEXT.get(event.status_code or "", "status update"),
            event_time=event.time if isinstance(event.time, dt.datetime) else dt.datetime.fromisoformat(str(event.time)),
            location=place, delivered=event.status_code in DELIVERED_CODES))
    return out


def freight_invoice_request(doc: Any, profile: PartnerProfile, document_id: str) -> FreightInvoiceRequest:
    """Freight invoice (210) -> the vendor bill of the carrier."""
    carrier = _carrier_name(profile, doc.carrier_scac)
    if carrier is None:
        raise BridgeError("master_data", f"carrier SCAC {doc.carrier_scac!r} has no Odoo carrier in the profile")
    charges = tuple(FreightCharge(description=c.description or f"charge {c.line_number}", amount=_num(c.amount))
                    for c in doc.charges)
    return FreightInvoiceRequest(document_id=document_id, carrier_ref=carrier, invoice_number=doc.invoice_number,
                                 invoice_date=doc.billing_date or dt.date.today(), charges=charges,
                                 bol=doc.shipment_id or _ref(doc, "BM"), po_number=_ref(doc, "PO"))


def receipt_requests(doc: Any, profile: PartnerProfile, document_id: str) -> list[ReceiptRequest]:
    """Supplier ship notice (856 / DESADV in) -> one receipt request per purchase order it fills."""
    supplier = _party(doc, "SF", "SU", "SE")
    supplier_ref = supplier.odoo_ref if supplier is not None and supplier.odoo_ref else None
    if supplier_ref is None:
        raise BridgeError("master_data", "the ship notice names no supplier with an Odoo partner "
                          "(party SF/SU/SE in the profile's location cross-references)")
    out = []
    for order in doc.orders:
        lines = []
        items = [(pack.sscc, item) for pack in order.packs for item in pack.items] + [(None, i) for i in order.items]
        for index, (sscc, item) in enumerate(items, start=1):
            if not item.item.odoo_product:
                raise BridgeError("master_data", f"PO {order.po_number} item {item.line_number or index}: "
                                  "not in the profile's item cross-reference")
            qty = _num(item.quantity_shipped)
            lots = (LotQuantity(lot_name=item.lot, quantity=qty, sscc=sscc),) if item.lot else ()
            lines.append(ShippedLine(line_number=str(item.line_number or index), product_code=item.item.odoo_product,
                                     quantity=qty, uom=item.odoo_uom, lots=lots, sscc=sscc))
        out.append(ReceiptRequest(document_id=document_id, supplier_ref=str(supplier_ref), po_name=order.po_number,
                                  asn_number=doc.shipment_id, lines=tuple(lines),
                                  tolerance_pct=float(profile.compliance.quantity_tolerance_percent)))
    return out
