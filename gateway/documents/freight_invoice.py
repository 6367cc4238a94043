"""Freight invoice: X12 210 from motor carriers.

Charges per line and the totals the carrier claims; amounts are exact decimals (the 210's
implied-decimal N2 fields are converted on the way in, never through float).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, Money, Party, Qty, Reference


class FreightCharge(CanonicalModel):
    """One charge line (X12 LX/L5/L0/L1)."""

    line_number: str
    description: str | None = None
    weight: Qty | None = None
    weight_qualifier: str | None = None
    billed_quantity: Qty | None = None
    billed_quantity_qualifier: str | None = None
    rate: Money | None = None
    rate_qualifier: str | None = None
    amount: Money
    charge_code: str | None = Field(default=None, description="X12 L108 special charge code (FUE fuel...).")


class FreightInvoice(CanonicalModel):
    """A carrier's invoice for moving one shipment."""

    doc_type: Literal["freight_invoice"] = "freight_invoice"
    invoice_number: str
    shipment_id: str | None = None
    payment_method: str = "PP"
    billing_date: dt.date
    delivery_date: dt.date | None = None
    carrier_scac: str
    currency: str | None = None
    net_amount_due: Money
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    charges: list[FreightCharge] = Field(default_factory=list)
    total_weight: Qty | None = None
    weight_qualifier: str | None = None
    total_charges: Money

    def business_key(self) -> str:
        """Carrier + invoice number."""
        return f"{self.carrier_scac}:{self.invoice_number}"
