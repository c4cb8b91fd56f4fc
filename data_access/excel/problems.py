"""What goes wrong with an uploaded workbook, said in the catalogue's words."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from data_access import logs
from i18n import CATALOGUE, DEFAULT_LANGUAGE, t

# Chinese runs the places together (工作表「日记录」第 3 行「日期」列); a catalogue entry cannot be empty.
_PLACE_SEPARATOR = {"zh": "", "en": ", "}


@dataclass(frozen=True)
class ImportProblem:
    """One problem: where (any of sheet, row, column may be None) and why (catalogue key + params).

    ``column`` is the column's header as the file names it, or its letter when it has none.
    """

    sheet: str | None
    row: int | None
    column: str | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def where(self, lang: str = DEFAULT_LANGUAGE) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(t("excel.where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("excel.where.row", lang, row=self.row))
        if self.column is not None:
            parts.append(t("excel.where.column", lang, column=self.column))
        return _PLACE_SEPARATOR.get(lang, ", ").join(parts)

    def reason(self, lang: str = DEFAULT_LANGUAGE) -> str:
        params = {k: _translated(v, lang) for k, v in self.params.items()}
        return t(self.key, lang, **params)

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        where = self.where(lang)
        return f"{where}：{self.reason(lang)}" if where else self.reason(lang)


def _translated(value: Any, lang: str) -> Any:
    """Params that are catalogue keys (e.g. ``field.raised_on``) are shown in the user's language;
    a tuple of them is a list of allowed values, joined."""
    if isinstance(value, tuple):
        return t("excel.list_sep", lang).join(str(_translated(v, lang)) for v in value)
    return t(value, lang) if isinstance(value, str) and value in CATALOGUE else value


class ImportFailed(Exception):
    """The workbook cannot be imported; nothing was written. ``problems`` says why, cell by cell."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} import problem(s): {problems[0].key if problems else ''}")
        self.problems = problems


def refusals_logged(what: str) -> Callable:
    """Decorates a step of an import: a refusal (ImportFailed) logs an ``import`` line, then goes on."""

    def wrap(step: Callable) -> Callable:
        @functools.wraps(step)
        def checked(*args, **kwargs):
            try:
                return step(*args, **kwargs)
            except ImportFailed as failure:
                first = failure.problems[0].key if failure.problems else None
                logs.event("import", logging.WARNING, what=what, outcome="refused", problems=len(failure.problems), first_problem=first)
                raise

        return checked

    return wrap


def fail(key: str, sheet: str | None = None, row: int | None = None, column: str | None = None, **params) -> ImportFailed:
    return ImportFailed([ImportProblem(sheet, row, column, key, params)])


def problems_frame(problems: list[ImportProblem], lang: str = DEFAULT_LANGUAGE):
    """The problems as a table for the page: sheet, row, column, reason."""
    import pandas as pd

    rows = [(p.sheet, p.row, p.column, p.reason(lang)) for p in problems]
    names = [t(k, lang) for k in ("excel.col.sheet", "excel.col.row", "excel.col.column", "excel.col.reason")]
    return pd.DataFrame(rows, columns=names)
