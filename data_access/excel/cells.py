"""Cells for the workbooks we write: text that can never run as a formula, values Excel can hold,
each format made once per workbook.

XlsxWriter makes the workbook (styles, column widths, frozen panes, charts) and, in constant-memory
mode, streams each finished row to a temporary file, so a big sheet never sits in memory as cells;
the price is that rows are written in order, top down. The rows themselves are written here as
XML (``_RowSheet``): XlsxWriter's cell-by-cell API spends some 15 µs a cell on checks, a cell
object and XML built from attribute lists, and a national round's ledgers are 2.4 million cells.
That leans on XlsxWriter's private parts, so a workbook is refused (``Book``) unless the installed
XlsxWriter is the version they were checked against.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cache, cached_property
from typing import Any, NamedTuple

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from data_access.figures.common import Rate

CHECKED_XLSXWRITER = "3.3.1"  # the version _RowSheet and _style_attribute were read against; pinned in requirements.txt
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767
HEADER_FILL = "#DDEBF7"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
OPTIONS = {"constant_memory": True}  # no cell goes through XlsxWriter's write(): no conversions to set
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")  # Excel reads _x0041_ in text as "A"
_MARKUP = re.compile("[&<>]")
_EXCEL_EPOCH = date(1899, 12, 31).toordinal()  # day 1 is 1900-01-01

Style = tuple[tuple[str, Any], ...]  # XlsxWriter format properties, hashable to cache the Format


def style(**properties: Any) -> Style:
    return tuple(sorted(properties.items()))


PLAIN: Style = ()
BOLD = style(bold=True)
HEADER = style(bold=True, bg_color=HEADER_FILL)


def _with(base: Style, **properties: Any) -> Style:
    return style(**{**dict(base), **properties})


def _dated(base: Style, num_format: str) -> Style:
    """``base`` with a date format, unless it has a number format of its own."""
    return base if "num_format" in dict(base) else _with(base, num_format=num_format)


class Styled(NamedTuple):
    """A value for ``Sheet.append`` that takes a style of its own."""

    value: Any
    style: Style


def clean_text(text: str) -> str:
    """Text XML can carry, within Excel's limit."""
    return _ILLEGAL.sub("", text)[:MAX_CELL_TEXT]


def plain(value: Any) -> Any:
    """A value a cell holds: None, str, bool, int, float, date or datetime; no NaN or infinity,
    no numpy scalars, no time zones, Rates as text."""
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
        return value if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalar
        return plain(value.item())
    return str(value)


class UncheckedXlsxWriter(RuntimeError):
    """The installed XlsxWriter is not the one the row writer was checked against."""


def require_checked_xlsxwriter() -> None:
    """Refuse to write with another XlsxWriter: its private parts may have changed under the row
    writer, which would then make workbooks that Excel repairs or refuses, without any error here."""
    installed = xlsxwriter.__version__
    if installed != CHECKED_XLSXWRITER:
        raise UncheckedXlsxWriter(
            f"XlsxWriter {installed} is installed, but data_access/excel/cells.py writes rows through private parts "
            f"of XlsxWriter {CHECKED_XLSXWRITER} (Worksheet._write_single_row, _check_dimensions, fh, "
            f"Format._get_xf_index). Install XlsxWriter=={CHECKED_XLSXWRITER} (requirements.txt), or re-check "
            f"_RowSheet against {installed}, run tests/test_excel_*.py and update CHECKED_XLSXWRITER and the pin."
        )


class Book:
    """An .xlsx written into memory; ``to_bytes`` finishes it."""

    def __init__(self) -> None:
        require_checked_xlsxwriter()
        self._output = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._output, OPTIONS)
        self._formats: dict[Style, Format] = {}
        self._cells: dict[Style, _Cells] = {}

    def format(self, cell_style: Style) -> Format | None:
        if not cell_style:
            return None
        found = self._formats.get(cell_style)
        if found is None:
            found = self._formats[cell_style] = self.workbook.add_format(dict(cell_style))
        return found

    def cells(self, cell_style: Style = PLAIN) -> Callable[[str, Any], str]:
        """The XML of a cell in ``cell_style``, from its reference ("B7") and any value."""
        found = self._cells.get(cell_style)
        if found is None:
            found = self._cells[cell_style] = _Cells(self, cell_style)
        return found.xml

    def sheet(self, name: str, widths: Sequence[float] = (), *, freeze_header: bool = False) -> Sheet:
        worksheet = self.workbook.add_worksheet(name, worksheet_class=_RowSheet)
        for col, width in enumerate(widths):
            worksheet.set_column(col, col, width)
        if freeze_header:
            worksheet.freeze_panes(1, 0)
        return Sheet(self, worksheet)

    def to_bytes(self) -> bytes:
        self.workbook.close()
        return self._output.getvalue()


