"""Figures as the pages show them: one six 一批 progress on the team page and in the evaluation,
and the compliance matrix's columns, one a week of the round."""

import json
import re
from datetime import date, timedelta

import pytest
from sqlmodel import select
from streamlit.elements.plotly_chart import PlotlySelectionState, PlotlyState

from data_access.db import read_session
from data_access.evaluation import schemes, scoring
from data_access.models import Indicator, Phase, Round
from tests.pages.conftest import texts

FRACTION = re.compile(r"\(([\d.]+) ?/ ?(\d+)\)")


def sample_round(engine, year: int) -> Round:
    with read_session(engine) as session:
        return session.exec(select(Round).where(Round.year == year)).one()


def fraction_of(text: str) -> tuple[float, int]:
    num, den = FRACTION.search(text).groups()
    return float(num), int(den)


def test_six_progress_of_every_team_is_the_same_on_the_team_page_and_in_its_evaluation(app_as, sample_db):
    """The sample's 2020 round has a published evaluation, read as of the round's end."""
    the_round = sample_round(sample_db, 2020)
    progress_page = app_as("office", "pages/team_progress.py", f_round=the_round.id, f_as_of=the_round.end_date)
    assert not progress_page.exception
    shown = progress_page.dataframe[0].value.set_index("工作组")["六个一批目标完成度"]
    with read_session(sample_db) as session:
        scheme_id = schemes.live_scheme_id(session, the_round.id)
        assert schemes.header(session, scheme_id).evaluation_date == the_round.end_date
        indicator_id = session.exec(select(Indicator.id).where(Indicator.scheme_id == scheme_id, Indicator.source == "six.overall")).one()
        board = scoring.scoreboard(session, scheme_id)
    scoreboard_page = app_as("office", "pages/evaluation_scoreboard.py", f_round=the_round.id)
    for position, team in enumerate(board.itertuples()):
        # The evaluation page: the team's row in the ranking opens its indicators.
        scoreboard_page.session_state["ev_ranking"] = {"selection": {"rows": [position], "columns": []}}
        scoreboard_page.run()
        indicators = scoreboard_page.dataframe[1].value.set_index("指标")
        evaluated = fraction_of(indicators.loc["六个一批目标完成度", "指标值（%）"])
        on_team_page = shown[f"{team.seq}. {team.site_name}"]
        assert fraction_of(on_team_page) == evaluated, team.site_name
        num, den = evaluated
        assert on_team_page.startswith(f"{num / den:.0%} ")
        # The rows the evaluation's evidence dialog lists add up to the same figure.
        with read_session(sample_db) as session:
            evidence = scoring.objective_evidence(session, scheme_id, indicator_id, int(team.team_id))
        counted = evidence[evidence["counted"]]
        assert len(counted) == den and sum(r.value for r in counted["share"]) == pytest.approx(num, abs=1e-4)
        assert all(r.num <= r.den for r in counted["share"])  # each share counts at most 100 %


# The 2021 round's stationing, 2021-07-12 (Mon) to 2021-10-11 (Mon): a column a week, the last
# holding its one day.
WEEKS_2021 = [
    "07-12～07-18",
    "07-19～07-25",
    "07-26～08-01",
    "08-02～08-08",
    "08-09～08-15",
    "08-16～08-22",
    "08-23～08-29",
    "08-30～09-05",
    "09-06～09-12",
    "09-13～09-19",
    "09-20～09-26",
    "09-27～10-03",
    "10-04～10-10",
    "10-11",
]


def test_the_compliance_matrix_has_a_column_a_week_of_the_round_labelled_by_its_dates(app_as, sample_db):
    the_round = sample_round(sample_db, 2021)
    assert (the_round.start_date, the_round.end_date) == (date(2021, 7, 12), date(2021, 10, 11))
    at = app_as("office", "pages/compliance.py", f_round=the_round.id, f_as_of=date(2021, 10, 20))
    assert not at.exception
    drawn = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat, x_axis = drawn["data"][0], drawn["layout"]["xaxis"]
    assert x_axis["type"] == "category" and x_axis["categoryarray"] == WEEKS_2021
    assert list(dict.fromkeys(heat["x"])) == WEEKS_2021
    assert [text.replace("<br>", "") for text in x_axis["ticktext"]] == WEEKS_2021  # what the axis reads, on two lines
    assert len(set(heat["y"])) == 7 and len(heat["x"]) == 7 * len(WEEKS_2021)  # a cell a team and week
    cells = {}
    for week, text in zip(heat["x"], heat["text"]):
        cells.setdefault(week, set()).add(text.split("/")[1])
    # Working days by the state calendar: Mid-Autumn Sep 20–21 off, Sun Sep 26 worked (4); National Day
    # Oct 4–7 off, Oct 8 and Sat Oct 9 worked (2); the last week is Monday Oct 11 alone (1).
    assert (cells["09-20～09-26"], cells["10-04～10-10"], cells["10-11"], cells["07-12～07-18"]) == ({"4"}, {"2"}, {"1"}, {"5"})
    assert "蹲点尚未开始" not in texts(at)


def test_a_click_on_a_matrix_cell_opens_that_teams_records_of_that_week(app_as, sample_db):
    the_round = sample_round(sample_db, 2021)
    at = app_as("office", "pages/compliance.py", f_round=the_round.id, f_as_of=date(2021, 10, 20))
    drawn = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat, clickable = drawn["data"][0], drawn["data"][1]
    # A heatmap cell cannot be selected: a marker on each cell takes the click.
    assert clickable["type"] == "scatter" and list(zip(clickable["x"], clickable["y"])) == list(zip(heat["x"], heat["y"]))
    team = heat["y"][0]
    picked = PlotlySelectionState(points=[{"x": "07-12～07-18", "y": team}], point_indices=[0], box=[], lasso=[])
    at.session_state["c_heat"] = PlotlyState(selection=picked)  # what a click on the cell sends
    at.run()
    assert not at.exception
    shown = at.dataframe[-1].value
    assert f"{team} · 07-12～07-18" in texts(at) and len(shown) > 0
    assert set(shown["日期"]) <= {date(2021, 7, 12) + timedelta(days=i) for i in range(7)}
    # The cell's rate n/e: its e working days, those without a record first, the n with one.
    recorded = shown[shown["有日记录"]]
    assert list(shown["有日记录"]) == sorted(shown["有日记录"])
    assert len(set(shown["日期"])) == 5 and len(set(recorded["日期"])) == int(
        dict(zip(zip(heat["x"], heat["y"]), heat["text"]))[("07-12～07-18", team)].split("/")[0]
    )


def test_the_timeline_draws_each_phase_from_its_first_to_its_last_day(app_as, sample_db):
    the_round = sample_round(sample_db, 2021)
    at = app_as("leader", f_round=the_round.id, ov_tab="进度时间线")
    assert not at.exception
    drawn = json.loads(at.get("plotly_chart")[-1].proto.spec)
    bars = [bar for bar in drawn["data"] if bar["type"] == "bar"]
    with read_session(sample_db) as session:
        phases = session.execute(select(Phase).where(Phase.round_id == the_round.id).order_by(Phase.start_date)).scalars().all()
    assert len(bars) == len(phases) > 0
    for bar, phase in zip(bars, phases):
        # On a date axis a bar's length is in milliseconds: a phase of n days, its first day to its last inclusive.
        days = (phase.deadline - phase.start_date).days + 1
        assert bar["base"] == [phase.start_date.isoformat()] and bar["x"] == [days * 86_400_000]
