"""Odoo records -> canonical outbound documents: 850 to suppliers, 856/DESADV and INVOIC to customers.

One pure builder per document (``*_document``: the workflow's read plus the partner profile give
the canonical document, no I/O) and one scan per type (``scan_*``) that reads Odoo through the
workflow in :mod:`gateway.odoo.workflows` and sends through the shared loop of
:mod:`gateway.pipeline.odoo_out_scan` (ledger watermark, dedupe by business key, crash resume):

- 850: confirmed ``purchase.order`` of the supplier's Odoo partners (the profile's location
  cross-references), keyed by PO name, watermark ``write_date``. Vendor item codes come from
  Odoo (``product.supplierinfo``) first, then from the profile.
- 856 / DESADV: done deliveries of the customer's Odoo partners, keyed by picking name,
  watermark ``date_done``. Packages are the SSCCs; the carrier SCAC comes from the picking's
  carrier through the profile, else from the customer's own order. References the customer
  asked us to echo (``REF*IA``, our vendor number) come from its order with that PO number, else
  its newest order carrying one.
- INVOIC: posted customer invoices, keyed by invoice number, watermark ``write_date``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from gateway.documents import Invoice, PurchaseOrder, ShipNotice
from gateway.documents.base import Address, ItemIds, Party, Reference
from gateway.documents.invoice import InvoiceLine
from gateway.documents.purchase_order import OrderLine
from gateway.documents.ship_notice import Pack, ShipNoticeItem, ShipNoticeOrder
from gateway.odoo.workflows import invoice_out, purchase_order_out, ship_notice_out
from gateway.odoo.workflows.outbound_common import Address as OdooAddress
from gateway.partners.model import PartnerProfile
from gateway.pipeline.context import Runtime
from gateway.pipeline.odoo_out_scan import inbound_order, latest_reference, scan_outbound

ECHOED_REFERENCES = ("IA",)  # references a customer gives on its order and wants back on the ship notice


def _dec(value: float) -> Decimal:
    """An Odoo float as an exact decimal (its shortest repr, never binary noise)."""
    exact = Decimal(repr(float(value)))
    return exact.to_integral_value() if exact == exact.to_integral_value() else exact.normalize()


def _unit(profile: PartnerProfile, odoo_uom: str) -> str:
    """The gateway unit for an Odoo unit name through the profile ("each" when unknown)."""
    return next((ours for ours, odoo in profile.crossrefs.odoo_units.items() if odoo == odoo_uom), "each")


def carrier_scac(profile: PartnerProfile, carrier: str | None) -> str | None:
    """The SCAC of an Odoo carrier (``delivery.carrier`` name) through the profile's carrier xref."""
    return next((c.scac for c in profile.crossrefs.carriers if carrier and c.odoo_carrier == carrier), None)


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _party(profile: PartnerProfile, role: str, who: OdooAddress | None) -> Party | None:
    """A party for an Odoo address; its id is the profile's location code for it (else its GLN)."""
    if who is None:
        return None
    loc = next((loc for loc in profile.crossrefs.locations if who.ref and loc.odoo_partner == who.ref), None)
    ident, qual = (loc.code, loc.qualifier) if loc else (who.gln, "9" if who.gln else None)
    country = who.country if who.country and len(who.country) == 2 else None
    address = Address(lines=[who.street] if who.street else [], city=who.city, postal_code=who.zip,
                      country=country) if (who.street or who.city) else None
    return Party(role=role, name=who.name, id_qualifier=qual if ident else None, id=ident, address=address,
                 odoo_ref=who.ref)


def _our_party(profile: PartnerProfile, role: str) -> Party | None:
    """Us, by the GLN we use with this EDIFACT partner (X12 partners know us from the envelope)."""
    ours = profile.identities.our_edifact
    if profile.syntax != "edifact" or ours is None or ours.unb_qualifier != "14":
        return None
    return Party(role=role, id_qualifier="9", id=ours.unb_id)


def customer_refs(profile: PartnerProfile) -> list[str]:
    """The Odoo partner references of a partner's locations (its stores, warehouses, head office)."""
    return [loc.odoo_partner for loc in profile.crossrefs.locations if loc.odoo_partner]


# ----------------------------------------------------------------- 850


