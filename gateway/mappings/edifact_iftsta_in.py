"""EDIFACT IFTSTA (D96A and D01B) -> shipment status.

BGM carries the carrier's reference (our PRO number), NAD+CA the carrier (SCAC with agency 182),
other NADs the parties, RFF the references, CNI the shipper's consignment id, and each STS group
one event: STS status and reason, DTM+334 event time (read in the partner's zone), LOC+175
place, EQD equipment, GID/MEA lading quantity and weight.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.shipment_status import ShipmentStatus
from gateway.edifact.parsed import ParsedMessage
from gateway.mappings.edifact_common import num, ov, read_dtm, read_nad, v
from gateway.mappings.x12_common import MappingError, Translation, build
from gateway.partners.model import PartnerProfile


def translate(msg: ParsedMessage, profile: PartnerProfile | None) -> Translation:
    """The status report in one IFTSTA message."""
    f: list[Finding] = []
    zone: dt.tzinfo = profile.zone if profile else dt.UTC
    head: dict[str, Any] = {}
    refs, parties, events = [], [], []
    ev: dict[str, Any] | None = None
    for seg in msg.segments:
        tag = seg.tag
        if tag == "BGM":
            head["pro_number"] = v(seg, 2)
        elif tag == "NAD" and ev is None:
            if v(seg, 1) == "CA":
                head["carrier_scac"] = v(seg, 2)
            else:
                parties.append(read_nad(seg, profile))
        elif tag == "RFF" and ev is None:
            refs.append(Reference(qualifier=v(seg, 1, 1), value=v(seg, 1, 2)))
        elif tag == "CNI":
            head["shipment_id"] = ov(seg, 2)
        elif tag == "TDT" and ev is None and "carrier_scac" not in head and v(seg, 5):
            head["carrier_scac"] = v(seg, 5)
        elif tag == "STS":
            ev = {"status_code": ov(seg, 2), "reason_code": ov(seg, 3)}
            events.append(ev)
        elif ev is None:
            continue
        elif tag == "DTM":
            qual, value = read_dtm(seg, f)
            if qual == "334":
                if value is None:
                    raise MappingError(f"IFTSTA: event {len(events)} has no usable time (DTM+334)")
                when = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
                ev["time"] = when.replace(tzinfo=zone)
        elif tag == "LOC" and v(seg, 1) == "175":
            ev.update(city=ov(seg, 2, 4), state=ov(seg, 3, 1), country=ov(seg, 4, 1))
        elif tag == "EQD":
            ev["equipment_number"] = ov(seg, 2)
        elif tag == "GID":
            ev["lading_quantity"] = num(v(seg, 2), f, "GID")
        elif tag == "MEA" and v(seg, 2) == "G":
            ev["weight"] = num(v(seg, 3, 2), f, "MEA")
    head.update(references=refs, parties=parties, events=events)
    return Translation(build(ShipmentStatus, "IFTSTA", head, f), f)
