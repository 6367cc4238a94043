"""The 850/ORDERS -> sale.order workflow end to end against the sandbox, over both RPC protocols."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError
from gateway.odoo.workflows.sale_order import SaleOrderLineRequest, SaleOrderRequest, import_sale_order

pytestmark = pytest.mark.integration
Factory = Callable[..., OdooClient]
CODES = ["WID-100", "WID-200", "00614141000036", "FURN_7800", "E-COM10"]


def order(po: str, *, lines: int = 3, doc: str | None = None, **kw: object) -> SaleOrderRequest:
    items = tuple(SaleOrderLineRequest(str(i + 1), CODES[i % len(CODES)], 2 + i, price=10.0 + i) for i in range(lines))
    return SaleOrderRequest(document_id=doc or uuid.uuid4().hex, partner_ref="NWR", client_order_ref=po,
                            lines=items, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_twenty_line_order_takes_four_round_trips_once_master_data_is_cached(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    cache = MasterDataCache(client)
    first = import_sale_order(client, cache, order(f"PO-{uuid.uuid4().hex[:8]}", lines=20))
    assert first.status == "created" and first.details["state"] == "sale"
    second = import_sale_order(client, cache, order(f"PO-{uuid.uuid4().hex[:8]}", lines=20))
    assert second.round_trips <= 4
    lines = client.search_read("sale.order.line", [("order_id", "=", second.record_id)], ["product_uom_qty"])
    assert len(lines) == 20


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_units_ship_to_and_requested_date(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    req = SaleOrderRequest(
        document_id=uuid.uuid4().hex, partner_ref="NWR", client_order_ref=f"PO-{uuid.uuid4().hex[:8]}",
        ship_to_ref="NWR-042", requested_date=dt.date(2026, 12, 3),
        lines=(SaleOrderLineRequest("1", "WID-100", 2, uom="Dozens", price=140.0),
               SaleOrderLineRequest("2", "BOLT-M8", 1, uom="Case of 24")))
    result = import_sale_order(client, MasterDataCache(client), req)
    so = client.read("sale.order", [result.record_id], ["partner_shipping_id", "commitment_date", "picking_ids"])[0]
    assert so["partner_shipping_id"][1] == "Northwind Retail, Northwind Store 042"
    assert so["commitment_date"] == "2026-12-03 00:00:00"
    moves = client.search_read("stock.move", [("picking_id", "in", so["picking_ids"])], ["product_uom_qty", "product_uom"],
                               order="id")
    assert [(m["product_uom_qty"], m["product_uom"][1]) for m in moves] == [(24.0, "Units"), (24.0, "Units")]


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_repeated_po_number_is_refused_and_nothing_is_created(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    cache = MasterDataCache(client)
    po = f"PO-{uuid.uuid4().hex[:8]}"
    import_sale_order(client, cache, order(po))
    with pytest.raises(WorkflowError) as refused:
        import_sale_order(client, cache, order(po))
    assert refused.value.category == "duplicate" and po in refused.value.reason
    assert client.search_count("sale.order", [("client_order_ref", "=", po)]) == 1


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc", "json2"])
def test_retry_of_the_same_document_resumes_instead_of_duplicating(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    cache = MasterDataCache(client)
    po, doc = f"PO-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    first = import_sale_order(client, cache, order(po, doc=doc, confirm=False))  # as if it crashed before confirming
    assert first.details["state"] == "draft"
    again = import_sale_order(client, cache, order(po, doc=doc))
    assert again.status == "resumed" and again.record_id == first.record_id and again.details["state"] == "sale"
    assert client.search_count("sale.order", [("client_order_ref", "=", po)]) == 1


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_unknown_product_refuses_the_whole_order(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    po = f"PO-{uuid.uuid4().hex[:8]}"
    req = SaleOrderRequest(document_id="d", partner_ref="NWR", client_order_ref=po,
                           lines=(SaleOrderLineRequest("1", "WID-100", 1), SaleOrderLineRequest("2", "NOPE-9", 1)))
    with pytest.raises(WorkflowError, match="line 2: NOPE-9") as refused:
        import_sale_order(client, MasterDataCache(client), req)
    assert refused.value.category == "master_data"
    assert client.search_count("sale.order", [("client_order_ref", "=", po)]) == 0
    with pytest.raises(WorkflowError, match="cannot measure"):
        import_sale_order(client, MasterDataCache(client), SaleOrderRequest(
            document_id="d", partner_ref="NWR", client_order_ref=po, lines=(SaleOrderLineRequest("1", "WID-100", 1, uom="kg"),)))
    with pytest.raises(WorkflowError, match="no customer"):
        import_sale_order(client, MasterDataCache(client), SaleOrderRequest(
            document_id="d", partner_ref="NOBODY", client_order_ref=po, lines=(SaleOrderLineRequest("1", "WID-100", 1),)))
