"""The leader builds the meeting briefing on the documents page and downloads it; the page at a
projector's and a phone's width (screenshots in test-artifacts/screenshots/)."""

import io
import re

from docx import Document
from playwright.sync_api import expect

from data_access.sample.shijiazhuang import DEMO_USERS
from tests.browser.conftest import assert_no_exception, login, screenshot

BUILD = ("生成会议材料", "生成总结报告", "生成督办通知")


def open_documents(page, base_url: str) -> None:
    password = next(u["password"] for u in DEMO_USERS if u["username"] == "leader")
    login(page, base_url, "leader", password)
    page.goto(f"{base_url}/documents")
    for label in BUILD:
        expect(page.get_by_role("button", name=label)).to_be_visible(timeout=60_000)
    assert_no_exception(page)


def test_the_leader_builds_and_downloads_the_briefing(live_server, new_page):
    page = new_page(1366, 768)
    open_documents(page, live_server)
    screenshot(page, "documents-1366")
    page.get_by_role("button", name="生成会议材料").click()
    download = page.get_by_role("button", name=re.compile(r"^下载 会议材料-.*\.docx$"))
    expect(download).to_be_visible(timeout=180_000)  # the charts are drawn in a browser on the server
    assert_no_exception(page)
    screenshot(page, "documents-built-1366")
    with page.expect_download() as downloading:
        download.click()
    saved = downloading.value
    assert saved.suggested_filename.startswith("会议材料-") and saved.suggested_filename.endswith(".docx")
    with open(saved.path(), "rb") as file:
        doc = Document(io.BytesIO(file.read()))
    assert doc.paragraphs[0].text == "2021年机关干部赴基层蹲点活动\n工作进展情况汇报"
    assert len(doc.inline_shapes) == 3  # its charts


def test_the_documents_page_on_a_phone(live_server, new_page):
    page = new_page(390, 844)
    open_documents(page, live_server)
    screenshot(page, "documents-390")
