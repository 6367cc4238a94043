"""Outbound reads (850 out, 940, 856 out, INVOIC) against the sandbox: content, keys, watermarks, round trips."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.invoice_out import invoices_to_send
from gateway.odoo.workflows.purchase_order_out import purchase_orders_to_send
from gateway.odoo.workflows.ship_notice_out import ship_notices_to_send
from gateway.odoo.workflows.warehouse_order_out import deliveries_to_send

pytestmark = pytest.mark.integration
Factory = Callable[..., OdooClient]
SSCC = "006141410000000036"


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_purchase_orders_for_850_suppliers(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    po = client.create("purchase.order", {"partner_id": 103, "partner_ref": "ACK-1", "order_line": [
        (0, 0, {"product_id": 101, "product_qty": 24}), (0, 0, {"product_id": 8, "product_qty": 1, "price_unit": 250})]})
    client.call("purchase.order", "button_confirm", [po])
    start = client.round_trips.total
    found = [o for o in purchase_orders_to_send(client, ["ACME"]) if o.odoo_id == po]
    assert client.round_trips.total - start <= 9
    (order,) = found
    assert order.key == f"purchase_order_out/ACME/{order.po_number}" and order.vendor_reference == "ACK-1"
    assert [(ln.product_code, ln.vendor_code, ln.quantity, ln.price) for ln in order.lines] == [
        ("WID-100", "ACME-W100", 24.0, 6.0), ("FURN_7800", None, 1.0, 250.0)]
    assert order.ship_to is not None and order.ship_to.name == "YourCompany"
    assert all(o.odoo_id != po for o in purchase_orders_to_send(client, ["ACME"], since=order.write_date))


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_ready_deliveries_become_940s_and_done_ones_856s(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    ref = f"PO-{uuid.uuid4().hex[:6]}"
    so = client.create("sale.order", {"partner_id": 100, "partner_shipping_id": 101, "client_order_ref": ref,
                                      "order_line": [(0, 0, {"product_id": 102, "product_uom_qty": 6})]})
    client.call("sale.order", "action_confirm", [so])
    picking = client.read("sale.order", [so], ["picking_ids"])[0]["picking_ids"][0]
    (wso,) = [d for d in deliveries_to_send(client, "WH", "IRONBRIDGE") if d.odoo_id == picking]
    assert wso.customer_po == ref and wso.ship_to is not None and wso.ship_to.gln == "5012345000429"
    assert [(ln.product_code, ln.gtin, ln.quantity, ln.uom) for ln in wso.lines] == [
        ("WID-200", "00614141000029", 6.0, "Units")]
    package = client.create("stock.quant.package", {"name": SSCC})
    lines = client.search("stock.move.line", [("picking_id", "=", picking)])
    client.write("stock.move.line", lines, {**client.version.move_line_done_vals(6), "result_package_id": package})
    assert client.call("stock.picking", "button_validate", [picking]) is True
    assert all(d.odoo_id != picking for d in deliveries_to_send(client, "WH", "IRONBRIDGE"))
    (asn,) = [n for n in ship_notices_to_send(client, ["NWR"]) if n.odoo_id == picking]
    assert asn.customer_po == ref and asn.customer_ref == "NWR" and asn.key.startswith("ship_notice_out/NWR/")
    assert [(p.sscc, [(i.product_code, i.quantity, i.ordered) for i in p.items]) for p in asn.packs] == [
        (SSCC, [("WID-200", 6.0, 6.0)])]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_posted_customer_invoices_for_invoic(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    move = client.create("account.move", {"move_type": "out_invoice", "partner_id": 101, "ref": "PO-77",
                                          "invoice_date": "2026-11-26", "invoice_line_ids": [
                                              (0, 0, {"product_id": 101, "quantity": 10, "price_unit": 12.5})]})
    draft_ids = [i.odoo_id for i in invoices_to_send(client, ["NWR"])]
    assert move not in draft_ids
    client.call("account.move", "action_post", [move])
    (invoice,) = [i for i in invoices_to_send(client, ["NWR"]) if i.odoo_id == move]
    assert invoice.number.startswith("INV/") and invoice.customer_ref == "NWR" and invoice.customer_po == "PO-77"
    assert invoice.total == 125.0 and [(ln.product_code, ln.quantity, ln.amount) for ln in invoice.lines] == [
        ("WID-100", 10.0, 125.0)]
