"""A partner sending under another's identity is refused and alerted, for X12 and EDIFACT.

The envelope sender (ISA06 / UNB S002) must belong to the mailbox the file arrived in. A file in
northstar's mailbox claiming to be ACME (or ACME's mailbox claiming to be Euromarkt) must not
reach Odoo; it is rejected with a reason naming both, and the rejection is an alert the console
shows (a ``rejected`` event). The AS2 certificate case is in tests/transports/test_as2*.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.ledger.models import Document, Event
from gateway.pipeline.context import Runtime
from gateway.pipeline.runner import run_cycle
from gateway.web.queries import dashboard
from tests.pipeline.conftest import SAMPLES, drop, registry, runtime, sandbox  # noqa: F401 - fixtures

pytestmark = pytest.mark.integration

CASES = [("northstar-3pl", SAMPLES / "acme-retail" / "850_PO-4500012345.edi", "acme-retail"),
         ("acme-retail", SAMPLES / "euromarkt-gmbh" / "ORDERS_EM-2026-0815.edi", "euromarkt-gmbh")]


@pytest.mark.parametrize(("mailbox", "sample", "claimed"), CASES, ids=["x12", "edifact"])
def test_envelope_sender_not_matching_the_mailbox_is_refused_and_alerted(
        runtime: Runtime, mailbox: str, sample: Path, claimed: str) -> None:  # noqa: F811
    drop(runtime, mailbox, "order.edi", sample.read_bytes())
    run_cycle(runtime)
    with runtime.ledger.reading() as s:
        docs = list(s.scalars(select(Document)))
        assert docs and all(d.status == "rejected" and d.partner_id == mailbox for d in docs), \
            [(d.partner_id, d.status, d.error_reason) for d in docs]
        assert claimed in (docs[0].error_reason or "") and "mailbox" in (docs[0].error_reason or "")
        events = list(s.scalars(select(Event).where(Event.document_id == docs[0].id)))
        assert any(e.outcome == "rejected" for e in events)
        alerts = dashboard(s).alerts
    assert any(a["document_id"] == docs[0].id and a["outcome"] == "rejected" for a in alerts), alerts
    client, _ = runtime.odoo()
    assert client.search_count("sale.order", [("client_order_ref", "!=", False)]) == 0