def purchase_order_document(order: purchase_order_out.OutboundPurchaseOrder,
                            profile: PartnerProfile) -> PurchaseOrder:
    """A confirmed Odoo purchase order as the canonical 850 for the supplier ``profile`` (pure)."""
    lines = []
    for line in order.lines:
        xref = profile.item_for(line.product_code) if line.product_code else None
        codes = {k: getattr(xref, k) for k in ("buyer_part", "vendor_part", "upc", "gtin") if xref and getattr(xref, k)}
        if line.vendor_code:
            codes["vendor_part"] = line.vendor_code
        lines.append(OrderLine(line_number=line.line_number, quantity=_dec(line.quantity),
                               unit=_unit(profile, line.uom), odoo_uom=line.uom, unit_price=_dec(line.price),
                               price_basis="PE", item=ItemIds(odoo_product=line.product_code, **codes),
                               description=line.description[:80] if line.description else None))
    planned = [d for d in (_day(line.date_planned) for line in order.lines) if d]
    parties = [p for p in (_party(profile, "ST", order.ship_to), _party(profile, "SE", order.supplier)) if p]
    references = [Reference(qualifier="VR", value=order.vendor_reference)] if order.vendor_reference else []
    return PurchaseOrder(po_number=order.po_number, po_date=_day(order.order_date) or dt.date.today(),
                         currency=order.currency or None, requested_delivery_date=min(planned) if planned else None,
                         references=references, parties=parties, lines=lines)


def scan_purchase_orders(rt: Runtime, partner_id: str) -> list[int]:
    """Send an 850 for each confirmed purchase order to this supplier not sent yet; return doc ids."""
    return _scan_written(rt, partner_id, "850", "purchase.order", purchase_order_out.purchase_orders_to_send,
                         purchase_order_document, name=lambda order: order.po_number)


def _scan_written(rt: Runtime, partner_id: str, doc_type: str, model: str,
                  read: Callable[..., Iterable[Any]], document: Callable[[Any, PartnerProfile], Any], *,
                  name: Callable[[Any], str]) -> list[int]:
    """The scan of a record type watermarked on ``write_date`` and keyed by its name (850, INVOIC).

    ``read(client, customer_refs, since=...)`` is the workflow's read; each record carries
    ``odoo_id``, ``write_date`` and ``key``; ``document(record, profile)`` builds the canonical
    document. The ``source`` reference stored in the ledger is the same for both types.
    """
    profile = rt.profile(partner_id)
    if profile.document(doc_type, "outbound") is None:
        return []
    client, _ = rt.odoo()
    refs = customer_refs(profile)

    def build(record: Any) -> tuple[Any, dict[str, Any]]:
        return document(record, profile), {"model": model, "id": record.odoo_id, "name": name(record),
                                           "write_date": record.write_date, "key": record.key}

    return scan_outbound(rt, partner_id, doc_type, stamp="write_date",
                         read=lambda since: read(client, refs, since=since), key=name, build=build)


# ----------------------------------------------------------------- 856 / DESADV


def ship_notice_document(notice: ship_notice_out.OutboundShipNotice, profile: PartnerProfile, *,
                         scac: str | None = None, references: dict[str, str] | None = None) -> ShipNotice:
    """A done Odoo delivery as the canonical 856 / DESADV for the customer ``profile`` (pure).

    ``scac`` is used when the picking's carrier has no SCAC in the profile;
    ``references`` (qualifier -> value) are echoed at shipment level.
    """
    def item(n: int, packed: ship_notice_out.PackedItem) -> ShipNoticeItem:
        return ShipNoticeItem(line_number=str(n), item=ItemIds(odoo_product=packed.product_code),
                              quantity_shipped=_dec(packed.quantity), unit=_unit(profile, packed.uom),
                              odoo_uom=packed.uom, quantity_ordered=_dec(packed.ordered), lot=packed.lot)

    packs: list[Pack] = []
    loose: list[ShipNoticeItem] = []
    n = 0
    for pack in notice.packs:
        items = []
        for packed in pack.items:
            n += 1
            items.append(item(n, packed))
        if pack.sscc:
            packs.append(Pack(sscc=pack.sscc, items=items))
        else:
            loose.extend(items)
    shipped = dt.datetime.strptime(notice.ship_date[:19], "%Y-%m-%d %H:%M:%S") if notice.ship_date else None
    role = "DP" if profile.syntax == "edifact" else "ST"
    parties = [p for p in (_our_party(profile, "SU"), _party(profile, role, notice.ship_to)) if p]
    po_number = notice.customer_po or notice.picking_name
    return ShipNotice(
        shipment_id=notice.picking_name, notice_date=shipped.date() if shipped else dt.date.today(),
        notice_time=shipped.time() if shipped else None, ship_date=shipped.date() if shipped else None,
        carrier_scac=carrier_scac(profile, notice.carrier) or scac, bol_number=notice.tracking_ref,
        lading_quantity=Decimal(len(packs)) if packs else None, packaging_code="CTN25" if packs and profile.syntax == "x12" else None,
        references=[Reference(qualifier=q, value=v) for q, v in (references or {}).items()],
        parties=parties, orders=[ShipNoticeOrder(po_number=po_number, packs=packs, items=loose)])


