"""What changed in the ledgers since a day (e.g. the last meeting), for the overview."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from data_access.ledgers import LEDGERS
from data_access.scope import Scope
from data_access.figures.common import in_scope


def changes_since(session: Session, scope: Scope, since: date) -> pd.DataFrame:
    """Per ledger: rows added since ``since`` and rows changed since then that existed before,
    up to the end of ``scope.as_of``. Columns kind, added, changed."""
    start = datetime.combine(since, time.min, tzinfo=timezone.utc)
    end = datetime.combine(scope.as_of, time.max, tzinfo=timezone.utc)
    rows = []
    for kind, spec in LEDGERS.items():
        table = spec.model.__table__
        live = (table.c.deleted_at.is_(None), in_scope(table.c.team_id, scope))
        added = select(func.count()).where(*live, table.c.created_at.between(start, end))
        changed = select(func.count()).where(*live, table.c.created_at < start, table.c.updated_at.between(start, end))
        connection = session.connection()
        rows.append((kind, connection.execute(added).scalar_one(), connection.execute(changed).scalar_one()))
    return pd.DataFrame(rows, columns=["kind", "added", "changed"])
