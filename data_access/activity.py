"""What changed: the data version the pages' cache is keyed on, and what changed in the ledgers
since a day (e.g. the last meeting), for the overview."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pandas as pd
from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.figures.common import in_scope
from data_access.figures.sql import flag, run
from data_access.ledgers import LEDGERS
from data_access.models import AuditLog
from data_access.scope import Scope

_VERSION = select(func.coalesce(func.max(AuditLog.id), 0))


def data_version(engine: Engine) -> int:
    """The newest audit id (0 before the first write): every write goes through the audit log, so
    any change to a ledger, a setting or the organisation gives a new version."""
    with engine.connect() as connection:  # a bare connection: an ORM session costs more than the query
        return connection.execute(_VERSION).scalar_one()


def changes_since(session: Session, scope: Scope, since: date) -> pd.DataFrame:
    """Per ledger: rows added since ``since`` and rows changed since then that existed before,
    up to the end of ``scope.as_of``. Columns kind, added, changed.

    One statement: both counts come from the rows last changed since ``since`` (a row's last change
    is never before its creation), found per team by the (team_id, updated_at) index.
    """
    start = datetime.combine(since, time.min, tzinfo=UTC)
    end = datetime.combine(scope.as_of, time.max, tzinfo=UTC)
    parts = []
    for kind, spec in LEDGERS.items():
        table = spec.model.__table__
        added = table.c.created_at >= start
        changed = and_(table.c.created_at < start, table.c.updated_at <= end)
        parts.append(
            select(literal(kind).label("kind"), func.sum(flag(added)).label("added"), func.sum(flag(changed)).label("changed")).where(
                table.c.deleted_at.is_(None), in_scope(table.c.team_id, scope), table.c.updated_at >= start, table.c.created_at <= end
            )
        )
    counts = {kind: (int(added or 0), int(changed or 0)) for kind, added, changed in run(session, union_all(*parts))}
    return pd.DataFrame([(kind, *counts.get(kind, (0, 0))) for kind in LEDGERS], columns=["kind", "added", "changed"])
