"""Building blocks shared by every canonical document: parties, references, item identities.

Canonical documents are the gateway's own view of a business document, independent of X12 or
EDIFACT. They are strict (unknown fields are refused, so a typo in a JSON file handed to
``render`` is caught), use :class:`~decimal.Decimal` for every quantity and amount (never float:
money and quantities must survive a round trip exactly), and serialise to JSON with pydantic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Qty = Annotated[Decimal, Field(description="Exact decimal quantity (JSON string or number).")]
Money = Annotated[Decimal, Field(description="Exact decimal amount (JSON string or number).")]


class CanonicalModel(BaseModel):
    """Base of every canonical model: strict about unknown fields, validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Reference(CanonicalModel):
    """A qualified reference number (X12 REF/N9/L11, EDIFACT RFF)."""

    qualifier: str = Field(description="Qualifier code as sent by the partner, e.g. 'DP', 'BM', 'ON'.")
    value: str


class Address(CanonicalModel):
    """Postal address lines, city, state/province, postal code and ISO country code."""

    lines: list[str] = Field(default_factory=list)
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


class Party(CanonicalModel):
    """A party named in a document: buyer, seller, ship-to, ship-from, bill-to, carrier..."""

    role: str = Field(description="Role code: X12 N101 (BY, ST, SF, BT, SE, SH, CN...) or EDIFACT NAD 3035.")
    name: str | None = None
    id_qualifier: str | None = Field(default=None, description="X12 N103 / EDIFACT 3055 code list agency.")
    id: str | None = Field(default=None, description="The partner's identifier of this party (N104, NAD C082).")
    address: Address | None = None
    odoo_ref: str | None = Field(default=None, description="Odoo partner or warehouse this maps to (profile xref).")


class ItemIds(CanonicalModel):
    """Every identifier a partner may use for one product, plus the Odoo product it maps to."""

    buyer_part: str | None = None
    vendor_part: str | None = None
    upc: str | None = None
    gtin: str | None = None
    sku: str | None = None
    odoo_product: str | None = Field(default=None, description="Odoo default_code, filled from the profile.")

    def codes(self) -> dict[str, str]:
        """The partner-facing codes that are set, by kind (odoo_product left out)."""
        return {k: v for k, v in self.model_dump(exclude={"odoo_product"}).items() if v}


class Finding(CanonicalModel):
    """A business-rule or data-quality observation about a document; never an exception."""

    code: str = Field(description="Stable short code, e.g. 'QTY_OVER_ORDER', 'BAD_SSCC_CHECK_DIGIT'.")
    message: str
    severity: str = "error"
    place: str | None = Field(default=None, description="Where in the document, e.g. 'line 2'.")
