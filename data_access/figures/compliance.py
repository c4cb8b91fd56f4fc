"""Ledger compliance: daily records, weekly reports and monthly exchanges against what was due."""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, distinct, func, select
from sqlmodel import Session

from data_access.figures.common import Rate, Window, in_scope, per_team, settings_or_stored, teams_in_scope, window
from data_access.figures.sql import day, day_diff, frame, month_key, run, week_index
from data_access.models import DailyRecord, MonthlyExchange, Team, WeeklyReport, WorkCalendar
from data_access.scope import Scope

WC = WorkCalendar


# ---------------------------------------------------------------- periods


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def weeks_due(w: Window) -> list[date]:
    """Mondays of the weeks counted so far: from the start's week, a week counts once its
    Sunday has passed, or once the stationing has ended in it."""
    if not w.started:
        return []
    weeks, monday = [], _monday(w.start)
    while monday <= w.period_end:
        sunday = monday + timedelta(days=6)
        if sunday <= w.as_of or (w.ended and monday <= w.end <= sunday):
            weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _month_last(d: date) -> date:
    return d.replace(day=_cal.monthrange(d.year, d.month)[1])


def months_due(w: Window) -> list[str]:
    """'YYYY-MM' of the months counted so far: fully elapsed, or the stationing ended in it."""
    if not w.started:
        return []
    months, first = [], w.start.replace(day=1)
    while first <= w.period_end:
        last = _month_last(first)
        if last <= w.as_of or (w.ended and first <= w.end <= last):
            months.append(first.strftime("%Y-%m"))
        first = last + timedelta(days=1)
    return months


def _live(model, scope: Scope):
    return and_(model.deleted_at.is_(None), in_scope(model.team_id, scope))


# ---------------------------------------------------------------- daily


def _working_days_so_far(session: Session, w: Window) -> int:
    if not w.started:
        return 0
    stmt = select(func.count()).select_from(WC).where(WC.is_workday.is_(True), WC.day.between(w.start, w.period_end))
    return session.connection().execute(stmt).scalar_one()


def _recorded_workdays(scope: Scope, w: Window):
    """(team_id, day) of each working day of the stationing so far on which a team in scope has a
    record. Distinct days first, from the covering index (team_id, work_date, deleted_at): a team
    with a record per member and day costs one calendar lookup a day, not one a record."""
    days = (
        select(DailyRecord.team_id, DailyRecord.work_date.label("day"))
        .where(_live(DailyRecord, scope), DailyRecord.work_date.between(w.start, w.period_end))
        .distinct()
        .subquery()
    )
    return select(days.c.team_id, days.c.day).join(WC, and_(WC.day == days.c.day, WC.is_workday.is_(True)))


def daily_compliance(session: Session, scope: Scope) -> pd.DataFrame:
    """Working days of the stationing so far with at least one daily record, over working days so far
    (state calendar: holidays off, make-up working days on). Columns team_id, daily (Rate)."""
    w = window(session, scope)
    teams = teams_in_scope(session, scope)
    den = _working_days_so_far(session, w)
    counts: dict[int, int] = {}
    if w.started:
        days = _recorded_workdays(scope, w).subquery()
        counts = dict(run(session, select(days.c.team_id, func.count()).group_by(days.c.team_id)))
    return pd.DataFrame({"team_id": teams["team_id"], "daily": [Rate(n, den) for n in per_team(teams, counts)]})


def fewest_records(session: Session, scope: Scope, limit: int) -> pd.DataFrame:
    """The ``limit`` teams in scope with the lowest daily compliance, lowest first (then by seq):
    the office chases them first. Ordered in SQL by the days with a record, since every team has
    the same working days so far. Columns team_id, daily (Rate); its rows are ``daily_rows``."""
    w = window(session, scope)
    den = _working_days_so_far(session, w)
    recorded = _recorded_workdays(scope, w).subquery()
    counts = select(recorded.c.team_id, func.count().label("n")).group_by(recorded.c.team_id).subquery()
    n = func.coalesce(counts.c.n, 0)
    stmt = (
        select(Team.id, n)
        .outerjoin(counts, counts.c.team_id == Team.id)
        .where(in_scope(Team.id, scope))
        .order_by(n, Team.seq, Team.id)
        .limit(limit)
    )
    return pd.DataFrame([(team_id, Rate(int(days), den)) for team_id, days in run(session, stmt)], columns=["team_id", "daily"])


