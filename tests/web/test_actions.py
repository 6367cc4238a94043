"""The one switch point to the pipeline: which pipeline function a console resubmission calls."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.pipeline import resubmit as pipeline_resubmit
from gateway.web import actions, audit
from gateway.web.users import Principal
from tests.reports.history import PARTNER
from tests.web.sample import rejected_document

OLGA = Principal(1, "olga", "operator", "session")


def test_inbound_goes_through_resubmit_inbound(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    doc_id = rejected_document(ledger)
    calls: list[tuple[Any, ...]] = []

    def fake(rt: Any, document_id: int, *, from_step: str, reason: str, actor: str) -> tuple[int, str]:
        calls.append((rt, document_id, from_step, reason, actor))
        return 99, "posted"

    monkeypatch.setattr(pipeline_resubmit, "resubmit_inbound", fake)
    runtime: Any = object()
    result = actions.resubmit(ledger, runtime, doc_id, who=OLGA, reason="fixed", from_step="post")
    assert calls == [(runtime, doc_id, "post", "fixed", "web:olga")]
    assert (result.new_document_id, result.status) == (99, "posted")
    with ledger.reading() as s:
        entry = audit.recent(s, limit=1)[0]
    assert entry.detail["via"] == "pipeline" and entry.target == f"document:{doc_id}"


def test_outbound_goes_through_regenerate_outbound(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    with ledger.transaction() as s:
        doc_id = docs.create_document(s, direction="outbound", partner_id=PARTNER, doc_type="856", actor="t").id
        docs.fail(s, doc_id, category="transport", reason="host down", actor="t")
        new_id = docs.create_document(s, direction="outbound", partner_id=PARTNER, doc_type="856", actor="t").id

    def fake(rt: Any, document_id: int, *, reason: str, actor: str) -> int:
        assert (document_id, reason, actor) == (doc_id, "resubmitted from the console", "web:olga")
        return new_id

    monkeypatch.setattr(pipeline_resubmit, "regenerate_outbound", fake)
    result = actions.resubmit(ledger, object(), doc_id, who=OLGA, reason=" ")  # type: ignore[arg-type]
    assert (result.new_document_id, result.status) == (new_id, "created")


def test_without_a_runtime_the_ledger_records_the_attempt(ledger: Ledger) -> None:
    doc_id = rejected_document(ledger)
    with pytest.raises(actions.ActionError, match="from step 'validate'"):
        actions.resubmit(ledger, None, doc_id, who=OLGA, reason="x", from_step="validate")
    result = actions.resubmit(ledger, None, doc_id, who=OLGA, reason="x")
    assert result.status == "received" and "waits for the workers" in result.message
    with pytest.raises(actions.ActionError, match="superseded; it cannot be resubmitted"):
        actions.resubmit(ledger, None, doc_id, who=OLGA, reason="x")
