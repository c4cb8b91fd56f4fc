"""Evaluation schemes: indicators in dimensions with weights, rating bands, and the life of an
evaluation (draft → open for scoring → closed and published), seed 001 §5(3).

A scheme is edited only as a draft; opening it checks it again and takes the first snapshot
of the objective values; closing it takes the last snapshot and locks every score, so a
published result never changes when a ledger is edited later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import write_session
from data_access.evaluation.sources import OBJECTIVE_KEYS, SOURCE_KEYS, SUBJECTIVE
from data_access.ledger_store import ValidationFailed, write_audit
from data_access.ledgers import FieldError
from data_access.models import EvaluationScheme, Indicator, RatingBand, Round
from data_access.permissions import require, require_office

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
INDICATOR_COLUMNS = ("dimension", "name", "weight", "source", "full_at", "zero_at")
BAND_COLUMNS = ("name", "min_score")
WEIGHT_TOTAL = 100.0
WEIGHT_TOLERANCE = 0.01

# The default scheme, from seed 001: the work done (ledgers kept, problems solved, six 一批) and
# its results and conduct as judged by the evaluators. Objective rules are in percent: full
# marks at ``full_at`` or above, nothing at ``zero_at`` or below, linear in between.
DEFAULT_INDICATORS = (
    ("台账规范", "日记录完成率", 10, "compliance.daily", 100, 60),
    ("台账规范", "周报告按时率", 10, "compliance.weekly", 100, 50),
    ("台账规范", "月交流完成率", 5, "compliance.monthly", 100, 50),
    ("问题解决", "问题解决率", 12, "problems.resolution", 90, 40),
    ("问题解决", "按期办结率", 8, "problems.on_time", 90, 40),
    ("问题解决", "首次响应及时率", 5, "problems.response", 100, 60),
    ("问题解决", "职工满意度", 5, "problems.satisfaction", 95, 60),
    ("六个一批", "六个一批目标完成度", 15, "six.overall", 100, 50),
    ("六个一批", "办实事完成率", 10, "things.done", 100, 50),
    ("成效与作风", "工作成效评议", 10, SUBJECTIVE, None, None),
    ("成效与作风", "工作作风与纪律评议", 10, SUBJECTIVE, None, None),
)
DEFAULT_BANDS = (("优秀", 90), ("良好", 80), ("合格", 60), ("不合格", 0))
DEFAULT_TOP_BAND_CAP = 0.3


@dataclass(frozen=True)
class SchemeHeader:
    id: int
    round_id: int
    name: str
    status: str
    evaluation_date: date
    top_band_cap: float | None
    closed_at: Any


# ---------------------------------------------------------------- reading


def round_schemes(session: Session, round_id: int) -> pd.DataFrame:
    """The round's schemes, the published (closed) or open one first."""
    rows = session.execute(select(EvaluationScheme).where(EvaluationScheme.round_id == round_id)).scalars().all()
    order = {CLOSED: 0, OPEN: 1, DRAFT: 2}
    rows = sorted(rows, key=lambda s: (order[s.status], -s.id))
    return pd.DataFrame([s.model_dump() for s in rows], columns=list(EvaluationScheme.model_fields))


def live_scheme_id(session: Session, round_id: int) -> int | None:
    """The round's evaluation: the scheme that is open or closed (there is at most one)."""
    return session.execute(
        select(EvaluationScheme.id).where(EvaluationScheme.round_id == round_id, EvaluationScheme.status != DRAFT)
    ).scalar()


def header(session: Session, scheme_id: int) -> SchemeHeader:
    s = session.get(EvaluationScheme, scheme_id)
    if s is None:
        raise LookupError(f"scheme {scheme_id} not found")
    return SchemeHeader(s.id, s.round_id, s.name, s.status, s.evaluation_date, s.top_band_cap, s.closed_at)


def indicators(session: Session, scheme_id: int) -> pd.DataFrame:
    rows = session.execute(select(Indicator).where(Indicator.scheme_id == scheme_id).order_by(Indicator.seq, Indicator.id)).scalars().all()
    return pd.DataFrame([r.model_dump() for r in rows], columns=list(Indicator.model_fields))


def bands(session: Session, scheme_id: int) -> pd.DataFrame:
    """Highest threshold first."""
    rows = (
        session.execute(select(RatingBand).where(RatingBand.scheme_id == scheme_id).order_by(RatingBand.min_score.desc())).scalars().all()
    )
    return pd.DataFrame([r.model_dump() for r in rows], columns=list(RatingBand.model_fields))


