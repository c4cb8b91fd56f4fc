"""A team submits its research report on a phone, the office returns it with a comment, the team
resubmits, the office accepts; the office's list of what to chase changes at each step."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import select

from data_access.db import get_engine, read_session
from data_access.models import AppUser, Team
from data_access.sample.shijiazhuang import DEMO_USERS
from tests import sample_facts as facts
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app
from tests.test_figures_support import PDF_BYTES

GRID = '[data-testid="stDataFrame"]'
COMMENT = "请补充货车司机入会的调查数据"


def password_of(username: str) -> str:
    return next(u["password"] for u in DEMO_USERS if u["username"] == username)


def open_deliverables(new_page, base_url: str, username: str, width: int = 1366, height: int = 768):
    page = new_page(width, height)
    login(page, base_url, username, password_of(username))
    page.goto(f"{base_url}/deliverables")
    wait_for_app(page)
    assert_no_exception(page)
    return page


def member_team_label(engine) -> str:
    with read_session(engine) as session:
        team = session.exec(select(Team).join(AppUser, AppUser.team_id == Team.id).where(AppUser.username == "member")).one()
    return facts.team_labels(engine, team.round_id)[team.seq - 1]


def chase_rows(page):
    """The rows of the chase list (the tab's second table), after the tab has opened."""
    page.reload()
    wait_for_app(page)
    page.get_by_role("tab", name="催报清单").click()
    grid = page.locator(GRID).nth(1)
    expect(grid).to_be_visible()
    return grid.locator('[role="row"]')


def member_submits(page, version: int) -> None:
    page.reload()
    wait_for_app(page)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="选择材料").click()
    page.get_by_role("option", name="调研报告").click()
    expect(page.get_by_test_id("stFileUploader").get_by_role("button", name="选择文件")).to_be_visible()  # not Streamlit's "Upload"
    upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    name = f"调研报告（第{version}稿）.pdf"
    upload.set_input_files(files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF_BYTES}])
    # Uploaded once the file shows with its size: a click before would send no file.
    expect(page.locator('[data-testid="stFileUploader"]').filter(has_text=name)).to_contain_text(re.compile(r"\d(\.\d)?\s?[KM]?B"))
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text(f"已提交第{version}稿")).to_be_visible()
    expect(page.get_by_text(f"第{version}稿已提交，正在等待审核")).to_be_visible()  # and no form for another one
    assert_no_exception(page)


def office_decides(page, team: str, version: int, button: str, comment: str = "") -> None:
    page.reload()
    wait_for_app(page)
    page.get_by_role("tab", name="审核").click()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="待审核的材料").click()
    page.get_by_role("option", name=f"{team} · 调研报告 · 第{version}稿").click()
    expect(page.get_by_role("button", name=f"下载第{version}稿")).to_be_visible()
    wait_for_app(page)  # the pick's run is over: a form drawn again would drop what is typed
    if comment:
        box = page.get_by_label("审核意见（退回时必填）")
        box.fill(comment)
        expect(box).to_have_value(comment)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text("已退回，工作组修改后可重新提交" if button == "退回修改" else "已通过。")).to_be_visible()
    assert_no_exception(page)


def test_submit_return_resubmit_accept_and_the_chase_list(live_server, new_page):
    office = open_deliverables(new_page, live_server, "office")  # the server's first page seeds the sample
    team = member_team_label(get_engine(live_server.database_url))
    rows = chase_rows(office)
    # As of the round's last day the sample has no research report in: the member's team owes one.
    expect(rows.filter(has_text=team).filter(has_text="调研报告")).to_contain_text("未提交")
    screenshot(office, "deliverables-office-chase-before-1366")

    member = open_deliverables(new_page, live_server, "member", width=390, height=844)
    member_submits(member, 1)
    screenshot(member, "deliverables-member-submitted-390")

    rows = chase_rows(office)
    # The grid's rows are a hidden table behind its canvas: read, not seen. Other teams' reports are still owed.
    expect(rows.filter(has_text="调研报告").first).to_contain_text("未提交")
    expect(rows.filter(has_text=team)).to_have_count(0)  # awaiting review: nothing to chase

    office_decides(office, team, 1, "退回修改", COMMENT)
    screenshot(office, "deliverables-office-returned-1366")
    rows = chase_rows(office)
    returned = rows.filter(has_text=team).filter(has_text="调研报告")
    expect(returned).to_contain_text("已退回")
    expect(returned).to_contain_text(COMMENT)

    member.reload()
    wait_for_app(member)
    member.locator('[data-testid="stSelectbox"]').filter(has_text="选择材料").click()
    member.get_by_role("option", name="调研报告").click()
    expect(member.get_by_text(COMMENT)).to_be_visible()  # the office's comment, as the team reads it
    screenshot(member, "deliverables-member-returned-390")
    member_submits(member, 2)

    rows = chase_rows(office)
    expect(rows.filter(has_text="调研报告").first).to_contain_text("未提交")
    expect(rows.filter(has_text=team)).to_have_count(0)

    office_decides(office, team, 2, "通过")
    office.reload()
    wait_for_app(office)
    matrix = office.locator(GRID).first
    expect(matrix.locator('[role="row"]').filter(has_text=team)).to_contain_text("已通过")
    screenshot(office, "deliverables-office-matrix-1366")
    phone = open_deliverables(new_page, live_server, "office", width=390, height=844)
    expect(phone.locator(GRID).first.locator('[role="row"]').filter(has_text=team)).to_contain_text("已通过")
    screenshot(phone, "deliverables-office-matrix-390")
    rows = chase_rows(office)
    expect(rows.filter(has_text="调研报告").first).to_contain_text("未提交")
    expect(rows.filter(has_text=team)).to_have_count(0)
