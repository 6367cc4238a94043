"""Document search: by PO, shipment id, bill of lading or control number, with paging, wildcards literal."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from tests.reports.history import PARTNER
from tests.web.conftest import sign_in


def _asns(ledger: Ledger, n: int) -> list[int]:
    ids = []
    with ledger.transaction() as s:
        for i in range(n):
            ids.append(docs.create_document(
                s, direction="outbound", partner_id=PARTNER, doc_type="856", actor="t", business_key=f"SHIP-{i}",
                interchange_control=f"{700 + i:09d}", group_control=f"{700 + i}", set_control="0001",
                canonical={"shipment_id": f"SHIP-{i}", "bol_number": f"BOL{i:05d}",
                           "orders": [{"po_number": "PO-SHARED"}]}).id)
    return ids


def test_search_by_shipment_bol_and_control_number(client: TestClient, ledger: Ledger) -> None:
    ids = _asns(ledger, 3)
    sign_in(client, "viewer")
    for term in ("SHIP-1", "BOL00001", "000000701", "701"):
        page = client.get("/documents", params={"q": term}).text
        assert "1 document." in page, term
        assert f'<a href="/documents/{ids[1]}">' in page, term
    assert "0 documents." in client.get("/documents", params={"q": "SHIP_1"}).text  # _ is not a wildcard
    assert "0 documents." in client.get("/documents", params={"q": "%"}).text


def test_search_results_are_paged_with_the_search_kept(client: TestClient, ledger: Ledger) -> None:
    ids = _asns(ledger, 30)
    sign_in(client, "viewer")
    first = client.get("/documents", params={"q": "PO-SHARED"}).text  # the PO inside each ASN
    assert "30 documents." in first and "page 1 of 2" in first
    assert 'href="/documents?q=PO-SHARED&amp;page=2" id="next-page"' in first
    second = client.get("/documents", params={"q": "PO-SHARED", "page": 2}).text
    assert "page 2 of 2" in second
    assert f'<a href="/documents/{ids[0]}">' in second and f'<a href="/documents/{ids[29]}">' not in second
    api = client.get("/api/documents", params={"q": "PO-SHARED", "page": 2}).json()
    assert api["total"] == 30 and [d["id"] for d in api["items"]] == list(reversed(ids[:5]))
