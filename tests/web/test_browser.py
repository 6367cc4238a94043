"""The console in a real browser: Debian's chromium, headless, driven by Playwright's Python package.

One real pipeline behind it: a SQLite ledger, local mailboxes, the Odoo sandbox seeded from the
profiles. ACME's order for an unknown item fails in translation; an operator signs in, finds it,
reads why, the cross-reference is added to the profile (as an integration engineer would, in the
YAML file), the operator resubmits and sees it posted; a viewer is refused; the compliance report
shows the figures. Screenshots go to test-artifacts/browser/.

Nothing is downloaded at test time: the browser is /usr/bin/chromium (Debian package
``chromium``) and Playwright is used only as a driver (``playwright install`` is never run).
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gateway.ledger import Ledger
from gateway.partners.registry import PartnerRegistry
from gateway.web.app import create_app
from gateway.web.settings import WebSettings
from gateway.web.users import create_user
from tests.conftest import REPO, SAMPLE_DOCS
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.integration

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "browser"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WAIT_MS = 60_000  # upper bound of every wait on a loaded machine; never slept
FIX = '    - {odoo_product: GADGET-10, vendor_part: ZZ-999, upc: "012345999994"}\n'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless chromium (skips with the reason when it or Playwright is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def console(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A served console over a real pipeline with one failed ACME order."""
    from gateway.odoo.client import OdooClient
    from gateway.odoo.sandbox import start_sandbox
    from gateway.pipeline.demo import sandbox_settings
    from gateway.pipeline.demo_seed import seed_from_profiles
    from gateway.pipeline.failures import RetryPolicy
    from gateway.pipeline.runner import build_runtime, run_cycle

    partners = tmp_path / "partners"
    shutil.copytree(REPO / "trading_partners", partners)
    ledger = Ledger.from_url(f"sqlite:///{tmp_path / 'ledger.sqlite3'}")
    ledger.upgrade()
    with ledger.transaction() as s:
        create_user(s, "olga", PASSWORD, "operator")
        create_user(s, "vic", PASSWORD, "viewer")
    server = start_sandbox(version=17, path=tmp_path / "odoo.sqlite3")
    rt = build_runtime(ledger, PartnerRegistry.from_dir(partners), tmp_path / "mailboxes",
                       lambda: OdooClient(sandbox_settings(server.url)), retry=RetryPolicy(max_attempts=1), actor="test")
    seed_from_profiles(rt.odoo()[0], rt.registry)
    inbox = rt.transports["acme-retail"].inbox  # type: ignore[attr-defined]
    shutil.copy(SAMPLE_DOCS / "acme-retail" / "broken" / "850_unknown-item.edi", inbox / "850_unknown-item.edi")
    run_cycle(rt)

    import uvicorn

    app = create_app(ledger, lambda: PartnerRegistry.from_dir(partners), WebSettings(secret_key="browser-test"),
                     runtime=rt)
    port = _free_port()
    web = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not web.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert web.started, "the console did not start"
    try:
        yield {"url": f"http://127.0.0.1:{port}", "partners": partners, "ledger": ledger}
    finally:
        web.should_exit = True
        thread.join(timeout=10)
        rt.close()
        server.stop()
        ledger.dispose()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _open(page: Any, click: str, url: str) -> None:
    """Click a link or submit button and wait until the browser has loaded the page it leads to."""
    with page.expect_navigation(url=re.compile(url), wait_until="load"):
        page.click(click)


