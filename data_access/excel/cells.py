"""Cells for the workbooks we write: text that can never run as a formula, values Excel can hold,
each format made once per workbook.

XlsxWriter in constant-memory mode streams each finished row to a temporary file, so a big
sheet never sits in memory as cells; the price is that rows must be written in order, top down.
"""
from __future__ import annotations

import io
import math
import re
from datetime import date, datetime
from typing import Any, Callable, Iterable, NamedTuple, Sequence

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format

from data_access.figures.common import Rate

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32767
HEADER_FILL = "#DDEBF7"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"
OPTIONS = {
    "constant_memory": True,
    # we only ever call write_string, but no text should turn into a formula, link or number
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,  # as plain() does: Excel has no time zones
}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0

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


def _line_feeds(text: str) -> str:
    """Carriage returns as line feeds, as an XML reader turns them anyway: XlsxWriter would write
    them as ``_x000D_``, which our importer (openpyxl) reads back literally."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


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


class Book:
    """An .xlsx written into memory; ``to_bytes`` finishes it."""

    def __init__(self) -> None:
        self._output = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._output, OPTIONS)
        self._formats: dict[Style, Format] = {}

    def format(self, cell_style: Style) -> Format | None:
        if not cell_style:
            return None
        found = self._formats.get(cell_style)
        if found is None:
            found = self._formats[cell_style] = self.workbook.add_format(dict(cell_style))
        return found

    def sheet(self, name: str, widths: Sequence[float] = (), *, freeze_header: bool = False) -> Sheet:
        worksheet = self.workbook.add_worksheet(name)
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

    def __init__(self, book: Book, worksheet) -> None:
        self.book, self.worksheet, self.row = book, worksheet, 0
        self._writers: dict[Style, Callable[[int, int, Any], None]] = {}

    @property
    def name(self) -> str:
        return self.worksheet.name

    def writer(self, cell_style: Style = PLAIN) -> Callable[[int, int, Any], None]:
        """Writes any value at (row, col) in ``cell_style``, made once per style."""
        found = self._writers.get(cell_style)
        if found is None:
            found = self._writers[cell_style] = _CellWriter(self.book, self.worksheet, cell_style).write
        return found

    def append(self, values: Iterable[Any] = ()) -> None:
        """The next row; a ``Styled`` value in its own style, the others plain."""
        row, plain_writer = self.row, self.writer()
        for col, value in enumerate(values):
            if value.__class__ is Styled:
                self.writer(value.style)(row, col, value.value)
            else:
                plain_writer(row, col, value)
        self.row += 1

    def header(self, labels: Iterable[str]) -> None:
        self.append(Styled(label, HEADER) for label in labels)

    def row_writer(self, styles: Sequence[Style]) -> Callable[[Sequence[Any]], None]:
        """Appends rows whose columns take these styles: the writers are picked once, not per cell."""
        writers = [self.writer(s) for s in styles]

        def append(values: Sequence[Any]) -> None:
            row = self.row
            for col, (write, value) in enumerate(zip(writers, values)):
                write(row, col, value)
            self.row = row + 1

        return append


_CELL_TYPES = (bool, int, float, str, datetime, date)  # a bool is an int, a datetime a date


def _cell_type(value: Any) -> type:
    """The type of a plain() value whose writer to use."""
    return type(None) if value is None else next(kind for kind in _CELL_TYPES if isinstance(value, kind))


class _CellWriter:
    """Writes a value with the method of its type; types outside the table go through plain()."""

    def __init__(self, book: Book, worksheet, cell_style: Style) -> None:
        self._ws = worksheet
        self._format = book.format(cell_style)
        # Excel shows a string cell and never evaluates it; the quote prefix keeps it text when edited
        self._quoted = book.format(_with(cell_style, quote_prefix=True))
        self._run = book.format(style(font_name="Calibri"))
        self._date = book.format(_dated(cell_style, DATE))  # else Excel shows the day as a number
        self._datetime = book.format(_dated(cell_style, DATETIME))
        self._by_type: dict[type, Callable[[int, int, Any], Any]] = {
            str: self._text, int: self._number, float: self._float, bool: self._boolean,
            datetime: self._moment, date: self._day, type(None): self._blank,
        }

    def write(self, row: int, col: int, value: Any) -> None:
        write = self._by_type.get(value.__class__)
        if write is None:  # numpy scalars, Timestamps, Rates, NaT, subclasses
            value = plain(value)
            write = self._by_type[_cell_type(value)]
        write(row, col, value)

    def _text(self, row: int, col: int, value: str) -> None:
        text = clean_text(value)
        if not text:
            self._ws.write_blank(row, col, None, self._format)
        elif text.startswith(FORMULA_STARTS):
            self._ws.write_string(row, col, _line_feeds(text), self._quoted)
        elif text.startswith("<r>") and text.endswith("</r>"):
            # XlsxWriter would copy such a string into the sheet as raw rich-text XML; runs are escaped
            runs = [text[0], self._run, _line_feeds(text[1:])]
            self._ws.write_rich_string(row, col, *runs, *([self._format] if self._format else []))
        else:
            self._ws.write_string(row, col, _line_feeds(text), self._format)

    def _number(self, row: int, col: int, value: int) -> None:
        self._ws.write_number(row, col, value, self._format)

    def _float(self, row: int, col: int, value: float) -> None:
        if math.isfinite(value):
            self._ws.write_number(row, col, value, self._format)
        else:
            self._ws.write_blank(row, col, None, self._format)

    def _boolean(self, row: int, col: int, value: bool) -> None:
        self._ws.write_boolean(row, col, value, self._format)

    def _moment(self, row: int, col: int, value: datetime) -> None:
        self._ws.write_datetime(row, col, value, self._datetime)

    def _day(self, row: int, col: int, value: date) -> None:
        self._ws.write_datetime(row, col, value, self._date)

    def _blank(self, row: int, col: int, value: None) -> None:
        self._ws.write_blank(row, col, None, self._format)
