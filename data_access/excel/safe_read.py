"""Open an uploaded workbook defensively, before and while openpyxl reads it.

Checks, in order, each failing with an ``ImportProblem`` and never a crash:
1. it is a zip holding ``[Content_Types].xml`` (else "not a workbook", e.g. an old .xls);
2. the zip is not a bomb: bounded entry count, total and per-entry decompressed size and
   compression ratio, measured by actually decompressing (declared sizes can lie); a sheet
   too big to unpack is said to have too many rows when it does;
3. no XML part declares a DTD or entity, in any letter case (XML bomb, billion laughs,
   external entities) — and openpyxl parses with defusedxml on top (``openpyxl.DEFUSEDXML``,
   asserted below);
4. the work parsing would take is bounded before it starts: shared strings and cells are
   counted in the same pass (2 million distinct strings took 27 s and 513 MB to parse);
5. every sheet's used area stays within ``max_rows`` x ``max_cols``;
6. something is written somewhere (else "empty workbook").

Besides its cells, each sheet keeps its own defined names that point at one of its cells (how
the export marks what each column holds, whatever its header says).

Sheets are read with openpyxl's streaming sheet parser (what read-only mode uses; openpyxl
is pinned, as these are its internals), which also gives the merged ranges that read-only
worksheets do not expose; merged values are copied
into every cell of their range, as a reader of the printed table sees them.
"""

from __future__ import annotations

import codecs
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from data_access.excel.problems import ImportFailed, fail, refusals_logged
from data_access.ledgers import EXCEL_DAY_ZERO

# openpyxl picks defusedxml when it is installed; our safety rests on it, so say so loudly.
assert openpyxl.DEFUSEDXML, "defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False)"

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the file as uploaded
MAX_TOTAL_BYTES = 50 * 1024 * 1024  # all parts decompressed
MAX_RATIO = 200  # decompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 2000
MAX_ROWS = 20_000
MAX_COLS = 200
MAX_MERGED_CELLS = 1_000_000  # cells filled from merged ranges, all sheets
MAX_SHARED_STRINGS = 200_000  # a full sheet of ledger texts holds some 100,000
MAX_CELLS = 1_000_000  # all sheets: 20,000 rows of the widest ledger are some 360,000
_CHUNK = 64 * 1024
_FORBIDDEN_MARKERS = (re.compile(r"<!(?:doctype|entity)", re.IGNORECASE),)
# elements counted before parsing, with any namespace prefix: a row, a cell, a shared string
_ELEMENT = r"<(?:[A-Za-z_][\w.-]{{0,30}}:)?{}[\s/>]"
_ROWS, _CELLS, _STRINGS = (re.compile(_ELEMENT.format(tag)) for tag in ("row", "c", "si"))
_TAG_SPAN = 64  # longer than any of the above matches
_PICTURES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".svg", ".bin")

_CELL = re.compile(r"[A-Z]{1,3}[1-9][0-9]{0,6}")
_INLINE, _T, _R = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("is", "t", "r"))

Source = bytes | bytearray | str | Path | BinaryIO


