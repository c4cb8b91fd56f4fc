"""``manage.py import`` and ``manage.py export``: the Excel page's work from a shell, as the office.

Messages are the page's (the catalogue's); the exit code is 0 on success, 1 when the file
has problems (nothing written), 2 when the round or the file cannot be found.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from data_access.auth import SYSTEM
from data_access.db import get_engine
from data_access.excel.assignment import AssignmentPlan, find_header, import_assignment
from data_access.excel.assignment import plan_from_sheets as assignment_plan
from data_access.excel.columns import sheet_title
from data_access.excel.export import round_workbook
from data_access.excel.ledger_io import LedgerPlan, ledger_sheets, write_ledgers
from data_access.excel.ledger_io import plan_from_sheets as ledger_plan
from data_access.excel.problems import ImportFailed
from data_access.excel.safe_read import read_workbook
from data_access.org import RoundInfo, list_rounds
from i18n import DEFAULT_LANGUAGE, t

OK, PROBLEMS, NOT_FOUND = 0, 1, 2
Printer = Callable[[str], None]


def resolve_round(engine: Engine, round_name_or_id: str | int | None) -> RoundInfo | None:
    """The round named or numbered so; the newest when none is given."""
    rounds = list_rounds(engine)
    if round_name_or_id is None or str(round_name_or_id).strip() == "":
        return rounds[0] if rounds else None
    wanted = str(round_name_or_id).strip()
    by_name = next((r for r in rounds if r.name == wanted), None)
    if by_name is not None or not wanted.isdigit():
        return by_name
    return next((r for r in rounds if r.id == int(wanted)), None)


def _round_or_report(engine: Engine, round_name_or_id, lang: str, out: Printer) -> RoundInfo | None:
    rnd = resolve_round(engine, round_name_or_id)
    if rnd is None:
        key = "excel.cli.no_round" if round_name_or_id in (None, "") else "excel.cli.round_not_found"
        out(t(key, lang, round=round_name_or_id))
        return None
    out(t("excel.cli.round", lang, round=rnd.name))
    return rnd


def report_problems(failure: ImportFailed, lang: str, out: Printer) -> None:
    out(t("excel.cli.failed", lang, n=len(failure.problems)))
    for problem in failure.problems:
        out(f"  - {problem.message(lang)}")


def run_import(
    path: str | Path,
    round_name_or_id: str | int | None = None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    engine: Engine | None = None,
    out: Printer = print,
) -> int:
    """Import an assignment table or ledger sheets (told apart by their headers and sheet names)."""
    engine = engine or get_engine()
    rnd = _round_or_report(engine, round_name_or_id, lang, out)
    if rnd is None:
        return NOT_FOUND
    if not Path(path).is_file():
        out(t("excel.no_file", lang, path=str(path)))
        return NOT_FOUND
    try:
        sheets = read_workbook(path)
        ledgers = ledger_sheets(sheets)
        others = [s for s in sheets if all(s is not ledger for _, ledger in ledgers)]
        has_table = find_header(others) is not None
        if not has_table and not ledgers:
            out(t("excel.cli.unknown_kind", lang))
            return PROBLEMS
        # check everything before writing anything
        teams = assignment_plan(others) if has_table else None
        rows = ledger_plan(engine, SYSTEM, rnd.id, sheets, allow_empty=has_table) if ledgers else None
    except ImportFailed as failure:
        report_problems(failure, lang, out)
        return PROBLEMS
    if teams is not None:
        _write_assignment(engine, rnd, teams, lang, out)
    if rows is not None and (rows.total or rows.skipped):  # empty ledger sheets beside a table: quiet
        _write_ledgers(engine, rows, lang, out)
    return OK


def _write_assignment(engine: Engine, rnd: RoundInfo, plan: AssignmentPlan, lang: str, out: Printer) -> None:
    out(
        t(
            "excel.assign.found",
            lang,
            sheet=plan.sheet,
            row=plan.header_row,
            teams=len(plan.teams),
            office=len(plan.office_people),
            local=len(plan.local_people),
            leaders=len(plan.liaison_leaders),
        )
    )
    out(import_assignment(engine, SYSTEM, rnd.id, plan).summary(lang))


def _write_ledgers(engine: Engine, plan: LedgerPlan, lang: str, out: Printer) -> None:
    written = write_ledgers(engine, SYSTEM, plan)
    detail = t("excel.list_sep", lang).join(f"{sheet_title(kind, lang)} {n}" for kind, n in written.items()) or "—"
    out(t("excel.ledger.written", lang, n=sum(written.values()), detail=detail))
    skipped = sum(plan.skipped.values())
    if skipped:
        out(t("excel.ledger.skipped", lang, n=skipped))


def run_export(
    out_path: str | Path,
    round_name_or_id: str | int | None = None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    engine: Engine | None = None,
    as_of: date | None = None,
    out: Printer = print,
) -> int:
    """Write the round's workbook (figures as of ``as_of``, default today within the round)."""
    engine = engine or get_engine()
    rnd = _round_or_report(engine, round_name_or_id, lang, out)
    if rnd is None:
        return NOT_FOUND
    data = round_workbook(engine, SYSTEM, rnd.id, as_of or rnd.default_as_of(date.today()), lang)
    Path(out_path).write_bytes(data)
    out(t("excel.export.done", lang, path=str(out_path)))
    return OK
