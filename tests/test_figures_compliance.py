"""Ledger compliance on the 2021 round (working days listed in test_figures_support)."""

from __future__ import annotations

from datetime import date

import pytest

from data_access import figures as F
from data_access.figures import Rate
from data_access.models import DailyRecord, MonthlyExchange, WeeklyReport
from data_access.settings import DEFAULTS
from tests.test_figures_support import END, START, WORKDAYS_2021, add, by_team, d, days_between, deleted, make_round, read, scope


@pytest.fixture
def org(engine):
    org = make_round(engine, n_teams=3)
    t1, t2, _t3 = org["team_ids"]  # team 3 keeps no ledgers at all
    add(
        engine,
        # Team 1 daily records: Sep 13 twice (one day), Sep 18 (make-up Saturday), Oct 9 (make-up Saturday)
        # count; Sep 19 (Sunday), Sep 20 (holiday), Oct 18 (after the end) and a deleted Oct 11 do not.
        DailyRecord(team_id=t1, work_date=d(9, 13), content="a"),
        DailyRecord(team_id=t1, work_date=d(9, 13), content="b"),
        DailyRecord(team_id=t1, work_date=d(9, 18), content="c"),
        DailyRecord(team_id=t1, work_date=d(9, 19), content="d"),
        DailyRecord(team_id=t1, work_date=d(9, 20), content="e"),
        DailyRecord(team_id=t1, work_date=d(10, 9), content="f"),
        DailyRecord(team_id=t1, work_date=d(10, 18), content="g"),
        DailyRecord(team_id=t1, work_date=d(10, 11), content="h", **deleted()),
        # Team 1 weekly reports (on time = by Sunday + 1 grace day):
        WeeklyReport(team_id=t1, week_start=d(9, 13), submitted_on=d(9, 20), topic="w0 on time"),
        WeeklyReport(team_id=t1, week_start=d(9, 20), submitted_on=d(9, 28), topic="w1 late (due 9-27)"),
        WeeklyReport(team_id=t1, week_start=d(9, 27), submitted_on=d(10, 3), topic="w2 on time"),
        WeeklyReport(team_id=t1, week_start=d(9, 27), submitted_on=d(10, 4), topic="w2 again"),
        WeeklyReport(team_id=t1, week_start=d(10, 4), submitted_on=d(10, 5), topic="w3 deleted", **deleted()),
        # week_start typed as a Wednesday still belongs to the week of Oct 11; due Oct 18.
        WeeklyReport(team_id=t1, week_start=d(10, 13), submitted_on=d(10, 18), topic="w4 on time"),
        # Monthly exchanges: team 1 in September (October's is deleted), team 2 in October.
        MonthlyExchange(team_id=t1, meeting_date=d(9, 28), attendees="x", minutes="m"),
        MonthlyExchange(team_id=t1, meeting_date=d(10, 12), attendees="x", minutes="m", **deleted()),
        MonthlyExchange(team_id=t2, meeting_date=d(10, 14), attendees="x", minutes="m"),
    )
    return org


def test_daily_compliance_follows_the_state_calendar(engine, org):
    t1, t2, t3 = org["team_ids"]
    # After the end: all 21 working days are due; team 1 has Sep 13, Sep 18, Oct 9.
    daily = by_team(read(engine, F.daily_compliance, scope(org, d(10, 20))), "daily")
    assert daily == {t1: Rate(3, 21), t2: Rate(0, 21), t3: Rate(0, 21)}
    # As of Sunday Sep 26 (a make-up day): Sep 13–18 (6) + Sep 22–24 (3) + Sep 26 (1) = 10.
    daily = by_team(read(engine, F.daily_compliance, scope(org, d(9, 26))), "daily")
    assert daily[t1] == Rate(2, 10) and daily[t1].value == pytest.approx(0.2)


def test_everything_is_zero_over_zero_before_the_start(engine, org):
    s = scope(org, d(9, 1))
    table = read(engine, F.ledger_compliance, s)
    for column in ("daily", "weekly", "monthly"):
        assert all(rate == Rate(0, 0) and rate.value is None for rate in table[column])
    assert read(engine, F.daily_week_matrix, s).empty
    assert read(engine, F.missing_workdays, s, org["team_ids"][0]) == []
    assert read(engine, F.weekly_status, s, org["team_ids"][0]).empty


