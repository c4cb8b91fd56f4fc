"""Ledger workbooks in: an all-or-nothing import of the sheets the template (``template``) or
the export lays out (``columns``), or that someone made by hand.

A ledger sheet is named after the ledger (日记录, 问题台账, ...); its header row holds
蹲点单位 (the team, by its site's name), the Chinese labels of the ledger's fields, and
记录人 (the author, a member of that team; blank: the importing user). A sheet we wrote is
recognised by the names that mark it and its columns, whatever its title and headers say now.
One workbook may hold several ledger sheets: they are imported together or not at all.

Every row is checked before anything is written (the ledger's own ``validate``, the team
and author lookups, and permission: a team member imports only their own team's rows);
every problem is reported with its sheet, row and column. Rows identical to a row already
in the database are skipped, so importing the same file twice adds nothing. A row that
carries a 编号 (exported from here) and differs from the stored row is refused: edits are
made in the app, where they are versioned. The rows are written by ``ledger_store.create_rows``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access import logs
from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.excel.columns import (
    AUTHOR,
    LAST_CHANGED,
    LEDGER_NAME_PREFIX,
    NAME_PREFIX,
    ROW_ID,
    TEAM,
    choice_labels,
    column_header,
    sheet_title,
)
from data_access.excel.problems import ImportFailed, ImportProblem, fail, refusals_logged
from data_access.excel.safe_read import Sheet, Source, read_workbook
from data_access.ledger_store import AUTHOR_FIELD, NewRow, create_rows, team_people, team_rule_errors
from data_access.ledgers import LEDGERS, LedgerField, LedgerSpec, validate
from data_access.models import Site, Team
from data_access.permissions import can_write_ledger
from i18n import DEFAULT_LANGUAGE, LANGUAGES, t

HEADER_SCAN_ROWS = 10
# headings people write for the team, the author and the row number, besides the catalogue's labels
_TEAM_ALIASES = ("蹲点单位", "蹲点单位名称", "工作组", "蹲点工作组", "Site", "Team")
_AUTHOR_ALIASES = ("记录人", "填报人", "录入人", "Recorded by")
_ID_ALIASES = ("编号", "No.")
IGNORED = ""  # the key of a column the import reads past


# ---------------------------------------------------------------- names of sheets and columns


def _norm(text: Any) -> str:
    text = re.sub(r"[\s*＊]", "", str(text))
    return re.sub(r"[（(]必填[)）]$", "", text).lower()


def _header_lookup(spec: LedgerSpec) -> dict[str, str]:
    """Normalised header text -> column key, in every language, with the usual variants."""
    lookup = {_norm(a): TEAM for a in _TEAM_ALIASES} | {_norm(a): AUTHOR for a in _AUTHOR_ALIASES}
    lookup |= {_norm(a): ROW_ID for a in _ID_ALIASES}
    for lang in LANGUAGES:
        lookup[_norm(column_header(ROW_ID, lang))] = ROW_ID
        lookup[_norm(column_header(LAST_CHANGED, lang))] = IGNORED
        for f in spec.fields:
            lookup[_norm(t(f.label_key, lang))] = f.name
    return lookup


def _marked_keys(spec: LedgerSpec, sheet: Sheet) -> dict[tuple[int, int], str]:
    """(row, column) -> key of the header cells the sheet's names mark as one of this ledger's columns."""
    known = {f.name: f.name for f in spec.fields} | {TEAM: TEAM, AUTHOR: AUTHOR, ROW_ID: ROW_ID, LAST_CHANGED: IGNORED}
    marked = {}
    for name, cell in sheet.names.items():
        key = name.removeprefix(NAME_PREFIX) if name.startswith(NAME_PREFIX) else None
        if key in known:
            marked[cell] = known[key]
    return marked


def _kind_of_sheet(sheet: Sheet) -> str | None:
    """The ledger a sheet's name marks it as, else the one its title names (in any language)."""
    for name in sheet.names:
        kind = name.removeprefix(LEDGER_NAME_PREFIX) if name.startswith(LEDGER_NAME_PREFIX) else None
        if kind in LEDGERS:
            return kind
    wanted = _norm(sheet.name)
    for kind, spec in LEDGERS.items():
        if any(_norm(t(spec.title_key, lang)) == wanted for lang in LANGUAGES) or wanted == kind:
            return kind
    return None


