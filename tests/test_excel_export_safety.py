"""What the streamed (XlsxWriter) workbooks must keep, read back as a user's Excel or our importer
sees them: text that never turns into a formula, a number or a link; dates, money and rates in
their formats; the summary's three charts over its table; header and band colours; each team's
indicators in the evaluation's detail sheet."""

import io
import re
import zipfile
from datetime import date, datetime

import pandas as pd
from openpyxl import load_workbook

from data_access.auth import SYSTEM
from data_access.db import read_session
from data_access.evaluation import scoring
from data_access.excel.evaluation import evaluation_workbook
from data_access.excel.export import round_workbook, table_workbook
from data_access.ledger_store import create_row
from tests.factories import OFFICE, make_round
from tests.test_evaluation import evaluation, score, score_both  # noqa: F401 (evaluation is a fixture)
from tests.test_excel_export import AS_OF, seeded_round, sheet_xml

FORMULA_LIKE = ["=1+1", "@SUM(A1)", "-3", "+7"]
# XlsxWriter's write() could make the first two numbers and the third a link; a string starting
# and ending with <r>...</r> it copies into the sheet as XML, here smuggling in a formula cell
OTHER_TEXT = ["00123", "1e5", "http://example.com/x", '<r><t>a</t></r></is></c><c r="Z1"><f>1+1</f></c><c><is><r><t>b</t></r>']


def load(data: bytes):
    return load_workbook(io.BytesIO(data))


def colour(cell) -> str:
    return cell.fill.fgColor.rgb[-6:]  # without the alpha, which writers spell differently


def references(chart_xml: str) -> set[str]:
    """The chart's cell references, unquoted and relative: 汇总!C4:C5."""
    return {re.sub(r"[$']", "", ref) for ref in re.findall(r"<(?:c:)?f>([^<]*)</(?:c:)?f>", chart_xml)}


def test_ledger_text_comes_back_as_the_same_text_never_a_formula_number_or_link(engine):
    org = make_round(engine)
    for i, text in enumerate(FORMULA_LIKE + OTHER_TEXT):
        create_row(engine, OFFICE, "daily", org["team_ids"][0], {"work_date": date(2021, 7, 13 + i), "place": "镇", "content": text})
    data = round_workbook(engine, SYSTEM, org["round_id"], AS_OF)
    daily = load(data)["日记录"]
    contents = {daily.cell(r, 4).value: daily.cell(r, 4) for r in range(2, daily.max_row + 1)}
    assert set(contents) == set(FORMULA_LIKE + OTHER_TEXT)
    assert all(cell.data_type == "s" and cell.hyperlink is None for cell in contents.values())
    assert all(contents[text].quotePrefix for text in FORMULA_LIKE)
    xml = sheet_xml(data, "日记录")
    assert "<f>" not in xml and "<hyperlink" not in xml


def test_dates_money_and_the_last_change_keep_their_formats_and_headers_their_look(engine):
    org = make_round(engine)
    create_row(
        engine,
        OFFICE,
        "funds",
        org["team_ids"][0],
        {"entry_date": date(2021, 7, 20), "kind": "spending", "item": "=SUM(1)", "amount": 12.5},
    )
    funds = load(round_workbook(engine, SYSTEM, org["round_id"], AS_OF))["专项经费"]
    header = [c.value for c in funds[1]]
    day, amount, changed = (funds.cell(2, header.index(name) + 1) for name in ("日期", "金额（元）", "最后修改"))
    assert day.is_date and day.value == datetime(2021, 7, 20) and day.number_format == "yyyy-mm-dd"
    assert amount.value == 12.5 and amount.number_format == "0.00"
    assert changed.is_date and changed.number_format == "yyyy-mm-dd hh:mm"
    assert funds.freeze_panes == "A2" and funds["A1"].font.b and colour(funds["A1"]) == "DDEBF7"
    assert funds.column_dimensions["A"].width >= 24


