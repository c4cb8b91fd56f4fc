"""The ledger import template: one sheet per ledger built from ``LEDGERS``, with a 说明 sheet of
what each column takes and drop-down lists of the choices and the round's sites.

Its columns are marked with the names ``columns`` describes, as the export's are, so a template
downloaded before a label changed still imports.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from data_access.excel.columns import (
    AUTHOR,
    TEAM,
    choice_labels,
    column_header,
    column_keys,
    column_name,
    column_width,
    ledger_name,
    sheet_title,
)
from data_access.ledgers import LEDGERS, LedgerField, LedgerSpec
from i18n import DEFAULT_LANGUAGE, t

TEMPLATE_ROWS = 5000  # rows covered by the template's drop-down lists
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def ledger_template(kinds: Iterable[str] | None = None, lang: str = DEFAULT_LANGUAGE, site_names: Iterable[str] = ()) -> bytes:
    """A workbook to fill in: one sheet per ledger kind (default: all), a 说明 sheet, drop-down lists.

    ``site_names``: the round's sites the user may import for, offered in the 蹲点单位 column.
    """
    kinds = list(kinds or LEDGERS)
    workbook = Workbook()
    help_sheet = workbook.active
    help_sheet.title = t("excel.template.help_sheet", lang)
    lists = workbook.create_sheet(t("excel.template.lists_sheet", lang))
    lists.sheet_state = "hidden"
    list_refs = _write_lists(lists, kinds, lang, list(site_names))
    for kind in kinds:
        _template_sheet(workbook.create_sheet(sheet_title(kind, lang)), LEDGERS[kind], lang, list_refs)
    _help(help_sheet, kinds, lang)
    workbook.active = 2 if kinds else 0  # the first ledger sheet (1 is the hidden lists)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def field_hint(f: LedgerField, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a column accepts, for the header comment and the 说明 sheet."""
    if f.choices:
        return t("excel.hint.choice", lang, values=t("excel.list_sep", lang).join(choice_labels(f, lang)))
    hint = t(f"excel.hint.{f.widget}", lang)
    if f.max_length:
        hint += t("excel.hint.max_length", lang, max=f.max_length)
    return hint


def _write_lists(ws, kinds: list[str], lang: str, site_names: list[str]) -> dict[str, str]:
    """One column per choice set (and the sites); returns choice set -> absolute range reference."""
    columns: dict[str, tuple[str, list[str]]] = {}
    if site_names:
        columns[TEAM] = (column_header(TEAM, lang), site_names)
    for kind in kinds:
        for f in LEDGERS[kind].fields:
            if f.choices:
                columns.setdefault(f.choices, (t(f.label_key, lang), choice_labels(f, lang)))
    refs = {}
    for index, (name, (label, values)) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(1, index, label)
        for row, value in enumerate(values, start=2):
            ws.cell(row, index, value).data_type = "s"
        refs[name] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(values) + 1}"
    return refs


def _template_sheet(ws, spec: LedgerSpec, lang: str, list_refs: dict[str, str]) -> None:
    _name_cell(ws, ledger_name(spec.kind), "A")
    for index, key in enumerate(column_keys(spec), start=1):
        f = spec.field(key) if key not in (TEAM, AUTHOR) else None
        cell = ws.cell(1, index, column_header(key, lang))
        required = key == TEAM or (f is not None and f.required)
        cell.font = Font(bold=True, color="C00000" if required else None)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(_column_note(key, f, lang), "")
        letter = get_column_letter(index)
        _name_cell(ws, column_name(key), letter)
        ws.column_dimensions[letter].width = column_width(spec, key)
        if f is not None and f.type.excel_format:
            ws.column_dimensions[letter].number_format = f.type.excel_format
        ref = list_refs.get(TEAM if key == TEAM else (f.choices if f is not None else None))
        if ref:
            _drop_down(ws, ref, letter, lang)
    ws.freeze_panes = "A2"


def _name_cell(ws, name: str, letter: str) -> None:
    """A defined name, local to the sheet, for the cell in its first row."""
    ws.defined_names.add(DefinedName(name, attr_text=f"{quote_sheetname(ws.title)}!${letter}$1"))


def _column_note(key: str, f: LedgerField | None, lang: str) -> str:
    if key == TEAM:
        return t("excel.hint.team", lang)
    if key == AUTHOR:
        return t("excel.hint.author", lang)
    required = t("excel.hint.required" if f.required else "excel.hint.optional", lang)
    return t("excel.hint.note", lang, required=required, hint=field_hint(f, lang))


def _drop_down(ws, ref: str, letter: str, lang: str) -> None:
    validation = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True)
    validation.error = t("excel.hint.pick_from_list", lang)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(validation)


def _help(ws, kinds: list[str], lang: str) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 70
    for line in ("excel.template.intro1", "excel.template.intro2", "excel.template.intro3", "excel.template.intro4"):
        ws.append([t(line, lang)])
    ws.append([])
    header = [
        t(k, lang) for k in ("excel.template.h_ledger", "excel.template.h_column", "excel.template.h_required", "excel.template.h_hint")
    ]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for kind in kinds:
        spec = LEDGERS[kind]
        for key in column_keys(spec):
            f = spec.field(key) if key not in (TEAM, AUTHOR) else None
            required = key == TEAM or (f is not None and f.required)
            hint = t("excel.hint.team", lang) if key == TEAM else t("excel.hint.author", lang) if key == AUTHOR else field_hint(f, lang)
            ws.append(
                [
                    sheet_title(kind, lang),
                    column_header(key, lang),
                    t("excel.template.yes" if required else "excel.template.no", lang),
                    hint,
                ]
            )
