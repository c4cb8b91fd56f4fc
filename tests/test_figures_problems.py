"""Problem figures on a hand-built problem ledger, as of 2021-10-20 unless said otherwise.

Response counts working days after raised_on up to first_action_on (limit 3, state calendar):
  P1 Sep 14 → Sep 17: 15, 16, 17                 = 3 → in time
  P2 Sep 17 → Sep 23: 18 (make-up), 22, 23        = 3 → in time (Mon–Fri would say 4)
  P3 Sep 28 → Oct 8:  29, 30, Oct 8               = 3 → in time (Mon–Fri would say 8)
  P4 Sep 29 → Oct 11: 30, Oct 8, 9 (make-up), 11  = 4 → late
  P5 no first action                                  → not answered
  P8 Oct 13 → Oct 13: 0                               → in time
  P9 Oct 14 → Oct 14: 0                               → in time
"""

from __future__ import annotations

import pandas as pd
import pytest

from data_access import figures as F
from data_access.figures import Rate, SatisfactionRate
from data_access.models import Problem
from data_access.settings import DEFAULTS
from tests.test_figures_support import add, d, deleted, make_round, read, scope

AS_OF = d(10, 20)


def _p(team_id, raised, category, kind="individual", **kw) -> Problem:
    return Problem(team_id=team_id, raised_on=raised, title=kw.pop("title"), category=category, scope=kind, **kw)


@pytest.fixture
def org(engine):
    org = make_round(engine, n_teams=4)  # team 4 has no problems
    t1, t2, t3, _ = org["team_ids"]
    ids = add(
        engine,
        _p(
            t1,
            d(9, 14),
            "wages_insurance",
            title="P1",
            first_action_on=d(9, 17),
            status="resolved",
            resolved_on=d(9, 17),
            deadline=d(9, 20),
            feedback="satisfied",
        ),
        _p(
            t1,
            d(9, 17),
            "hardship",
            "common",
            title="P2",
            first_action_on=d(9, 23),
            status="resolved",
            resolved_on=d(9, 27),
            deadline=d(9, 24),
            feedback="basic",
            escalated_to="市总工会",
            escalated_on=d(9, 22),
        ),
        # Resolved only after as_of: open and overdue on Oct 20.
        _p(
            t2,
            d(9, 28),
            "wages_insurance",
            "common",
            title="P3",
            first_action_on=d(10, 8),
            status="resolved",
            resolved_on=d(10, 25),
            deadline=d(10, 10),
            feedback="satisfied",
        ),
        _p(
            t2,
            d(9, 29),
            "wages_insurance",
            title="P4",
            first_action_on=d(10, 11),
            status="resolved",
            resolved_on=d(10, 15),
            feedback="unsatisfied",
        ),
        _p(t3, d(10, 12), "wages_insurance", title="P5", deadline=d(10, 30)),
        _p(t2, d(9, 15), "hardship", title="P6 deleted", status="resolved", resolved_on=d(9, 16), **deleted()),
        _p(t3, d(10, 22), "hardship", title="P7 raised after as_of"),
        _p(t3, d(10, 13), "safety_health", title="P8", status="in_progress", first_action_on=d(10, 13), deadline=d(10, 18)),
        # Escalated only after as_of: not yet escalated on Oct 20.
        _p(
            t1,
            d(10, 14),
            "rest_leave",
            "common",
            title="P9",
            first_action_on=d(10, 14),
            status="resolved",
            resolved_on=d(10, 19),
            feedback="satisfied",
            escalated_to="省总工会",
            escalated_on=d(10, 21),
        ),
    )
    org["p"] = dict(zip(["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"], ids))
    return org


def _titles(df) -> list[str]:
    return sorted(df["title"])


def test_overall_problem_figures(engine, org):
    s = read(engine, F.problem_summary, scope(org, AS_OF))
    # Recorded: P1 P2 P3 P4 P5 P8 P9 (P6 deleted, P7 later) = 7; resolved by Oct 20: P1 P2 P4 P9 = 4.
    assert (s["recorded"], s["resolved"]) == (7, 4)
    assert s["resolution"] == Rate(4, 7)
    # With a deadline among the resolved: P1 (on time), P2 (Sep 27 > Sep 24) → 1/2.
    assert s["on_time"] == Rate(1, 2)
    # Answered in time (see module docstring): P1 P2 P3 P8 P9 → 5/7.
    assert s["response"] == Rate(5, 7)
    # Common: P2 P3 P9; escalated by Oct 20: P2 only → 1/3.
    assert s["escalation"] == Rate(1, 3)
    # Days to resolve: P1 3, P2 10, P4 16, P9 5 → 3 5 10 16 → (5 + 10) / 2 = 7.5.
    assert s["median_days"] == pytest.approx(7.5)
    # Feedback among resolved: P1 satisfied, P2 basic, P4 unsatisfied, P9 satisfied → (2 + 0.9) / 4.
    assert s["satisfaction"] == SatisfactionRate(2.9, 4, satisfied=2, basic=1, weight=0.9)
    assert s["satisfaction"].value == pytest.approx(0.725)
    # Overdue: P3 (due Oct 10, open on Oct 20), P8 (due Oct 18).
    assert s["overdue"] == 2


