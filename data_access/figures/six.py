"""The six 一批 (new unions, new members, problems solved, practical things done, outcomes formed,
cadres trained), per team and for the round, against their targets."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, distinct, func, select
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


def _per_team_actuals(session: Session, scope: Scope) -> dict[str, dict[int, int]]:
    queries = {
        "new_unions": select(U.team_id, func.sum(U.new_unions)).where(_unions(scope)).group_by(U.team_id),
        "new_members": select(U.team_id, func.sum(U.new_members)).where(_unions(scope)).group_by(U.team_id),
        "problems_solved": select(Problem.team_id, func.count())
        .where(problem_exists(scope), problem_resolved(scope.as_of))
        .group_by(Problem.team_id),
        "practical_things": select(T.team_id, func.count()).where(_things(scope)).group_by(T.team_id),
        "outcomes": select(O.team_id, func.count()).where(_outcomes(scope)).group_by(O.team_id),
        "cadres_trained": select(M.team_id, func.count(distinct(M.person_id))).where(_members(scope)).group_by(M.team_id),
    }
    return {metric: {t: int(n or 0) for t, n in run(session, stmt)} for metric, stmt in queries.items()}


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
