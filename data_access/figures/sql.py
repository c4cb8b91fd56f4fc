"""Dialect helpers so that every figure is one SQL text on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Date, Float, Integer, String, and_, case, func, literal, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session


class day_diff(FunctionElement):
    """``a - b`` in whole days (an integer)."""

    type = Integer()
    inherit_cache = True
    name = "day_diff"


@compiles(day_diff, "sqlite")
def _day_diff_sqlite(element, compiler, **kw):
    a, b = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"


@compiles(day_diff)
def _day_diff_default(element, compiler, **kw):
    # PostgreSQL: date - date is an integer number of days.
    a, b = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"({a} - {b})"


class month_key(FunctionElement):
    """'YYYY-MM' of a date."""

    type = String()
    inherit_cache = True
    name = "month_key"


@compiles(month_key, "sqlite")
def _month_key_sqlite(element, compiler, **kw):
    (arg,) = element.clauses
    return f"strftime('%Y-%m', {compiler.process(arg, **kw)})"


@compiles(month_key)
def _month_key_default(element, compiler, **kw):
    (arg,) = element.clauses
    return f"to_char({compiler.process(arg, **kw)}, 'YYYY-MM')"


def day(value: date) -> ColumnElement:
    """A date parameter typed as DATE (PostgreSQL needs the type for date arithmetic)."""
    return literal(value, Date)


def week_index(column: Any, monday: date) -> ColumnElement:
    """Week number counted from ``monday`` (week 0); for days on or after it."""
    return day_diff(column, day(monday)) // 7


def flag(condition: ColumnElement) -> ColumnElement:
    """1 when the condition holds, else 0 — summable."""
    return case((condition, 1), else_=0)


def median_select(source, value: str, groups: Sequence[str] = ()) -> Any:
    """SELECT groups..., median(value) over ``source`` (a subquery), ignoring NULL values.

    Portable: row_number and count windows pick the middle row, or the two middle
    rows of an even count, and average them.
    """
    group_cols = [source.c[g] for g in groups]
    val = source.c[value]
    partition = group_cols or None
    ranked = (
        select(
            *group_cols,
            val.label("v"),
            func.row_number().over(partition_by=partition, order_by=val).label("rn"),
            func.count().over(partition_by=partition).label("cnt"),
        )
        .where(val.isnot(None))
        .subquery()
    )
    middle = and_(ranked.c.rn >= (ranked.c.cnt + 1) // 2, ranked.c.rn <= (ranked.c.cnt + 2) // 2)
    out_groups = [ranked.c[g] for g in groups]
    stmt = select(*out_groups, func.avg(ranked.c.v * literal(1.0, Float)).label("median")).where(middle)
    return stmt.group_by(*out_groups) if out_groups else stmt


def run(session: Session, stmt) -> list:
    return session.connection().execute(stmt).all()


def frame(session: Session, stmt, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Run a SELECT and return its (small) result as a DataFrame."""
    result = session.connection().execute(stmt)
    names = list(columns) if columns is not None else list(result.keys())
    return pd.DataFrame([tuple(r) for r in result.all()], columns=names)
