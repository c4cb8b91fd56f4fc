"""What a new user read or missed (issue 20): the grid's columns and its save messages on a phone."""

import json

import pytest
from sqlmodel import select

from bench.apptest import server_like
from data_access.db import read_session
from data_access.models import DailyRecord, Round, Site, Team
from tests.pages.conftest import button


@pytest.fixture
def app_as(app_as):
    """Every run through app.py and its sidebar, as in a browser."""

    def open_page(*args, **state):
        with server_like():
            return app_as(*args, **state)

    return open_page


def first_team(engine) -> int:
    with read_session(engine) as session:
        return session.exec(
            select(Team.id)
            .join(Site, Site.id == Team.site_id)
            .join(Round, Round.id == Team.round_id)
            .where(Round.year == 2021, Team.seq == 1)
        ).one()


def grid_headers(at) -> list[str]:
    """The grid's column headers left to right, as the browser draws them."""
    grid = at.data_editor[0].proto
    config = json.loads(grid.columns)
    return [config[name]["label"] for name in grid.column_order]


def test_a_members_grid_leaves_out_the_team_and_ids_and_starts_with_what_they_must_fill_in(app_as):
    at = app_as("member", "pages/ledger_grid.py")
    headers = grid_headers(at)
    assert headers[:2] == ["日期", "工作内容"]  # the daily record's required fields
    assert "蹲点单位" not in headers and "ID" not in headers
    assert {"地点", "走访企业数", "联系职工数"} <= set(headers)  # nothing else is lost


def test_the_office_sees_the_team_column_only_while_the_grid_holds_several_teams(app_as, sample_db):
    assert grid_headers(app_as("office", "pages/ledger_grid.py"))[0] == "蹲点单位"
    one_team = grid_headers(app_as("office", "pages/ledger_grid.py", f_team=first_team(sample_db)))
    assert "蹲点单位" not in one_team and one_team[-1] == "ID"


def test_saving_the_grid_without_a_change_says_there_was_nothing_to_save(app_as, sample_db):
    at = app_as("office", "pages/ledger_grid.py", f_team=first_team(sample_db))
    with server_like():
        button(at, "保存修改").click().run()
    assert [i.value for i in at.info] == ["没有需要保存的修改"]
    assert not at.success


def test_a_save_in_the_grid_confirms_how_many_changes_were_saved(app_as, sample_db):
    at = app_as("member", "pages/ledger_grid.py")
    grid = at.data_editor[0]
    row_id = int(grid.value["id"].iloc[0])
    at.session_state[grid.key] = {"edited_rows": {0: {"place": "更正：正定县物流园"}}, "added_rows": [], "deleted_rows": []}
    with server_like():
        button(at, "保存修改").click().run()
    assert [s.value for s in at.success] == ["已保存 1 处修改"]
    with read_session(sample_db) as session:
        assert session.get(DailyRecord, row_id).place == "更正：正定县物流园"
    with server_like():
        at.run()  # the confirmation belongs to the save, not to every later run
    assert not at.success
