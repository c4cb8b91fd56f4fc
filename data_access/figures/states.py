"""When a ledger row counts as existing, done or open on a given day — defined once for all figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select

from data_access.figures.common import in_scope
from data_access.figures.sql import day
from data_access.models import DeliverableSubmission, MajorRisk, PracticalThing, Problem
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


DELIVERABLE_STATES = ("missing", "submitted", "returned", "accepted")
HANDED_IN = ("submitted", "accepted")  # with the office: not the team's to chase


def latest_submissions(scope: Scope):
    """Per deliverable and team in scope, the newest version submitted by as_of (a subquery)."""
    s = DeliverableSubmission
    newest_first = func.row_number().over(partition_by=(s.deliverable_id, s.team_id), order_by=s.version.desc())
    ranked = (
        select(s.deliverable_id, s.team_id, s.version, s.submitted_on, s.decision, s.comment, s.reviewed_on, newest_first.label("rn"))
        .where(s.submitted_on <= day(scope.as_of), in_scope(s.team_id, scope))
        .subquery("ranked")
    )
    columns = [c for c in ranked.c if c.name != "rn"]
    return select(*columns).where(ranked.c.rn == 1).subquery("latest")


def deliverable_state(latest, as_of: date):
    """missing (nothing submitted by as_of), submitted (awaiting review on as_of), returned or accepted."""
    reviewed = and_(latest.c.decision != "", latest.c.reviewed_on.isnot(None), latest.c.reviewed_on <= day(as_of))
    return case((latest.c.version.is_(None), "missing"), (reviewed, latest.c.decision), else_="submitted")
