"""The JSON API: tokens, roles, the same data and actions as the pages, OpenAPI, webhooks."""

from __future__ import annotations

import json

import httpx
from fastapi.testclient import TestClient

from gateway.ledger import Ledger
from gateway.web import audit
from gateway.web.users import revoke_token
from gateway.web.webhooks import WebhookNotifier
from tests.web.conftest import sign_in
from tests.web.sample import rejected_document


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_api_needs_a_token_and_refuses_a_revoked_one(client: TestClient, ledger: Ledger,
                                                     users: dict[str, str]) -> None:
    assert client.get("/api/documents").status_code == 401
    assert client.get("/api/me", headers=_auth(users["viewer"])).json() == {
        "username": "viewer", "role": "viewer", "via": "token"}
    with ledger.transaction() as s:
        assert revoke_token(s, "viewer", "tests") == 1
    assert client.get("/api/me", headers=_auth(users["viewer"])).status_code == 401


def test_documents_and_document_detail(client: TestClient, ledger: Ledger, users: dict[str, str]) -> None:
    doc_id = rejected_document(ledger)
    listing = client.get("/api/documents", params={"status": "rejected", "q": "PO-77"},
                         headers=_auth(users["viewer"])).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == doc_id
    detail = client.get(f"/api/documents/{doc_id}", headers=_auth(users["viewer"])).json()
    assert detail["failing_segments"] == [{"number": 4, "segment": "BEG*99*SA*PO-77**20260310", "elements": [1],
                                           "messages": ["BEG01 has an invalid code value"]}]
    assert detail["errors"][0]["meaning"] == "invalid code value"
    assert detail["actions"] == {"resubmit": True, "cancel": True}
    assert [o["name"] for o in detail["obligations"]] == ["our 997 to the partner"]
    assert client.get("/api/documents/999999", headers=_auth(users["viewer"])).status_code == 404


def test_viewer_token_cannot_resubmit_operator_token_can(client: TestClient, ledger: Ledger,
                                                         users: dict[str, str]) -> None:
    doc_id = rejected_document(ledger)
    refused = client.post(f"/api/documents/{doc_id}/resubmit", json={"reason": "x"}, headers=_auth(users["viewer"]))
    assert refused.status_code == 403
    done = client.post(f"/api/documents/{doc_id}/resubmit", json={"reason": "fixed", "from_step": "post"},
                       headers=_auth(users["operator"]))
    assert done.status_code == 200
    body = done.json()
    assert body["document_id"] == doc_id and body["status"] == "received"
    again = client.post(f"/api/documents/{doc_id}/resubmit", json={}, headers=_auth(users["operator"]))
    assert again.status_code == 409 and "superseded" in again.json()["detail"]
    bad_step = client.post(f"/api/documents/{body['new_document_id']}/cancel", json={"reason": ""},
                           headers=_auth(users["operator"]))
    assert bad_step.status_code == 422


def test_session_cookie_writes_need_the_csrf_header(client: TestClient, ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    sign_in(client, "operator")
    assert client.post(f"/api/documents/{doc_id}/cancel", json={"reason": "dup"}).status_code == 403
    page = client.get(f"/documents/{doc_id}").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    ok = client.post(f"/api/documents/{doc_id}/cancel", json={"reason": "dup"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200 and ok.json()["status"] == "cancelled"


def test_openapi_is_published(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/documents", "/api/documents/{document_id}/resubmit", "/api/reports/compliance"} <= set(spec["paths"])
    assert "/login" not in spec["paths"]


def test_compliance_report_json(client: TestClient, ledger: Ledger, users: dict[str, str]) -> None:
    rejected_document(ledger)
    report = client.get("/api/reports/compliance", params={"partner": "acme-test", "from": "2026-01-01",
                                                           "to": "2030-12-31"}, headers=_auth(users["viewer"])).json()
    assert report["rejections"][0]["code"] == "7" and report["documents_in"] == 1
    with ledger.reading() as s:  # the export is audited with who, what and when
        [entry] = [e for e in audit.recent(s) if e.action == "report_export"]
    assert (entry.actor, entry.target, entry.detail["format"]) == ("api:viewer", "partner:acme-test", "json")
    assert entry.at is not None


def test_webhook_posts_new_exceptions_once(ledger: Ledger) -> None:
    rejected_document(ledger, po="PO-OLD")  # before the notifier starts: not sent
    received: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        received.append(json.loads(request.content))
        return httpx.Response(200 if len(received) != 2 else 500)

    notifier = WebhookNotifier(ledger, "http://127.0.0.1:9/hook", client=httpx.Client(transport=httpx.MockTransport(handler)))
    notifier.start_at_newest()
    new_id = rejected_document(ledger, po="PO-NEW")
    assert notifier.deliver() == 1
    assert received[0]["document_id"] == new_id and received[0]["outcome"] == "rejected"
    assert received[0]["reason"] == "BEG01 purpose code 99 is not allowed" and received[0]["partner_id"] == "acme-test"
    other = rejected_document(ledger, po="PO-2ND")
    assert notifier.deliver() == 0  # the target answered 500: kept for the next poll
    assert notifier.deliver() == 1 and received[-1]["document_id"] == other
    assert notifier.deliver() == 0


def test_the_app_runs_the_webhook_loop(ledger: Ledger) -> None:
    import time

    from gateway.partners.registry import PartnerRegistry
    from gateway.web.app import create_app
    from gateway.web.settings import WebSettings
    from tests.reports import history

    received: list[dict] = []
    notifier = WebhookNotifier(ledger, "http://127.0.0.1:9/hook", client=httpx.Client(
        transport=httpx.MockTransport(lambda r: (received.append(json.loads(r.content)), httpx.Response(204))[1])))
    app = create_app(ledger, lambda: PartnerRegistry([history.profile()]),
                     WebSettings(secret_key="s", webhook_interval=0.05), notifier=notifier)
    notifier.start_at_newest()  # what the loop does first when the app starts
    with TestClient(app):
        doc_id = rejected_document(ledger)
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.05)
    assert [(r["document_id"], r["outcome"]) for r in received] == [(doc_id, "rejected")]
