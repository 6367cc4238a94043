"""Outbound from Odoo: records read with a watermark -> canonical documents -> the outbound step.

:func:`scan_shipping_orders` reads the 3PL warehouse's ready deliveries changed since the last
one we sent (the watermark is derived from the ledger itself: the newest ``write_date`` recorded
on the partner's outbound 940s, less one second because Odoo's timestamps have one-second
resolution; deliveries already sent are recognised by their picking name), converts each with
:func:`shipping_order_document` and hands it to :func:`gateway.pipeline.outbound.create_outbound`.
Deriving the watermark from the ledger keeps it correct across workers and restarts without a
separate state store.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from gateway.documents import WarehouseShippingOrder
from gateway.documents.base import Address, ItemIds, Party
from gateway.documents.warehouse_shipping_order import ShippingOrderLine
from gateway.ledger.duplicates import NOT_A_COPY
from gateway.ledger.models import Document
from gateway.odoo.workflows import warehouse_order_out as odoo_940
from gateway.partners.model import LocationXref, PartnerProfile
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.outbound import create_outbound

ODOO_FORMAT = "%Y-%m-%d %H:%M:%S"


def _locations(registry: PartnerRegistry) -> dict[str, LocationXref]:
    return {loc.odoo_partner: loc for p in registry for loc in p.crossrefs.locations if loc.odoo_partner}


def _scac(profile: PartnerProfile, carrier: str | None) -> str | None:
    return next((c.scac for c in profile.crossrefs.carriers if carrier and c.odoo_carrier == carrier), None)


def shipping_order_document(order: odoo_940.WarehouseShippingOrder, profile: PartnerProfile,
                            locations: dict[str, LocationXref], carrier_scac: str | None = None
                            ) -> WarehouseShippingOrder:
    """A ready Odoo delivery as the canonical 940 for the 3PL ``profile`` (pure)."""
    units = {odoo: ours for ours, odoo in profile.crossrefs.odoo_units.items()}
    parties: list[Party] = []
    if order.ship_to is not None:
        loc = locations.get(order.ship_to.ref or "")
        street = [order.ship_to.street] if order.ship_to.street else []
        country = order.ship_to.country if order.ship_to.country and len(order.ship_to.country) == 2 else None
        parties.append(Party(role="ST", name=order.ship_to.name, id_qualifier=loc.qualifier if loc else None,
                             id=loc.code if loc else None,
                             address=Address(lines=street, city=order.ship_to.city, postal_code=order.ship_to.zip,
                                             country=country) if (street or order.ship_to.city) else None))
    warehouse = next((loc for loc in profile.crossrefs.locations if loc.odoo_warehouse), None)
    if warehouse is not None:
        parties.append(Party(role="WH", name=warehouse.odoo_warehouse, id_qualifier=warehouse.qualifier or "91",
                             id=warehouse.code))
    lines = [ShippingOrderLine(line_number=line.line_number, quantity=str(line.quantity),
                               unit=units.get(line.uom, "each"), odoo_uom=line.uom,
                               item=ItemIds(odoo_product=line.product_code, gtin=line.gtin),
                               lot=line.lots[0] if line.lots else None, description=line.description)
             for line in order.lines]
    ship_date = dt.date.fromisoformat(order.scheduled_date[:10]) if order.scheduled_date else None
    return WarehouseShippingOrder(depositor_order_number=order.picking_name, po_number=order.customer_po,
                                  requested_ship_date=ship_date,
                                  carrier_scac=_scac(profile, order.carrier) or carrier_scac,
                                  parties=parties, lines=lines)


def _sent_940s(rt: Runtime, partner_id: str) -> tuple[str | None, set[str]]:
    with rt.ledger.reading() as s:
        rows = s.scalars(select(Document).where(Document.direction == "outbound", Document.partner_id == partner_id,
                                                Document.doc_type == "940"))
        stamps, keys = [], set()
        for d in rows:
            source = (d.odoo_refs or {}).get("source") or {}
            if source.get("write_date"):
                stamps.append(source["write_date"])
            if d.business_key and d.status not in NOT_A_COPY:
                keys.add(d.business_key)
    if not stamps:
        return None, keys
    newest = dt.datetime.strptime(max(stamps), ODOO_FORMAT) - dt.timedelta(seconds=1)
    return newest.strftime(ODOO_FORMAT), keys


def _customer_carrier(rt: Runtime, po_number: str | None) -> str | None:
    """The SCAC the customer routed its order with (its inbound purchase order), when Odoo has none."""
    if not po_number:
        return None
    with rt.ledger.reading() as s:
        for d in s.scalars(select(Document).where(Document.direction == "inbound", Document.business_key == po_number)):
            scac: Any = (d.canonical or {}).get("carrier_scac")
            if scac:
                return str(scac)
    return None


def scan_shipping_orders(rt: Runtime, partner_id: str, *, warehouse_code: str = "WH") -> list[int]:
    """Send a 940 to the 3PL for each ready delivery of ``warehouse_code`` not sent yet; return doc ids."""
    profile = rt.profile(partner_id)
    if profile.document("940", "outbound") is None:
        return []
    client, _ = rt.odoo()
    since, sent = _sent_940s(rt, partner_id)
    locations = _locations(rt.registry)
    created = []
    for order in odoo_940.deliveries_to_send(client, warehouse_code, partner_id, since=since):
        if order.picking_name in sent:
            continue
        document = shipping_order_document(order, profile, locations, _customer_carrier(rt, order.customer_po))
        source = {"source": {"model": "stock.picking", "id": order.odoo_id, "name": order.picking_name,
                             "sale_order": order.sale_order, "write_date": order.write_date, "key": order.key}}
        created.append(create_outbound(rt, partner_id, "940", document, source=source))
    return created