def test_weekly_compliance_counts_weeks_from_the_start_monday(engine, org):
    t1, t2, _ = org["team_ids"]
    # Weeks: Sep 13, 20, 27, Oct 4, Oct 11 (the stationing ends in it) → 5 once the round has ended.
    # Team 1 on time: weeks Sep 13, Sep 27 (the second report for it counts once), Oct 11 → 3.
    weekly = by_team(read(engine, F.weekly_compliance, scope(org, d(10, 20))), "weekly")
    assert weekly[t1] == Rate(3, 5) and weekly[t2] == Rate(0, 5)
    # On Oct 15 (the last day) the final week counts although its Sunday is ahead, but its report
    # (submitted Oct 18) does not exist yet → 2/5. On Oct 14 that week does not count yet → 2/4.
    assert by_team(read(engine, F.weekly_compliance, scope(org, d(10, 15))), "weekly")[t1] == Rate(2, 5)
    assert by_team(read(engine, F.weekly_compliance, scope(org, d(10, 14))), "weekly")[t1] == Rate(2, 4)
    # Two grace days make the Sep 20 week's report (submitted Sep 28, due Sep 28) on time → 4/5.
    settings = DEFAULTS | {"weekly_grace_days": 2}
    assert by_team(read(engine, F.weekly_compliance, scope(org, d(10, 20)), settings), "weekly")[t1] == Rate(4, 5)


def test_weekly_status_lists_each_week(engine, org):
    t1 = org["team_ids"][0]
    status = read(engine, F.weekly_status, scope(org, d(10, 20)), t1)
    assert list(status["week_start"]) == [d(9, 13), d(9, 20), d(9, 27), d(10, 4), d(10, 11)]
    assert list(status["on_time"]) == [True, False, True, False, True]
    assert list(status["submitted_on"]) == [d(9, 20), d(9, 28), d(10, 3), None, d(10, 18)]
    assert status["due"].iloc[1] == d(9, 27)


def test_monthly_compliance_counts_elapsed_months(engine, org):
    t1, t2, t3 = org["team_ids"]
    # After the end: September (elapsed) and October (the stationing ended in it) → 2 months.
    monthly = by_team(read(engine, F.monthly_compliance, scope(org, d(10, 20))), "monthly")
    assert monthly == {t1: Rate(1, 2), t2: Rate(1, 2), t3: Rate(0, 2)}
    # Oct 10: only September is due; team 2's October meeting is not yet held.
    monthly = by_team(read(engine, F.monthly_compliance, scope(org, d(10, 10))), "monthly")
    assert monthly == {t1: Rate(1, 1), t2: Rate(0, 1), t3: Rate(0, 1)}
    # Sep 30 is September's last day → due; Sep 29 → nothing due yet.
    assert by_team(read(engine, F.monthly_compliance, scope(org, d(9, 30))), "monthly")[t1] == Rate(1, 1)
    assert by_team(read(engine, F.monthly_compliance, scope(org, d(9, 29))), "monthly")[t1] == Rate(0, 0)
    status = read(engine, F.monthly_status, scope(org, d(10, 20)), t2)
    assert status.values.tolist() == [["2021-09", 0, None], ["2021-10", 1, d(10, 14)]]


def test_week_matrix_and_missing_days(engine, org):
    t1, t2, _ = org["team_ids"]
    s = scope(org, d(10, 20))
    matrix = read(engine, F.daily_week_matrix, s)
    one = matrix[matrix.team_id == t1]
    # Expected: Sep 13–18 → 6; Sep 22–24, 26 → 4; Sep 27–30 → 4; Oct 8, 9 → 2; Oct 11–15 → 5 (sum 21).
    assert list(one["expected"]) == [6, 4, 4, 2, 5]
    assert list(one["with_record"]) == [2, 0, 0, 1, 0]
    assert list(matrix[matrix.team_id == t2]["with_record"]) == [0] * 5
    assert len(matrix) == 3 * 5
    missing = read(engine, F.missing_workdays, s, t1)
    assert missing == [x for x in WORKDAYS_2021 if x not in (d(9, 13), d(9, 18), d(10, 9))]
    assert len(missing) == 18


def test_the_rows_behind_daily_compliance_are_its_working_days_those_without_a_record_first(engine, org):
    t1 = org["team_ids"][0]
    rows = read(engine, F.daily_rate_rows, scope(org, d(10, 20)), t1, d(9, 13))
    # Week of Sep 13: working days Sep 13–18 (Sat 18 a make-up day); records on Sep 13 (two) and 18.
    # Without one first: 14, 15, 16, 17; then Sep 13 twice ("a", "b") and Sep 18 ("c").
    assert list(rows["work_date"]) == [d(9, 14), d(9, 15), d(9, 16), d(9, 17), d(9, 13), d(9, 13), d(9, 18)]
    assert list(rows["has_record"]) == [False] * 4 + [True] * 3
    assert list(rows["content"].iloc[4:]) == ["a", "b", "c"]
    # The whole stationing: the 21 working days, 3 with records (Sep 13 twice): 18 without, then 4 rows.
    whole = read(engine, F.daily_rate_rows, scope(org, d(10, 20)), t1)
    assert len(whole) == 22 and not whole["has_record"].iloc[:18].any() and whole["has_record"].iloc[18:].all()
    assert set(whole["work_date"]) == set(WORKDAYS_2021)  # Sep 19, Sep 20, Oct 18 and the deleted Oct 11's record are not rows


