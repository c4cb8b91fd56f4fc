"""The six 一批 (new unions, new members, problems solved, practical things done, outcomes formed,
cadres trained), per team and for the round, against their targets."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy import Float, and_, case, cast, distinct, func, literal, select, union_all
from sqlmodel import Session

from data_access.choices import MEMBER_CHOICES
from data_access.figures.common import Rate, in_scope, teams_in_scope
from data_access.figures.problems import problem_rows
from data_access.figures.sql import frame, run
from data_access.figures.states import live, problem_exists, problem_resolved, thing_done, thing_exists
from data_access.ledgers import LEDGERS
from data_access.models import Outcome, Person, PracticalThing, Problem, Target, TeamMember, UnionBuilding
from data_access.scope import Scope

SIX_METRICS = ("new_unions", "new_members", "problems_solved", "practical_things", "outcomes", "cadres_trained")

U, T, O, M = UnionBuilding, PracticalThing, Outcome, TeamMember
# The ledger whose rows each metric counts; trained cadres are team members, not ledger rows.
_ROWS_LEDGER = {
    "new_unions": "union",
    "new_members": "union",
    "problems_solved": "problem",
    "practical_things": "thing",
    "outcomes": "outcome",
}


def _members(scope: Scope):
    """Everyone who has joined a team in scope by as_of (rotated-out members included)."""
    return and_(in_scope(M.team_id, scope), M.joined_on <= scope.as_of)


def _unions(scope: Scope):
    return and_(live(U, scope), U.event_date <= scope.as_of)


def _things(scope: Scope):
    return and_(thing_exists(scope), thing_done(scope.as_of))


def _outcomes(scope: Scope):
    return and_(live(O, scope), O.submitted_on <= scope.as_of)


def _actuals(scope: Scope):
    """(team_id, metric, actual) for each team in scope with something counted, as one SELECT."""
    counted = {
        "new_unions": (U.team_id, func.sum(U.new_unions), _unions(scope)),
        "new_members": (U.team_id, func.sum(U.new_members), _unions(scope)),
        "problems_solved": (Problem.team_id, func.count(), and_(problem_exists(scope), problem_resolved(scope.as_of))),
        "practical_things": (T.team_id, func.count(), _things(scope)),
        "outcomes": (O.team_id, func.count(), _outcomes(scope)),
        "cadres_trained": (M.team_id, func.count(distinct(M.person_id)), _members(scope)),
    }
    return union_all(
        *(
            select(team.label("team_id"), literal(metric).label("metric"), value.label("actual")).where(where).group_by(team)
            for metric, (team, value, where) in counted.items()
        )
    )


def _per_team_actuals(session: Session, scope: Scope) -> dict[str, dict[int, int]]:
    actuals: dict[str, dict[int, int]] = {metric: {} for metric in SIX_METRICS}
    for team_id, metric, actual in run(session, _actuals(scope)):
        actuals[metric][team_id] = int(actual or 0)
    return actuals


def _targets(session: Session, scope: Scope) -> tuple[dict[str, int], dict[tuple[int, str], int]]:
    rows = run(session, select(Target.team_id, Target.metric, Target.value).where(Target.round_id == scope.round_id))
    round_targets = {m: v for t, m, v in rows if t is None}
    team_targets = {(t, m): v for t, m, v in rows if t is not None}
    return round_targets, team_targets


def six_by_team(session: Session, scope: Scope) -> pd.DataFrame:
    """Each six-一批 metric per team in scope as of as_of, against the team's target.
    Long form: team_id, metric, actual, target (<NA> when not set), progress (Rate actual/target)."""
    teams = teams_in_scope(session, scope)
    actuals = _per_team_actuals(session, scope)
    _, team_targets = _targets(session, scope)
    rows = []
    for team_id in teams["team_id"]:
        for metric in SIX_METRICS:
            actual = actuals[metric].get(team_id, 0)
            target = team_targets.get((team_id, metric))
            rows.append((team_id, metric, actual, target, Rate(actual, target or 0)))
    return _with_nullable_target(pd.DataFrame(rows, columns=["team_id", "metric", "actual", "target", "progress"]))


def six_round(session: Session, scope: Scope) -> pd.DataFrame:
    """Each six-一批 metric for the scope against the round's target (the sum of the teams' targets
    when the scope is part of the round or the round has none). Cadres trained counts each person
    once. Columns metric, actual, target (<NA> when not set), progress (Rate)."""
    actuals = _per_team_actuals(session, scope)
    round_targets, team_targets = _targets(session, scope)
    team_ids = set(teams_in_scope(session, scope)["team_id"])
    whole_round = scope.team_ids is None and scope.district_codes is None
    persons = run(session, select(func.count(distinct(M.person_id))).where(_members(scope)))[0][0]
    rows = []
    for metric in SIX_METRICS:
        actual = int(persons) if metric == "cadres_trained" else sum(actuals[metric].values())
        if whole_round and metric in round_targets:
            target = round_targets[metric]
        else:
            parts = [v for (t, m), v in team_targets.items() if m == metric and t in team_ids]
            target = sum(parts) if parts else None
        rows.append((metric, actual, target, Rate(actual, target or 0)))
    return _with_nullable_target(pd.DataFrame(rows, columns=["metric", "actual", "target", "progress"]))


def _shares(scope: Scope):
    """Per team in scope and metric with a team target above 0: actual, target, capped (the actual
    counted, at most the target) and share = capped / target. Capped so that one big number cannot
    hide a missed one."""
    actuals = _actuals(scope).subquery()
    actual = func.coalesce(actuals.c.actual, 0)
    capped = case((actual >= Target.value, Target.value), else_=actual)
    return (
        select(
            Target.team_id,
            Target.metric,
            actual.label("actual"),
            Target.value.label("target"),
            capped.label("capped"),
            (cast(capped, Float) / Target.value).label("share"),
        )
        .select_from(Target)
        .outerjoin(actuals, and_(actuals.c.team_id == Target.team_id, actuals.c.metric == Target.metric))
        .where(Target.round_id == scope.round_id, in_scope(Target.team_id, scope), Target.metric.in_(SIX_METRICS), Target.value > 0)
    )


def six_progress(session: Session, scope: Scope) -> pd.DataFrame:
    """Each team's six 一批 progress: the mean, over the metrics with a target above 0, of
    min(1, actual / target). Columns team_id, progress (Rate: the sum of the capped shares, rounded
    to 4 places so that it reads and stores as shown, over the metrics with a target; 0/0 — no
    data — for a team without targets)."""
    shares = _shares(scope).subquery()
    stmt = select(shares.c.team_id, func.sum(shares.c.share), func.count()).group_by(shares.c.team_id)
    sums = {team_id: Rate(round(float(total), 4), int(n)) for team_id, total, n in run(session, stmt)}
    teams = teams_in_scope(session, scope)
    return pd.DataFrame({"team_id": teams["team_id"], "progress": [sums.get(t, Rate(0, 0)) for t in teams["team_id"]]})


def six_progress_rows(session: Session, scope: Scope, team_id: int) -> pd.DataFrame:
    """The rows behind a team's ``six_progress``: each of the six metrics with its actual, target
    (<NA> when not set), share (Rate capped actual / target; 0/0 for a metric without a target
    above 0) and counted (whether the metric is in the mean)."""
    in_team = scope.team_ids is None or team_id in scope.team_ids
    team_scope = replace(scope, team_ids=(team_id,) if in_team else ())
    table = six_by_team(session, team_scope).drop(columns="progress")
    shares = {metric: Rate(int(capped), int(target)) for _t, metric, _a, target, capped, _s in run(session, _shares(team_scope))}
    table["share"] = [shares.get(metric, Rate(0, 0)) for metric in table["metric"]]
    table["counted"] = table["metric"].isin(list(shares))
    return table


def _with_nullable_target(df: pd.DataFrame) -> pd.DataFrame:
    df["target"] = df["target"].astype("Int64")  # <NA> where no target is set
    return df


def six_row_choices(metric: str) -> dict[str, str]:
    """The coded columns of ``six_rows(metric)`` and their choice sets, to show the rows with labels."""
    return LEDGERS[_ROWS_LEDGER[metric]].choice_columns if metric in _ROWS_LEDGER else MEMBER_CHOICES


def six_rows(session: Session, scope: Scope, metric: str, team_id: int | None = None) -> pd.DataFrame:
    """The ledger rows behind one six-一批 metric (optionally of one team)."""
    if metric == "problems_solved":
        return problem_rows(session, scope, "resolved", team_id=team_id)
    if metric in ("new_unions", "new_members"):
        column = U.new_unions if metric == "new_unions" else U.new_members
        stmt = select(
            U.id,
            U.team_id,
            U.event_date,
            U.organisation,
            U.industry,
            U.new_unions,
            U.new_members,
            U.nef_group,
            U.nef_members,
        ).where(_unions(scope), column > 0)
        model, order = U, (U.event_date, U.id)
    elif metric == "practical_things":
        stmt = select(T.id, T.team_id, T.promised_on, T.content, T.deadline, T.status, T.done_on, T.beneficiaries)
        stmt, model, order = stmt.where(_things(scope)), T, (T.done_on, T.id)
    elif metric == "outcomes":
        stmt = select(O.id, O.team_id, O.kind, O.title, O.submitted_on, O.channel, O.adopted_by)
        stmt, model, order = stmt.where(_outcomes(scope)), O, (O.submitted_on, O.id)
    elif metric == "cadres_trained":
        stmt = select(M.id, M.team_id, M.person_id, Person.name, Person.origin, Person.is_young, M.role, M.joined_on, M.left_on).join(
            Person, Person.id == M.person_id
        )
        stmt, model, order = stmt.where(_members(scope)), M, (M.team_id, M.joined_on, M.id)
    else:
        raise ValueError(f"unknown metric {metric!r}")
    if team_id is not None:
        stmt = stmt.where(model.team_id == team_id)
    return frame(session, stmt.order_by(*order))
