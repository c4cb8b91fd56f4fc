"""The office imports the seed's assignment table through the Excel page: checked, previewed, confirmed;
a hostile file is refused with nothing written."""

from playwright.sync_api import expect

from data_access.sample.shijiazhuang import DEMO_USERS
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app
from tests.fixtures.excel_books import billion_laughs_workbook, messy_seed_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])


def open_excel_page(page, base_url) -> None:
    password = next(u["password"] for u in DEMO_USERS if u["username"] == "office")
    login(page, base_url, "office", password)
    page.goto(f"{base_url}/excel_io")
    wait_for_app(page)


def test_office_imports_the_seed_table_after_a_preview(live_server, new_page):
    page = new_page()
    open_excel_page(page, live_server)
    upload(page, "任务分配表.xlsx", messy_seed_table())
    expect(page.get_by_text("预览：确认后将写入以下内容")).to_be_visible()
    # The table as read is a canvas grid (its text is not in view); the change summary under it is text.
    expect(page.get_by_test_id("stAlertContentInfo").filter(has_text="新增/更新")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    screenshot(page, "office-excel-preview-1366")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_count(1)
    assert_no_exception(page)


def test_a_hostile_workbook_is_refused_with_its_reason(live_server, new_page):
    page = new_page()
    open_excel_page(page, live_server)
    upload(page, "bomb.xlsx", billion_laughs_workbook())
    expect(page.get_by_text("未写入任何数据").first).to_be_visible()
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert_no_exception(page)