def test_the_summary_keeps_rates_as_percent_and_three_charts_over_its_table(engine):
    org = seeded_round(engine)
    data = round_workbook(engine, SYSTEM, org["round_id"], AS_OF)
    summary = load(data)["汇总"]
    assert summary.cell(4, 3).number_format == "0.0%" and summary.cell(5, 3).number_format == "0.0%"
    six_header = next(r for r in range(6, summary.max_row) if summary.cell(r, 5).value == "完成率")
    assert summary.cell(six_header + 1, 5).number_format == "0.0%"
    archive = zipfile.ZipFile(io.BytesIO(data))
    charts = [archive.read(f"xl/charts/chart{n}.xml").decode() for n in (1, 2, 3)]
    daily, problems, six = charts
    assert "日记录报送率（按工作组）" in daily and "问题数与已解决数（按工作组）" in problems and "六个一批" in six
    assert references(daily) == {"汇总!C3", "汇总!C4:C5", "汇总!B4:B5"}
    assert re.search(r'<(c:)?min val="0"\s*/>', daily) and re.search(r'<(c:)?max val="1"\s*/>', daily) and 'formatCode="0%"' in daily
    assert references(problems) == {"汇总!I3", "汇总!I4:I5", "汇总!J3", "汇总!J4:J5", "汇总!B4:B5"}
    first, last = six_header + 1, six_header + 6
    assert references(six) == {f"汇总!{c}{six_header}" for c in "CD"} | {f"汇总!{c}{first}:{c}{last}" for c in "BCD"}


def test_the_ranking_colours_the_top_band_green_and_the_bottom_red(engine, evaluation):  # noqa: F811
    score(engine, evaluation, 0, [0, 0, 0])  # team 1: 30 points, 差
    score(engine, evaluation, 1, [70, 90])  # team 2: 92 points, 好
    ranking = load(evaluation_workbook(engine, OFFICE, evaluation["scheme_id"]))["考核结果"]
    rows = {ranking.cell(r, 2).value: r for r in (4, 5)}
    band = len([c for c in ranking[3] if c.value is not None]) - 1
    top, bottom = ranking.cell(rows["2. 测试点2"], band), ranking.cell(rows["1. 测试点1"], band)
    assert (top.value, colour(top)) == ("好", "C6EFCE")
    assert (bottom.value, colour(bottom)) == ("差", "FFC7CE")
    total = ranking.cell(rows["2. 测试点2"], band - 1)
    assert total.value == 92 and total.number_format == "0.00" and total.font.b
    assert colour(ranking.cell(3, 1)) == "DDEBF7"


def test_a_table_named_in_quotes_still_exports():
    frame = pd.DataFrame({"名称": ["-1", "正常"], "日期": [date(2021, 7, 12), None]})
    ws = load(table_workbook(frame, "'季度'")).active
    assert ws.title == "季度" and ws["A2"].value == "-1" and ws["A2"].data_type == "s" and ws["B2"].is_date


def test_the_detail_sheet_holds_each_teams_breakdown_in_ranking_order(engine, evaluation):  # noqa: F811
    score_both(engine, evaluation)
    detail = load(evaluation_workbook(engine, OFFICE, evaluation["scheme_id"]))["逐项得分"]
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    expected = []
    with read_session(engine) as session:
        for team in scoring.scoreboard(session, evaluation["scheme_id"]).itertuples():
            for row in scoring.breakdown(session, evaluation["scheme_id"], int(team.team_id)).itertuples():
                evaluators = None if pd.isna(row.evaluators) else int(row.evaluators)
                expected.append((f"{team.seq}. {team.site_name}", row.name, evaluators, row.score, row.points))
    assert [(r[0], r[2], r[8], r[9], r[10]) for r in rows] == expected
    assert [r[0] for r in rows] == ["2. 测试点2"] * 2 + ["1. 测试点1"] * 2
    assert [r[5:8] for r in rows if r[2] == "解决率"] == [(100, 4, 4), (60, 3, 5)]


def test_text_like_markup_an_excel_escape_or_padded_with_spaces_reads_back_as_written():
    frame = pd.DataFrame(
        {
            "文本": ['a & b <c> "d"', "_x0041_ 不是 A", "  两端空格  ", "行一\r\n行二", "坏\ufffe字"],
            "是否": [True, False, None, True, False],
            "数": [1234567890123, 0.1, -2.5, 7, float("inf")],
        }
    )
    ws = load(table_workbook(frame)).active
    # Excel shows "_x005F_" as an underscore (openpyxl leaves it), so Excel shows the text as typed,
    # not "A" for "_x0041_"; a carriage return comes back as XML reads it, a line feed
    assert [ws.cell(r, 1).value for r in range(2, 7)] == ['a & b <c> "d"', "_x005F_x0041_ 不是 A", "  两端空格  ", "行一\n行二", "坏字"]
    assert [ws.cell(r, 2).value for r in range(2, 7)] == [True, False, None, True, False]
    assert [ws.cell(r, 3).value for r in range(2, 7)] == [1234567890123, 0.1, -2.5, 7, None]
