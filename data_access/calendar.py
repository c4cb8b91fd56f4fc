"""The state working-day calendar (holidays and make-up working days) in ``work_calendar``.

Filled from the ``chinesecalendar`` package. A year it does not cover is filled
Monday–Friday, and ``calendar_note`` tells the UI to say so; once the package
covers that year, the next ``ensure_calendar`` corrects the stored days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.db import write_session
from data_access.models import Round, WorkCalendar

NOTE_FALLBACK = "calendar.note.fallback"
_TABLE = WorkCalendar.__table__


@lru_cache(maxsize=1)
def supported_years() -> range:
    """Years the installed chinesecalendar package knows (2004–2026 for 1.11)."""
    years = {day.year for day in chinese_calendar.holidays} | {day.year for day in chinese_calendar.workdays}
    return range(min(years), max(years) + 1)


def is_workday(day: date) -> bool:
    if day.year in supported_years():
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def calendar_note(years: Iterable[int]) -> str | None:
    """The catalogue key of the fallback note when any of ``years`` is not covered, else None."""
    covered = supported_years()
    return NOTE_FALLBACK if any(year not in covered for year in years) else None


def _days(first_year: int, last_year: int) -> Iterable[date]:
    day, last = date(first_year, 1, 1), date(last_year, 12, 31)
    while day <= last:
        yield day
        day += timedelta(days=1)


def ensure_calendar(session: Session, first_year: int, last_year: int) -> int:
    """Insert missing days and correct changed ones for the years given; returns rows written.

    Runs in the caller's transaction (commit it to keep the rows); idempotent.
    """
    expected = {day: is_workday(day) for day in _days(first_year, last_year)}
    conn = session.connection()
    stored = dict(
        conn.execute(
            select(_TABLE.c.day, _TABLE.c.is_workday).where(_TABLE.c.day.between(date(first_year, 1, 1), date(last_year, 12, 31)))
        ).all()
    )
    missing = [{"day": d, "is_workday": w} for d, w in expected.items() if d not in stored]
    changed = [{"d": d, "w": w} for d, w in expected.items() if d in stored and bool(stored[d]) != w]
    if missing:
        conn.execute(_insert_new_days(conn.dialect.name), missing)
    if changed:
        stmt = update(_TABLE).where(_TABLE.c.day == bindparam("d")).values(is_workday=bindparam("w"))
        conn.execute(stmt, changed)
    return len(missing) + len(changed)


def _insert_new_days(dialect: str):
    # Two sessions may fill the same year at once (e.g. two pages at first start): skip, don't fail.
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        return insert(_TABLE)
    return dialect_insert(_TABLE).on_conflict_do_nothing(index_elements=["day"])


def covers(session: Session, first_day: date, last_day: date) -> bool:
    """True when every day from first_day to last_day has a row (one COUNT)."""
    count = (
        session.connection()
        .execute(select(func.count()).select_from(_TABLE).where(and_(_TABLE.c.day >= first_day, _TABLE.c.day <= last_day)))
        .scalar_one()
    )
    return count == (last_day - first_day).days + 1


def ensure_covered(session: Session, first_year: int, last_year: int) -> None:
    """ensure_calendar, skipped when the years are already complete (the usual case)."""
    if not covers(session, date(first_year, 1, 1), date(last_year, 12, 31)):
        ensure_calendar(session, first_year, last_year)


def ensure_calendar_for_rounds(engine: Engine, today: date | None = None) -> None:
    """At start: the calendar covers every round and this year, so figures only read it."""
    with write_session(engine) as session:
        years = session.connection().execute(select(func.min(Round.year), func.max(Round.year))).first()
        this_year = (today or date.today()).year
        first = min(years[0] or this_year, this_year)
        last = min(max(years[1] or this_year, this_year) + 1, 2100)
        ensure_covered(session, first, last)
