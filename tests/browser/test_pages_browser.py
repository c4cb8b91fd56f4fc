"""The real server in headless Chromium: every page opens without an exception for each demo user,
who sees only their own pages and is refused the office's by their address; screenshots at
projector and phone width."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from data_access.db import get_engine
from data_access.sample.shijiazhuang import DEMO_USERS
from i18n import t
from tests import sample_facts as facts
from tests.browser.conftest import assert_no_exception, assert_signed_in, login, screenshot, submit_sign_in, wait_for_app
from ui.navigation import PAGES, pages_for

ROLE_OF = {"office": "office", "leader": "leadership", "member": "member", "discipline": "discipline"}
NAVIGATION = '[data-testid="stSidebarNav"]'
OFFICE_ONLY = [spec for spec in PAGES if spec.roles == ("office",)]
# What Streamlit 1.67 shows for an address that is not one of the user's pages (in English whatever
# the app's language: it is Streamlit's own notice), over the role's first page.
PAGE_NOT_FOUND = ("Page not found", "The page that you have requested does not seem to exist. Running the app's main page.")


def page_name(page_file: str) -> str:
    return page_file.removeprefix("pages/").removesuffix(".py")


def url_path(page_file: str) -> str:
    return "" if page_file == PAGES[0].path else page_name(page_file)  # the first page is the app's address


def password_of(username: str) -> str:
    return next(u["password"] for u in DEMO_USERS if u["username"] == username)


def signed_in(new_page, base_url: str, username: str, width: int = 1366, height: int = 768):
    page = new_page(width, height)
    login(page, base_url, username, password_of(username))
    return page


def open_path(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)


def current_link(page):
    """The navigation's entry of the page shown."""
    return page.locator(f'{NAVIGATION} a[aria-current="page"]')


@pytest.mark.parametrize("username", list(ROLE_OF))
def test_each_demo_user_sees_only_their_pages_and_none_fails(live_server, new_page, username):
    page = signed_in(new_page, live_server, username)
    allowed = pages_for(ROLE_OF[username])
    links = page.locator(f"{NAVIGATION} a")
    expected = [t(spec.title) for spec in allowed] + [t("app.other_language"), t("app.sign_out")]  # the account's, for every role
    expect(links).to_have_count(len(expected))
    expect(links).to_contain_text(expected)
    for spec in allowed:
        open_path(page, live_server, url_path(spec.path))
        assert_signed_in(page)
        expect(current_link(page)).to_contain_text(t(spec.title))
        assert_no_exception(page)
        screenshot(page, f"{username}-{page_name(spec.path)}-1366")


def test_an_office_page_opened_by_its_address_is_refused_to_the_member_and_the_leader(live_server, new_page):
    office = signed_in(new_page, live_server, "office")
    for spec in OFFICE_ONLY:  # the addresses are right: the office gets each page
        open_path(office, live_server, page_name(spec.path))
        expect(office.get_by_role("heading", name=t(spec.title))).to_be_visible()
    the_round = facts.newest_round(get_engine(live_server.database_url))
    for username in ("member", "leader"):
        page = signed_in(new_page, live_server, username)
        first = pages_for(ROLE_OF[username])[0]
        for spec in OFFICE_ONLY:
            open_path(page, live_server, page_name(spec.path))
            notice = page.get_by_role("dialog")
            expect(notice.get_by_role("heading")).to_have_text(PAGE_NOT_FOUND[0])
            expect(notice).to_contain_text(PAGE_NOT_FOUND[1])
            expect(page).to_have_url(f"{live_server}/")  # at the role's first page instead
            expect(current_link(page)).to_contain_text(t(first.title))
            expect(page.get_by_role("heading", name=the_round.name)).to_be_visible()  # the overview's own title
            expect(page.get_by_role("heading", name=t(spec.title))).to_have_count(0)
            expect(page.locator(f"{NAVIGATION} a").filter(has_text=t(spec.title))).to_have_count(0)
            assert_signed_in(page)
        screenshot(page, f"{username}-refused-{page_name(OFFICE_ONLY[-1].path)}-1366")


@pytest.mark.parametrize("path", ["overview", "site_map", "team_progress", "problems", "ledger_entry"])
def test_pages_on_a_phone(live_server, new_page, path):
    page = signed_in(new_page, live_server, "member", 390, 844)
    spec = next(s for s in PAGES if s.path == f"pages/{path}.py")
    open_path(page, live_server, url_path(spec.path))
    assert_signed_in(page)
    expect(current_link(page)).to_contain_text(t(spec.title))  # in the folded sidebar
    assert_no_exception(page)
    screenshot(page, f"member-{path}-390")


