"""The evaluation score, defined once: objective values read from the ledgers (a snapshot per
scheme), subjective scores combined across evaluators, weighted and summed in SQL, then rated
in bands with the optional cap on the top band.

- An objective indicator scores 100 at or above ``full_at``, 0 at or below ``zero_at``,
  linearly in between; a rate with no denominator scores 0 and is shown as "no data".
- A subjective indicator scores the mean of the evaluators' scores, or, with five evaluators
  or more, the mean without one highest and one lowest score.
- A team's total is the sum of weight × indicator score / 100 (weights add up to 100).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, delete, func, null, or_, select, true, union_all
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import write_session
from data_access.evaluation.schemes import bands, header, indicators, require_open
from data_access.evaluation.sources import SOURCES, SUBJECTIVE
from data_access.figures.common import Rate, teams_in_scope
from data_access.figures.sql import flag, frame
from data_access.ledger_store import ValidationFailed, write_audit
from data_access.ledgers import FieldError
from data_access.models import AppUser, EvaluationScheme, Indicator, ObjectiveScore, SubjectiveScore, Team, utcnow
from data_access.permissions import require
from data_access.scope import Scope
from data_access.settings import get_settings

TRIM_FROM = 5  # evaluators from which the highest and the lowest score are left out
EVALUATOR_ROLES = ("office", "leadership")
SMALL_CHECKED = ("problems.", "things.")  # calendar-based rates have the same denominator for every team
S, O, I = SubjectiveScore, ObjectiveScore, Indicator


# ---------------------------------------------------------------- objective snapshot


def indicator_score(value: float | None, full_at: float, zero_at: float) -> float:
    """0–100 for a value in percent."""
    if value is None:
        return 0.0
    return 100.0 * min(1.0, max(0.0, (value - zero_at) / (full_at - zero_at)))


def scheme_scope(scheme: EvaluationScheme) -> Scope:
    """Every team of the round, as of the evaluation date."""
    return Scope(scheme.round_id, scheme.evaluation_date)


def snapshot_objective(session: Session, scheme: EvaluationScheme) -> None:
    """Replace the scheme's objective values by a fresh reading of the ledgers."""
    objective = indicators(session, scheme.id)
    objective = objective[objective["source"] != SUBJECTIVE]
    session.execute(delete(O).where(O.indicator_id.in_(select(I.id).where(I.scheme_id == scheme.id))))
    scope = scheme_scope(scheme)
    rates = {key: SOURCES[key].rates(session, scope) for key in set(objective["source"])}
    now = utcnow()
    for team_id in teams_in_scope(session, scope)["team_id"]:
        for row in objective.itertuples():
            rate = rates[row.source].get(int(team_id), Rate(0, 0))
            value = None if rate.value is None else 100.0 * rate.value
            session.add(
                O(
                    indicator_id=row.id,
                    team_id=int(team_id),
                    numerator=float(rate.num),
                    denominator=float(rate.den),
                    value=value,
                    score=indicator_score(value, row.full_at, row.zero_at),
                    computed_at=now,
                )
            )
    session.flush()


def snapshot_time(session: Session, scheme_id: int) -> Any:
    """When the objective values were last read from the ledgers (None before the first reading)."""
    stmt = select(func.max(O.computed_at)).join(I, I.id == O.indicator_id).where(I.scheme_id == scheme_id)
    return session.execute(stmt).scalar()


# ---------------------------------------------------------------- the score in SQL


def _subjective_scores(scheme_id: int):
    n = func.count(S.id)
    trimmed = (func.sum(S.score) - func.max(S.score) - func.min(S.score)) / (n - 2)
    combined = case((n >= TRIM_FROM, trimmed), else_=func.avg(S.score))
    return (
        select(S.indicator_id, S.team_id, combined.label("score"), n.label("evaluators"))
        .join(I, I.id == S.indicator_id)
        .where(I.scheme_id == scheme_id)
        .group_by(S.indicator_id, S.team_id)
    )


def _objective_scores(scheme_id: int):
    return (
        select(O.indicator_id, O.team_id, O.score, null().label("evaluators"))
        .join(I, I.id == O.indicator_id)
        .where(I.scheme_id == scheme_id)
    )


