"""The audit log as the office reads it: names instead of ids, Beijing time, and the sample's
history in it from the start."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlmodel import select

from data_access.db import read_session
from data_access.models import AppUser, AuditLog, Person, Site, Team


def test_the_audit_log_names_who_changed_what_for_which_team_in_beijing_time(app_as, sample_db):
    at = app_as("office", "pages/audit_log.py")
    assert not at.exception
    shown = at.dataframe[0].value
    assert {"操作人编号", "工作组编号", "编号"}.isdisjoint(shown.columns)
    with read_session(sample_db) as session:
        member = session.exec(select(AppUser).where(AppUser.username == "member")).one()
        member_name = session.exec(select(Person.name).where(Person.id == member.person_id)).one()
        team = session.get(Team, member.team_id)
        site = session.get(Site, team.site_id).name
        newest = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    # The sample's history (data_access/sample/history.py), written as the demo users.
    # Other page tests write as the member too: the history is the member's oldest three entries.
    mine = shown[shown["操作人"] == member_name].iloc[::-1].head(3)
    assert list(mine["操作"]) == ["修改", "修改", "删除"]
    assert set(mine["工作组"]) == {f"{team.seq}. {site}"}
    assert list(mine["数据表"]) == ["日记录", "问题台账", "日记录"]
    assert list(mine["改动的内容"]) == ["工作内容", "责任人", "删除标记"]  # what each change touched
    assert "恢复" in set(shown[shown["操作人"] == "联络指导办公室（演示）"]["操作"])
    # Newest first, at Beijing time: UTC + 8 hours (China keeps no summer time).
    stored = newest.at if newest.at.tzinfo else newest.at.replace(tzinfo=UTC)
    assert shown.iloc[0]["时间（北京时间）"] == (stored.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=8)).strftime(
        "%Y-%m-%d %H:%M"
    )
