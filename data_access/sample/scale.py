"""Synthetic rounds at the size of a city, a province or the whole country (``manage.py generate``).

For benchmarks and load tests, never for real use. Everything comes from fixed seeds, so two
runs on fresh databases write the same rows (only the demo users' salted password hashes
differ). The ledgers of each team are ``team_ledgers.team_ledger_rows``; people get the sample's
fictional names; sites are made-up towns, subdistricts, zones and industry unions placed inside
the shipped boundaries of the federation's districts (``sample_data/geo``), so the site map,
the district filter and every figure work as on the sample. Every round is in the past and
closed, and carries a published evaluation of the default scheme, scored by the office and
leadership demo accounts after each team's profile as the sample's 2020 round is
(``seed_closed_evaluation``), so the evaluation pages have results to show.

| scale    | federation | districts            | teams a round | rounds | daily records  |
|----------|------------|----------------------|---------------|--------|----------------|
| city     | 石家庄市    | 22 counties/districts | 24            | 3      | one a team day |
| province | 湖南省      | 14 cities            | 180           | 5      | one a member day |
| national | 全国        | 31 provinces         | 640           | 5      | one a member day |
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import create_user
from data_access.calendar import add_workdays, cover_rounds
from data_access.db import is_sqlite, read_session, write_session
from data_access.evaluation.scoring import EVALUATOR_ROLES
from data_access.figures.six import SIX_METRICS
from data_access.geo import geometry_polygons, label_point, load_boundaries, point_in_geometry
from data_access.models import (
    Deliverable,
    LeadershipRole,
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
from data_access.sample.names import DEPARTMENTS, LOCAL_DEPARTMENTS, fictional_names
from data_access.sample.profiles import PROFILES_ORDER
from data_access.sample.shijiazhuang import DELIVERABLES, DEMO_USERS
from data_access.sample.team_ledgers import insert_ledger_rows, team_ledger_rows
from data_access.sample.texts import THEMES, SiteTheme

SEED = 20240701
CHUNK_TEAMS = 40  # teams whose ledgers are generated and written together
NOT_MAINLAND = ("710000", "810000", "820000")  # their unions are not part of the national federation's rounds
PROFILE_WEIGHTS = (0.15, 0.6, 0.15, 0.1)  # excellent, normal, lagging, risk (PROFILES_ORDER)
ROTATION_SHARE = 0.04  # teams where a member is replaced half-way

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Scale:
    name: str
    level: str  # Round.level
    region_code: str  # the federation's region; its children in sample_data/geo are the districts
    federation: str
    doc_prefix: str
    rounds: int
    teams_per_round: int
    daily_per_member: bool
    last_year: int = 2025
    leaders: int = 9  # the federation's leaders who liaise with teams


SCALES: dict[str, Scale] = {
    "city": Scale("city", "city", "130100", "石家庄市总工会", "石工办字", 3, 24, False, leaders=9),
    "province": Scale("province", "province", "430000", "湖南省总工会", "湘工办字", 5, 180, True, leaders=13),
    "national": Scale("national", "national", "100000", "中华全国总工会", "总工办字", 5, 640, True, leaders=21),
}


@dataclass(frozen=True)
class Summary:
    rounds: int
    teams: int
    people: int
    ledger_rows: int
    seconds: float


def stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- districts and sites


@dataclass(frozen=True)
class District:
    code: str
    name: str
    geometry: dict


def districts(scale: Scale) -> list[District]:
    """The children of the federation's region, as shipped in sample_data/geo."""
    boundaries = load_boundaries(scale.region_code)
    if boundaries is None:
        raise LookupError(f"no boundaries shipped for region {scale.region_code}")
    found = []
    for feature in boundaries["features"]:
        props = feature["properties"]
        if props.get("level") == "maritime" or props["adcode"] in NOT_MAINLAND:
            continue
        found.append(District(props["adcode"], props["name"], feature["geometry"]))
    return sorted(found, key=lambda d: d.code)


def _point_inside(rng: random.Random, geometry: dict) -> tuple[float, float]:
    """A random point of the district (rejection sampling in its largest polygon's box)."""
    outer = max((poly[0] for poly in geometry_polygons(geometry)), key=len)
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    for _ in range(60):
        lon, lat = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if point_in_geometry(lon, lat, geometry):
            return round(lon, 4), round(lat, 4)
    lon, lat = label_point(geometry)
    return round(lon, 4), round(lat, 4)


