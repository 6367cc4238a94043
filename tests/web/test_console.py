"""The console over HTTP: sign-in, roles, CSRF, document page, actions, downloads, audit, health."""

from __future__ import annotations

import io
import json
import zipfile
from hashlib import sha256

from fastapi.testclient import TestClient

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.web import audit
from tests.web.conftest import form_token, sign_in
from tests.web.sample import rejected_document


def test_pages_need_sign_in_and_wrong_password_is_refused(client: TestClient) -> None:
    response = client.get("/documents?status=rejected")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fdocuments%3Fstatus%3Drejected"
    refused = sign_in(client, "operator", "wrong password")
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login?error=1")
    assert "edigw_session" not in client.cookies


def test_sign_in_then_dashboard(client: TestClient, ledger: Ledger) -> None:
    rejected_document(ledger)
    assert sign_in(client, "viewer").status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    assert "viewer (viewer)" in page.text
    assert "syntax" in page.text  # failures by category


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "admin", "password": "correct horse battery"})
    assert response.status_code == 403


def test_document_page_marks_the_failing_element_and_explains(client: TestClient, ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "viewer")
    page = client.get(f"/documents/{doc_id}").text
    assert '<span class="seg failing" title="BEG01 has an invalid code value">' in page
    assert '<mark class="bad-element">99</mark>' in page
    assert "invalid code value" in page  # the standard meaning of AK403 code 7
    assert "Fix to try: Ask ACME to send BEG01 = 00 (original)" in page
    assert "our 997 to the partner" in page  # obligation clock
    assert "ISA*00" not in page  # only the document's own set is shown


def test_documents_search_by_po_and_paging(client: TestClient, ledger: Ledger) -> None:
    ids = [rejected_document(ledger, po=f"PO-{n}") for n in range(30)]
    sign_in(client, "viewer")
    found = client.get("/documents?q=PO-17").text
    assert f'<a href="/documents/{ids[17]}">' in found and "1 document." in found
    first = client.get("/documents?status=rejected").text
    assert "30 documents." in first and "page 1 of 2" in first
    second = client.get("/documents?status=rejected&page=2").text
    assert f'<a href="/documents/{ids[0]}">' in second and f'<a href="/documents/{ids[29]}">' not in second
    assert client.get("/documents?date_from=yesterday").status_code == 400


def test_viewer_cannot_resubmit_and_it_is_audited(client: TestClient, ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "viewer")
    token = form_token(client, f"/documents/{doc_id}")
    response = client.post(f"/documents/{doc_id}/resubmit", data={"csrf_token": token, "reason": "try"})
    assert response.status_code == 403
    assert "viewer" in response.text and "operator" in response.text
    with ledger.reading() as s:
        assert docs.get_document(s, doc_id).status == "rejected"
        entry = audit.recent(s, limit=1)[0]
    assert (entry.actor, entry.action, entry.outcome) == ("web:viewer", "forbidden", "refused")


def test_operator_resubmits_with_csrf_and_it_is_audited(client: TestClient, ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "operator")
    no_token = client.post(f"/documents/{doc_id}/resubmit", data={"reason": "fixed"})
    assert no_token.status_code == 403
    token = form_token(client, f"/documents/{doc_id}")
    response = client.post(f"/documents/{doc_id}/resubmit", data={"csrf_token": token, "reason": "partner fixed"})
    assert response.status_code == 303
    with ledger.reading() as s:
        assert docs.get_document(s, doc_id).status == "superseded"
        new = docs.list_documents(s, business_key="PO-77")[0]
        entries = [(e.action, e.outcome, e.actor, e.target) for e in audit.recent(s, limit=5)]
    assert response.headers["location"].startswith(f"/documents/{new.id}?message=resubmitted")
    assert (new.resubmission_of_id, new.status) == (doc_id, "received")
    assert ("resubmit", "ok", "web:operator", f"document:{doc_id}") in entries
    assert ("csrf", "refused", "web:operator", f"/documents/{doc_id}/resubmit") in entries


