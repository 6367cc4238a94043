"""Round trips for every EDIFACT type in D96A and D01B: EDI -> document -> EDI -> document equal."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.documents import ApplicationAdvice, ShipmentStatus, load_document
from gateway.documents.application_advice import AdviceError
from gateway.documents.shipment_status import StatusEvent
from gateway.edifact.engine import iter_messages
from gateway.mappings.edifact_io import EDIFACT_INBOUND
from gateway.partners import load_profile
from tests.mappings.helpers import PARTNERS, SAMPLES, edifact_roundtrip

EM = SAMPLES / "euromarkt-gmbh"


@pytest.fixture(scope="module")
def euromarkt():  # type: ignore[no-untyped-def]
    return load_profile(PARTNERS / "euromarkt-gmbh.yaml")


def _docs(result) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [t.document for t in result]


@pytest.mark.parametrize("directory", ["D96A", "D01B"])
def test_orders_sample_round_trip(euromarkt, tmp_path: Path, directory: str) -> None:  # type: ignore[no-untyped-def]
    first = [EDIFACT_INBOUND["ORDERS"](m, euromarkt) for m in iter_messages(EM / "ORDERS_EM-2026-0815.edi")]
    [po] = _docs(first)
    assert all(not t.findings for t in first)
    assert po.po_number == "EM-2026-0815" and po.currency == "EUR"
    assert po.notes == ["Anlieferung Rampe 3, Mo-Fr 07:00-14:00"]  # released ':' read back
    assert [(line.item.odoo_product, line.quantity, line.unit, line.odoo_uom) for line in po.lines] == [
        ("WIDGET-RED", Decimal(120), "piece", None), ("GADGET-10", Decimal(15), "case", "Case"),
        ("GIZMO-XL", Decimal("2.5"), "kg", None)]
    assert po.parties[1].odoo_ref == "EuroMarkt Lager Hamburg"
    again = _docs(edifact_roundtrip([po], "ORDERS", euromarkt, tmp_path, directory))
    assert again == [po]


@pytest.mark.parametrize("directory", ["D96A", "D01B"])
@pytest.mark.parametrize(("name", "message"), [("DESADV_DN-70031.json", "DESADV"),
                                               ("INVOIC_INV-2026-11873.json", "INVOIC")])
def test_outbound_samples_round_trip(euromarkt, tmp_path: Path, name: str, message: str,  # type: ignore[no-untyped-def]
                                     directory: str) -> None:
    doc = load_document(json.loads((EM / name).read_text()))
    first = edifact_roundtrip([doc], message, euromarkt, tmp_path, directory)
    assert all(not [f for f in t.findings if f.severity == "error"] for t in first), first[0].findings
    second = edifact_roundtrip(_docs(first), message, euromarkt, tmp_path, directory)
    assert _docs(second) == _docs(first)


def test_desadv_keeps_the_pack_structure(euromarkt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = load_document(json.loads((EM / "DESADV_DN-70031.json").read_text()))
    [t] = edifact_roundtrip([doc], "DESADV", euromarkt, tmp_path)
    [order] = t.document.orders
    assert [(p.sscc, p.pallet_sscc) for p in order.packs] == [
        ("000123456000000043", "000123456000000050"), ("000123456000000067", "000123456000000050")]
    assert order.packs[0].items[0].lot == "L2611-07" and order.packs[1].items[0].expiry_date == dt.date(2028, 11, 30)
    assert order.items[0].serials == ["GZ-0001", "GZ-0002"] and order.items[0].item.odoo_product == "GIZMO-XL"


def test_decimal_comma_round_trip(euromarkt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = load_document(json.loads((EM / "INVOIC_INV-2026-11873.json").read_text()))
    [t] = edifact_roundtrip([doc], "INVOIC", euromarkt, tmp_path, decimal=",")
    assert t.document.total_amount == Decimal("1488.69") and t.document.lines[2].quantity == Decimal("2.5")


@pytest.mark.parametrize("directory", ["D96A", "D01B"])
def test_iftsta_and_aperak_round_trip(euromarkt, tmp_path: Path, directory: str) -> None:  # type: ignore[no-untyped-def]
    berlin = euromarkt.zone
    status = ShipmentStatus(carrier_scac="DHLF", pro_number="DHL-771", shipment_id="DN-70031", events=[
        StatusEvent(status_code="21", reason_code="1", time=dt.datetime(2026, 11, 27, 18, 5, tzinfo=berlin),
                    city="Bremen", country="DE", equipment_number="HH-TR-881", weight=Decimal("214.5")),
        StatusEvent(status_code="22", time=dt.datetime(2026, 11, 28, 6, 40, tzinfo=dt.UTC), city="Hamburg",
                    state="HH", country="DE")])
    [t] = edifact_roundtrip([status], "IFTSTA", euromarkt, tmp_path, directory)
    assert t.document == status
    assert t.document.events[1].time.utcoffset() == dt.timedelta(hours=1)  # read in Berlin time, same instant
    advice = ApplicationAdvice(advice_number="AP-1", advice_date=dt.date(2026, 11, 28), referenced_document="DN-70031",
                               referenced_type="351", accepted=False, function_code="27",
                               errors=[AdviceError(code="12", text="Unknown delivery party 4012345000099")])
    [a] = edifact_roundtrip([advice], "APERAK", euromarkt, tmp_path, directory)
    assert a.document == advice


def test_gtin_code_follows_the_directory(euromarkt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gateway.mappings.edifact_invoic_out import render

    doc = load_document(json.loads((EM / "INVOIC_INV-2026-11873.json").read_text()))
    lins = lambda d: [s for s in render(doc, euromarkt, "1", d) if s[0] == "LIN"]  # noqa: E731
    assert lins("D96A")[0][1][2] == ["10012345000017", "EN"]
    assert lins("D01B")[0][1][2] == ["10012345000017", "SRV"]