def test_member_adds_a_daily_record_on_a_phone_and_sees_it_on_the_team_page(live_server, new_page):
    page = signed_in(new_page, live_server, "member", 390, 844)
    open_path(page, live_server, "ledger_entry")
    text = "手机录入：走访外卖站点，宣传入会"
    page.get_by_label("工作内容 *").fill(text)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存日记录")).to_be_visible()
    assert text in facts.daily_record_contents(get_engine(live_server.database_url))
    open_path(page, live_server, "team_progress")
    page.get_by_role("tab", name="最新报告").click()
    expect(page.get_by_text(text)).to_be_visible()
    screenshot(page, "member-team-after-entry-390")


def test_a_wrong_password_is_refused(live_server, new_page):
    page = new_page()
    submit_sign_in(page, live_server, "office", "not-the-password")
    expect(page.get_by_text(t("auth.refused"))).to_be_visible()
    expect(page.locator(NAVIGATION)).to_have_count(0)


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
    open_path(page, live_server, "site_map")
    assert_signed_in(page)
    plot = page.locator(".js-plotly-plot").first
    expect(plot.locator("text", has_text="正定县").first).to_be_visible()  # a district name from the shipped GeoJSON
    the_round = facts.newest_round(get_engine(live_server.database_url))
    expect(plot.locator(".scatterlayer .point")).to_have_count(facts.sites_on_the_map(get_engine(live_server.database_url), the_round.id))
    assert outside == [], outside
    screenshot(page, "leader-site_map-offline-1366")


def test_the_language_switch_relabels_the_page_the_sidebar_and_the_navigation(live_server, new_page):
    page = signed_in(new_page, live_server, "leader")
    sidebar = page.locator('[data-testid="stSidebar"]')
    open_path(page, live_server, "problems")
    sidebar.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name=t("page.problems", "en"))).to_be_visible()  # back on the page it was opened from
    expect(page).to_have_url(re.compile(r"/problems$"))
    expect(sidebar.get_by_text("Round", exact=True)).to_have_count(1)
    expect(page.locator(f"{NAVIGATION} a").filter(has_text=t("page.site_map", "en"))).to_have_count(1)
    screenshot(page, "leader-problems-english-1366")
    sidebar.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", name=t("page.problems"))).to_be_visible()
    expect(sidebar.get_by_text("蹲点轮次", exact=True)).to_have_count(1)


def test_a_tab_drawn_only_when_opened_shows_its_content_on_the_click(live_server, new_page):
    page = signed_in(new_page, live_server, "leader")
    open_path(page, live_server, "problems")
    expect(page.get_by_role("heading", name=t("page.problems"))).to_be_visible()
    common_caption = page.get_by_text(t("problems.common_caption"))
    expect(common_caption).to_have_count(0)
    page.get_by_role("tab", name=t("problems.tab.common")).click()
    expect(common_caption).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "leader-problems-common-tab-1366")


def test_a_click_on_a_figure_tile_opens_its_rows_and_on_a_team_card_the_team(live_server, new_page):
    engine = get_engine(live_server.database_url)
    the_round = facts.newest_round(engine)
    as_of = min(max(date.today(), the_round.start_date), the_round.end_date)  # the overview's day: today, within the round
    founded, rows = facts.new_unions(engine, the_round.id, as_of)
    page = signed_in(new_page, live_server, "leader")
    six = page.locator("button.tile").filter(has_text="新建工会组织")  # in the tiles' shadow root, which locators enter
    expect(six.locator(".value")).to_have_text(str(founded))
    six.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("新建工会组织").first).to_be_visible()
    expect(dialog.get_by_text(f"共 {rows} 条")).to_be_visible()  # the union rows that founded any
    screenshot(page, "leader-overview-six-rows-1366")
    page.keyboard.press("Escape")
    label = facts.team_labels(engine, the_round.id)[0]
    page.locator("button.tile").filter(has_text=label).click()
    expect(page).to_have_url(re.compile(r"/team_progress$"))
    expect(page.get_by_role("heading", name=label)).to_be_visible()


def test_the_leadership_acknowledges_a_risk_in_the_banners_dialog(live_server, new_page):
    engine = get_engine(live_server.database_url)
    [team] = facts.open_risk_teams(engine, facts.newest_round(engine).id)
    page = signed_in(new_page, live_server, "leader")
    banner = page.get_by_text("重大事项未化解")
    expect(banner).to_be_visible()
    page.get_by_role("button", name=re.compile("^逐项查看并标记已阅")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("未化解重大事项").first).to_be_visible()
    screenshot(page, "leader-overview-risks-1366", full_page=False)
    dialog.get_by_role("button", name=f"已阅 · {team}").click()
    expect(banner).to_have_count(0)  # the banner has gone
    expect(page.get_by_role("dialog")).to_have_count(0)  # and its dialog with it: no risk is left open