def test_cancel_needs_a_reason(client: TestClient, ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "operator")
    token = form_token(client, f"/documents/{doc_id}")
    empty = client.post(f"/documents/{doc_id}/cancel", data={"csrf_token": token, "reason": " "})
    assert "give+a+reason" in empty.headers["location"]
    done = client.post(f"/documents/{doc_id}/cancel", data={"csrf_token": token, "reason": "sent twice"})
    assert done.status_code == 303
    with ledger.reading() as s:
        assert docs.get_document(s, doc_id).status == "cancelled"


def test_downloads_raw_and_evidence_pack(client: TestClient, ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "viewer")
    raw = client.get(f"/documents/{doc_id}/raw")
    assert raw.status_code == 200 and raw.content.startswith(b"ISA*00*")
    pack = client.get(f"/documents/{doc_id}/evidence")
    assert pack.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(pack.content)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["document_id"] == doc_id and manifest["generated_by"] == "web:viewer"
        for name, digest in manifest["files"].items():
            assert sha256(zf.read(name)).hexdigest() == digest
        assert zf.read(next(n for n in zf.namelist() if n.startswith("raw/"))) == raw.content
        steps = [e["step"] for e in json.loads(zf.read("timeline.json"))]
    assert steps[:2] == ["receive", "create"] and "status" in steps
    assert client.get(f"/documents/{doc_id}/ack").status_code == 404  # no ack was stored


def test_healthz_and_metrics(client: TestClient, ledger: Ledger) -> None:
    rejected_document(ledger)
    assert client.get("/healthz").json()["status"] == "ok"
    text = client.get("/metrics").text
    assert 'edigw_documents{direction="inbound",doc_type="850",partner="acme-test",status="rejected"} 1.0' in text
    assert "edigw_acks_overdue 0.0" in text


def test_compliance_report_in_the_console(client: TestClient, ledger: Ledger) -> None:
    rejected_document(ledger)
    sign_in(client, "viewer")
    page = client.get("/reports/compliance?partner=acme-test&from=2026-01-01&to=2030-12-31")
    assert page.status_code == 200 and '<section class="compliance-report"' in page.text
    csv_text = client.get("/reports/compliance?partner=acme-test&from=2026-01-01&to=2030-12-31&format=csv").text
    assert "rejections,code:7,1" in csv_text
    bad = client.get("/reports/compliance?partner=acme-test&from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 400 and "before it starts" in bad.text


def test_admin_sees_the_audit_log_viewer_does_not(client: TestClient) -> None:
    sign_in(client, "viewer")
    assert client.get("/audit").status_code == 403
    client.cookies.clear()
    sign_in(client, "admin")
    page = client.get("/audit")
    assert page.status_code == 200 and "sign_in" in page.text and "web:viewer" in page.text


def test_partner_page(client: TestClient) -> None:
    sign_in(client, "viewer")
    page = client.get("/partners/acme-test")
    assert page.status_code == 200 and "Acme Test Stores" in page.text and "Money at risk" in page.text
    assert "late_asn: 250.00 per occurrence" in page.text  # the profile's terms
    assert "<tr><td>pallet_label</td><td>50.00 per occurrence</td><td class=\"num\">not measured</td>" in page.text
    assert client.get("/partners/nobody").status_code == 404


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    for target in ("//evil.example/x", "/\\evil.example", "https://evil.example/"):
        page = client.get("/login", params={"next": target})
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post("/login", data={"username": "viewer", "password": "correct horse battery",
                                               "csrf_token": token, "next": target})
        assert response.headers["location"] == "/", target
    page = client.get("/login", params={"next": "/documents?q=1"})
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    ok = client.post("/login", data={"username": "viewer", "password": "correct horse battery",
                                     "csrf_token": token, "next": "/documents?q=1"})
    assert ok.headers["location"] == "/documents?q=1"


def test_odoo_records_link_into_odoo() -> None:
    from gateway.web.detail import odoo_links

    refs = {"records": [{"model": "sale.order", "id": 101, "name": "S00001", "status": "created"}, "junk"]}
    assert odoo_links(refs, "https://odoo.example/") == [
        {"model": "sale.order", "id": 101, "name": "S00001", "status": "created",
         "link": "https://odoo.example/web#model=sale.order&id=101&view_type=form"}]
    assert odoo_links(refs, None)[0]["link"] is None
    assert odoo_links({}, "https://odoo.example") == []
