"""The built-in sample: what the app shows the first time it meets an empty database (``seed_if_empty``).

Two rounds of the Shijiazhuang federation at the same 7 real sites:

* 2021, the real round of seed 000 (name, document number, phases, deliverables,
  the 7 sites and team sizes of the assignment table), with about three months
  of ledgers per team;
* 2020, a fictional earlier round with lighter ledgers, so that year-over-year
  comparisons have data, and a published evaluation.

All people are fictional (``names``); the demo users sign in with the passwords below.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data_access.auth import create_user
from data_access.calendar import cover_rounds
from data_access.config import PROJECT_DIR
from data_access.db import write_session
from data_access.models import (
    LEDGER_MODELS,
    Deliverable,
    LeadershipRole,
    LedgerBase,
    Person,
    Phase,
    Round,
    Site,
    Target,
    Team,
    TeamMember,
)
from data_access.sample.deliverables import seed_submissions
from data_access.sample.evaluations import seed_closed_evaluation
from data_access.sample.history import write_history
from data_access.sample.names import DEPARTMENTS, LOCAL_DEPARTMENTS, fictional_names
from data_access.sample.team_ledgers import insert_ledger_rows, team_ledger_rows
from data_access.sample.texts import THEMES

SITES_CSV = PROJECT_DIR / "sample_data" / "shijiazhuang_sites.csv"
SEED = 20210712

DEMO_MEMBER_SITE = "正定县正定镇"
DEMO_USERS: tuple[dict[str, Any], ...] = (
    {"username": "office", "password": "office-demo-2021", "role": "office", "display_name": "联络指导办公室（演示）"},
    {"username": "leader", "password": "leader-demo-2021", "role": "leadership", "display_name": "领导小组（演示）"},
    {
        "username": "member",
        "password": "member-demo-2021",
        "role": "member",
        "display_name": "",
        "team_site": DEMO_MEMBER_SITE,
    },  # display name: the member's own name
    {"username": "discipline", "password": "discipline-demo-2021", "role": "discipline", "display_name": "机关纪委（演示）"},
)


# ---------------------------------------------------------------- the two rounds

ROUND_2021 = {
    "name": "石家庄市总工会2021年机关干部赴基层蹲点活动",
    "doc_number": "石工办字〔2021〕24号",
    "level": "city",
    "region_code": "130100",
    "year": 2021,
    "start_date": date(2021, 7, 12),
    "end_date": date(2021, 10, 11),
    "status": "closed",
    "created_at": datetime(2021, 6, 21, 1, 30, tzinfo=UTC),
}
ROUND_2020 = {
    "name": "石家庄市总工会2020年机关干部赴基层蹲点活动",
    "doc_number": "石工办字〔2020〕19号",
    "level": "city",
    "region_code": "130100",
    "year": 2020,
    "start_date": date(2020, 7, 13),
    "end_date": date(2020, 10, 12),
    "status": "closed",
    "created_at": datetime(2020, 6, 22, 1, 30, tzinfo=UTC),
}
PHASES = {
    2021: (
        ("preparation", date(2021, 6, 21), date(2021, 7, 7), date(2021, 7, 7)),
        ("mobilisation", date(2021, 7, 8), date(2021, 7, 9), date(2021, 7, 9)),
        ("stationing", date(2021, 7, 12), date(2021, 10, 11), date(2021, 10, 11)),
        ("summary", date(2021, 9, 15), date(2021, 10, 20), date(2021, 10, 20)),
    ),
    2020: (
        ("preparation", date(2020, 6, 22), date(2020, 7, 8), date(2020, 7, 8)),
        ("mobilisation", date(2020, 7, 9), date(2020, 7, 10), date(2020, 7, 10)),
        ("stationing", date(2020, 7, 13), date(2020, 10, 12), date(2020, 10, 12)),
        ("summary", date(2020, 9, 15), date(2020, 10, 20), date(2020, 10, 23)),
    ),
}
DELIVERABLES = (("阶段总结", "stage_summary", 9, 30), ("调研报告", "research_report", 10, 20))
ROUND_TARGETS = {
    2021: {"new_unions": 20, "new_members": 1500, "problems_solved": 100, "practical_things": 40, "outcomes": 30, "cadres_trained": 26},
    2020: {"new_unions": 15, "new_members": 1000, "problems_solved": 70, "practical_things": 28, "outcomes": 21, "cadres_trained": 24},
}
TEAM_TARGETS = {  # per team in seq order; cadres_trained is the team's office cadres
    2021: {
        "new_unions": (3, 3, 3, 3, 3, 3, 2),
        "new_members": (250, 200, 250, 200, 250, 150, 200),
        "problems_solved": (15, 15, 14, 14, 14, 14, 14),
        "practical_things": (6, 6, 6, 6, 6, 5, 5),
        "outcomes": (5, 4, 4, 4, 5, 4, 4),
    },
    2020: {
        "new_unions": (2, 2, 2, 2, 3, 2, 2),
        "new_members": (150, 150, 150, 150, 150, 100, 150),
        "problems_solved": (10, 10, 10, 10, 10, 10, 10),
        "practical_things": (4, 4, 4, 4, 4, 4, 4),
        "outcomes": (3, 3, 3, 3, 3, 3, 3),
    },
}
OFFICE_SIZES = {2021: (4, 4, 3, 3, 4, 4, 4), 2020: (4, 3, 3, 3, 4, 4, 3)}  # office cadres incl. the team leader
LOCAL_ORGS = ("正定县总工会", "藁城区总工会", "长安区总工会", "桥西区总工会", "行唐县总工会", None, None)
TEAM_PROFILES = {
    2021: ("excellent", "normal", "normal", "normal", "lagging", "normal", "risk"),
    2020: ("normal", "excellent", "normal", "lagging", "normal", "normal", "normal"),
}
INTENSITY = {2021: 1.0, 2020: 0.7}
# The 2021 rotation: a member of team 2 moves to team 4.
ROTATION = {"from_seq": 2, "to_seq": 4, "left_on": date(2021, 8, 15), "joined_on": date(2021, 8, 16)}


def read_sites() -> list[dict[str, Any]]:
    with open(SITES_CSV, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sites = []
    for row in rows:
        sites.append(
            {
                "name": row["name"].strip(),
                "kind": row["kind"].strip(),
                "district_name": row["district_name"].strip(),
                "district_code": row["district_code"].strip(),
                "city_code": "130100",
                "province_code": "130000",
                "lon": float(row["lon"]) if row.get("lon") else None,
                "lat": float(row["lat"]) if row.get("lat") else None,
                "profile": (row.get("profile") or "").strip(),
            }
        )
    return sites


@dataclass
class _Cast:
    """The fictional people of both rounds, before they have ids."""

    leaders: list[Person]  # 9: head, deputy, 6 members of 2021, and one who served only in 2020
    office_2021: list[list[Person]]  # per team, team leader first
    local_2021: list[Person | None]
    office_2020: list[list[Person]]
    local_2020: list[Person | None]


def _cast() -> _Cast:
    rng = random.Random(f"{SEED}-people")
    names = iter(fictional_names(rng, 9 + 26 + 5 + 14 + 2))
    leaders = [Person(name=next(names), department="市总工会党组", origin="office", is_leader=True) for _ in range(9)]

    def office(young: bool, department: str | None = None) -> Person:
        return Person(name=next(names), department=department or rng.choice(DEPARTMENTS), origin="office", is_young=young)

    def local(org: str) -> Person:
        return Person(
            name=next(names), department=rng.choice(LOCAL_DEPARTMENTS), origin="local", local_org=org, is_young=rng.random() < 0.3
        )

    industry_dept = {5: "机械建材工会", 6: "建设工会"}
    office_2021 = []
    for t, size in enumerate(OFFICE_SIZES[2021]):
        team = [office(False, industry_dept.get(t))]
        for j in range(1, size):
            # The young cadres: the last member of every team, and the second of the larger ones.
            young = j == size - 1 or (size == 4 and j == 2 and t % 2 == 0)
            team.append(office(young, industry_dept.get(t) if j == 1 else None))
        office_2021.append(team)
    local_2021 = [local(org) if org else None for org in LOCAL_ORGS]
    # 2020: its own team leaders, the 2021 team leaders and three 2021 members as members, and seven others.
    leaders_2020 = [office(False, industry_dept.get(t)) for t in range(7)]
    extra_2020 = [office(rng.random() < 0.4) for _ in range(7)]
    reused = [team[0] for team in office_2021] + [office_2021[0][1], office_2021[3][1], office_2021[5][2]]
    pool = reused + extra_2020
    rng.shuffle(pool)
    office_2020 = []
    for t, size in enumerate(OFFICE_SIZES[2020]):
        office_2020.append([leaders_2020[t]] + [pool.pop() for _ in range(size - 1)])
    local_2020 = [local_2021[0], local_2021[1], local("长安区总工会"), local("桥西区总工会"), local_2021[4], None, None]
    return _Cast(leaders, office_2021, local_2021, office_2020, local_2020)


def build_sample(session: Session) -> None:
    """Write both sample rounds, their people, teams and ledgers, and the demo users."""
    sites = [Site(**row) for row in read_sites()]
    session.add_all(sites)
    cast = _cast()
    session.add_all(cast.leaders)
    for group in (cast.office_2021, cast.office_2020):
        for team in group:
            session.add_all(team)
    session.add_all([p for p in cast.local_2021 + cast.local_2020 if p is not None])
    session.flush()

    leaders = cast.leaders
    liaisons_2021 = [leaders[2], leaders[3], leaders[4], leaders[5], leaders[6], leaders[7], leaders[1]]
    liaisons_2020 = [leaders[3], leaders[8], leaders[2], leaders[5], leaders[4], leaders[6], leaders[1]]
    group_2021 = [(leaders[0], "head"), (leaders[1], "deputy")] + [(p, "member") for p in leaders[2:8]]
    group_2020 = [(leaders[0], "head"), (leaders[1], "deputy")] + [(p, "member") for p in leaders[2:7] + [leaders[8]]]

    # The older round first, so that ids follow the calendar.
    teams_2020 = _build_round(session, ROUND_2020, sites, cast.office_2020, cast.local_2020, liaisons_2020, group_2020, rotation=None)
    teams_2021 = _build_round(session, ROUND_2021, sites, cast.office_2021, cast.local_2021, liaisons_2021, group_2021, rotation=ROTATION)

    member_site = next(i for i, site in enumerate(sites) if site.name == DEMO_MEMBER_SITE)
    member_team = teams_2021[member_site]
    member_person = next(p for p in cast.office_2021[member_site] if p.is_young)
    created = datetime(2021, 7, 8, 1, 0, tzinfo=UTC)
    users = {}
    for spec in DEMO_USERS:
        kwargs: dict[str, Any] = {}
        display = spec["display_name"]
        if spec["role"] == "member":
            kwargs = {"team_id": member_team.id, "person_id": member_person.id}
            display = member_person.name
        elif spec["role"] == "leadership":
            kwargs = {"person_id": leaders[0].id}
        user = create_user(session, spec["username"], spec["password"], spec["role"], display_name=display, is_demo=True, **kwargs)
        user.created_at = created
        users[spec["role"]] = user
    session.flush()
    seed_submissions(session, teams_2020[0].round_id, users["office"].id)
    seed_submissions(session, member_team.round_id, users["office"].id, left_for_demo=member_team.id)
    profiles = {team.id: profile for team, profile in zip(teams_2020, TEAM_PROFILES[2020])}
    evaluators = [users["office"].id, users["leadership"].id]
    seed_closed_evaluation(session, teams_2020[0].round_id, profiles, evaluators, datetime(2020, 10, 23, 2, 0, tzinfo=UTC))


def _build_round(
    session: Session,
    spec: dict[str, Any],
    sites: list[Site],
    office: list[list[Person]],
    local: list[Person | None],
    liaisons: list[Person],
    group: list[tuple[Person, str]],
    rotation: dict[str, Any] | None,
) -> list[Team]:
    year = spec["year"]
    round_ = Round(**spec)
    session.add(round_)
    session.flush()
    cover_rounds(session)  # the 2020 evaluation's figures read work_calendar
    phases = [
        Phase(round_id=round_.id, kind=kind, start_date=start, deadline=deadline, completed_on=completed)
        for kind, start, deadline, completed in PHASES[year]
    ]
    session.add_all(phases)
    session.flush()
    summary = next(phase.id for phase in phases if phase.kind == "summary")
    for name, kind, month, day in DELIVERABLES:
        session.add(Deliverable(round_id=round_.id, phase_id=summary, name=name, outcome_kind=kind, due_date=date(year, month, day)))
    for metric, value in ROUND_TARGETS[year].items():
        session.add(Target(round_id=round_.id, metric=metric, value=value))
    for person, role in group:
        session.add(LeadershipRole(round_id=round_.id, person_id=person.id, role=role))
    teams = [Team(round_id=round_.id, site_id=site.id, seq=i + 1, liaison_leader_id=liaisons[i].id) for i, site in enumerate(sites)]
    session.add_all(teams)
    session.flush()

    start, end = spec["start_date"], spec["end_date"]
    members: list[list[tuple[Person, str, date, date | None]]] = []
    for i, team in enumerate(teams):
        rows = [(office[i][0], "leader", start, None)] + [(p, "member", start, None) for p in office[i][1:]]
        if local[i] is not None:
            rows.append((local[i], "member", start, None))
        members.append(rows)
        for metric, values in TEAM_TARGETS[year].items():
            session.add(Target(round_id=round_.id, team_id=team.id, metric=metric, value=values[i]))
        session.add(Target(round_id=round_.id, team_id=team.id, metric="cadres_trained", value=len(office[i])))
    if rotation:
        a, b = rotation["from_seq"] - 1, rotation["to_seq"] - 1
        mover = office[a][-1]
        members[a] = [(p, r, j, rotation["left_on"] if p is mover else left) for p, r, j, left in members[a]]
        members[b].append((mover, "member", rotation["joined_on"], None))
    for team, rows in zip(teams, members):
        for person, role, joined, left in rows:
            session.add(TeamMember(team_id=team.id, person_id=person.id, role=role, joined_on=joined, left_on=left))
    session.flush()

    all_rows: dict[type[LedgerBase], list[dict[str, Any]]] = {model: [] for model in LEDGER_MODELS.values()}
    for i, team in enumerate(teams):
        site = sites[i]
        rows = members[i]
        spans: dict[int, tuple[date, date | None]] = {}
        for person, _role, joined, left in rows:
            spans[person.id] = (joined, left)
        ledger = team_ledger_rows(
            random.Random(f"{SEED}-{year}-{team.seq}"),
            team.id,
            [p.id for p, *_ in rows],
            start,
            end,
            TEAM_PROFILES[year][i],
            theme=THEMES.get(site.name),
            site_name=site.name,
            team_leader_name=office[i][0].name,
            liaison_name=liaisons[i].name,
            memberships=spans,
            targets={metric: values[i] for metric, values in TEAM_TARGETS[year].items()},
            intensity=INTENSITY[year],
            stage_due=date(year, 9, 30),
            report_due=date(year, 10, 20),
        )
        for model, rows_of_model in ledger.items():
            all_rows[model].extend(rows_of_model)
    insert_ledger_rows(session, all_rows)
    return teams


def seed_if_empty(engine: Engine) -> bool:
    """Build the sample in one write transaction when there is no round yet; True if it did."""
    try:
        with write_session(engine) as session:
            if engine.dialect.name == "postgresql":
                # Two app processes starting at once: the second waits here, then finds the data.
                session.execute(text("SELECT pg_advisory_xact_lock(20210712)"))
            if session.execute(select(Round.id).limit(1)).first() is not None:
                return False
            build_sample(session)
    except IntegrityError:
        with write_session(engine) as session:
            if session.execute(select(Round.id).limit(1)).first() is not None:
                return False
        raise
    write_history(engine)  # after the sample is committed: through the ledger store, as users write
    return True
