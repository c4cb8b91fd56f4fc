"""Ledger templates and imports: round-trip, all-or-nothing, permissions, duplicates, 10,000 rows."""

import io
import json
import re
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from data_access.db import read_session
from data_access.excel.columns import sheet_title
from data_access.excel.ledger_io import import_ledgers, preview, read_ledgers, write_ledgers
from data_access.excel.problems import ImportFailed
from data_access.excel.template import ledger_template
from data_access.ledgers import LEDGERS
from data_access.models import AuditLog, DailyRecord, Leave, Problem
from i18n import t
from tests.factories import OFFICE, make_round, member_of
from tests.fixtures.excel_books import fast_sheet_workbook, row_counts, to_bytes

DAY = date(2021, 7, 12)  # a Monday, so every date rule of every ledger holds


def fill(template: bytes, rows_by_sheet: dict[str, list[list]]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for name, rows in rows_by_sheet.items():
        for row in rows:
            workbook[name].append(row)
    return to_bytes(workbook)


def daily(site="测试点1", day=DAY, content="走访两家企业", author="测试员1", workers=30):
    # 蹲点单位, 日期, 地点, 工作内容, 走访企业数, 联系职工数, 记录人
    return [site, day, "测试镇", content, 2, workers, author]


def valid_row(kind: str, site="测试点1", person="测试员1") -> list:
    """One valid row of any ledger, in the template's column order, with Chinese choice labels."""
    values = [site]
    for f in LEDGERS[kind].fields:
        if f.widget == "date":
            values.append(DAY)
        elif f.widget == "choice":
            values.append(t(f"choice.{f.choices}.{f.options[0]}"))
        elif f.widget == "person":
            values.append(person)
        elif f.widget in ("int", "money"):
            values.append(3)
        else:
            values.append(f"{t(f.label_key)}内容")
    return values + [person]


def count(engine, model) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def failure_of(engine, actor, round_id, data) -> list:
    with pytest.raises(ImportFailed) as failure:
        import_ledgers(engine, actor, round_id, data)
    return failure.value.problems


# ---------------------------------------------------------------- the template


def test_template_has_every_ledger_labels_drop_downs_and_instructions():
    workbook = load_workbook(io.BytesIO(ledger_template()))
    assert workbook.sheetnames[0] == "说明" and workbook["选项"].sheet_state == "hidden"
    for kind, spec in LEDGERS.items():
        ws = workbook[sheet_title(kind)]
        header = [c.value for c in ws[1]]
        assert header == ["蹲点单位", *(t(f.label_key) for f in spec.fields), "记录人"]
        assert len(set(header)) == len(header)
        assert ws.freeze_panes == "A2"
    problem = workbook["问题台账"]
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in problem.data_validations.dataValidation}
    category_col = [c.value for c in problem[1]].index("问题类别")
    formula = lists["ABCDEFGHIJKLMNOPQRSTUVWXYZ"[category_col]]
    ref = re.match(r"'?(.+?)'?!\$(\w)\$2:\$\w\$(\d+)", formula)
    values = [c.value for c in workbook[ref.group(1)][ref.group(2)][1 : int(ref.group(3))]]
    assert values == [t(f"choice.problem_category.{code}") for code in LEDGERS["problem"].field("category").options]
    help_text = " ".join(str(c.value) for row in workbook["说明"].iter_rows() for c in row if c.value)
    assert "困难救助" in help_text and "必填" in help_text


