"""Uploads that are refused for what is really wrong with them, before the work of parsing them
(issue 21 item 6), and a 1904-system workbook's days read as Excel shows them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from data_access.excel import safe_read
from data_access.excel.cli import run_import
from data_access.excel.ledger_io import import_ledgers
from data_access.excel.problems import ImportFailed
from data_access.excel.safe_read import read_workbook
from data_access.excel.template import ledger_template
from data_access.ledger_store import list_rows
from tests.factories import OFFICE, make_round
from tests.fixtures.excel_books import SEED_ROWS, fast_sheet_workbook, huge_sheet_workbook, plain_table, replace_part, row_counts, to_bytes


def refusal(data: bytes) -> tuple[str, str, str]:
    with pytest.raises(ImportFailed) as failure:
        read_workbook(data)
    [problem] = failure.value.problems
    return problem.key, problem.message("zh"), problem.message("en")


@pytest.fixture
def never_parsed(monkeypatch):
    """Fail the test if openpyxl is ever asked to parse the upload."""

    def parse(*args, **kwargs):
        raise AssertionError("the upload was parsed")

    monkeypatch.setattr(safe_read, "_read_sheets", parse)


def test_a_200000_row_sheet_too_big_to_unpack_is_refused_for_its_rows(monkeypatch, never_parsed):
    # 200,000 rows unpack to 37 MB; with a budget below that the sheet trips it, as a wider one trips 50 MB
    monkeypatch.setattr(safe_read, "MAX_TOTAL_BYTES", 8 * 2**20)
    key, zh, en = refusal(huge_sheet_workbook(200_000))
    assert key == "excel.too_many_rows"
    assert zh == "行数过多（最多 20000 行），请拆分后分批导入" and en == "Too many rows (at most 20000); please split the file"


def test_padding_that_is_not_rows_is_still_a_zip_bomb(monkeypatch):
    monkeypatch.setattr(safe_read, "MAX_TOTAL_BYTES", 2 * 2**20)
    padded = replace_part(plain_table(SEED_ROWS), "xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (3 * 2**20) + b"</worksheet>")
    assert refusal(padded)[0] == "excel.zip_bomb"


@pytest.mark.parametrize("declaration", ["<!DocType w>", "<!doctype w>", '<!eNtItY x "y">'])
def test_a_declaration_in_any_letter_case_is_refused_as_a_declaration(declaration, never_parsed):
    sheet = f'<?xml version="1.0"?>{declaration}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    key, zh, en = refusal(replace_part(plain_table(SEED_ROWS), "xl/worksheets/sheet1.xml", sheet.encode()))
    assert key == "excel.xml_forbidden"
    assert "不接受" in zh and "not accepted" in en


def test_a_declaration_cut_between_two_chunks_is_found(never_parsed):
    sheet = b"<worksheet>" + b"x" * (safe_read._CHUNK - 13) + b"<!DOCTYPE w><sheetData/></worksheet>"
    assert refusal(replace_part(plain_table(SEED_ROWS), "xl/worksheets/sheet1.xml", sheet))[0] == "excel.xml_forbidden"


def shared_strings(n: int) -> bytes:
    items = "".join(f"<si><t>文字{i}</t></si>" for i in range(n))
    return f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{n}" uniqueCount="{n}">{items}</sst>'.encode()


def test_too_many_distinct_strings_are_refused_before_parsing(never_parsed):
    data = replace_part(plain_table(SEED_ROWS), "xl/sharedStrings.xml", shared_strings(safe_read.MAX_SHARED_STRINGS + 1))
    key, zh, en = refusal(data)
    assert key == "excel.too_many_strings"
    assert zh == "文件中不同的文字过多（超过 200,000 个），请拆分后分批导入"


def test_as_many_strings_as_allowed_pass_the_count(monkeypatch):
    monkeypatch.setattr(safe_read, "MAX_SHARED_STRINGS", 50)
    data = replace_part(plain_table([]), "xl/sharedStrings.xml", shared_strings(50))
    safe_read._check_parts(safe_read._open_zip(data))  # no refusal at exactly the bound


def test_too_many_cells_are_refused_before_parsing(monkeypatch, never_parsed):
    monkeypatch.setattr(safe_read, "MAX_CELLS", 1000)
    data = fast_sheet_workbook("日记录", ["a", "b"], 600, lambda i: [i, i])  # 1,202 cells with the header
    key, zh, _ = refusal(data)
    assert key == "excel.too_many_cells" and zh == "文件中单元格过多（超过 1,000 个），请删除多余内容或拆分后分批导入"


def test_a_refused_upload_leaves_the_database_unchanged(engine, tmp_path):
    org = make_round(engine)
    path = tmp_path / "upload.xlsx"
    path.write_bytes(replace_part(plain_table(SEED_ROWS), "xl/sharedStrings.xml", shared_strings(safe_read.MAX_SHARED_STRINGS + 1)))
    before = row_counts(engine)
    said = []
    assert run_import(path, org["round_id"], engine=engine, out=said.append) == 1
    assert row_counts(engine) == before
    assert any("不同的文字过多" in line for line in said)


def test_a_day_number_in_a_general_cell_of_a_1904_workbook_counts_from_1904(engine):
    org = make_round(engine)
    workbook = load_workbook(io.BytesIO(ledger_template()))
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook["日记录"]
    day = date(2021, 7, 13)
    sheet.append(["测试点1", (day - date(1904, 1, 1)).days, "测试镇", "走访企业", 1, 2, None])
    sheet.cell(sheet.max_row, 2).number_format = "General"  # a plain number, as typed into a General cell
    import_ledgers(engine, OFFICE, org["round_id"], to_bytes(workbook))
    [stored] = list_rows(engine, OFFICE, "daily")["work_date"].tolist()
    assert stored == day  # the 1900 epoch would have made it 2017-07-12
