"""Commercial invoice: EDIFACT INVOIC out (our invoices to EU customers) and in (suppliers')."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from gateway.documents.base import CanonicalModel, ItemIds, Money, Party, Qty, Reference


class InvoiceLine(CanonicalModel):
    """One invoiced line (EDIFACT LIN/QTY+47/MOA+203/PRI+AAA/TAX)."""

    line_number: str
    item: ItemIds = Field(default_factory=ItemIds)
    quantity: Qty
    unit: str
    odoo_uom: str | None = None
    unit_price: Money | None = None
    line_amount: Money
    tax_rate: Qty | None = None
    description: str | None = None


class Invoice(CanonicalModel):
    """An invoice with its lines and totals."""

    doc_type: Literal["invoice"] = "invoice"
    invoice_number: str
    invoice_type: str = Field(default="380", description="EDIFACT 1001: 380 invoice, 381 credit note.")
    invoice_date: dt.date
    due_date: dt.date | None = None
    currency: str | None = None
    order_number: str | None = None
    despatch_number: str | None = None
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    lines: list[InvoiceLine] = Field(default_factory=list)
    total_line_amount: Money
    tax_amount: Money = Decimal("0")
    total_amount: Money

    def business_key(self) -> str:
        """The invoice number."""
        return self.invoice_number