PLACE_CHARS = "东西南北新安和平兴华阳山河湖桥城坪塘岭溪湾桂花园泉林石江口洲头营庄店集屯铺关渡源丰富康宁泰长青龙凤"
# site kind -> (how often, name suffix, the sample theme its ledgers talk like)
SITE_KINDS = {
    "town": (40, "镇", "藁城区岗上镇"),
    "subdistrict": (35, "街道", "长安区青园街道"),
    "dev_zone": (15, "经济开发区", "行唐县开发区"),
    "industry_union": (10, "建设行业工会", "建设工会下属行业工会"),
}


@dataclass(frozen=True)
class SiteDraft:
    name: str
    short: str
    kind: str
    district: District
    lon: float
    lat: float


def site_pool(scale: Scale, count: int) -> list[SiteDraft]:
    """``count`` made-up sites spread over the districts, with unique names."""
    rng = random.Random(f"{SEED}-{scale.name}-sites")
    areas = districts(scale)
    kinds = list(SITE_KINDS)
    weights = [SITE_KINDS[k][0] for k in kinds]
    names: set[str] = set()
    pool = []
    while len(pool) < count:
        district = areas[len(pool) % len(areas)]
        kind = rng.choices(kinds, weights)[0]
        short = rng.choice(PLACE_CHARS) + rng.choice(PLACE_CHARS) + SITE_KINDS[kind][1]
        name = f"{district.name}{short}"
        if name in names or short[0] == short[1]:
            continue
        names.add(name)
        lon, lat = _point_inside(rng, district.geometry)
        pool.append(SiteDraft(name, short, kind, district, lon, lat))
    return pool


def _site_row(scale: Scale, draft: SiteDraft) -> dict[str, Any]:
    code = draft.district.code
    return {
        "name": draft.name,
        "kind": draft.kind,
        "district_name": draft.district.name,
        "district_code": code,
        "city_code": scale.region_code if scale.level == "city" else (code if scale.level == "province" else ""),
        "province_code": scale.region_code[:2] + "0000" if scale.level != "national" else code,
        "lon": draft.lon,
        "lat": draft.lat,
        "profile": "",
    }


def theme_for(draft: SiteDraft) -> SiteTheme:
    """The sample theme of the site's kind, renamed to the site and its district's federation."""
    base = THEMES[SITE_KINDS[draft.kind][2]]
    host = f"{draft.district.name}总工会"
    short = draft.short
    return replace(
        base,
        site=draft.name,
        short=short,
        host=host,
        site_union=f"{short}工会",
        places=(f"{short}职工服务站", f"{short}工业园区", f"{short}商业街", f"{short}党群服务中心", f"{short}物流集散点", f"{short}社区"),
        policies=((f"{short}“职工服务站+流动入会”做法被{host}采纳推广", host),),
    )


# ---------------------------------------------------------------- one round


@dataclass
class _TeamPlan:
    seq: int
    site_id: int
    site: SiteDraft
    profile: str
    office: list[Person]  # the team leader first
    local: Person | None
    joining: Person | None  # replaces the last office cadre half-way
    liaison: tuple[int, str]  # (person id, name) of the liaison leader
    targets: dict[str, int]
    team_id: int = 0
    left_on: date | None = None

    def authors(self) -> list[Person]:
        return [p for p in (*self.office, self.local, self.joining) if p is not None]


def stationing(year: int) -> tuple[date, date]:
    """About three months from the first Monday on or after 8 July."""
    start = date(year, 7, 8)
    start += timedelta(days=(7 - start.weekday()) % 7)
    return start, add_workdays(date(year, 10, 8), 0)


def _round_row(scale: Scale, year: int, index: int) -> dict[str, Any]:
    start, end = stationing(year)
    return {
        "name": f"{scale.federation}{year}年机关干部赴基层蹲点活动",
        "doc_number": f"{scale.doc_prefix}〔{year}〕{11 + index}号",
        "level": scale.level,
        "region_code": scale.region_code,
        "year": year,
        "start_date": start,
        "end_date": end,
        "status": "closed",
        "created_at": datetime(year, 6, 10, 1, 30, tzinfo=UTC),
    }