def _indicator_points(scheme_id: int, round_id: int):
    """Every team × indicator of the scheme: the indicator score (0 when missing) and its points."""
    scores = union_all(_objective_scores(scheme_id), _subjective_scores(scheme_id)).subquery("scores")
    score = func.coalesce(scores.c.score, 0.0)
    return (
        select(
            Team.id.label("team_id"),
            I.id.label("indicator_id"),
            I.dimension,
            I.weight,
            I.source,
            score.label("score"),
            (I.weight * score / 100.0).label("points"),
            scores.c.evaluators,
        )
        .select_from(Team)
        .join(I, and_(I.scheme_id == scheme_id, true()))
        .outerjoin(scores, and_(scores.c.team_id == Team.id, scores.c.indicator_id == I.id))
        .where(Team.round_id == round_id)
        .subquery("points")
    )


def team_totals(session: Session, scheme_id: int) -> pd.DataFrame:
    """team_id, total (0–100), unscored (subjective indicators nobody has scored yet), highest first."""
    points = _indicator_points(scheme_id, header(session, scheme_id).round_id)
    total = func.sum(points.c.points).label("total")
    unscored = func.sum(flag(and_(points.c.source == SUBJECTIVE, points.c.evaluators.is_(None))))
    stmt = select(points.c.team_id, total, unscored).group_by(points.c.team_id).order_by(total.desc(), points.c.team_id)
    out = frame(session, stmt, ["team_id", "total", "unscored"])
    out["total"] = out["total"].astype(float).round(2)
    return out


def dimension_scores(session: Session, scheme_id: int) -> pd.DataFrame:
    """team_id, dimension, points, weight (the dimension's full marks), share (points / weight)."""
    points = _indicator_points(scheme_id, header(session, scheme_id).round_id)
    first_seq = func.min(I.seq)
    order = select(I.dimension, first_seq.label("seq")).where(I.scheme_id == scheme_id).group_by(I.dimension).subquery()
    stmt = (
        select(points.c.team_id, points.c.dimension, func.sum(points.c.points), func.sum(points.c.weight))
        .join(order, order.c.dimension == points.c.dimension)
        .group_by(points.c.team_id, points.c.dimension, order.c.seq)
        .order_by(points.c.team_id, order.c.seq)
    )
    out = frame(session, stmt, ["team_id", "dimension", "points", "weight"])
    out["points"] = out["points"].astype(float).round(2)
    out["share"] = out["points"] / out["weight"].astype(float)
    return out


def evaluator_counts(session: Session, scheme_id: int) -> pd.DataFrame:
    """Per team × subjective indicator: how many evaluators have scored it."""
    points = _indicator_points(scheme_id, header(session, scheme_id).round_id)
    stmt = (
        select(points.c.team_id, I.name, func.coalesce(points.c.evaluators, 0))
        .join(I, I.id == points.c.indicator_id)
        .where(I.source == SUBJECTIVE)
        .order_by(points.c.team_id, I.seq)
    )
    return frame(session, stmt, ["team_id", "indicator", "evaluators"])


def breakdown(session: Session, scheme_id: int, team_id: int | None = None) -> pd.DataFrame:
    """One team's indicators (or every team's, by team: one query for a national round's sheet):
    team_id, indicator_id, dimension, name, weight, source, rule, value with numerator and
    denominator (objective), evaluators (subjective), score and points."""
    points = _indicator_points(scheme_id, header(session, scheme_id).round_id)
    stmt = (
        select(
            points.c.team_id,
            I.id.label("indicator_id"),
            I.dimension,
            I.name,
            I.weight,
            I.source,
            I.full_at,
            I.zero_at,
            O.value,
            O.numerator,
            O.denominator,
            points.c.evaluators,
            points.c.score,
            points.c.points,
        )
        .select_from(I)
        .join(points, points.c.indicator_id == I.id)
        .outerjoin(O, and_(O.indicator_id == I.id, O.team_id == points.c.team_id))
        .where(I.scheme_id == scheme_id)
        .order_by(points.c.team_id, I.seq, I.id)
    )
    if team_id is not None:
        stmt = stmt.where(points.c.team_id == team_id)
    out = frame(session, stmt)
    for column in ("score", "points"):
        out[column] = out[column].astype(float).round(2)
    return out


