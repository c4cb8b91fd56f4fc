"""Every page, as each role sees it, renders on the sample round and shows its key figures."""

import json
import time
from datetime import date, timedelta

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from bench.apptest import server_like
from data_access.activity import changes_since
from data_access.calendar import is_workday
from data_access.db import read_session
from data_access.figures import compliance as cf
from data_access.figures import deadline_items, problem_summary, six_round, team_lights
from data_access.models import AppUser, DailyRecord, Round, Site, Team
from data_access.scope import Scope
from tests import sample_facts as facts
from tests.pages.conftest import APP, button, texts
from tests.tile_boards import click_tile, tiles
from ui import filters, ledger_widgets
from ui.navigation import PAGES, pages_for

ROLES = {"office": "office", "leader": "leadership", "member": "member", "discipline": "discipline"}


def sample_scope(engine) -> Scope:
    with read_session(engine) as session:
        the_round = session.exec(select(Round).where(Round.year == 2021)).one()
    return Scope(round_id=the_round.id, as_of=the_round.end_date)


def teams_of_2021(engine) -> int:
    return facts.team_count(engine, sample_scope(engine).round_id)


@pytest.mark.parametrize("username", list(ROLES))
def test_every_page_of_each_role_renders_without_exception(app_as, username):
    role = ROLES[username]
    for spec in pages_for(role):
        at = app_as(username, spec.path)
        assert not at.exception, f"{username} on {spec.path}: {[e.value for e in at.exception]}"


def test_navigation_lists_only_the_pages_a_role_may_open():
    member = {spec.path for spec in pages_for("member")}
    leader = {spec.path for spec in pages_for("leadership")}
    assert "pages/ledger_entry.py" in member and "pages/admin_org.py" not in member and "pages/audit_log.py" not in member
    assert "pages/ledger_entry.py" not in leader and "pages/overview.py" in leader
    assert {spec.path for spec in pages_for("office")} == {spec.path for spec in PAGES}


