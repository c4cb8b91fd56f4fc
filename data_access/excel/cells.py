"""Cells for the workbooks we write: text that can never run as a formula, values openpyxl can
hold, bold headers (write-only mode, so a big sheet never sits in memory as cells)."""
from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from data_access.figures.common import Rate

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def clean_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:MAX_CELL_TEXT]


def cell(ws, value: Any, *, bold: bool = False, number_format: str | None = None, fill: PatternFill | None = None) -> Any:
    """A value ready to append to a write-only sheet; text is never a formula."""
    value = plain(value)
    styled = bold or number_format or fill
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith(FORMULA_STARTS):
            c = WriteOnlyCell(ws)
            c.value = value
            c.data_type = "s"  # a string cell: Excel shows it, never evaluates it
            c.quotePrefix = True  # and keeps it text when the user edits the cell
            return _styled(c, bold, number_format, fill)
    if not styled:
        return value
    return _styled(WriteOnlyCell(ws, value), bold, number_format, fill)


def _styled(c, bold: bool, number_format: str | None, fill: PatternFill | None):
    if bold:
        c.font = HEADER_FONT
    if number_format:
        c.number_format = number_format
    if fill:
        c.fill = fill
    return c


def plain(value: Any) -> Any:
    """A value openpyxl can write: no NaN, no numpy scalars, no time zones, Rates as text."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, Rate):
        return str(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, (str, bool, int, date)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    return str(value)


def save_workbook(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