# ---------------------------------------------------------------- bands and ranking


def band_of(total: float, band_table: pd.DataFrame) -> str:
    """The band with the highest threshold the total reaches (bands ordered highest first)."""
    for name, threshold in zip(band_table["name"], band_table["min_score"]):
        if total >= threshold - 1e-9:
            return name
    return band_table["name"].iloc[-1]


def capped_bands(totals: pd.DataFrame, band_table: pd.DataFrame, cap: float | None) -> list[str]:
    """Bands for teams ordered by total (highest first), with at most floor(cap × teams) in the top
    band. Teams tied at the cut all move down a band: a tie is not broken by chance."""
    names = [band_of(total, band_table) for total in totals["total"]]
    if cap is None or len(band_table) < 2:
        return names
    top, second = band_table["name"].iloc[0], band_table["name"].iloc[1]
    allowed = math.floor(cap * len(names) + 1e-9)
    in_top = [i for i, name in enumerate(names) if name == top]
    if len(in_top) <= allowed:
        return names
    cut = totals["total"].iloc[in_top[allowed]]
    return [second if name == top and total <= cut else name for name, total in zip(names, totals["total"])]


def competition_ranks(totals: pd.Series) -> list[int]:
    """1, 2, 2, 4: equal totals share a rank."""
    return [int(r) for r in totals.rank(method="min", ascending=False)]


def scoreboard(session: Session, scheme_id: int) -> pd.DataFrame:
    """rank, team_id, site_name, total, band, small (a rate too small to compare), incomplete
    (a subjective indicator nobody has scored yet), highest total first."""
    scheme = header(session, scheme_id)
    totals = team_totals(session, scheme_id)
    band_table = bands(session, scheme_id)
    totals.insert(0, "rank", competition_ranks(totals["total"]))
    totals["band"] = capped_bands(totals, band_table, scheme.top_band_cap) if len(band_table) else None
    teams = teams_in_scope(session, Scope(scheme.round_id, scheme.evaluation_date))[["team_id", "seq", "site_name"]]
    out = totals.merge(teams, on="team_id", how="left")
    out["small"] = out["team_id"].isin(_small_teams(session, scheme_id))
    out["incomplete"] = out["unscored"] > 0
    return out[["rank", "team_id", "seq", "site_name", "total", "band", "small", "incomplete"]]


def small_threshold(session: Session) -> int:
    return get_settings(session)["min_denominator"]


def _small_teams(session: Session, scheme_id: int) -> set[int]:
    threshold = small_threshold(session)
    checked = [I.source.startswith(prefix) for prefix in SMALL_CHECKED]
    stmt = (
        select(O.team_id)
        .join(I, I.id == O.indicator_id)
        .where(I.scheme_id == scheme_id, O.denominator < threshold, or_(*checked))
        .distinct()
    )
    return {row[0] for row in session.execute(stmt)}


def band_counts(board: pd.DataFrame, band_table: pd.DataFrame) -> pd.DataFrame:
    """How many teams fall in each band, highest band first."""
    counts = board["band"].value_counts()
    return pd.DataFrame({"band": band_table["name"], "teams": [int(counts.get(n, 0)) for n in band_table["name"]]})


# ---------------------------------------------------------------- evidence


def objective_evidence(session: Session, scheme_id: int, indicator_id: int, team_id: int) -> pd.DataFrame:
    """The ledger rows behind a team's objective value, read as of the evaluation date."""
    scheme = session.get(EvaluationScheme, scheme_id)
    indicator = session.get(I, indicator_id)
    require(indicator is not None and indicator.scheme_id == scheme_id and indicator.source in SOURCES)
    scope = Scope(scheme.round_id, scheme.evaluation_date, team_ids=(team_id,))
    return SOURCES[indicator.source].evidence(session, scope, team_id)


