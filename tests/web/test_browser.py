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
    deadline = time.monotonic() + 10
    while not web.started and time.monotonic() < deadline:
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


def _sign_in(page: Any, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base}/")


def test_operator_fixes_and_resubmits_a_failed_order_viewer_cannot(browser: Any, console: dict[str, Any]) -> None:
    base = console["url"]
    viewer = browser.new_page()
    _sign_in(viewer, base, "vic")
    viewer.goto(f"{base}/documents?status=failed")
    viewer.click("#documents a >> nth=0")
    viewer.fill("#resubmit-reason", "trying")
    viewer.click("#resubmit")
    assert "Not allowed" in viewer.inner_text("h1")
    assert "vic is a viewer; this needs the operator role" in viewer.inner_text("#error-detail")
    _shot(viewer, "01-viewer-refused")

    page = browser.new_page()
    _sign_in(page, base, "olga")
    _shot(page, "02-dashboard")
    page.click("text=Documents")
    page.select_option("#filter-status", "failed")
    page.click("#apply-filters")
    rows = page.locator("#documents tr")
    assert rows.count() == 2  # header + the failed order
    assert "4500012360" in rows.nth(1).inner_text()
    page.click("#documents a >> nth=0")
    why = page.inner_text("#errors")
    assert "no Odoo product for partner codes" in why and "ZZ-999" in why
    assert "Fix to try: Add the missing cross-reference" in why
    assert page.inner_text("#doc-status") == "failed"
    _shot(page, "03-failed-order")

    # the integration engineer adds the item to ACME's cross-references
    profile = console["partners"] / "acme-retail.yaml"
    profile.write_text(profile.read_text().replace("  odoo_units:", FIX + "  odoo_units:", 1))

    page.fill("#resubmit-reason", "added ZZ-999 to ACME's cross-references")
    page.click("#resubmit")
    page.wait_for_selector("#flash")
    assert "now posted" in page.inner_text("#flash")
    assert page.inner_text("#doc-status") == "posted"
    assert "sale.order" in page.content()
    _shot(page, "04-posted")

    page.click("text=Reports")
    page.select_option("#report-partner", "acme-retail")
    page.click("#run-report")
    assert page.inner_text("#documents-in") == "2"  # the failed order and its resubmission
    assert page.inner_text("#money-at-risk") == "0.00"
    _shot(page, "05-compliance-report")
