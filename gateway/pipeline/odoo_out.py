"""Outbound from Odoo: records read with a watermark -> canonical documents -> the outbound step.

:func:`scan_odoo_outbound` is the one entry point (the embedded runner's cycle and the Celery
``scan_odoo_outbound`` task call it): for each partner it runs the scans its profile enables -
850 to suppliers, 940 to the 3PL, 856/DESADV and INVOIC to customers. This module holds the 940
(:func:`scan_shipping_orders`: the 3PL warehouse's ready deliveries, by picking name); the other
three are in :mod:`gateway.pipeline.odoo_out_docs`. All four share the watermark, dedupe and
crash-resume loop of :mod:`gateway.pipeline.odoo_out_scan`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gateway.documents import WarehouseShippingOrder
from gateway.documents.base import Address, ItemIds, Party
from gateway.documents.warehouse_shipping_order import ShippingOrderLine
from gateway.ledger.models import Document
from gateway.odoo.errors import OdooError
from gateway.odoo.workflows import warehouse_order_out as odoo_940
from gateway.partners.model import LocationXref, PartnerProfile
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.context import Runtime
from gateway.pipeline.failures import StepFailure
from gateway.pipeline.odoo_out_docs import (
    carrier_scac,
    scan_invoices,
    scan_purchase_orders,
    scan_ship_notices,
)
from gateway.pipeline.odoo_out_scan import scan_outbound

log = logging.getLogger(__name__)


def _locations(registry: PartnerRegistry) -> dict[str, LocationXref]:
    return {loc.odoo_partner: loc for p in registry for loc in p.crossrefs.locations if loc.odoo_partner}


def shipping_order_document(order: odoo_940.WarehouseShippingOrder, profile: PartnerProfile,
                            locations: dict[str, LocationXref], customer_scac: str | None = None
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
                                  carrier_scac=carrier_scac(profile, order.carrier) or customer_scac,
                                  parties=parties, lines=lines)


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
    locations = _locations(rt.registry)

    def build(order: odoo_940.WarehouseShippingOrder) -> tuple[WarehouseShippingOrder, dict[str, Any]]:
        document = shipping_order_document(order, profile, locations, _customer_carrier(rt, order.customer_po))
        return document, {"model": "stock.picking", "id": order.odoo_id, "name": order.picking_name,
                          "sale_order": order.sale_order, "write_date": order.write_date, "key": order.key}

    return scan_outbound(rt, partner_id, "940", stamp="write_date",
                         read=lambda since: odoo_940.deliveries_to_send(client, warehouse_code, partner_id, since=since),
                         key=lambda order: order.picking_name, build=build)


SCANS: tuple[tuple[tuple[str, ...], Callable[[Runtime, str], list[int]]], ...] = (
    (("850",), scan_purchase_orders),
    (("940",), scan_shipping_orders),
    (("856", "DESADV"), scan_ship_notices),
    (("INVOIC",), scan_invoices),
)


@dataclass
class OutboundScanReport:
    """What one scan of Odoo for every partner produced."""

    created: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def scan_odoo_outbound(rt: Runtime, partners: Iterable[str] | None = None) -> OutboundScanReport:
    """Run every enabled outbound scan of each partner (all partners, or ``partners``).

    A scan that fails on Odoo (down, refusing a read) is reported and the next one runs: one
    partner's problem never stops the others, and the next cycle retries from the same watermark.
    """
    report = OutboundScanReport()
    wanted = set(partners) if partners is not None else None
    for profile in rt.registry:
        if wanted is not None and profile.id not in wanted:
            continue
        for types, scan in SCANS:
            if not any(profile.document(t, "outbound") for t in types):
                continue
            try:
                report.created += scan(rt, profile.id)
            except (OdooError, StepFailure) as exc:
                problem = f"outbound scan {'/'.join(types)} for {profile.id}: {exc}"
                log.warning("%s", problem)
                report.problems.append(problem)
    return report