@dataclass
class Sheet:
    """A sheet's non-empty cells: ``rows[row_number]`` is the list of its values from column A.

    Strings are stripped and blank strings dropped; merged ranges are filled in.
    """

    name: str
    rows: dict[int, list[Any]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    names: dict[str, tuple[int, int]] = field(default_factory=dict)  # defined name -> (row, column) of its cell
    day_zero: date = EXCEL_DAY_ZERO  # what a day number counts from: 1904-01-01 in the 1904 date system

    def value(self, row: int, col: int) -> Any:
        cells = self.rows.get(row)
        return cells[col - 1] if cells and col <= len(cells) else None

    def iter_rows(self, start: int = 1) -> Iterator[tuple[int, list[Any]]]:
        for number in sorted(self.rows):
            if number >= start:
                yield number, self.rows[number]

    @property
    def is_empty(self) -> bool:
        return not self.rows


@refusals_logged("workbook")
def read_workbook(source: Source, *, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> list[Sheet]:
    """Every worksheet of an uploaded workbook, in the workbook's order; ImportFailed on any problem."""
    data = _bytes_of(source)
    archive = _open_zip(data)
    with archive:
        _check_parts(archive, max_rows)
    sheets = _parse(data, max_rows, max_cols)
    if all(sheet.is_empty for sheet in sheets):
        raise fail("excel.empty")
    return sheets


# ---------------------------------------------------------------- the container


def _bytes_of(source: Source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise fail("excel.no_file", path=str(path))
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise fail("excel.too_big", mb=MAX_UPLOAD_BYTES // 2**20)
        data = path.read_bytes()
    else:
        data = source.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise fail("excel.too_big", mb=MAX_UPLOAD_BYTES // 2**20)
    return data


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC) and _ENCRYPTED_STREAM in data:
        raise fail("excel.encrypted")
    if not data:
        raise fail("excel.not_workbook")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except Exception:  # noqa: BLE001 - whatever zipfile makes of it, it is not a workbook
        raise fail("excel.not_workbook") from None
    if "[Content_Types].xml" not in names:
        archive.close()
        raise fail("excel.not_workbook")
    return archive


@dataclass
class _Work:
    """What parsing the parts scanned so far would cost: bytes unpacked, elements to build."""

    budget: int
    max_rows: int
    cells: int = 0
    strings: int = 0


def _check_parts(archive: zipfile.ZipFile, max_rows: int = MAX_ROWS) -> None:
    """Decompress every part with a running budget; refuse bombs, DTDs and work past the bounds
    before openpyxl looks. Declared sizes are not trusted: the budget counts bytes unpacked."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise fail("excel.zip_bomb")
    work = _Work(MAX_TOTAL_BYTES, max_rows)
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail("excel.encrypted")
        _scan_part(archive, info, work)


def _decoder(first: bytes):
    """An incremental decoder for an XML part, by its first bytes (Excel writes UTF-8)."""
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return codecs.getincrementaldecoder("utf-16")(errors="replace")
    if first.startswith(b"<\0"):
        return codecs.getincrementaldecoder("utf-16-le")(errors="replace")
    if first.startswith(b"\0<"):
        return codecs.getincrementaldecoder("utf-16-be")(errors="replace")
    return codecs.getincrementaldecoder("utf-8")(errors="replace")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, work: _Work) -> None:
    """Unpack one part within the budget and the ratio; in XML, refuse a DTD or entity and
    count rows, cells and shared strings."""
    # every part may be XML whatever its name (relationships pick the parts), except pictures
    is_xml = not info.filename.lower().endswith(_PICTURES)
    total, rows, tail, decoder = 0, 0, "", None
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                total += len(chunk)
                if total > work.budget or (total > RATIO_FLOOR and total > MAX_RATIO * max(info.compress_size, 1)):
                    # a sheet this big is most likely just long: say so when it is
                    raise fail("excel.too_many_rows", max=work.max_rows) if rows > work.max_rows else fail("excel.zip_bomb")
                if is_xml:
                    decoder = decoder or _decoder(chunk)
                    text, tail = _whole_tags(tail + decoder.decode(chunk))
                    rows += _count(text, work)
    except ImportFailed:
        raise
    except Exception:  # noqa: BLE001 - zlib, CRC, unsupported compression...: the file's fault
        raise fail("excel.unreadable") from None
    if tail:
        _count(tail, work)
    work.budget -= total


def _whole_tags(window: str) -> tuple[str, str]:
    """(the text to scan now, the end kept for the next chunk): no element counted or marker
    looked for is cut in two, none is seen twice."""
    cut = window.rfind("<")
    if cut < len(window) - _TAG_SPAN:
        cut = len(window)
    return window[:cut], window[cut:]


def _count(text: str, work: _Work) -> int:
    """Refuse a DTD or entity and work past the bounds; the rows in ``text``."""
    if any(marker.search(text) for marker in _FORBIDDEN_MARKERS):
        raise fail("excel.xml_forbidden")
    work.cells += len(_CELLS.findall(text))
    work.strings += len(_STRINGS.findall(text))
    if work.strings > MAX_SHARED_STRINGS:
        raise fail("excel.too_many_strings", max=f"{MAX_SHARED_STRINGS:,}")
    if work.cells > MAX_CELLS:
        raise fail("excel.too_many_cells", max=f"{MAX_CELLS:,}")
    return len(_ROWS.findall(text))


# ---------------------------------------------------------------- the sheets


def _parse(data: bytes, max_rows: int, max_cols: int) -> list[Sheet]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            sheets = _read_sheets(data, max_rows, max_cols)
    except ImportFailed:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure is the file's, reported not raised
        raise fail("excel.xml_forbidden" if _is_defused(error) else "excel.unreadable", part="") from None
    _fill_merged(sheets)
    return sheets


def _is_defused(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _read_sheets(data: bytes, max_rows: int, max_cols: int) -> list[Sheet]:
    """openpyxl's read-only pipeline without its worksheets: ``ReadOnlyWorksheet`` scans a whole
    sheet for its size when the file lacks a <dimension>, and hides the merged ranges."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    with reader.archive:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)  # which number formats are dates
        local_names = reader.parser.defined_names.by_sheet()
        position = {id(entry): index for index, entry in enumerate(reader.parser.sheets)}  # what localSheetId counts
        sheets = []
        for entry, rel in reader.parser.find_sheets():
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type:
                with reader.archive.open(rel.target) as source:
                    sheet = _read_sheet(entry.name, source, reader, max_rows, max_cols)
                sheet.names = _cell_names(entry.name, local_names.get(position[id(entry)], {}))
                sheet.day_zero = _day_zero(reader.wb.epoch)
                sheets.append(sheet)
    return sheets


def _day_zero(epoch: datetime) -> date:
    """The day a day number 0 stands for: 1899-12-30 in the 1900 system (openpyxl's epoch there
    is 1899-12-30 too), 1904-01-01 in the 1904 system."""
    return epoch.date()


def _cell_names(sheet_name: str, names) -> dict[str, tuple[int, int]]:
    """The names local to a sheet that point at one cell of it; any other (a range, a formula,
    #REF! after its column was deleted, another sheet) is left out."""
    found = {}
    for name, definition in names.items():
        try:
            destinations = list(definition.destinations)
        except Exception:  # noqa: BLE001 - openpyxl's tokenizer on whatever the file holds: not a cell name
            continue
        if len(destinations) != 1:
            continue
        sheet, cells = destinations[0]
        cell = cells.replace("$", "")
        if sheet.replace("''", "'") == sheet_name and ":" not in cell and _CELL.fullmatch(cell):
            found[name] = coordinate_to_tuple(cell)
    return found


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser with a fast path for inline strings (what openpyxl itself writes)."""

    def parse_cell(self, element):
        if element.get("t") != "inlineStr":
            return super().parse_cell(element)
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        inline = element.find(_INLINE)
        value = _inline_text(inline) if inline is not None else None
        return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": 0}


def _inline_text(inline) -> str:
    parts = []
    for node in inline:
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _R:
            run = node.find(_T)
            if run is not None:
                parts.append(run.text or "")
    return "".join(parts)


def _read_sheet(name: str, source, reader: ExcelReader, max_rows: int, max_cols: int) -> Sheet:
    sheet = Sheet(name)
    workbook = reader.wb
    parser = _Parser(
        source,
        reader.shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,  # noqa: SLF001
        timedelta_formats=workbook._timedelta_formats,  # noqa: SLF001
    )
    for number, cells in parser.parse():
        values = _row_values(name, number, cells, max_cols)
        if values:
            if number > max_rows:
                raise fail("excel.too_many_rows", sheet=name, max=max_rows)
            sheet.rows[number] = values
    if parser.merged_cells is not None:
        sheet.merged = [_clip(r.bounds, max_rows, max_cols) for r in parser.merged_cells.mergeCell]
    return sheet


def _row_values(sheet_name: str, number: int, cells: list[dict], max_cols: int) -> list[Any]:
    present = [(c["column"], _clean(c["value"])) for c in cells]
    present = [(col, value) for col, value in present if value is not None]
    if not present:
        return []
    last = max(col for col, _ in present)
    if last > max_cols:
        raise fail("excel.too_many_columns", sheet=sheet_name, row=number, column=get_column_letter(min(last, 16384)), max=max_cols)
    values: list[Any] = [None] * last
    for col, value in present:
        values[col - 1] = value
    return values


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def _clip(bounds: tuple[int, int, int, int], max_rows: int, max_cols: int) -> tuple[int, int, int, int]:
    min_col, min_row, max_col, max_row = bounds
    return min_row, min_col, min(max_row, max_rows), min(max_col, max_cols)


def _fill_merged(sheets: list[Sheet]) -> None:
    """Copy each merged range's value into its other cells (only rows that hold something)."""
    budget = MAX_MERGED_CELLS
    for sheet in sheets:
        for min_row, min_col, max_row, max_col in sheet.merged:
            value = sheet.value(min_row, min_col)
            if value is None:
                continue
            for number in range(min_row, max_row + 1):
                budget -= max_col - min_col + 1
                if budget < 0:
                    raise fail("excel.too_many_merged", sheet=sheet.name)
                if number in sheet.rows:
                    _fill_row(sheet.rows[number], min_col, max_col, value)


def _fill_row(cells: list[Any], min_col: int, max_col: int, value: Any) -> None:
    if len(cells) < max_col:
        cells.extend([None] * (max_col - len(cells)))
    for col in range(min_col, max_col + 1):
        if cells[col - 1] is None:
            cells[col - 1] = value