def test_sign_in_refuses_a_wrong_password_without_saying_why(sample_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("office")
    at.text_input[1].input("wrong-password")
    at.button[0].click().run()
    assert at.error[0].value.startswith("用户名或密码不正确")


def test_a_locked_account_reads_the_same_as_an_unknown_name(app_as, sample_db):
    def attempt(username: str, password: str) -> str:
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.text_input[0].input(username)
        at.text_input[1].input(password)
        at.button[0].click().run()
        return at.error[0].value if at.error else ""

    for _ in range(5):
        attempt("discipline", "wrong-password")
    locked = attempt("discipline", "discipline-demo-2021")  # right password, but locked now
    unknown = attempt("nobody-here", "whatever-password")
    assert locked == unknown != ""
    with read_session(sample_db) as session:
        user = session.exec(select(AppUser).where(AppUser.username == "discipline")).one()
        assert user.locked_until is not None
        user.locked_until = None  # leave the shared sample as the other tests expect it
        session.add(user)
        session.commit()


def test_sign_in_with_the_demo_office_account(sample_db):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("office")
    at.text_input[1].input("office-demo-2021")
    at.button[0].click().run()
    assert not at.exception
    assert facts.newest_round(sample_db).name in texts(at)  # the overview of the newest round


def test_overview_shows_six_figures_and_lights_from_the_ledgers(app_as, sample_db):
    at = app_as("leader")
    scope = sample_scope(sample_db)
    with read_session(sample_db) as session:
        six = six_round(session, scope).set_index("metric")
        lights = team_lights(session, scope)
    founded, founding_rows = facts.new_unions(sample_db, scope.round_id, scope.as_of)
    shown = {tile["label"]: tile["value"] for tile in tiles(at, "six").values()}
    assert shown["新建工会组织"] == str(six.loc["new_unions", "actual"]) == str(founded)
    assert shown["解决问题"] == str(six.loc["problems_solved", "actual"])
    cards = tiles(at, "lights")
    assert len(lights) == len(cards) == teams_of_2021(sample_db)
    assert {card["light"] for card in cards.values()} == set(lights["light"])
    with server_like():
        click_tile(at, "six", "new_unions")
    rows = at.dataframe[-1].value
    assert len(rows) == founding_rows  # the union rows that founded any
    assert set(rows["新就业形态群体"]) - {""} <= {"货车司机", "快递员", "外卖配送员", "网约车司机", "其他"}  # labels, not codes
    assert "重大事项未化解" in texts(at)  # the sample's open major risk is on the banner


def test_overview_tabs_list_the_most_overdue_and_what_changed_since_a_day(app_as, sample_db):
    scope = sample_scope(sample_db)
    since = scope.as_of - timedelta(days=14)
    with read_session(sample_db) as session:
        overdue = deadline_items(session, scope, None, ("red",))
        changed = changes_since(session, scope, since)
    at = app_as("leader")
    assert f"逾期事项共 {len(overdue)} 项，以下为最久的 {min(10, len(overdue))} 项" in texts(at)
    assert len(at.dataframe[-1].value) == min(10, len(overdue)) > 0
    at = app_as("leader", ov_tab="会后变化")
    assert at.date_input(key="ov_since").value == since
    shown = at.dataframe[-1].value
    assert len(shown) == int(((changed["added"] > 0) | (changed["changed"] > 0)).sum()) > 0
    assert shown["新增"].sum() == changed["added"].sum()


def test_leadership_acknowledges_the_open_risk_from_the_banner(app_as):
    at = app_as("leader")
    assert "重大事项未化解" in texts(at)
    at.button(key="review_risks").click().run()
    assert "未化解重大事项" in [s.value for s in at.subheader]  # the banner's dialog
    ack = next(b for b in at.button if b.label.startswith("已阅 · "))
    ack.click().run()
    assert "重大事项未化解" not in texts(at)


def test_problems_page_shows_rates_with_numerator_and_denominator(app_as, sample_db):
    at = app_as("office", "pages/problems.py")
    with read_session(sample_db) as session:
        resolution = problem_summary(session, sample_scope(sample_db))["resolution"]
    shown = tiles(at, "p_figures")
    assert shown["resolution"]["label"] == "问题解决率" and shown["on_time"]["label"] == "按期解决率"
    assert shown["resolution"]["value"] == f"{resolution.value:.0%}"
    assert shown["resolution"]["caption"] == f"{resolution.num:g} / {resolution.den}"


def test_a_click_on_a_figure_opens_the_rows_behind_it(app_as, sample_db):
    with server_like():
        at = app_as("office", "pages/problems.py")
    with read_session(sample_db) as session:
        resolution = problem_summary(session, sample_scope(sample_db))["resolution"]
    assert resolution.num > 0
    with server_like():  # the click's run goes through app.py and its sidebar, as in a browser
        click_tile(at, "p_figures", "resolution")
    assert not at.exception
    # The rate's whole denominator, the unresolved first, with the numerator's flag as a column.
    assert f"共 {resolution.den} 条" in texts(at)
    rows = at.dataframe[-1].value
    assert len(rows) == resolution.den and int(rows["已解决"].sum()) == resolution.num
    assert not rows["已解决"].iloc[: resolution.den - int(resolution.num)].any()


def test_a_second_daily_record_of_the_same_day_is_saved_with_a_warning(app_as):
    # 2021-10-03, a Sunday of the National Day holiday: the sample keeps daily records on working
    # days only (tests/test_sample.py), so the member's first record of that day is its only one.
    at = app_as("member", "pages/ledger_entry.py", f_as_of=date(2021, 10, 8))
    at.date_input(key="entry_daily_work_date").set_value(date(2021, 10, 3))
    at.text_area(key="entry_daily_content").input("节日慰问坚守岗位的快递员")
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    assert any("已保存日记录" in s.value for s in at.success) and not at.warning
    at.text_area(key="entry_daily_content").input("节日慰问坚守岗位的快递员（下午）")
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    assert any("已保存日记录" in s.value for s in at.success)  # saved, not refused
    assert "本组 2021-10-03 已有 2 条日记录" in at.warning[0].value


def test_member_adds_a_daily_record_from_the_entry_form(app_as, sample_db):
    at = app_as("member", "pages/ledger_entry.py")
    with read_session(sample_db) as session:
        before = len(session.exec(select(DailyRecord)).all())
    at.text_area(key="entry_daily_content").input("走访快递网点，宣传工会入会政策")
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    assert not at.exception
    assert any("已保存日记录" in s.value for s in at.success)
    with read_session(sample_db) as session:
        rows = session.exec(select(DailyRecord).order_by(DailyRecord.id.desc())).all()
    assert len(rows) == before + 1 and rows[0].content == "走访快递网点，宣传工会入会政策"
    assert not at.dataframe  # the team's latest rows wait behind their expander
    at.session_state["entry_recent"] = True  # the expander opened
    at.run()
    assert "走访快递网点，宣传工会入会政策" in list(at.dataframe[0].value["工作内容"])


def test_office_enters_a_record_for_the_team_chosen_in_the_sidebar(app_as, sample_db):
    team_id, site = first_team(sample_db)
    with server_like():
        at = app_as("office", "pages/ledger_entry.py")
        assert not at.text_area  # no form before a team is chosen
        at.selectbox(key="team_here").set_value(team_id).run()  # the sidebar's box, repeated on the page
        assert site in texts(at) and at.sidebar.selectbox(key="f_team").value == team_id
        at.text_area(key="entry_daily_content").input("座谈会：听取站点职工意见")
        at.button(key="FormSubmitter:entry_daily-保存").click().run()
        assert not at.exception and any("已保存日记录" in s.value for s in at.success)
    with read_session(sample_db) as session:
        row = session.exec(select(DailyRecord).order_by(DailyRecord.id.desc())).first()
    assert (row.content, row.team_id) == ("座谈会：听取站点职工意见", team_id)


def test_above_the_list_limit_the_entry_page_asks_for_districts_first(app_as, sample_db, monkeypatch):
    monkeypatch.setattr(filters, "TEAM_LIST_LIMIT", 3)  # the sample's teams play a province's hundreds
    at = app_as("office", "pages/ledger_entry.py")
    assert f"共 {teams_of_2021(sample_db)} 个工作组：先选择县（市、区）" in texts(at)
    assert not [box for box in at.selectbox if box.key == "team_here"] and not at.text_area


def test_entry_form_refuses_an_empty_record_and_writes_nothing(app_as, sample_db):
    at = app_as("member", "pages/ledger_entry.py")
    with read_session(sample_db) as session:
        before = len(session.exec(select(DailyRecord)).all())
    at.button(key="FormSubmitter:entry_daily-保存").click().run()
    assert "工作内容：必填" in at.error[0].value
    with read_session(sample_db) as session:
        assert len(session.exec(select(DailyRecord)).all()) == before


def six_labels(at: AppTest) -> list[str]:
    return [tile["label"] for tile in tiles(at, "six").values()]


def test_english_switch(app_as):
    at = app_as("office", lang="en")
    assert "New unions established" in six_labels(at)


def test_the_language_entry_relabels_the_page_it_was_opened_from_and_switches_back(app_as):
    with server_like():  # app.py's sidebar around the page at every run
        # A page without the team box: AppTest formats a box's choice outside the run, in the default language.
        at = app_as("office", "pages/evaluation_scoreboard.py")
        assert at.header[0].value == "考核排名"
        at.switch_page("pages/language.py").run()  # what a click on the navigation's "English" runs
        assert not at.exception
        assert at.header[0].value == "Scoreboard" and at.sidebar.selectbox(key="f_round").label == "Round"
        at.switch_page("pages/language.py").run()
        assert at.header[0].value == "考核排名" and at.sidebar.selectbox(key="f_round").label == "蹲点轮次"


def test_district_filter_narrows_the_team_board(app_as, sample_db):
    at = app_as("office")
    all_cards = tiles(at, "lights")
    at.sidebar.multiselect(key="f_districts").select("130123").run()  # 正定县
    cards = [card["label"] for card in tiles(at, "lights").values()]
    in_district = facts.team_labels(sample_db, sample_scope(sample_db).round_id, "130123")
    assert len(all_cards) == teams_of_2021(sample_db) > len(cards) == len(in_district) > 0
    assert all(label in card for label, card in zip(in_district, cards))


def test_above_the_list_limit_the_team_box_waits_for_a_district(app_as, sample_db, monkeypatch):
    monkeypatch.setattr(filters, "TEAM_LIST_LIMIT", 3)  # the sample's teams play a province's hundreds
    team_id, site = first_team(sample_db)
    with server_like():
        at = app_as("office", "pages/team_progress.py")
        team_box = at.sidebar.selectbox(key="f_team")
        assert team_box.options == ["全部工作组"] and f"共 {teams_of_2021(sample_db)} 个工作组" in team_box.help
        at.sidebar.multiselect(key="f_districts").select("130123").run()  # 正定县: one team
        assert at.sidebar.selectbox(key="f_team").options == ["全部工作组", f"1. {site}"]

        at = app_as("office", "pages/team_progress.py", pending_team=team_id)  # a click on the map or a board
        assert at.sidebar.selectbox(key="f_team").options == ["全部工作组", f"1. {site}"]
        assert at.sidebar.selectbox(key="f_team").value == team_id


FILTER_KEYS = {"f_round", "f_districts", "f_team", "f_as_of"}


def filter_boxes(at: AppTest) -> set[str]:
    """The sidebar filters the user sees."""
    return {w.key for w in [*at.sidebar.selectbox, *at.sidebar.multiselect, *at.sidebar.date_input]} & FILTER_KEYS


def test_each_page_shows_the_filters_it_reads_and_the_others_keep_their_choice(app_as, sample_db):
    team_id, site = first_team(sample_db)
    with server_like():
        at = app_as("office", "pages/team_progress.py")
        assert filter_boxes(at) == FILTER_KEYS
        at.sidebar.multiselect(key="f_districts").select("130123").run()
        at.sidebar.selectbox(key="f_team").set_value(team_id).run()
        at.sidebar.date_input(key="f_as_of").set_value(date(2021, 8, 1)).run()
        at.switch_page("pages/evaluation_scoreboard.py").run()
        assert filter_boxes(at) == {"f_round"}
        at.switch_page("pages/admin_settings.py").run()
        assert filter_boxes(at) == set()
        at.switch_page("pages/overview.py").run()
        assert filter_boxes(at) == {"f_round", "f_districts", "f_as_of"}
        at.switch_page("pages/ledger_grid.py").run()  # with a date range of its own
        assert filter_boxes(at) == {"f_round", "f_districts", "f_team"}
        assert at.date_input(key="grid_period").value == (date(2021, 7, 2), date(2021, 8, 1))  # ends on the as-of day chosen
        at.switch_page("pages/team_progress.py").run()
        assert not at.exception
        assert at.header[0].value == f"1. {site}"
        assert at.sidebar.multiselect(key="f_districts").value == ["130123"]
        assert at.sidebar.date_input(key="f_as_of").value == date(2021, 8, 1)


def test_a_member_is_not_offered_districts_to_narrow_their_own_team(app_as):
    with server_like():
        at = app_as("member", "pages/ledger_grid.py")
        assert not at.exception
        assert filter_boxes(at) == {"f_round", "f_team"}
        assert len(at.sidebar.selectbox(key="f_team").options) == 1
        at = app_as("office", "pages/ledger_grid.py")
        assert filter_boxes(at) == {"f_round", "f_districts", "f_team"}


def first_team(engine) -> tuple[int, str]:
    with read_session(engine) as session:
        row = session.exec(
            select(Team.id, Site.name)
            .join(Site, Site.id == Team.site_id)
            .join(Round, Round.id == Team.round_id)
            .where(Round.year == 2021, Team.seq == 1)
        ).one()
    return row[0], row[1]


# AppTest drops the sidebar after switch_page, so these set the filters' session state up front,
# as a user's earlier choice in the sidebar would have.
def test_team_filter_opens_one_team_on_the_progress_page(app_as, sample_db):
    team_id, site = first_team(sample_db)
    at = app_as("office", "pages/team_progress.py", f_team=team_id)
    assert not at.exception
    assert at.header[0].value == f"1. {site}"
    assert [t.label for t in at.tabs][:2] == ["成员", "蹲点日历"]
    members = at.dataframe[0].value
    assert list(members.columns)[:4] == ["名称", "担任", "部门", "来源"] and len(members) == facts.member_count(sample_db, team_id)
    assert list(members.columns)[4:] == ["所在县区总工会", "加入日期", "离开日期"]  # every column labelled
    assert set(members["担任"]) == {"带队组长", "组员"}


def test_compliance_lists_the_teams_and_one_teams_gaps_and_records_in_its_tab(app_as, sample_db):
    scope = sample_scope(sample_db)
    at = app_as("office", "pages/compliance.py")
    assert not at.exception
    assert len(at.dataframe[0].value) == teams_of_2021(sample_db)  # a row a team
    assert at.get("plotly_chart")  # the week matrix, the first tab
    with server_like():
        at = app_as("office", "pages/compliance.py", c_tab="单个工作组明细")
        team_id = at.selectbox(key="c_team").value
        with read_session(sample_db) as session:
            missing = cf.missing_workdays(session, scope, team_id)
            records = cf.daily_rows(session, scope, team_id)
        assert f"缺记录的工作日：{len(missing)} 天" in texts(at)
        button(at, "查看日记录").click().run()
    # The rate's rows: every working day so far, those without a record first, then each record
    # of a working day (records of days off count in no rate).
    on_workdays = records[[is_workday(day) for day in records["work_date"]]]
    shown = at.dataframe[-1].value
    assert len(shown) == len(missing) + len(on_workdays) > 0 and f"共 {len(shown)} 条" in texts(at)
    assert list(shown["日期"].iloc[: len(missing)]) == missing and not shown["有日记录"].iloc[: len(missing)].any()
    assert shown["有日记录"].iloc[len(missing) :].all()


def test_as_of_before_the_start_shows_nothing_due(app_as):
    at = app_as("office", "pages/compliance.py", f_as_of=date(2021, 7, 1))
    assert not at.exception
    assert any(i.value == "蹲点尚未开始" for i in at.info)


def test_problem_figures_follow_the_as_of_day(app_as):
    late = tiles(app_as("office", "pages/problems.py"), "p_figures")["recorded"]["value"]
    early = tiles(app_as("office", "pages/problems.py", f_as_of=date(2021, 8, 1)), "p_figures")["recorded"]["value"]
    assert int(early) < int(late)


def test_administration_lists_a_teams_members_with_labels(app_as, sample_db):
    team_id, _site = first_team(sample_db)
    at = app_as("office", "pages/admin_org.py", admin_tab="工作组", admin_team=team_id)
    assert not at.exception
    members = next(d.value for d in at.dataframe if "加入日期" in d.value.columns)
    assert list(members.columns) == ["姓名", "担任", "来源", "所在县区总工会", "加入日期", "离开日期"]
    assert len(members) == facts.member_count(sample_db, team_id)
    assert set(members["担任"]) == {"带队组长", "组员"} and set(members["来源"]) <= {"机关干部", "县区总工会干部"}


def grid_headers(at) -> list[str]:
    """The headers a user reads on the page's grid: its columns' labels, hidden ones left out."""
    config = json.loads(at.dataframe[0].proto.columns)
    return [column["label"] for column in config.values() if not column.get("hidden")]


def test_administration_grids_name_their_columns_for_what_they_hold(app_as):
    rounds = grid_headers(app_as("office", "pages/admin_org.py", admin_tab="轮次"))
    assert rounds[0] == "轮次名称" and {"组织层级", "轮次状态"} <= set(rounds)
    sites = grid_headers(app_as("office", "pages/admin_org.py", admin_tab="蹲点单位"))
    assert sites[0] == "蹲点单位名称" and "单位类型" in sites
    assert grid_headers(app_as("office", "pages/admin_org.py", admin_tab="人员"))[0] == "姓名"
    for headers in (rounds, sites):
        assert {"名称/姓名", "ID"}.isdisjoint(headers)
    users = app_as("office", "pages/admin_org.py", admin_tab="用户").dataframe[0].value
    member = users[users["用户名"] == "member"].iloc[0]
    assert member["角色"] == "蹲点组成员" and member["所在工作组"].endswith("（2021）")
    assert {"工作组编号", "人员编号"}.isdisjoint(users.columns)


def test_office_adds_a_user_and_a_short_password_is_refused(app_as, sample_db):
    at = app_as("office", "pages/admin_org.py", admin_tab="用户")
    form_inputs = {w.label: w for w in at.text_input}
    form_inputs["用户名"].input("new-liaison")
    form_inputs["密码"].input("short")
    next(b for b in at.button if b.label == "创建用户").click().run()
    assert "密码：密码至少 8 位" in at.error[0].value
    form_inputs = {w.label: w for w in at.text_input}
    form_inputs["用户名"].input("new-liaison")
    form_inputs["密码"].input("a-long-enough-password")
    next(b for b in at.button if b.label == "创建用户").click().run()
    with read_session(sample_db) as session:
        assert session.exec(select(AppUser).where(AppUser.username == "new-liaison")).one().role == "office"


def test_presentation_mode_steps_through_the_teams(app_as, sample_db):
    labels = facts.team_labels(sample_db, sample_scope(sample_db).round_id)
    n = len(labels)
    at = app_as("leader")
    at.toggle(key="present_mode").set_value(True).run()

    def slide() -> str:
        return next(m.value for m in at.markdown if f"/{n}" in m.value)

    assert f"{labels[0]}  ·  1/{n}" in slide()
    at.button(key="present_next").click().run()
    assert f"{labels[1]}  ·  2/{n}" in slide()
    at.button(key="present_prev").click().run()
    at.button(key="present_prev").click().run()
    assert f"{labels[-1]}  ·  {n}/{n}" in slide()  # wraps around to the last team


def grid_row(engine, row_id: int) -> DailyRecord:
    with read_session(engine) as session:
        return session.get(DailyRecord, row_id)


def test_the_grid_holds_the_rows_of_the_dates_chosen(app_as, sample_db):
    team_id, _site = first_team(sample_db)
    at = app_as("office", "pages/ledger_grid.py", f_team=team_id)
    at.date_input(key="grid_period").set_value((date(2021, 8, 2), date(2021, 8, 8))).run()
    shown = at.data_editor[0].value
    with read_session(sample_db) as session:
        expected = session.exec(
            select(DailyRecord.id).where(
                DailyRecord.team_id == team_id,
                DailyRecord.deleted_at.is_(None),
                DailyRecord.work_date >= date(2021, 8, 2),
                DailyRecord.work_date <= date(2021, 8, 8),
            )
        ).all()
    assert sorted(shown["id"]) == sorted(expected) and len(expected) > 0


def test_office_corrects_a_daily_record_in_the_grid(app_as, sample_db):
    team_id, _site = first_team(sample_db)
    at = app_as("office", "pages/ledger_grid.py", f_team=team_id)
    grid = at.data_editor[0]
    row_id = int(grid.value["id"].iloc[1])
    before = grid_row(sample_db, row_id)
    at.session_state[grid.key] = {"edited_rows": {1: {"content": "更正：走访三家快递网点"}}, "added_rows": [], "deleted_rows": []}
    with server_like():  # the click's run goes through app.py and its sidebar, as in a browser
        button(at, "保存修改").click().run()
    assert not at.exception
    after = grid_row(sample_db, row_id)
    assert after.content == "更正：走访三家快递网点" and after.version == before.version + 1
    reloaded = at.data_editor[0].value  # the grid reads its rows again after the save
    assert reloaded.set_index("id").loc[row_id, "content"] == "更正：走访三家快递网点"


def test_office_adds_and_deletes_daily_records_in_the_grid(app_as, sample_db):
    team_id, _site = first_team(sample_db)
    at = app_as("office", "pages/ledger_grid.py", f_team=team_id)
    grid = at.data_editor[0]
    assert list(grid.value.columns)[:2] == ["id", "site_name"]  # no id index a new row would have to fill in
    doomed = int(grid.value["id"].iloc[2])
    added = {"work_date": "2021-10-10", "content": "网格新增：走访物流园区司机之家"}
    at.session_state[grid.key] = {"edited_rows": {}, "added_rows": [added], "deleted_rows": [2]}
    with server_like():
        button(at, "保存修改").click().run()
    assert not at.exception
    with read_session(sample_db) as session:
        new = session.exec(select(DailyRecord).where(DailyRecord.content == added["content"])).one()
        assert new.team_id == team_id and new.work_date == date(2021, 10, 10)
        assert session.get(DailyRecord, doomed).deleted_at is not None
    assert doomed not in list(at.data_editor[0].value["id"])


def test_the_grid_holds_the_newest_rows_and_says_so(app_as, sample_db, monkeypatch):
    monkeypatch.setattr(ledger_widgets, "GRID_ROWS", 5)  # the sample round's month plays a country's
    at = app_as("office", "pages/ledger_grid.py")
    shown = at.data_editor[0].value
    assert len(shown) == 5 and "显示最新 5 条" in texts(at)
    dates = list(shown["work_date"])
    assert dates == sorted(dates, reverse=True)


def test_signing_out_ends_the_session_in_the_users_other_tabs(app_as):
    mine, other_tab = app_as("discipline"), app_as("discipline")
    with server_like():
        mine.switch_page("pages/sign_out.py").run()  # what a click on the navigation's "退出登录" runs
        other_tab.run()
    for at in (mine, other_tab):
        assert not at.exception
        assert [t.label for t in at.text_input] == ["用户名", "密码"]  # back at the sign-in form


def test_a_session_is_back_at_the_sign_in_form_at_the_first_run_after_its_token_expires(app_as):
    at = app_as("discipline")
    token, expires = at.session_state["token_expires"]
    assert expires > time.time() + 11 * 3600  # signed for twelve hours, checked once
    at.session_state["token_expires"] = (token, time.time() - 1)  # twelve hours later
    with server_like():  # the run goes through app.py's sign-in check, as in a browser
        at.run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
