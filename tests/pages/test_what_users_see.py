"""What a new user read or missed (issue 20): a team's problem resolution on its card and page,
cards that keep names whole, the grid's columns and its save messages on a phone."""

import json
import re

import pytest
from sqlalchemy import func, or_
from sqlmodel import select

from bench.apptest import server_like
from data_access.db import read_session
from data_access.models import DailyRecord, Problem, Round, Site, Team
from tests import sample_facts as facts
from tests.pages.conftest import button, texts
from tests.tile_boards import tiles
from ui.navigation import pages_for

ROLES = {"office": "office", "leader": "leadership", "member": "member", "discipline": "discipline"}


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


def problems_of(engine, team_id: int, as_of) -> tuple[int, int]:
    """(resolved, recorded) as of the day, counted on the team's problem rows themselves."""
    recorded = (Problem.team_id == team_id, Problem.deleted_at.is_(None), Problem.raised_on <= as_of)
    resolved = (Problem.status == "resolved", or_(Problem.resolved_on.is_(None), Problem.resolved_on <= as_of))
    with read_session(engine) as session:
        count = lambda *where: session.exec(select(func.count()).select_from(Problem).where(*where)).one()  # noqa: E731
        return count(*recorded, *resolved), count(*recorded)


def teams_of(engine, round_id: int) -> dict[int, str]:
    with read_session(engine) as session:
        rows = session.exec(select(Team.id, Team.seq, Site.name).join(Site, Site.id == Team.site_id).where(Team.round_id == round_id)).all()
    return {team_id: f"{seq}. {name}" for team_id, seq, name in rows}


def test_each_team_card_shows_the_teams_problem_resolution(app_as, sample_db):
    at = app_as("leader")
    as_of = at.sidebar.date_input(key="f_as_of").value
    cards = tiles(at, "lights")
    teams = teams_of(sample_db, facts.newest_round(sample_db).id)
    assert set(map(int, cards)) == set(teams)
    somewhere_unresolved = False
    for team_id, card in cards.items():
        resolved, recorded = problems_of(sample_db, int(team_id), as_of)
        rate = f"{resolved / recorded:.0%}" if recorded else "—"
        assert f"问题解决 {rate}（{resolved} / {recorded}）" in card["caption"].split("\n")
        somewhere_unresolved |= resolved < recorded
    assert somewhere_unresolved  # the sample has a team with problems left to chase


def test_the_team_page_shows_one_teams_resolution_and_every_teams_side_by_side(app_as, sample_db):
    the_round = facts.newest_round(sample_db)
    team_id, label = next(iter(teams_of(sample_db, the_round.id).items()))
    at = app_as("leader", "pages/team_progress.py")
    as_of = at.sidebar.date_input(key="f_as_of").value
    resolved, recorded = problems_of(sample_db, team_id, as_of)
    table = at.dataframe[0].value.set_index("工作组")
    assert table.loc[label, "问题解决率"] == f"{resolved / recorded:.0%} ({resolved} / {recorded})"
    with server_like():
        at.sidebar.selectbox(key="f_team").set_value(team_id).run()
    assert f"问题解决率：**{resolved / recorded:.0%}**（已解决 / 登记：{resolved} / {recorded}）" in texts(at)


def test_team_cards_are_wide_enough_for_the_longest_name_in_one_line(app_as, sample_db):
    at = app_as("leader")
    board = json.loads(next(e for e in at.get("bidi_component") if e.key == "lights").proto.bytes)
    longest = max(len(label) for label in teams_of(sample_db, facts.newest_round(sample_db).id).values())
    assert board["cards"] is True
    assert board["min_width"] * 16 >= longest * 18  # the label's 18 px a character (tiles.css), in the card's width


RAW_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")  # a stored choice code such as "city" or "in_progress"


@pytest.mark.parametrize("username", ["office", "leader", "member", "discipline"])
def test_tables_in_chinese_mode_show_labels_not_codes_and_never_streamlits_empty(app_as, username):
    """A table's cells are drawn on a canvas the browser test cannot read: their values are read
    here. An empty table would show Streamlit's English "empty"; a lowercase code is a choice not
    translated."""
    found = {}
    for spec in pages_for(ROLES[username]):
        at = app_as(username, spec.path)
        for grid in list(at.dataframe) + list(at.data_editor):
            frame = grid.value
            codes = {v for column in frame.columns for v in frame[column] if isinstance(v, str) and RAW_CODE.match(v)}
            if frame.empty or codes:
                found.setdefault(spec.path, []).append("empty" if frame.empty else sorted(codes))
    assert found == {}


def test_the_rounds_grid_offers_labels_and_stores_the_code_picked(app_as, sample_db):
    at = app_as("office", "pages/admin_org.py")
    grid = at.data_editor[0]
    assert set(grid.value["level"]) <= {"市级", "省级", "全国"} and set(grid.value["status"]) <= {"筹备中", "进行中", "已结束"}
    row_id, before = int(grid.value["id"].iloc[0]), grid.value["status"].iloc[0]
    picked = "筹备中" if before != "筹备中" else "进行中"
    at.session_state[grid.key] = {"edited_rows": {0: {"status": picked}}, "added_rows": [], "deleted_rows": []}
    with server_like():
        at.button(key="save_round").click().run()
    with read_session(sample_db) as session:
        the_round = session.get(Round, row_id)
        assert the_round.status == {"筹备中": "planning", "进行中": "active"}[picked]
        the_round.status = {"筹备中": "planning", "进行中": "active", "已结束": "closed"}[before]  # the shared sample as it was
        session.add(the_round)
        session.commit()


def test_the_problems_trend_reads_its_dates_in_chinese_and_has_no_english_toolbar(app_as):
    at = app_as("leader", "pages/problems.py", p_tab="趋势")
    assert not at.exception
    (chart,) = at.get("plotly_chart")
    drawn, config = json.loads(chart.proto.spec), json.loads(chart.proto.config)
    # plotly would name the months in English ("Jul 2021") and its toolbar's buttons too
    assert drawn["layout"]["xaxis"]["type"] == "date" and drawn["layout"]["xaxis"]["tickformat"] == "%-m月%-d日"
    assert config["displayModeBar"] is False
