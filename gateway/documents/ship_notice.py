"""Ship notice (advance ship notice): X12 856 in and out, EDIFACT DESADV in and out.

The X12 hierarchy shipment > order > tare > pack > item is kept as nesting: a shipment holds
orders, an order holds packs (cartons, each with its SSCC and optionally the pallet SSCC it sits
on) and loose items; a pack holds items. Lots and serial numbers ride on the item.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, ItemIds, Party, Qty, Reference


class ShipNoticeItem(CanonicalModel):
    """One item shipped (X12 HL*I with LIN/SN1, EDIFACT LIN/QTY+12)."""

    line_number: str | None = None
    item: ItemIds = Field(default_factory=ItemIds)
    quantity_shipped: Qty
    unit: str
    odoo_uom: str | None = None
    quantity_ordered: Qty | None = None
    lot: str | None = None
    expiry_date: dt.date | None = None
    serials: list[str] = Field(default_factory=list)
    description: str | None = None


class Pack(CanonicalModel):
    """A carton (X12 HL*P with MAN*GM, EDIFACT CPS/PAC/GIN+BJ), optionally on a pallet."""

    sscc: str | None = Field(default=None, description="18-digit SSCC (without the AI 00).")
    pallet_sscc: str | None = Field(default=None, description="SSCC of the tare (pallet) holding this pack.")
    items: list[ShipNoticeItem] = Field(default_factory=list)


class ShipNoticeOrder(CanonicalModel):
    """The order level: which purchase order these packs fill (X12 PRF, EDIFACT RFF+ON)."""

    po_number: str
    po_date: dt.date | None = None
    packs: list[Pack] = Field(default_factory=list)
    items: list[ShipNoticeItem] = Field(default_factory=list, description="Items not packed in a carton.")

    def all_items(self) -> list[ShipNoticeItem]:
        """Every item of this order, packed or loose, in document order."""
        return [*self.items, *(i for p in self.packs for i in p.items)]


class ShipNotice(CanonicalModel):
    """One shipment and what it contains."""

    doc_type: Literal["ship_notice"] = "ship_notice"
    purpose: str = "00"
    shipment_id: str
    notice_date: dt.date
    notice_time: dt.time | None = None
    structure_code: str = Field(default="0001", description="X12 BSN05 hierarchical structure code.")
    ship_date: dt.date | None = None
    estimated_delivery_date: dt.date | None = None
    carrier_scac: str | None = None
    transport_mode: str | None = None
    bol_number: str | None = None
    pro_number: str | None = None
    packaging_code: str | None = None
    lading_quantity: Qty | None = None
    gross_weight: Qty | None = None
    weight_unit: str | None = None
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    orders: list[ShipNoticeOrder] = Field(default_factory=list)

    def business_key(self) -> str:
        """The shipment identifier (BSN02 / BGM document number)."""
        return self.shipment_id
