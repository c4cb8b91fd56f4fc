"""The team assignment table: the seed's attachment as users hand it over, idempotent re-import,
export then re-import, and tables that cannot be read."""

from datetime import date

import pytest
from sqlalchemy import func, select

from data_access.auth import SYSTEM
from data_access.db import read_session, write_session
from data_access.excel.assignment import (
    PlannedPerson,
    guess_district,
    guess_site_kind,
    import_assignment,
    parse_person,
    preview_assignment,
    read_assignment,
    split_people,
)
from data_access.excel.export import round_workbook
from data_access.excel.problems import ImportFailed
from data_access.models import AuditLog, Person, Round, Site, Team, TeamMember
from data_access.permissions import PermissionDenied
from tests.factories import OFFICE, make_round, member_of
from tests.fixtures.excel_books import SEED_ROWS, messy_seed_table, plain_table, row_counts

START = date(2021, 7, 12)


def empty_round(engine, name="石家庄市2021年蹲点") -> int:
    with write_session(engine) as session:
        rnd = Round(name=name, year=2021, start_date=START, end_date=date(2021, 10, 11))
        session.add(rnd)
        session.flush()
        return rnd.id


def assignment_in_db(engine, round_id) -> dict[str, tuple]:
    """site -> (seq, liaison, leader label, sorted member labels) as stored."""
    label = lambda p: f"{p.name}（{p.local_org}）" if p.local_org else p.name  # noqa: E731
    with read_session(engine) as session:
        teams = session.execute(select(Team, Site).join(Site, Site.id == Team.site_id).where(Team.round_id == round_id)).all()
        out = {}
        for team, site in teams:
            rows = session.execute(
                select(TeamMember, Person).join(Person, Person.id == TeamMember.person_id).where(TeamMember.team_id == team.id)
            ).all()
            liaison = session.get(Person, team.liaison_leader_id).name if team.liaison_leader_id else None
            leader = [label(p) for m, p in rows if m.role == "leader"]
            members = sorted(label(p) for m, p in rows if m.role == "member")
            out[site.name] = (team.seq, liaison, tuple(leader), tuple(members))
        return out


def expected_from_seed() -> dict[str, tuple]:
    out = {}
    for seq, site, liaison, leader, members in SEED_ROWS:
        out[site] = (seq, liaison, (leader,), tuple(sorted(members.split("、"))))
    return out


# ---------------------------------------------------------------- parsing


def test_names_split_on_every_separator_and_bracket_width():
    assert split_people("王星、刘珍，鲍清,周武生 （正定县总工会）") == ["王星", "刘珍", "鲍清", "周武生(正定县总工会)"]
    assert split_people("潘潇; 马亚龙 孙书平／李荣祥【藁城区总工会】\n康力") == [
        "潘潇",
        "马亚龙",
        "孙书平",
        "李荣祥(藁城区总工会)",
        "康力",
    ]
    assert split_people("张冀(桥西区 总工会)") == ["张冀(桥西区 总工会)"]  # no split inside brackets
    assert parse_person("周武生(正定县总工会)") == PlannedPerson("周武生", "正定县总工会")
    assert parse_person("王星") == PlannedPerson("王星")
    assert parse_person("3号") is None and parse_person("(正定县总工会)") is None


def test_site_kind_and_district_are_guessed_from_the_name():
    assert (guess_site_kind("正定县正定镇"), guess_district("正定县正定镇")) == ("town", "正定县")
    assert (guess_site_kind("长安区青园街道"), guess_district("长安区青园街道")) == ("subdistrict", "长安区")
    assert (guess_site_kind("行唐县开发区"), guess_district("行唐县开发区")) == ("dev_zone", "行唐县")
    assert guess_site_kind("机械建材工会下属行业工会") == "industry_union"
    assert guess_district("机械建材工会下属行业工会") == ""