def test_a_problem_resolved_after_as_of_is_open(engine, org):
    on_20 = read(engine, F.problem_rows, scope(org, AS_OF), "resolution", "num")
    assert "P3" not in _titles(on_20)
    assert _titles(read(engine, F.overdue_problems, scope(org, AS_OF))) == ["P3", "P8"]
    # On Oct 26 it is resolved (late) and no longer overdue; P7 now exists too.
    later = read(engine, F.problem_summary, scope(org, d(10, 26)))
    assert (later["recorded"], later["resolved"]) == (8, 5)
    assert _titles(read(engine, F.overdue_problems, scope(org, d(10, 26)))) == ["P8"]


def test_rows_behind_every_rate(engine, org):
    s = scope(org, AS_OF)
    expected = {
        ("recorded", "num"): ["P1", "P2", "P3", "P4", "P5", "P8", "P9"],
        ("resolution", "num"): ["P1", "P2", "P4", "P9"],
        ("resolution", "den"): ["P1", "P2", "P3", "P4", "P5", "P8", "P9"],
        ("on_time", "num"): ["P1"],
        ("on_time", "den"): ["P1", "P2"],
        ("response", "num"): ["P1", "P2", "P3", "P8", "P9"],
        ("escalation", "num"): ["P2"],
        ("escalation", "den"): ["P2", "P3", "P9"],
        ("satisfaction", "num"): ["P1", "P2", "P9"],
        ("satisfaction", "den"): ["P1", "P2", "P4", "P9"],
        ("median_days", "num"): ["P1", "P2", "P4", "P9"],
        ("overdue", "num"): ["P3", "P8"],
    }
    for (figure, part), titles in expected.items():
        assert _titles(read(engine, F.problem_rows, s, figure, part)) == titles, (figure, part)
    days = read(engine, F.problem_rows, s, "median_days")
    assert dict(zip(days["title"], days["days_to_resolve"])) == {"P1": 3, "P2": 10, "P4": 16, "P9": 5}


def test_a_rate_opens_its_whole_denominator_with_the_numerator_as_a_column_open_ones_first(engine, org):
    s = scope(org, AS_OF)
    rows = read(engine, F.problem_rate_rows, s, "resolution")
    # All 7 recorded; not resolved by Oct 20 first, by day raised: P3 (Sep 28), P5 (Oct 12), P8 (Oct 13);
    # then the resolved: P1 (Sep 14), P2 (Sep 17), P4 (Sep 29), P9 (Oct 14).
    assert list(rows["title"]) == ["P3", "P5", "P8", "P1", "P2", "P4", "P9"]
    assert list(rows["resolved"]) == [False, False, False, True, True, True, True]
    # On time: of P1 and P2 (resolved with a deadline), P2 was late (Sep 27 > Sep 24).
    on_time = read(engine, F.problem_rate_rows, s, "on_time")
    assert list(zip(on_time["title"], on_time["resolved_on_time"])) == [("P2", False), ("P1", True)]
    # Satisfaction counts points: P4 unsatisfied 0, P2 basic 0.9, P1 and P9 satisfied 1.
    satisfaction = read(engine, F.problem_rate_rows, s, "satisfaction")
    assert list(zip(satisfaction["title"], satisfaction["satisfaction_points"])) == [("P4", 0), ("P2", 0.9), ("P1", 1), ("P9", 1)]
    # Within one team: team 2 has P3 (open) and P4.
    t2 = org["team_ids"][1]
    assert list(read(engine, F.problem_rate_rows, s, "resolution", team_id=t2)["title"]) == ["P3", "P4"]


