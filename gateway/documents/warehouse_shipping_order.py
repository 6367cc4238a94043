"""Warehouse shipping order: X12 940, sent to a 3PL (and read back in 3PL-side tests).

Tells the warehouse what to pick, pack and ship for one depositor order.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, ItemIds, Party, Qty, Reference


class ShippingOrderLine(CanonicalModel):
    """One line to ship (X12 LX/W01)."""

    line_number: str
    quantity: Qty
    unit: str
    odoo_uom: str | None = None
    item: ItemIds = Field(default_factory=ItemIds)
    lot: str | None = None
    description: str | None = None


class WarehouseShippingOrder(CanonicalModel):
    """A depositor's instruction to the warehouse to ship one order."""

    doc_type: Literal["warehouse_shipping_order"] = "warehouse_shipping_order"
    status_code: str = Field(default="N", description="X12 W0501: N original, F cancel, R replace...")
    depositor_order_number: str
    po_number: str | None = None
    requested_ship_date: dt.date | None = None
    cancel_after_date: dt.date | None = None
    carrier_scac: str | None = None
    transport_method: str | None = None
    payment_method: str | None = None
    routing: str | None = None
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    lines: list[ShippingOrderLine] = Field(default_factory=list)

    def business_key(self) -> str:
        """The depositor order number (W0502)."""
        return self.depositor_order_number
