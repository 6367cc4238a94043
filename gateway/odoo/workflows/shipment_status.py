"""Inbound carrier status (X12 214 / EDIFACT IFTSTA) -> a milestone on the delivery's chatter.

Standard Odoo has no shipment-status field, so each milestone is posted with ``message_post``
as an internal note carrying the idempotency key (a repeated status is detected by looking for
that key in the picking's messages first).

A *delivered* status also marks the delivery delivered, with the best means the server has,
found by one ``fields_get`` (no configuration needed, the first that exists wins):

1. ``oca_delivery_state``: the OCA module ``delivery_state`` (OCA/delivery-carrier) is installed:
   ``delivery_state = 'customer_delivered'`` and ``date_delivered`` = the event time.
2. ``custom_field``: the picking has the Datetime field :data:`CUSTOM_FIELD` (``x_edi_delivered_at``,
   created once by an administrator in Settings > Technical > Fields or with Studio; the request
   may name another): it gets the event time, so list views and filters can show delivered
   shipments.
3. ``note`` (stock Odoo 16-19 with neither): the milestone note carries the marker
   :data:`DELIVERED_MARKER`; :func:`delivered_pickings` finds the delivered ones by it (a
   ``mail.message`` search on the picking's chatter: searchable by any API client, visible to
   users in the chatter).

The note itself is always posted. Marking is repeated when a retry finds the note already posted
(a crash between the note and the field write), and writing the same values again is harmless.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError, WorkflowResult, idempotency_key, odoo_datetime

DOC_TYPE = "shipment_status"
OCA_FIELDS = ("delivery_state", "date_delivered")
CUSTOM_FIELD = "x_edi_delivered_at"
DELIVERED_MARKER = "[edigw:delivered]"


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
    custom_field: str = CUSTOM_FIELD


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
        details: dict[str, object] = {"message_id": posted[0]["id"]}
        if req.delivered:
            details.update(_mark_delivered(client, picking["id"], req))
        return WorkflowResult("resumed", "stock.picking", picking["id"], picking["name"], key,
                              client.round_trips.total - start, details)
    where = f" at {req.location}" if req.location else ""
    marker = f" {DELIVERED_MARKER}" if req.delivered else ""
    body = (f"Carrier status {req.status_code}: {req.status_text}{where}, {odoo_datetime(req.event_time)} UTC "
            f"{tag}{marker}")
    message = client.call("stock.picking", "message_post", [picking["id"]], body=body, message_type="comment",
                          subtype_xmlid="mail.mt_note")
    details = {"message_id": client.version.single_id(message), "delivered_field": False, "delivered_mark": None}
    if req.delivered:
        details.update(_mark_delivered(client, picking["id"], req))
    return WorkflowResult("created", "stock.picking", picking["id"], picking["name"], key,
                          client.round_trips.total - start, details)


def _mark_delivered(client: OdooClient, picking_id: int, req: ShipmentStatusRequest) -> dict[str, object]:
    """Mark the picking delivered with the best means the server has (module docstring); say which."""
    available = client.execute_kw("stock.picking", "fields_get", [[*OCA_FIELDS, req.custom_field]],
                                  {"attributes": ["type"]})
    when = odoo_datetime(req.event_time)
    if all(name in available for name in OCA_FIELDS):
        client.write("stock.picking", [picking_id], {"delivery_state": "customer_delivered", "date_delivered": when})
        return {"delivered_field": True, "delivered_mark": "oca_delivery_state"}
    if req.custom_field in available:
        client.write("stock.picking", [picking_id], {req.custom_field: when})
        return {"delivered_field": True, "delivered_mark": "custom_field"}
    return {"delivered_field": False, "delivered_mark": "note"}


def delivered_pickings(client: OdooClient, picking_ids: Iterable[int]) -> set[int]:
    """Which of these pickings a delivered status was recorded on, by the marker note (one round trip).

    Works on every server, whichever way :func:`record_shipment_status` also marked them.
    """
    ids = sorted(set(picking_ids))
    if not ids:
        return set()
    rows = client.search_read("mail.message", [("model", "=", "stock.picking"), ("res_id", "in", ids),
                                               ("body", "like", DELIVERED_MARKER)], ["res_id"])
    return {int(row["res_id"]) for row in rows}
