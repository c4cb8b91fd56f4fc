"""Problem-ledger figures. Each figure is a (numerator flag, denominator flag) pair over one
per-row flags query, so a figure and the rows behind it can never disagree.

As of ``scope.as_of``: a problem raised later does not exist yet; one resolved later is
still open; only rows not deleted count.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Float, and_, case, func, literal, not_, or_, select
from sqlmodel import Session

from data_access.choices import CHOICES
from data_access.figures.common import Rate, SatisfactionRate, settings_or_stored, teams_in_scope, window
from data_access.figures.sql import day, day_diff, flag, frame, median_select, month_key, run, week_index
from data_access.figures.states import problem_exists, problem_resolved
from data_access.models import Problem, Team, WorkCalendar
from data_access.scope import Scope

P = Problem
WEEK_ANCHOR = date(2000, 1, 3)  # a Monday; week keys count weeks from it

# figure -> (numerator flag, denominator flag)
RATES: dict[str, tuple[str, str]] = {
    "resolution": ("resolved", "recorded"),
    "on_time": ("resolved_on_time", "resolved_with_deadline"),
    "response": ("responded", "recorded"),
    "escalation": ("escalated", "common"),
    "satisfaction": ("satisfaction_points", "with_feedback"),
}
COUNTS = ("recorded", "resolved", "overdue")
BASIC_WEIGHT = 0.9  # a basically satisfied worker counts 0.9 of a satisfied one
GROUPS = ("team", "category", "scope", "month", "week")
ROW_COLUMNS = (
    "id",
    "team_id",
    "raised_on",
    "title",
    "category",
    "scope",
    "status",
    "handler",
    "deadline",
    "first_action_on",
    "resolved_on",
    "escalated_to",
    "feedback",
    "days_to_resolve",
)


def _working_days_to_first_action():
    """Working days after raised_on up to and including first_action_on (correlated)."""
    wc = WorkCalendar
    return (
        select(func.count())
        .select_from(wc)
        .where(wc.is_workday.is_(True), wc.day > P.raised_on, wc.day <= P.first_action_on)
        .scalar_subquery()
    )


def flags_query(scope: Scope, settings: dict[str, Any]):
    """One row per problem in scope as of as_of, with a 0/1 column per flag (a subquery)."""
    as_of = day(scope.as_of)
    resolved = problem_resolved(scope.as_of)
    common = P.scope == "common"
    with_feedback = and_(resolved, P.feedback.in_(("satisfied", "basic", "unsatisfied")))
    with_deadline = and_(resolved, P.deadline.isnot(None))
    responded = and_(
        P.first_action_on.isnot(None),
        P.first_action_on <= as_of,
        _working_days_to_first_action() <= settings["response_working_days"],
    )
    escalated = and_(
        common,
        func.coalesce(P.escalated_to, "") != "",
        or_(P.escalated_on.is_(None), P.escalated_on <= as_of),
    )
    points = case(
        (and_(with_feedback, P.feedback == "satisfied"), 1.0),
        (and_(with_feedback, P.feedback == "basic"), BASIC_WEIGHT),
        else_=0.0,
    )
    days = case((and_(resolved, P.resolved_on.isnot(None)), day_diff(P.resolved_on, P.raised_on)), else_=None)
    return (
        select(
            P.id,
            P.team_id,
            P.raised_on,
            P.title,
            P.category,
            P.scope,
            P.status,
            P.handler,
            P.deadline,
            P.first_action_on,
            P.resolved_on,
            P.escalated_to,
            P.feedback,
            month_key(P.raised_on).label("month"),
            week_index(P.raised_on, WEEK_ANCHOR).label("week"),
            literal(1).label("recorded"),
            flag(resolved).label("resolved"),
            flag(with_deadline).label("resolved_with_deadline"),
            flag(and_(with_deadline, P.resolved_on.isnot(None), P.resolved_on <= P.deadline)).label("resolved_on_time"),
            flag(responded).label("responded"),
            flag(common).label("common"),
            flag(escalated).label("escalated"),
            flag(with_feedback).label("with_feedback"),
            points.label("satisfaction_points"),
            flag(and_(with_feedback, P.feedback == "satisfied")).label("satisfied"),
            flag(and_(with_feedback, P.feedback == "basic")).label("basic_satisfied"),
            days.label("days_to_resolve"),
            flag(and_(not_(resolved), P.deadline.isnot(None), P.deadline < as_of)).label("overdue"),
        )
        .where(problem_exists(scope))
        .subquery("pf")
    )


def _group_column(flags, by: str | None):
    if by is None:
        return None
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}; one of {GROUPS}")
    return flags.c[{"team": "team_id"}.get(by, by)]


def _group_labels(session: Session, scope: Scope, by: str) -> list[Any]:
    """Every group to show even when empty: all teams, categories and scopes."""
    if by == "team":
        return list(teams_in_scope(session, scope)["team_id"])
    if by == "category":
        return list(CHOICES["problem_category"])
    if by == "scope":
        return list(CHOICES["problem_scope"])
    return []


def problem_rates(session: Session, scope: Scope, by: str | None = None, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Problem figures, overall or per group (team, category, scope, month, week): counts recorded,
    resolved, overdue; Rates resolution, on_time, response, escalation, satisfaction; median_days
    (float, NaN where nothing was resolved). Teams, categories and scopes are listed even when empty."""
    settings = settings_or_stored(session, settings)
    window(session, scope)  # the calendar must cover the response windows
    flags = flags_query(scope, settings)
    group = _group_column(flags, by)
    names = sorted({f for pair in RATES.values() for f in pair} | set(COUNTS) | {"satisfied", "basic_satisfied"})
    sums = [func.coalesce(func.sum(flags.c[n] * literal(1.0, Float)), 0).label(n) for n in names]
    stmt = select(*([group.label("key")] if group is not None else []), *sums)
    if group is not None:
        stmt = stmt.group_by(group)
    totals = {(r.key if group is not None else None): r._mapping for r in run(session, stmt)}
    medians = _medians(session, flags, group)
    keys = _ordered_keys(session, scope, by, totals)
    rows = [_figure_row(totals.get(k), medians.get(k)) for k in keys]
    out = pd.DataFrame(rows)
    out["median_days"] = out["median_days"].astype(float)  # NaN where nothing was resolved
    if by is not None:
        out.insert(0, _key_name(by), [_key_value(by, k) for k in keys])
    return out


