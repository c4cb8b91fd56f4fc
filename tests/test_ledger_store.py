import json
from datetime import date

import pytest
from sqlmodel import select

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.ledger_store import (
    GridChanges,
    NewRow,
    RowEdit,
    StaleEdit,
    ValidationFailed,
    apply_grid_changes,
    create_row,
    create_rows,
    delete_row,
    get_row,
    list_rows,
    restore_row,
    undo,
    update_row,
)
from data_access.models import AuditLog, DailyRecord
from data_access.permissions import PermissionDenied
from tests.factories import OFFICE, make_round, member_of

DAILY = {"work_date": date(2021, 7, 13), "place": "正定镇", "content": "走访两家企业，了解用工情况"}


def audit_rows(engine):
    with read_session(engine) as session:
        return session.exec(select(AuditLog).order_by(AuditLog.id)).all()


def test_member_creates_own_team_row_with_audit(engine):
    org = make_round(engine)
    me = member_of(org, 0)
    row_id = create_row(engine, me, "daily", org["team_ids"][0], DAILY)
    row = get_row(engine, me, "daily", row_id)
    assert row["content"] == DAILY["content"] and row["author_id"] == me.person_id and row["version"] == 1
    [entry] = audit_rows(engine)
    assert entry.action == "create" and json.loads(entry.after)["content"] == DAILY["content"]


def test_member_cannot_write_or_read_another_team(engine):
    org = make_round(engine)
    me = member_of(org, 0)
    other_row = create_row(engine, OFFICE, "daily", org["team_ids"][1], DAILY)
    with pytest.raises(PermissionDenied):
        create_row(engine, me, "daily", org["team_ids"][1], DAILY)
    with pytest.raises(PermissionDenied):
        get_row(engine, me, "daily", other_row)
    assert list_rows(engine, me, "daily").empty
    assert len(audit_rows(engine)) == 1


def test_bad_input_writes_nothing(engine):
    org = make_round(engine)
    with pytest.raises(ValidationFailed) as failure:
        create_row(engine, OFFICE, "daily", org["team_ids"][0], {"work_date": "2021-13-40", "content": ""})
    keys = {(e.field, e.key) for e in failure.value.errors[None]}
    assert keys == {("work_date", "validation.bad_date"), ("content", "validation.required")}
    assert list_rows(engine, OFFICE, "daily").empty and audit_rows(engine) == []


def test_second_concurrent_save_is_refused_and_audit_holds_the_first(engine):
    org = make_round(engine)
    row_id = create_row(engine, OFFICE, "daily", org["team_ids"][0], DAILY)
    first = RowEdit(row_id, 1, {"content": "第一位同事的修改"})
    second = RowEdit(row_id, 1, {"content": "第二位同事的修改"})
    assert update_row(engine, OFFICE, "daily", first) == 2
    with pytest.raises(StaleEdit) as stale:
        update_row(engine, OFFICE, "daily", second)
    assert stale.value.current["content"] == "第一位同事的修改"
    assert get_row(engine, OFFICE, "daily", row_id)["content"] == "第一位同事的修改"
    updates = [e for e in audit_rows(engine) if e.action == "update"]
    assert len(updates) == 1 and json.loads(updates[0].after)["content"] == "第一位同事的修改"


def test_soft_delete_restore_and_undo(engine):
    org = make_round(engine)
    row_id = create_row(engine, OFFICE, "daily", org["team_ids"][0], DAILY)
    update_row(engine, OFFICE, "daily", RowEdit(row_id, 1, {"workers_reached": 30}))
    delete_row(engine, OFFICE, "daily", row_id, 2)
    assert list_rows(engine, OFFICE, "daily").empty
    restore_row(engine, OFFICE, "daily", row_id, 3)
    assert get_row(engine, OFFICE, "daily", row_id)["deleted_at"] is None
    update_entry = next(e for e in audit_rows(engine) if e.action == "update")
    with pytest.raises(StaleEdit):  # the row changed after that edit: undo would overwrite
        undo(engine, OFFICE, update_entry.id)
    last = audit_rows(engine)[-1]
    undo(engine, OFFICE, last.id)  # undo the restore: deleted again
    assert get_row(engine, OFFICE, "daily", row_id)["deleted_at"] is not None


