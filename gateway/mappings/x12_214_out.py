"""Shipment status -> X12 214 (the carrier side; used by tests and the demo's fake carrier).

Event times are written in the partner's zone with its X12 time code (UT, in UTC, when the zone
has no code), so reading them back gives the same instants.

One LX per event. 004010: references (L11) and parties (N1 loops) in the heading, and in each LX the
AT7/MS1/MS2 status then AT8. 005010 (heading B10 only): the references in the first LX, each LX's
AT8 before its AT7/MS1/MS2, and the parties in N1 loops after the status, five to an LX (the 005010
loop's repeat), starting with the first LX; the last LX takes any left over.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from gateway.documents.shipment_status import ShipmentStatus, StatusEvent
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
    later = version >= "005010"
    b.add("B10", doc.pro_number, doc.shipment_id, doc.carrier_scac)
    if not later:
        for ref in doc.references:
            b.add("L11", ref.value, ref.qualifier)
        for party in doc.parties:
            write_party(b, party)
    for n, ev in enumerate(doc.events, start=1):
        local = ev.time.astimezone(zone)
        b.add("LX", str(n))
        if later and n == 1:
            for ref in doc.references:
                b.add("L11", ref.value, ref.qualifier)
        if later:
            _at8(b, ev)
        b.add("AT7", ev.status_code, ev.reason_code, ev.appointment_status_code, ev.appointment_reason_code,
              fmt_date(local), fmt_time(local), code)
        if ev.city or ev.state or ev.country:
            b.add("MS1", ev.city, ev.state, ev.country)
        if ev.equipment_number:
            b.add("MS2", doc.carrier_scac or "", ev.equipment_number)
        if later:
            last = n == len(doc.events)  # what is left goes to the last LX (the map then says if too many)
            for party in doc.parties[5 * (n - 1):None if last else 5 * n]:
                write_party(b, party)
        else:
            _at8(b, ev)
    return b.finish()


def _at8(b: SetBuilder, ev: StatusEvent) -> None:
    """The event's weight and lading quantity, when it has them."""
    if ev.weight is not None or ev.lading_quantity is not None:
        b.add("AT8", "G" if ev.weight is not None else None, "L" if ev.weight is not None else None,
              format_decimal(ev.weight) if ev.weight is not None else None,
              format_decimal(ev.lading_quantity) if ev.lading_quantity is not None else None)
