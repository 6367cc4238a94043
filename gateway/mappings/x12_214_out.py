"""Shipment status -> X12 214 (the carrier side; used by tests and the demo's fake carrier).

Event times are written in the partner's zone with its X12 time code (UT, in UTC, when the zone
has no code), so reading them back gives the same instants.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gateway.documents.shipment_status import ShipmentStatus
from gateway.mappings.values import fmt_date, fmt_time, format_decimal, x12_time_code
from gateway.mappings.x12_common import Segment, SetBuilder, write_party
from gateway.partners.model import PartnerProfile


def render(doc: ShipmentStatus, profile: PartnerProfile | None, control_number: str,
           version: str = "004010") -> list[Segment]:
    """The 214 set (ST..SE) for one status report."""
    zone: dt.tzinfo = profile.zone if profile else ZoneInfo("UTC")
    code = x12_time_code(zone) if isinstance(zone, ZoneInfo) else "UT"
    if code == "UT":
        zone = dt.UTC
    b = SetBuilder("214", control_number)
    b.add("B10", doc.pro_number, doc.shipment_id, doc.carrier_scac)
    for ref in doc.references:
        b.add("L11", ref.value, ref.qualifier)
    for party in doc.parties:
        write_party(b, party)
    for n, ev in enumerate(doc.events, start=1):
        local = ev.time.astimezone(zone)
        b.add("LX", str(n))
        b.add("AT7", ev.status_code, ev.reason_code, ev.appointment_status_code, ev.appointment_reason_code,
              fmt_date(local), fmt_time(local), code)
        if ev.city or ev.state or ev.country:
            b.add("MS1", ev.city, ev.state, ev.country)
        if ev.equipment_number:
            b.add("MS2", doc.carrier_scac or "", ev.equipment_number)
        if ev.weight is not None or ev.lading_quantity is not None:
            b.add("AT8", "G" if ev.weight is not None else None, "L" if ev.weight is not None else None,
                  format_decimal(ev.weight) if ev.weight is not None else None,
                  format_decimal(ev.lading_quantity) if ev.lading_quantity is not None else None)
    return b.finish()
