"""Error mapping checked against every fault and error recorded from the real Odoo 17 server."""

from __future__ import annotations

import json

import pytest

from gateway.odoo import errors as E
from tests.conftest import ODOO_CONTRACT

A, AU, B, NF, U, NONE = E.OdooAccessError, E.OdooAuthError, E.OdooBusinessError, E.OdooNotFoundError, \
    E.OdooUnknownError, None
# Every fault/error entry of the transcripts, with the class the connector must raise for it.
EXPECTED: dict[tuple[str, int], type[E.OdooError] | None] = {
    ("01_version_auth.json", 10): AU, ("01_version_auth.json", 11): AU, ("01_version_auth.json", 12): AU,
    ("01_version_auth.json", 13): AU, ("01_version_auth.json", 14): U, ("01_version_auth.json", 15): U,
    ("02_master_data.json", 12): B, ("05a_receipt_partial_backorder.json", 5): U,
    ("05c_receipt_lot_tracked.json", 6): B, ("07_message_post.json", 6): U, ("07_message_post.json", 7): U,
    ("09_errors.json", 1): U, ("09_errors.json", 2): U, ("09_errors.json", 3): B, ("09_errors.json", 4): B,
    ("09_errors.json", 5): NF, ("09_errors.json", 6): B, ("09_errors.json", 7): NF, ("09_errors.json", 8): NF,
    ("09_errors.json", 9): NF, ("09_errors.json", 13): NF, ("09_errors.json", 15): NONE, ("09_errors.json", 20): NONE,
    ("09_errors.json", 23): B, ("09_errors.json", 24): B, ("09_errors.json", 28): B, ("09_errors.json", 30): B,
    ("09_errors.json", 31): B, ("09_errors.json", 37): B, ("09_errors.json", 38): A, ("09_errors.json", 39): U,
    ("09_errors.json", 40): B, ("09_errors.json", 41): U, ("09_errors.json", 42): U, ("09_errors.json", 43): U,
    ("09_errors.json", 44): U, ("09_errors.json", 45): U, ("10_idempotency.json", 23): B,
    ("10_idempotency.json", 28): B,
}


def recorded_failures() -> list[tuple[str, int, dict]]:
    out = []
    for path in sorted(ODOO_CONTRACT.glob("[0-9]*.json")) if ODOO_CONTRACT.is_dir() else []:
        for index, entry in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if "fault" in entry or "error" in entry:
                out.append((path.name, index, entry))
    return out


def classify(entry: dict) -> E.OdooError | None:
    if "fault" in entry:
        fault = entry["fault"]
        if fault["faultCode"] == 1 and E.NONE_FAULT in fault["faultString"]:
            return None
        uid = entry["request"]["params"][1] if entry["request"]["method"] == "execute_kw" else None
        return E.from_xmlrpc_fault(fault["faultCode"], fault["faultString"], uid=uid)
    args = entry["request"]["body"]["params"].get("args") or []
    uid = args[1] if len(args) > 1 and isinstance(args[1], int) else None
    return E.from_error_data(entry["error"]["error"]["data"], uid=uid)


def test_every_recorded_failure_is_listed() -> None:
    if not ODOO_CONTRACT.is_dir():
        pytest.skip(f"Odoo contract transcripts not found at {ODOO_CONTRACT}")
    assert {(name, index) for name, index, _ in recorded_failures()} == set(EXPECTED)


@pytest.mark.parametrize(("name", "index", "entry"), recorded_failures() or [pytest.param("", 0, {}, marks=pytest.mark.skip)])
def test_recorded_failure_maps_to_the_right_class(name: str, index: int, entry: dict) -> None:
    expected = EXPECTED[(name, index)]
    error = classify(entry)
    if expected is None:
        assert error is None
    else:
        assert type(error) is expected, f"{name}#{index}: {error!r}"
        assert error is not None and error.message


def test_transient_database_conflicts_are_retryable() -> None:
    trace = ("Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n"
             "psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update")
    assert isinstance(E.from_xmlrpc_fault(1, trace), E.OdooTransientError)
    data = {"name": "psycopg2.errors.LockNotAvailable", "message": "could not obtain lock on row"}
    assert E.from_error_data(data).retryable
    assert E.from_error_data({"name": "odoo.exceptions.LockError", "message": "locked"}).retryable


@pytest.mark.parametrize(("status", "cls"), [(500, E.OdooTransientError), (503, E.OdooTransientError),
                                              (429, E.OdooTransientError), (401, E.OdooAuthError),
                                              (404, E.OdooUnknownError), (400, E.OdooUnknownError)])
def test_http_statuses(status: int, cls: type[E.OdooError]) -> None:
    assert type(E.from_http_status(status, "body")) is cls


def test_missing_error_names_the_record() -> None:
    error = E.from_xmlrpc_fault(2, "Record does not exist or has been deleted.\n(Record: sale.order(7, 9), User: 2)")
    assert isinstance(error, E.OdooNotFoundError)
    assert (error.missing_model, error.missing_ids) == ("sale.order", [7, 9])
    assert "sale.order" in str(error)
