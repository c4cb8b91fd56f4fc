"""Users' input on the pages (issue 21 item 6): a weekly report that holds an image, a colour
directive or emphasis reads exactly as the member typed it; the entry form bounds its numbers and
says why it refuses a NUL character."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from data_access.db import read_session
from data_access.ledger_store import RowEdit, latest_rows, update_row
from data_access.models import DailyRecord, Round, Team
from tests.factories import OFFICE

MARKUP = "![t](http://host/track.png) :red[假的红字] **假的强调**"


def test_a_weekly_reports_markup_is_shown_literally_on_the_team_page(app_as, sample_db):
    with read_session(sample_db) as session:
        the_round = session.exec(select(Round).where(Round.year == 2021)).one()
        team_id = session.exec(select(Team.id).where(Team.round_id == the_round.id, Team.seq == 1)).one()
    [report] = latest_rows(sample_db, OFFICE, "weekly", team_id, the_round.end_date, 1).to_dict("records")
    update_row(sample_db, OFFICE, "weekly", RowEdit(report["id"], report["version"], {"work_done": MARKUP}))

    at = app_as("office", "pages/team_progress.py", f_round=the_round.id, f_team=team_id, f_as_of=the_round.end_date)
    assert not at.exception
    assert MARKUP in [element.value for element in at.text]  # a text element: never parsed as Markdown
    assert not any("track.png" in element.value for element in [*at.markdown, *at.caption])


def test_the_entry_form_bounds_its_number_boxes_and_refuses_a_nul_with_a_message(app_as, sample_db):
    at = app_as("member", "pages/ledger_entry.py")
    assert at.number_input(key="entry_daily_workers_reached").max == 2147483647  # PostgreSQL's INTEGER
    with read_session(sample_db) as session:
        before = session.exec(select(func.count()).select_from(DailyRecord)).one()
    at.text_area(key="entry_daily_content").input("走访\x00快递网点")
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    assert not at.exception
    [error] = at.error
    assert "未保存" in error.value and "工作内容：含有不可见的空字符（NUL）" in error.value
    with read_session(sample_db) as session:
        assert session.exec(select(func.count()).select_from(DailyRecord)).one() == before
