"""Shipment status: X12 214 from carriers, EDIFACT IFTSTA.

A shipment's milestones, each an event with its status and reason codes, the moment it happened
as a timezone-aware timestamp (the partner's zone when the message gives none) and the place.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from gateway.documents.base import CanonicalModel, Party, Qty, Reference


class StatusEvent(CanonicalModel):
    """One milestone (X12 LX/AT7/MS1/MS2, EDIFACT STS/DTM/LOC)."""

    status_code: str | None = Field(default=None, description="X12 AT701 (X1, AF, D1...) or EDIFACT 9011.")
    reason_code: str | None = Field(default=None, description="X12 AT702 (NS normal...) or 9013.")
    appointment_status_code: str | None = None
    appointment_reason_code: str | None = None
    time: AwareDatetime
    city: str | None = None
    state: str | None = None
    country: str | None = None
    equipment_number: str | None = None
    lading_quantity: Qty | None = None
    weight: Qty | None = None


class ShipmentStatus(CanonicalModel):
    """Status report for one shipment from a carrier."""

    doc_type: Literal["shipment_status"] = "shipment_status"
    carrier_scac: str | None = Field(default=None, description="Carrier SCAC (X12 B1003; EDIFACT NAD+CA or TDT).")
    pro_number: str
    shipment_id: str | None = Field(default=None, description="Shipper's id (BOL or our ASN id), B1002.")
    references: list[Reference] = Field(default_factory=list)
    parties: list[Party] = Field(default_factory=list)
    events: list[StatusEvent] = Field(default_factory=list)

    def business_key(self) -> str:
        """Carrier + PRO number (status reports repeat; the ledger keeps each one)."""
        return f"{self.carrier_scac or '-'}:{self.pro_number}"
