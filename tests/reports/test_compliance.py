"""The compliance report built from a ledger with a known history: every figure is asserted."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from gateway.ledger import Ledger
from gateway.reports import Period, build_report, render
from gateway.reports.model import ReportError
from tests.reports import history
from tests.reports.conftest import Clock

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def report(ledger: Ledger, clock: Clock):  # type: ignore[no-untyped-def]
    history.build(ledger, clock)
    with ledger.reading() as s:
        return build_report(s, history.profile(), MARCH, as_of=history.AS_OF)


def _section(obj: object, expected: dict) -> None:
    for key, value in expected.items():
        assert getattr(obj, key) == value, f"{type(obj).__name__}.{key}"


def test_header_and_counts(report) -> None:  # type: ignore[no-untyped-def]
    e = history.EXPECTED
    assert (report.partner_id, report.partner_name, report.as_of) == (e["partner_id"], e["partner_name"], e["as_of"])
    assert (report.period_first, report.period_last) == (date(2026, 3, 1), date(2026, 3, 31))
    assert (report.documents_in, report.documents_out) == (e["documents_in"], e["documents_out"])


@pytest.mark.parametrize("section", ["acks", "acceptance", "asn", "warehouse", "shipment_status", "freight",
                                     "duplicates"])
def test_every_figure_of_each_section(report, section: str) -> None:  # type: ignore[no-untyped-def]
    _section(getattr(report, section), history.EXPECTED[section])


def test_overdue_list(report) -> None:  # type: ignore[no-untyped-def]
    assert [(o["kind"], o["group_control"], o["deadline"]) for o in report.acks.overdue] == history.EXPECTED["overdue"]


def test_rejections_by_code_with_explanations(report) -> None:  # type: ignore[no-untyped-def]
    assert [(r.code, r.count, r.hint) for r in report.rejections] == history.EXPECTED["rejections"]
    by_code = {r.code: r.explanation for r in report.rejections}
    assert by_code["7"] == "invalid code value"  # the standard AK403 text, not the raw message
    assert by_code["8"] == "segment has data element errors"
    assert by_code["category:master_data"] == "unknown item 123"


def test_chargebacks_and_money_at_risk(report) -> None:  # type: ignore[no-untyped-def]
    assert [(c.rule, c.occurrences, c.at_risk) for c in report.chargebacks] == history.EXPECTED["chargebacks"]
    assert report.money_at_risk == history.EXPECTED["money_at_risk"]
    unmeasured = next(c for c in report.chargebacks if c.rule == "pallet_label")
    assert unmeasured.measured_by == "not measured by the gateway"


def test_json_keeps_every_figure_exactly(report) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(report, "json"))
    assert data["asn"]["average_minutes"] == "100.0"
    assert data["warehouse"]["fill_rate"] == "95.2"
    assert data["money_at_risk"] == "750.00"
    assert data["acks"]["overdue"][0]["deadline"] == "2026-03-21T09:00:00+00:00"
    assert data["acceptance"]["rates"] == {"A": "40.0", "E": "20.0", "P": "0.0", "R": "40.0"}


def test_csv_has_one_row_per_figure(report) -> None:  # type: ignore[no-untyped-def]
    table = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert table[0] == ["section", "metric", "value"]
    values = {(sec, metric): value for sec, metric, value in table[1:]}
    assert values[("acks", "theirs_on_time_rate")] == "25.0"
    assert values[("acceptance", "counts:R")] == "2"
    assert values[("freight", "variance")] == "19.50"
    assert values[("chargebacks", "late_asn:at_risk")] == "500.00"
    assert values[("chargebacks", "pallet_label:occurrences")] == ""
    assert values[("rejections", "code:7")] == "2"
    assert values[("acks", "overdue:997:G032009")] == "2026-03-21T09:00:00+00:00"


def test_html_shows_figures_and_charts(report) -> None:  # type: ignore[no-untyped-def]
    page = render(report, "html")
    assert page.startswith("<!doctype html>")
    assert '<strong id="money-at-risk">750.00</strong>' in page
    assert '<td class="num" id="acceptance-rate-R">40.0%</td>' in page
    assert page.count("<svg") == 3
    assert "invalid code value" in page


def test_empty_period_has_no_rates_rather_than_zero(ledger: Ledger, clock: Clock) -> None:
    history.build(ledger, clock)
    with ledger.reading() as s:
        rep = build_report(s, history.profile(), Period(date(2025, 1, 1), date(2025, 1, 31)), as_of=history.AS_OF)
    assert rep.acks.theirs_expected == 0 and rep.acks.theirs_on_time_rate is None
    assert rep.acceptance.rates == {"A": None, "E": None, "P": None, "R": None}
    assert rep.money_at_risk == Decimal("0.00")
    assert "n/a" in render(rep, "html")


def test_bad_period_and_format_are_clear_errors(report) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReportError, match=r"ends .* before it starts"):
        Period(date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(ReportError, match="unknown report format 'pdf'"):
        render(report, "pdf")


@pytest.mark.integration
def test_postgresql_gives_the_same_report(ledger: Ledger, clock: Clock) -> None:
    """The same history on PostgreSQL (production) gives exactly the same report as on SQLite."""
    from tests.ledger.conftest import create_pg_database, drop_pg_database

    url = create_pg_database("edigw_report")
    pg = Ledger.from_url(url)
    try:
        pg.upgrade()
        history.build(pg, clock)
        history.build(ledger, clock)
        with pg.reading() as s:
            on_pg = build_report(s, history.profile(), MARCH, as_of=history.AS_OF)
        with ledger.reading() as s:
            on_sqlite = build_report(s, history.profile(), MARCH, as_of=history.AS_OF)
        assert on_pg.to_dict() == on_sqlite.to_dict()
        assert on_pg.money_at_risk == history.EXPECTED["money_at_risk"]
    finally:
        pg.dispose()
        drop_pg_database(url)
