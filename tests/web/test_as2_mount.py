"""The console serves partners' AS2 messages at /as2, outside sign-in, and exports gateway metrics."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from gateway.ledger import Ledger
from gateway.ledger.models import Interchange
from gateway.transports.as2.profiles import As2Directory
from gateway.web.app import mount_as2
from tests.transports.as2_fixtures import Party, parties  # noqa: F401 - fixture
from tests.transports.as2_http_helpers import bob_route
from tests.transports.test_as2_http_receive import ENVELOPED, full_message, headers


def test_as2_message_posted_to_the_console_is_received_without_sign_in(
        app: Any, ledger: Ledger, parties: dict[str, Party], tmp_path: Path) -> None:  # noqa: F811
    alice, bob = parties["alice"], parties["bob"]
    mount_as2(app, As2Directory([bob_route(bob, alice)]), ledger)
    client = TestClient(app)
    body, _ = full_message(tmp_path, bob, alice)
    response = client.post("/as2", content=body, headers=headers(ENVELOPED), follow_redirects=False)
    assert response.status_code == 200, response.text
    assert "processed" in response.text and "error" not in response.text.split("Disposition:")[1][:80]
    with ledger.reading() as s:
        assert s.scalar(select(func.count()).select_from(Interchange)) == 1
    unknown = client.post("/as2", content=body, headers=headers(ENVELOPED, sender="mallory"), follow_redirects=False)
    assert unknown.status_code != 303 and "unknown-trading-partner" in unknown.text


def test_metrics_include_the_gateway_wide_registry(client: TestClient) -> None:
    text = client.get("/metrics").text
    assert "# TYPE edigw_web_requests" in text  # the console's own
    assert "# TYPE edigw_step_duration_seconds" in text and "# TYPE edigw_queue_depth" in text  # gateway-wide
