"""Pure parts of the pipeline: Odoo adapters, retry backoff, ack deadlines, envelope ids."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.mappings.service import translate_file
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline import odoo_bridge
from gateway.pipeline.envelope_ids import read_ids
from gateway.pipeline.failures import RetryPolicy
from gateway.pipeline.outbound import ack_deadline
from tests.pipeline.conftest import SAMPLES


def _doc(registry: PartnerRegistry, path: str, partner: str, index: int = 0):  # type: ignore[no-untyped-def]
    return translate_file(SAMPLES / path, registry, partner)[index].document


def test_purchase_order_to_sale_order_request(registry: PartnerRegistry) -> None:
    doc = _doc(registry, "acme-retail/850_PO-4500012345.edi", "acme-retail")
    req = odoo_bridge.sale_order_request(doc, registry.get("acme-retail"), "7")  # type: ignore[arg-type]
    assert req.partner_ref == "ACME Distribution Center 7"
    assert req.ship_to_ref == "ACME Store 0042 (Dallas)"
    assert req.client_order_ref == "4500012345" and req.document_id == "7"
    assert [(line.product_code, line.quantity, line.uom) for line in req.lines][:2] == [
        ("WIDGET-RED", 24.0, "Units"), ("WIDGET-BLUE", 12.0, "Units")]


def test_order_without_buyer_is_placed_by_its_ship_to(registry: PartnerRegistry) -> None:
    doc = _doc(registry, "acme-retail/850_two-orders.edi", "acme-retail", 1)
    assert not [p for p in doc.parties if p.role == "BY"]
    req = odoo_bridge.sale_order_request(doc, registry.get("acme-retail"), "1")  # type: ignore[arg-type]
    assert req.partner_ref == req.ship_to_ref


def test_line_without_odoo_product_is_a_master_data_error(registry: PartnerRegistry) -> None:
    doc = _doc(registry, "acme-retail/broken/850_unknown-item.edi", "acme-retail")
    with pytest.raises(odoo_bridge.BridgeError) as err:
        odoo_bridge.sale_order_request(doc, registry.get("acme-retail"), "1")  # type: ignore[arg-type]
    assert err.value.category == "master_data" and "ZZ-999" in err.value.reason


def test_shipping_advice_status_and_freight_requests(registry: PartnerRegistry) -> None:
    advice = _doc(registry, "northstar-3pl/945_SO-1001.edi", "northstar-3pl")
    req = odoo_bridge.shipping_advice_request(advice, registry.get("northstar-3pl"), "3")  # type: ignore[arg-type]
    assert req.picking_name == "SO-1001" and req.tracking_ref == "BOL-8812001"
    assert req.carrier_name == "Roadrunner Freight" and req.items[1].quantity == 10.0
    status = _doc(registry, "roadrunner-freight/214_PRO-778812.edi", "roadrunner-freight")
    reqs = odoo_bridge.shipment_status_requests(status, registry.get("roadrunner-freight"), "4")  # type: ignore[arg-type]
    assert [r.status_code for r in reqs] == ["AF", "X6", "D1"] and [r.delivered for r in reqs] == [False, False, True]
    assert {r.shipment_ref for r in reqs} == {"BOL-8812001"}
    bill = _doc(registry, "roadrunner-freight/210_INV-55001.edi", "roadrunner-freight")
    freq = odoo_bridge.freight_invoice_request(bill, registry.get("roadrunner-freight"), "5")  # type: ignore[arg-type]
    assert freq.carrier_ref == "Roadrunner Freight" and round(sum(c.amount for c in freq.charges), 2) == 198.69


@given(st.integers(min_value=1, max_value=30), st.floats(min_value=0, max_value=1))
def test_backoff_is_exponential_jittered_and_capped(attempt: int, r: float) -> None:
    policy = RetryPolicy(max_attempts=40, base_seconds=10, cap_seconds=600, rand=lambda: r)
    delay = policy.delay(attempt).total_seconds()
    ceiling = min(600, 10 * 2 ** (attempt - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_no_retry_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=3, base_seconds=1)
    now = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    assert policy.next_attempt(2, now) is not None and policy.next_attempt(3, now) is None


def test_ack_deadline_skips_weekends_and_holidays(registry: PartnerRegistry) -> None:
    acme = registry.get("acme-retail")
    assert acme is not None
    chicago = dt.timezone(dt.timedelta(hours=-6))
    # Wednesday noon before Thanksgiving (a holiday in the profile): 12 h Wed + 12 h Fri.
    sent = dt.datetime(2026, 11, 25, 12, 0, tzinfo=chicago)
    assert ack_deadline(acme, sent) == dt.datetime(2026, 11, 27, 12, 0, tzinfo=chicago)
    friday = dt.datetime(2026, 12, 4, 18, 0, tzinfo=chicago)
    assert ack_deadline(acme, friday) == dt.datetime(2026, 12, 7, 18, 0, tzinfo=chicago)


def test_read_ids_of_x12_and_edifact() -> None:
    x12 = read_ids((SAMPLES / "acme-retail" / "850_two-orders.edi").read_text())
    assert (x12.syntax, x12.sender, x12.sets) == ("x12", "ACMERETAIL", ("0001", "0002"))
    edi = read_ids((SAMPLES / "euromarkt-gmbh" / "ORDERS_EM-2026-0815.edi").read_text())
    assert (edi.syntax, edi.interchange, edi.sets) == ("edifact", "EM20261120001", ("1",))
    with pytest.raises(ValueError):
        read_ids("hello")


def test_ship_notice_to_receipt_requests(registry: PartnerRegistry) -> None:
    from gateway.documents import ShipNotice

    asn = ShipNotice.model_validate_json((SAMPLES / "acme-retail" / "856_ASN-SH-88120.json").read_text())
    profile = registry.get("acme-retail")
    with pytest.raises(odoo_bridge.BridgeError) as err:
        odoo_bridge.receipt_requests(asn, profile, "9")  # type: ignore[arg-type]
    assert err.value.category == "master_data" and "supplier" in err.value.reason
    parties = [p.model_copy(update={"odoo_ref": "Acme Supply Co"}) if p.role == "SF" else p for p in asn.parties]
    [req] = odoo_bridge.receipt_requests(asn.model_copy(update={"parties": parties}), profile, "9")  # type: ignore[arg-type]
    assert req.po_name == "4500012345" and req.asn_number == "SH-88120" and req.supplier_ref == "Acme Supply Co"
    assert req.lines[0].product_code == "WIDGET-RED" and req.lines[0].lots[0].lot_name == "LOT-A17"
    assert req.lines[0].lots[0].sscc == "000123456000000012"
