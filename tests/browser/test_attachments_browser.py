"""On a 390 px phone a member saves a monthly exchange and attaches its minutes (a PDF); the office
finds them under the grid's row and downloads them, byte for byte (screenshots at 390 and 1366 px)."""

import re

from playwright.sync_api import expect

from data_access.sample.shijiazhuang import DEMO_USERS
from tests import attachment_files as files
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app

MINUTES = files.pdf(["Minutes of the August exchange", "Decisions and next steps"])
ATTENDEES = "手机附件测试：正定县总工会、工作组"


def signed_in(new_page, base_url: str, username: str, width: int, height: int):
    page = new_page(width, height)
    login(page, base_url, username, next(u["password"] for u in DEMO_USERS if u["username"] == username))
    return page


def open_files(page) -> None:
    """Open the page's 附件 section."""
    page.get_by_test_id("stExpander").filter(has_text="附件").get_by_text("附件", exact=True).click()
    expect(page.get_by_label("附件所属记录")).to_be_attached()


def test_a_member_attaches_minutes_on_a_phone_and_the_office_downloads_them(live_server, new_page):
    member = signed_in(new_page, live_server, "member", 390, 844)
    member.goto(f"{live_server}/ledger_entry")
    wait_for_app(member)
    member.get_by_test_id("stButtonGroup").get_by_text("月交流", exact=True).click()
    member.get_by_label("参加人员 *").fill(ATTENDEES)
    member.get_by_label("会议纪要 *").fill("研究快递员入会和欠薪问题")
    member.get_by_role("button", name="保存", exact=True).click()
    expect(member.get_by_text(re.compile("已保存月交流"))).to_be_visible()
    open_files(member)
    expect(member.get_by_text("这条记录还没有附件。")).to_be_visible()
    member.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "8月交流纪要.pdf", "mimeType": "application/pdf", "buffer": MINUTES}]
    )
    member.get_by_role("button", name="上传", exact=True).click()
    expect(member.get_by_text("已上传", exact=True)).to_be_visible()
    listed = member.get_by_text(re.compile(r"^8月交流纪要\.pdf"))
    expect(listed).to_be_visible()
    assert_no_exception(member)
    listed.scroll_into_view_if_needed()
    screenshot(member, "member-attaches-minutes-390")

    for width, height in ((390, 844), (1366, 768)):
        office = signed_in(new_page, live_server, "office", width, height)
        office.goto(f"{live_server}/ledger_grid")
        wait_for_app(office)
        office.locator('[data-testid="stSelectbox"]').filter(has_text="台账类型").click()
        office.get_by_role("option", name="月交流", exact=True).click()
        open_files(office)
        listed = office.get_by_text(re.compile(r"^8月交流纪要\.pdf"))
        expect(listed).to_be_visible()  # under the newest row: the member's
        assert_no_exception(office)
        listed.scroll_into_view_if_needed()
        screenshot(office, f"office-downloads-minutes-{width}")
        with office.expect_download() as downloading:
            office.get_by_role("button", name="下载", exact=True).click()
        saved = downloading.value
        assert saved.suggested_filename == "8月交流纪要.pdf"
        with open(saved.path(), "rb") as file:
            assert file.read() == MINUTES