def _key_name(by: str) -> str:
    return {"team": "team_id", "week": "week_start"}.get(by, by)


def _key_value(by: str, key: Any) -> Any:
    return WEEK_ANCHOR + timedelta(days=7 * int(key)) if by == "week" else key


def _ordered_keys(session: Session, scope: Scope, by: str | None, totals: dict) -> list[Any]:
    if by is None:
        return [None]
    fixed = _group_labels(session, scope, by)
    return fixed + sorted(k for k in totals if k not in fixed)


def _medians(session: Session, flags, group) -> dict[Any, float]:
    source = select(flags.c.days_to_resolve, *([group.label("key")] if group is not None else [])).subquery()
    stmt = median_select(source, "days_to_resolve", ["key"] if group is not None else [])
    result = run(session, stmt)
    if group is None:
        return {None: float(result[0][0])} if result and result[0][0] is not None else {}
    return {key: float(median) for key, median in result}


def _figure_row(totals, median) -> dict[str, Any]:
    get = (lambda n: float(totals[n])) if totals is not None else (lambda n: 0.0)
    row: dict[str, Any] = {n: int(get(n)) for n in COUNTS}
    for figure, (num, den) in RATES.items():
        value = get(num)
        row[figure] = Rate(int(value) if value.is_integer() else round(value, 6), int(get(den)))
    satisfaction = row["satisfaction"]
    row["satisfaction"] = SatisfactionRate(
        satisfaction.num, satisfaction.den, int(get("satisfied")), int(get("basic_satisfied")), BASIC_WEIGHT
    )
    row["median_days"] = median
    return row