def _sign_in(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/login", wait_until="load")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    _open(page, "#sign-in", rf"{re.escape(base)}/$")
    _expect(page.locator("#who")).to_contain_text(user)


def _expect(locator: Any) -> Any:
    from playwright.sync_api import expect

    return expect(locator)


@pytest.fixture
def pages(browser: Any, request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Browser tabs by name; each is screenshotted as ``failure-<name>`` when the test fails.

    Waits are for explicit page states (a navigation finished, an element shows a text); the
    generous default timeout is only an upper bound for a loaded machine, never a sleep.
    """
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT_MS)
    opened: dict[str, Any] = {}

    def new(name: str) -> Any:
        page = browser.new_page()
        page.set_default_timeout(WAIT_MS)
        page.set_default_navigation_timeout(WAIT_MS)
        opened[name] = page
        return page

    yield {"new": new}
    failed = getattr(request.node, "rep_call", None)
    for name, page in opened.items():
        if failed is not None and failed.failed:
            _shot(page, f"failure-{name}")
        page.close()


def test_operator_fixes_and_resubmits_a_failed_order_viewer_cannot(pages: dict[str, Any],
                                                                   console: dict[str, Any]) -> None:
    base = console["url"]
    viewer = pages["new"]("viewer")
    _sign_in(viewer, base, "vic")
    viewer.goto(f"{base}/documents?status=failed", wait_until="load")
    _expect(viewer.locator("#documents tr")).to_have_count(2)
    _open(viewer, "#documents a >> nth=0", rf"{re.escape(base)}/documents/\d+(\?.*)?$")
    # a viewer is shown no resubmit or cancel form, and a hand-made post is still refused
    _expect(viewer.locator("#resubmit-form")).to_have_count(0)
    _expect(viewer.locator("#cancel-form")).to_have_count(0)
    _expect(viewer.locator("#operators-only")).to_be_visible()
    _shot(viewer, "01-viewer-no-actions")
    token = viewer.locator("form.who input[name=csrf_token]").get_attribute("value")
    refused = viewer.request.post(f"{viewer.url.split('?')[0]}/resubmit", max_redirects=0,
                                  form={"csrf_token": token, "reason": "trying", "from_step": "translate"})
    assert refused.status == 403 and "vic is a viewer; this needs the operator role" in refused.text()
    viewer.reload(wait_until="load")
    _expect(viewer.locator("#doc-status")).to_have_text("failed")  # the refused resubmission changed nothing

    page = pages["new"]("operator")
    _sign_in(page, base, "olga")
    _shot(page, "02-dashboard")
    _open(page, "text=Documents", rf"{re.escape(base)}/documents(\?.*)?$")
    # find the rejected order by its PO number (the search covers PO, shipment, BOL and control numbers)
    page.fill("#search", "4500012360")
    page.select_option("#filter-status", "failed")
    _open(page, "#apply-filters", rf"{re.escape(base)}/documents\?.*q=4500012360")
    rows = page.locator("#documents tr")
    _expect(rows).to_have_count(2)  # header + the failed order
    _expect(rows.nth(1)).to_contain_text("4500012360")
    _open(page, "#documents a >> nth=0", rf"{re.escape(base)}/documents/\d+(\?.*)?$")
    errors = page.locator("#errors")
    _expect(errors).to_contain_text("no Odoo product for partner codes")
    _expect(errors).to_contain_text("ZZ-999")
    _expect(errors).to_contain_text("Fix to try: Add the missing cross-reference")
    _expect(page.locator("#doc-status")).to_have_text("failed")
    _shot(page, "03-failed-order")

    # the integration engineer adds the item to ACME's cross-references
    profile = console["partners"] / "acme-retail.yaml"
    profile.write_text(profile.read_text().replace("  odoo_units:", FIX + "  odoo_units:", 1))

    page.fill("#resubmit-reason", "added ZZ-999 to ACME's cross-references")
    _open(page, "#resubmit", rf"{re.escape(base)}/documents/\d+(\?.*)?$")
    _expect(page.locator("#flash")).to_contain_text("now posted")
    _expect(page.locator("#doc-status")).to_have_text("posted")
    _expect(page.locator("#odoo-records")).to_contain_text("sale.order")
    _shot(page, "04-posted")

    _open(page, "text=Reports", rf"{re.escape(base)}/reports$")
    page.select_option("#report-partner", "acme-retail")
    _open(page, "#run-report", rf"{re.escape(base)}/reports/compliance\?")
    _expect(page.locator("#documents-in")).to_have_text("2")  # the failed order and its resubmission
    _expect(page.locator("#money-at-risk")).to_have_text("0.00")  # no ASN yet, so no chargeback
    _expect(page.locator("#chargeback-late_asn")).to_contain_text("3 % of value, min 250.00")
    _shot(page, "05-compliance-report")
