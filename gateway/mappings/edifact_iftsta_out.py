"""Shipment status -> EDIFACT IFTSTA (the carrier side; used by tests and the demo's fake carrier).

Event times are written as DTM+334 format 203 in the partner's zone, so reading them back in the
same zone gives the same instants.
"""

from __future__ import annotations

import datetime as dt

from gateway.documents.shipment_status import ShipmentStatus
from gateway.mappings.edifact_common import MessageBuilder, OutSegment, dtm, nad
from gateway.partners.model import PartnerProfile


def render(doc: ShipmentStatus, profile: PartnerProfile | None, reference: str, directory: str = "D96A",
           decimal: str = ".") -> list[OutSegment]:
    """The IFTSTA message (UNH..UNT) for one status report."""
    zone: dt.tzinfo = profile.zone if profile else dt.UTC
    b = MessageBuilder("IFTSTA", reference, directory, profile, decimal)
    b.add("BGM", "23", doc.pro_number, "9")
    if doc.carrier_scac:
        b.add("NAD", "CA", [doc.carrier_scac, "", "182"])
    for party in doc.parties:
        b.add("NAD", *nad(party))
    for ref in doc.references:
        b.add("RFF", [ref.qualifier, ref.value])
    b.add("CNI", "1", doc.shipment_id)
    for ev in doc.events:
        b.add("STS", "1", ev.status_code, ev.reason_code)
        b.add("DTM", *dtm("334", ev.time.astimezone(zone).replace(tzinfo=None)))
        if ev.city or ev.state or ev.country:
            b.add("LOC", "175", [None, None, None, ev.city], [ev.state] if ev.state else None,
                  [ev.country] if ev.country else None)
        if ev.equipment_number:
            b.add("EQD", "TE", ev.equipment_number)
        if ev.lading_quantity is not None or ev.weight is not None:
            b.add("GID", "1", b.num(ev.lading_quantity))
            if ev.weight is not None:
                b.add("MEA", "AAE", "G", ["KGM", b.num(ev.weight)])
    return b.finish()
