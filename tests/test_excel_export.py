"""The round's workbook and filtered tables: structure, charts, labels, and text that never runs."""

import io
import re
import zipfile
from datetime import date, datetime, timedelta

import pandas as pd
from openpyxl import load_workbook

from data_access.auth import SYSTEM
from data_access.excel.export import round_workbook, table_workbook
from data_access.excel.ledger_io import import_ledgers, read_ledgers
from data_access.excel.safe_read import read_workbook
from data_access.figures.common import Rate
from data_access.ledger_store import create_row
from data_access.ledgers import LEDGERS
from i18n import t
from tests.factories import OFFICE, make_round, member_of
from tests.fixtures.excel_books import fast_sheet_workbook

AS_OF = date(2021, 8, 2)
HOSTILE_TEXT = ["=1+1", "+SUM(A1:A2)", "-2+3", "@SUM(1)", '=HYPERLINK("http://x","点我")', "=cmd|' /C calc'!A0"]


def load(data: bytes):
    return load_workbook(io.BytesIO(data))


def sheet_xml(data: bytes, title: str) -> str:
    """The XML of the sheet named ``title``."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    workbook = archive.read("xl/workbook.xml").decode()
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{re.escape(title)}" sheetId="\d+" (?:state="\w+" )?r:id="(rId\d+)"', workbook).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = (target.group(1) or target.group(2)).lstrip("/")
    return archive.read(path if path.startswith("xl/") else f"xl/{path}").decode()


def seeded_round(engine) -> dict:
    org = make_round(engine)
    team, other = org["team_ids"]
    for i, text in enumerate(HOSTILE_TEXT):
        create_row(engine, OFFICE, "daily", team, {"work_date": date(2021, 7, 13 + i), "place": text, "content": text})
    create_row(engine, OFFICE, "daily", other, {"work_date": date(2021, 7, 13), "content": "另一组的记录"})
    create_row(
        engine,
        OFFICE,
        "problem",
        team,
        {
            "raised_on": date(2021, 7, 14),
            "title": "工资拖欠",
            "category": "wages_insurance",
            "scope": "common",
            "status": "in_progress",
            "deadline": date(2021, 7, 30),
        },
    )
    create_row(
        engine,
        OFFICE,
        "problem",
        other,
        {
            "raised_on": date(2021, 7, 15),
            "title": "困难职工救助",
            "category": "hardship",
            "scope": "individual",
            "status": "resolved",
            "resolved_on": date(2021, 7, 20),
        },
    )
    return org


def test_round_workbook_has_summary_charts_assignment_problems_and_every_ledger(engine):
    org = seeded_round(engine)
    data = round_workbook(engine, SYSTEM, org["round_id"], AS_OF)
    workbook = load(data)
    ledger_titles = [t(f"ledger.{kind}") for kind in LEDGERS]
    assert workbook.sheetnames == ["汇总", "任务分配表", "问题清单", *ledger_titles]
    summary = workbook["汇总"]
    assert len(summary._charts) == 3
    header = [c.value for c in summary[3]]
    assert header[:3] == ["序号", "工作组", "日记录完成率"]
    first_team = [c.value for c in summary[4]]
    assert first_team[1] == "测试点1" and 0 < first_team[2] <= 1 and summary.cell(4, 3).number_format == "0.0%"
    recorded = header.index("问题登记数")
    assert [summary.cell(r, recorded + 1).value for r in (4, 5)] == [1, 1]

    assignment = workbook["任务分配表"]
    assert [c.value for c in assignment[2]] == ["序号", "蹲点单位", "联系领导", "带队组长", "组员"]
    assert [c.value for c in assignment[3]][:4] == [1, "测试点1", None, "测试员1"]

    problems = workbook["问题清单"]
    rows = {r[1]: r for r in problems.iter_rows(min_row=2, values_only=True)}
    late = rows[datetime(2021, 7, 14)]
    assert late[0] == "测试点1" and late[3:6] == ("工资社保", "共性问题", "处理中") and late[11:13] == ("是", 3)
    assert rows[datetime(2021, 7, 15)][5] == "已解决" and rows[datetime(2021, 7, 15)][11] is None

    daily = workbook["日记录"]
    assert daily.freeze_panes == "A2" and daily["A1"].font.b
    assert [c.value for c in daily[1]] == ["蹲点单位", "日期", "地点", "工作内容", "走访企业数", "联系职工数", "记录人", "编号", "最后修改"]
    assert daily["B2"].is_date and daily["B2"].number_format == "yyyy-mm-dd"
    assert daily.max_row == 1 + len(HOSTILE_TEXT) + 1
    assert workbook["问题台账"]["E2"].value in ("工资社保", "困难救助")  # choices as Chinese labels


def test_formula_like_text_is_exported_as_text(engine):
    org = seeded_round(engine)
    data = round_workbook(engine, SYSTEM, org["round_id"], AS_OF)
    daily = load(data)["日记录"]
    contents = {daily.cell(r, 4).value: daily.cell(r, 4) for r in range(2, daily.max_row + 1)}
    for text in HOSTILE_TEXT:
        cell = contents[text]
        assert cell.data_type == "s" and cell.value == text and cell.quotePrefix
    assert "<f>" not in sheet_xml(data, "日记录") and "<f " not in sheet_xml(data, "日记录")


def test_table_workbook_writes_any_frame_safely():
    frame = pd.DataFrame(
        {
            "名称": ["=1+1", "\tTAB", "\rCR", "@x", "正常", "bad\x01char"],
            "日期": [date(2021, 7, 12)] * 6,
            "时间": [pd.Timestamp("2021-07-12 08:30", tz="UTC")] * 6,
            "比率": [Rate(1, 2), Rate(0, 0), None, float("nan"), 0.5, pd.NA],
            "人数": pd.Series([1, 2, 3, 4, 5, 6], dtype="int64"),
        }
    )
    data = table_workbook(frame, "问题/清单[1]")
    ws = load(data).active
    assert ws.title == "问题 清单 1" and ws.freeze_panes == "A2" and ws["A1"].font.b
    # XML itself turns a carriage return into a line feed (XML 1.0, 2.11); the cell stays text
    assert [ws.cell(r, 1).value for r in range(2, 8)] == ["=1+1", "\tTAB", "\nCR", "@x", "正常", "badchar"]
    assert all(ws.cell(r, 1).data_type == "s" for r in range(2, 8))
    assert ws["B2"].is_date and ws["C2"].value == datetime(2021, 7, 12, 8, 30)
    assert [ws.cell(r, 4).value for r in range(2, 8)] == ["50.0% (1/2)", "— (0/0)", None, None, 0.5, None]
    assert ws["E7"].value == 6
    assert "<f>" not in sheet_xml(data, "问题 清单 1")


def test_a_member_exports_only_their_own_team(engine):
    org = seeded_round(engine)
    workbook = load(round_workbook(engine, member_of(org, 1), org["round_id"], AS_OF))
    daily = workbook["日记录"]
    assert [daily.cell(r, 1).value for r in range(2, daily.max_row + 1)] == ["测试点2"]
    assert [r[1] for r in workbook["任务分配表"].iter_rows(min_row=3, values_only=True)] == ["测试点2"]


def test_exported_ledger_sheets_reimport_as_already_present(engine):
    org = seeded_round(engine)
    data = round_workbook(engine, SYSTEM, org["round_id"], AS_OF)
    plan = read_ledgers(engine, SYSTEM, org["round_id"], data)
    assert plan.total == 0 and plan.skipped["daily"] == len(HOSTILE_TEXT) + 1 and plan.skipped["problem"] == 2


def test_a_big_round_exports_every_row(engine):
    org = make_round(engine)
    header = ["蹲点单位", "日期", "地点", "工作内容", "走访企业数", "联系职工数", "记录人"]
    rows = lambda i: [f"测试点{1 + i % 2}", date(2021, 7, 12) + timedelta(days=i % 90), "测试镇", f"走访企业第{i}条", 1, 20, None]  # noqa: E731
    import_ledgers(engine, SYSTEM, org["round_id"], fast_sheet_workbook("日记录", header, 5000, rows))
    data = round_workbook(engine, SYSTEM, org["round_id"], AS_OF)
    daily = next(sheet for sheet in read_workbook(data) if sheet.name == "日记录")
    assert len(daily.rows) == 5001
