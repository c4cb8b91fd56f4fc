"""The evaluation in a real browser: the office creates a scheme and opens it, the leadership and
the office score, the office closes it; the scoreboard shows the bands and the downloaded
workbook holds the ranking and bands the database computes."""

import io
import re

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import select

from data_access.db import get_engine, read_session
from data_access.evaluation import schemes, scoring
from data_access.models import CadreNote, Person
from data_access.sample.shijiazhuang import DEMO_USERS
from tests import sample_facts as facts
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


def score_team(page, team: str | None, marks: tuple[float, float], scored_after: str) -> None:
    """Score a team (``None``: the one the page opens on) and wait for the progress the save shows."""
    if team:
        page.locator('[data-testid="stSelectbox"]').filter(has_text="工作组").last.click()
        page.get_by_role("option", name=team).click()
        # The chosen team's form, not yet scored, and the last team's gone when the run ends.
        expect(page.locator(f'input[aria-label="{SUBJECTIVE[0]}（0–100）"][value=""]')).to_be_visible()
        expect(page.get_by_label(f"{SUBJECTIVE[0]}（0–100）")).to_have_count(1)
    for indicator, mark in zip(SUBJECTIVE, marks):
        page.get_by_label(f"{indicator}（0–100）").fill(str(mark))
        page.get_by_label(f"{indicator} 评语").fill("按要求完成蹲点任务")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text(scored_after)).to_be_visible()


def test_office_opens_two_evaluators_score_office_closes_and_publishes(live_server, new_page):
    engine = get_engine(live_server.database_url)
    office = open_page(new_page, live_server, "office", "evaluation_scheme")
    office.get_by_role("button", name="建立方案").click()
    office.get_by_role("button", name="开启评分").click()
    the_round = facts.newest_round(engine)
    expect(office.get_by_text("方案已开启评分或已发布")).to_be_visible()
    pairs = facts.subjective_pairs(engine, facts.newest_scheme(engine, the_round.id).id)
    expect(office.get_by_text(f"0/{pairs} 项已有评分")).to_be_visible()
    assert_no_exception(office)
    screenshot(office, "evaluation-scheme-open-1366")

    leader = open_page(new_page, live_server, "leader", "evaluation_scoring", width=390)
    teams = facts.team_labels(engine, the_round.id)
    per_team = pairs // len(teams)
    for n, team in enumerate(teams):
        score_team(leader, team if n else None, (92 - 3 * n, 88 - 2 * n), f"已评 {per_team * (n + 1)}/{pairs} 项")
    assert_no_exception(leader)
    screenshot(leader, "evaluation-scoring-phone-390")

    office_scoring = open_page(new_page, live_server, "office", "evaluation_scoring")
    score_team(office_scoring, None, (85, 80), f"已评 {per_team}/{pairs} 项")

    office.goto(f"{live_server}/evaluation_scheme")
    wait_for_app(office)
    expect(office.get_by_text(f"{pairs}/{pairs} 项已有评分，评议人 2 人")).to_be_visible()  # the leader and the office
    office.get_by_text("确认关闭并发布").click()
    close = office.get_by_role("button", name="关闭评估并发布结果")
    expect(close).to_be_enabled()  # by the run the tick starts
    close.click()
    expect(close).to_have_count(0)  # closed: the page no longer offers it

    board = open_page(new_page, live_server, "leader", "evaluation_scoreboard")
    expect(board.get_by_text("发布，之后修改台账不影响本结果")).to_be_visible()
    with read_session(engine) as session:
        scheme_id = schemes.live_scheme_id(session, the_round.id)
        expected = scoring.scoreboard(session, scheme_id)
        band_names = list(schemes.bands(session, scheme_id)["name"])
    counts = expected["band"].value_counts()
    bands = board.locator("button.tile")  # in the tiles' shadow root, which Playwright's locators enter
    expect(bands.locator(".label")).to_contain_text(band_names)
    expect(bands.locator(".value")).to_have_text([str(int(counts.get(b, 0))) for b in band_names])
    screenshot(board, "evaluation-scoreboard-1366")

    board.get_by_role("tab", name="导出").click()
    board.get_by_role("button", name="生成考核结果工作簿").click()
    with board.expect_download() as download:
        board.get_by_role("button", name="下载").click()  # drawn by the run the build starts
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(workbook["考核结果"].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in rows] == list(expected["rank"])
    assert [r[-2] for r in rows] == list(expected["band"])
    assert "干部档案" not in workbook.sheetnames  # the cadre records are the office's


def test_the_published_result_on_a_projector(live_server, new_page):
    page = open_page(new_page, live_server, "leader", "evaluation_scoreboard")
    engine = get_engine(live_server.database_url)
    scheme, its_round = facts.published_scheme(engine)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=its_round.name).click()
    expect(page.get_by_text(scheme.name).first).to_be_visible()
    with read_session(engine) as session:
        board = scoring.scoreboard(session, scheme.id)  # hand-worked in tests/test_evaluation.py
        band_names = list(schemes.bands(session, scheme.id)["name"])
    counts = board["band"].value_counts()
    expect(page.locator("button.tile .value")).to_have_text([str(int(counts.get(b, 0))) for b in band_names])
    assert_no_exception(page)
    screenshot(page, "evaluation-scoreboard-published-1366")

    top = board.iloc[0]
    label = f"{top.seq}. {top.site_name}"
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)
    expect(page.get_by_text(f"{label}：总分 {top.total:.2f}，{top.band}")).to_be_visible()
    indicator = facts.first_indicator(engine, scheme.id)
    frozen = facts.frozen_value(engine, indicator.id, int(top.team_id))
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').nth(1))  # the first indicator of that team
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text(f"{label} · {indicator.name}")).to_be_visible()
    expect(dialog.get_by_text(f"公布值 {frozen.value:.1f}%（{frozen.numerator:g}/{frozen.denominator:g}）")).to_be_visible()
    # the team's daily records up to the evaluation date, as the ledger holds them now
    expect(dialog.get_by_text(f"共 {facts.daily_records(engine, int(top.team_id), scheme.evaluation_date)} 条")).to_be_visible()
    screenshot(page, "evaluation-evidence-published-1366", full_page=False)


def click_first_row(page, grid) -> None:
    """Tick the first row of a selectable st.dataframe (a canvas: clicked by position)."""
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)


def test_the_office_picks_a_cadre_and_writes_a_note(live_server, new_page):
    # Full HD: wide enough for the grid to draw every column (it draws only those in view, its
    # note last) into the table behind its canvas that locators read.
    page = open_page(new_page, live_server, "office", "evaluation_cadres", width=1920)
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    box = page.locator('[data-testid="stTextArea"]')
    expect(box).to_have_count(0)  # no cadre picked yet
    click_first_row(page, grid)
    expect(box.locator("label")).to_have_text(re.compile("的备注$"))
    name = box.locator("label").inner_text().removesuffix("的备注")
    box.locator("textarea").fill("走访扎实，建议表扬")
    page.get_by_role("button", name="保存备注").click()
    # What stays (the toast fades): the note in the cadre's row of the table, and in the database.
    expect(grid.locator('[role="row"]').filter(has_text=name)).to_contain_text("走访扎实，建议表扬")
    engine = get_engine(live_server.database_url)
    with read_session(engine) as session:
        notes = (
            session.execute(select(CadreNote.note).join(Person, Person.id == CadreNote.person_id).where(Person.name == name))
            .scalars()
            .all()
        )
    assert notes == ["走访扎实，建议表扬"]
    screenshot(page, "office-cadre-note-1920")
