"""The browser-test harness itself: the server starts and Chromium renders the app."""

from tests.browser.conftest import assert_no_exception, screenshot, wait_for_app


def test_server_answers_health(live_server):
    import urllib.request

    with urllib.request.urlopen(f"{live_server}/_stcore/health", timeout=5) as resp:
        assert resp.read().decode().strip() == "ok"


def test_root_page_loads_without_exception(live_server, new_page):
    page = new_page()
    page.goto(live_server)
    wait_for_app(page)
    assert page.locator('[data-testid="stApp"]').count() == 1
    assert_no_exception(page)
    path = screenshot(page, "harness-root-desktop")
    assert path.is_file() and path.stat().st_size > 0


def test_root_page_loads_on_a_phone(live_server, new_page):
    page = new_page(390, 844)
    page.goto(live_server)
    wait_for_app(page)
    assert page.viewport_size == {"width": 390, "height": 844}
    assert_no_exception(page)
    screenshot(page, "harness-root-phone")