def problem_summary(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The problem figures for the whole scope: a dict like one row of ``problem_rates``
    (median_days None when nothing was resolved)."""
    summary = problem_rates(session, scope, None, settings).iloc[0].to_dict()
    if pd.isna(summary["median_days"]):
        summary["median_days"] = None
    return summary


def problem_rows(
    session: Session,
    scope: Scope,
    figure: str = "recorded",
    part: str = "num",
    *,
    team_id: int | None = None,
    category: str | None = None,
    problem_scope: str | None = None,
    month: str | None = None,
    week_start: date | None = None,
    settings: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """The problem rows behind a figure: ``part`` 'num' or 'den' of a rate in RATES, or the rows
    counted by 'recorded', 'resolved', 'overdue' or 'median_days'; optionally within one group."""
    if part not in ("num", "den"):
        raise ValueError(f"part must be 'num' or 'den', not {part!r}")
    settings = settings_or_stored(session, settings)
    window(session, scope)
    flags = flags_query(scope, settings)
    if figure in RATES:
        column = RATES[figure][0 if part == "num" else 1]
    elif figure == "median_days":
        column = None
    elif figure in COUNTS:
        column = figure
    else:
        raise ValueError(f"unknown problem figure {figure!r}")
    where = [flags.c[column] > 0] if column else [flags.c.days_to_resolve.isnot(None)]
    group = {"team_id": team_id, "category": category, "problem_scope": problem_scope, "month": month, "week_start": week_start}
    stmt = select(*(flags.c[c] for c in ROW_COLUMNS)).where(*where, *_group_where(flags, group)).order_by(flags.c.raised_on, flags.c.id)
    return frame(session, stmt)


def problem_rate_rows(session: Session, scope: Scope, figure: str, *, settings: dict[str, Any] | None = None, **group: Any) -> pd.DataFrame:
    """The rows behind a rate, as a reader checks it: every problem of its denominator, with the
    numerator's flag as a column named after it (satisfaction: the points a problem counts),
    those not counted first, so that the open ones are what a reader sees. ``group`` as in
    ``problem_rows``."""
    if figure not in RATES:
        raise ValueError(f"unknown problem rate {figure!r}; one of {tuple(RATES)}")
    settings = settings_or_stored(session, settings)
    window(session, scope)
    flags = flags_query(scope, settings)
    num, den = RATES[figure]
    counted = flags.c[num]
    columns = [flags.c[c] for c in ROW_COLUMNS]
    columns.insert(2, counted)
    stmt = select(*columns).where(flags.c[den] > 0, *_group_where(flags, group)).order_by(counted, flags.c.raised_on, flags.c.id)
    rows = frame(session, stmt)
    if num != "satisfaction_points":
        rows[num] = rows[num].astype(bool)
    return rows


def _group_where(flags, group: dict[str, Any]) -> list:
    """Conditions keeping the rows of one group: team_id, category, problem_scope, month, week_start."""
    unknown = set(group) - {"team_id", "category", "problem_scope", "month", "week_start"}
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}")
    where = []
    for name, column in (("team_id", "team_id"), ("category", "category"), ("problem_scope", "scope"), ("month", "month")):
        if group.get(name) is not None:
            where.append(flags.c[column] == group[name])
    if group.get("week_start") is not None:
        where.append(flags.c.week == (group["week_start"] - WEEK_ANCHOR).days // 7)
    return where


def overdue_problems(session: Session, scope: Scope) -> pd.DataFrame:
    """Problems not resolved as of as_of whose deadline has passed (deadline < as_of)."""
    return problem_rows(session, scope, "overdue")


def problem_cumulative(session: Session, scope: Scope) -> pd.DataFrame:
    """Per day from the first problem to as_of: problems recorded and resolved so far (cumulative).
    A resolved problem without a resolution date counts on the day it was raised."""
    settings = settings_or_stored(session, None)
    flags = flags_query(scope, settings)
    raised = dict(run(session, select(flags.c.raised_on, func.count()).group_by(flags.c.raised_on)))
    resolved_day = func.coalesce(flags.c.resolved_on, flags.c.raised_on)
    resolved = dict(run(session, select(resolved_day, func.count()).where(flags.c.resolved > 0).group_by(resolved_day)))
    columns = ["day", "recorded", "resolved"]
    if not raised:
        return pd.DataFrame(columns=columns)
    days = pd.date_range(min(raised), scope.as_of, freq="D").date
    out = pd.DataFrame({"day": days})
    out["recorded"] = [raised.get(d, 0) for d in days]
    out["resolved"] = [resolved.get(d, 0) for d in days]
    out[["recorded", "resolved"]] = out[["recorded", "resolved"]].cumsum()
    return out


def common_categories(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Categories raised at ``common_min_sites`` or more distinct sites in scope are common problems.
    Columns category, sites, problems, common (bool); most sites first."""
    settings = settings_or_stored(session, settings)
    stmt = (
        select(P.category, func.count(func.distinct(Team.site_id)), func.count(P.id))
        .join(Team, Team.id == P.team_id)
        .where(problem_exists(scope))
        .group_by(P.category)
    )
    rows = sorted(run(session, stmt), key=lambda r: (-r[1], -r[2], r[0]))
    out = pd.DataFrame([tuple(r) for r in rows], columns=["category", "sites", "problems"])
    out["common"] = out["sites"] >= settings["common_min_sites"]
    return out