def ledger_sheets(sheets: Iterable[Sheet]) -> list[tuple[str, Sheet]]:
    """(kind, sheet) for every sheet named after a ledger."""
    return [(kind, sheet) for sheet in sheets if (kind := _kind_of_sheet(sheet))]


def _choice_lookup(f: LedgerField) -> dict[str, str]:
    lookup = {code.lower(): code for code in f.options}
    for lang in LANGUAGES:
        lookup |= {_norm(label): code for label, code in zip(choice_labels(f, lang), f.options)}
    return lookup


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class ParsedRow:
    kind: str
    sheet: str
    row: int
    team_id: int
    author_id: int | None
    values: dict[str, Any]  # clean values of the ledger's fields
    row_id: int | None = None  # 编号 of an exported row


@dataclass
class LedgerPlan:
    """What an import would write: valid rows per kind, and duplicates skipped per kind."""

    round_id: int
    rows: dict[str, list[ParsedRow]] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)
    team_names: dict[int, str] = field(default_factory=dict)
    written: bool = False

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


@dataclass
class _Directory:
    """The round's teams by site name and each team's people by name."""

    teams: dict[str, int]
    people: dict[tuple[int, str], list[int]]
    names: dict[int, str]

    def team(self, text: Any) -> int | None:
        name = re.sub(r"\s+", "", str(text))
        found = self.teams.get(name)
        if found is None:  # "1. 正定县正定镇", as the app labels a team
            found = self.teams.get(re.sub(r"^\d+[.、．]", "", name))
        return found

    def person(self, team_id: int, text: Any) -> list[int]:
        name = re.sub(r"[（(].*[)）]$", "", re.sub(r"\s+", "", str(text)))
        return self.people.get((team_id, name), [])


def _directory(engine: Engine, round_id: int) -> _Directory:
    with read_session(engine) as session:
        teams = session.execute(
            select(Team.id, Site.name, Team.liaison_leader_id).join(Site, Site.id == Team.site_id).where(Team.round_id == round_id)
        ).all()
        named = team_people(session, [team_id for team_id, _, _ in teams])
    people: dict[tuple[int, str], list[int]] = {}
    for team_id, person_id, name in sorted(named):
        ids = people.setdefault((team_id, re.sub(r"\s+", "", name)), [])
        if person_id not in ids:
            ids.append(person_id)
    return _Directory(
        teams={re.sub(r"\s+", "", name): team_id for team_id, name, _ in teams},
        people=people,
        names={team_id: name for team_id, name, _ in teams},
    )


