"""On a 390 px phone a member saves a monthly exchange and attaches its minutes (a PDF), then their
signed version; the office finds both under the grid's row and downloads each, byte for byte
(screenshots at 390 and 1366 px)."""

import re

from playwright.sync_api import expect

from data_access.sample.shijiazhuang import DEMO_USERS
from tests import attachment_files as files
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app

MINUTES = files.pdf(["Minutes of the August exchange", "Decisions and next steps"])
SIGNED = files.pdf(["Minutes of the August exchange, signed"])
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
    upload(member, "8月交流纪要.pdf", MINUTES)
    expect(member.get_by_text("已上传", exact=True)).to_be_visible()
    expect(member.get_by_text(re.compile(r"^8月交流纪要\.pdf"))).to_be_visible()
    upload_as = member.locator('[data-testid="stSelectbox"]').filter(has_text="上传为")
    upload_as.click()
    member.keyboard.type("新版本")  # the box searches its options as one types
    member.keyboard.press("Enter")
    expect(member.get_by_role("combobox", name="上传为")).to_have_value("8月交流纪要.pdf 的新版本（原版本保留）")
    upload(member, "8月交流纪要-签字版.pdf", SIGNED)
    expect(member.get_by_text("已上传为新版本，之前的版本保留")).to_be_visible()
    listed = member.get_by_text(re.compile(r"^8月交流纪要-签字版\.pdf\s+会议纪要 · 第 2 版"))
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
        listed = office.get_by_text(re.compile(r"^8月交流纪要-签字版\.pdf"))
        expect(listed).to_be_visible()  # under the newest row: the member's
        assert_no_exception(office)
        listed.scroll_into_view_if_needed()
        screenshot(office, f"office-downloads-minutes-{width}")
        assert downloaded(office, office.get_by_role("button", name="下载", exact=True)) == ("8月交流纪要-签字版.pdf", SIGNED)
        office.get_by_role("button", name="历史版本（1）").click()  # the first version, kept
        earlier = office.get_by_test_id("stPopoverBody").get_by_role("button", name="下载", exact=True)
        expect(earlier).to_be_visible()
        screenshot(office, f"office-earlier-version-{width}")
        assert downloaded(office, earlier) == ("8月交流纪要.pdf", MINUTES)


def upload(page, name: str, data: bytes) -> None:
    # Streamlit's own words ("Upload", "20MB per file") replaced by the catalogue's
    expect(page.get_by_test_id("stFileUploader").get_by_role("button", name="选择文件")).to_be_visible()
    limit = page.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span")
    expect(limit).to_have_css("font-size", "0px")  # hidden: the style writes the catalogue's words after it
    assert limit.evaluate("e => getComputedStyle(e, '::after').content") == '"每个文件不超过 20 MB · PDF、DOCX、JPG、PNG"'
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": data}]
    )
    page.get_by_role("button", name="上传", exact=True).click()


def downloaded(page, button) -> tuple[str, bytes]:
    """The name and bytes of what a click on ``button`` downloads."""
    expect(button).to_be_visible()
    wait_for_app(page)  # a click while a run redraws the button would be lost
    with page.expect_download() as downloading:
        button.click()
    saved = downloading.value
    with open(saved.path(), "rb") as file:
        return saved.suggested_filename, file.read()


def test_the_office_sets_the_attachment_cap_among_its_settings(live_server, new_page):
    office = signed_in(new_page, live_server, "office", 1366, 768)
    office.goto(f"{live_server}/admin_settings")
    wait_for_app(office)
    cap = office.get_by_label("附件大小上限（MB）")
    expect(cap).to_have_value("20")  # the default, as the server's upload cap
    cap.scroll_into_view_if_needed()
    screenshot(office, "office-settings-attachment-cap-1366")