def _customer_context(rt: Runtime, partner_id: str, po_number: str | None) -> tuple[str | None, dict[str, str]]:
    """The carrier the customer routed the order with and the references it wants echoed."""
    order = inbound_order(rt, partner_id, po_number) or {}
    refs = {r["qualifier"]: r["value"] for r in order.get("references") or []
            if r.get("qualifier") in ECHOED_REFERENCES and r.get("value")}
    for qualifier in ECHOED_REFERENCES:
        if qualifier not in refs:
            value = latest_reference(rt, partner_id, qualifier)
            if value:
                refs[qualifier] = value
    return order.get("carrier_scac"), refs


def scan_ship_notices(rt: Runtime, partner_id: str) -> list[int]:
    """Send an 856 (X12) or DESADV (EDIFACT) for each done delivery to this customer not sent yet."""
    profile = rt.profile(partner_id)
    doc_type = next((t for t in ("856", "DESADV") if profile.document(t, "outbound")), None)
    if doc_type is None:
        return []
    client, _ = rt.odoo()
    refs = customer_refs(profile)

    def build(notice: ship_notice_out.OutboundShipNotice) -> tuple[ShipNotice, dict[str, Any]]:
        scac, echoed = _customer_context(rt, partner_id, notice.customer_po)
        document = ship_notice_document(notice, profile, scac=scac, references=echoed)
        return document, {"model": "stock.picking", "id": notice.odoo_id, "name": notice.picking_name,
                          "date_done": notice.ship_date, "key": notice.key}

    return scan_outbound(rt, partner_id, doc_type, stamp="date_done",
                         read=lambda since: ship_notice_out.ship_notices_to_send(client, refs, since=since),
                         key=lambda notice: notice.picking_name, build=build)


# ----------------------------------------------------------------- INVOIC


def invoice_document(invoice: invoice_out.OutboundInvoice, profile: PartnerProfile) -> Invoice:
    """A posted Odoo customer invoice as the canonical INVOIC for the customer ``profile`` (pure).

    Each line's Odoo unit becomes the partner's unit through the profile's unit cross-reference
    (``each`` when the line has none or the profile does not map it).
    """
    lines = [InvoiceLine(line_number=ln.line_number, item=ItemIds(odoo_product=ln.product_code),
                         quantity=_dec(ln.quantity), unit=_unit(profile, ln.uom) if ln.uom else "each",
                         odoo_uom=ln.uom or None, unit_price=_dec(ln.price),
                         line_amount=_dec(ln.amount), description=ln.description[:70] or None)
             for ln in invoice.lines]
    parties = [p for p in (_our_party(profile, "SU"), _party(profile, "BY", invoice.buyer)) if p]
    return Invoice(invoice_number=invoice.number, invoice_date=_day(invoice.invoice_date) or dt.date.today(),
                   due_date=_day(invoice.due_date), currency=invoice.currency or None,
                   order_number=invoice.customer_po, parties=parties, lines=lines,
                   total_line_amount=_dec(invoice.untaxed), tax_amount=_dec(invoice.tax),
                   total_amount=_dec(invoice.total))


def scan_invoices(rt: Runtime, partner_id: str) -> list[int]:
    """Send an INVOIC for each posted customer invoice of this partner not sent yet; return doc ids."""
    return _scan_written(rt, partner_id, "INVOIC", "account.move", invoice_out.invoices_to_send, invoice_document,
                         name=lambda invoice: invoice.number)