def test_messy_seed_table_parses_to_the_seed():
    plan = read_assignment(messy_seed_table())
    assert plan.sheet == "分配表" and plan.header_row == 3
    assert len(plan.teams) == 7
    assert len(plan.office_people) == 26 and len(plan.local_people) == 5
    assert plan.liaison_leaders == [row[2] for row in SEED_ROWS]
    first = plan.teams[0]
    assert first.leader == PlannedPerson("梁国发")
    assert [p.label for p in first.members] == ["王星", "刘珍", "鲍清", "周武生（正定县总工会）"]
    assert plan.teams[2].site == "长安区青园街道" and plan.teams[2].seq == 3


def test_a_liaison_leader_merged_over_two_teams_leads_both():
    from openpyxl import Workbook

    from tests.fixtures.excel_books import to_bytes

    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "蹲点单位", "联系领导", "带队组长", "组员"])
    ws.append([1, "甲镇", "领导甲", "组长甲", "组员甲"])
    ws.append([2, "乙镇", None, "组长乙", "组员乙"])
    ws.merge_cells("C2:C3")
    plan = read_assignment(to_bytes(wb))
    assert [(team.site, team.liaison) for team in plan.teams] == [("甲镇", "领导甲"), ("乙镇", "领导甲")]
    assert plan.liaison_leaders == ["领导甲"]


# ---------------------------------------------------------------- importing


def test_import_seed_table_then_again_changes_nothing(engine):
    round_id = empty_round(engine)
    changes = import_assignment(engine, SYSTEM, round_id, read_assignment(messy_seed_table()))
    assert changes.created["team"] == 7 and changes.created["site"] == 7
    assert changes.created["person"] == 26 + 5 + 7 and changes.created["team_member"] == 26 + 5
    with read_session(engine) as session:
        office = session.execute(
            select(func.count()).select_from(Person).where(Person.origin == "office", Person.is_leader.is_(False))
        ).scalar_one()
        local = session.execute(select(Person).where(Person.origin == "local")).scalars().all()
        leaders = session.execute(select(func.count()).select_from(Person).where(Person.is_leader.is_(True))).scalar_one()
        joined = set(session.execute(select(TeamMember.joined_on)).scalars())
        audit = session.execute(select(AuditLog.action).distinct()).scalars().all()
    assert office == 26 and leaders == 7
    assert {p.local_org for p in local} == {"正定县总工会", "藁城区总工会", "长安区总工会", "桥西区总工会", "行唐县总工会"}
    assert joined == {START} and audit == ["import"]
    assert assignment_in_db(engine, round_id) == expected_from_seed()

    before = row_counts(engine)
    again = import_assignment(engine, SYSTEM, round_id, read_assignment(messy_seed_table()))
    assert again.is_noop
    assert row_counts(engine) == before  # no person, membership or audit row added


def test_preview_reports_changes_and_writes_nothing(engine):
    round_id = empty_round(engine)
    before = row_counts(engine)
    changes = preview_assignment(engine, SYSTEM, round_id, read_assignment(messy_seed_table()))
    assert changes.created["team"] == 7 and row_counts(engine) == before


def test_a_changed_table_updates_seq_leader_role_and_adds_members(engine):
    round_id = empty_round(engine)
    import_assignment(engine, SYSTEM, round_id, read_assignment(plain_table(SEED_ROWS[:2])))
    changed = [
        (5, "正定县正定镇", "张瑞红", "王星", "梁国发、刘珍、鲍清、周武生（正定县总工会）、新成员"),
        SEED_ROWS[1],
    ]
    changes = import_assignment(engine, SYSTEM, round_id, read_assignment(plain_table(changed)))
    assert changes.updated["team"] == 1  # seq 1 -> 5
    assert changes.updated["team_member"] == 2  # 王星 and 梁国发 swap roles
    assert changes.created["team_member"] == 1 and changes.created["person"] == 1
    stored = assignment_in_db(engine, round_id)["正定县正定镇"]
    assert stored[0] == 5 and stored[2] == ("王星",) and "新成员" in stored[3]


