"""Hostile and broken uploads: each gives a clear message and leaves the database as it was."""

import io
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook

from data_access.excel import safe_read
from data_access.excel.cli import run_import
from data_access.excel.problems import ImportFailed
from data_access.excel.safe_read import read_workbook
from tests.factories import make_round
from tests.fixtures.excel_books import (
    SEED_ROWS,
    billion_laughs_workbook,
    fast_sheet_workbook,
    plain_table,
    replace_part,
    row_counts,
    to_bytes,
    zip_bomb_workbook,
)

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


def key_of(data: bytes, **caps) -> tuple[str, str]:
    with pytest.raises(ImportFailed) as failure:
        read_workbook(data, **caps)
    [problem] = failure.value.problems
    return problem.key, problem.message()


def empty_workbook() -> bytes:
    return to_bytes(Workbook())


def without_content_types() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(plain_table(SEED_ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name != "[Content_Types].xml":
                target.writestr(name, source.read(name))
    return out.getvalue()


def too_many_rows() -> bytes:
    return fast_sheet_workbook("日记录", ["蹲点单位", "日期", "工作内容"], safe_read.MAX_ROWS + 5, lambda i: ["测试点1", "2021-07-13", "x"])


def too_many_columns() -> bytes:
    wb = Workbook()
    wb.active.cell(3, safe_read.MAX_COLS + 1, "远处的值")
    return to_bytes(wb)


HOSTILE = {
    "plain text": (b"not a spreadsheet at all", "excel.not_workbook"),
    "nothing": (b"", "excel.not_workbook"),
    "old xls (OLE)": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "excel.not_workbook"),
    "password-protected xlsx (OLE)": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100,
        "excel.encrypted",
    ),
    "zip without content types": (without_content_types(), "excel.not_workbook"),
    "truncated workbook": (plain_table(SEED_ROWS)[:-200], "excel.not_workbook"),
    "empty workbook": (empty_workbook(), "excel.empty"),
    "zip bomb (120 MB of zeros)": (zip_bomb_workbook(120), "excel.zip_bomb"),
    "compression ratio bomb (40 MB)": (zip_bomb_workbook(40), "excel.zip_bomb"),
    "billion laughs in a sheet": (billion_laughs_workbook(), "excel.xml_forbidden"),
    "external entity": (replace_part(plain_table(SEED_ROWS), "xl/worksheets/sheet1.xml", XXE), "excel.xml_forbidden"),
    "DTD in utf-16": (
        replace_part(
            plain_table(SEED_ROWS), "xl/worksheets/sheet1.xml", XXE.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16")
        ),
        "excel.xml_forbidden",
    ),
    "broken sheet xml": (
        replace_part(plain_table(SEED_ROWS), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"),
        "excel.unreadable",
    ),
    "too many rows": (too_many_rows(), "excel.too_many_rows"),
    "too many columns": (too_many_columns(), "excel.too_many_columns"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_gives_a_clear_message(name):
    data, expected = HOSTILE[name]
    key, message = key_of(data)
    assert key == expected
    assert message and not message.startswith("excel.")  # a real sentence from the catalogue


@pytest.mark.parametrize(
    "name", ["plain text", "empty workbook", "zip bomb (120 MB of zeros)", "billion laughs in a sheet", "too many rows"]
)
def test_hostile_file_leaves_the_database_unchanged(engine, tmp_path, name):
    org = make_round(engine)
    path = tmp_path / "upload.xlsx"
    path.write_bytes(HOSTILE[name][0])
    before = row_counts(engine)
    said = []
    assert run_import(path, org["round_id"], engine=engine, out=said.append) == 1
    assert row_counts(engine) == before
    assert any(line.startswith("  - ") for line in said)


def test_missing_column_leaves_the_database_unchanged(engine, tmp_path):
    org = make_round(engine)
    path = tmp_path / "table.xlsx"
    path.write_bytes(plain_table([r[:4] for r in SEED_ROWS], header=("序号", "蹲点单位", "联系领导", "带队组长")))
    before = row_counts(engine)
    said = []
    assert run_import(path, org["round_id"], engine=engine, out=said.append) == 1
    assert row_counts(engine) == before
    assert any("组员" in line and "缺少" in line for line in said)


def test_defusedxml_is_the_second_line_of_defence(monkeypatch):
    assert openpyxl.DEFUSEDXML
    monkeypatch.setattr(safe_read, "_FORBIDDEN_MARKERS", ())  # skip our own scan
    assert key_of(billion_laughs_workbook())[0] == "excel.xml_forbidden"


def test_declared_sizes_cannot_hide_a_bomb(monkeypatch):
    monkeypatch.setattr(safe_read, "MAX_TOTAL_BYTES", 2 * 2**20)
    assert key_of(zip_bomb_workbook(3))[0] == "excel.zip_bomb"


def test_caps_can_be_lowered_per_call():
    data = fast_sheet_workbook("日记录", ["a"], 50, lambda i: [i])
    assert key_of(data, max_rows=20)[0] == "excel.too_many_rows"
    assert len(read_workbook(data)[0].rows) == 51


def test_merged_cells_are_filled_and_blank_rows_dropped():
    wb = Workbook()
    ws = wb.active
    ws.append(["标题"])
    ws.merge_cells("A1:C1")
    ws.append([])
    ws.append(["a", "b", "  "])
    ws.append([None, "c"])
    ws.merge_cells("A3:A4")
    [sheet] = read_workbook(to_bytes(wb))
    assert sheet.rows == {1: ["标题", "标题", "标题"], 3: ["a", "b"], 4: ["a", "c"]}


def test_damaged_files_never_crash_the_reader():
    import random

    from data_access.excel.assignment import read_assignment

    good = plain_table(SEED_ROWS)
    rng = random.Random(20210712)
    for _ in range(150):
        data = bytearray(good)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            read_assignment(bytes(data))
        except ImportFailed as failure:
            assert failure.problems and all(p.message() for p in failure.problems)
