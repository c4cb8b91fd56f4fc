"""The life of an evaluation: a checked draft is opened for scoring, the objective values are read
from the ledgers (again on request), and closing takes the last reading and locks every score."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import distinct, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import write_session
from data_access.evaluation.schemes import (
    BAND_COLUMNS,
    CLOSED,
    DRAFT,
    INDICATOR_COLUMNS,
    OPEN,
    bands,
    check_scheme,
    indicators,
    live_scheme_id,
    scheme_for_office,
)
from data_access.evaluation.scoring import evaluator_counts, snapshot_objective
from data_access.ledger_store import ValidationFailed, write_audit
from data_access.ledgers import FieldError
from data_access.models import Indicator, Round, Site, SubjectiveScore, Team, utcnow


def open_evaluation(engine: Engine, actor: Actor, scheme_id: int) -> None:
    """Check the draft once more, make it the round's evaluation and read the objective values."""
    with write_session(engine) as session:
        scheme = scheme_for_office(session, actor, scheme_id, DRAFT)
        if live_scheme_id(session, scheme.round_id) is not None:
            raise ValidationFailed({None: [FieldError("status", "eval.error.round_has_evaluation")]})
        round_start = session.get(Round, scheme.round_id).start_date
        indicator_rows = indicators(session, scheme_id)[list(INDICATOR_COLUMNS)].to_dict("records")
        band_rows = bands(session, scheme_id)[list(BAND_COLUMNS)].to_dict("records")
        errors = check_scheme(scheme.name, scheme.evaluation_date, round_start, indicator_rows, band_rows, scheme.top_band_cap)
        if errors:
            raise ValidationFailed({None: errors})
        scheme.status = OPEN
        snapshot_objective(session, scheme)
        write_audit(session, actor, "update", "evaluation_scheme", scheme_id, None, {"status": DRAFT}, {"status": OPEN})


def refresh_objective(engine: Engine, actor: Actor, scheme_id: int) -> None:
    """Read the objective values again while the evaluation is open (ledgers may have been corrected)."""
    with write_session(engine) as session:
        scheme = scheme_for_office(session, actor, scheme_id, OPEN)
        snapshot_objective(session, scheme)
        write_audit(session, actor, "update", "objective_score", None, None, None, {"scheme_id": scheme_id})


def missing_subjective(session: Session, scheme_id: int) -> pd.DataFrame:
    """team_id, site_name, indicator: the subjective indicators of a team that nobody has scored."""
    counts = evaluator_counts(session, scheme_id)
    missing = counts[counts["evaluators"] == 0].reset_index(drop=True)
    team_ids = [int(t) for t in missing["team_id"]]
    sites = dict(session.execute(select(Team.id, Site.name).join(Site, Site.id == Team.site_id).where(Team.id.in_(team_ids))).all())
    missing.insert(1, "site_name", [sites[t] for t in missing["team_id"]])
    return missing[["team_id", "site_name", "indicator"]]


def scoring_progress(session: Session, scheme_id: int) -> dict[str, int]:
    """How many team × subjective indicator pairs have a score, of how many, from how many evaluators."""
    counts = evaluator_counts(session, scheme_id)
    evaluators = session.execute(
        select(func.count(distinct(SubjectiveScore.evaluator_id)))
        .join(Indicator, Indicator.id == SubjectiveScore.indicator_id)
        .where(Indicator.scheme_id == scheme_id)
    ).scalar_one()
    return {"scored": int((counts["evaluators"] > 0).sum()), "total": len(counts), "evaluators": int(evaluators)}


def close_evaluation(engine: Engine, actor: Actor, scheme_id: int) -> None:
    """Freeze and publish: the last reading of the objective values, and no score changes after."""
    with write_session(engine) as session:
        scheme = scheme_for_office(session, actor, scheme_id, OPEN)
        missing = missing_subjective(session, scheme_id)
        if len(missing):
            raise ValidationFailed({None: [FieldError("scores", "eval.error.missing_scores", {"count": len(missing)})]})
        snapshot_objective(session, scheme)
        scheme.status, scheme.closed_at = CLOSED, utcnow()
        write_audit(session, actor, "update", "evaluation_scheme", scheme_id, None, {"status": OPEN}, {"status": CLOSED})
