"""945 -> delivery, 214 -> milestone and 210 -> carrier bill, end to end against the sandbox."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError
from gateway.odoo.workflows.delivery import ShippedItem, ShippingAdviceRequest, apply_shipping_advice
from gateway.odoo.workflows.freight_bill import FreightCharge, FreightInvoiceRequest, import_freight_invoice
from gateway.odoo.workflows.shipment_status import ShipmentStatusRequest, record_shipment_status

pytestmark = pytest.mark.integration
Factory = Callable[..., OdooClient]


def delivery(client: OdooClient, lines: list[tuple[int, float]]) -> tuple[int, str]:
    so = client.create("sale.order", {"partner_id": 100, "order_line": [
        (0, 0, {"product_id": p, "product_uom_qty": q}) for p, q in lines]})
    client.call("sale.order", "action_confirm", [so])
    picking = client.read("sale.order", [so], ["picking_ids"])[0]["picking_ids"][0]
    return so, client.read("stock.picking", [picking], ["name"])[0]["name"]


def advice(name: str, items: tuple[ShippedItem, ...], **kw: object) -> ShippingAdviceRequest:
    return ShippingAdviceRequest(document_id=uuid.uuid4().hex, warehouse_ref="IRONBRIDGE", picking_name=name,
                                 advice_number=f"945-{uuid.uuid4().hex[:8]}", items=items, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_full_shipment_with_tracking_and_retry(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    cache = MasterDataCache(client)
    so, name = delivery(client, [(101, 5), (102, 2)])
    req = advice(name, (ShippedItem("1", "WID-100", 5), ShippedItem("2", "WID-200", 2)), tracking_ref="1ZTEST",
                 carrier_name="UPS Ground")
    result = apply_shipping_advice(client, cache, req)
    assert result.details["state"] == "done" and result.warnings == [] and result.details["backorder_ids"] == []
    picking = client.read("stock.picking", [result.record_id], ["carrier_tracking_ref", "carrier_id"])[0]
    assert picking["carrier_tracking_ref"] == "1ZTEST" and picking["carrier_id"][1] == "UPS Ground"
    assert client.read("sale.order", [so], ["delivery_status"])[0]["delivery_status"] == "full"
    assert apply_shipping_advice(client, cache, req).status == "resumed"


@pytest.mark.parametrize(("protocol", "backorder"), [("xmlrpc", True), ("jsonrpc", False)])
def test_short_shipment_backorders_or_cancels_the_rest(make_client: Factory, protocol: str, backorder: bool) -> None:
    client = make_client(protocol)
    so, name = delivery(client, [(101, 10), (103, 24)])
    req = advice(name, (ShippedItem("1", "WID-100", 7), ShippedItem("2", "BOLT-M8", 1, uom="Dozens")),
                 create_backorder=backorder)
    result = apply_shipping_advice(client, MasterDataCache(client), req)
    shorts = {s["product"]: (s["shipped"], s["ordered"]) for s in result.details["short"]}
    assert shorts == {"[WID-100] Widget, blue": (7.0, 10.0), "[BOLT-M8] Hex bolt M8 (each)": (12.0, 24.0)}
    assert len(result.details["backorder_ids"]) == (1 if backorder else 0)
    lines = client.search_read("sale.order.line", [("order_id", "=", so)], ["qty_delivered"], order="id")
    assert [line["qty_delivered"] for line in lines] == [7.0, 12.0]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_advice_that_ships_nothing_leaves_the_delivery_open(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    _so, name = delivery(client, [(101, 1)])
    with pytest.raises(WorkflowError, match="ships nothing"):
        apply_shipping_advice(client, MasterDataCache(client), advice(name, (ShippedItem("1", "WID-100", 0),)))
    assert client.search_read("stock.picking", [("name", "=", name)], ["state"])[0]["state"] == "assigned"


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_status_milestones_are_posted_once(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    _so, name = delivery(client, [(101, 1)])
    client.write("stock.picking", client.search("stock.picking", [("name", "=", name)]), {"carrier_tracking_ref": f"PRO-{name}"})
    event = dt.datetime(2026, 11, 27, 9, 30)
    req = ShipmentStatusRequest("d1", "FRLC", f"PRO-{name}", "D1", "Delivered", event, location="Tacoma, WA",
                                delivered=True)
    first = record_shipment_status(client, req)
    assert first.status == "created" and first.details["delivered_field"] is False  # no OCA delivery_state here
    message = client.read("mail.message", [first.details["message_id"]], ["body", "res_id"])[0]
    assert "Carrier status D1: Delivered at Tacoma, WA" in message["body"] and message["res_id"] == first.record_id
    assert record_shipment_status(client, req).status == "resumed"
    with pytest.raises(WorkflowError, match="no delivery"):
        record_shipment_status(client, ShipmentStatusRequest("d2", "FRLC", "NOPE", "X1", "x", event))


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_freight_bill_matching_variance_and_duplicates(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    cache = MasterDataCache(client)
    _so, name = delivery(client, [(101, 1)])
    picking = client.search("stock.picking", [("name", "=", name)])
    client.write("stock.picking", picking, {"carrier_tracking_ref": f"BOL-{name}", "carrier_price": 100.0})
    number = f"INV-{uuid.uuid4().hex[:8]}"
    req = FreightInvoiceRequest("doc-1", "FRLC", number, dt.date(2026, 11, 26),
                                (FreightCharge("Line haul", 98.0), FreightCharge("Fuel surcharge", 12.5)), bol=f"BOL-{name}")
    bill = import_freight_invoice(client, cache, req)
    assert bill.details["state"] == "posted" and bill.name.startswith("BILL/")
    assert bill.details["shipments"] == [name] and bill.details["variance_pct"] == 10.5
    assert any("differs from expected 100.00" in w for w in bill.warnings)
    assert import_freight_invoice(client, cache, req).status == "resumed"
    with pytest.raises(WorkflowError, match="a repeat is refused") as refused:
        import_freight_invoice(client, cache, FreightInvoiceRequest(
            "doc-2", "FRLC", number, dt.date(2026, 11, 26), (FreightCharge("Line haul", 98.0),)))
    assert refused.value.category == "duplicate"
    assert client.search_count("account.move", [("ref", "=", number)]) == 1
