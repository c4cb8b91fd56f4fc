"""Reading and changing ledger rows: permission-checked, validated, versioned, audited.

Nothing lost (DOMAIN.md): every change is written together with its audit record
in one transaction; an update or delete names the version it was based on and is
refused when someone changed the row since; deletes are soft and reversible.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

import pandas as pd
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.ledgers import LEDGERS, FieldError, LedgerSpec, validate
from data_access.models import AppUser, AuditLog, Person, Round, Site, Team, TeamMember, utcnow
from data_access.permissions import (
    PermissionDenied,
    can_read_team,
    can_write_ledger,
    readable_team_ids,
    require,
    require_office,
    writable_fields,
)

SYSTEM_COLUMNS = ("id", "team_id", "author_id", "version", "created_at", "updated_at", "deleted_at")
AUTHOR_FIELD = "author_name"  # how a FieldError names a row's author (its label is field.author_name)
YEARS_AROUND_ROUND = 1  # a ledger's dates lie within this many years of its round's stationing


class ValidationFailed(Exception):
    """Bad input; ``errors`` maps a row label (or None for a single row) to its field errors."""

    def __init__(self, errors: dict[Any, list[FieldError]]):
        super().__init__("validation failed")
        self.errors = errors


class StaleEdit(Exception):
    """Someone changed the row after it was opened; nothing was written."""

    def __init__(self, kind: str, row_id: int, current: dict | None, attempted: dict):
        super().__init__(f"{kind} {row_id} changed meanwhile")
        self.kind = kind
        self.row_id = row_id
        self.current = current
        self.attempted = attempted


@dataclass(frozen=True)
class RowEdit:
    row_id: int
    version: int
    values: dict[str, Any]


class NewRow(NamedTuple):  # a tuple: an import makes ten thousand of them
    """A row to create: its team, its values as entered, its author (None: the acting user)."""

    team_id: int
    values: dict[str, Any]
    author_id: int | None = None
    label: Any = None  # names the row in ValidationFailed.errors


# ---------------------------------------------------------------- helpers


def _iso(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not for an audit record")


_AUDIT_JSON = json.JSONEncoder(ensure_ascii=False, default=_iso)


def to_json(row: dict[str, Any] | None) -> str | None:
    """A row as the audit log keeps it: JSON, Chinese as is, dates as ISO text."""
    return None if row is None else _AUDIT_JSON.encode(row)


def _table(spec: LedgerSpec):
    return spec.model.__table__


def _fetch(session: Session, spec: LedgerSpec, row_id: int) -> dict[str, Any] | None:
    row = session.execute(select(_table(spec)).where(_table(spec).c.id == row_id)).mappings().first()
    return dict(row) if row else None


def audit_record(
    actor: Actor,
    action: str,
    table_name: str,
    row_id: int | None,
    team_id: int | None,
    before: dict | None,
    after: dict | None,
) -> dict[str, Any]:
    """The audit log's row for one change: the one place its format is made."""
    return {
        "at": utcnow(),
        "user_id": actor.user_id,
        "action": action,
        "table_name": table_name,
        "row_id": row_id,
        "team_id": team_id,
        "before": to_json(before),
        "after": to_json(after),
    }


def write_audit(
    session: Session,
    actor: Actor,
    action: str,
    table_name: str,
    row_id: int | None,
    team_id: int | None,
    before: dict | None,
    after: dict | None,
) -> None:
    session.add(AuditLog(**audit_record(actor, action, table_name, row_id, team_id, before, after)))


def _validated(spec: LedgerSpec, values: dict[str, Any], label: Any = None) -> dict[str, Any]:
    clean, errors = validate(spec, values)
    if errors:
        raise ValidationFailed({label: errors})
    return clean


# ---------------------------------------------------------------- reads