def _weekly_on_time_counts(session: Session, scope: Scope, w: Window, grace: int) -> dict[int, int]:
    weeks = weeks_due(w)
    if not weeks:
        return {}
    monday0 = _monday(w.start)
    idx = week_index(WeeklyReport.week_start, monday0)
    due_offset = idx * 7 + 6 + grace  # days after monday0 by which the report is on time
    wanted = [(m - monday0).days // 7 for m in weeks]
    stmt = (
        select(WeeklyReport.team_id, func.count(distinct(idx)))
        .where(
            _live(WeeklyReport, scope),
            WeeklyReport.week_start >= monday0,
            WeeklyReport.submitted_on <= w.as_of,
            idx.in_(wanted),
            day_diff(WeeklyReport.submitted_on, day(monday0)) <= due_offset,
        )
        .group_by(WeeklyReport.team_id)
    )
    return dict(run(session, stmt))


def weekly_compliance(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Weekly reports submitted on time (by Monday + 6 + grace days) over weeks so far, counted from
    the Monday of the start week; a week counts once its Sunday has passed. Columns team_id, weekly."""
    settings = settings_or_stored(session, settings)
    w = window(session, scope)
    teams = teams_in_scope(session, scope)
    den = len(weeks_due(w))
    counts = _weekly_on_time_counts(session, scope, w, settings["weekly_grace_days"])
    return pd.DataFrame({"team_id": teams["team_id"], "weekly": [Rate(n, den) for n in per_team(teams, counts)]})


def monthly_compliance(session: Session, scope: Scope) -> pd.DataFrame:
    """Months with at least one monthly exchange over months so far (a month counts once it has
    fully elapsed or the stationing ended in it). Columns team_id, monthly (Rate)."""
    w = window(session, scope)
    teams = teams_in_scope(session, scope)
    months = months_due(w)
    counts: dict[int, int] = {}
    if months:
        key = month_key(MonthlyExchange.meeting_date)
        stmt = (
            select(MonthlyExchange.team_id, func.count(distinct(key)))
            .where(_live(MonthlyExchange, scope), MonthlyExchange.meeting_date <= w.as_of, key.in_(months))
            .group_by(MonthlyExchange.team_id)
        )
        counts = dict(run(session, stmt))
    den = len(months)
    return pd.DataFrame({"team_id": teams["team_id"], "monthly": [Rate(n, den) for n in per_team(teams, counts)]})


def ledger_compliance(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Daily, weekly and monthly compliance per team in scope: columns team_id, daily, weekly, monthly (Rates)."""
    out = daily_compliance(session, scope)
    out["weekly"] = weekly_compliance(session, scope, settings)["weekly"].values
    out["monthly"] = monthly_compliance(session, scope)["monthly"].values
    return out


# ---------------------------------------------------------------- team x week


def daily_week_matrix(session: Session, scope: Scope) -> pd.DataFrame:
    """Per team and week of the stationing so far: working days expected that week and days with
    a record. Long form: team_id, week_start, expected, with_record."""
    w = window(session, scope)
    teams = teams_in_scope(session, scope)
    columns = ["team_id", "week_start", "expected", "with_record"]
    if not w.started:
        return pd.DataFrame(columns=columns)
    monday0 = _monday(w.start)
    # Week numbers are computed in a subquery: PostgreSQL cannot match a GROUP BY expression
    # that carries bound parameters against the same expression in the SELECT list.
    days = select(week_index(WC.day, monday0).label("wk")).where(WC.is_workday.is_(True), WC.day.between(w.start, w.period_end)).subquery()
    expected = dict(run(session, select(days.c.wk, func.count()).group_by(days.c.wk)))
    recorded = _recorded_workdays(scope, w).subquery()
    weeks = select(recorded.c.team_id, week_index(recorded.c.day, monday0).label("wk")).subquery()
    actual_stmt = select(weeks.c.team_id, weeks.c.wk, func.count()).group_by(weeks.c.team_id, weeks.c.wk)
    actual = {(t, k): n for t, k, n in run(session, actual_stmt)}
    n_weeks = (_monday(w.period_end) - monday0).days // 7 + 1
    rows = [
        (team_id, monday0 + timedelta(days=7 * k), expected.get(k, 0), actual.get((team_id, k), 0))
        for team_id in teams["team_id"]
        for k in range(n_weeks)
    ]
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- rows behind


def daily_rows(session: Session, scope: Scope, team_id: int, week_start: date | None = None) -> pd.DataFrame:
    """The team's (non-deleted) daily records up to as_of, optionally of the week starting ``week_start``."""
    stmt = select(
        DailyRecord.id,
        DailyRecord.team_id,
        DailyRecord.work_date,
        DailyRecord.place,
        DailyRecord.content,
        DailyRecord.enterprises_visited,
        DailyRecord.workers_reached,
    ).where(_live(DailyRecord, scope), DailyRecord.team_id == team_id, DailyRecord.work_date <= scope.as_of)
    if week_start is not None:
        stmt = stmt.where(DailyRecord.work_date.between(week_start, week_start + timedelta(days=6)))
    return frame(session, stmt.order_by(DailyRecord.work_date, DailyRecord.id))


def daily_rate_rows(session: Session, scope: Scope, team_id: int, week_start: date | None = None) -> pd.DataFrame:
    """The rows behind a team's daily compliance (optionally of one week): every working day of the
    stationing so far, the rate's denominator, with ``has_record`` (its numerator) and the day's
    records beside it (a day with two records is two rows); the days without one first. Records
    on days off count in no rate and are not listed here (``daily_rows`` lists every record)."""
    w = window(session, scope)
    columns = ["work_date", "has_record", "place", "content", "enterprises_visited", "workers_reached"]
    if not w.started:
        return pd.DataFrame(columns=columns)
    d = DailyRecord
    records = select(d.id, d.work_date, d.place, d.content, d.enterprises_visited, d.workers_reached)
    records = records.where(_live(d, scope), d.team_id == team_id).subquery()
    has_record = records.c.id.isnot(None)
    first, last = (
        (w.start, w.period_end) if week_start is None else (max(w.start, week_start), min(w.period_end, week_start + timedelta(days=6)))
    )
    stmt = (
        select(WC.day, has_record, records.c.place, records.c.content, records.c.enterprises_visited, records.c.workers_reached)
        .select_from(WC)
        .outerjoin(records, records.c.work_date == WC.day)
        .where(WC.is_workday.is_(True), WC.day.between(first, last))
        .order_by(has_record, WC.day, records.c.id)
    )
    rows = frame(session, stmt, columns)
    rows["has_record"] = rows["has_record"].astype(bool)
    return rows


def _has_record(scope: Scope, team_id: int):
    """The team has a live daily record on the calendar day WC.day."""
    return select(DailyRecord.id).where(_live(DailyRecord, scope), DailyRecord.team_id == team_id, DailyRecord.work_date == WC.day).exists()


def missing_workdays(session: Session, scope: Scope, team_id: int) -> list[date]:
    """Working days of the stationing so far on which the team has no daily record."""
    w = window(session, scope)
    if not w.started:
        return []
    stmt = (
        select(WC.day).where(WC.is_workday.is_(True), WC.day.between(w.start, w.period_end), ~_has_record(scope, team_id)).order_by(WC.day)
    )
    return [r[0] for r in run(session, stmt)]


def day_states(session: Session, scope: Scope, team_id: int) -> pd.DataFrame:
    """Every calendar day of the stationing so far for the team's calendar: day, week (1 for the
    week of the start, weeks from Monday as in the week matrix), weekday (1 Monday … 7 Sunday) and
    state: "recorded" (a daily record, working day or not), "missing" (a working day without one,
    as in ``missing_workdays``) or "off". Its rows are ``daily_rows`` and ``missing_workdays``."""
    w = window(session, scope)
    columns = ["day", "week", "weekday", "state"]
    if not w.started:
        return pd.DataFrame(columns=columns)
    state = case((_has_record(scope, team_id), "recorded"), (WC.is_workday.is_(True), "missing"), else_="off")
    stmt = select(WC.day, state).where(WC.day.between(w.start, w.period_end)).order_by(WC.day)
    monday0 = _monday(w.start)
    rows = [(day_, (day_ - monday0).days // 7 + 1, day_.isoweekday(), s) for day_, s in run(session, stmt)]
    return pd.DataFrame(rows, columns=columns)


def weekly_status(session: Session, scope: Scope, team_id: int, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Per week counted so far: its due date, the first report for it (id, submitted_on) and whether
    it was on time. Columns week_start, due, report_id, submitted_on, on_time."""
    settings = settings_or_stored(session, settings)
    w = window(session, scope)
    weeks = weeks_due(w)
    columns = ["week_start", "due", "report_id", "submitted_on", "on_time"]
    if not weeks:
        return pd.DataFrame(columns=columns)
    grace = settings["weekly_grace_days"]
    monday0 = _monday(w.start)
    idx = week_index(WeeklyReport.week_start, monday0).label("wk")
    stmt = (
        select(idx, WeeklyReport.id, WeeklyReport.submitted_on)
        .where(
            _live(WeeklyReport, scope),
            WeeklyReport.team_id == team_id,
            WeeklyReport.week_start >= monday0,
            WeeklyReport.submitted_on <= w.as_of,
        )
        .order_by(WeeklyReport.submitted_on, WeeklyReport.id)
    )
    first: dict[int, tuple[int, date]] = {}
    for k, report_id, submitted in run(session, stmt):
        first.setdefault(k, (report_id, submitted))
    rows = []
    for monday in weeks:
        due = monday + timedelta(days=6 + grace)
        report_id, submitted = first.get((monday - monday0).days // 7, (None, None))
        rows.append((monday, due, report_id, submitted, submitted is not None and submitted <= due))
    out = pd.DataFrame(rows, columns=columns)
    out["report_id"] = out["report_id"].astype("Int64")
    return out


def monthly_status(session: Session, scope: Scope, team_id: int) -> pd.DataFrame:
    """Per month counted so far: the number of exchanges held and the first meeting date.
    Columns month ('YYYY-MM'), exchanges, first_meeting."""
    w = window(session, scope)
    months = months_due(w)
    columns = ["month", "exchanges", "first_meeting"]
    if not months:
        return pd.DataFrame(columns=columns)
    key = month_key(MonthlyExchange.meeting_date).label("month")
    stmt = (
        select(key, func.count(), func.min(MonthlyExchange.meeting_date))
        .where(
            _live(MonthlyExchange, scope),
            MonthlyExchange.team_id == team_id,
            MonthlyExchange.meeting_date <= w.as_of,
            key.in_(months),
        )
        .group_by(key)
    )
    held = {m: (n, first) for m, n, first in run(session, stmt)}
    return pd.DataFrame([(m, *held.get(m, (0, None))) for m in months], columns=columns)
