"""The evaluation in a real browser: the office creates a scheme and opens it, the leadership and
the office score, the office closes it; the scoreboard shows the bands and the downloaded
workbook holds the ranking and bands the database computes."""

import io

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import select

from data_access import org
from data_access.db import get_engine, read_session
from data_access.evaluation import schemes, scoring
from data_access.models import CadreNote, Person
from data_access.sample.shijiazhuang import DEMO_USERS
from tests.browser.conftest import assert_no_exception, login, screenshot, wait_for_app

PASSWORDS = {u["username"]: u["password"] for u in DEMO_USERS}
SUBJECTIVE = ("工作成效评议", "工作作风与纪律评议")


def open_page(new_page, base_url: str, username: str, path: str, width: int = 1366):
    page = new_page(width, 900 if width > 600 else 844)
    login(page, base_url, username, PASSWORDS[username])
    page.goto(f"{base_url}/{path}")
    wait_for_app(page)
    assert_no_exception(page)
    return page


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    wait_for_app(page)
    assert_no_exception(page)


def score_team(page, team: str | None, marks: tuple[float, float]) -> None:
    if team:
        page.locator('[data-testid="stSelectbox"]').filter(has_text="工作组").last.click()
        page.get_by_role("option", name=team).click()
        wait_for_app(page)
    for indicator, mark in zip(SUBJECTIVE, marks):
        page.get_by_label(f"{indicator}（0–100）").fill(str(mark))
        page.get_by_label(f"{indicator} 评语").fill("按要求完成蹲点任务")
    click(page, "保存评分")


def test_office_opens_two_evaluators_score_office_closes_and_publishes(live_server, new_page):
    office = open_page(new_page, live_server, "office", "evaluation_scheme")
    click(office, "建立方案")
    click(office, "开启评分")
    assert office.get_by_text("0/14 项已有评分").count() == 1
    screenshot(office, "evaluation-scheme-open-1366")

    leader = open_page(new_page, live_server, "leader", "evaluation_scoring", width=390)
    teams = [
        "1. 正定县正定镇",
        "2. 藁城区岗上镇",
        "3. 长安区青园街道",
        "4. 桥西区维明街道",
        "5. 行唐县开发区",
        "6. 机械建材工会下属行业工会",
        "7. 建设工会下属行业工会",
    ]
    for n, team in enumerate(teams):
        score_team(leader, team if n else None, (92 - 3 * n, 88 - 2 * n))
    assert leader.get_by_text("已评 14/14 项").count() == 1
    screenshot(leader, "evaluation-scoring-phone-390")

    office_scoring = open_page(new_page, live_server, "office", "evaluation_scoring")
    score_team(office_scoring, None, (85, 80))

    office.goto(f"{live_server}/evaluation_scheme")
    wait_for_app(office)
    assert office.get_by_text("14/14 项已有评分，评议人 2 人").count() == 1
    office.get_by_text("确认关闭并发布").click()
    wait_for_app(office)
    click(office, "关闭评估并发布结果")

    board = open_page(new_page, live_server, "leader", "evaluation_scoreboard")
    assert board.get_by_text("发布，之后修改台账不影响本结果").count() == 1
    engine = get_engine(live_server.database_url)
    with read_session(engine) as session:
        scheme_id = schemes.live_scheme_id(session, org.list_rounds(engine)[0].id)  # newest round first
        expected = scoring.scoreboard(session, scheme_id)
    top = expected["band"].value_counts()
    bands = board.locator("button.tile")  # in the tiles' shadow root, which Playwright's locators enter
    shown = {bands.nth(i).locator(".label").inner_text().strip(): bands.nth(i).locator(".value").inner_text() for i in range(bands.count())}
    assert {label.split()[-1]: int(value) for label, value in shown.items()} == {
        b: int(top.get(b, 0)) for b in ("优秀", "良好", "合格", "不合格")
    }
    screenshot(board, "evaluation-scoreboard-1366")

    board.get_by_role("tab", name="导出").click()
    click(board, "生成考核结果工作簿")
    with board.expect_download() as download:
        board.get_by_role("button", name="下载").click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(workbook["考核结果"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == list(expected["rank"])
    assert [r[-2] for r in rows] == list(expected["band"])
    assert "干部档案" not in workbook.sheetnames  # the cadre records are the office's


def test_the_published_2020_result_on_a_projector(live_server, new_page):
    page = open_page(new_page, live_server, "leader", "evaluation_scoreboard")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="石家庄市总工会2020年机关干部赴基层蹲点活动").click()
    wait_for_app(page)
    assert_no_exception(page)
    # 优秀, 良好, 合格, 不合格 in the sample's published 2020 result
    expect(page.locator("button.tile .value")).to_have_text(["1", "4", "1", "1"])
    assert page.get_by_text("2020年蹲点工作评估").count() >= 1
    screenshot(page, "evaluation-scoreboard-2020-1366")

    click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)
    page.get_by_text("2. 藁城区岗上镇：总分 91.70，优秀").wait_for()
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').nth(1))  # 日记录完成率 of that team
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("2. 藁城区岗上镇 · 日记录完成率").wait_for()
    dialog.get_by_text("公布值 87.1%（54/62）").wait_for()
    assert dialog.get_by_text("共 54 条").count() == 1  # the 54 days with a record behind 54/62
    screenshot(page, "evaluation-evidence-2020-1366", full_page=False)


def click_first_row(page, grid) -> None:
    """Tick the first row of a selectable st.dataframe (a canvas: clicked by position)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    wait_for_app(page)
    assert_no_exception(page)


def test_the_office_picks_a_cadre_and_writes_a_note(live_server, new_page):
    page = open_page(new_page, live_server, "office", "evaluation_cadres")
    assert page.locator('[data-testid="stTextArea"]').count() == 0  # no cadre picked yet
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)
    box = page.locator('[data-testid="stTextArea"]')
    label = box.locator("label").inner_text()
    assert label.endswith("的备注")
    box.locator("textarea").fill("走访扎实，建议表扬")
    name = label.removesuffix("的备注")
    page.get_by_role("button", name="保存备注").click()
    page.get_by_text(f"已保存{name}的备注。").wait_for()  # at once: a toast is gone after a few seconds
    wait_for_app(page)
    engine = get_engine(live_server.database_url)
    with read_session(engine) as session:
        notes = (
            session.execute(select(CadreNote.note).join(Person, Person.id == CadreNote.person_id).where(Person.name == name))
            .scalars()
            .all()
        )
    assert "走访扎实，建议表扬" in notes
    screenshot(page, "office-cadre-note-1366")
