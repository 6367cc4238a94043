"""The operations CLI and steps: list, show, cancel, resubmit (plain and edited), replay dry run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from gateway.cli import main
from gateway.ledger import documents as docs
from gateway.pipeline.context import Runtime
from gateway.pipeline.replay import diff, replay
from gateway.pipeline.resubmit import resubmit_edited
from gateway.pipeline.runner import run_cycle
from tests.pipeline.conftest import SAMPLES, drop

MISSING_ST = SAMPLES / "acme-retail" / "broken" / "850_missing-ship-to.edi"


@pytest.fixture
def cli_env(runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    monkeypatch.setenv("EDIGW_DATABASE_URL", str(runtime.ledger.engine.url))
    monkeypatch.setenv("EDIGW_DATA_DIR", str(tmp_path))
    return runtime


def test_list_show_and_cancel(cli_env: Runtime) -> None:
    drop(cli_env, "acme-retail", "st.edi", MISSING_ST.read_bytes())
    run_cycle(cli_env)
    runner = CliRunner()
    # ACME's guide requires N1*ST: the overlay rejects the set at validation (AK5 R), before Odoo.
    listed = runner.invoke(main, ["documents", "list", "--status", "rejected", "--partner", "acme-retail"])
    assert listed.exit_code == 0 and "4500012362" in listed.output
    assert "4500012362" not in runner.invoke(main, ["documents", "list", "--status", "posted"]).output
    shown = runner.invoke(main, ["documents", "show", "1"])
    assert shown.exit_code == 0, shown.output
    assert "rejected" in shown.output and "N1*ST" in shown.output and "timeline" in shown.output
    assert runner.invoke(main, ["documents", "show", "99"]).exit_code == 1
    cancelled = runner.invoke(main, ["documents", "cancel", "1", "--reason", "partner resent it by phone"])
    assert cancelled.exit_code == 0
    again = runner.invoke(main, ["documents", "cancel", "1", "--reason", "twice"])
    assert again.exit_code == 1 and "cannot move" in again.output


def test_resubmit_edited_file_posts_and_links_the_original(runtime: Runtime) -> None:
    drop(runtime, "acme-retail", "st.edi", MISSING_ST.read_bytes())
    run_cycle(runtime)
    fixed = MISSING_ST.read_text().replace("DTM*010*20261203~", "DTM*010*20261203~\nN1*ST*ACME STORE 0107*92*0107~")
    fixed = fixed.replace("SE*7*0001", "SE*8*0001")
    [new_id] = resubmit_edited(runtime, 1, fixed.encode(), reason="ship-to added per buyer", actor="t")
    with runtime.ledger.reading() as s:
        new = docs.get_document(s, new_id)
        assert new.status == "posted", new.error_reason
        assert new.resubmission_of_id == 1 and docs.get_document(s, 1).status == "superseded"


def test_replay_dry_run_shows_changed_odoo_operations(runtime: Runtime) -> None:
    drop(runtime, "acme-retail", "po.edi", (SAMPLES / "acme-retail" / "850_PO-4500012345.edi").read_bytes())
    run_cycle(runtime)
    since = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    [same] = replay(runtime, "acme-retail", since)
    assert same.outcome == "same"
    profile = runtime.registry.get("acme-retail")
    assert profile is not None
    changed_items = [x.model_copy(update={"odoo_product": "GADGET-20"}) if x.odoo_product == "WIDGET-RED" else x
                     for x in profile.crossrefs.items]
    changed = profile.model_copy(update={"crossrefs": profile.crossrefs.model_copy(update={"items": changed_items})})
    from gateway.partners.registry import PartnerRegistry

    runtime.registry = PartnerRegistry([changed, *[p for p in runtime.registry if p.id != "acme-retail"]])
    [item] = replay(runtime, "acme-retail", since)
    assert item.outcome == "changed"
    assert any("product_code: 'WIDGET-RED' -> 'GADGET-20'" in d for d in item.differences)
    with runtime.ledger.reading() as s:
        assert docs.get_document(s, 1).status == "posted"  # the dry run wrote nothing


def test_diff_reports_nested_changes() -> None:
    assert diff({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}, 4]}) == ["a[1].b: 2 -> 3", "a[2]: None -> 4"]
    assert diff({"x": 1}, {"x": 1}) == []


def test_run_once_takes_a_file_through_the_embedded_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIGW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("EDIGW_DATABASE_URL", raising=False)
    monkeypatch.delenv("EDIGW_ODOO_URL", raising=False)
    inbox = tmp_path / "mailboxes" / "acme-retail" / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "po.edi").write_bytes((SAMPLES / "acme-retail" / "850_PO-4500012345.edi").read_bytes())
    result = CliRunner().invoke(main, ["run", "--once"])
    assert result.exit_code == 0, result.output
    assert "received=1" in result.output
    assert list((tmp_path / "mailboxes" / "acme-retail" / "outbox").glob("*997*"))  # our ack went out
    listed = CliRunner().invoke(main, ["documents", "list", "--partner", "acme-retail"])
    assert "4500012345" in listed.output  # in the unseeded sandbox the customer is unknown: failed, with reason
