"""The ledger figures an objective indicator can be scored on, and the rows behind each.

Every source is a rate per team (``Rate``), read from the figures in ``data_access.figures``
so that an evaluation counts exactly what the dashboards show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from data_access import figures
from data_access.figures.common import Rate, teams_in_scope
from data_access.figures.problems import RATES
from data_access.figures.sql import flag, frame, run
from data_access.figures.states import thing_done, thing_exists
from data_access.models import PracticalThing
from data_access.scope import Scope

SUBJECTIVE = "subjective"


@dataclass(frozen=True)
class Source:
    rates: Callable[[Session, Scope], dict[int, Rate]]
    evidence: Callable[[Session, Scope, int], pd.DataFrame]
    ledger: str | None  # the ledger kind of the evidence rows, for their choice labels
    labels: str = "field"  # the catalogue prefix of the evidence columns' names


def _compliance(column: str) -> Callable[[Session, Scope], dict[int, Rate]]:
    def rates(session: Session, scope: Scope) -> dict[int, Rate]:
        table = figures.ledger_compliance(session, scope)
        return dict(zip(table["team_id"], table[column]))

    return rates


def _problem_rate(figure_key: str) -> Callable[[Session, Scope], dict[int, Rate]]:
    def rates(session: Session, scope: Scope) -> dict[int, Rate]:
        table = figures.problem_rates(session, scope, by="team")
        return dict(zip(table["team_id"], table[figure_key]))

    return rates


def _problem_evidence(figure_key: str) -> Callable[[Session, Scope, int], pd.DataFrame]:
    """The problems in the rate's denominator, with a column saying which are in its numerator."""

    def evidence(session: Session, scope: Scope, team_id: int) -> pd.DataFrame:
        rows = figures.problem_rate_rows(session, scope, figure_key, team_id=team_id)
        rows.insert(1, "counted", rows.pop(RATES[figure_key][0]) > 0)
        return rows

    return evidence


def six_rates(session: Session, scope: Scope) -> dict[int, Rate]:
    """Each team's six 一批 progress, as the team page shows it (``figures.six_progress``)."""
    table = figures.six_progress(session, scope)
    return dict(zip(table["team_id"], table["progress"]))


def things_done_rates(session: Session, scope: Scope) -> dict[int, Rate]:
    """Practical things done by the day, of those promised by the day."""
    t = PracticalThing
    done = func.sum(flag(thing_done(scope.as_of)))
    stmt = select(t.team_id, done, func.count()).where(thing_exists(scope)).group_by(t.team_id)
    counts = {team_id: Rate(int(n_done or 0), int(n)) for team_id, n_done, n in run(session, stmt)}
    return {int(team_id): counts.get(team_id, Rate(0, 0)) for team_id in teams_in_scope(session, scope)["team_id"]}


def things_evidence(session: Session, scope: Scope, team_id: int) -> pd.DataFrame:
    """Every thing promised by the day (the rate's denominator), ``done`` by the day or not (its
    numerator), those not done first."""
    t = PracticalThing
    done = flag(thing_done(scope.as_of))
    stmt = (
        select(t.id, done.label("done"), t.promised_on, t.content, t.deadline, t.status, t.done_on, t.beneficiaries)
        .where(thing_exists(scope), t.team_id == team_id)
        .order_by(done, t.promised_on, t.id)
    )
    rows = frame(session, stmt)
    rows["done"] = rows["done"].astype(bool)
    return rows


SOURCES: dict[str, Source] = {
    "compliance.daily": Source(_compliance("daily"), figures.daily_rate_rows, "daily"),
    "compliance.weekly": Source(_compliance("weekly"), figures.weekly_status, None, "compliance.col"),
    "compliance.monthly": Source(_compliance("monthly"), figures.monthly_status, None, "compliance.col"),
    **{
        f"problems.{key}": Source(_problem_rate(key), _problem_evidence(key), "problem")
        for key in ("resolution", "on_time", "response", "satisfaction")
    },
    "six.overall": Source(six_rates, figures.six_progress_rows, None),
    "things.done": Source(things_done_rates, things_evidence, "thing"),
}
OBJECTIVE_KEYS = tuple(SOURCES)
SOURCE_KEYS = (*OBJECTIVE_KEYS, SUBJECTIVE)