def _phases(start: date, end: date) -> list[tuple[str, date, date]]:
    """(kind, start, deadline) as in the sample: preparation, mobilisation, stationing, summary."""
    return [
        ("preparation", start - timedelta(days=21), start - timedelta(days=5)),
        ("mobilisation", start - timedelta(days=4), start - timedelta(days=3)),
        ("stationing", start, end),
        ("summary", end - timedelta(days=26), end + timedelta(days=9)),
    ]


def _dues(end: date) -> tuple[date, date]:
    """Stage summary and research report, as the sample's 30 Sep and 20 Oct are to its 11 Oct end."""
    return end - timedelta(days=11), end + timedelta(days=9)


def _published_at(end: date) -> datetime:
    """Three days after the research report is due, as the sample's 2020 result (due 20 Oct, published 23 Oct)."""
    day = _dues(end)[1] + timedelta(days=3)
    return datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)


class _RoundWriter:
    """One round in one transaction: its frame (phases, deliverables, leadership), people, teams,
    memberships, targets, then the ledgers a few teams at a time."""

    def __init__(self, session: Session, scale: Scale, year: int, index: int, leaders: list[tuple[int, str]]):
        self.session, self.scale, self.year, self.leaders = session, scale, year, leaders
        self.rng = random.Random(f"{SEED}-{scale.name}-{year}")
        self.spec = _round_row(scale, year, index)
        self.start, self.end = self.spec["start_date"], self.spec["end_date"]
        self.round_id = 0
        self.profiles: dict[int, str] = {}  # team id -> profile, for the round's evaluation

    def write(self, sites: list[tuple[int, SiteDraft]], names: Iterator[str], progress: Progress) -> tuple[int, int, int]:
        """(teams, people, ledger rows) written."""
        round_ = Round(**self.spec)
        self.session.add(round_)
        self.session.flush()
        self.round_id = round_.id
        cover_rounds(self.session)  # the evaluation's figures read work_calendar
        self._frame()
        plans = self._plans(sites, names)
        self._teams(plans)
        self.profiles = {plan.team_id: plan.profile for plan in plans}
        rows = 0
        for first in range(0, len(plans), CHUNK_TEAMS):
            rows += self._ledgers(plans[first : first + CHUNK_TEAMS])
            done = min(first + CHUNK_TEAMS, len(plans))
            progress(f"  {self.year}: {done}/{len(plans)} teams ({done / len(plans):.0%}), {rows:,} ledger rows")
        seed_submissions(self.session, self.round_id, None, small=True)
        return len(plans), sum(len(p.authors()) for p in plans), rows

    def _frame(self) -> None:
        phases = [
            Phase(round_id=self.round_id, kind=kind, start_date=first, deadline=deadline, completed_on=deadline)
            for kind, first, deadline in _phases(self.start, self.end)
        ]
        self.session.add_all(phases)
        self.session.flush()
        summary = next(phase.id for phase in phases if phase.kind == "summary")
        for (name, kind, _month, _day), due in zip(DELIVERABLES, _dues(self.end)):
            self.session.add(Deliverable(round_id=self.round_id, phase_id=summary, name=name, outcome_kind=kind, due_date=due))
        roles = ["head", "deputy"] + ["member"] * (len(self.leaders) - 2)
        for (person_id, _name), role in zip(self.leaders, roles):
            self.session.add(LeadershipRole(round_id=self.round_id, person_id=person_id, role=role))

    def _plans(self, sites: list[tuple[int, SiteDraft]], names: Iterator[str]) -> list[_TeamPlan]:
        rng = self.rng

        def office(young: bool) -> Person:
            return Person(name=next(names), department=rng.choice(DEPARTMENTS), origin="office", is_young=young)

        plans = []
        for seq, (site_id, draft) in enumerate(sites, start=1):
            size = rng.choices((4, 5), (0.6, 0.4))[0]
            cadres = [office(j == size - 1 or (j > 0 and rng.random() < 0.2)) for j in range(size)]
            local = None
            if rng.random() < 0.8:
                local = Person(
                    name=next(names),
                    department=rng.choice(LOCAL_DEPARTMENTS),
                    origin="local",
                    local_org=f"{draft.district.name}总工会",
                    is_young=rng.random() < 0.3,
                )
            joining = office(True) if rng.random() < ROTATION_SHARE else None
            profile = rng.choices(PROFILES_ORDER, PROFILE_WEIGHTS)[0]
            targets = {
                "new_unions": rng.randint(2, 4),
                "new_members": 50 * rng.randint(3, 6),
                "problems_solved": rng.randint(12, 16),
                "practical_things": rng.randint(5, 6),
                "outcomes": rng.randint(4, 5),
                "cadres_trained": size,
            }
            liaison = self.leaders[1 + seq % (len(self.leaders) - 1)]  # the head liaises with no team
            plan = _TeamPlan(seq, site_id, draft, profile, cadres, local, joining, liaison, targets)
            if joining is not None:
                plan.left_on = self.start + timedelta(days=rng.randint(30, 50))
            plans.append(plan)
        self.session.add_all([person for plan in plans for person in plan.authors()])
        self.session.flush()
        return plans

    def _teams(self, plans: list[_TeamPlan]) -> None:
        """Teams, memberships, and the teams' and the round's six-一批 targets."""
        teams = [Team(round_id=self.round_id, site_id=p.site_id, seq=p.seq, liaison_leader_id=p.liaison[0]) for p in plans]
        self.session.add_all(teams)
        self.session.flush()
        members, targets = [], []
        totals = dict.fromkeys(SIX_METRICS, 0)
        for plan, team in zip(plans, teams):
            plan.team_id = team.id
            for j, person in enumerate(plan.authors()):
                leaving = plan.joining is not None and person is plan.office[-1]
                joined = plan.left_on + timedelta(days=1) if person is plan.joining else self.start
                members.append(
                    {
                        "team_id": team.id,
                        "person_id": person.id,
                        "role": "leader" if j == 0 else "member",
                        "joined_on": joined,
                        "left_on": plan.left_on if leaving else None,
                    }
                )
            for metric, value in plan.targets.items():
                targets.append({"round_id": self.round_id, "team_id": team.id, "metric": metric, "value": value})
                totals[metric] += value
        targets += [{"round_id": self.round_id, "team_id": None, "metric": m, "value": v} for m, v in totals.items()]
        self.session.execute(insert(TeamMember), members)
        self.session.execute(insert(Target), targets)

    def _ledgers(self, plans: list[_TeamPlan]) -> int:
        stage_due, report_due = _dues(self.end)
        rows: dict[type, list[dict[str, Any]]] = {}
        for plan in plans:
            memberships = {}
            if plan.joining is not None:
                memberships = {plan.office[-1].id: (self.start, plan.left_on), plan.joining.id: (plan.left_on + timedelta(days=1), None)}
            ledger = team_ledger_rows(
                random.Random(f"{SEED}-{self.scale.name}-{self.year}-{plan.seq}"),
                plan.team_id,
                [p.id for p in plan.authors()],
                self.start,
                self.end,
                plan.profile,
                theme=theme_for(plan.site),
                site_name=plan.site.name,
                team_leader_name=plan.office[0].name,
                liaison_name=plan.liaison[1],
                memberships=memberships,
                targets=plan.targets,
                stage_due=stage_due,
                report_due=report_due,
                daily_per_member=self.scale.daily_per_member,
            )
            for model, model_rows in ledger.items():
                rows.setdefault(model, []).extend(model_rows)
        return sum(insert_ledger_rows(self.session, rows).values())


