"""Warehouse shipping advice: X12 945 from a 3PL, confirming what left the warehouse.

Each line carries the quantity ordered, shipped and the difference, as the 945 W12 does, so
short shipments are visible without going back to the 940.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, ItemIds, Party, Qty, Reference


class ShippingAdviceLine(CanonicalModel):
    """One shipped line (X12 LX/W12)."""

    line_number: str
    status_code: str = Field(default="CC", description="X12 W1201: CC complete, CP partial, IS substituted...")
    quantity_ordered: Qty | None = None
    quantity_shipped: Qty
    quantity_difference: Qty | None = None
    unit: str
    odoo_uom: str | None = None
    item: ItemIds = Field(default_factory=ItemIds)
    lot: str | None = None
    sscc: str | None = None
    serials: list[str] = Field(default_factory=list)


class WarehouseShippingAdvice(CanonicalModel):
    """The warehouse's report of one shipped order."""

    doc_type: Literal["warehouse_shipping_advice"] = "warehouse_shipping_advice"
    reporting_code: str = Field(default="F", description="X12 W0601: F full detail...")
    depositor_order_number: str
    ship_date: dt.date
    shipment_id: str | None = None
    agent_shipment_id: str | None = None
    po_number: str | None = None
    carrier_scac: str | None = None
    transport_method: str = "M"
    payment_method: str | None = None
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    lines: list[ShippingAdviceLine] = Field(default_factory=list)
    total_shipped: Qty | None = None
    total_weight: Qty | None = None
    weight_unit: str | None = None
    lading_quantity: Qty | None = None
    lading_unit: str | None = Field(default=None, description="Gateway unit of the lading quantity (W0307).")

    def business_key(self) -> str:
        """The depositor order number echoed from the 940 (W0602)."""
        return self.depositor_order_number
