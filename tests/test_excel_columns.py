"""What marks a ledger sheet's columns: exported and template sheets import again after a label
changes in the catalogue; both give a column the same width."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from data_access.auth import SYSTEM
from data_access.db import read_session
from data_access.excel.columns import column_keys, sheet_title
from data_access.excel.export import round_workbook
from data_access.excel.ledger_io import import_ledgers, read_ledgers
from data_access.excel.problems import ImportFailed
from data_access.excel.template import ledger_template
from data_access.ledger_store import create_row
from data_access.ledgers import LEDGERS
from data_access.models import DailyRecord
from i18n import CATALOGUE
from tests.factories import OFFICE, make_round
from tests.fixtures.excel_books import to_bytes

AS_OF = date(2021, 8, 2)
# labels a file written today holds, each renamed as a later catalogue might
RENAMED = {
    "excel.col.last_changed": ("最后更新时间", "Updated at"),
    "field.content": ("工作情况", "Work done"),
    "ledger.daily": ("每日工作记录", "Daily log"),
}


def exported_round(engine) -> tuple[dict, bytes, int]:
    org = make_round(engine)
    for n, team in enumerate(org["team_ids"] * 2):
        create_row(engine, OFFICE, "daily", team, {"work_date": date(2021, 7, 13 + n), "content": f"走访企业{n}"})
    return org, round_workbook(engine, SYSTEM, org["round_id"], AS_OF), 4


def rename(monkeypatch, keys=RENAMED) -> None:
    for key in keys:
        monkeypatch.setitem(CATALOGUE, key, RENAMED[key])


def without_names(data: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for ws in workbook.worksheets:
        ws.defined_names.clear()
    return to_bytes(workbook)


def test_an_exported_workbook_imports_again_after_its_labels_are_renamed(engine, monkeypatch):
    org, data, written = exported_round(engine)
    rename(monkeypatch)
    assert sheet_title("daily") == "每日工作记录"  # the file's sheet is still 日记录
    plan = read_ledgers(engine, SYSTEM, org["round_id"], data)
    assert plan.total == 0 and plan.skipped["daily"] == written


def test_a_sheet_without_its_names_is_read_by_its_headers(engine, monkeypatch):
    """The names are what carries the file over a rename: without them the old headers are unknown."""
    org, data, _ = exported_round(engine)
    rename(monkeypatch, ("excel.col.last_changed", "field.content"))
    with pytest.raises(ImportFailed) as failure:
        read_ledgers(engine, SYSTEM, org["round_id"], without_names(data))
    daily = {(p.column, p.key) for p in failure.value.problems if p.sheet == "日记录"}
    assert daily == {
        ("最后修改", "excel.ledger.unknown_column"),
        ("工作内容", "excel.ledger.unknown_column"),
        ("工作情况", "excel.ledger.missing_column"),
    }


def test_a_template_downloaded_before_a_rename_imports_after_it(engine, monkeypatch):
    org = make_round(engine)
    workbook = load_workbook(io.BytesIO(ledger_template(["daily"])))
    workbook["日记录"].append(["测试点1", date(2021, 7, 12), "测试镇", "召开职工座谈会", 1, 12, "测试员1"])
    rename(monkeypatch)
    assert import_ledgers(engine, OFFICE, org["round_id"], to_bytes(workbook)) == {"daily": 1}
    with read_session(engine) as session:
        [row] = session.execute(select(DailyRecord)).scalars().all()
    assert (row.content, row.workers_reached, row.author_id) == ("召开职工座谈会", 12, org["person_ids"][0])


def widths(ws) -> dict[int, float]:
    """Column number -> width, for every column a <col> element covers (a run of equal columns is one)."""
    return {col: d.width for d in ws.column_dimensions.values() if d.min for col in range(d.min, d.max + 1)}


def test_template_and_export_give_each_column_the_same_width(engine):
    org = make_round(engine)
    template = load_workbook(io.BytesIO(ledger_template()))
    export = load_workbook(io.BytesIO(round_workbook(engine, SYSTEM, org["round_id"], AS_OF)))
    for kind, spec in LEDGERS.items():
        filled, exported = template[sheet_title(kind)], export[sheet_title(kind)]
        headers = [c.value for c in filled[1]]
        assert [c.value for c in exported[1]][: len(column_keys(spec))] == headers
        filled_widths, exported_widths = widths(filled), widths(exported)
        for col, header in enumerate(headers, start=1):
            # XlsxWriter stores a width as Excel does, padded by under a character; openpyxl as given
            assert 0 <= exported_widths[col] - filled_widths[col] < 1, (kind, header, filled_widths[col], exported_widths[col])