def list_rows(
    engine: Engine,
    actor: Actor,
    kind: str,
    team_ids: Iterable[int] | None = None,
    round_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    include_deleted: bool = False,
    limit: int | None = 1000,
) -> pd.DataFrame:
    """Rows of one ledger the actor may read, newest first, with site and author names (all of
    them if ``limit`` is None)."""
    spec = LEDGERS[kind]
    table = _table(spec)
    query = (
        select(table, Site.name.label("site_name"), Person.name.label("author_name"))
        .join(Team, Team.id == table.c.team_id)
        .join(Site, Site.id == Team.site_id)
        .outerjoin(Person, Person.id == table.c.author_id)
        .order_by(table.c[spec.date_field].desc(), table.c.id.desc())
        .limit(limit)
    )
    allowed = readable_team_ids(actor)
    if allowed is not None:
        query = query.where(table.c.team_id.in_(allowed))
    if team_ids is not None:
        query = query.where(table.c.team_id.in_(list(team_ids)))
    if round_id is not None:
        query = query.where(Team.round_id == round_id)
    if date_from is not None:
        query = query.where(table.c[spec.date_field] >= date_from)
    if date_to is not None:
        query = query.where(table.c[spec.date_field] <= date_to)
    if not include_deleted:
        query = query.where(table.c.deleted_at.is_(None))
    with read_session(engine) as session:
        rows = session.execute(query).mappings().all()
    columns = [c.name for c in table.columns] + ["site_name", "author_name"]
    return pd.DataFrame([dict(r) for r in rows], columns=columns)


def rows_on_day(engine: Engine, actor: Actor, kind: str, team_id: int, day: date) -> int:
    """How many live rows of the ledger the team has dated ``day`` (its date field): a second daily
    record of one day is allowed (a team may write two) but worth a word to the one who wrote it."""
    require(can_read_team(actor, team_id))
    spec = LEDGERS[kind]
    table = _table(spec)
    query = select(func.count()).where(table.c.team_id == team_id, table.c[spec.date_field] == day, table.c.deleted_at.is_(None))
    with read_session(engine) as session:
        return int(session.execute(query).scalar())


def latest_rows(engine: Engine, actor: Actor, kind: str, team_id: int, until: date | None = None, count: int = 5) -> pd.DataFrame:
    """A team's newest live rows of one ledger, up to the day ``until``."""
    return list_rows(engine, actor, kind, team_ids=[team_id], date_to=until, limit=count)


def get_row(engine: Engine, actor: Actor, kind: str, row_id: int) -> dict[str, Any] | None:
    spec = LEDGERS[kind]
    with read_session(engine) as session:
        row = _fetch(session, spec, row_id)
    if row is not None:
        require(can_read_team(actor, row["team_id"]))
    return row


# ---------------------------------------------------------------- writes (one transaction each)


# ---------------------------------------------------------------- rules that need the team


def team_people(session: Session, team_ids: Iterable[int]) -> list[tuple[int, int, str]]:
    """(team, person, name) of everyone a team's rows may name: whoever was ever its member
    (rotation keeps old rows theirs) and its liaison leader."""
    ids = list(team_ids)
    members = select(TeamMember.team_id, Person.id, Person.name).join(Person, Person.id == TeamMember.person_id)
    leaders = select(Team.id, Person.id, Person.name).join(Person, Person.id == Team.liaison_leader_id)
    return [tuple(r) for r in session.execute(members.where(TeamMember.team_id.in_(ids)).union(leaders.where(Team.id.in_(ids)))).all()]


@dataclass(frozen=True)
class _TeamFacts:
    first_day: date
    last_day: date
    people: frozenset[int]


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _team_facts(session: Session, team_ids: Iterable[int]) -> dict[int, _TeamFacts]:
    ids = set(team_ids)
    rounds = session.execute(
        select(Team.id, Round.start_date, Round.end_date).join(Round, Round.id == Team.round_id).where(Team.id.in_(ids))
    )
    people: dict[int, set[int]] = {team_id: set() for team_id in ids}
    for team_id, person_id, _name in team_people(session, ids):
        people[team_id].add(person_id)
    return {
        team_id: _TeamFacts(_years_from(start, -YEARS_AROUND_ROUND), _years_from(end, YEARS_AROUND_ROUND), frozenset(people[team_id]))
        for team_id, start, end in rounds
    }


