"""Pages on a database of the test's own rows: the provisional ranking of a round without an
evaluation, a rate's drill-down (its whole denominator, open rows first) and satisfaction's counts."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from data_access.db import write_session
from data_access.models import Problem
from data_access.startup import start
from tests.factories import make_round
from tests.pages.conftest import APP, texts, token_for
from tests.tile_boards import click_tile, tiles

AS_OF = date(2021, 9, 30)


def problem(team_id: int, title: str, raised: date, feedback: str | None = None, resolved: bool = True) -> Problem:
    return Problem(
        team_id=team_id,
        raised_on=raised,
        title=title,
        category="wages_insurance",
        status="resolved" if resolved else "open",
        resolved_on=date(2021, 9, 10) if resolved else None,
        feedback=feedback or "",
    )


@pytest.fixture
def own_rows(tmp_path, monkeypatch):
    """A database holding only the test's round (no sample): two teams' problems, and a third
    team with none. Team 1: 甲 satisfied, 乙 basically satisfied, 丙 no feedback, 丁 and 戊 open;
    team 2: 己 satisfied, 庚 open."""
    url = f"sqlite:///{tmp_path / 'own.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DUNDIAN_ADMIN_PASSWORD", "admin-pass-123")
    monkeypatch.setenv("DUNDIAN_SECRET", "page-test-secret")
    engine = start(url, sample=False)
    org = make_round(engine, n_teams=3)
    one, two, _three = org["team_ids"]
    with write_session(engine) as session:
        session.add_all(
            [
                problem(one, "甲", date(2021, 8, 2), "satisfied"),
                problem(one, "乙", date(2021, 8, 3), "basic"),
                problem(one, "丙", date(2021, 8, 4)),
                problem(one, "丁", date(2021, 8, 5), resolved=False),
                problem(one, "戊", date(2021, 8, 6), resolved=False),
                problem(two, "己", date(2021, 8, 7), "satisfied"),
                problem(two, "庚", date(2021, 8, 1), resolved=False),
            ]
        )
    return engine, org


def open_as_office(engine, org, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["token"] = token_for(engine, "admin")
    at.session_state["f_round"] = org["round_id"]
    at.session_state["f_as_of"] = AS_OF
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def test_a_round_without_an_evaluation_shows_a_provisional_ranking_of_its_teams(own_rows):
    engine, org = own_rows
    at = open_as_office(engine, org, "pages/evaluation_scoreboard.py")
    assert "临时排名" in texts(at) and "不是正式发布的考核结果" in texts(at)
    # The default scheme's objective weights add up to 80: each is scaled by 1.25. Only problem
    # resolution (12 → 15, full at 90 %, nothing at 40 %) and satisfaction (5 → 6.25, full at 95 %)
    # have values above nothing: no daily records, reports, targets, deadlines or first actions.
    # Team 1: 3 of 5 resolved = 60 % → (60 − 40) / (90 − 40) = 40 % of 15 = 6; satisfaction
    # (1 + 0.9) / 2 with feedback = 95 % → 6.25; total 12.25.
    # Team 2: 1 of 2 = 50 % → 20 % of 15 = 3; satisfaction 1/1 → 6.25; total 9.25. Team 3: 0.
    ranking = at.dataframe[0].value
    assert list(ranking["工作组"]) == ["1. 测试点1", "2. 测试点2", "3. 测试点3"]
    assert list(ranking["总分"]) == [12.25, 9.25, 0.0]
    assert list(ranking["名次"]) == [1, 2, 3]
    assert "等次" not in ranking.columns  # no band: it is not an evaluation
    # A row opens the team's indicators; the resolution rate opens the rows behind it.
    at.session_state["ev_provisional"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    indicators = at.dataframe[1].value.set_index("指标")
    assert indicators.loc["问题解决率", "指标值（%）"] == "60.0% (3/5)"
    assert indicators.loc["职工满意度", "指标值（%）"] == "95.0% (1 + 1×0.9 / 2)"  # counts, not 1.9/2
    position = list(indicators.index).index("问题解决率")
    at.session_state[f"ev_provisional_{org['team_ids'][0]}"] = {"selection": {"rows": [position], "columns": []}}
    at.run()
    evidence = at.dataframe[2].value
    assert list(evidence["标题"]) == ["丁", "戊", "甲", "乙", "丙"]  # the two open ones first
    assert "计入分子" in evidence.columns and {"id", "team_id", "编号"}.isdisjoint(evidence.columns)
    # Weekly reports: the weeks due, labelled as the compliance page labels them (no report ids).
    at.session_state[f"ev_provisional_{org['team_ids'][0]}"] = {
        "selection": {"rows": [list(indicators.index).index("周报告按时率")], "columns": []}
    }
    at.run()
    weeks = at.dataframe[2].value
    assert list(weeks.columns) == ["周起始", "应报日期", "提交日期", "按时"] and len(weeks) > 0


def test_a_rates_drilldown_lists_its_denominator_with_the_numerator_flag_unresolved_first(own_rows):
    engine, org = own_rows
    at = open_as_office(engine, org, "pages/problems.py")
    board = tiles(at, "p_figures")
    # Resolved 甲 乙 丙 己 of the 7 raised.
    assert (board["resolution"]["value"], board["resolution"]["caption"]) == ("57%", "4 / 7")
    click_tile(at, "p_figures", "resolution")
    assert not at.exception
    rows = at.dataframe[-1].value
    # All 7; not resolved first, by the day raised (庚 Aug 1, 丁 Aug 5, 戊 Aug 6), then the resolved.
    assert list(rows["标题"]) == ["庚", "丁", "戊", "甲", "乙", "丙", "己"]
    assert list(rows["已解决"]) == [False, False, False, True, True, True, True]
    assert "id" not in rows.columns and "编号" not in rows.columns


def test_satisfaction_shows_the_counts_it_is_made_of(own_rows):
    engine, org = own_rows
    at = open_as_office(engine, org, "pages/problems.py")
    satisfaction = tiles(at, "p_figures")["satisfaction"]
    # Feedback among the resolved: 甲 and 己 satisfied, 乙 basically satisfied (丙 none):
    # (2 + 0.9) / 3 = 96.7 %.
    assert satisfaction["value"] == "97%"
    assert satisfaction["caption"] == "满意 2 + 基本满意 1×0.9，共 3 条反馈"