class Sheet:
    """One worksheet, written a row at a time from the top."""

    def __init__(self, book: Book, worksheet: _RowSheet) -> None:
        self.book, self.worksheet, self.row = book, worksheet, 0

    @property
    def name(self) -> str:
        return self.worksheet.name

    def name_cell(self, name: str, row: int, col: int) -> None:
        """A defined name, local to this sheet, for one cell (counted from 0, as XlsxWriter does)."""
        quoted = "'" + self.name.replace("'", "''") + "'"
        self.book.workbook.define_name(f"{quoted}!{name}", f"={quoted}!${_column(col)}${row + 1}")

    def append(self, values: Iterable[Any] = ()) -> None:
        """The next row; a ``Styled`` value in its own style, the others plain."""
        number, plain_cell, cells = str(self.row + 1), self.book.cells(), []
        for col, value in enumerate(values):
            if value.__class__ is Styled:
                cells.append(self.book.cells(value.style)(_column(col) + number, value.value))
            else:
                cells.append(plain_cell(_column(col) + number, value))
        self._finish_row(cells)

    def header(self, labels: Iterable[str], names: Sequence[str] = ()) -> None:
        """A row of bold labels on a fill; ``names``: a defined name for each of its cells."""
        for col, name in enumerate(names):
            self.name_cell(name, self.row, col)
        self.append(Styled(label, HEADER) for label in labels)

    def row_writer(self, styles: Sequence[Style]) -> Callable[[Sequence[Any]], None]:
        """Appends rows whose columns take these styles: the cell writers are picked once, not per cell."""
        columns = [(_column(col), self.book.cells(s)) for col, s in enumerate(styles)]

        def append(values: Sequence[Any]) -> None:
            number = str(self.row + 1)
            self._finish_row([cell(letters + number, value) for (letters, cell), value in zip(columns, values)])

        return append

    def _finish_row(self, cells: list[str]) -> None:
        if any(cells):
            self.worksheet.add_row(self.row, len(cells) - 1, "".join(cells))
        self.row += 1


class _RowSheet(Worksheet):
    """A worksheet that takes each row as finished XML, into the stream XlsxWriter keeps in
    constant-memory mode. Written against XlsxWriter CHECKED_XLSXWRITER (Book refuses any other);
    the export tests read every kind of cell back with openpyxl."""

    def add_row(self, row: int, last_col: int, cells: str) -> None:
        self._write_single_row(row)  # whatever XlsxWriter still holds of an earlier row
        if self._check_dimensions(row, 0) or self._check_dimensions(row, last_col):
            raise ValueError(f"row {row + 1}, column {last_col + 1} is beyond what an Excel sheet holds")
        self.fh.write(f'<row r="{row + 1}">{cells}</row>')


@cache
def _column(col: int) -> str:
    return xl_col_to_name(col)


_CELL_TYPES = (bool, int, float, str, datetime, date)  # a bool is an int, a datetime a date


def _cell_type(value: Any) -> type:
    """The type of a plain() value whose writer to use."""
    return type(None) if value is None else next(kind for kind in _CELL_TYPES if isinstance(value, kind))


def _style_attribute(cell_format: Format | None) -> str:
    # XlsxWriter numbers a format when a cell first uses it, as it does for its own cells
    return f' s="{cell_format._get_xf_index()}"' if cell_format else ""


def _serial(day: date) -> int:
    """Excel's day number, which counts a 29 February 1900 that never was."""
    days = day.toordinal() - _EXCEL_EPOCH
    return days + 1 if days > 59 else days


class _Cells:
    """The XML of a cell in one style, by the value's type; types outside the table go through plain()."""

    def __init__(self, book: Book, cell_style: Style) -> None:
        self._book, self._style = book, cell_style
        self._plain = self._attribute(cell_style)
        self._by_type: dict[type, Callable[[str, Any], str]] = {
            str: self._text,
            int: self._number,
            float: self._float,
            bool: self._boolean,
            datetime: self._moment,
            date: self._day,
            type(None): self._blank,
        }

    # the variants are made when first needed, so that a workbook holds only the formats its cells use
    @cached_property
    def _quoted(self) -> str:
        # Excel shows a string cell and never evaluates it; the quote prefix keeps it text when edited
        return self._attribute(_with(self._style, quote_prefix=True))

    @cached_property
    def _date(self) -> str:
        return self._attribute(_dated(self._style, DATE))  # else Excel shows the day as a number

    @cached_property
    def _datetime(self) -> str:
        return self._attribute(_dated(self._style, DATETIME))

    def _attribute(self, cell_style: Style) -> str:
        return _style_attribute(self._book.format(cell_style))

    def xml(self, ref: str, value: Any) -> str:
        write = self._by_type.get(value.__class__)
        if write is None:  # numpy scalars, Timestamps, Rates, NaT, subclasses
            value = plain(value)
            write = self._by_type[_cell_type(value)]
        return write(ref, value)

    def _text(self, ref: str, value: str) -> str:
        text = clean_text(value)
        if not text:
            return self._blank(ref, None)
        style_attribute = self._quoted if text.startswith(FORMULA_STARTS) else self._plain
        if "_x" in text:
            text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
        space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
        if _MARKUP.search(text):
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<c r="{ref}"{style_attribute} t="inlineStr"><is><t{space}>{text}</t></is></c>'

    def _number(self, ref: str, value: int | float, style_attribute: str | None = None) -> str:
        return f'<c r="{ref}"{self._plain if style_attribute is None else style_attribute}><v>{value:.16G}</v></c>'

    def _float(self, ref: str, value: float) -> str:
        return self._number(ref, value) if math.isfinite(value) else self._blank(ref, None)

    def _boolean(self, ref: str, value: bool) -> str:
        return f'<c r="{ref}"{self._plain} t="b"><v>{int(value)}</v></c>'

    def _moment(self, ref: str, value: datetime) -> str:
        # the wall-clock time, its zone dropped, as plain() does: Excel has no time zones
        time_of_day = (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
        return self._number(ref, _serial(value) + time_of_day, self._datetime)

    def _day(self, ref: str, value: date) -> str:
        return self._number(ref, _serial(value), self._date)

    def _blank(self, ref: str, _value: None) -> str:
        return f'<c r="{ref}"{self._plain}/>' if self._plain else ""
