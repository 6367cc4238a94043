"""Canonical documents: exact decimals, JSON round trip, strictness, and current JSON Schemas."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from gateway.documents import DOCUMENT_TYPES, load_document
from gateway.documents.schemas import DEFAULT_DIR, export, schema_texts

SAMPLES = Path(__file__).resolve().parents[2] / "sample_docs"


def test_every_document_type_has_a_committed_current_schema() -> None:
    texts = schema_texts()
    assert len(texts) == len(DOCUMENT_TYPES) == 8
    for name, text in texts.items():
        committed = DEFAULT_DIR / name
        assert committed.is_file(), f"{name} missing: run python -m gateway.documents.schemas"
        assert committed.read_text(encoding="utf-8") == text, (
            f"docs/schemas/{name} is stale: run python -m gateway.documents.schemas")


def test_export_writes_one_file_per_type(tmp_path: Path) -> None:
    written = export(tmp_path)
    assert sorted(p.name for p in written) == sorted(schema_texts())
    schema = json.loads((tmp_path / "purchase_order.schema.json").read_text())
    assert "po_number" in schema["required"]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*/*.json")), ids=lambda p: p.name)
def test_sample_json_documents_round_trip(path: Path) -> None:
    doc = load_document(json.loads(path.read_text()))
    again = load_document(json.loads(doc.model_dump_json()))
    assert again == doc
    assert doc.business_key()


def test_decimals_stay_exact_through_json() -> None:
    doc = load_document({"doc_type": "freight_invoice", "invoice_number": "1", "billing_date": "2026-01-02",
                         "carrier_scac": "RRFT", "net_amount_due": "0.30", "total_charges": 0.1,
                         "charges": [{"line_number": "1", "amount": "0.1"}, {"line_number": "2", "amount": "0.2"}]})
    assert isinstance(doc.net_amount_due, Decimal)
    assert sum(c.amount for c in doc.charges) == doc.net_amount_due
    dumped = json.loads(doc.model_dump_json())
    assert dumped["net_amount_due"] == "0.30"  # a string, so no reader turns it into a float


def test_unknown_fields_and_wrong_types_are_refused() -> None:
    with pytest.raises(ValidationError, match="po_numbr"):
        load_document({"doc_type": "purchase_order", "po_numbr": "1", "po_date": "2026-01-01"})
    with pytest.raises(ValidationError):
        load_document({"doc_type": "purchase_order", "po_number": "1", "po_date": "2026-13-01"})
    with pytest.raises(ValidationError, match="doc_type"):
        load_document({"doc_type": "nonsense"})


def test_status_event_time_must_carry_a_zone() -> None:
    base = {"doc_type": "shipment_status", "carrier_scac": "RRFT", "pro_number": "1"}
    with pytest.raises(ValidationError, match="timezone"):
        load_document({**base, "events": [{"time": "2026-11-30T10:12:00"}]})
    ok = load_document({**base, "events": [{"time": "2026-11-30T10:12:00-05:00"}]})
    assert ok.events[0].time.utcoffset().total_seconds() == -5 * 3600
