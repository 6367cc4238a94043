"""The stock workflows against the sandbox in Odoo 16 mode (qty_done, immediate-transfer wizard) and 18 mode."""

from __future__ import annotations

import uuid

import pytest

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import start_sandbox
from gateway.odoo.workflows.delivery import ShippedItem, ShippingAdviceRequest, apply_shipping_advice
from gateway.odoo.workflows.receipt import ReceiptRequest, ShippedLine, receive_ship_notice
from tests.odoo.conftest import settings_for

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("version", [16, 18, 19])
def test_receipt_and_delivery_workflows_speak_each_version(version: int) -> None:
    with start_sandbox(version=version) as sb, OdooClient(settings_for(sb.url, "jsonrpc"), sleep=lambda _s: None) as client:
        assert client.version.major == version
        cache = MasterDataCache(client)
        po = client.create("purchase.order", {"partner_id": 103, "order_line": [(0, 0, {"product_id": 101, "product_qty": 10})]})
        client.call("purchase.order", "button_confirm", [po])
        name = client.read("purchase.order", [po], ["name"])[0]["name"]
        receipt = receive_ship_notice(client, cache, ReceiptRequest(
            uuid.uuid4().hex, "ACME", name, "ASN-1", (ShippedLine("1", "WID-100", 4),)))
        assert receipt.details["state"] == "done" and len(receipt.details["backorder_ids"]) == 1
        line = client.search_read("purchase.order.line", [("order_id", "=", po)], ["qty_received"])[0]
        assert line["qty_received"] == 4.0

        so = client.create("sale.order", {"partner_id": 100, "order_line": [(0, 0, {"product_id": 102, "product_uom_qty": 3})]})
        client.call("sale.order", "action_confirm", [so])
        picking = client.read("sale.order", [so], ["picking_ids"])[0]["picking_ids"][0]
        picking_name = client.read("stock.picking", [picking], ["name"])[0]["name"]
        shipped = apply_shipping_advice(client, cache, ShippingAdviceRequest(
            uuid.uuid4().hex, "IRONBRIDGE", picking_name, "945-1", (ShippedItem("1", "WID-200", 3),), create_backorder=False))
        assert shipped.details["state"] == "done" and shipped.warnings == []
        assert client.search_read("sale.order.line", [("order_id", "=", so)], ["qty_delivered"])[0]["qty_delivered"] == 3.0
