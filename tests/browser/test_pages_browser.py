"""The real server in headless Chromium: every page opens without an exception for each demo user,
who sees only their own pages; screenshots at projector and phone width."""

import re

import pytest

from data_access.sample.shijiazhuang import DEMO_USERS
from i18n import t
from tests.browser.conftest import assert_no_exception, assert_signed_in, login, screenshot, wait_for_app
from ui.navigation import PAGES, pages_for

ROLE_OF = {"office": "office", "leader": "leadership", "member": "member", "discipline": "discipline"}


def page_name(page_file: str) -> str:
    return page_file.removeprefix("pages/").removesuffix(".py")


def url_path(page_file: str) -> str:
    return "" if page_file == PAGES[0].path else page_name(page_file)  # the first page is the app's address


def password_of(username: str) -> str:
    return next(u["password"] for u in DEMO_USERS if u["username"] == username)


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_each_demo_user_sees_only_their_pages_and_none_fails(live_server, new_page, username):
    page = new_page()
    login(page, live_server, username, password_of(username))
    allowed = [spec.path for spec in pages_for(ROLE_OF[username])]
    page.locator('[data-testid="stSidebarNav"] a').first.wait_for(timeout=30_000)
    links = " ".join(page.locator('[data-testid="stSidebarNav"] a').all_inner_texts())
    for spec in PAGES:
        assert (t(spec.title) in links) == (spec.path in allowed), f"{username}: {t(spec.title)}"
    assert "English" in links and "退出登录" in links  # the account's entries, for every role
    for path in allowed:
        page.goto(f"{live_server}/{url_path(path)}")
        wait_for_app(page)
        assert_signed_in(page)
        assert_no_exception(page)
        screenshot(page, f"{username}-{page_name(path)}-1366")


@pytest.mark.parametrize("path", ["overview", "site_map", "team_progress", "problems", "ledger_entry"])
def test_pages_on_a_phone(live_server, new_page, path):
    page = new_page(390, 844)
    login(page, live_server, "member", password_of("member"))
    page.goto(f"{live_server}/{url_path(f'pages/{path}.py')}")
    wait_for_app(page)
    assert_signed_in(page)
    assert_no_exception(page)
    screenshot(page, f"member-{path}-390")


def test_member_adds_a_daily_record_on_a_phone_and_sees_it_on_the_team_page(live_server, new_page):
    page = new_page(390, 844)
    login(page, live_server, "member", password_of("member"))
    page.goto(f"{live_server}/ledger_entry")
    wait_for_app(page)
    text = "手机录入：走访外卖站点，宣传入会"
    page.get_by_label("工作内容 *").fill(text)
    page.get_by_role("button", name="保存").click()
    wait_for_app(page)
    assert page.get_by_text("已保存日记录").count() >= 1
    page.goto(f"{live_server}/team_progress")
    wait_for_app(page)
    page.get_by_role("tab", name="最新报告").click()
    wait_for_app(page)
    assert page.get_by_text(text).count() >= 1
    screenshot(page, "member-team-after-entry-390")


def test_a_wrong_password_is_refused(live_server, new_page):
    page = new_page()
    login(page, live_server, "office", "not-the-password")
    assert page.get_by_text("用户名或密码不正确", exact=False).count() == 1


def test_site_map_draws_with_the_network_cut_off(live_server, new_page):
    page = new_page()
    outside: list[str] = []

    def only_this_server(route):
        if route.request.url.startswith(str(live_server)):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    login(page, live_server, "leader", password_of("leader"))
    page.goto(f"{live_server}/site_map")
    wait_for_app(page)
    assert_signed_in(page)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    assert page.locator(".js-plotly-plot text", has_text="正定县").count() >= 1  # a district name from the shipped GeoJSON
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() >= 7  # one marker a site
    assert outside == [], outside
    screenshot(page, "leader-site_map-offline-1366")


def test_the_language_switch_relabels_the_page_the_sidebar_and_the_navigation(live_server, new_page):
    page = new_page()
    login(page, live_server, "leader", password_of("leader"))
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.goto(f"{live_server}/problems")
    wait_for_app(page)
    sidebar.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Problem resolution").wait_for(timeout=15_000)  # back on the page it was opened from
    assert page.url.endswith("/problems")
    assert sidebar.get_by_text("Round", exact=True).count() == 1
    assert t("page.site_map", "en") in " ".join(page.locator('[data-testid="stSidebarNav"] a').all_inner_texts())
    screenshot(page, "leader-problems-english-1366")
    sidebar.get_by_role("link", name="中文").click()
    page.get_by_role("heading", name="问题解决").wait_for(timeout=15_000)
    assert sidebar.get_by_text("蹲点轮次", exact=True).count() == 1


def test_a_tab_drawn_only_when_opened_shows_its_content_on_the_click(live_server, new_page):
    page = new_page()
    login(page, live_server, "leader", password_of("leader"))
    page.goto(f"{live_server}/problems")
    wait_for_app(page)
    common_caption = t("problems.common_caption")
    assert page.get_by_text(common_caption).count() == 0
    page.get_by_role("tab", name=t("problems.tab.common")).click()
    wait_for_app(page)
    page.get_by_text(common_caption).wait_for(timeout=15_000)
    assert_no_exception(page)
    screenshot(page, "leader-problems-common-tab-1366")


def test_a_click_on_a_figure_tile_opens_its_rows_and_on_a_team_card_the_team(live_server, new_page):
    page = new_page()
    login(page, live_server, "leader", password_of("leader"))
    six = page.locator("button.tile").filter(has_text="新建工会组织")  # in the tiles' shadow root, which locators enter
    six.wait_for(timeout=30_000)
    shown = int(six.locator(".value").inner_text())
    six.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("新建工会组织").first.wait_for(timeout=15_000)
    assert dialog.get_by_text(f"共 {shown} 条").count() == 1  # the rows behind the figure, as many as it counts
    screenshot(page, "leader-overview-six-rows-1366")
    page.keyboard.press("Escape")
    card = page.locator("button.tile").filter(has_text="正定县正定镇")
    card.click()
    page.wait_for_url("**/team_progress", timeout=15_000)
    wait_for_app(page)
    page.get_by_role("heading", name="正定县正定镇").wait_for(timeout=15_000)


def test_the_leadership_acknowledges_a_risk_in_the_banners_dialog(live_server, new_page):
    page = new_page()
    login(page, live_server, "leader", password_of("leader"))
    page.get_by_role("button", name=re.compile("^逐项查看并标记已阅")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("未化解重大事项").first.wait_for(timeout=15_000)
    screenshot(page, "leader-overview-risks-1366", full_page=False)
    dialog.get_by_role("button", name="已阅 · 7. 建设工会下属行业工会").click()
    page.get_by_text("重大事项未化解").wait_for(state="detached", timeout=15_000)  # the banner has gone
    assert page.get_by_role("dialog").count() == 0  # and its dialog with it: no risk is left open
