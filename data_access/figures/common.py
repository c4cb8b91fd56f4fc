"""What every figure shares: the Rate, the round's time window, the teams in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from data_access.calendar import calendar_note
from data_access.figures.sql import frame
from data_access.models import Round, Site, Team
from data_access.scope import Scope
from data_access.settings import get_settings


@dataclass(frozen=True)
class Rate:
    """A share shown with its numerator and denominator; ``value`` is None when den is 0."""

    num: float
    den: int

    @property
    def value(self) -> float | None:
        return None if self.den == 0 else self.num / self.den

    def __str__(self) -> str:
        num = f"{self.num:g}"
        return f"— ({num}/{self.den})" if self.value is None else f"{self.value:.1%} ({num}/{self.den})"


@dataclass(frozen=True)
class SatisfactionRate(Rate):
    """Satisfaction, whose numerator is weighted (satisfied + ``weight`` × basically satisfied):
    shown as the counts it is made of, which a reader can check, never as a fraction like 68.8."""

    satisfied: int = 0
    basic: int = 0
    weight: float = 1.0


@dataclass(frozen=True)
class Window:
    """The round's stationing as seen on ``as_of``."""

    start: date
    end: date
    as_of: date

    @property
    def started(self) -> bool:
        return self.as_of >= self.start

    @property
    def ended(self) -> bool:
        return self.as_of >= self.end

    @property
    def period_end(self) -> date:
        """as_of clamped to the end of stationing."""
        return min(self.as_of, self.end)


def window(session: Session, scope: Scope) -> Window:
    """The round's window. Reads only: the writers of rounds keep ``work_calendar`` covering it
    (``calendar.cover_rounds``)."""
    row = session.connection().execute(select(Round.start_date, Round.end_date).where(Round.id == scope.round_id)).first()
    if row is None:
        raise LookupError(f"round {scope.round_id} not found")
    start, end = row
    return Window(start=start, end=end, as_of=scope.as_of)


def calendar_note_for(session: Session, scope: Scope) -> str | None:
    """Catalogue key of the note to show when the round's years are not in the state calendar."""
    w = window(session, scope)
    return calendar_note(range(w.start.year, w.end.year + 1))


def settings_or_stored(session: Session, settings: dict[str, Any] | None) -> dict[str, Any]:
    return settings if settings is not None else get_settings(session)


def in_scope(team_column, scope: Scope):
    return team_column.in_(scope.team_id_query())


def teams_in_scope(session: Session, scope: Scope) -> pd.DataFrame:
    """team_id, seq, site_id, site_name, district_code, district_name of the teams in scope, by seq."""
    stmt = (
        select(
            Team.id.label("team_id"),
            Team.seq,
            Team.site_id,
            Site.name.label("site_name"),
            Site.district_code,
            Site.district_name,
        )
        .join(Site, Site.id == Team.site_id)
        .where(in_scope(Team.id, scope))
        .order_by(Team.seq, Team.id)
    )
    return frame(session, stmt)


def is_small(rate: Rate, settings: dict[str, Any]) -> bool:
    """True when a ranking should mark the rate: its denominator is below ``min_denominator``."""
    return rate.den < settings["min_denominator"]


def flatten_rates(df: pd.DataFrame) -> pd.DataFrame:
    """Replace every column of Rates by ``<col>_num``, ``<col>_den`` and ``<col>`` (value, float or None)."""
    out = df.copy()
    for col in df.columns:
        if len(df) and all(isinstance(v, Rate) for v in df[col]):
            position = out.columns.get_loc(col)
            values = out.pop(col)
            out.insert(position, f"{col}_den", [r.den for r in values])
            out.insert(position, f"{col}_num", [r.num for r in values])
            out.insert(position + 2, col, pd.Series([r.value for r in values], index=out.index, dtype=object))
    return out


def per_team(teams: pd.DataFrame, counts: dict[int, Any], default: Any = 0) -> list[Any]:
    return [counts.get(team_id, default) for team_id in teams["team_id"]]