# ---------------------------------------------------------------- the whole scale


def generate(engine: Engine, scale: Scale, progress: Progress = stderr) -> Summary:
    """Write ``scale``'s rounds into an empty (migrated) database, one transaction a round."""
    began = time.perf_counter()
    years = list(range(scale.last_year - scale.rounds + 1, scale.last_year + 1))
    most_people = scale.leaders + 7 * scale.teams_per_round * scale.rounds  # at most 5 + 1 + 1 a team
    names = iter(fictional_names(random.Random(f"{SEED}-{scale.name}-people"), most_people))
    pool = site_pool(scale, math.ceil(scale.teams_per_round * 1.25))
    with write_session(engine) as session:
        if session.execute(select(func.count()).select_from(Round)).scalar_one():
            raise ValueError("the database already holds rounds: generate into a fresh database")
        site_ids = _write_sites(session, scale, pool)
        leaders = _write_leaders(session, scale, names)
    teams = people = rows = 0
    profiles: dict[int, dict[int, str]] = {}  # round id -> team id -> profile
    for index, year in enumerate(years):
        chosen = sorted(
            random.Random(f"{SEED}-{scale.name}-{year}-sites").sample(range(len(pool)), scale.teams_per_round),
            key=lambda i: (pool[i].district.code, pool[i].name),
        )
        with write_session(engine) as session:
            writer = _RoundWriter(session, scale, year, index, leaders)
            written = writer.write([(site_ids[i], pool[i]) for i in chosen], names, progress)
        profiles[writer.round_id] = writer.profiles
        teams, people, rows = teams + written[0], people + written[1], rows + written[2]
        progress(
            f"{scale.name}: round {index + 1}/{scale.rounds} ({year}) written, {rows:,} ledger rows so far, "
            f"{time.perf_counter() - began:.0f} s"
        )
    with write_session(engine) as session:
        evaluators = _demo_users(session, leaders[0][0])
    _publish_evaluations(engine, scale, profiles, evaluators, began, progress)
    analyse(engine)
    return Summary(len(years), teams, people + len(leaders), rows, time.perf_counter() - began)


