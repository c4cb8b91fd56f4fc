"""One colour rule for every item with a deadline: problems, practical things, phases, deliverables.

A deliverable is done for a team while its latest version is with the office (submitted or accepted);
a returned one is the team's again, and counts as not done.

red: not done and overdue (due < as_of); blue: not done and due within ``deadline_soon_days``;
yellow: not done, more than ``behind_share`` of the window from start to due used and no action
yet; otherwise none. The first that applies wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
from sqlalchemy import Date, Integer, and_, case, cast, func, literal, null, or_, select, union_all
from sqlmodel import Session

from data_access.figures.common import in_scope, settings_or_stored
from data_access.figures.sql import day, day_diff, flag, frame, run
from data_access.figures.states import (
    HANDED_IN,
    deliverable_state,
    latest_submissions,
    problem_exists,
    problem_resolved,
    thing_done,
    thing_exists,
)
from data_access.models import Deliverable, Phase, PracticalThing, Problem, Team
from data_access.scope import Scope

KINDS = ("problem", "thing", "phase", "deliverable")
COLOURS = ("red", "blue", "yellow", "none")
TEAM_KINDS = ("problem", "thing", "deliverable")  # the kinds that belong to a team
COLUMNS = ["kind", "id", "team_id", "title", "start", "due", "done", "done_on", "colour"]


def _item(kind: str, *columns):
    """The columns every kind yields, labelled so that any subset of kinds can be combined."""
    names = ("kind", "id", "team_id", "title", "start", "due", "done", "done_on", "fresh")
    return select(*(c.label(n) for c, n in zip((literal(kind), *columns), names)))


def _problems(scope: Scope):
    p, as_of = Problem, day(scope.as_of)
    resolved = problem_resolved(scope.as_of)
    # No action yet: no first action by as_of and not marked in progress.
    fresh = and_(or_(p.first_action_on.is_(None), p.first_action_on > as_of), p.status != "in_progress")
    return _item(
        "problem",
        p.id,
        p.team_id,
        p.title,
        p.raised_on,
        p.deadline,
        flag(resolved),
        case((resolved, p.resolved_on), else_=None),
        flag(fresh),
    ).where(problem_exists(scope), p.deadline.isnot(None))


def _things(scope: Scope):
    t = PracticalThing
    done = thing_done(scope.as_of)
    return _item(
        "thing",
        t.id,
        t.team_id,
        t.content,
        t.promised_on,
        t.deadline,
        flag(done),
        case((done, t.done_on), else_=None),
        flag(t.status == "planned"),
    ).where(thing_exists(scope))


def _phases(scope: Scope):
    ph = Phase
    done = and_(ph.completed_on.isnot(None), ph.completed_on <= day(scope.as_of))
    # A phase has no status: it stays at its first state until completed.
    return _item(
        "phase",
        ph.id,
        cast(null(), Integer),
        ph.kind,
        ph.start_date,
        ph.deadline,
        flag(done),
        case((done, ph.completed_on), else_=None),
        literal(1),
    ).where(ph.round_id == scope.round_id)


def _deliverables(scope: Scope):
    d, latest = Deliverable, latest_submissions(scope)
    handed_in = deliverable_state(latest, scope.as_of).in_(HANDED_IN)
    # No start date, so never yellow.
    return (
        _item(
            "deliverable",
            d.id,
            Team.id,
            d.name,
            cast(null(), Date),
            d.due_date,
            flag(handed_in),
            case((handed_in, latest.c.submitted_on), else_=None),
            literal(0),
        )
        .select_from(d)
        .join(Team, Team.round_id == d.round_id)
        .outerjoin(latest, and_(latest.c.deliverable_id == d.id, latest.c.team_id == Team.id))
        .where(d.round_id == scope.round_id, in_scope(Team.id, scope))
    )


_BUILDERS = {"problem": _problems, "thing": _things, "phase": _phases, "deliverable": _deliverables}


def coloured_query(scope: Scope, settings: dict[str, Any], kinds: Iterable[str] | None = None):
    """SELECT of every item with its colour (a subquery with the COLUMNS plus ``rank``)."""
    kinds = tuple(kinds) if kinds is not None else KINDS
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown deadline kinds {sorted(unknown)}")
    items = union_all(*(_BUILDERS[k](scope) for k in kinds)).subquery("items")
    as_of = day(scope.as_of)
    open_ = items.c.done == 0
    share = literal(float(settings["behind_share"]))
    used, length = day_diff(as_of, items.c.start), day_diff(items.c.due, items.c.start)
    behind = and_(items.c.fresh == 1, items.c.start.isnot(None), used > share * length)
    colour = case(
        (and_(open_, items.c.due < as_of), "red"),
        (and_(open_, day_diff(items.c.due, as_of) <= settings["deadline_soon_days"]), "blue"),
        (and_(open_, behind), "yellow"),
        else_="none",
    )
    rank = case({c: i for i, c in enumerate(COLOURS)}, value=colour)
    return select(*(items.c[c] for c in COLUMNS[:-1]), colour.label("colour"), rank.label("rank")).subquery("coloured")


def deadline_items(
    session: Session,
    scope: Scope,
    kinds: Iterable[str] | None = None,
    colours: Iterable[str] | None = None,
    settings: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """Every item with a deadline in scope (problems, practical things, phases, deliverables per team)
    with its colour; red when overdue, blue when due soon, yellow when behind schedule."""
    settings = settings_or_stored(session, settings)
    coloured = coloured_query(scope, settings, kinds)
    stmt = select(*(coloured.c[c] for c in COLUMNS))
    if colours is not None:
        stmt = stmt.where(coloured.c.colour.in_(tuple(colours)))
    stmt = stmt.order_by(coloured.c.rank, coloured.c.due, coloured.c.kind, coloured.c.id, coloured.c.team_id)
    out = frame(session, stmt, COLUMNS)
    out["done"] = out["done"].astype(bool)
    out["team_id"] = out["team_id"].astype("Int64")  # phases have none
    return out


def overdue_counts(session: Session, scope: Scope, settings: dict[str, Any] | None = None) -> dict[int, int]:
    """Per team: overdue (red) problems, practical things and deliverables."""
    settings = settings_or_stored(session, settings)
    coloured = coloured_query(scope, settings, TEAM_KINDS)
    stmt = select(coloured.c.team_id, func.count()).where(coloured.c.colour == "red").group_by(coloured.c.team_id)
    return dict(run(session, stmt))
