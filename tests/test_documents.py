"""The three documents on a small round written here, both engines: every number in them is the one
worked out by hand below and the figure functions' for the same scope and day; a member is refused;
a round with nothing yet still gets its documents, which say so.

The round: stationing Mon 2021-09-13 → Fri 2021-10-15, read as of Thu 2021-09-30. Its working days
so far (state calendar: Sep 20–21 off, Sep 18 and 26 make-up days) are Sep 13–18, 22–24, 26–30: 14.
Three teams (default settings: green ≥ 90 %, red < 70 % or ≥ 3 overdue items or an open risk):

  1. 甲镇     daily 14/14  overdue: P1 (due 9-20), T1 (due 9-24), the stage summary (due 9-25)  → red
  2. 乙街道   daily 10/14  overdue: P4 (due 9-28), the stage summary                          → yellow
  3. 丙开发区 daily 7/14   overdue: the stage summary; risk R1 open                            → red
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from data_access.auth import Actor
from data_access.calendar import cover_rounds
from data_access.db import read_session, write_session
from data_access.documents import briefing, charts, summary_report, supervision_notice
from data_access.documents.common import rate_text
from data_access.figures import (
    SatisfactionRate,
    common_categories,
    deadline_items,
    ledger_compliance,
    problem_summary,
    six_round,
    team_lights,
)
from data_access.models import (
    DailyRecord,
    Deliverable,
    MajorRisk,
    Outcome,
    Person,
    Phase,
    PracticalThing,
    Problem,
    Round,
    Site,
    Target,
    Team,
    TeamMember,
    UnionBuilding,
)
from data_access.permissions import PermissionDenied
from data_access.scope import Scope
from i18n import CATALOGUE
from tests.test_figures_support import submission

AS_OF = date(2021, 9, 30)
SINCE = date(2021, 9, 16)
WORKDAYS = [date(2021, 9, d) for d in (13, 14, 15, 16, 17, 18, 22, 23, 24, 26, 27, 28, 29, 30)]
OFFICE = Actor(user_id=None, role="office", display_name="办公室")
LEADER = Actor(user_id=None, role="leadership", display_name="领导")
ROUND_NAME = "测试市总工会2021年机关干部赴基层蹲点活动"
ROOT = Path(__file__).resolve().parent.parent


def d(month: int, day: int) -> date:
    return date(2021, month, day)


def written(day: date, changed: date | None = None) -> dict:
    """A ledger row created on ``day`` (and last changed on ``changed``), as its timestamps say."""
    created = datetime.combine(day, time(10), tzinfo=UTC)
    return {"created_at": created, "updated_at": datetime.combine(changed, time(10), tzinfo=UTC) if changed else created}


@pytest.fixture
def small_round(engine) -> dict:
    with write_session(engine) as session:
        rnd = Round(
            name=ROUND_NAME, doc_number="测工办字〔2021〕1号", year=2021, start_date=d(9, 13), end_date=d(10, 15), region_code="130100"
        )
        session.add(rnd)
        session.flush()
        cover_rounds(session)  # as every writer of rounds does: figures only read the calendar
        teams = []
        for seq, site_name in enumerate(("甲镇", "乙街道", "丙开发区"), start=1):
            site = Site(name=site_name, district_code=f"13010{seq}", district_name=f"{seq}区")
            session.add(site)
            session.flush()
            team = Team(round_id=rnd.id, site_id=site.id, seq=seq)
            session.add(team)
            session.flush()
            teams.append(team.id)
        a, b, c = teams
        people = {}
        for name, local in (("张一", ""), ("李二", "测试县总工会"), ("王三", ""), ("赵四", ""), ("钱五", "")):
            people[name] = Person(name=name, origin="local" if local else "office", local_org=local)
            session.add(people[name])
        session.flush()
        pid = {name: p.id for name, p in people.items()}
        session.add_all(
            [
                TeamMember(team_id=a, person_id=pid["张一"], role="leader", joined_on=d(9, 13)),
                # 李二 rotates from 甲镇 to 乙街道: a cadre trained once, on both teams.
                TeamMember(team_id=a, person_id=pid["李二"], joined_on=d(9, 13), left_on=d(9, 20)),
                TeamMember(team_id=b, person_id=pid["李二"], joined_on=d(9, 21)),
                TeamMember(team_id=b, person_id=pid["王三"], role="leader", joined_on=d(9, 13)),
                TeamMember(team_id=b, person_id=pid["赵四"], joined_on=d(9, 13)),
                TeamMember(team_id=c, person_id=pid["钱五"], role="leader", joined_on=d(9, 13)),
            ]
        )
        rid = rnd.id
        targets = {"new_unions": 4, "new_members": 100, "problems_solved": 5, "practical_things": 4, "outcomes": 3, "cadres_trained": 6}
        session.add_all([Target(round_id=rid, metric=m, value=v) for m, v in targets.items()])
        session.add_all([Target(round_id=rid, team_id=t, metric="new_unions", value=v) for t, v in ((a, 2), (b, 1), (c, 1))])
        session.add_all(
            [
                Phase(round_id=rid, kind="preparation", start_date=d(8, 16), deadline=d(9, 3), completed_on=d(9, 3)),
                Phase(round_id=rid, kind="mobilisation", start_date=d(9, 6), deadline=d(9, 10), completed_on=d(9, 10)),
                Phase(round_id=rid, kind="stationing", start_date=d(9, 13), deadline=d(10, 15)),
                Phase(round_id=rid, kind="summary", start_date=d(10, 8), deadline=d(10, 25)),
                (stage := Deliverable(round_id=rid, name="阶段总结", outcome_kind="stage_summary", due_date=d(9, 25))),
            ]
        )
        session.flush()
        # 丙开发区 handed its stage summary in on time; the office returned it, after the due day.
        session.add(submission(stage.id, c, 1, d(9, 24), "returned", d(9, 27), "请补充数据"))
        for team, days in ((a, WORKDAYS), (b, WORKDAYS[:10]), (c, WORKDAYS[:7])):
            session.add_all([DailyRecord(team_id=team, work_date=day, content="走访企业", **written(day)) for day in days])
        nef, wages = "new_employment", "wages_insurance"
        session.add_all(
            [
                Problem(
                    team_id=a,
                    title="P1 货车司机停车难",
                    category=nef,
                    scope="common",
                    raised_on=d(9, 14),
                    deadline=d(9, 20),
                    escalated_to="市总工会权益保障部",
                    **written(d(9, 14)),
                ),
                Problem(
                    team_id=a,
                    title="P2 快递员缺少休息点",
                    category=nef,
                    scope="common",
                    raised_on=d(9, 15),
                    status="resolved",
                    resolved_on=d(9, 25),
                    escalated_to="市总工会",
                    **written(d(9, 15), d(9, 25)),
                ),
                Problem(
                    team_id=a,
                    title="P3 拖欠加班费",
                    category=wages,
                    raised_on=d(9, 16),
                    deadline=d(9, 25),
                    status="resolved",
                    resolved_on=d(9, 22),
                    **written(d(9, 16)),
                ),
                Problem(
                    team_id=b,
                    title="P4 外卖骑手缺少保险",
                    category=nef,
                    scope="common",
                    raised_on=d(9, 16),
                    deadline=d(9, 28),
                    **written(d(9, 16)),
                ),
                Problem(
                    team_id=b,
                    title="P5 社保断缴",
                    category=wages,
                    raised_on=d(9, 17),
                    status="resolved",
                    resolved_on=d(9, 29),
                    **written(d(9, 17)),
                ),
                Problem(
                    team_id=c,
                    title="P6 网约车司机入会",
                    category=nef,
                    raised_on=d(9, 20),
                    deadline=d(9, 30),
                    status="resolved",
                    resolved_on=d(9, 27),
                    **written(d(9, 20)),
                ),
                Problem(
                    team_id=c, title="P7 困难职工子女上学", category="hardship", raised_on=d(9, 22), deadline=d(10, 8), **written(d(9, 22))
                ),
                Problem(team_id=c, title="P8 raised after the day", category="hardship", raised_on=d(10, 5), **written(d(10, 5))),
                PracticalThing(team_id=a, content="T1 建设爱心驿站", promised_on=d(9, 14), deadline=d(9, 24), **written(d(9, 14))),
                PracticalThing(
                    team_id=a,
                    content="T2 送清凉",
                    promised_on=d(9, 14),
                    deadline=d(9, 24),
                    status="done",
                    done_on=d(9, 20),
                    **written(d(9, 14)),
                ),
                PracticalThing(
                    team_id=b,
                    content="T3 法律咨询",
                    promised_on=d(9, 15),
                    deadline=d(9, 29),
                    status="done",
                    done_on=d(9, 25),
                    **written(d(9, 15)),
                ),
                PracticalThing(
                    team_id=c, content="T4 技能培训", promised_on=d(9, 20), deadline=d(10, 10), status="in_progress", **written(d(9, 20))
                ),
                UnionBuilding(
                    team_id=a, event_date=d(9, 15), organisation="甲镇物流园工会", new_unions=2, new_members=30, **written(d(9, 15))
                ),
                UnionBuilding(
                    team_id=b, event_date=d(9, 20), organisation="乙街道快递工会", new_unions=1, new_members=25, **written(d(9, 20))
                ),
                UnionBuilding(
                    team_id=c, event_date=d(10, 2), organisation="after the day", new_unions=1, new_members=10, **written(d(10, 2))
                ),
                Outcome(team_id=a, kind="research_report", title="关于货车司机入会的调研报告", submitted_on=d(9, 28), **written(d(9, 28))),
                Outcome(
                    team_id=b,
                    kind="policy",
                    title="快递员休息点纳入城市建设",
                    submitted_on=d(9, 29),
                    adopted_by="市交通运输局",
                    **written(d(9, 29)),
                ),
                Outcome(team_id=c, kind="publicity", title="after the day", submitted_on=d(10, 3), **written(d(10, 3))),
                MajorRisk(
                    team_id=c,
                    found_on=d(9, 26),
                    description="R1 欠薪引发聚集苗头",
                    reported_on=d(9, 26),
                    reported_to="市总工会",
                    **written(d(9, 26)),
                ),
                MajorRisk(
                    team_id=a,
                    found_on=d(9, 18),
                    description="closed before the day",
                    status="closed",
                    closed_on=d(9, 20),
                    **written(d(9, 18), d(9, 20)),
                ),
            ]
        )
    return {"round_id": rid, "teams": teams}


@pytest.fixture(autouse=True)
def quick_charts(monkeypatch):
    """Charts are a one-pixel picture here (drawing them takes a browser): these tests are about the
    numbers. tests/test_documents_render.py draws them for real."""
    buffer = io.BytesIO()
    Image.new("RGB", (2, 1), "white").save(buffer, format="PNG")
    monkeypatch.setattr(charts, "render", lambda figures, heights=None: [buffer.getvalue()] * len(figures))


def scope_of(small_round: dict, as_of: date = AS_OF, **kw) -> Scope:
    return Scope(round_id=small_round["round_id"], as_of=as_of, **kw)


class Read:
    """A generated document as python-docx reads it: its paragraphs and its tables as rows of text."""

    def __init__(self, data: bytes) -> None:
        self.doc = Document(io.BytesIO(data))
        self.paragraphs = [p.text for p in self.doc.paragraphs]
        self.tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in self.doc.tables]
        self.text = "\n".join(self.paragraphs)

    def table(self, *header: str) -> list[list[str]]:
        """The rows of the (first) table whose header begins with these labels."""
        return next(rows[1:] for rows in self.tables if tuple(rows[0][: len(header)]) == header)

    def tables_with(self, *header: str) -> list[list[list[str]]]:
        return [rows[1:] for rows in self.tables if tuple(rows[0][: len(header)]) == header]

    def headings(self) -> list[str]:
        return [p.text for p in self.doc.paragraphs if p.style.name.startswith("Heading")]


def figures_of(engine, scope: Scope):
    with read_session(engine) as session:
        return {
            "six": six_round(session, scope),
            "lights": team_lights(session, scope),
            "overdue": deadline_items(session, scope, None, ("red",)),
            "problems": problem_summary(session, scope),
            "categories": common_categories(session, scope),
            "compliance": ledger_compliance(session, scope),
        }


SIX_BY_HAND = [
    ["新建工会组织", "3", "4", "75%"],
    ["发展会员", "55", "100", "55%"],
    ["解决问题", "4", "5", "80%"],
    ["办成实事", "2", "4", "50%"],
    ["形成成果", "2", "3", "67%"],
    ["锻炼干部", "5", "6", "83%"],
]


def six_of_figure(six) -> list[list[str]]:
    names = {m: CATALOGUE[f"figure.six.{m}"][0] for m in six["metric"]}
    return [[names[r.metric], str(r.actual), str(r.target), f"{r.progress.value:.0%}"] for r in six.itertuples()]


def test_the_briefing_holds_the_figures_of_its_scope_and_day(engine, small_round):
    scope = scope_of(small_round)
    doc = Read(briefing(engine, LEADER, scope, SINCE))
    fig = figures_of(engine, scope)

    assert doc.paragraphs[0] == "2021年机关干部赴基层蹲点活动\n工作进展情况汇报"
    assert "（测工办字〔2021〕1号 · 统计截至2021年9月30日）" in doc.paragraphs
    assert doc.headings() == [
        "一、总体进展",
        "二、“六个一批”完成情况",
        "三、各工作组进展",
        "四、逾期事项",
        "五、未化解的重大事项",
        "六、2021年9月16日以来的变化",
    ]
    assert "共33天；截至2021年9月30日已进行18天" in doc.text
    assert doc.table("阶段", "开始日期", "截止日期", "完成情况") == [
        ["准备阶段", "8月16日", "9月3日", "已完成（9月3日）"],
        ["动员培训阶段", "9月6日", "9月10日", "已完成（9月10日）"],
        ["蹲点服务阶段", "9月13日", "10月15日", "进行中"],
        ["活动总结阶段", "10月8日", "10月25日", "未开始"],
    ]

    six = doc.table("项目", "完成数", "目标", "完成率")
    assert six == SIX_BY_HAND == six_of_figure(fig["six"])
    assert "新建工会组织3（目标4，完成75%）" in doc.text

    lights = doc.table("工作组", "状态", "日记录完成率")
    assert lights == [
        ["1. 甲镇", "红灯", "100%（14/14）", "3", "0", "逾期事项 3 项（达到红灯线 3 项）"],
        ["2. 乙街道", "黄灯", "71%（10/14）", "2", "0", "日记录完成率 71%（10/14），未达 90%；逾期事项 2 项"],
        ["3. 丙开发区", "红灯", "50%（7/14）", "1", "1", "日记录完成率 50%（7/14），低于 70%；逾期事项 1 项；未处置重大事项 1 项"],
    ]
    assert [row[1] for row in lights] == [CATALOGUE[f"light.{light}"][0] for light in fig["lights"]["light"]]
    assert [row[2] for row in lights] == [rate_text(rate) for rate in fig["lights"]["daily"]]
    assert "3个工作组中，绿灯0个、黄灯1个、红灯2个。" in doc.paragraphs

    assert f"逾期事项共{len(fig['overdue'])}项，以下为逾期最久的6项。" in doc.paragraphs
    assert len(fig["overdue"]) == 6
    assert doc.table("序号", "类型", "工作组", "事项", "期限", "逾期天数") == [
        ["1", "问题", "1. 甲镇", "P1 货车司机停车难", "9月20日", "10"],
        ["2", "实事", "1. 甲镇", "T1 建设爱心驿站", "9月24日", "6"],
        ["3", "报送材料", "1. 甲镇", "阶段总结", "9月25日", "5"],
        ["4", "报送材料", "2. 乙街道", "阶段总结", "9月25日", "5"],
        ["5", "报送材料", "3. 丙开发区", "阶段总结", "9月25日", "5"],
        ["6", "问题", "2. 乙街道", "P4 外卖骑手缺少保险", "9月28日", "2"],
    ]
    assert doc.table("工作组", "发现日期", "类型", "情况") == [
        ["3. 丙开发区", "9月26日", "职工队伍稳定", "R1 欠薪引发聚集苗头", "9月26日", "未化解"]
    ]
    changes = {row[0]: row[1:] for row in doc.table("台账", "新增", "修改")}
    assert changes["问题台账"] == ["5", "1"]  # P3–P7 written since Sep 16; P2 resolved on Sep 25
    assert changes["日记录"] == ["22", "0"]  # 11 + 7 + 4 working days from Sep 16
    assert doc.paragraphs[-2:] == ["测试市总工会蹲点活动联络指导办公室", "2021年9月30日"]
    assert len(doc.doc.inline_shapes) == 3  # the phases, the six 一批, the teams' daily records


def test_the_summary_report_holds_the_rounds_figures(engine, small_round):
    scope = scope_of(small_round)
    doc = Read(summary_report(engine, OFFICE, scope))
    fig = figures_of(engine, scope)

    assert doc.paragraphs[0] == "测试市总工会关于2021年机关干部赴基层蹲点活动开展情况的报告"
    assert "省总工会：" in doc.paragraphs
    assert any("实施方案（测工办字〔2021〕1号）" in p for p in doc.paragraphs)
    assert doc.headings()[:4] == ["一、基本情况", "二、主要做法和成效", "（一）“六个一批”完成情况", "（二）为职工群众解决实际问题"]
    assert "四、意见建议" in doc.headings()
    assert "在3个蹲点单位各设1个工作组，共选派干部5名" in doc.text
    assert doc.table("项目", "完成数", "目标", "完成率") == SIX_BY_HAND == six_of_figure(fig["six"])

    # 7 raised by Sep 30, 4 resolved; P3 and P6 had deadlines and met them; nobody acted first; no
    # feedback; 10, 6, 12 and 7 days to resolve: median 8.5; P1 and P4 overdue.
    problems = fig["problems"]
    assert (problems["recorded"], problems["resolved"], problems["overdue"], problems["median_days"]) == (7, 4, 2, 8.5)
    expected = (
        "共登记职工群众和基层工会反映的问题7个，已解决4个，问题解决率57%（4/7）；按期解决率100%（2/2），"
        "及时响应率0%（0/7），群众满意率—（0/0），解决用时中位数8.5天。截至统计日，仍有2个问题逾期未解决。"
    )
    assert expected in doc.text and rate_text(problems["resolution"]) == "57%（4/7）"

    assert doc.table("序号", "成果", "工作组") == [
        ["1", "快递员休息点纳入城市建设", "2. 乙街道", "成果转化（政策制度）", "市交通运输局", "9月29日"]
    ]
    categories = doc.table("问题类别", "涉及蹲点单位", "登记问题数", "共性问题")
    assert categories == [["新就业形态劳动者权益", "3", "4", "是"], ["工资社保", "2", "2", ""], ["困难救助", "1", "1", ""]]
    assert [(int(r[1]), int(r[2])) for r in categories] == list(zip(fig["categories"]["sites"], fig["categories"]["problems"]))
    assert "（一）新就业形态劳动者权益方面" in doc.headings()
    assert "该类问题在3个蹲点单位出现，共登记4个，例如：" in doc.paragraphs
    examples = [p for p in doc.paragraphs if re.match(r"\d\. P\d", p)]
    assert examples == ["1. P1 货车司机停车难（1. 甲镇）", "2. P2 快递员缺少休息点（1. 甲镇）", "3. P4 外卖骑手缺少保险（2. 乙街道）"]

    # P1 and P2 escalated, of the common-scope P1, P2, P4; only P1 is still open.
    assert "已上报上级的共性问题2个（共性问题上报率67%（2/3）），建议上级工会研究推动解决。" in doc.paragraphs
    open_escalated, annex = doc.tables_with("序号", "问题", "问题类别", "工作组", "上报至")
    assert open_escalated == [["1", "P1 货车司机停车难", "新就业形态劳动者权益", "1. 甲镇", "市总工会权益保障部", "否"]]
    assert [row[1] for row in annex] == ["P1 货车司机停车难", "P2 快递员缺少休息点"] and [row[5] for row in annex] == ["否", "是"]

    assert doc.table("序号", "蹲点单位", "联系领导", "带队组长", "组员") == [
        ["1", "甲镇", "", "张一", ""],
        ["2", "乙街道", "", "王三", "赵四、李二（测试县总工会）"],
        ["3", "丙开发区", "", "钱五", ""],
    ]
    by_team = doc.table("工作组", "新建工会组织")
    assert [row[:2] for row in by_team] == [["1. 甲镇", "2/2"], ["2. 乙街道", "1/1"], ["3. 丙开发区", "0/1"]]
    assert by_team[1][6] == "3/—"  # 王三, 赵四 and 李二 served on 乙街道; no team target
    compliance = doc.table("工作组", "日记录完成率", "周报告按时率", "月交流完成率")
    # Two weeks have ended (Sep 19 and 26) and September has: no weekly report or exchange was kept.
    assert compliance[0] == ["1. 甲镇", "100%（14/14）", "0%（0/2）", "0%（0/1）"]
    assert [row[1:] for row in compliance] == [
        [rate_text(r.daily), rate_text(r.weekly), rate_text(r.monthly)] for r in fig["compliance"].itertuples()
    ]
    assert "附件1" in doc.paragraphs and "附件4" in doc.paragraphs
    issuer = doc.paragraphs.index("测试市总工会")  # the federation signs before the annexes
    assert doc.paragraphs[issuer + 1] == "2021年9月30日" and issuer < doc.paragraphs.index("附件1")


def test_a_teams_supervision_notice_lists_its_overdue_items_with_their_deadlines(engine, small_round):
    a, _b, c = small_round["teams"]
    doc = Read(supervision_notice(engine, OFFICE, scope_of(small_round), a))
    assert doc.paragraphs[0] == "督办通知" and "甲镇蹲点工作组：" in doc.paragraphs
    assert any("截至2021年9月30日，你组有3项工作已超过期限尚未完成" in p for p in doc.paragraphs)
    assert "你组当前为红灯：逾期事项 3 项（达到红灯线 3 项）。" in doc.paragraphs
    assert doc.headings() == ["一、逾期未解决的问题（1个）", "二、逾期未办结的实事（1件）", "三、逾期未报送的材料（1项）"]
    assert doc.table("序号", "问题", "登记日期", "期限", "逾期天数") == [["1", "P1 货车司机停车难", "9月14日", "9月20日", "10"]]
    assert doc.table("序号", "实事", "承诺日期", "期限", "逾期天数") == [["1", "T1 建设爱心驿站", "9月14日", "9月24日", "6"]]
    assert doc.table("序号", "材料", "状态", "期限", "逾期天数") == [["1", "阶段总结", "未提交", "9月25日", "5"]]
    with read_session(engine) as session:
        lights = team_lights(session, scope_of(small_round)).set_index("team_id")
    assert lights.loc[a, "overdue"] == 3
    notice_c = Read(supervision_notice(engine, OFFICE, scope_of(small_round), c))
    assert "另有未化解的重大事项1项" in notice_c.text and "你组有1项工作已超过期限" in notice_c.text
    # Handed in on time but returned on Sep 27: overdue again, and the notice says it was returned.
    assert notice_c.table("序号", "材料", "状态", "期限", "逾期天数") == [["1", "阶段总结", "已退回", "9月25日", "5"]]


def test_every_teams_notice_in_one_document_a_page_each(engine, small_round):
    doc = Read(supervision_notice(engine, LEADER, scope_of(small_round)))
    assert [p for p in doc.paragraphs if p.endswith("蹲点工作组：")] == ["甲镇蹲点工作组：", "乙街道蹲点工作组：", "丙开发区蹲点工作组："]
    assert len(doc.doc.sections) == 3  # each notice starts a page, numbered from 1
    # On Sep 21 only P1 (due Sep 20) is overdue: only 甲镇 gets a notice.
    early = Read(supervision_notice(engine, OFFICE, scope_of(small_round, d(9, 21))))
    assert [p for p in early.paragraphs if p.endswith("蹲点工作组：")] == ["甲镇蹲点工作组："]


@pytest.mark.parametrize("role", ["member", "discipline"])
def test_only_the_office_and_the_leadership_may_generate_documents(engine, small_round, role):
    someone = Actor(user_id=None, role=role, team_id=small_round["teams"][0])
    scope = scope_of(small_round)
    for make in (
        lambda: briefing(engine, someone, scope, SINCE),
        lambda: summary_report(engine, someone, scope),
        lambda: supervision_notice(engine, someone, scope, small_round["teams"][0]),
    ):
        with pytest.raises(PermissionDenied) as refused:
            make()
        assert refused.value.key == "documents.denied"


def test_before_the_stationing_starts_the_documents_open_and_say_so(engine):
    with write_session(engine) as session:
        rnd = Round(name="空白市总工会2022年机关干部赴基层蹲点活动", year=2022, start_date=date(2022, 7, 11), end_date=date(2022, 10, 10))
        session.add(rnd)
        session.flush()
        cover_rounds(session)
        site = Site(name="空白镇", district_code="130199")
        session.add(site)
        session.flush()
        session.add(Team(round_id=rnd.id, site_id=site.id, seq=1))
        empty = Scope(round_id=rnd.id, as_of=date(2022, 7, 1))
    brief = Read(briefing(engine, OFFICE, empty, date(2022, 6, 17)))
    assert "截至2022年7月1日，蹲点尚未开始" in brief.text
    assert "本轮尚未设置工作阶段。" in brief.paragraphs and "截至2022年7月1日，无逾期事项。" in brief.paragraphs
    assert [row[1] for row in brief.table("项目", "完成数", "目标", "完成率")] == ["0"] * 6
    assert "1个工作组中，绿灯1个、黄灯0个、红灯0个。" in brief.paragraphs  # nothing due yet, so nothing amiss
    report = Read(summary_report(engine, OFFICE, empty))
    assert "截至统计日，尚无登记的问题。" in report.paragraphs and "蹲点尚未开始" in report.text
    notices = Read(supervision_notice(engine, OFFICE, empty))
    assert "截至2022年7月1日，各工作组均无逾期事项。" in notices.paragraphs
    assert "（统计截至2022年7月1日）" in notices.paragraphs  # a round without a document number


def test_in_english_the_documents_read_in_english(engine, small_round):
    doc = Read(briefing(engine, OFFICE, scope_of(small_round), SINCE, "en"))
    assert doc.headings()[0] == "I. Where the round stands"
    assert doc.table("Outcome", "Done", "Target", "Share of target")[0] == ["New unions established", "3", "4", "75%"]
    assert "Of 3 teams, 0 are green, 1 yellow and 2 red." in doc.paragraphs


def test_users_text_is_written_as_text(engine, small_round):
    a = small_round["teams"][0]
    with write_session(engine) as session:
        session.add(Problem(team_id=a, title="**粗体** <b>x</b>\x07", category="hardship", raised_on=d(9, 14), deadline=d(9, 15)))
    doc = Read(supervision_notice(engine, OFFICE, scope_of(small_round), a))
    titles = [row[1] for row in doc.table("序号", "问题", "登记日期", "期限", "逾期天数")]
    assert "**粗体** <b>x</b>" in titles  # as written, less the control character XML cannot hold


def test_without_a_browser_the_documents_say_where_the_charts_would_be(engine, small_round, monkeypatch):
    monkeypatch.undo()  # the real renderer, which finds no browser here
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    doc = Read(briefing(engine, OFFICE, scope_of(small_round), SINCE))
    assert len(doc.doc.inline_shapes) == 0
    assert "（图：“六个一批”完成目标的比例：服务器上没有可用的浏览器，未能生成图表）" in doc.paragraphs


KEY = re.compile(r"""tr\(\s*(?:f?)["']([a-z_]+(?:\.[a-z0-9_{}.]+)+)["']""")


def test_every_catalogue_key_the_documents_name_exists():
    """Literal keys only; a key with a {placeholder} stands for the catalogue keys it can become."""
    named = {key for path in (ROOT / "data_access" / "documents").glob("*.py") for key in KEY.findall(path.read_text(encoding="utf-8"))}
    assert named, "the pattern found no key"
    for key in named:
        pattern = re.compile("^" + re.sub(r"\\\{[^}]*\\\}", r"[a-z0-9_]+", re.escape(key)) + "$")
        assert any(pattern.match(k) for k in CATALOGUE), key


def test_satisfaction_reads_as_the_counts_it_is_made_of():
    # 2 satisfied and 1 basically satisfied of 3 with feedback: (2 + 0.9) / 3 = 96.7 %.
    assert rate_text(SatisfactionRate(2.9, 3, satisfied=2, basic=1, weight=0.9)) == "97%（2+1×0.9/3）"
    assert rate_text(SatisfactionRate(0, 0, satisfied=0, basic=0, weight=0.9)) == "—（0/0）"
