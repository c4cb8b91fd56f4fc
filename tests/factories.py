"""Small hand-built organisations for tests: a round, its sites, teams and people."""

from __future__ import annotations

from datetime import date

from data_access.auth import Actor
from data_access.calendar import cover_rounds
from data_access.db import write_session
from data_access.models import Person, Round, Site, Team, TeamMember

OFFICE = Actor(user_id=None, role="office", display_name="test office")


def make_round(engine, *, n_teams: int = 2, start=date(2021, 7, 12), end=date(2021, 10, 11)) -> dict:
    """A round with ``n_teams`` teams of one member each; returns their ids."""
    with write_session(engine) as session:
        rnd = Round(name=f"测试轮次{start.year}", year=start.year, start_date=start, end_date=end, region_code="130100")
        session.add(rnd)
        cover_rounds(session)  # as every writer of rounds does: figures only read work_calendar
        teams, people = [], []
        for i in range(n_teams):
            site = Site(name=f"测试点{i + 1}", district_code=f"13010{i + 1}", district_name=f"区{i + 1}")
            person = Person(name=f"测试员{i + 1}")
            session.add_all([site, person])
            session.flush()
            team = Team(round_id=rnd.id, site_id=site.id, seq=i + 1)
            session.add(team)
            session.flush()
            session.add(TeamMember(team_id=team.id, person_id=person.id, role="leader", joined_on=start))
            teams.append(team.id)
            people.append(person.id)
        return {"round_id": rnd.id, "team_ids": teams, "person_ids": people}


def member_of(org: dict, index: int, user_id: int | None = None) -> Actor:
    return Actor(user_id=user_id, role="member", team_id=org["team_ids"][index], person_id=org["person_ids"][index])