def subjective_rows(session: Session, scheme_id: int, team_id: int, indicator_id: int | None = None) -> pd.DataFrame:
    """Each evaluator's score and comment for a team (optionally one indicator)."""
    stmt = (
        select(I.name.label("indicator"), AppUser.display_name.label("evaluator"), S.score, S.comment, S.updated_at)
        .join(I, I.id == S.indicator_id)
        .join(AppUser, AppUser.id == S.evaluator_id)
        .where(I.scheme_id == scheme_id, S.team_id == team_id)
        .order_by(I.seq, AppUser.display_name)
    )
    if indicator_id is not None:
        stmt = stmt.where(S.indicator_id == indicator_id)
    return frame(session, stmt)


# ---------------------------------------------------------------- the evaluators' scores


def can_evaluate(actor: Actor) -> bool:
    return actor.role in EVALUATOR_ROLES


def score_sheet(session: Session, scheme_id: int, evaluator_id: int) -> pd.DataFrame:
    """Every team × subjective indicator with this evaluator's score and comment (empty if none yet)."""
    scheme = header(session, scheme_id)
    mine = select(S).where(S.evaluator_id == evaluator_id).subquery()
    stmt = (
        select(Team.id.label("team_id"), I.id.label("indicator_id"), I.name.label("indicator"), mine.c.score, mine.c.comment)
        .select_from(Team)
        .join(I, and_(I.scheme_id == scheme_id, I.source == SUBJECTIVE))
        .outerjoin(mine, and_(mine.c.indicator_id == I.id, mine.c.team_id == Team.id))
        .where(Team.round_id == scheme.round_id)
        .order_by(Team.seq, Team.id, I.seq)
    )
    out = frame(session, stmt, ["team_id", "indicator_id", "indicator", "score", "comment"])
    out["comment"] = out["comment"].fillna("")
    return out


def _check_scores(rows: list[dict[str, Any]], indicator_ids: set[int]) -> list[FieldError]:
    errors = []
    for n, row in enumerate(rows, start=1):
        score = row.get("score")
        if row.get("indicator_id") not in indicator_ids:
            errors.append(FieldError("indicator_id", "eval.error.not_subjective", {"row": n}))
        elif score is not None and not (isinstance(score, (int, float)) and 0 <= score <= 100):
            errors.append(FieldError("score", "eval.error.score_range", {"row": n}))
    return errors


def save_subjective(engine: Engine, actor: Actor, scheme_id: int, rows: list[dict[str, Any]]) -> int:
    """Store this evaluator's scores (team_id, indicator_id, score 0–100 or None to withdraw, comment)
    in one go, or none of them. Returns how many scores changed."""
    require(can_evaluate(actor), "perm.evaluators_only")
    with write_session(engine) as session:
        scheme = require_open(session, scheme_id)
        subjective = indicators(session, scheme_id)
        ids = set(subjective[subjective["source"] == SUBJECTIVE]["id"])
        errors = _check_scores(rows, ids)
        round_teams = set(session.execute(select(Team.id).where(Team.round_id == scheme.round_id)).scalars())
        errors += [FieldError("team_id", "eval.error.team", {"row": n}) for n, r in enumerate(rows, 1) if r["team_id"] not in round_teams]
        if errors:
            raise ValidationFailed({None: errors})
        return sum(_save_one(session, actor, row) for row in rows)


def _save_one(session: Session, actor: Actor, row: dict[str, Any]) -> int:
    existing = session.execute(
        select(S).where(S.indicator_id == row["indicator_id"], S.team_id == row["team_id"], S.evaluator_id == actor.user_id)
    ).scalar()
    score, comment = row.get("score"), (row.get("comment") or "").strip()
    if existing is None and score is None:
        return 0
    if existing is not None and existing.score == score and existing.comment == comment:
        return 0
    before = existing.model_dump() if existing else None
    if score is None:
        session.delete(existing)
        write_audit(session, actor, "delete", "subjective_score", existing.id, row["team_id"], before, None)
        return 1
    if existing is None:
        existing = S(indicator_id=row["indicator_id"], team_id=row["team_id"], evaluator_id=actor.user_id, score=float(score))
        session.add(existing)
    existing.score, existing.comment, existing.updated_at = float(score), comment, utcnow()
    session.flush()
    write_audit(
        session,
        actor,
        "create" if before is None else "update",
        "subjective_score",
        existing.id,
        row["team_id"],
        before,
        existing.model_dump(),
    )
    return 1