class _SheetReader:
    """Reads one ledger sheet into ParsedRows, collecting every problem."""

    def __init__(self, kind: str, sheet: Sheet, actor: Actor, directory: _Directory, problems: list[ImportProblem]):
        self.kind, self.spec, self.sheet = kind, LEDGERS[kind], sheet
        self.actor, self.directory, self.problems = actor, directory, problems
        self.choice_maps = {f.name: _choice_lookup(f) for f in self.spec.fields if f.choices}
        self.marked = _marked_keys(self.spec, sheet)
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}

    def problem(self, row: int | None, key: str | None, message: str, **params) -> None:
        column = self.headers.get(key) if key else None
        if key and column is None:
            column = column_header(key)
        self.problems.append(ImportProblem(self.sheet.name, row, column, message, params))

    def read(self) -> list[ParsedRow]:
        header_row = self._find_header()
        if header_row is None:
            self.problem(None, None, "excel.ledger.no_header", ledger=f"ledger.{self.kind}")
            return []
        if not self._map_header(header_row):
            return []
        rows = []
        for number, cells in self.sheet.iter_rows(header_row + 1):
            values = {key: cells[col - 1] if col <= len(cells) else None for key, col in self.columns.items()}
            if all(v is None for v in values.values()):
                continue
            parsed = self._row(number, values)
            if parsed is not None:
                rows.append(parsed)
        return rows

    def _find_header(self) -> int | None:
        """The row the sheet's names mark as its header, else the first rows' best match by text."""
        if self.marked:
            return Counter(row for row, _ in self.marked).most_common(1)[0][0]
        lookup = _header_lookup(self.spec)
        best, best_hits = None, 0
        for scanned, (number, cells) in enumerate(self.sheet.iter_rows()):
            if scanned >= HEADER_SCAN_ROWS:
                break
            hits = sum(1 for v in cells if isinstance(v, str) and lookup.get(_norm(v)))
            if hits > best_hits:
                best, best_hits = number, hits
        return best if best_hits >= 2 else None

    def _map_header(self, header_row: int) -> bool:
        lookup = _header_lookup(self.spec)
        ok = True
        for col, heading in enumerate(self.sheet.rows[header_row], start=1):
            if heading is None:
                continue
            key = self.marked.get((header_row, col), lookup.get(_norm(heading)))
            if key is None:
                self.problems.append(
                    ImportProblem(
                        self.sheet.name, header_row, str(heading), "excel.ledger.unknown_column", {"ledger": f"ledger.{self.kind}"}
                    )
                )
                ok = False
            elif key in self.columns:
                self.problems.append(ImportProblem(self.sheet.name, header_row, str(heading), "excel.ledger.duplicate_column", {}))
                ok = False
            elif key != IGNORED:
                self.columns[key] = col
                self.headers[key] = str(heading)
        needed = [f.name for f in self.spec.fields if f.required] + ([TEAM] if self.actor.role != "member" else [])
        for key in needed:
            if key not in self.columns:
                self.problem(header_row, key, "excel.ledger.missing_column")
                ok = False
        return ok

    def _row(self, number: int, raw: dict[str, Any]) -> ParsedRow | None:
        before = len(self.problems)
        team_id = self._team(number, raw.get(TEAM))
        author_id = self._author(number, team_id, raw.get(AUTHOR)) if team_id else None
        values = {f.name: self._value(number, f, raw.get(f.name), team_id) for f in self.spec.fields if f.name in self.columns}
        looked_up = {f.name for f in self.spec.fields if f.widget == "person" and raw.get(f.name) is not None}
        clean, errors = validate(self.spec, values)
        for error in errors:
            if error.field in looked_up and error.key == "validation.required":
                continue  # the person lookup has said why
            if error.key == "validation.not_a_choice":
                f = self.spec.field(error.field)
                choices = tuple(f"choice.{f.choices}.{code}" for code in f.options)
                self.problem(number, error.field, "excel.ledger.not_a_choice", value=raw.get(error.field), values=choices)
            else:
                self.problem(number, error.field, error.key, **error.params)
        row_id = self._row_id(number, raw.get(ROW_ID))
        if len(self.problems) > before or team_id is None:
            return None
        return ParsedRow(self.kind, self.sheet.name, number, team_id, author_id, clean, row_id)

    def _team(self, number: int, text: Any) -> int | None:
        if text is None:
            if self.actor.role == "member" and self.actor.team_id is not None:
                return self.actor.team_id
            self.problem(number, TEAM, "validation.required")
            return None
        team_id = self.directory.team(text)
        if team_id is None:
            self.problem(number, TEAM, "excel.ledger.unknown_team", site=text)
            return None
        if not can_write_ledger(self.actor, team_id):
            self.problem(number, TEAM, "excel.ledger.not_your_team", site=text)
            return None
        return team_id

    def _person(self, number: int, key: str, team_id: int, text: Any) -> int | None:
        ids = self.directory.person(team_id, text)
        if len(ids) != 1:
            message = "excel.ledger.unknown_person" if not ids else "excel.ledger.ambiguous_person"
            self.problem(number, key, message, name=text, site=self.directory.names.get(team_id, ""))
            return None
        return ids[0]

    def _author(self, number: int, team_id: int, text: Any) -> int | None:
        if text is None:
            return None  # the importing user, as ledger_store fills it in
        return self._person(number, AUTHOR, team_id, text)

    def _value(self, number: int, f: LedgerField, value: Any, team_id: int | None) -> Any:
        """A cell as ``validate`` takes it: a choice's label as its code, a person's name as their id."""
        if value is None:
            return None
        if f.name in self.choice_maps:
            return self.choice_maps[f.name].get(_norm(value), str(value))
        if f.widget == "person":
            return self._person(number, f.name, team_id, value) if team_id else None
        return f.type.from_cell(value, self.sheet.day_zero)

    def _row_id(self, number: int, value: Any) -> int | None:
        if value is None:
            return None
        try:
            return int(float(value))
        except (TypeError, ValueError, OverflowError):
            self.problem(number, ROW_ID, "validation.not_integer")
            return None