def test_same_name_is_one_person_only_when_the_bracket_matches(engine):
    round_id = empty_round(engine)
    rows = [
        (1, "甲镇", "领导甲", "组长甲", "同名（甲县总工会）、组员甲"),
        (2, "乙镇", "领导乙", "组长乙", "同名、组员甲"),
    ]
    import_assignment(engine, SYSTEM, round_id, read_assignment(plain_table(rows)))
    with read_session(engine) as session:
        same = session.execute(select(Person).where(Person.name == "同名")).scalars().all()
        shared = session.execute(select(Person).where(Person.name == "组员甲")).scalars().all()
    assert sorted(p.origin for p in same) == ["local", "office"]
    assert len(shared) == 1  # an office cadre on two teams is one person


def test_export_then_reimport_gives_the_same_teams(engine):
    round_id = empty_round(engine)
    import_assignment(engine, SYSTEM, round_id, read_assignment(messy_seed_table()))
    exported = round_workbook(engine, SYSTEM, round_id, date(2021, 8, 1))
    plan = read_assignment(exported)
    assert plan.frame().values.tolist() == read_assignment(messy_seed_table()).frame().values.tolist()

    other = empty_round(engine, "另一轮次")
    import_assignment(engine, SYSTEM, other, plan)
    assert assignment_in_db(engine, other) == assignment_in_db(engine, round_id) == expected_from_seed()
    before = row_counts(engine)
    assert import_assignment(engine, SYSTEM, round_id, plan).is_noop and row_counts(engine) == before


def test_only_the_office_imports_the_assignment(engine):
    org = make_round(engine)
    with pytest.raises(PermissionDenied):
        import_assignment(engine, member_of(org, 0), org["round_id"], read_assignment(plain_table(SEED_ROWS)))
    import_assignment(engine, OFFICE, org["round_id"], read_assignment(plain_table(SEED_ROWS)))


# ---------------------------------------------------------------- tables that cannot be read


def problems_of(data) -> list:
    with pytest.raises(ImportFailed) as failure:
        read_assignment(data)
    return failure.value.problems


def test_missing_column_is_named():
    [problem] = problems_of(plain_table([row[:4] for row in SEED_ROWS], header=("序号", "蹲点单位", "联系领导", "带队组长")))
    assert problem.key == "excel.assign.missing_column" and problem.column == "组员" and problem.row == 2
    assert "组员" in problem.message() and "缺少" in problem.message()


def test_no_header_anywhere():
    [problem] = problems_of(plain_table([("a", "b")], header=("甲", "乙")))
    assert problem.key == "excel.assign.no_header" and "蹲点单位" in problem.message()


def test_row_problems_are_all_reported_with_their_cells():
    rows = [
        (1, "甲镇", "领导甲", "", "组员甲"),
        (2, "乙镇", "领导乙、领导丙", "组长乙", "组员乙、组员乙"),
        (3, "甲镇", "领导甲", "组长丙", "组员丙"),
        ("三", "丙镇", "领导甲", "组长丁", "12345"),
        ("inf", "丁镇", "领导甲", "组长戊", "组员戊"),
    ]
    problems = problems_of(plain_table(rows))
    found = {(p.row, p.column, p.key) for p in problems}
    assert found == {
        (3, "带队组长", "excel.assign.no_leader"),
        (4, "联系领导", "excel.assign.one_liaison"),
        (4, "组员", "excel.assign.duplicate_person"),
        (5, "蹲点单位", "excel.assign.duplicate_site"),
        (6, "序号", "excel.assign.bad_seq"),
        (6, "组员", "excel.assign.bad_name"),
        (7, "序号", "excel.assign.bad_seq"),
    }
    assert all(p.sheet == "Sheet" for p in problems)
    assert "工作表「Sheet」第 5 行「蹲点单位」列" in next(p for p in problems if p.row == 5).message()
