"""Users' text in the browser (issue 21 item 6): a weekly report's Markdown reads as typed and
fetches nothing; tables offer no CSV download (Excel would run "=..." in it)."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlmodel import select

from data_access.db import make_engine, read_session
from data_access.ledger_store import RowEdit, latest_rows, update_row
from data_access.models import AppUser, Round, Team
from i18n import t
from tests.browser.conftest import login, screenshot, wait_for_app
from tests.factories import OFFICE

MARKUP = '![t](http://host/track.png) :red[假的红字] **假的强调** =HYPERLINK("http://host")'


def member_team_report(database_url: str) -> None:
    """The member's team's latest weekly report, now holding the markup."""
    engine = make_engine(database_url)
    with read_session(engine) as session:
        team_id = session.exec(select(AppUser.team_id).where(AppUser.username == "member")).one()
        end = session.exec(select(Round.end_date).join(Team, Team.round_id == Round.id).where(Team.id == team_id)).one()
    [report] = latest_rows(engine, OFFICE, "weekly", team_id, end, 1).to_dict("records")
    update_row(engine, OFFICE, "weekly", RowEdit(report["id"], report["version"], {"work_done": MARKUP}))
    engine.dispose()


def open_reports(page, base_url: str) -> None:
    page.goto(f"{base_url}/team_progress")  # by its address: a phone keeps the navigation folded away
    wait_for_app(page)
    page.get_by_role("tab", name=t("progress.tab.reports")).click()
    expect(page.get_by_role("heading", name=t("progress.latest.weekly"))).to_be_visible(timeout=60_000)


def test_a_weekly_reports_markup_is_shown_as_typed_and_fetches_nothing(live_server, new_page):
    fetched = []
    page = new_page()
    page.on("request", lambda request: fetched.append(request.url) if "track.png" in request.url else None)
    login(page, live_server, "member", "member-demo-2021")  # the first run writes the sample
    member_team_report(live_server.database_url)
    open_reports(page, live_server)
    expect(page.get_by_text(MARKUP, exact=True)).to_be_visible()
    expect(page.locator('img[src*="track.png"]')).to_have_count(0)
    expect(page.locator("strong", has_text="假的强调")).to_have_count(0)
    screenshot(page, "users-text-team-reports-1366")
    phone = new_page(390, 844)
    login(phone, live_server, "member", "member-demo-2021")
    open_reports(phone, live_server)
    expect(phone.get_by_text(MARKUP, exact=True)).to_be_visible()
    screenshot(phone, "users-text-team-reports-390")
    assert fetched == []


def csv_buttons(page, base_url: str):
    """The CSV download buttons on the toolbar of the team page's table, shown on hover."""
    login(page, base_url, "office", "office-demo-2021")
    page.goto(f"{base_url}/team_progress")
    wait_for_app(page)
    page.get_by_test_id("stDataFrame").first.hover()
    expect(page.get_by_test_id("stElementToolbar").first.get_by_role("button", name="Fullscreen")).to_be_attached()
    return page.get_by_role("button", name="Download as CSV")


def test_a_table_offers_no_csv_download_on_its_toolbar(live_server, start_server, new_page):
    page = new_page()
    expect(csv_buttons(page, live_server)).to_have_count(0)
    screenshot(page, "users-text-table-toolbar-1366", full_page=False)
    # the same page where Streamlit's default holds: the button this test looks for is there
    exporting = start_server({"STREAMLIT_CLIENT_DISABLE_DATA_EXPORT": "false"})
    expect(csv_buttons(new_page(), exporting)).to_have_count(1)
