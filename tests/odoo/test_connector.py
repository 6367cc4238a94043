"""Connector tests against the sandbox over real HTTP, for XML-RPC, JSON-RPC and JSON-2.

Authentication, error classes, the None-result rule, retries (only transient errors, only
idempotent calls; faults injected by the sandbox), timeouts and round-trip counts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from pydantic import SecretStr

from gateway.odoo import errors as E
from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.sandbox import SandboxServer
from tests.odoo.conftest import PROTOCOLS

pytestmark = pytest.mark.integration
Factory = Callable[..., OdooClient]


def new_ref() -> str:
    return f"T-{uuid.uuid4().hex[:10]}"


# -- authentication ------------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_authenticates_and_reads_version(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    assert client.uid == 2
    assert client.version.major == 17
    assert client.round_trips.total == 2


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_wrong_password_is_an_auth_error(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol, password=SecretStr("wrong"))
    with pytest.raises(E.OdooAuthError, match="refused"):
        _ = client.uid


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_api_key_works_in_the_password_slot(make_client: Factory, protocol: str) -> None:
    from gateway.odoo.sandbox import DEFAULT_API_KEY

    client = make_client(protocol, password=None, api_key=SecretStr(DEFAULT_API_KEY))
    assert client.search_count("res.partner", [("ref", "=", "NWR")]) == 1


def test_json2_bad_key_is_an_auth_error(make_client: Factory) -> None:
    client = make_client("json2", api_key=SecretStr("nope"))
    with pytest.raises(E.OdooAuthError, match="Invalid apikey"):
        _ = client.uid


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_password_changed_after_login_is_an_auth_error(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    client.settings = client.settings.model_copy(update={"password": SecretStr("changed")})
    with pytest.raises(E.OdooAuthError):
        client.search("res.partner", [])


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_unknown_user_id_is_an_auth_error_not_a_missing_record(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    client._uid = 999999  # a uid that does not exist: Odoo answers with a MissingError on res.users
    with pytest.raises(E.OdooAuthError, match="999999"):
        client.search("res.partner", [])


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_unknown_database_is_reported(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol, db="no_such_db")
    with pytest.raises(E.OdooUnknownError, match="does not exist"):
        _ = client.uid


# -- error classes ----------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_errors_map_to_typed_exceptions(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    so = client.create("sale.order", {"partner_id": 10, "order_line": [(0, 0, {"product_id": 8, "product_uom_qty": 1})]})
    assert client.call("sale.order", "action_confirm", [so]) is True
    with pytest.raises(E.OdooBusinessError, match="not in a state requiring confirmation"):
        client.call("sale.order", "action_confirm", [so])
    with pytest.raises(E.OdooNotFoundError) as missing:
        client.write("sale.order", [99999999], {"note": "x"})
    assert missing.value.missing_model == "sale.order" and missing.value.missing_ids == [99999999]
    with pytest.raises(E.OdooAccessError, match="Private methods"):
        client.call("sale.order", "_action_confirm", [so])
    with pytest.raises(E.OdooUnknownError, match="Invalid field"):
        client.read("sale.order", [so], ["no_such_field"])
    with pytest.raises(E.OdooBusinessError, match="mandatory field"):
        client.create("sale.order", {"client_order_ref": "no partner"})
    with pytest.raises((E.OdooUnknownError, E.OdooBusinessError)):
        client.execute_kw("no.such.model", "search", [[]])
    assert client.retries == 0


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_none_result_is_success_followed_by_a_reread(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    so = client.create("sale.order", {"partner_id": 10})
    outcome = client.call_and_reread("sale.order", "action_lock", [so], ["locked"])
    assert outcome.result is None
    assert outcome.records == [{"id": so, "locked": True}]
    po = client.create("purchase.order", {"partner_id": 9, "order_line": [(0, 0, {"product_id": 17, "product_qty": 1})]})
    outcome = client.call_and_reread("purchase.order", "button_cancel", [po], ["state"])
    assert outcome.records[0]["state"] == "cancel"
    assert client.retries == 0


# -- retries ------------------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_transient_errors_on_reads_are_retried(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    before = client.round_trips.total
    sandbox.faults.add("http503", match="res.partner.search_read", count=2)
    rows = client.search_read("res.partner", [("ref", "=", "NWR")], ["name"])
    assert [r["name"] for r in rows] == ["Northwind Retail"]
    assert client.retries == 2
    assert client.round_trips.total - before == 3


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_retries_give_up_after_the_limit(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol, max_retries=1)
    _ = client.uid
    sandbox.faults.add("http500", match="res.partner.search_count", count=-1)
    with pytest.raises(E.OdooTransientError):
        client.search_count("res.partner", [])
    assert client.retries == 1
    assert client.round_trips.by_call["res.partner.search_count"] == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_creates_are_not_retried(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    ref = new_ref()
    sandbox.faults.add("after_commit_500", match="sale.order.create")
    with pytest.raises(E.OdooTransientError):
        client.create("sale.order", {"partner_id": 10, "client_order_ref": ref})
    assert client.retries == 0
    assert client.round_trips.by_call["sale.order.create"] == 1
    # The work was committed although the answer was lost: exactly one order, found by its key.
    assert client.search_count("sale.order", [("client_order_ref", "=", ref)]) == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_business_errors_are_not_retried(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    so = client.create("sale.order", {"partner_id": 10})
    with pytest.raises(E.OdooBusinessError, match="mandatory field"):
        client.write("sale.order", [so], {"partner_id": False})  # writes are idempotent, still not retried
    assert client.retries == 0
    assert client.round_trips.by_call["sale.order.write"] == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_dropped_connection_on_a_read_is_retried(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    sandbox.faults.add("drop", match="uom.uom.search_read")
    assert client.search_read("uom.uom", [("name", "=", "Dozens")], ["factor"])[0]["factor"] == pytest.approx(1 / 12)
    assert client.retries == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_dropped_create_is_not_resent(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    sandbox.faults.add("drop", match="res.partner.create")
    seen = sum("res.partner.create" in r for r in sandbox.requests)
    with pytest.raises(E.OdooTransientError):
        client.create("res.partner", {"name": "dropped"})
    assert sum("res.partner.create" in r for r in sandbox.requests) - seen == 1
    assert client.retries == 0


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_timeout_is_transient_and_retried_for_reads(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol, timeout=0.5)
    _ = client.uid
    sandbox.faults.add("delay", match="res.partner.search", seconds=1.5)
    assert client.search("res.partner", [("ref", "=", "ACME")]) == [103]
    assert client.retries == 1


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_timeout_of_a_write_is_raised_not_retried(make_client: Factory, sandbox: SandboxServer, protocol: str) -> None:
    client = make_client(protocol, timeout=0.5)
    _ = client.uid
    sandbox.faults.add("delay", match="res.partner.create", seconds=1.5)
    with pytest.raises(E.OdooTimeoutError):
        client.create("res.partner", {"name": "slow"})
    assert client.retries == 0


# -- round trips and the cache ------------------------------------------------------------------
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_master_data_lookups_are_batched_and_cached(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    now = [0.0]
    cache = MasterDataCache(client, ttl=60, clock=lambda: now[0])
    codes = ["FURN_7800", "E-COM10", "00614141000012", "WID-200", "BOLT-M8", "UNKNOWN-1"]
    start = client.round_trips.total
    found = cache.products(codes)
    assert set(found) == set(codes) - {"UNKNOWN-1"}
    assert found["00614141000012"]["default_code"] == "WID-100"
    assert client.round_trips.total - start == 1
    assert set(cache.products(codes[:5])) == set(codes[:5])
    assert client.round_trips.total - start == 1  # all cached
    cache.products(["UNKNOWN-1"])
    assert client.round_trips.total - start == 2  # misses are not cached
    now[0] = 61.0
    cache.products(["FURN_7800"])
    assert client.round_trips.total - start == 3  # expired
    units = cache.uoms(["Units", "Dozens", "Case of 24"])
    assert units["Case of 24"]["factor"] == pytest.approx(1 / 24)
    assert client.round_trips.total - start == 4


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_list_create_is_one_round_trip(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    _ = client.uid
    start = client.round_trips.total
    ids = client.create_many("res.partner", [{"name": f"P{i}", "ref": f"{new_ref()}-{i}"} for i in range(20)])
    assert len(ids) == 20 and len(set(ids)) == 20
    assert client.round_trips.total - start == 1
    found = client.find_ids("res.partner", "id", ids)
    assert sorted(found) == sorted(ids)
    assert client.round_trips.total - start == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_backorder_wizard_flow_through_the_client(make_client: Factory, protocol: str) -> None:
    client = make_client(protocol)
    version = client.version
    po = client.create("purchase.order", {"partner_id": 9, "order_line": [(0, 0, {"product_id": 17, "product_qty": 10})]})
    assert client.call("purchase.order", "button_confirm", [po]) is True
    picking = client.read("purchase.order", [po], ["picking_ids"])[0]["picking_ids"][0]
    move = client.search("stock.move", [("picking_id", "=", picking)])
    client.write("stock.move", move, version.move_done_vals(6))
    action = client.call("stock.picking", "button_validate", [picking])
    assert action["res_model"] == "stock.backorder.confirmation"
    wizard = client.create("stock.backorder.confirmation", {}, context=action["context"])
    assert client.call("stock.backorder.confirmation", "process", [wizard], context=action["context"]) is True
    state = client.read("stock.picking", [picking], ["state", "backorder_ids"])[0]
    assert state["state"] == "done" and len(state["backorder_ids"]) == 1
    line = client.search_read("purchase.order.line", [("order_id", "=", po)], ["qty_received"])
    assert line[0]["qty_received"] == 6.0
