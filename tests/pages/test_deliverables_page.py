"""The deliverables page on the sample round (as of its last day of stationing, 2021-10-11): a member
submits the team's research report, the office returns a stage summary with a comment, the
leadership reads the matrix and the chase list."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from bench.apptest import server_like
from data_access.db import read_session
from data_access.models import AppUser, Deliverable, DeliverableSubmission, Round, Team
from tests import sample_facts as facts
from tests.pages.conftest import button, texts
from tests.test_figures_support import PDF_BYTES

PAGE = "pages/deliverables.py"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


def _round_2021(engine) -> Round:
    return facts.round_of_year(engine, 2021)


def _submissions(engine, team_id: int, name: str) -> list[DeliverableSubmission]:
    with read_session(engine) as session:
        return list(
            session.exec(
                select(DeliverableSubmission)
                .join(Deliverable, Deliverable.id == DeliverableSubmission.deliverable_id)
                .where(DeliverableSubmission.team_id == team_id, Deliverable.name == name)
                .order_by(DeliverableSubmission.version)
            ).all()
        )


STATUS = {"": "待审核", "returned": "已退回", "accepted": "已通过"}


def _status_on(engine, team_id: int, name: str) -> str:
    """The team's status as of the round's last day, read from its versions: the newest one handed in
    by then, reviewed by then or not."""
    day = _round_2021(engine).end_date
    handed_in = [s for s in _submissions(engine, team_id, name) if s.submitted_on <= day]
    if not handed_in:
        return "未提交"
    newest = handed_in[-1]
    return STATUS[newest.decision if newest.reviewed_on and newest.reviewed_on <= day else ""]


def _member_team(engine) -> int:
    with read_session(engine) as session:
        return session.exec(select(AppUser.team_id).where(AppUser.username == "member")).one()


def test_member_submits_the_research_report_and_a_renamed_executable_is_refused(app_as, sample_db):
    team_id = _member_team(sample_db)
    assert _submissions(sample_db, team_id, "调研报告") == []  # the sample leaves it to the demo member
    with server_like():
        at = app_as("member", PAGE)
        assert not at.exception
        pick = at.selectbox(key="deliv_pick")
        assert pick.options == ["阶段总结", "调研报告"]
        shown = at.dataframe[0].value.set_index("材料")
        assert list(shown["状态"]) == [_status_on(sample_db, team_id, "阶段总结"), "未提交"]
        pick.select("调研报告").run()
        at.file_uploader[0].upload("调研报告.pdf", EXECUTABLE, "application/pdf")
        at.button(key="FormSubmitter:deliv_submit-提交").click().run()
        assert any("只接受 PDF 或 Word" in e.value for e in at.error)
        assert _submissions(sample_db, team_id, "调研报告") == []

        at.file_uploader[0].upload("调研报告.pdf", PDF_BYTES, "application/pdf")
        at.text_input(key="deliv_note").input("初稿")
        at.button(key="FormSubmitter:deliv_submit-提交").click().run()
        assert not at.exception
        assert any("已提交第1稿" in s.value for s in at.success)
        (stored,) = _submissions(sample_db, team_id, "调研报告")
        assert stored.content == PDF_BYTES and stored.note == "初稿" and stored.submitted_on == _round_2021(sample_db).end_date
        assert "第1稿已提交，正在等待审核" in texts(at)
        shown = at.dataframe[0].value.set_index("材料")
        assert shown.loc["调研报告", "状态"] == "待审核"
        assert not at.file_uploader  # no second version while the first awaits review


def test_office_returns_a_stage_summary_with_a_comment(app_as, sample_db):
    the_round = _round_2021(sample_db)
    second = facts.team_labels(sample_db, the_round.id)[1]  # team 2's stage summary awaits review (sample)
    with server_like():
        at = app_as("office", PAGE, deliv_tab="审核")
        assert not at.exception
        pick = at.selectbox(key="deliv_review_pick")
        pick.select(next(label for label in pick.options if label.startswith(f"{second} · 阶段总结"))).run()
        assert at.get("download_button")
        button(at, "退回修改").click().run()
        assert any("退回时请写明意见" in e.value for e in at.error)
        team_id = _team_id(sample_db, the_round.id, 2)
        assert [s.decision for s in _submissions(sample_db, team_id, "阶段总结")] == [""]

        comment = next(t for t in at.text_area if t.label.startswith("审核意见"))
        comment.input("请补充六个一批的数字")
        button(at, "退回修改").click().run()
        assert not at.exception
        assert any("已退回" in s.value for s in at.success)
        (returned,) = _submissions(sample_db, team_id, "阶段总结")
        assert (returned.decision, returned.comment, returned.reviewed_on) == ("returned", "请补充六个一批的数字", the_round.end_date)

        at = app_as("office", PAGE, deliv_tab="催报清单")
        rows = at.dataframe[1].value
        mine = rows[(rows["工作组"] == second) & (rows["材料"] == "阶段总结")]
        # Due Sep 30 and back with the team on Oct 11: returned and overdue.
        assert list(mine["状态"]) == ["已退回·已逾期"] and list(mine["退回意见"]) == ["请补充六个一批的数字"]


def test_leadership_reads_the_matrix_and_may_not_review(app_as, sample_db):
    the_round = _round_2021(sample_db)
    with server_like():
        at = app_as("leader", PAGE)
        assert not at.exception
        assert [t.label for t in at.tabs] == ["报送总览", "催报清单"]
        matrix = at.dataframe[0].value
        assert list(matrix.columns) == ["阶段总结（09-30）", "调研报告（10-20）"]
        assert list(matrix.index) == facts.team_labels(sample_db, the_round.id)
        # As of Oct 11 the sample has no research report in, due in 9 days (more than 7): just missing
        # (the demo member's team may have handed its own in, in the test above).
        others = matrix.drop(index=facts.team_labels(sample_db, the_round.id)[_seq(sample_db, _member_team(sample_db)) - 1])
        assert set(others["调研报告（10-20）"]) == {"未提交"}
        at = app_as("leader", PAGE, lang="en")
        assert at.header[0].value == "Deliverables"


def _team_id(engine, round_id: int, seq: int) -> int:
    with read_session(engine) as session:
        return session.exec(select(Team.id).where(Team.round_id == round_id, Team.seq == seq)).one()


def _seq(engine, team_id: int) -> int:
    with read_session(engine) as session:
        return session.get(Team, team_id).seq


def test_office_adds_a_deliverable_to_a_phase_and_every_team_owes_it(app_as, sample_db):
    the_round = _round_2021(sample_db)
    due = date(2021, 12, 31)  # after every day the other page tests look at: it changes none of their figures
    with server_like():
        at = app_as("office", PAGE, deliv_tab="材料设置")
        assert not at.exception
        assert list(at.dataframe[0].value["材料"]) == ["阶段总结", "调研报告"]
        at.text_input(key="deliv_new_name").input("典型经验材料")
        at.date_input(key="deliv_new_due").set_value(due)
        at.button(key="FormSubmitter:deliv_define-新增材料").click().run()
        assert any("已新增" in s.value for s in at.success)
        listed = at.dataframe[0].value
        assert list(listed["材料"]) == ["阶段总结", "调研报告", "典型经验材料"]  # by due day
        assert list(listed["阶段"])[-1] == "准备阶段" and list(listed["截止日期"])[-1] == "2021-12-31"  # the first phase: the box's start
        at = app_as("leader", PAGE)
        matrix = at.dataframe[0].value
        # Nothing handed in, due in 81 days: every team owes it, not yet due soon.
        assert set(matrix["典型经验材料（12-31）"]) == {"未提交"} and len(matrix) == facts.team_count(sample_db, the_round.id)