def _team_errors(
    spec: LedgerSpec, facts: _TeamFacts, clean: dict[str, Any], author_id: int | None, fields: Iterable[str]
) -> list[FieldError]:
    """Dates outside the window around the team's round; a person (or author) not of the team."""
    errors = []
    for spec_field in (spec.field(name) for name in fields):
        value = clean.get(spec_field.name)
        if value is None:
            continue
        if spec_field.widget == "date" and not facts.first_day <= value <= facts.last_day:
            window = {"start": facts.first_day.isoformat(), "end": facts.last_day.isoformat()}
            errors.append(FieldError(spec_field.name, "validation.date_window", window))
        elif spec_field.widget == "person" and value not in facts.people:
            errors.append(FieldError(spec_field.name, "validation.not_team_person"))
    if author_id is not None and author_id not in facts.people:
        errors.append(FieldError(AUTHOR_FIELD, "validation.not_team_person"))
    return errors


def team_rule_errors(session: Session, kind: str, rows: Sequence[NewRow]) -> dict[Any, list[FieldError]]:
    """The errors of rows with clean values against their team: what ``create_rows`` refuses,
    for an importer to report cell by cell before it writes."""
    spec = LEDGERS[kind]
    facts = _team_facts(session, {row.team_id for row in rows})
    require(all(row.team_id in facts for row in rows))  # a team that does not exist is no one's to write to
    names = [f.name for f in spec.fields]
    errors: dict[Any, list[FieldError]] = {}
    for row in rows:
        found = _team_errors(spec, facts[row.team_id], row.values, row.author_id, names)
        if found:
            errors.setdefault(row.label, []).extend(found)
    return errors


def _checked(session: Session, actor: Actor, spec: LedgerSpec, rows: Sequence[NewRow]) -> list[dict[str, Any]]:
    """Each row's clean values; PermissionDenied for a team the actor may not write to, else
    ValidationFailed with every row's errors under its label."""
    for team_id in {row.team_id for row in rows}:
        require(can_write_ledger(actor, team_id))
    cleaned, errors = [], {}
    for row in rows:
        clean, row_errors = validate(spec, row.values)
        if row_errors:
            errors.setdefault(row.label, []).extend(row_errors)
        cleaned.append(clean)
    if not errors and rows:
        checked = [row._replace(values=clean) for row, clean in zip(rows, cleaned)]
        errors = team_rule_errors(session, spec.kind, checked)
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _insert(session: Session, actor: Actor, spec: LedgerSpec, rows: Sequence[NewRow], cleaned: list[dict], action: str) -> list[int]:
    """Write checked rows at version 1 and an audit record for each: ids drawn up front, then one
    bulk write per table, so that an import of thousands of rows is not thousands of statements."""
    if not rows:
        return []
    session.flush()  # audit records added earlier in this transaction keep their place in the log
    table = _table(spec)
    ids = _allocate_ids(session, table, len(rows))
    now = utcnow()
    # every column in the table's order (as a read gives a row back); merging keeps that order
    blank = dict.fromkeys(table.columns.keys()) | {"created_at": now, "updated_at": now, "version": 1}
    records = [
        {**blank, **clean, "id": row_id, "team_id": row.team_id, "author_id": row.author_id or actor.person_id}
        for row_id, row, clean in zip(ids, rows, cleaned)
    ]
    _bulk_write(session, table, records)
    audits = [audit_record(actor, action, spec.table_name, r["id"], r["team_id"], None, r) for r in records]
    _bulk_write(session, AuditLog.__table__, audits)
    return ids


def _allocate_ids(session: Session, table, n: int) -> list[int]:
    """Primary keys for n new rows: from the table's sequence (PostgreSQL), or after the largest id
    (SQLite, where this write transaction holds the database's write lock: BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
        return list(session.execute(query, {"table": table.name, "n": n}).scalars())
    start = session.execute(select(func.max(table.c.id))).scalar() or 0
    return list(range(start + 1, start + n + 1))


def _bulk_write(session: Session, table, records: list[dict]) -> None:
    """COPY on PostgreSQL (psycopg), executemany elsewhere; both inside the session's transaction."""
    if not records:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(table.insert(), records)
        return
    quote = session.get_bind().dialect.identifier_preparer.quote
    columns = list(records[0])
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    dbapi_connection = session.connection().connection.dbapi_connection
    with dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for record in records:
            copy.write_row([record[c] for c in columns])


