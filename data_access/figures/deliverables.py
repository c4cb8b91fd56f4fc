"""Deliverables per team (seed 000 §5.4, §6.2): each team's status on every deliverable of the
round as of a day, with its deadline colour, and what is missing or returned, for the office to chase.

Status: missing / submitted / returned / accepted (``states.deliverable_state``). Colour: the one
deadline rule (``deadlines``: red overdue, blue due soon), and green once the office accepted it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlmodel import Session

from data_access.figures.common import settings_or_stored
from data_access.figures.deadlines import coloured_query
from data_access.figures.sql import flag, frame
from data_access.figures.states import deliverable_state, latest_submissions
from data_access.models import Deliverable, Phase
from data_access.scope import Scope

STATUS_COLUMNS = [
    "team_id",
    "deliverable_id",
    "name",
    "phase",
    "due",
    "status",
    "version",
    "submitted_on",
    "reviewed_on",
    "comment",
    "colour",
]
TO_CHASE = ("missing", "returned")
CHASE_COLUMNS = ["team_id", "missing", "returned", "overdue"]


def _status_query(scope: Scope, settings: dict[str, Any]):
    """One row per team in scope and deliverable of the round: its status and colour (a subquery)."""
    coloured = coloured_query(scope, settings, ("deliverable",))
    latest = latest_submissions(scope)
    status = deliverable_state(latest, scope.as_of)
    colour = case((status == "accepted", "green"), else_=coloured.c.colour)
    # A returned version's comment says what to mend; an accepted or pending one's is not the team's to act on.
    comment = case((status == "returned", latest.c.comment), else_="")
    return (
        select(
            coloured.c.team_id,
            coloured.c.id.label("deliverable_id"),
            coloured.c.title.label("name"),
            Phase.kind.label("phase"),
            coloured.c.due,
            status.label("status"),
            latest.c.version,
            latest.c.submitted_on,
            case((status.in_(("returned", "accepted")), latest.c.reviewed_on), else_=None).label("reviewed_on"),
            comment.label("comment"),
            colour.label("colour"),
            coloured.c.rank,
        )
        .select_from(coloured)
        .join(Deliverable, Deliverable.id == coloured.c.id)
        .outerjoin(Phase, Phase.id == Deliverable.phase_id)
        .outerjoin(latest, and_(latest.c.deliverable_id == coloured.c.id, latest.c.team_id == coloured.c.team_id))
        .subquery("deliverable_status")
    )


def _frame(session: Session, stmt) -> pd.DataFrame:
    out = frame(session, stmt, STATUS_COLUMNS)
    out["version"] = out["version"].astype("Int64")  # none while missing
    out["comment"] = out["comment"].fillna("")
    return out


def deliverable_status(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Every team's status on every deliverable as of the day (the matrix, in rows), by due day,
    deliverable and team."""
    q = _status_query(scope, settings_or_stored(session, settings))
    stmt = select(*(q.c[c] for c in STATUS_COLUMNS)).order_by(q.c.due, q.c.deliverable_id, q.c.team_id)
    return _frame(session, stmt)


def deliverable_chase_rows(
    session: Session, scope: Scope, team_id: int | None = None, settings: dict[str, Any] | None = None
) -> pd.DataFrame:
    """What is missing or returned, per team: overdue first, then by due day (the rows behind
    ``deliverable_chase``)."""
    q = _status_query(scope, settings_or_stored(session, settings))
    stmt = select(*(q.c[c] for c in STATUS_COLUMNS)).where(q.c.status.in_(TO_CHASE))
    if team_id is not None:
        stmt = stmt.where(q.c.team_id == team_id)
    return _frame(session, stmt.order_by(q.c.rank, q.c.due, q.c.team_id, q.c.deliverable_id))


def deliverable_chase(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> pd.DataFrame:
    """Per team with something to chase: deliverables missing, returned, and of those overdue."""
    q = _status_query(scope, settings_or_stored(session, settings))
    stmt = (
        select(
            q.c.team_id,
            func.sum(flag(q.c.status == "missing")),
            func.sum(flag(q.c.status == "returned")),
            func.sum(flag(q.c.colour == "red")),
        )
        .where(q.c.status.in_(TO_CHASE))
        .group_by(q.c.team_id)
        .order_by(q.c.team_id)
    )
    out = frame(session, stmt, CHASE_COLUMNS)
    return out.astype({c: int for c in CHASE_COLUMNS})
