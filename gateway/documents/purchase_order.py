"""Purchase order: X12 850 in and out, EDIFACT ORDERS in.

One order with its parties, dates and lines. Units are the gateway's own unit names (see
:mod:`gateway.mappings.units`); ``odoo_uom`` and ``ItemIds.odoo_product`` are filled from the
partner profile on the way in so the Odoo connector needs no partner knowledge.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, ItemIds, Money, Party, Qty, Reference


class StoreQuantity(CanonicalModel):
    """Part of a line's quantity destined for one store or location (X12 SDQ, EDIFACT SG32 LOC/QTY)."""

    location: str
    quantity: Qty
    odoo_ref: str | None = Field(default=None, description="Odoo partner of the location (profile xref).")


class OrderLine(CanonicalModel):
    """One ordered line (X12 PO1, EDIFACT LIN/QTY/PRI)."""

    line_number: str
    quantity: Qty
    unit: str = Field(description="Gateway unit name, e.g. 'each', 'case'.")
    odoo_uom: str | None = None
    unit_price: Money | None = None
    price_basis: str | None = Field(default=None, description="X12 PO105 / EDIFACT price qualifier.")
    item: ItemIds = Field(default_factory=ItemIds)
    description: str | None = None
    distribution_qualifier: str | None = Field(default=None, description="Id qualifier of the locations (SDQ02).")
    distribution: list[StoreQuantity] = Field(default_factory=list)


class PurchaseOrder(CanonicalModel):
    """A buyer's order to us (inbound) or ours to a supplier (outbound)."""

    doc_type: Literal["purchase_order"] = "purchase_order"
    purpose: str = Field(default="00", description="X12 BEG01 / EDIFACT BGM 1225 (00/9 original).")
    order_type: str = Field(default="SA", description="X12 BEG02 (SA stand-alone, RL release...).")
    po_number: str
    release_number: str | None = None
    po_date: dt.date
    currency: str | None = None
    requested_ship_date: dt.date | None = None
    requested_delivery_date: dt.date | None = None
    cancel_after_date: dt.date | None = None
    carrier_scac: str | None = None
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    lines: list[OrderLine] = Field(default_factory=list)

    def business_key(self) -> str:
        """The key that identifies this order for duplicate detection: the PO number."""
        return self.po_number
