import json
from datetime import date

import pytest
from sqlmodel import select

from data_access.auth import Actor
from data_access.db import read_session
from data_access.ledger_store import (
    GridChanges,
    RowEdit,
    StaleEdit,
    ValidationFailed,
    apply_grid_changes,
    create_row,
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
