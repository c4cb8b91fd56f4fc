"""The columns of a ledger sheet, as the import template, the import and the export all see them:
each column's key, header and width, the sheet's title, and the names that mark them.

A sheet written here gives each header cell a defined name ``dundian.<key>`` and the sheet one
``dundian.ledger.<kind>`` (names local to the sheet, listed by Excel's Name Manager and moved
with their column when columns are moved). The import reads those before any header text, so a
file exported before a label changed in the catalogue still imports; a sheet made by hand is
read by its headers.
"""

from __future__ import annotations

from data_access.ledgers import LEDGERS, LedgerField, LedgerSpec
from i18n import DEFAULT_LANGUAGE, t

TEAM = "team"
AUTHOR = "author"
ROW_ID = "row_id"
LAST_CHANGED = "last_changed"  # exported for the reader; the import ignores it
NAME_PREFIX = "dundian."
LEDGER_NAME_PREFIX = f"{NAME_PREFIX}ledger."
_HEADERS = {TEAM: "field.site_name", AUTHOR: "field.author_name", ROW_ID: "excel.col.row_id", LAST_CHANGED: "excel.col.last_changed"}
_WIDTHS = {TEAM: 24, AUTHOR: 12, ROW_ID: 8, LAST_CHANGED: 17}


def sheet_title(kind: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return t(LEDGERS[kind].title_key, lang)[:31]


def column_keys(spec: LedgerSpec) -> list[str]:
    """The template's columns: the team, the ledger's fields, the author."""
    return [TEAM, *(f.name for f in spec.fields), AUTHOR]


def export_keys(spec: LedgerSpec) -> list[str]:
    """The export's columns: the template's, then the row's number and its last change."""
    return [*column_keys(spec), ROW_ID, LAST_CHANGED]


def column_header(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return t(_HEADERS.get(key, f"field.{key}"), lang)


def column_width(spec: LedgerSpec, key: str) -> float:
    return _WIDTHS[key] if key in _WIDTHS else spec.field(key).type.excel_width


def column_name(key: str) -> str:
    """The defined name that marks a column's header cell."""
    return NAME_PREFIX + key


def ledger_name(kind: str) -> str:
    """The defined name that marks a sheet as one ledger's (it points at the sheet's first cell)."""
    return LEDGER_NAME_PREFIX + kind


def choice_labels(f: LedgerField, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """A choice field's options as the sheet shows them."""
    return [t(f"choice.{f.choices}.{code}", lang) for code in f.options]
