"""What a working day is: the one rule, and the ``work_calendar`` table filled from it.

``is_workday`` is the state calendar of the ``chinesecalendar`` package (statutory
holidays off, make-up working days on). A year the package does not cover falls
back to Monday–Friday, and ``calendar_note`` tells the UI to say so; once the
package covers that year, the next ``ensure_calendar`` corrects the stored days.

Python code (the sample and the generator) asks ``is_workday``; SQL figures join
``work_calendar``. Writers fill the table: start-up and every write that creates or
moves a round call ``cover_rounds`` in their own transaction, so reads never write.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar
from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlmodel import Session

from data_access.models import Round, WorkCalendar

NOTE_FALLBACK = "calendar.note.fallback"
LOCAL_TIME_ZONE = ZoneInfo("Asia/Shanghai")  # the state calendar's: one time zone for every federation
LAST_YEAR = 2100  # no round is planned further ahead; bounds a mistyped year
_TABLE = WorkCalendar.__table__


@lru_cache(maxsize=1)
def supported_years() -> range:
    """Years the installed chinesecalendar package knows (2004–2026 for 1.11)."""
    years = {day.year for day in chinese_calendar.holidays} | {day.year for day in chinese_calendar.workdays}
    return range(min(years), max(years) + 1)


@lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    if day.year in supported_years():
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


@lru_cache(maxsize=256)
def working_days(start: date, end: date) -> tuple[date, ...]:
    """The working days from ``start`` to ``end``, both included."""
    return tuple(day for day in _days_between(start, end) if is_workday(day))


def add_workdays(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself, moved to a working day, for 0)."""
    while not is_workday(day):
        day += timedelta(days=1)
    while count > 0:
        day += timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def calendar_note(years: Iterable[int]) -> str | None:
    """The catalogue key of the fallback note when any of ``years`` is not covered, else None."""
    covered = supported_years()
    return NOTE_FALLBACK if any(year not in covered for year in years) else None


def _days_between(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def ensure_calendar(session: Session, first_year: int, last_year: int) -> int:
    """Insert missing days and correct changed ones for the years given; returns rows written.

    Runs in the caller's transaction (commit it to keep the rows); idempotent.
    """
    expected = {day: is_workday(day) for day in _days_between(date(first_year, 1, 1), date(last_year, 12, 31))}
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


def cover_rounds(session: Session, today: date | None = None) -> None:
    """Make the calendar cover every round's years, this year and the next, in the caller's
    write transaction: start-up calls it, and so does every write that creates or moves a round."""
    session.flush()  # rounds added in this transaction count
    first, last = session.connection().execute(select(func.min(Round.start_date), func.max(Round.end_date))).one()
    this_year = (today or date.today()).year
    first_year = min(first.year if first else this_year, this_year)
    last_year = min(max(last.year if last else this_year, this_year) + 1, LAST_YEAR)
    ensure_covered(session, first_year, last_year)


def in_local_time(value: datetime) -> datetime:
    """A stored time (UTC; SQLite hands it back without its zone) in the federation's time zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TIME_ZONE)