def test_template_filled_with_two_rows_imports_two_rows(engine):
    org = make_round(engine)
    data = fill(ledger_template(["daily"]), {"日记录": [daily(), daily(day=date(2021, 7, 13), content="召开座谈会")]})
    plan = read_ledgers(engine, OFFICE, org["round_id"], data)
    shown = preview(plan)
    assert shown.total == 2 and shown.counts.values.tolist() == [["日记录", "测试点1", 2]]
    assert shown.first_rows["日记录"]["工作内容"].tolist() == ["走访两家企业", "召开座谈会"]
    assert count(engine, DailyRecord) == 0  # a preview writes nothing
    assert write_ledgers(engine, OFFICE, plan) == {"daily": 2}
    with read_session(engine) as session:
        rows = session.execute(select(DailyRecord).order_by(DailyRecord.id)).scalars().all()
        audit = session.execute(select(AuditLog)).scalars().all()
    assert [r.work_date for r in rows] == [DAY, date(2021, 7, 13)]
    assert {r.author_id for r in rows} == {org["person_ids"][0]} and rows[0].workers_reached == 30
    assert [(a.action, a.table_name, a.row_id) for a in audit] == [("import", "daily_record", r.id) for r in rows]
    assert json.loads(audit[0].after)["content"] == "走访两家企业"


def test_every_ledger_round_trips_through_its_template(engine):
    org = make_round(engine)
    data = fill(ledger_template(), {sheet_title(kind): [valid_row(kind)] for kind in LEDGERS})
    written = import_ledgers(engine, OFFICE, org["round_id"], data)
    assert written == {kind: 1 for kind in LEDGERS}
    with read_session(engine) as session:
        problem = session.execute(select(Problem)).scalars().one()
        leave = session.execute(select(Leave)).scalars().one()
    assert problem.category == "hardship" and problem.scope == "individual" and problem.status == "open"
    assert leave.person_id == org["person_ids"][0]


def test_importing_the_same_file_again_adds_nothing(engine):
    org = make_round(engine)
    data = fill(ledger_template(["daily"]), {"日记录": [daily(), daily(content="另一条")]})
    import_ledgers(engine, OFFICE, org["round_id"], data)
    before = row_counts(engine)
    plan = read_ledgers(engine, OFFICE, org["round_id"], data)
    assert plan.total == 0 and plan.skipped["daily"] == 2
    assert write_ledgers(engine, OFFICE, plan) == {} and row_counts(engine) == before


def test_a_plan_is_written_once_even_when_confirmed_twice(engine):
    org = make_round(engine)
    data = fill(ledger_template(["daily"]), {"日记录": [daily()]})
    first = read_ledgers(engine, OFFICE, org["round_id"], data)
    second = read_ledgers(engine, OFFICE, org["round_id"], data)  # two tabs, same file
    assert write_ledgers(engine, OFFICE, first) == {"daily": 1}
    with pytest.raises(ImportFailed):
        write_ledgers(engine, OFFICE, first)
    assert write_ledgers(engine, OFFICE, second) == {} and second.skipped["daily"] == 1
    assert count(engine, DailyRecord) == 1


# ---------------------------------------------------------------- all or nothing


def test_one_bad_row_writes_nothing_and_every_problem_is_located(engine):
    org = make_round(engine)
    data = fill(
        ledger_template(["daily", "problem"]),
        {
            "日记录": [
                daily(),
                daily(day="2021-13-40"),
                daily(content=None),
                daily(site="不存在的点"),
                daily(author="外人"),
                daily(workers="1e999"),
                daily(workers="1,200"),
            ],
            "问题台账": [valid_row("problem")[:4] + ["不存在的类别"] + valid_row("problem")[5:]],
        },
    )
    before = row_counts(engine)
    problems = failure_of(engine, OFFICE, org["round_id"], data)
    assert row_counts(engine) == before
    found = {(p.sheet, p.row, p.column, p.key) for p in problems}
    assert found == {
        ("日记录", 3, "日期", "validation.bad_date"),
        ("日记录", 4, "工作内容", "validation.required"),
        ("日记录", 5, "蹲点单位", "excel.ledger.unknown_team"),
        ("日记录", 6, "记录人", "excel.ledger.unknown_person"),
        ("日记录", 7, "联系职工数", "validation.not_integer"),
        ("问题台账", 2, "问题类别", "excel.ledger.not_a_choice"),
    }
    messages = [p.message() for p in problems]
    assert "工作表「日记录」第 3 行「日期」列：不是有效日期（如 2021-07-12）" in messages
    assert any("不存在的类别" in m and "困难救助" in m for m in messages)


