"""The row writer (data_access/excel/cells.py) writes through XlsxWriter's private parts: it is
checked against one XlsxWriter version, and refuses to write with any other."""

import re
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from data_access.excel.cells import CHECKED_XLSXWRITER, UncheckedXlsxWriter
from data_access.excel.export import table_workbook

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"


def test_the_installed_xlsxwriter_is_the_one_the_row_writer_was_checked_against():
    assert xlsxwriter.__version__ == CHECKED_XLSXWRITER, (
        f"XlsxWriter {xlsxwriter.__version__} is installed, but data_access/excel/cells.py (_RowSheet, "
        f"_style_attribute) was checked against XlsxWriter {CHECKED_XLSXWRITER}: install "
        f"XlsxWriter=={CHECKED_XLSXWRITER}, or re-read those private parts in the new version, run the export "
        "tests, then update CHECKED_XLSXWRITER and requirements.txt together"
    )


def test_requirements_pin_the_checked_xlsxwriter():
    pinned = re.search(r"^xlsxwriter==(\S+)$", REQUIREMENTS.read_text(), re.IGNORECASE | re.MULTILINE)
    assert pinned is not None, "requirements.txt must pin XlsxWriter exactly (the row writer uses its private parts)"
    assert pinned.group(1) == CHECKED_XLSXWRITER, (
        f"requirements.txt pins XlsxWriter {pinned.group(1)} but cells.py was checked against {CHECKED_XLSXWRITER}"
    )


def test_another_xlsxwriter_is_refused_before_a_workbook_is_written(monkeypatch):
    monkeypatch.setattr(xlsxwriter, "__version__", "3.4.0")
    with pytest.raises(
        UncheckedXlsxWriter, match=rf"XlsxWriter 3\.4\.0 is installed.*XlsxWriter {re.escape(CHECKED_XLSXWRITER)}"
    ) as refused:
        table_workbook(pd.DataFrame({"a": [1]}))
    assert "requirements.txt" in str(refused.value)
