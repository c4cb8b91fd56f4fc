"""The office imports the seed's assignment table through the Excel page: checked, previewed, confirmed;
a hostile file is refused with nothing written."""

from data_access.sample.shijiazhuang import DEMO_USERS
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app
from tests.fixtures.excel_books import billion_laughs_workbook, messy_seed_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    wait_for_app(page)


def open_excel_page(page, base_url) -> None:
    password = next(u["password"] for u in DEMO_USERS if u["username"] == "office")
    login(page, base_url, "office", password)
    page.goto(f"{base_url}/excel_io")
    wait_for_app(page)


def test_office_imports_the_seed_table_after_a_preview(live_server, new_page):
    page = new_page()
    open_excel_page(page, live_server)
    upload(page, "任务分配表.xlsx", messy_seed_table())
    assert page.get_by_text("预览：确认后将写入以下内容").count() == 1
    # The table as read is a canvas grid (no DOM text); the change summary under it is text.
    page.get_by_text("新增/更新").first.wait_for(timeout=30_000)
    assert page.locator('[data-testid="stDataFrame"]').count() >= 1
    screenshot(page, "office-excel-preview-1366")
    page.get_by_role("button", name="确认导入").click()
    wait_for_app(page)
    assert_no_exception(page)
    assert page.locator('[data-testid="stAlertContentSuccess"]').count() == 1


def test_a_hostile_workbook_is_refused_with_its_reason(live_server, new_page):
    page = new_page()
    open_excel_page(page, live_server)
    upload(page, "bomb.xlsx", billion_laughs_workbook())
    assert page.get_by_text("未写入任何数据").count() >= 1
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert_no_exception(page)
