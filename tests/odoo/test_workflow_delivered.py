"""214 / IFTSTA "delivered" marks the delivery delivered on stock Odoo 17 (no OCA module) and with a custom field.

Stock Odoo has no shipment-status field: the delivered milestone's note carries a marker that
``delivered_pickings`` finds. A server where an administrator added the custom Datetime field
``x_edi_delivered_at`` gets the event time in it instead (simulated here by adding the field to the
in-process sandbox's ``stock.picking`` for one test).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest

from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox.fields import Field
from gateway.odoo.sandbox.orm import REGISTRY
from gateway.odoo.workflows.shipment_status import (
    CUSTOM_FIELD,
    DELIVERED_MARKER,
    ShipmentStatusRequest,
    delivered_pickings,
    record_shipment_status,
)
from tests.odoo.test_workflow_shipping import delivery

pytestmark = pytest.mark.integration
Factory = Callable[..., OdooClient]
EVENT = dt.datetime(2026, 11, 30, 14, 5)


def _status(ref: str, code: str, delivered: bool) -> ShipmentStatusRequest:
    return ShipmentStatusRequest(f"doc-{code}", "RRFT", ref, code, "status", EVENT, delivered=delivered)


def _shipped(client: OdooClient) -> tuple[int, str]:
    _so, name = delivery(client, [(101, 1)])
    [picking] = client.search("stock.picking", [("name", "=", name)])
    return picking, name


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_delivered_on_stock_odoo_17_is_a_marked_note(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    picking, name = _shipped(client)
    other, other_name = _shipped(client)
    en_route = record_shipment_status(client, _status(name, "X6", delivered=False))
    assert en_route.details["delivered_mark"] is None
    assert delivered_pickings(client, [picking, other]) == set()  # in transit is not delivered
    result = record_shipment_status(client, _status(name, "D1", delivered=True))
    assert result.details == {"message_id": result.details["message_id"], "delivered_field": False,
                              "delivered_mark": "note"}
    body = client.read("mail.message", [result.details["message_id"]], ["body"])[0]["body"]
    assert DELIVERED_MARKER in body and "Carrier status D1" in body
    assert delivered_pickings(client, [picking, other]) == {picking}
    again = record_shipment_status(client, _status(name, "D1", delivered=True))  # the same status again
    assert again.status == "resumed" and again.details["delivered_mark"] == "note"
    assert len(client.search("mail.message", [("model", "=", "stock.picking"), ("res_id", "=", picking),
                                              ("body", "like", DELIVERED_MARKER)])) == 1
    assert other_name != name and delivered_pickings(client, []) == set()


@pytest.fixture
def custom_field() -> Iterator[None]:
    """The sandbox's stock.picking with the administrator-made Datetime field, for one test."""
    model = REGISTRY["stock.picking"]
    field = Field("datetime", "Delivered (EDI)")
    field.name = CUSTOM_FIELD
    model._all_fields = {**model._all_fields, CUSTOM_FIELD: field}
    model._version_fields.cache_clear()  # the sandbox caches each model's fields per version
    try:
        yield
    finally:
        model._all_fields = {k: v for k, v in model._all_fields.items() if k != CUSTOM_FIELD}
        model._version_fields.cache_clear()


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_delivered_fills_the_custom_field_when_the_server_has_it(make_client: Factory, protocol: str,
                                                                 custom_field: None) -> None:
    client = make_client(protocol)
    picking, name = _shipped(client)
    result = record_shipment_status(client, _status(name, "D1", delivered=True))
    assert result.details["delivered_mark"] == "custom_field" and result.details["delivered_field"] is True
    assert client.read("stock.picking", [picking], [CUSTOM_FIELD])[0][CUSTOM_FIELD] == "2026-11-30 14:05:00"
    assert delivered_pickings(client, [picking]) == {picking}  # the note is posted either way
