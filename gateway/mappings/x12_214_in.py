"""X12 214 (004010 and 005010) -> shipment status, from carriers.

B10 (PRO, shipper's id, SCAC), L11 references, N1 loops, then one event per AT7 in the LX
loops: AT705/AT706 read in the zone of the AT707 time code (the partner's zone when absent or
LT), MS1 place, MS2 equipment, AT8 weight and lading quantity.

The two releases lay the set out differently. 004010: the references (L11) and parties (N1 loops)
are in the heading, and each LX's AT8 follows its AT7 loop. 005010 (from 004040 on): the heading is
B10 and MS3 only; each LX holds its references (L11), then AT8, then the AT7 loop, then the N1
loops (whose own L11s belong to the party and are not read as shipment references).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.documents.base import Finding, Reference
from gateway.documents.shipment_status import ShipmentStatus, StatusEvent
from gateway.mappings.values import parse_date, parse_decimal, parse_time, x12_zone
from gateway.mappings.x12_common import MappingError, Translation, build, el, opt, read_parties
from gateway.partners.model import PartnerProfile
from gateway.x12.parsed import ParsedSet


def translate(parsed: ParsedSet, profile: PartnerProfile | None) -> Translation:
    """The status report in one 214 set."""
    f: list[Finding] = []
    zone: dt.tzinfo = profile.zone if profile else dt.UTC
    segs = parsed.segments
    head: dict[str, Any] = {}
    refs, parties, events = [], [], []
    event: StatusEvent | None = None
    later = parsed.version >= "005010"  # references, parties and AT8 inside the LX loop
    in_lx = False
    in_party = False  # 005010: inside an N1 loop of the LX (its L11s are the party's)
    lx_weight: tuple[Any, Any] | None = None  # 005010: the LX's AT8, for the AT7s that follow it
    i = 1
    while i < len(segs):
        s = segs[i]
        tag = s[0]
        if tag == "B10":
            head.update(pro_number=el(s, 1), shipment_id=opt(s, 2), carrier_scac=el(s, 3))
        elif tag == "L11" and (not in_lx or (later and not in_party)):
            refs.append(Reference(qualifier=el(s, 2), value=el(s, 1)))
        elif tag == "N1" and (not in_lx or later):
            for nxt, party in read_parties(segs, i, profile, frozenset()):
                parties.append(party)
                i = nxt
                break
            in_party = in_lx
            continue
        elif tag == "LX":
            in_lx, in_party, lx_weight = True, False, None
        elif tag == "AT8" and later and in_lx:
            lx_weight = (parse_decimal(el(s, 3), f, "AT803"), parse_decimal(el(s, 4), f, "AT804"))
        elif tag == "AT7":
            place = f"AT7 #{len(events) + 1}"
            day = parse_date(el(s, 5), f, f"{place} AT705")
            clock = parse_time(el(s, 6), f, f"{place} AT706") or dt.time(0, 0)
            if day is None:
                raise MappingError(f"214: {place} has no usable date (AT705 '{el(s, 5)}')")
            tz = x12_zone(opt(s, 7), zone, f, f"{place} AT707")
            event = StatusEvent(status_code=opt(s, 1), reason_code=opt(s, 2), appointment_status_code=opt(s, 3),
                                appointment_reason_code=opt(s, 4), time=dt.datetime.combine(day, clock, tzinfo=tz))
            events.append(event)
            if later and lx_weight is not None:
                event.weight, event.lading_quantity = lx_weight
        elif tag == "MS1" and event is not None:
            event.city, event.state, event.country = opt(s, 1), opt(s, 2), opt(s, 3)
        elif tag == "MS2" and event is not None:
            event.equipment_number = opt(s, 2)
        elif tag == "AT8" and event is not None:  # 004010: after the LX's AT7 loop
            event.weight = parse_decimal(el(s, 3), f, "AT803")
            event.lading_quantity = parse_decimal(el(s, 4), f, "AT804")
        i += 1
    head.update(references=refs, parties=parties, events=events)
    return Translation(build(ShipmentStatus, "214", head, f), f)
