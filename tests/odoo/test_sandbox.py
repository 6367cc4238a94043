"""Sandbox behaviour beyond the recorded transcripts: version switches, JSON-2, HTTP edges, persistence."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import DEFAULT_API_KEY, start_sandbox

pytestmark = pytest.mark.integration


def rpc(url: str) -> Any:
    proxy = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
    return lambda model, method, *args, **kw: proxy.execute_kw("edi", 2, "admin", model, method, list(args), kw)


def test_odoo16_uses_qty_done_and_the_immediate_transfer_wizard() -> None:
    with start_sandbox(version=16) as sb:
        ex = rpc(sb.url)
        fields = ex("stock.move.line", "fields_get", [], attributes=["type"])
        assert "qty_done" in fields and "picked" not in fields and "quantity" not in fields
        po = ex("purchase.order", "create", {"partner_id": 9, "order_line": [(0, 0, {"product_id": 17, "product_qty": 5})]})
        ex("purchase.order", "button_confirm", [po])
        picking = ex("purchase.order", "read", [po], fields=["picking_ids"])[0]["picking_ids"][0]
        action = ex("stock.picking", "button_validate", [picking])
        assert action["res_model"] == "stock.immediate.transfer"
        wizard = ex("stock.immediate.transfer", "create", {}, context=action["context"])
        assert ex("stock.immediate.transfer", "process", [wizard], context=action["context"]) is True
        assert ex("stock.picking", "read", [picking], fields=["state"])[0]["state"] == "done"
        line = ex("purchase.order.line", "search_read", [("order_id", "=", po)], fields=["qty_received"])
        assert line[0]["qty_received"] == 5.0

        po2 = ex("purchase.order", "create", {"partner_id": 9, "order_line": [(0, 0, {"product_id": 17, "product_qty": 5})]})
        ex("purchase.order", "button_confirm", [po2])
        picking2 = ex("purchase.order", "read", [po2], fields=["picking_ids"])[0]["picking_ids"][0]
        move_line = ex("stock.move.line", "search", [("picking_id", "=", picking2)])
        ex("stock.move.line", "write", move_line, {"qty_done": 2})
        action = ex("stock.picking", "button_validate", [picking2])
        assert action["res_model"] == "stock.backorder.confirmation"
        so = ex("sale.order", "create", {"partner_id": 10})
        assert ex("sale.order", "action_done", [so]) is True
        assert ex("sale.order", "read", [so], fields=["state"])[0]["state"] == "done"


def test_odoo18_and_19_field_and_return_differences() -> None:
    with start_sandbox(version=18) as sb:
        ex = rpc(sb.url)
        product = ex("product.product", "read", [101], fields=["type", "is_storable"])[0]
        assert product == {"id": 101, "type": "consu", "is_storable": True}
        so = ex("sale.order", "create", {"partner_id": 10})
        ex("sale.order", "action_confirm", [so])
        with pytest.raises(xmlrpc.client.Fault, match="Some orders are not in a state"):
            ex("sale.order", "action_confirm", [so])
    with start_sandbox(version=19) as sb:
        ex = rpc(sb.url)
        line_fields = ex("sale.order.line", "fields_get", [], attributes=["type"])
        assert "product_uom_id" in line_fields and "product_uom" not in line_fields and "tax_ids" in line_fields
        picking = ex("stock.picking", "create", {"picking_type_id": 1})
        assert ex("stock.picking", "message_post", [picking], body="hello") == [ex("mail.message", "search", [])[0]]
        answer = httpx.post(f"{sb.url}/jsonrpc", json={"jsonrpc": "2.0", "id": 1, "params": {
            "service": "object", "method": "execute_kw", "args": ["edi", 2, "admin", "sale.order", "nope", [[1]]]}}).json()
        assert answer["error"]["code"] == 0 and answer["error"]["data"]["name"] == "builtins.AttributeError"


def test_json2_endpoint_statuses_and_named_arguments() -> None:
    with start_sandbox() as sb:
        auth = {"Authorization": f"bearer {DEFAULT_API_KEY}"}
        url = f"{sb.url}/json/2"
        assert httpx.post(f"{url}/res.partner/search", json={}).status_code == 401
        bad = httpx.post(f"{url}/res.partner/search", json={}, headers={"Authorization": "bearer x"})
        assert bad.status_code == 401 and bad.json()["message"] == "Invalid apikey"
        ok = httpx.post(f"{url}/res.partner/search_read", headers=auth,
                        json={"domain": [["ref", "=", "NWR"]], "fields": ["name"]})
        assert ok.status_code == 200 and ok.json() == [{"id": 100, "name": "Northwind Retail"}]
        created = httpx.post(f"{url}/res.partner/create", headers=auth, json={"vals_list": [{"name": "J2"}]})
        assert created.status_code == 200 and isinstance(created.json(), list)
        assert httpx.post(f"{url}/res.partner/search", headers=auth, json={"badparameter": 1}).status_code == 422
        assert httpx.post(f"{url}/no.model/search", headers=auth, json={}).status_code == 404
        assert httpx.post(f"{url}/res.partner/_private", headers=auth, json={"ids": [1]}).status_code == 403
        assert httpx.post(f"{url}/sale.order/write", headers=auth,
                          json={"ids": [99999999], "vals": {"note": "x"}}).status_code == 404
        assert httpx.post(f"{url}/sale.order/create", headers=auth, json={"vals_list": [{}]}).status_code == 422
        assert httpx.get(f"{sb.url}/web/version").json() == {"version_info": [17, 0, 0, "final", 0, ""], "version": "17.0"}


def test_jsonrpc_rejects_a_wrong_content_type_and_legacy_xmlrpc_uses_string_codes() -> None:
    with start_sandbox() as sb:
        response = httpx.post(f"{sb.url}/jsonrpc", content=b"{}", headers={"Content-Type": "text/plain"})
        assert response.status_code == 400
        legacy = xmlrpc.client.ServerProxy(f"{sb.url}/xmlrpc/object")
        with pytest.raises(xmlrpc.client.Fault) as fault:
            legacy.execute_kw("edi", 2, "admin", "sale.order", "write", [[99999999], {"note": "x"}])
        assert fault.value.faultCode.startswith("warning -- MissingError\n\n")


def test_data_survives_a_restart_with_a_file(tmp_path: Path) -> None:
    path = tmp_path / "odoo.sqlite"
    with start_sandbox(path=path) as sb:
        partner = rpc(sb.url)("res.partner", "create", {"name": "Kept", "ref": "KEEP-1"})
    with start_sandbox(path=path) as sb:
        ex = rpc(sb.url)
        assert ex("res.partner", "search", [("ref", "=", "KEEP-1")]) == [partner]
        assert ex("res.partner", "search_count", [("ref", "=", "NWR")]) == 1  # demo data loaded once


def test_a_failed_call_leaves_nothing_behind() -> None:
    with start_sandbox() as sb:
        ex = rpc(sb.url)
        before = ex("sale.order.line", "search_count", [])
        with pytest.raises(xmlrpc.client.Fault):
            ex("sale.order", "create", {"partner_id": 10, "order_line": [(0, 0, {"product_id": 8, "product_uom": 12})]})
        assert ex("sale.order.line", "search_count", []) == before
        assert ex("sale.order", "search_count", [("partner_id", "=", 10)]) == 0


def test_cli_serves_on_the_given_port(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", "from gateway.cli import main; main()", "odoo-sandbox", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ})
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/web/version", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode() if proc.stderr else "no output") from None
                time.sleep(0.1)
        assert answer.json()["version"] == "17.0"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def test_searches_follow_relations_hierarchies_and_names() -> None:
    with start_sandbox() as sb:
        ex = rpc(sb.url)
        assert sorted(ex("res.partner", "search", [("id", "child_of", 100)])) == [100, 101]
        so = ex("sale.order", "create", {"partner_id": 101, "client_order_ref": "REL-1"})
        assert ex("sale.order", "search", [("partner_id", "child_of", 100)]) == [so]
        assert ex("sale.order", "search", [("partner_id.parent_id.ref", "=", "NWR")]) == [so]
        assert ex("sale.order", "search", [("partner_id", "ilike", "store 042")]) == [so]
        assert ex("product.product", "search_count", ["|", ("default_code", "=like", "WID-%"), ("barcode", "=", "x")]) == 2
        assert ex("product.product", "search", [("seller_ids.product_code", "=", "GX-M8-HEX")]) == [103]
        groups = ex("stock.quant", "read_group", [("location_id", "=", 8)], ["quantity:sum"], ["location_id"])
        assert groups[0]["location_id"] == [8, "WH/Stock"] and groups[0]["location_id_count"] == 9


def test_faults_can_be_injected_over_http() -> None:
    with start_sandbox() as sb:
        assert httpx.post(f"{sb.url}/sandbox/faults", json={"kind": "http503", "match": "res.partner.search"}).json() == {
            "ok": True}
        with pytest.raises(xmlrpc.client.ProtocolError) as err:
            rpc(sb.url)("res.partner", "search", [])
        assert err.value.errcode == 503
        assert rpc(sb.url)("res.partner", "search", [("ref", "=", "NWR")]) == [100]
        httpx.post(f"{sb.url}/sandbox/faults", json={"kind": "http500", "count": -1})
        httpx.post(f"{sb.url}/sandbox/faults", json={"clear": True})
        assert rpc(sb.url)("res.partner", "search_count", [("ref", "=", "NWR")]) == 1
        bad = httpx.post(f"{sb.url}/sandbox/faults", json={"kind": "nope"})
        assert bad.status_code == 400 and "unknown fault kind" in bad.json()["error"]


def test_creating_a_product_variant_creates_its_template(make_client: Callable[..., OdooClient]) -> None:
    """product.product.create without a template makes one, as Odoo does (a regression: it raised)."""
    client = make_client("xmlrpc")
    pid = client.execute_kw("product.product", "create",
                            [{"name": "Pallet wrap", "default_code": "WRAP-1", "type": "consu"}])
    (row,) = client.execute_kw("product.product", "read", [[pid]], {"fields": ["product_tmpl_id", "default_code"]})
    assert row["default_code"] == "WRAP-1"
    tmpl_id = row["product_tmpl_id"][0]
    (tmpl,) = client.execute_kw("product.template", "read", [[tmpl_id]], {"fields": ["name"]})
    assert tmpl["name"] == "Pallet wrap"


def test_every_rpc_call_is_measured(make_client: Callable[..., OdooClient]) -> None:
    """OdooClient.execute_kw feeds the gateway-wide latency histogram, per model and method."""
    from gateway.observability.metrics import registry

    def count() -> float:
        value = registry().get_sample_value("edigw_odoo_call_duration_seconds_count",
                                            {"model": "res.partner", "method": "search_count"})
        return value or 0.0

    before = count()
    client = make_client("jsonrpc")
    client.execute_kw("res.partner", "search_count", [[]])
    client.execute_kw("res.partner", "search_count", [[["customer_rank", ">", 0]]])
    assert count() == before + 2