def test_several_sheets_are_imported_all_or_nothing(engine):
    org = make_round(engine)
    good = {"日记录": [daily()], "问题台账": [valid_row("problem")]}
    bad = dict(good, 问题台账=[valid_row("problem")[:1] + [None] + valid_row("problem")[2:]])
    before = row_counts(engine)
    failure_of(engine, OFFICE, org["round_id"], fill(ledger_template(["daily", "problem"]), bad))
    assert row_counts(engine) == before
    assert import_ledgers(engine, OFFICE, org["round_id"], fill(ledger_template(["daily", "problem"]), good)) == {"daily": 1, "problem": 1}


def test_missing_and_unknown_columns_are_refused(engine):
    org = make_round(engine)
    wb = Workbook()
    ws = wb.active
    ws.title = "日记录"
    ws.append(["蹲点单位", "日期", "工作内容（简述）", "备注说明"])
    ws.append(["测试点1", DAY, "走访", "x"])
    problems = failure_of(engine, OFFICE, org["round_id"], to_bytes(wb))
    found = {(p.row, p.column, p.key) for p in problems}
    assert found == {
        (1, "工作内容（简述）", "excel.ledger.unknown_column"),
        (1, "备注说明", "excel.ledger.unknown_column"),
        (1, "工作内容", "excel.ledger.missing_column"),
    }


def test_a_workbook_without_ledger_sheets_is_refused(engine):
    org = make_round(engine)
    wb = Workbook()
    wb.active.append(["随便", "什么"])
    [problem] = failure_of(engine, OFFICE, org["round_id"], to_bytes(wb))
    assert problem.key == "excel.ledger.no_sheets" and "日记录" in problem.message()


# ---------------------------------------------------------------- permissions


def test_a_member_cannot_import_another_teams_rows(engine):
    org = make_round(engine)
    me = member_of(org, 0)
    data = fill(ledger_template(["daily"]), {"日记录": [daily(), daily(site="测试点2", author="测试员2")]})
    before = row_counts(engine)
    [problem] = failure_of(engine, me, org["round_id"], data)
    assert (problem.row, problem.column, problem.key) == (3, "蹲点单位", "excel.ledger.not_your_team")
    assert "测试点2" in problem.message() and row_counts(engine) == before


def test_a_member_imports_own_rows_and_a_blank_team_is_their_own(engine):
    org = make_round(engine)
    me = member_of(org, 0)
    data = fill(ledger_template(["daily"]), {"日记录": [daily(), daily(site=None, author=None, content="补记")]})
    assert import_ledgers(engine, me, org["round_id"], data) == {"daily": 2}
    with read_session(engine) as session:
        rows = session.execute(select(DailyRecord.team_id, DailyRecord.author_id)).all()
    assert set(rows) == {(org["team_ids"][0], org["person_ids"][0])}


def test_the_office_must_name_the_team(engine):
    org = make_round(engine)
    data = fill(ledger_template(["daily"]), {"日记录": [daily(site=None)]})
    [problem] = failure_of(engine, OFFICE, org["round_id"], data)
    assert (problem.column, problem.key) == ("蹲点单位", "validation.required")


# ---------------------------------------------------------------- 10,000 rows


def big_daily_workbook(n: int) -> bytes:
    """n daily records over two teams, as Excel stores them (dates as styled serial numbers)."""
    header = ["蹲点单位", "日期", "地点", "工作内容", "走访企业数", "联系职工数", "记录人"]

    def row(i: int) -> list:
        team = 1 + i % 2
        return [f"测试点{team}", DAY + timedelta(days=i % 90), "测试镇", f"走访企业了解用工情况第{i}条", i % 5, i % 50, f"测试员{team}"]

    return fast_sheet_workbook("日记录", header, n, row)


def test_ten_thousand_rows_import_with_an_audit_row_each(engine):
    org = make_round(engine)
    written = import_ledgers(engine, OFFICE, org["round_id"], big_daily_workbook(10_000))
    assert written == {"daily": 10_000}
    assert count(engine, DailyRecord) == 10_000 and count(engine, AuditLog) == 10_000