@refusals_logged("ledgers")
def plan_from_sheets(engine: Engine, actor: Actor, round_id: int, sheets: list[Sheet], allow_empty: bool = False) -> LedgerPlan:
    """Every ledger sheet's rows, checked; ImportFailed listing every problem if any row is bad
    (or, unless ``allow_empty``, when the sheets hold no row at all)."""
    found = ledger_sheets(sheets)
    if not found:
        raise fail("excel.ledger.no_sheets", names=tuple(f"ledger.{kind}" for kind in LEDGERS))
    directory = _directory(engine, round_id)
    problems: list[ImportProblem] = []
    plan = LedgerPlan(round_id, team_names=directory.names)
    for kind, sheet in found:
        rows = _SheetReader(kind, sheet, actor, directory, problems).read()
        if rows:
            plan.rows.setdefault(kind, []).extend(rows)
    if problems:
        raise ImportFailed(problems)
    _check_team_rules(engine, plan, problems)
    if problems:
        raise ImportFailed(problems)
    _drop_duplicates(engine, plan, problems)
    if problems:
        raise ImportFailed(problems)
    if plan.total == 0 and not plan.skipped and not allow_empty:
        raise fail("excel.ledger.no_rows")
    return plan


def read_ledgers(engine: Engine, actor: Actor, round_id: int, source: Source) -> LedgerPlan:
    """Read and check an uploaded ledger workbook; nothing is written. ImportFailed on any problem."""
    return plan_from_sheets(engine, actor, round_id, read_workbook(source))


def _check_team_rules(engine: Engine, plan: LedgerPlan, problems: list[ImportProblem]) -> None:
    """The rules ``ledger_store`` holds rows to against their team (dates around the round, its
    people), reported at their cells before anything is written."""
    with read_session(engine) as session:
        for kind, rows in plan.rows.items():
            checked = [NewRow(row.team_id, row.values, row.author_id, index) for index, row in enumerate(rows)]
            for index, errors in team_rule_errors(session, kind, checked).items():
                row = rows[index]
                for error in errors:
                    column = column_header(AUTHOR if error.field == AUTHOR_FIELD else error.field)
                    problems.append(ImportProblem(row.sheet, row.row, column, error.key, error.params))


# ---------------------------------------------------------------- duplicates


def _fingerprint(spec: LedgerSpec, team_id: int, values: dict[str, Any]) -> tuple:
    def norm(f: LedgerField, value: Any) -> Any:
        if f.widget == "money" and value is not None:
            return round(float(value), 2)
        if isinstance(value, datetime):
            return value.date()
        return value

    return (team_id, *(norm(f, values.get(f.name)) for f in spec.fields))


def _existing(session: Session, spec: LedgerSpec, rows: list[ParsedRow]) -> dict[tuple, int]:
    """Fingerprints of live rows that could equal an imported row -> their id."""
    if not rows:
        return {}
    table = spec.model.__table__
    dates = [r.values[spec.date_field] for r in rows]
    team_ids = sorted({r.team_id for r in rows})
    query = select(table).where(
        and_(
            table.c.team_id.in_(team_ids),
            table.c.deleted_at.is_(None),
            table.c[spec.date_field].between(min(dates), max(dates)),
        )
    )
    stored = session.execute(query).mappings().all()
    return {_fingerprint(spec, r["team_id"], r): r["id"] for r in stored}