def all_schemes(session: Session) -> pd.DataFrame:
    """Every scheme with its round, to copy one from an earlier round."""
    stmt = (
        select(EvaluationScheme.id, EvaluationScheme.name, EvaluationScheme.status, Round.name.label("round_name"))
        .join(Round, Round.id == EvaluationScheme.round_id)
        .order_by(Round.year.desc(), EvaluationScheme.id.desc())
    )
    return pd.DataFrame(session.execute(stmt).all(), columns=["id", "name", "status", "round_name"])


# ---------------------------------------------------------------- checking


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> float | None:
    if _missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def check_indicators(rows: list[dict[str, Any]]) -> list[FieldError]:
    errors: list[FieldError] = []
    if not rows:
        return [FieldError("indicators", "eval.error.no_indicators")]
    names = [str(r.get("name") or "").strip() for r in rows]
    for n, row in enumerate(rows, start=1):
        errors.extend(_check_indicator(n, row))
        if names[n - 1] and names.count(names[n - 1]) > 1 and names.index(names[n - 1]) != n - 1:
            errors.append(FieldError("name", "eval.error.duplicate_indicator", {"row": n, "name": names[n - 1]}))
    total = sum(_number(r.get("weight")) or 0 for r in rows)
    if abs(total - WEIGHT_TOTAL) > WEIGHT_TOLERANCE:
        errors.append(FieldError("weight", "eval.error.weights", {"total": f"{total:g}"}))
    return errors


def _check_indicator(n: int, row: dict[str, Any]) -> list[FieldError]:
    errors = []
    for name in ("dimension", "name"):
        if _missing(row.get(name)):
            errors.append(FieldError(name, "eval.error.required", {"row": n}))
    weight = _number(row.get("weight"))
    if weight is None or weight <= 0:
        errors.append(FieldError("weight", "eval.error.weight_positive", {"row": n}))
    source = row.get("source")
    if _missing(source) or source not in SOURCE_KEYS:
        errors.append(FieldError("source", "eval.error.no_source", {"row": n}))
    elif source in OBJECTIVE_KEYS:
        errors.extend(_check_rule(n, _number(row.get("full_at")), _number(row.get("zero_at"))))
    return errors


def _check_rule(n: int, full_at: float | None, zero_at: float | None) -> list[FieldError]:
    if full_at is None or zero_at is None:
        return [FieldError("full_at", "eval.error.no_rule", {"row": n})]
    if not (0 <= zero_at < full_at <= 100):
        return [FieldError("full_at", "eval.error.bad_rule", {"row": n})]
    return []


def check_bands(rows: list[dict[str, Any]], top_band_cap: float | None) -> list[FieldError]:
    errors: list[FieldError] = []
    if len(rows) < 2:
        errors.append(FieldError("bands", "eval.error.few_bands"))
    names = [str(r.get("name") or "").strip() for r in rows]
    thresholds = [_number(r.get("min_score")) for r in rows]
    for n, (name, threshold) in enumerate(zip(names, thresholds), start=1):
        if not name:
            errors.append(FieldError("name", "eval.error.band_name", {"row": n}))
        elif names.count(name) > 1 and names.index(name) != n - 1:
            errors.append(FieldError("name", "eval.error.band_duplicate", {"name": name}))
        if threshold is None or not 0 <= threshold <= 100:
            errors.append(FieldError("min_score", "eval.error.band_threshold", {"row": n}))
    known = [x for x in thresholds if x is not None]
    for value in sorted({x for x in known if known.count(x) > 1}):
        errors.append(FieldError("min_score", "eval.error.band_overlap", {"score": f"{value:g}"}))
    if known and min(known) > 0:
        errors.append(FieldError("min_score", "eval.error.band_gap", {"score": f"{min(known):g}"}))
    if top_band_cap is not None and not 0 < top_band_cap <= 1:
        errors.append(FieldError("top_band_cap", "eval.error.cap"))
    return errors


def check_scheme(name: str, evaluation_date: date | None, round_start: date, indicator_rows, band_rows, top_band_cap) -> list[FieldError]:
    errors = []
    if _missing(name):
        errors.append(FieldError("name", "eval.error.scheme_name"))
    if evaluation_date is None or evaluation_date < round_start:
        errors.append(FieldError("evaluation_date", "eval.error.date", {"start": round_start.isoformat()}))
    return errors + check_indicators(indicator_rows) + check_bands(band_rows, top_band_cap)


# ---------------------------------------------------------------- writing


def scheme_for_office(session: Session, actor: Actor, scheme_id: int, status: str) -> EvaluationScheme:
    require_office(actor)
    scheme = session.get(EvaluationScheme, scheme_id)
    if scheme is None:
        raise LookupError(f"scheme {scheme_id} not found")
    if scheme.status != status:
        raise ValidationFailed({None: [FieldError("status", f"eval.error.not_{status}")]})
    return scheme