def _update(session: Session, actor: Actor, spec: LedgerSpec, edit: RowEdit, label: Any = None) -> int:
    before = _fetch(session, spec, edit.row_id)
    if before is None or before["deleted_at"] is not None:
        raise StaleEdit(spec.kind, edit.row_id, before, edit.values)
    allowed = writable_fields(actor, spec.kind, before["team_id"], tuple(f.name for f in spec.fields))
    changed = {k: v for k, v in edit.values.items() if k in {f.name for f in spec.fields} and before.get(k) != v}
    require(bool(allowed) and set(changed) <= set(allowed))
    merged = {f.name: before[f.name] for f in spec.fields} | changed
    clean = _validated(spec, merged, label)
    facts = _team_facts(session, [before["team_id"]])[before["team_id"]]
    if errors := _team_errors(spec, facts, clean, None, changed):  # what was stored before stays as it was
        raise ValidationFailed({label: errors})
    table = _table(spec)
    result = session.execute(
        update(table)
        .where(table.c.id == edit.row_id, table.c.version == edit.version)
        .values(**clean, version=edit.version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise StaleEdit(spec.kind, edit.row_id, before, edit.values)
    after = _fetch(session, spec, edit.row_id)
    write_audit(session, actor, "update", spec.table_name, edit.row_id, before["team_id"], before, after)
    return edit.version + 1


def _set_deleted(session: Session, actor: Actor, spec: LedgerSpec, row_id: int, version: int, deleted: bool) -> None:
    before = _fetch(session, spec, row_id)
    if before is None:
        raise StaleEdit(spec.kind, row_id, None, {})
    require(can_write_ledger(actor, before["team_id"]))
    if not deleted:
        require_office(actor)  # restoring is the office's call
    table = _table(spec)
    result = session.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == version)
        .values(deleted_at=utcnow() if deleted else None, version=version + 1, updated_at=utcnow())
    )
    if result.rowcount != 1:
        raise StaleEdit(spec.kind, row_id, before, {})
    action = "delete" if deleted else "restore"
    write_audit(session, actor, action, spec.table_name, row_id, before["team_id"], before, _fetch(session, spec, row_id))


def create_rows(target: Engine | Session, actor: Actor, kind: str, rows: Sequence[NewRow], action: str = "create") -> list[int]:
    """Create rows, all or none, in one transaction (the caller's when ``target`` is a session);
    their new ids, in order. ``action`` names the change in the audit log (create, import)."""
    spec = LEDGERS[kind]
    if isinstance(target, Session):
        return _insert(target, actor, spec, rows, _checked(target, actor, spec, rows), action)
    with write_session(target) as session:
        return _insert(session, actor, spec, rows, _checked(session, actor, spec, rows), action)


def create_row(engine: Engine, actor: Actor, kind: str, team_id: int, values: dict[str, Any], author_id: int | None = None) -> int:
    return create_rows(engine, actor, kind, [NewRow(team_id, values, author_id)])[0]


def update_row(engine: Engine, actor: Actor, kind: str, edit: RowEdit) -> int:
    """The row's new version; StaleEdit if it changed since ``edit.version``."""
    with write_session(engine) as session:
        return _update(session, actor, LEDGERS[kind], edit)


def delete_row(engine: Engine, actor: Actor, kind: str, row_id: int, version: int) -> None:
    with write_session(engine) as session:
        _set_deleted(session, actor, LEDGERS[kind], row_id, version, deleted=True)


def restore_row(engine: Engine, actor: Actor, kind: str, row_id: int, version: int) -> None:
    with write_session(engine) as session:
        _set_deleted(session, actor, LEDGERS[kind], row_id, version, deleted=False)


@dataclass(frozen=True)
class GridChanges:
    """What a quick-edit grid sends back, matched to rows by primary key, never by position."""

    edited: tuple[RowEdit, ...] = ()
    added: tuple[tuple[int, dict[str, Any]], ...] = ()  # (team_id, values)
    deleted: tuple[tuple[int, int], ...] = ()  # (row_id, version)


