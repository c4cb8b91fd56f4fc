"""A short history of changes in the built-in sample, so that its audit log does not open empty.

Right after the sample is built, the demo users make a few everyday changes through the ledger
store, the one write path, so that each is versioned and audited like any other: the member
corrects a daily record and a problem's handler and deletes a daily record by mistake, the office
restores it and corrects a practical thing. None of them changes a figure: only text is
corrected, and the deleted record is back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine

from data_access import ledger_store
from data_access.auth import Actor
from data_access.db import read_session
from data_access.ledger_store import RowEdit
from data_access.models import AppUser


def _demo_actor(engine: Engine, username: str) -> Actor:
    with read_session(engine) as session:
        return Actor.of(session.execute(select(AppUser).where(AppUser.username == username)).scalar_one())


def _correct(engine: Engine, actor: Actor, kind: str, row: dict, field: str, text: str) -> None:
    ledger_store.update_row(engine, actor, kind, RowEdit(int(row["id"]), int(row["version"]), {field: text}))


def write_history(engine: Engine) -> None:
    """The sample's changes, as the demo member and the demo office make them."""
    member, office = _demo_actor(engine, "member"), _demo_actor(engine, "office")
    team_id = member.team_id
    daily = ledger_store.latest_rows(engine, member, "daily", team_id, count=3)
    newest, older = daily.iloc[0], daily.iloc[2]
    _correct(engine, member, "daily", newest, "content", f"{newest['content']}（补记：会后整理走访记录）")
    problem = ledger_store.latest_rows(engine, member, "problem", team_id, count=1).iloc[0]
    _correct(engine, member, "problem", problem, "handler", f"{problem['handler'] or '蹲点组'}、镇总工会")
    ledger_store.delete_row(engine, member, "daily", int(older["id"]), int(older["version"]))
    ledger_store.restore_row(engine, office, "daily", int(older["id"]), int(older["version"]) + 1)
    thing = ledger_store.latest_rows(engine, office, "thing", team_id, count=1).iloc[0]
    _correct(engine, office, "thing", thing, "measures", f"{thing['measures']}（办公室核实后补充）")
