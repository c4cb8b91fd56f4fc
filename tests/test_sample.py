"""The built-in sample: what it contains, that it is the same on every run, and that it is built once."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

import chinese_calendar
import pytest
from sqlalchemy import func, inspect
from sqlmodel import select

from data_access.auth import SYSTEM, authenticate
from data_access.calendar import working_days
from data_access.db import make_engine, migrate, read_session
from data_access.figures.six import SIX_METRICS
from data_access.ledger_store import audit_entries
from data_access.ledgers import LEDGERS, validate
from data_access.models import (
    LEDGER_MODELS,
    AppUser,
    AuditLog,
    DailyRecord,
    Deliverable,
    LeadershipRole,
    LeaderVisit,
    MajorRisk,
    Outcome,
    Person,
    Phase,
    Problem,
    Round,
    Site,
    Target,
    Team,
    TeamMember,
    WeeklyReport,
)
from data_access.sample import shijiazhuang, team_ledgers, texts
from data_access.sample.names import fictional_names
from data_access.sample.profiles import PROFILES_ORDER

# Every person named in the seeds (written out here, independently of the module's own list).
SEED_NAMES = (
    "李志宏 田志 张宝山 张瑞红 吴丽娟 鲍云鹏 郭世华 王秀然 王鹏 赵碧琛 梁国发 王星 刘珍 鲍清 周武生 廖建元 潘潇 "
    "马亚龙 孙书平 李荣祥 李明晨 王仲达 张畅 张倩波 魏庆辉 龚茂林 梁思琦 张冀 高威 田明志 乔程杰 康力 王凯 吴栓来 "
    "高红霞 李朝申 谢晨星 张迎新 张生斌 袁野 魏好勇"
).split()
# The assignment table of seed 000: office cadres incl. the team leader, and the local federation.
SEED_OFFICE = (4, 4, 3, 3, 4, 4, 4)
SEED_LOCAL = ("正定县总工会", "藁城区总工会", "长安区总工会", "桥西区总工会", "行唐县总工会", None, None)
START, END = date(2021, 7, 12), date(2021, 10, 11)

# The day each ledger row belongs to; it must fall inside the stationing.
DAY_FIELDS = {
    "daily": "work_date",
    "weekly": "week_start",
    "monthly": "meeting_date",
    "problem": "raised_on",
    "thing": "promised_on",
    "union": "event_date",
    "risk": "found_on",
    "visit": "visit_date",
    "leave": "start_date",
    "funds": "entry_date",
    "leader_visit": "visit_date",
}


def _teams(session, round_id: int) -> list[Team]:
    return session.exec(select(Team).where(Team.round_id == round_id).order_by(Team.seq)).all()


def test_sample_is_built_once_with_the_promised_content(engine):
    assert shijiazhuang.seed_if_empty(engine) is True
    with read_session(engine) as session:
        rounds = session.exec(select(Round).order_by(Round.year)).all()
        assert [r.year for r in rounds] == [2020, 2021]
        r21 = rounds[1]
        assert r21.name == "石家庄市总工会2021年机关干部赴基层蹲点活动"
        assert r21.doc_number == "石工办字〔2021〕24号"
        assert (r21.level, r21.region_code, r21.status) == ("city", "130100", "closed")
        assert (r21.start_date, r21.end_date) == (START, END)
        assert rounds[0].start_date == date(2020, 7, 13) and rounds[0].status == "closed"

        phases = {p.kind: p for p in session.exec(select(Phase).where(Phase.round_id == r21.id)).all()}
        assert set(phases) == {"preparation", "mobilisation", "stationing", "summary"}
        assert phases["summary"].deadline == date(2021, 10, 20)
        assert all(p.completed_on is not None for p in phases.values())
        deliverables = {d.outcome_kind: d.due_date for d in session.exec(select(Deliverable).where(Deliverable.round_id == r21.id)).all()}
        assert deliverables == {"stage_summary": date(2021, 9, 30), "research_report": date(2021, 10, 20)}

        sites = session.exec(select(Site)).all()
        assert len(sites) == 7 and all(s.lon and s.lat for s in sites)

        # Teams of the seed's sizes, 26 office and 5 local cadres, one rotation.
        teams = _teams(session, r21.id)
        assert [t.seq for t in teams] == list(range(1, 8))
        office_people: set[int] = set()
        local_people: set[int] = set()
        for team, office_size, local_org in zip(teams, SEED_OFFICE, SEED_LOCAL):
            rows = session.exec(select(TeamMember).where(TeamMember.team_id == team.id)).all()
            initial = [m for m in rows if m.joined_on == START]
            people = [session.get(Person, m.person_id) for m in initial]
            assert sum(p.origin == "office" for p in people) == office_size
            assert [p.local_org for p in people if p.origin == "local"] == ([local_org] if local_org else [])
            assert sum(m.role == "leader" for m in initial) == 1
            for p in people:
                (office_people if p.origin == "office" else local_people).add(p.id)
        assert len(office_people) == 26 and len(local_people) == 5
        members_2021 = session.exec(select(TeamMember).join(Team).where(Team.round_id == r21.id)).all()
        assert len({m.person_id for m in members_2021}) == 31
        left = [m for m in members_2021 if m.left_on is not None]
        assert len(left) == 1
        moved = [m for m in members_2021 if m.person_id == left[0].person_id and m.team_id != left[0].team_id]
        assert len(moved) == 1 and moved[0].joined_on == left[0].left_on + timedelta(days=1)
        young = [session.get(Person, pid) for pid in office_people]
        assert 0 < sum(p.is_young for p in young) < 26

        # Leadership group: a head, a deputy and six members; seven of them are liaison leaders.
        roles = session.exec(select(LeadershipRole).where(LeadershipRole.round_id == r21.id)).all()
        assert sorted(Counter(r.role for r in roles).items()) == [("deputy", 1), ("head", 1), ("member", 6)]
        assert all(session.get(Person, r.person_id).is_leader for r in roles)
        liaisons = {t.liaison_leader_id for t in teams}
        assert len(liaisons) == 7 and liaisons <= {r.person_id for r in roles}
        head = next(r.person_id for r in roles if r.role == "head")
        assert head not in liaisons

        targets = session.exec(select(Target).where(Target.round_id == r21.id)).all()
        round_targets = {t.metric: t.value for t in targets if t.team_id is None}
        assert set(round_targets) == set(SIX_METRICS) and round_targets["cadres_trained"] == 26
        assert len([t for t in targets if t.team_id is not None]) == 7 * 6

        # Fictional names only.
        for person in session.exec(select(Person)).all():
            assert not any(seed in person.name for seed in SEED_NAMES), person.name
        for user in session.exec(select(AppUser)).all():
            assert not any(seed in user.display_name for seed in SEED_NAMES), user.display_name

        team_ids = [t.id for t in teams]
        membership = defaultdict(list)
        for m in members_2021:
            membership[m.team_id].append(m)

        # Ledger rows: inside the stationing, written by a member of the team on the row's own day.
        changes = Counter((e.table_name, e.row_id) for e in session.exec(select(AuditLog)).all())
        for kind, field in DAY_FIELDS.items():
            model = LEDGER_MODELS[kind]
            rows = session.exec(select(model).where(model.team_id.in_(team_ids))).all()
            assert rows, kind
            for row in rows:
                day = getattr(row, field)
                assert START <= day <= END, (kind, day)
                # Version 1, or one more for each change of the sample's history (data_access/sample/history.py).
                assert row.version == 1 + changes.get((model.__tablename__, row.id), 0) and row.created_at.tzinfo is not None
                assert any(m.person_id == row.author_id for m in membership[row.team_id]), kind
        for row in session.exec(select(Outcome).where(Outcome.team_id.in_(team_ids))).all():
            assert START <= row.submitted_on <= date(2021, 10, 31)
        dailies = session.exec(select(DailyRecord).where(DailyRecord.team_id.in_(team_ids))).all()
        for row in dailies:
            assert chinese_calendar.is_workday(row.work_date), row.work_date
            assert row.created_at.date() == row.work_date
            spans = [m for m in membership[row.team_id] if m.person_id == row.author_id]
            assert any(m.joined_on <= row.work_date <= (m.left_on or END) for m in spans)
        assert {date(2021, 9, 18), date(2021, 9, 26)} & {r.work_date for r in dailies}
        assert not {date(2021, 9, 20), date(2021, 9, 21), date(2021, 10, 1)} & {r.work_date for r in dailies}
        for row in session.exec(select(WeeklyReport).where(WeeklyReport.team_id.in_(team_ids))).all():
            assert row.week_start.weekday() == 0 and row.submitted_on >= row.week_start

        # Differences between teams.
        profiles = dict(zip(team_ids, shijiazhuang.TEAM_PROFILES[2021]))
        by_profile = {profile: tid for tid, profile in profiles.items()}
        days = Counter(r.team_id for r in dailies)
        assert days[by_profile["excellent"]] == len(working_days(START, END))
        assert days[by_profile["lagging"]] < days[by_profile["excellent"]] - 10
        weekly_on_time = Counter(
            r.team_id
            for r in session.exec(select(WeeklyReport).where(WeeklyReport.team_id.in_(team_ids))).all()
            if r.submitted_on <= r.week_start + timedelta(days=7)
        )
        assert weekly_on_time[by_profile["lagging"]] < weekly_on_time[by_profile["excellent"]]
        problems = session.exec(select(Problem).where(Problem.team_id.in_(team_ids))).all()
        per_team = Counter(p.team_id for p in problems)
        assert all(10 <= per_team[t] <= 25 for t in team_ids)
        resolved = Counter(p.team_id for p in problems if p.status == "resolved")
        rate = {t: resolved[t] / per_team[t] for t in team_ids}
        assert rate[by_profile["excellent"]] > rate[by_profile["lagging"]] + 0.3
        overdue = Counter(p.team_id for p in problems if p.status != "resolved" and p.deadline < END)
        assert overdue[by_profile["lagging"]] >= 3
        assert {p.category for p in problems} == set(texts.PROBLEM_TEMPLATES)
        sites_per_category = defaultdict(set)
        for p in problems:
            sites_per_category[p.category].add(p.team_id)
        assert sum(len(s) >= 3 for s in sites_per_category.values()) >= 3
        assert {"individual", "common"} == {p.scope for p in problems}
        assert all(p.escalated_to for p in problems if p.scope == "common")
        assert {"satisfied", "basic"} <= {p.feedback for p in problems}

        risks = session.exec(select(MajorRisk).where(MajorRisk.team_id.in_(team_ids))).all()
        open_risks = [r for r in risks if r.status == "open"]
        assert len(open_risks) == 1 and open_risks[0].team_id == by_profile["risk"]
        assert (open_risks[0].reported_on - open_risks[0].found_on).days <= 1
        assert open_risks[0].found_on >= END - timedelta(days=30)
        assert any(r.status in ("closed", "controlled") for r in risks)

        outcomes = session.exec(select(Outcome).where(Outcome.team_id.in_(team_ids))).all()
        kinds = Counter(o.kind for o in outcomes)
        assert kinds["research_topic"] == 7 and kinds["stage_summary"] == 7
        assert 1 <= kinds["policy"] <= 2 and kinds["publicity"] >= 7
        on_time_reports = {o.team_id for o in outcomes if o.kind == "research_report" and o.submitted_on <= date(2021, 10, 20)}
        assert by_profile["lagging"] not in on_time_reports and len(on_time_reports) == 6
        visits = session.exec(select(LeaderVisit).where(LeaderVisit.team_id.in_(team_ids))).all()
        for team in teams:
            own = [v for v in visits if v.team_id == team.id]
            assert 2 <= len(own) <= 3
            assert {v.leader_name for v in own} == {session.get(Person, team.liaison_leader_id).name}

        # The 2020 round has its own teams and ledgers for year-over-year comparison.
        teams_2020 = _teams(session, rounds[0].id)
        assert len(teams_2020) == 7
        ids_2020 = [t.id for t in teams_2020]
        assert session.exec(select(func.count()).select_from(DailyRecord).where(DailyRecord.team_id.in_(ids_2020))).one() > 200
        people_2020 = {m.person_id for m in session.exec(select(TeamMember).where(TeamMember.team_id.in_(ids_2020))).all()}
        people_2021 = {m.person_id for m in members_2021}
        assert people_2020 & people_2021 and people_2020 - people_2021

        # Demo users.
        users = {u.username: u for u in session.exec(select(AppUser)).all()}
        assert set(users) == {u["username"] for u in shijiazhuang.DEMO_USERS}
        assert all(u.is_demo for u in users.values())
        member = users["member"]
        member_team = session.get(Team, member.team_id)
        assert member_team.round_id == r21.id and session.get(Site, member_team.site_id).name == "正定县正定镇"
        assert member.person_id in {m.person_id for m in membership[member_team.id]}
    password = next(u["password"] for u in shijiazhuang.DEMO_USERS if u["username"] == "member")
    assert authenticate(engine, "member", password).role == "member"

    assert shijiazhuang.seed_if_empty(engine) is False


def _snapshot(engine) -> tuple[dict[str, int], list[str], list[tuple]]:
    with read_session(engine) as session:
        counts = {}
        for table in sorted(inspect(engine).get_table_names()):
            if table == "alembic_version":
                continue
            counts[table] = session.connection().exec_driver_sql(f'SELECT COUNT(*) FROM "{table}"').scalar()
        titles = list(session.exec(select(Problem.title).order_by(Problem.id)).all())
        people = list(session.exec(select(Person.name, Person.department).order_by(Person.id)).all())
        dailies = list(
            session.exec(
                select(DailyRecord.team_id, DailyRecord.work_date, DailyRecord.content, DailyRecord.created_at).order_by(DailyRecord.id)
            ).all()
        )
    return counts, titles, people + dailies


def test_the_sample_opens_with_a_history_of_changes_by_its_demo_users(engine):
    assert shijiazhuang.seed_if_empty(engine)
    with read_session(engine) as session:
        member = session.exec(select(AppUser).where(AppUser.username == "member")).one()
        member_name = session.exec(select(Person.name).where(Person.id == member.person_id)).one()
    entries = audit_entries(engine, SYSTEM).iloc[::-1]  # oldest first
    # The member corrects a daily record and a problem, deletes a daily record; the office
    # restores it and corrects a practical thing.
    assert list(zip(entries["user_name"], entries["action"], entries["table_name"])) == [
        (member_name, "update", "daily_record"),
        (member_name, "update", "problem"),
        (member_name, "delete", "daily_record"),
        ("联络指导办公室（演示）", "restore", "daily_record"),
        ("联络指导办公室（演示）", "update", "practical_thing"),
    ]
    assert set(entries["team_id"]) == {member.team_id}
    with read_session(engine) as session:  # nothing is lost: the deleted record is back
        restored = session.get(DailyRecord, int(entries.iloc[2]["row_id"]))
        assert restored.deleted_at is None and restored.version == 3


def test_sample_is_deterministic(tmp_path):
    snapshots = []
    for name in ("a.db", "b.db"):
        engine = make_engine(f"sqlite:///{tmp_path / name}")
        migrate(engine)
        assert shijiazhuang.seed_if_empty(engine)
        snapshots.append(_snapshot(engine))
        engine.dispose()
    assert snapshots[0] == snapshots[1]
    assert snapshots[0][0]["daily_record"] > 600


def test_team_ledger_rows_is_pure_and_passes_the_ledger_rules():
    kwargs = dict(theme=texts.THEMES["长安区青园街道"], team_leader_name="组长", liaison_name="领导")
    for profile in PROFILES_ORDER:
        first = team_ledgers.team_ledger_rows(random.Random(7), 1, [11, 12, 13], START, END, profile, **kwargs)
        again = team_ledgers.team_ledger_rows(random.Random(7), 1, [11, 12, 13], START, END, profile, **kwargs)
        assert first == again
        for kind, model in LEDGER_MODELS.items():
            for row in first[model]:
                assert row["team_id"] == 1 and row["author_id"] in (11, 12, 13)
                _clean, errors = validate(LEDGERS[kind], row)
                assert errors == [], (profile, kind, errors, row)


def test_team_ledger_rows_works_for_any_dates():
    """A scale generator may use synthetic rounds: other start days and years past the state calendar."""
    start = date(2031, 4, 2)  # a Wednesday, beyond chinese_calendar's data
    end = start + timedelta(days=90)
    rows = team_ledgers.team_ledger_rows(random.Random(1), 5, [1, 2], start, end, "normal")
    assert all(r["work_date"].weekday() < 5 and start <= r["work_date"] <= end for r in rows[DailyRecord])
    assert all(r["week_start"].weekday() == 0 for r in rows[WeeklyReport])
    assert rows[Problem] and rows[Outcome]


def test_fictional_names_never_touch_seed_names():
    names = fictional_names(random.Random(3), 500)
    assert len(set(names)) == 500
    assert not [n for n in names if any(seed in n or n in seed for seed in SEED_NAMES)]


@pytest.mark.parametrize("profile", ["excellent", "lagging"])
def test_profiles_differ_in_daily_coverage(profile):
    rows = team_ledgers.team_ledger_rows(random.Random(11), 1, [1], START, END, profile)
    share = len(rows[DailyRecord]) / len(working_days(START, END))
    assert share == 1.0 if profile == "excellent" else share < 0.85