def test_daily_rows_of_a_week(engine, org):
    t1 = org["team_ids"][0]
    rows = read(engine, F.daily_rows, scope(org, d(10, 20)), t1, d(9, 13))
    # Every live record of the week, also the Sunday one; the Sep 20 record is next week's.
    assert list(rows["content"]) == ["a", "b", "c", "d"]
    assert len(read(engine, F.daily_rows, scope(org, d(10, 20)), t1)) == 7  # every live record up to as_of
    assert len(read(engine, F.daily_rows, scope(org, d(10, 17)), t1)) == 6  # Oct 18 not yet written


def test_scope_by_team_and_district(engine, org):
    t1, t2, t3 = org["team_ids"]
    table = read(engine, F.ledger_compliance, scope(org, d(10, 20), team_ids=(t2,)))
    assert list(table["team_id"]) == [t2]
    table = read(engine, F.ledger_compliance, scope(org, d(10, 20), district_codes=("130101", "130103")))
    assert list(table["team_id"]) == [t1, t3]
    flat = F.flatten_rates(table)
    assert list(flat.columns[:4]) == ["team_id", "daily_num", "daily_den", "daily"]
    assert flat["daily"].tolist() == [3 / 21, 0.0]


def test_calendar_note_for_a_year_outside_the_calendar(engine):
    org = make_round(engine, n_teams=1, start=date(2030, 3, 1), end=date(2030, 5, 31), name="2030")
    assert read(engine, F.calendar_note_for, scope(org, date(2030, 4, 1))) == "calendar.note.fallback"
    # Fallback Mon–Fri: Mar 1 (Fri) … Mar 8 (Fri) → 1 + 5 = 6 working days.
    daily = read(engine, F.daily_compliance, scope(org, date(2030, 3, 8)))
    assert daily["daily"].iloc[0] == Rate(0, 6)
    org21 = make_round(engine, n_teams=1, name="2021b")
    assert read(engine, F.calendar_note_for, scope(org21, d(10, 1))) is None


def test_the_teams_with_the_fewest_records_come_first(engine, org):
    t1, t2, t3 = org["team_ids"]
    # Team 1 has 3 of 21 working days, teams 2 and 3 none: equal rates keep their order by number.
    fewest = read(engine, F.fewest_records, scope(org, d(10, 20)), 2)
    assert by_team(fewest, "daily") == {t2: Rate(0, 21), t3: Rate(0, 21)} and list(fewest["team_id"]) == [t2, t3]
    assert list(read(engine, F.fewest_records, scope(org, d(10, 20)), 10)["team_id"]) == [t2, t3, t1]
    narrowed = read(engine, F.fewest_records, scope(org, d(10, 20), district_codes=("130101", "130102")), 10)
    assert list(narrowed["team_id"]) == [t2, t1]
    assert by_team(read(engine, F.fewest_records, scope(org, d(9, 1)), 10), "daily") == {t: Rate(0, 0) for t in (t1, t2, t3)}


def test_each_calendar_day_of_a_team_has_its_state(engine, org):
    t1, t2, _ = org["team_ids"]
    days = read(engine, F.day_states, scope(org, d(10, 20)), t1).set_index("day")
    assert list(days.index) == days_between(START, END)  # Sep 13 – Oct 15: the stationing, not after
    recorded = [d(9, 13), d(9, 18), d(9, 19), d(9, 20), d(10, 9)]  # a Sunday's and a holiday's record count too
    assert [x for x in days.index if days.loc[x, "state"] == "recorded"] == recorded
    assert [x for x in days.index if days.loc[x, "state"] == "missing"] == read(engine, F.missing_workdays, scope(org, d(10, 20)), t1)
    assert (days["state"] == "off").sum() == 33 - 5 - 18  # Sep 21, 25, Oct 1–7, Oct 10
    assert (days.loc[d(9, 19), "week"], days.loc[d(9, 19), "weekday"]) == (1, 7)
    assert (days.loc[d(10, 15), "week"], days.loc[d(10, 15), "weekday"]) == (5, 5)
    # As of Sep 14 only two days so far; before the start none.
    assert list(read(engine, F.day_states, scope(org, d(9, 14)), t2)["state"]) == ["missing", "missing"]
    assert read(engine, F.day_states, scope(org, d(9, 1)), t2).empty


def test_calendar_weeks_start_on_the_monday_of_the_start_week(engine):
    org = make_round(engine, n_teams=1, start=d(9, 15), name="周三开始")
    days = read(engine, F.day_states, scope(org, d(9, 21)), org["team_ids"][0]).set_index("day")
    # Wed Sep 15 – Sun Sep 19 are week 1, Mon Sep 20 begins week 2, as in the week matrix.
    assert list(days["week"]) == [1, 1, 1, 1, 1, 2, 2] and days.loc[d(9, 15), "weekday"] == 3