def apply_grid_changes(engine: Engine, actor: Actor, kind: str, changes: GridChanges) -> None:
    """All of a grid's edits, additions and deletions, or none of them."""
    spec = LEDGERS[kind]
    added = [NewRow(team_id, values, label=("new", index)) for index, (team_id, values) in enumerate(changes.added)]
    with write_session(engine) as session:
        cleaned = _checked(session, actor, spec, added)
        for edit in changes.edited:
            _update(session, actor, spec, edit, label=edit.row_id)
        for row_id, version in changes.deleted:
            _set_deleted(session, actor, spec, row_id, version, deleted=True)
        _insert(session, actor, spec, added, cleaned, "create")


# ---------------------------------------------------------------- audit view and undo

LEDGER_BY_TABLE = {spec.table_name: spec for spec in LEDGERS.values()}


def audit_entries(
    engine: Engine,
    actor: Actor,
    table_name: str | None = None,
    team_id: int | None = None,
    since: datetime | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The newest audit entries, with who made each change (user_name, the account's display name
    or username), the team it concerns (team_label, "seq. site" of its round) and the columns it
    changed (changed)."""
    require_office(actor)
    user_name = func.coalesce(func.nullif(AppUser.display_name, ""), AppUser.username)
    query = (
        select(AuditLog, user_name.label("user_name"), Team.seq, Site.name)
        .outerjoin(AppUser, AppUser.id == AuditLog.user_id)
        .outerjoin(Team, Team.id == AuditLog.team_id)
        .outerjoin(Site, Site.id == Team.site_id)
        .order_by(AuditLog.id.desc())
        .limit(limit)
    )
    if table_name:
        query = query.where(AuditLog.table_name == table_name)
    if team_id:
        query = query.where(AuditLog.team_id == team_id)
    if since:
        query = query.where(AuditLog.at >= since)
    with read_session(engine) as session:
        rows = session.execute(query).all()
    entries = pd.DataFrame([entry.model_dump() for entry, *_ in rows], columns=list(AuditLog.model_fields))
    entries["changed"] = [_changed_fields(entry.before, entry.after) for entry, *_ in rows]
    entries["user_name"] = [name for _, name, *_ in rows]
    entries["team_label"] = [f"{seq}. {site}" if site else None for *_, seq, site in rows]
    return entries


BOOKKEEPING = {"version", "updated_at", "created_at"}  # change with every write: not what a reader asks about


def _changed_fields(before: str | None, after: str | None) -> tuple[str, ...]:
    """The columns an update changed (a deletion or restore: deleted_at), in the row's order."""
    if not before or not after:
        return ()
    old, new = json.loads(before), json.loads(after)
    return tuple(k for k in new if k not in BOOKKEEPING and old.get(k) != new[k])


def undo(engine: Engine, actor: Actor, audit_id: int) -> None:
    """Put a ledger row back as it was before the audited change (itself audited, as 'undo').

    Refused (StaleEdit) when the row changed again after that change: undoing an
    older edit would silently overwrite the newer one.
    """
    require_office(actor)
    with write_session(engine) as session:
        entry = session.get(AuditLog, audit_id)
        spec = LEDGER_BY_TABLE.get(entry.table_name) if entry else None
        if spec is None:
            raise PermissionDenied("audit.not_undoable")
        current = _fetch(session, spec, entry.row_id)
        after = json.loads(entry.after) if entry.after else None
        if current is None or after is None or current["version"] != after["version"]:
            raise StaleEdit(spec.kind, entry.row_id, current, {})
        _restore_state(session, actor, spec, entry, current)


def _restore_state(session: Session, actor: Actor, spec: LedgerSpec, entry: AuditLog, current: dict) -> None:
    table = _table(spec)
    if entry.before is None:  # undoing a creation: the row goes (softly)
        values = {"deleted_at": utcnow()}
    else:
        before = json.loads(entry.before)
        clean = _validated(spec, {f.name: before[f.name] for f in spec.fields})
        values = {**clean, "deleted_at": None if before.get("deleted_at") is None else utcnow()}
    session.execute(
        update(table)
        .where(table.c.id == entry.row_id, table.c.version == current["version"])
        .values(**values, version=current["version"] + 1, updated_at=utcnow())
    )
    write_audit(session, actor, "undo", spec.table_name, entry.row_id, current["team_id"], current, _fetch(session, spec, entry.row_id))
