"""The problems page on a 1366 × 768 projector: every tile's label on one line, the team table
whole without scrolling sideways, and a rate's tile opening its denominator, unresolved first."""

import re

from playwright.sync_api import expect

from data_access.sample.shijiazhuang import DEMO_USERS
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app

PASSWORDS = {u["username"]: u["password"] for u in DEMO_USERS}
ONE_LINE = (
    "els => els.filter(e => e.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(e).fontSize)).map(e => e.textContent)"
)
SIDEWAYS = "el => el.scrollWidth - el.clientWidth"


def test_problems_page_reads_whole_on_a_projector(new_page, live_server):
    page = new_page(1366, 768)
    login(page, live_server, "leader", PASSWORDS["leader"])
    page.goto(f"{live_server}/problems")
    wait_for_app(page)
    assert_no_exception(page)
    labels = page.locator(".tile .label")
    expect(labels).to_have_count(7)
    assert labels.evaluate_all(ONE_LINE) == []  # no label wraps ("问题登记 / 数")
    scroller = page.get_by_test_id("stDataFrame").first.locator(".dvn-scroller").first
    expect(scroller).to_be_visible()
    assert scroller.evaluate(SIDEWAYS) <= 1  # the team table's last column is in view
    screenshot(page, "problems-1366")

    page.get_by_role("button", name="问题解决率").first.click()
    # The grid draws on a canvas; its headers are also in the table it keeps for screen readers.
    headers = page.get_by_role("dialog").locator("th")
    expect(headers.filter(has_text=re.compile(r"^已解决$"))).to_have_count(1)  # the numerator's flag, a column
    expect(headers.filter(has_text=re.compile(r"^工作组$"))).to_have_count(1)
    expect(headers.filter(has_text=re.compile(r"^(id|编号)$"))).to_have_count(0)
    screenshot(page, "problems-resolution-rows-1366", full_page=False)
