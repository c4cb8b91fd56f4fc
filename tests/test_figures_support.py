"""Hand-built fixtures shared by the tests/test_figures_*.py modules (no tests here).

The Shijiazhuang-style round used throughout: stationing 2021-09-13 (Mon) → 2021-10-15 (Fri).
The state calendar for that window (chinesecalendar):
  Sep 18 (Sat), Sep 26 (Sun), Oct 9 (Sat)  make-up working days
  Sep 20, Sep 21 (Mid-Autumn), Oct 1–7 (National Day)  holidays
so its working days are
  Sep 13–18 (6) · Sep 22–24 (3) · Sep 26 (1) · Sep 27–30 (4) · Oct 8, 9 (2) · Oct 11–15 (5) = 21.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from data_access.calendar import cover_rounds
from data_access.db import read_session, write_session
from data_access.models import DeliverableSubmission, Round, Site, Team
from data_access.scope import Scope

START, END = date(2021, 9, 13), date(2021, 10, 15)

WORKDAYS_2021 = [date(2021, 9, d) for d in (13, 14, 15, 16, 17, 18, 22, 23, 24, 26, 27, 28, 29, 30)] + [
    date(2021, 10, d) for d in (8, 9, 11, 12, 13, 14, 15)
]
assert len(WORKDAYS_2021) == 21


def d(month: int, day: int, year: int = 2021) -> date:
    return date(year, month, day)


def make_round(engine, n_teams: int = 3, start: date = START, end: date = END, name: str = "2021年蹲点") -> dict:
    """A round with ``n_teams`` teams, each at its own site in district 13010<i>; no members."""
    with write_session(engine) as session:
        rnd = Round(name=name, year=start.year, start_date=start, end_date=end)
        session.add(rnd)
        cover_rounds(session)  # as every writer of rounds does: figures only read work_calendar
        team_ids = []
        for i in range(n_teams):
            site = Site(name=f"{name}-点{i + 1}", district_code=f"13010{i + 1}")
            session.add(site)
            session.flush()
            team = Team(round_id=rnd.id, site_id=site.id, seq=i + 1)
            session.add(team)
            session.flush()
            team_ids.append(team.id)
        return {"round_id": rnd.id, "team_ids": team_ids}


def add(engine, *rows: Any) -> list[int]:
    """Insert rows in one transaction; returns their ids in order."""
    with write_session(engine) as session:
        for row in rows:
            session.add(row)
            session.flush()
        return [getattr(row, "id", None) for row in rows]


def deleted() -> dict:
    from data_access.models import utcnow

    return {"deleted_at": utcnow()}


def scope(org: dict, as_of: date, **kw) -> Scope:
    return Scope(round_id=org["round_id"], as_of=as_of, **kw)


def read(engine, fn, *args, **kw):
    with read_session(engine) as session:
        return fn(session, *args, **kw)


def by_team(df, column: str) -> dict:
    return dict(zip(df["team_id"], df[column]))


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def submission(
    deliverable_id: int, team_id: int, version: int, on: date, decision: str = "", reviewed_on: date | None = None, comment: str = ""
):
    """A version of a team's document for a deliverable, as the workflow writes it (a tiny PDF)."""
    return DeliverableSubmission(
        deliverable_id=deliverable_id,
        team_id=team_id,
        version=version,
        filename=f"v{version}.pdf",
        mime="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        content=PDF_BYTES,
        submitted_on=on,
        decision=decision,
        reviewed_on=reviewed_on,
        comment=comment,
    )
