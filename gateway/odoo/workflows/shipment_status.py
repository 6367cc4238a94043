"""Inbound carrier status (X12 214 / EDIFACT IFTSTA) -> a milestone on the delivery's chatter.

Standard Odoo has no shipment-status field, so each milestone is posted with ``message_post``
as an internal note carrying the idempotency key (a repeated status is detected by looking for
that key in the picking's messages first). A delivered status also fills the OCA
``delivery_state``/``date_delivered`` fields when the server has them (module delivery_state);
otherwise the note is the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError, WorkflowResult, idempotency_key, odoo_datetime

DOC_TYPE = "shipment_status"
OCA_FIELDS = ("delivery_state", "date_delivered")


@dataclass(frozen=True)
class ShipmentStatusRequest:
    """One status event for one shipment, found by our delivery name or the carrier's tracking number."""

    document_id: str
    carrier_ref: str
    shipment_ref: str
    status_code: str
    status_text: str
    event_time: dt.datetime
    location: str | None = None
    delivered: bool = False


def record_shipment_status(client: OdooClient, req: ShipmentStatusRequest) -> WorkflowResult:
    """Post the milestone once; see the module docstring."""
    start = client.round_trips.total
    business = f"{req.shipment_ref}/{req.status_code}/{odoo_datetime(req.event_time)}"
    key = idempotency_key(DOC_TYPE, req.carrier_ref, business)
    pickings = client.search_read(
        "stock.picking", ["|", ("name", "=", req.shipment_ref), ("carrier_tracking_ref", "=", req.shipment_ref)],
        ["id", "name", "state"], limit=2)
    if not pickings:
        raise WorkflowError("master_data", f"no delivery or tracking number {req.shipment_ref!r} in Odoo", key=key)
    if len(pickings) > 1:
        raise WorkflowError("mismatch", f"{req.shipment_ref!r} matches several deliveries", key=key)
    picking = pickings[0]
    tag = f"[{key}]"
    posted = client.search_read("mail.message", [("model", "=", "stock.picking"), ("res_id", "=", picking["id"]),
                                                 ("body", "like", tag)], ["id"], limit=1)
    if posted:
        return WorkflowResult("resumed", "stock.picking", picking["id"], picking["name"], key,
                              client.round_trips.total - start, {"message_id": posted[0]["id"]})
    where = f" at {req.location}" if req.location else ""
    body = (f"Carrier status {req.status_code}: {req.status_text}{where}, {odoo_datetime(req.event_time)} UTC "
            f"{tag}")
    message = client.call("stock.picking", "message_post", [picking["id"]], body=body, message_type="comment",
                          subtype_xmlid="mail.mt_note")
    details: dict[str, object] = {"message_id": client.version.single_id(message), "delivered_field": False}
    if req.delivered:
        available = client.execute_kw("stock.picking", "fields_get", [list(OCA_FIELDS)], {"attributes": ["type"]})
        if all(name in available for name in OCA_FIELDS):
            client.write("stock.picking", [picking["id"]], {"delivery_state": "customer_delivered",
                                                             "date_delivered": odoo_datetime(req.event_time)})
            details["delivered_field"] = True
    return WorkflowResult("created", "stock.picking", picking["id"], picking["name"], key,
                          client.round_trips.total - start, details)