def test_grouped_by_team_includes_empty_teams(engine, org):
    t1, t2, t3, t4 = org["team_ids"]
    table = read(engine, F.problem_rates, scope(org, AS_OF), "team").set_index("team_id")
    assert list(table.index) == [t1, t2, t3, t4]
    # t1: P1 P2 P9 all resolved; t2: P3 (open) P4; t3: P5 P8 none resolved; t4: nothing.
    assert [table.loc[t, "resolution"] for t in (t1, t2, t3, t4)] == [Rate(3, 3), Rate(1, 2), Rate(0, 2), Rate(0, 0)]
    assert table.loc[t4, "resolution"].value is None and table.loc[t4, "recorded"] == 0
    assert pd.isna(table.loc[t4, "median_days"])
    # t1 days 3, 10, 5 → median 5; t2 only P4 → 16.
    assert table.loc[t1, "median_days"] == 5 and table.loc[t2, "median_days"] == 16
    assert _titles(read(engine, F.problem_rows, scope(org, AS_OF), "resolution", "den", team_id=t2)) == ["P3", "P4"]


def test_grouped_by_scope_category_and_time(engine, org):
    s = scope(org, AS_OF)
    by_scope = read(engine, F.problem_rates, s, "scope").set_index("scope")
    # individual: P1 P4 P5 P8 (resolved P1 P4); common: P2 P3 P9 (resolved P2 P9).
    assert by_scope.loc["individual", "resolution"] == Rate(2, 4)
    assert by_scope.loc["common", "resolution"] == Rate(2, 3)
    by_category = read(engine, F.problem_rates, s, "category").set_index("category")
    assert by_category.loc["wages_insurance", "recorded"] == 4  # P1 P3 P4 P5
    assert by_category.loc["women", "recorded"] == 0  # every category is listed
    by_month = read(engine, F.problem_rates, s, "month").set_index("month")
    assert by_month["recorded"].to_dict() == {"2021-09": 4, "2021-10": 3}
    by_week = read(engine, F.problem_rates, s, "week")
    # Weeks of raising: Sep 13 (P1 P2), Sep 27 (P3 P4), Oct 11 (P5 P8 P9).
    assert dict(zip(by_week["week_start"], by_week["recorded"])) == {d(9, 13): 2, d(9, 27): 2, d(10, 11): 3}
    rows = read(engine, F.problem_rows, s, "recorded", week_start=d(9, 27))
    assert _titles(rows) == ["P3", "P4"]
    rows = read(engine, F.problem_rows, s, "resolution", "num", problem_scope="common", month="2021-09")
    assert _titles(rows) == ["P2"]


def test_response_limit_follows_the_setting(engine, org):
    # With 4 working days P4 (4 working days) is answered in time too.
    s = read(engine, F.problem_summary, scope(org, AS_OF), DEFAULTS | {"response_working_days": 4})
    assert s["response"] == Rate(6, 7)


def test_cumulative_recorded_and_resolved(engine, org):
    table = read(engine, F.problem_cumulative, scope(org, AS_OF)).set_index("day")
    assert table.index[0] == d(9, 14) and table.index[-1] == AS_OF
    assert tuple(table.loc[d(9, 14)]) == (1, 0)
    assert tuple(table.loc[d(9, 17)]) == (2, 1)  # P1 resolved that day
    assert tuple(table.loc[d(9, 27)]) == (2, 2)
    assert tuple(table.loc[AS_OF]) == (7, 4)


def test_common_categories_threshold(engine, org):
    s = scope(org, AS_OF)
    table = read(engine, F.common_categories, s).set_index("category")
    # wages_insurance at teams 1, 2, 3 → 3 sites ≥ 3; hardship only at team 1 (P6 deleted, P7 later).
    assert table.loc["wages_insurance", "sites"] == 3 and table.loc["wages_insurance", "common"]
    assert table.loc["hardship", "sites"] == 1 and not table.loc["hardship", "common"]
    assert table.index[0] == "wages_insurance"
    raised = read(engine, F.common_categories, s, DEFAULTS | {"common_min_sites": 4})
    assert not raised["common"].any()


def test_empty_scope_has_zero_denominators(engine, org):
    t4 = org["team_ids"][3]
    s = read(engine, F.problem_summary, scope(org, AS_OF, team_ids=(t4,)))
    assert s["recorded"] == 0
    for figure in ("resolution", "on_time", "response", "escalation"):
        assert s[figure] == Rate(0, 0) and s[figure].value is None
    assert s["satisfaction"] == SatisfactionRate(0, 0, satisfied=0, basic=0, weight=0.9) and s["satisfaction"].value is None
    assert s["median_days"] is None
    assert read(engine, F.problem_cumulative, scope(org, AS_OF, team_ids=(t4,))).empty
    assert read(engine, F.common_categories, scope(org, AS_OF, team_ids=(t4,))).empty
