"""When a ledger row counts as existing, done or open on a given day — defined once for all figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_

from data_access.figures.common import in_scope
from data_access.figures.sql import day
from data_access.models import MajorRisk, PracticalThing, Problem
from data_access.scope import Scope


def live(model, scope: Scope):
    """Not deleted and of a team in scope."""
    return and_(model.deleted_at.is_(None), in_scope(model.team_id, scope))


def problem_exists(scope: Scope):
    return and_(live(Problem, scope), Problem.raised_on <= day(scope.as_of))


def problem_resolved(as_of: date):
    """Status resolved, and resolved by as_of (a missing resolution date does not reopen it)."""
    return and_(Problem.status == "resolved", or_(Problem.resolved_on.is_(None), Problem.resolved_on <= day(as_of)))


def thing_exists(scope: Scope):
    return and_(live(PracticalThing, scope), PracticalThing.promised_on <= day(scope.as_of))


def thing_done(as_of: date):
    t = PracticalThing
    return and_(t.status == "done", or_(t.done_on.is_(None), t.done_on <= day(as_of)))


def risk_open(scope: Scope):
    """A major risk found by as_of that is open, or was closed only after as_of."""
    r = MajorRisk
    still_open = or_(r.status == "open", and_(r.status == "closed", r.closed_on > day(scope.as_of)))
    return and_(live(r, scope), r.found_on <= day(scope.as_of), still_open)
