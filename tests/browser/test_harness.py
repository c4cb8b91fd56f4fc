"""The browser-test harness itself: the server starts and Chromium renders the app."""

import urllib.request

from playwright.sync_api import expect

from i18n import t
from tests.browser.conftest import assert_no_exception, screenshot, wait_for_app


def test_server_answers_health(live_server):
    with urllib.request.urlopen(f"{live_server}/_stcore/health", timeout=5) as resp:
        assert resp.read().decode().strip() == "ok"


def open_root(page, base_url: str) -> None:
    page.goto(base_url)
    wait_for_app(page)
    expect(page.get_by_role("button", name=t("login.submit"), exact=True)).to_be_visible()  # the sign-in form
    assert_no_exception(page)


def test_root_page_loads_without_exception(live_server, new_page):
    page = new_page()
    open_root(page, live_server)
    path = screenshot(page, "harness-root-desktop")
    assert path.is_file() and path.stat().st_size > 0


def test_root_page_loads_on_a_phone(live_server, new_page):
    page = new_page(390, 844)
    open_root(page, live_server)
    assert page.viewport_size == {"width": 390, "height": 844}
    screenshot(page, "harness-root-phone")
