"""The 856/DESADV -> receipt workflow end to end against the sandbox: partial, backorder, lots, SSCCs, retry."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError
from gateway.odoo.workflows.receipt import LotQuantity, ReceiptRequest, ShippedLine, receive_ship_notice

pytestmark = pytest.mark.integration
Factory = Callable[..., OdooClient]
SSCC_1, SSCC_2 = "006141410000000012", "006141410000000029"  # valid check digits


def confirmed_po(client: OdooClient, lines: list[tuple[int, float]]) -> str:
    po = client.create("purchase.order", {"partner_id": 103, "order_line": [
        (0, 0, {"product_id": product, "product_qty": qty}) for product, qty in lines]})
    client.call("purchase.order", "button_confirm", [po])
    return client.read("purchase.order", [po], ["name"])[0]["name"]


def notice(po: str, lines: tuple[ShippedLine, ...], **kw: object) -> ReceiptRequest:
    return ReceiptRequest(document_id=uuid.uuid4().hex, supplier_ref="ACME", po_name=po,
                          asn_number=f"ASN-{uuid.uuid4().hex[:8]}", lines=lines, **kw)  # type: ignore[arg-type]


def received(client: OdooClient, po: str) -> tuple[list[float], str]:
    order = client.search_read("purchase.order", [("name", "=", po)], ["receipt_status", "order_line"])[0]
    lines = client.read("purchase.order.line", order["order_line"], ["qty_received"])
    return [line["qty_received"] for line in lines], order["receipt_status"]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_short_shipment_with_backorder_and_a_safe_retry(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    cache = MasterDataCache(client)
    po = confirmed_po(client, [(101, 10), (102, 4)])
    req = notice(po, (ShippedLine("1", "WID-100", 6), ShippedLine("2", "00614141000029", 4)))
    result = receive_ship_notice(client, cache, req)
    assert result.details["state"] == "done" and len(result.details["backorder_ids"]) == 1
    assert any("6 shipped, 10 expected" in w for w in result.warnings)
    assert received(client, po) == ([6.0, 4.0], "partial")
    again = receive_ship_notice(client, cache, req)
    assert again.status == "resumed" and again.record_id == result.record_id
    assert received(client, po) == ([6.0, 4.0], "partial")


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_short_shipment_without_backorder_and_tolerance(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    po = confirmed_po(client, [(101, 100)])
    req = notice(po, (ShippedLine("1", "WID-100", 98),), create_backorder=False, tolerance_pct=5)
    result = receive_ship_notice(client, MasterDataCache(client), req)
    assert result.warnings == []  # 2% short is within the 5% tolerance
    assert result.details["backorder_ids"] == []
    assert received(client, po) == ([98.0], "full")


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_lots_and_sscc_packages(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    po = confirmed_po(client, [(104, 5)])
    req = notice(po, (ShippedLine("1", "SERUM-5", 5, lots=(LotQuantity("L-A", 3, SSCC_1), LotQuantity("L-B", 2, SSCC_2))),))
    result = receive_ship_notice(client, MasterDataCache(client), req)
    lines = client.search_read("stock.move.line", [("picking_id", "=", result.record_id)],
                               ["lot_id", "result_package_id", "quantity"], order="id")
    assert [(line["lot_id"][1], line["result_package_id"][1], line["quantity"]) for line in lines] == [
        ("L-A", SSCC_1, 3.0), ("L-B", SSCC_2, 2.0)]
    packages = client.search_read("stock.quant.package", [("name", "in", [SSCC_1, SSCC_2])], ["valid_sscc"])
    assert [p["valid_sscc"] for p in packages] == [True, True]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_unknown_and_unexpected_products(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    po = confirmed_po(client, [(101, 2)])
    with pytest.raises(WorkflowError, match="line 2: NOPE") as refused:
        receive_ship_notice(client, MasterDataCache(client), notice(po, (ShippedLine("1", "WID-100", 2),
                                                                         ShippedLine("2", "NOPE", 1))))
    assert refused.value.category == "master_data"
    assert received(client, po) == ([0.0], "pending")
    result = receive_ship_notice(client, MasterDataCache(client), notice(
        po, (ShippedLine("1", "WID-100", 2), ShippedLine("2", "BOLT-M8", 50))))
    assert any("not expected on this receipt" in w for w in result.warnings)
    with pytest.raises(WorkflowError, match="no receipt waiting"):
        receive_ship_notice(client, MasterDataCache(client), notice(po, (ShippedLine("1", "WID-100", 2),)))