def test_undo_an_edit_brings_back_the_old_value(engine):
    org = make_round(engine)
    row_id = create_row(engine, OFFICE, "daily", org["team_ids"][0], DAILY)
    update_row(engine, OFFICE, "daily", RowEdit(row_id, 1, {"workers_reached": 30}))
    undo(engine, OFFICE, audit_rows(engine)[-1].id)
    row = get_row(engine, OFFICE, "daily", row_id)
    assert row["workers_reached"] == 0 and row["version"] == 3


def test_leadership_may_only_write_an_instruction(engine):
    org = make_round(engine)
    leader = Actor(user_id=None, role="leadership")
    problem = {"raised_on": date(2021, 7, 20), "title": "工资拖欠", "category": "wages_insurance", "scope": "individual", "status": "open"}
    row_id = create_row(engine, OFFICE, "problem", org["team_ids"][0], problem)
    update_row(engine, leader, "problem", RowEdit(row_id, 1, {"instruction": "请尽快协调解决"}))
    with pytest.raises(PermissionDenied):
        update_row(engine, leader, "problem", RowEdit(row_id, 2, {"status": "resolved"}))
    with pytest.raises(PermissionDenied):
        create_row(engine, leader, "problem", org["team_ids"][0], problem)


def test_grid_changes_are_all_or_nothing(engine):
    org = make_round(engine)
    team = org["team_ids"][0]
    row_id = create_row(engine, OFFICE, "daily", team, DAILY)
    bad = GridChanges(
        edited=(RowEdit(row_id, 1, {"content": "改过的内容"}),),
        added=((team, {"work_date": "2021-07-14", "content": ""}),),
    )
    with pytest.raises(ValidationFailed) as failure:
        apply_grid_changes(engine, OFFICE, "daily", bad)
    assert ("new", 0) in failure.value.errors
    assert get_row(engine, OFFICE, "daily", row_id)["content"] == DAILY["content"]
    good = GridChanges(edited=bad.edited, added=((team, {"work_date": "2021-07-14", "content": "新增一条"}),))
    apply_grid_changes(engine, OFFICE, "daily", good)
    with read_session(engine) as session:
        assert len(session.exec(select(DailyRecord)).all()) == 2


@pytest.mark.parametrize("bad", ["inf", "nan", "abc", 1.5])
def test_numbers_that_are_not_whole_are_refused_not_crashed(engine, bad):
    org = make_round(engine)
    with pytest.raises(ValidationFailed) as failure:
        create_row(engine, OFFICE, "daily", org["team_ids"][0], {**DAILY, "workers_reached": bad})
    assert [(e.field, e.key) for e in failure.value.errors[None]] == [("workers_reached", "validation.not_integer")]


def test_a_members_row_scope_is_their_own_team(engine):
    from data_access.permissions import restrict_scope
    from data_access.scope import Scope

    org = make_round(engine, n_teams=3)
    whole = Scope(round_id=org["round_id"], as_of=date(2021, 9, 1))
    assert restrict_scope(member_of(org, 1), whole).team_ids == (org["team_ids"][1],)
    assert restrict_scope(member_of(org, 1), Scope(org["round_id"], whole.as_of, (org["team_ids"][0],))).team_ids == ()
    assert restrict_scope(OFFICE, whole) == whole


# ---------------------------------------------------------------- creating many rows at once


def day(n: int) -> dict:
    return {"work_date": date(2021, 7, 12 + n), "place": "正定镇", "content": f"第{n}天走访企业", "workers_reached": n}


