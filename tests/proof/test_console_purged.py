"""The console after retention: purged raw bytes are explained, not a 500; viewers see no write forms.

Uses the console fixtures of ``tests/web`` (a migrated ledger, a user per role, the app). The
interchange is purged by the real :func:`gateway.ledger.retention.purge`, run "100 days later".
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from fastapi.testclient import TestClient

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.ledger.interchanges import mark_processed
from gateway.ledger.retention import purge
from gateway.ledger.status import DocumentStatus
from gateway.ledger.types import utcnow
from tests.reports.conftest import clock, ledger, ledger_template  # noqa: F401 - fixtures
from tests.web.conftest import app, client, sign_in, users  # noqa: F401 - fixtures
from tests.web.sample import rejected_document


def purged_document(ledger: Ledger) -> tuple[int, str]:  # noqa: F811
    """A cancelled document whose interchange retention purged; (document id, expected notice)."""
    doc_id = rejected_document(ledger)
    with ledger.transaction() as s:
        doc = docs.get_document(s, doc_id)
        assert doc.interchange_id is not None
        mark_processed(s, doc.interchange_id, actor="test", documents=1)
        docs.transition(s, doc_id, DocumentStatus.CANCELLED, actor="test", step="cancel", detail={"reason": "t"})
    later = utcnow() + timedelta(days=100)
    assert purge(ledger, retention_days=30, now=later).contents == 1
    return doc_id, f"raw content purged on {later.strftime('%Y-%m-%d')} (retention policy)"


def test_document_page_and_api_say_the_raw_content_was_purged(client: TestClient, ledger: Ledger) -> None:  # noqa: F811
    doc_id, notice = purged_document(ledger)
    sign_in(client, "viewer")
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200, page.text[:500]
    assert notice in page.text and 'id="raw-purged"' in page.text and 'id="raw-edi"' not in page.text
    api = client.get(f"/api/documents/{doc_id}")
    assert api.status_code == 200 and api.json()["raw_purged"] == notice
    raw = client.get(f"/documents/{doc_id}/raw")
    assert raw.status_code == 410 and notice in raw.text


def test_evidence_pack_manifest_says_the_raw_content_was_purged(client: TestClient, ledger: Ledger) -> None:  # noqa: F811
    doc_id, notice = purged_document(ledger)
    sign_in(client, "viewer")
    response = client.get(f"/documents/{doc_id}/evidence")
    assert response.status_code == 200, response.text[:500]
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    with ledger.reading() as s:
        raw_name = f"raw/interchange-{docs.get_document(s, doc_id).interchange_id}.edi"
    assert list(manifest["purged"]) == [raw_name]
    assert raw_name not in names and raw_name not in manifest["files"]
    entry = manifest["purged"][raw_name]
    assert entry["notice"] == notice and len(entry["sha256"]) == 64 and entry["size"] > 0
    assert "timeline.json" in manifest["files"]  # the rest of the pack is still there


def test_unpurged_document_shows_its_raw_edi(client: TestClient, ledger: Ledger) -> None:  # noqa: F811
    doc_id = rejected_document(ledger)
    sign_in(client, "viewer")
    page = client.get(f"/documents/{doc_id}")
    assert 'id="raw-edi"' in page.text and "purged" not in page.text
    assert client.get(f"/documents/{doc_id}/raw").content.startswith(b"ISA*00*")


def test_viewer_sees_no_resubmit_or_cancel_form_and_the_operator_does(client: TestClient, ledger: Ledger) -> None:  # noqa: F811
    doc_id = rejected_document(ledger)
    sign_in(client, "viewer")
    viewer_page = client.get(f"/documents/{doc_id}").text
    for marker in ('id="resubmit-form"', 'id="cancel-form"', f'action="/documents/{doc_id}/resubmit"',
                   f'action="/documents/{doc_id}/cancel"', 'id="resubmit"'):
        assert marker not in viewer_page, marker
    assert 'id="operators-only"' in viewer_page
    client.post("/logout", data={"csrf_token": viewer_page.split('name="csrf_token" value="')[1].split('"')[0]})
    client.cookies.clear()
    sign_in(client, "operator")
    operator_page = client.get(f"/documents/{doc_id}").text
    assert 'id="resubmit-form"' in operator_page and 'id="cancel-form"' in operator_page
    assert 'id="operators-only"' not in operator_page