def analyse(engine: Engine) -> None:
    """Fresh statistics after a bulk load, so that the planners choose the figure indexes; on
    PostgreSQL a VACUUM too, so index-only scans work and autovacuum does not start on its own later."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE" if is_sqlite(engine) else "VACUUM ANALYZE")


def _write_sites(session: Session, scale: Scale, pool: Sequence[SiteDraft]) -> list[int]:
    sites = [Site(**_site_row(scale, draft)) for draft in pool]
    session.add_all(sites)
    session.flush()
    return [site.id for site in sites]


def _write_leaders(session: Session, scale: Scale, names: Iterator[str]) -> list[tuple[int, str]]:
    leaders = [
        Person(name=next(names), department=f"{scale.federation}党组", origin="office", is_leader=True) for _ in range(scale.leaders)
    ]
    session.add_all(leaders)
    session.flush()
    return [(p.id, p.name) for p in leaders]


def _demo_users(session: Session, head_id: int) -> list[int]:
    """The sample's demo accounts; the member serves on team 1 of the newest round. Returns the
    evaluators' ids: the office's and the leadership's accounts, as in the sample."""
    newest = session.execute(select(Round.id).order_by(Round.year.desc())).scalars().first()
    team_id = session.execute(select(Team.id).where(Team.round_id == newest, Team.seq == 1)).scalar_one()
    person = (
        session.execute(
            select(Person)
            .join(TeamMember, TeamMember.person_id == Person.id)
            .where(TeamMember.team_id == team_id, TeamMember.role == "member")
            .order_by(Person.id)
        )
        .scalars()
        .first()
    )
    evaluators = []
    for spec in DEMO_USERS:
        kwargs: dict[str, Any] = {}
        display = spec["display_name"]
        if spec["role"] == "member":
            kwargs, display = {"team_id": team_id, "person_id": person.id}, person.name
        elif spec["role"] == "leadership":
            kwargs = {"person_id": head_id}
        user = create_user(session, spec["username"], spec["password"], spec["role"], display_name=display, is_demo=True, **kwargs)
        if spec["role"] in EVALUATOR_ROLES:
            evaluators.append(user.id)
    return evaluators


def _publish_evaluations(
    engine: Engine, scale: Scale, profiles: dict[int, dict[int, str]], evaluators: list[int], began: float, progress: Progress
) -> None:
    """The published evaluation of each closed round, one transaction a round; a round still
    running would have none yet."""
    with read_session(engine) as session:
        closed = session.execute(select(Round.id, Round.year, Round.end_date).where(Round.status == "closed").order_by(Round.year)).all()
    for n, (round_id, year, end) in enumerate(closed, start=1):
        with write_session(engine) as session:
            seed_closed_evaluation(session, round_id, profiles[round_id], evaluators, _published_at(end))
        progress(f"{scale.name}: evaluation {n}/{len(closed)} ({year}) published, {time.perf_counter() - began:.0f} s")