def test_create_rows_writes_every_row_at_version_one_with_an_audit_record_each(engine):
    org = make_round(engine)
    first, second = org["team_ids"]
    author = org["person_ids"][1]
    rows = [NewRow(first, day(1)), NewRow(second, day(2), author_id=author), NewRow(first, day(3))]
    ids = create_rows(engine, OFFICE, "daily", rows)
    stored = [get_row(engine, OFFICE, "daily", row_id) for row_id in ids]
    assert [(r["team_id"], r["content"], r["workers_reached"], r["version"]) for r in stored] == [
        (first, "第1天走访企业", 1, 1),
        (second, "第2天走访企业", 2, 1),
        (first, "第3天走访企业", 3, 1),
    ]
    assert [r["author_id"] for r in stored] == [None, author, None]  # OFFICE has no person: blank unless named
    audit = audit_rows(engine)
    assert [(e.action, e.table_name, e.row_id, e.team_id, e.before) for e in audit] == [
        ("create", "daily_record", row_id, row["team_id"], None) for row_id, row in zip(ids, stored)
    ]
    assert json.loads(audit[1].after)["content"] == "第2天走访企业" and json.loads(audit[1].after)["work_date"] == "2021-07-14"


def test_a_created_rows_audit_holds_the_row_as_the_next_change_finds_it(engine):
    """One audit format: what a creation records as 'after' is what the next edit records as 'before'."""
    org = make_round(engine)
    [row_id] = create_rows(engine, OFFICE, "daily", [NewRow(org["team_ids"][0], day(1))], action="import")
    update_row(engine, OFFICE, "daily", RowEdit(row_id, 1, {"workers_reached": 40}))
    created, updated = audit_rows(engine)
    assert created.action == "import" and updated.action == "update"
    assert json.loads(created.after) == json.loads(updated.before)
    assert json.loads(updated.after)["workers_reached"] == 40 and json.loads(updated.after)["version"] == 2


def test_one_bad_row_among_many_writes_nothing_and_is_named_by_its_label(engine):
    org = make_round(engine)
    team = org["team_ids"][0]
    rows = [
        NewRow(team, day(1), label="第2行"),
        NewRow(team, {**day(2), "work_date": "2021-02-30"}, label="第3行"),
        NewRow(team, {**day(3), "content": " "}, label="第4行"),
    ]
    with pytest.raises(ValidationFailed) as failure:
        create_rows(engine, OFFICE, "daily", rows)
    assert {label: [(e.field, e.key) for e in errors] for label, errors in failure.value.errors.items()} == {
        "第3行": [("work_date", "validation.bad_date")],
        "第4行": [("content", "validation.required")],
    }
    assert list_rows(engine, OFFICE, "daily").empty and audit_rows(engine) == []


def test_a_member_creating_rows_for_another_team_writes_none_of_them(engine):
    org = make_round(engine)
    me = member_of(org, 0)
    rows = [NewRow(org["team_ids"][0], day(1)), NewRow(org["team_ids"][1], day(2))]
    with pytest.raises(PermissionDenied):
        create_rows(engine, me, "daily", rows)
    assert list_rows(engine, OFFICE, "daily").empty and audit_rows(engine) == []


def test_rows_created_in_the_callers_transaction_go_if_it_fails(engine):
    org = make_round(engine)
    with pytest.raises(RuntimeError), write_session(engine) as session:
        create_rows(session, OFFICE, "daily", [NewRow(org["team_ids"][0], day(1)), NewRow(org["team_ids"][0], day(2))])
        raise RuntimeError("the caller's next step fails")
    assert list_rows(engine, OFFICE, "daily").empty and audit_rows(engine) == []


def test_ids_follow_on_from_rows_created_one_at_a_time(engine):
    org = make_round(engine)
    team = org["team_ids"][0]
    single = create_row(engine, OFFICE, "daily", team, day(1))
    many = create_rows(engine, OFFICE, "daily", [NewRow(team, day(2)), NewRow(team, day(3))])
    after = create_row(engine, OFFICE, "daily", team, day(4))
    ids = [single, *many, after]
    assert len(set(ids)) == 4 and ids == sorted(ids)
    assert [get_row(engine, OFFICE, "daily", i)["content"] for i in ids] == [f"第{n}天走访企业" for n in (1, 2, 3, 4)]