def _split_present(session: Session, spec: LedgerSpec, rows: list[ParsedRow]) -> tuple[list[ParsedRow], list[ParsedRow]]:
    """(rows not yet stored, rows identical to a stored live row)."""
    existing = _existing(session, spec, rows)
    new, present = [], []
    for row in rows:
        (present if _fingerprint(spec, row.team_id, row.values) in existing else new).append(row)
    return new, present


def _drop_duplicates(engine: Engine, plan: LedgerPlan, problems: list[ImportProblem]) -> None:
    with read_session(engine) as session:
        for kind, rows in plan.rows.items():
            new, present = _split_present(session, LEDGERS[kind], rows)
            plan.skipped[kind] += len(present)
            for row in new:
                if row.row_id is not None:
                    problems.append(ImportProblem(row.sheet, row.row, column_header(ROW_ID), "excel.ledger.has_id", {"id": row.row_id}))
            plan.rows[kind] = [row for row in new if row.row_id is None]


# ---------------------------------------------------------------- preview and write


@dataclass
class LedgerPreview:
    counts: pd.DataFrame  # ledger, team, rows to create
    first_rows: dict[str, pd.DataFrame]  # per ledger name: its first rows, labelled as in the sheet
    skipped: dict[str, int]  # per ledger name: rows already in the database
    total: int


def preview(plan: LedgerPlan, lang: str = DEFAULT_LANGUAGE, first: int = 5) -> LedgerPreview:
    """What writing the plan would create: counts per ledger and team, and each ledger's first rows."""
    counts = Counter((kind, row.team_id) for kind, rows in plan.rows.items() for row in rows)
    table = pd.DataFrame(
        [(sheet_title(kind, lang), plan.team_names.get(team_id, str(team_id)), n) for (kind, team_id), n in sorted(counts.items())],
        columns=[t("excel.preview.ledger", lang), t("excel.preview.team", lang), t("excel.preview.rows", lang)],
    )
    first_rows = {sheet_title(kind, lang): _labelled(plan, kind, rows[:first], lang) for kind, rows in plan.rows.items() if rows}
    skipped = {sheet_title(kind, lang): n for kind, n in plan.skipped.items() if n}
    return LedgerPreview(table, first_rows, skipped, plan.total)


def _labelled(plan: LedgerPlan, kind: str, rows: list[ParsedRow], lang: str) -> pd.DataFrame:
    spec = LEDGERS[kind]
    records = []
    for row in rows:
        record = {column_header(TEAM, lang): plan.team_names.get(row.team_id, "")}
        for f in spec.fields:
            value = row.values.get(f.name)
            record[t(f.label_key, lang)] = t(f"choice.{f.choices}.{value}", lang) if f.choices and value else value
        records.append(record)
    return pd.DataFrame(records)


def write_ledgers(engine: Engine, actor: Actor, plan: LedgerPlan) -> dict[str, int]:
    """Create every planned row (through ``ledger_store``, audited as imported) in ONE transaction;
    rows written per kind.

    Rows that meanwhile became identical to a stored row (the same file imported twice at once,
    a double click) are skipped, and a plan is written at most once.
    """
    if plan.written:
        raise fail("excel.ledger.already_written")
    written = {}
    with write_session(engine) as session:
        for kind, rows in plan.rows.items():
            new, present = _split_present(session, LEDGERS[kind], rows)
            plan.skipped[kind] += len(present)
            if new:
                created = [NewRow(row.team_id, row.values, row.author_id, (row.sheet, row.row)) for row in new]
                written[kind] = len(create_rows(session, actor, kind, created, action="import"))
    plan.written = True
    logs.event("import", what="ledgers", outcome="written", rows=written)
    return written


def import_ledgers(engine: Engine, actor: Actor, round_id: int, source: Source) -> dict[str, int]:
    """Read, check and write an uploaded ledger workbook: all rows or none (ImportFailed)."""
    return write_ledgers(engine, actor, read_ledgers(engine, actor, round_id, source))
