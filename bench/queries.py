"""The key figure queries on their own, on the newest round's whole scope as of its last day."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access import activity, figures
from data_access.db import read_session
from data_access.models import Round, Team
from data_access.scope import Scope

Query = Callable[[Session, Scope, int], object]

QUERIES: dict[str, Query] = {
    "team_lights": lambda s, scope, _t: figures.team_lights(s, scope),
    "ledger_compliance": lambda s, scope, _t: figures.ledger_compliance(s, scope),
    "daily_week_matrix": lambda s, scope, _t: figures.daily_week_matrix(s, scope),
    "six_round": lambda s, scope, _t: figures.six_round(s, scope),
    "six_by_team": lambda s, scope, _t: figures.six_by_team(s, scope),
    "problem_summary": lambda s, scope, _t: figures.problem_summary(s, scope),
    "problem_rates by team": lambda s, scope, _t: figures.problem_rates(s, scope, "team"),
    "problem_cumulative": lambda s, scope, _t: figures.problem_cumulative(s, scope),
    "common_categories": lambda s, scope, _t: figures.common_categories(s, scope),
    "deadline_items": lambda s, scope, _t: figures.deadline_items(s, scope),
    "open_risk_rows": lambda s, scope, _t: figures.open_risk_rows(s, scope),
    "changes_since (14 days)": lambda s, scope, _t: activity.changes_since(s, scope, scope.as_of - timedelta(days=14)),
    "missing_workdays (one team)": lambda s, scope, team: figures.missing_workdays(s, scope, team),
    "weekly_status (one team)": lambda s, scope, team: figures.weekly_status(s, scope, team),
}


def newest_round_scope(engine: Engine) -> tuple[Scope, int]:
    """The newest round as of its last day of stationing, and its first team."""
    with read_session(engine) as session:
        the_round = session.execute(select(Round).order_by(Round.year.desc(), Round.id.desc())).scalars().first()
        team = session.execute(select(Team.id).where(Team.round_id == the_round.id).order_by(Team.seq)).scalars().first()
    return Scope(the_round.id, the_round.end_date), team


def time_queries(engine: Engine, runs: int = 3) -> dict[str, float]:
    """Median seconds of each query, each run in a fresh read session."""
    scope, team = newest_round_scope(engine)
    timings = {}
    for name, query in QUERIES.items():
        samples = []
        for _ in range(runs):
            with read_session(engine) as session:
                started = time.perf_counter()
                query(session, scope, team)
                samples.append(time.perf_counter() - started)
        timings[name] = statistics.median(samples)
    return timings
