"""Bad input refused with a message and nothing written (issue 21 item 6), on both engines:
numbers past what the database holds, NUL in text, dates far from the round, people of
another team, and a leave for a person that does not exist."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from data_access.admin import admin_rows, save_admin_rows
from data_access.db import alembic_config, read_session, write_session
from data_access.excel.ledger_io import import_ledgers
from data_access.excel.problems import ImportFailed
from data_access.excel.template import ledger_template
from data_access.ledger_store import NewRow, RowEdit, ValidationFailed, create_row, create_rows, get_row, update_row
from data_access.models import AuditLog, DailyRecord, Funds, Leave, Person, Problem
from i18n import t
from tests.factories import OFFICE, make_round, member_of
from tests.test_excel_ledger_io import daily, fill

DAILY = {"work_date": date(2021, 7, 13), "content": "走访两家企业"}
LEAVE = {"start_date": date(2021, 8, 2), "end_date": date(2021, 8, 3), "reason": "家中有事"}


def counts(engine) -> tuple[int, ...]:
    """Rows of the ledgers these tests write, and of the audit log."""
    with read_session(engine) as session:
        return tuple(
            session.execute(select(func.count()).select_from(m)).scalar_one() for m in (DailyRecord, Leave, Funds, Problem, AuditLog)
        )


def refusal(engine, actor, kind, team_id, values, author_id=None) -> list[tuple[str, str, dict]]:
    """(field, catalogue key, params) of each error, after checking that nothing was written."""
    before = counts(engine)
    with pytest.raises(ValidationFailed) as failure:
        create_rows(engine, actor, kind, [NewRow(team_id, values, author_id)])
    assert counts(engine) == before
    return [(e.field, e.key, e.params) for e in failure.value.errors[None]]


@pytest.mark.parametrize("too_big", [2147483648, 10**30, "2147483648"])
def test_a_count_past_the_databases_integer_is_refused_and_its_limit_said(engine, too_big):
    org = make_round(engine)
    [(field, key, params)] = refusal(engine, OFFICE, "daily", org["team_ids"][0], {**DAILY, "workers_reached": too_big})
    assert (field, key) == ("workers_reached", "validation.too_big")
    assert t(key, "zh", **params) == "不能大于 2,147,483,647"
    assert t(key, "en", **params) == "must be at most 2,147,483,647"
    # the largest INTEGER PostgreSQL holds is still saved and read back as it was
    row_id = create_row(engine, OFFICE, "daily", org["team_ids"][0], {**DAILY, "workers_reached": 2147483647})
    assert get_row(engine, OFFICE, "daily", row_id)["workers_reached"] == 2147483647


def test_money_past_ten_billion_is_refused(engine):
    org = make_round(engine)
    funds = {"entry_date": date(2021, 7, 20), "kind": "spending", "item": "慰问品"}
    [(field, key, params)] = refusal(engine, OFFICE, "funds", org["team_ids"][0], {**funds, "amount": 1e300})
    assert (field, key) == ("amount", "validation.too_big") and t(key, "zh", **params) == "不能大于 10,000,000,000"
    row_id = create_row(engine, OFFICE, "funds", org["team_ids"][0], {**funds, "amount": 12345.67})
    assert get_row(engine, OFFICE, "funds", row_id)["amount"] == 12345.67


def test_a_nul_character_in_text_is_refused_with_a_message(engine):
    org = make_round(engine)
    [(field, key, _)] = refusal(engine, OFFICE, "daily", org["team_ids"][0], {**DAILY, "content": "走访\x00企业"})
    assert (field, key) == ("content", "validation.nul_char")
    assert "NUL" in t(key, "zh") and "NUL" in t(key, "en")


def test_a_problems_deadline_before_the_day_it_was_raised_is_refused(engine):
    org = make_round(engine)
    problem = {
        "raised_on": date(2021, 8, 10),
        "title": "欠薪",
        "category": "wages_insurance",
        "scope": "individual",
        "status": "open",
        "deadline": date(2021, 8, 9),
    }
    [(field, key, params)] = refusal(engine, OFFICE, "problem", org["team_ids"][0], problem)
    assert (field, key, params) == ("deadline", "validation.before", {"other": "field.raised_on"})
    create_row(engine, OFFICE, "problem", org["team_ids"][0], {**problem, "deadline": date(2021, 8, 10)})


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2099, 12, 31), date(2020, 7, 11), date(2022, 10, 12)])
def test_a_date_more_than_a_year_from_the_rounds_stationing_is_refused(engine, day):
    org = make_round(engine)  # stationing 2021-07-12 … 2021-10-11: dates from 2020-07-12 to 2022-10-11
    [(field, key, params)] = refusal(engine, OFFICE, "daily", org["team_ids"][0], {**DAILY, "work_date": day})
    assert (field, key) == ("work_date", "validation.date_window")
    assert t(key, "zh", **params).startswith("应在 2020-07-12 至 2022-10-11 之间")


def test_the_first_and_last_day_of_the_window_are_accepted(engine):
    org = make_round(engine)
    for day in (date(2020, 7, 12), date(2022, 10, 11)):
        create_row(engine, OFFICE, "daily", org["team_ids"][0], {**DAILY, "work_date": day})
    assert counts(engine)[0] == 2


def test_a_member_cannot_name_a_person_of_another_team_as_author_or_on_leave(engine):
    org = make_round(engine)
    me, stranger = member_of(org, 0), org["person_ids"][1]
    team = org["team_ids"][0]
    assert refusal(engine, me, "daily", team, DAILY, author_id=stranger) == [("author_name", "validation.not_team_person", {})]
    assert refusal(engine, me, "leave", team, {**LEAVE, "person_id": stranger}) == [("person_id", "validation.not_team_person", {})]
    assert t("validation.not_team_person", "zh") == "不是本组人员"
    create_row(engine, me, "leave", team, {**LEAVE, "person_id": me.person_id})  # one's own team: saved


def test_a_leave_for_a_person_who_does_not_exist_is_refused(engine):
    org = make_round(engine)
    assert refusal(engine, OFFICE, "leave", org["team_ids"][0], {**LEAVE, "person_id": 987654}) == [
        ("person_id", "validation.not_team_person", {})
    ]


def test_an_edit_may_not_move_a_leave_to_a_person_of_another_team(engine):
    org = make_round(engine)
    me = member_of(org, 0)
    row_id = create_row(engine, me, "leave", org["team_ids"][0], {**LEAVE, "person_id": me.person_id})
    before = counts(engine)
    with pytest.raises(ValidationFailed) as failure:
        update_row(engine, me, "leave", RowEdit(row_id, 1, {"person_id": org["person_ids"][1]}))
    assert [(e.field, e.key) for e in failure.value.errors[None]] == [("person_id", "validation.not_team_person")]
    assert counts(engine) == before and get_row(engine, me, "leave", row_id)["person_id"] == me.person_id


def test_the_database_refuses_a_leave_of_a_person_who_does_not_exist(engine):
    org = make_round(engine)
    with pytest.raises(IntegrityError), write_session(engine) as session:
        session.add(Leave(team_id=org["team_ids"][0], person_id=987654, **LEAVE))


def test_the_upgrade_keeps_a_leave_of_an_unknown_person_and_names_them(engine):
    config = alembic_config(engine)
    before_fk = ScriptDirectory.from_config(config).get_revision("0005_leave_person_fk").down_revision
    command.downgrade(config, before_fk)  # before leave.person_id had its foreign key
    org = make_round(engine)
    with write_session(engine) as session:
        session.execute(
            text(
                "INSERT INTO leave (team_id, person_id, start_date, end_date, reason, approved_by, version, created_at, updated_at)"
                " VALUES (:team, 4242, '2021-08-02', '2021-08-03', '旧数据', '', 1, '2021-08-01', '2021-08-01')"
            ),
            {"team": org["team_ids"][0]},
        )
    command.upgrade(config, "head")
    with read_session(engine) as session:
        [leave] = session.execute(select(Leave)).scalars().all()
        assert (leave.person_id, leave.reason) == (4242, "旧数据")
        assert session.get(Person, 4242).name == "未知人员（编号 4242）"
    with write_session(engine) as session:  # a new person still gets a fresh id past the one added
        session.add(Person(name="新人"))
        session.flush()
        assert session.execute(select(func.max(Person.id))).scalar_one() > 4242


# ---------------------------------------------------------------- the same rules in an import


def test_an_import_with_a_number_past_the_integer_range_is_refused_at_its_cell(engine):
    org = make_round(engine)
    data = fill(ledger_template(), {"日记录": [daily(workers=2147483648)]})
    before = counts(engine)
    with pytest.raises(ImportFailed) as failure:
        import_ledgers(engine, OFFICE, org["round_id"], data)
    [problem] = failure.value.problems
    assert problem.message("zh") == "工作表「日记录」第 2 行「联系职工数」列：不能大于 2,147,483,647"
    assert counts(engine) == before


def test_an_import_with_a_date_far_from_the_round_is_refused_at_its_cell(engine):
    org = make_round(engine)
    data = fill(ledger_template(), {"日记录": [daily(), daily(day=date(1900, 3, 1))]})
    before = counts(engine)
    with pytest.raises(ImportFailed) as failure:
        import_ledgers(engine, OFFICE, org["round_id"], data)
    [problem] = failure.value.problems
    assert (problem.row, problem.column, problem.key) == (3, "日期", "validation.date_window")
    assert counts(engine) == before


def test_a_nul_character_in_a_sites_name_is_refused_and_nothing_saved(engine):
    make_round(engine)
    before = admin_rows(engine, OFFICE, "site")
    with pytest.raises(ValidationFailed) as failure:
        save_admin_rows(engine, OFFICE, "site", {}, [{"name": "新\x00站点"}])
    assert [(e.field, e.key) for e in failure.value.errors[("new", 0)]] == [("name", "validation.nul_char")]
    assert admin_rows(engine, OFFICE, "site").equals(before)