def default_content() -> tuple[list[dict], list[dict], float | None]:
    indicator_rows = [dict(zip(INDICATOR_COLUMNS, row)) for row in DEFAULT_INDICATORS]
    band_rows = [dict(zip(BAND_COLUMNS, row)) for row in DEFAULT_BANDS]
    return indicator_rows, band_rows, DEFAULT_TOP_BAND_CAP


def _copied_content(session: Session, scheme_id: int) -> tuple[list[dict], list[dict], float | None]:
    source = header(session, scheme_id)
    indicator_rows = indicators(session, scheme_id)[list(INDICATOR_COLUMNS)].to_dict("records")
    band_rows = bands(session, scheme_id)[list(BAND_COLUMNS)].to_dict("records")
    return indicator_rows, band_rows, source.top_band_cap


def create_scheme(engine: Engine, actor: Actor, round_id: int, name: str, copy_from: int | None = None) -> int:
    """A draft for the round: the default scheme, or a copy of another scheme (of any round)."""
    require_office(actor)
    if _missing(name):
        raise ValidationFailed({None: [FieldError("name", "eval.error.scheme_name")]})
    with write_session(engine) as session:
        rnd = session.get(Round, round_id)
        if rnd is None:
            raise LookupError(f"round {round_id} not found")
        content = default_content() if copy_from is None else _copied_content(session, copy_from)
        scheme = EvaluationScheme(round_id=round_id, name=name.strip(), evaluation_date=rnd.end_date, top_band_cap=content[2])
        session.add(scheme)
        session.flush()
        write_content(session, scheme.id, content[0], content[1])
        write_audit(session, actor, "create", "evaluation_scheme", scheme.id, None, None, scheme.model_dump())
        return scheme.id


def write_content(session: Session, scheme_id: int, indicator_rows: list[dict], band_rows: list[dict]) -> None:
    session.execute(delete(Indicator).where(Indicator.scheme_id == scheme_id))
    session.execute(delete(RatingBand).where(RatingBand.scheme_id == scheme_id))
    for seq, row in enumerate(indicator_rows):
        objective = row["source"] != SUBJECTIVE
        session.add(
            Indicator(
                scheme_id=scheme_id,
                seq=seq,
                dimension=str(row["dimension"]).strip(),
                name=str(row["name"]).strip(),
                weight=float(row["weight"]),
                source=row["source"],
                full_at=_number(row.get("full_at")) if objective else None,
                zero_at=_number(row.get("zero_at")) if objective else None,
            )
        )
    for row in band_rows:
        session.add(RatingBand(scheme_id=scheme_id, name=str(row["name"]).strip(), min_score=float(row["min_score"])))


def save_scheme(
    engine: Engine,
    actor: Actor,
    scheme_id: int,
    *,
    name: str,
    evaluation_date: date | None,
    top_band_cap: float | None,
    indicator_rows: list[dict],
    band_rows: list[dict],
) -> None:
    """Replace a draft's header, indicators and bands, or write nothing and raise ValidationFailed."""
    with write_session(engine) as session:
        scheme = scheme_for_office(session, actor, scheme_id, DRAFT)
        round_start = session.get(Round, scheme.round_id).start_date
        errors = check_scheme(name, evaluation_date, round_start, indicator_rows, band_rows, top_band_cap)
        if errors:
            raise ValidationFailed({None: errors})
        before = scheme.model_dump()
        scheme.name, scheme.evaluation_date, scheme.top_band_cap = name.strip(), evaluation_date, top_band_cap
        write_content(session, scheme_id, indicator_rows, band_rows)
        after = scheme.model_dump() | {"indicators": indicator_rows, "bands": band_rows}
        write_audit(session, actor, "update", "evaluation_scheme", scheme_id, None, before, after)


def delete_draft(engine: Engine, actor: Actor, scheme_id: int) -> None:
    with write_session(engine) as session:
        scheme = scheme_for_office(session, actor, scheme_id, DRAFT)
        before = scheme.model_dump()
        write_content(session, scheme_id, [], [])
        session.delete(scheme)
        write_audit(session, actor, "delete", "evaluation_scheme", scheme_id, None, before, None)


def require_open(session: Session, scheme_id: int) -> EvaluationScheme:
    scheme = session.get(EvaluationScheme, scheme_id)
    require(scheme is not None, "perm.denied")
    if scheme.status != OPEN:
        raise ValidationFailed({None: [FieldError("status", "eval.error.not_open")]})
    return scheme
