"""Activity, worked out by hand (both engines): what changed in the ledgers since a day (rows added
since then, rows changed since then that existed before, up to the end of the as-of day), and the data
version the pages' cache is keyed on (the newest audit id, new after every write)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from data_access.activity import changes_since, data_version
from data_access.ledgers import LEDGERS
from data_access.models import AuditLog, DailyRecord, Problem, utcnow
from tests.test_figures_support import add, d, make_round, read, scope

SINCE, AS_OF = d(9, 20), d(9, 30)


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2021, month, day, hour, tzinfo=UTC)


def daily(team_id: int, content: str, created: datetime, updated: datetime | None = None, **kw) -> DailyRecord:
    return DailyRecord(team_id=team_id, work_date=d(9, 14), content=content, created_at=created, updated_at=updated or created, **kw)


def test_rows_added_and_changed_since_a_day(engine):
    org = make_round(engine, n_teams=2)
    t1, t2 = org["team_ids"]
    add(
        engine,
        daily(t1, "before, untouched", at(9, 10)),
        daily(t1, "added", at(9, 25)),
        daily(t1, "added, then edited", at(9, 25), at(9, 28)),
        daily(t1, "added on the first day, at midnight", at(9, 20, 0)),
        daily(t1, "before, edited since", at(9, 10), at(9, 22)),
        daily(t1, "before, edited after the as-of day", at(9, 10), at(10, 5)),
        daily(t1, "added after the as-of day", at(10, 3)),
        daily(t1, "added, deleted", at(9, 25), deleted_at=at(9, 26)),
        daily(t2, "another team's, added", at(9, 25)),
        Problem(team_id=t1, raised_on=d(9, 21), title="p", category="hardship", created_at=at(9, 21), updated_at=at(9, 21)),
    )
    table = read(engine, changes_since, scope(org, AS_OF), SINCE).set_index("kind")
    assert list(table.index) == list(LEDGERS)  # every ledger, those without changes at 0
    # daily, both teams: added = "added", "added, then edited", "added on the first day", t2's = 4;
    # changed = "before, edited since" = 1 (one edited after the as-of day is not yet changed then).
    assert (table.loc["daily", "added"], table.loc["daily", "changed"]) == (4, 1)
    assert (table.loc["problem", "added"], table.loc["problem", "changed"]) == (1, 0)
    assert table.drop(index=["daily", "problem"])[["added", "changed"]].eq(0).all().all()
    one = read(engine, changes_since, scope(org, AS_OF, team_ids=(t2,)), SINCE).set_index("kind")
    assert (one.loc["daily", "added"], one.loc["daily", "changed"]) == (1, 0)  # only the teams in scope


def test_the_data_version_is_the_newest_audit_id(engine):
    before = data_version(engine)
    with engine.begin() as connection:
        first = connection.execute(insert(AuditLog).values(action="update", table_name="team", at=utcnow())).inserted_primary_key[0]
        second = connection.execute(insert(AuditLog).values(action="update", table_name="team", at=utcnow())).inserted_primary_key[0]
    assert before < first < second
    assert data_version(engine) == second
