"""Excel in and out (no Streamlit here): safe reading of uploads, the team assignment table,
ledger templates and imports, and the round's workbook.

The page and the command line use these; every import problem is an ``ImportProblem`` with
a catalogue key (Chinese by default), and a failed import writes nothing.
"""

from __future__ import annotations

from data_access.excel.assignment import (
    AssignmentChanges,
    AssignmentPlan,
    find_header,
    import_assignment,
    preview_assignment,
    read_assignment,
)
from data_access.excel.export import round_workbook, table_workbook
from data_access.excel.ledger_io import (
    LedgerPlan,
    LedgerPreview,
    import_ledgers,
    ledger_sheets,
    preview,
    read_ledgers,
    write_ledgers,
)
from data_access.excel.problems import ImportFailed, ImportProblem, problems_frame
from data_access.excel.safe_read import Sheet, read_workbook
from data_access.excel.template import ledger_template


def detect(sheets: list[Sheet]) -> tuple[bool, bool]:
    """(holds an assignment table, holds ledger sheets) — a workbook may hold both."""
    ledgers = {id(sheet) for _, sheet in ledger_sheets(sheets)}
    return find_header([s for s in sheets if id(s) not in ledgers]) is not None, bool(ledgers)


__all__ = [
    "AssignmentChanges",
    "AssignmentPlan",
    "ImportFailed",
    "ImportProblem",
    "LedgerPlan",
    "LedgerPreview",
    "Sheet",
    "detect",
    "import_assignment",
    "import_ledgers",
    "ledger_sheets",
    "ledger_template",
    "preview",
    "preview_assignment",
    "problems_frame",
    "read_assignment",
    "read_ledgers",
    "read_workbook",
    "round_workbook",
    "table_workbook",
    "write_ledgers",
]
