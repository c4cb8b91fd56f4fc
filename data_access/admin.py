"""The office's administration of rounds, sites, people, teams and users, audited like ledgers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from data_access.auth import Actor, check_password_rules, create_user, hash_password
from data_access.calendar import cover_rounds
from data_access.db import read_session, write_session
from data_access.ledger_store import ValidationFailed, write_audit
from data_access.ledgers import FieldError
from data_access.models import AppUser, Person, Round, Site, Team
from data_access.permissions import require_office
from data_access.settings import get_settings, set_setting

# The tables the office edits in a grid, and the columns it may change there.
EDITABLE: dict[str, tuple[type[SQLModel], tuple[str, ...]]] = {
    "round": (Round, ("name", "doc_number", "level", "region_code", "year", "start_date", "end_date", "status")),
    "site": (Site, ("name", "kind", "district_name", "district_code", "lon", "lat", "profile")),
    "person": (Person, ("name", "department", "origin", "local_org", "is_young", "is_leader")),
}
REQUIRED = {"name", "year", "start_date", "end_date"}
# Their coded columns and the choice sets they draw from: a grid shows and offers the labels.
CHOICE_COLUMNS: dict[str, dict[str, str]] = {
    "round": {"level": "round_level", "status": "round_status"},
    "site": {"kind": "site_kind"},
    "person": {"origin": "person_origin"},
}


def admin_rows(engine: Engine, actor: Actor, table: str) -> pd.DataFrame:
    require_office(actor)
    model, columns = EDITABLE[table]
    names = ["id", *columns]
    with read_session(engine) as session:  # plain rows, not ORM objects: a country has tens of thousands of people
        rows = session.execute(select(*(model.__table__.c[name] for name in names)).order_by(model.id)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=names)


def _check(row: dict[str, Any], label: Any) -> list[FieldError]:
    errors = [FieldError(name, "validation.required") for name in REQUIRED if name in row and row[name] in (None, "")]
    errors += [FieldError(name, "validation.nul_char") for name, value in row.items() if isinstance(value, str) and "\x00" in value]
    if row.get("start_date") and row.get("end_date") and row["end_date"] < row["start_date"]:
        errors.append(FieldError("end_date", "validation.before", {"other": "field.start_date"}))
    return errors


def save_admin_rows(engine: Engine, actor: Actor, table: str, edited: dict[int, dict[str, Any]], added: list[dict[str, Any]]) -> None:
    """Apply a grid's edits (by id) and additions in one transaction, audited."""
    require_office(actor)
    model, columns = EDITABLE[table]
    errors = {}
    with read_session(engine) as session:
        merged = {row_id: {**session.get(model, row_id).model_dump(), **changes} for row_id, changes in edited.items()}
    for label, row in [*merged.items(), *((("new", i), row) for i, row in enumerate(added))]:
        problems = _check({k: v for k, v in row.items() if k in columns}, label)
        if problems:
            errors[label] = problems
    if errors:
        raise ValidationFailed(errors)
    with write_session(engine) as session:
        for row_id, changes in edited.items():
            obj = session.get(model, row_id)
            before = obj.model_dump()
            for name, value in changes.items():
                if name in columns:
                    setattr(obj, name, value)
            session.flush()
            write_audit(session, actor, "update", model.__tablename__, row_id, None, before, obj.model_dump())
        for row in added:
            obj = model(**{k: v for k, v in row.items() if k in columns})
            session.add(obj)
            session.flush()
            write_audit(session, actor, "create", model.__tablename__, obj.id, None, None, obj.model_dump())
        if model is Round:
            cover_rounds(session)  # figures only read work_calendar: a new or moved round's years go in now


def create_team(engine: Engine, actor: Actor, round_id: int, site_id: int, seq: int, liaison_leader_id: int | None) -> int:
    require_office(actor)
    with write_session(engine) as session:
        team = Team(round_id=round_id, site_id=site_id, seq=seq, liaison_leader_id=liaison_leader_id)
        session.add(team)
        session.flush()
        write_audit(session, actor, "create", "team", team.id, team.id, None, team.model_dump())
        return team.id


# ---------------------------------------------------------------- users


def users(engine: Engine, actor: Actor) -> pd.DataFrame:
    """Every account with the team it writes for ("seq. site（year of its round）") and its person's name."""
    require_office(actor)
    u = AppUser
    stmt = (
        select(
            u.id, u.username, u.display_name, u.role, Team.seq, Site.name, Round.year, Person.name, u.is_demo, u.disabled, u.locked_until
        )
        .outerjoin(Team, Team.id == u.team_id)
        .outerjoin(Site, Site.id == Team.site_id)
        .outerjoin(Round, Round.id == Team.round_id)
        .outerjoin(Person, Person.id == u.person_id)
        .order_by(u.id)
    )
    with read_session(engine) as session:
        rows = session.execute(stmt).all()
    columns = ["id", "username", "display_name", "role", "team_label", "person_name", "is_demo", "disabled", "locked_until"]
    return pd.DataFrame(
        [
            (i, name, shown, role, f"{seq}. {site}（{round_name}）" if site else None, *rest)
            for i, name, shown, role, seq, site, round_name, *rest in rows
        ],
        columns=columns,
    )


def add_user(
    engine: Engine, actor: Actor, username: str, password: str, role: str, display_name: str, team_id: int | None, person_id: int | None
) -> int:
    require_office(actor)
    problems = []
    if not username.strip():
        problems.append(FieldError("username", "validation.required"))
    rule = check_password_rules(password)
    if rule:
        problems.append(FieldError("password", rule))
    if role == "member" and team_id is None:
        problems.append(FieldError("team", "validation.required"))
    with read_session(engine) as session:
        if session.execute(select(AppUser.id).where(AppUser.username == username.strip())).first():
            problems.append(FieldError("username", "admin.username_taken"))
    if problems:
        raise ValidationFailed({None: problems})
    with write_session(engine) as session:
        user = create_user(session, username.strip(), password, role, display_name=display_name, team_id=team_id, person_id=person_id)
        write_audit(session, actor, "create", "app_user", user.id, team_id, None, _public(user))
        return user.id


def _public(user: AppUser) -> dict[str, Any]:
    """A user as the audit log keeps it: never the password hash."""
    return {k: v for k, v in user.model_dump().items() if k != "password_hash"}


def end_sessions(engine: Engine, actor: Actor) -> None:
    """Sign out everywhere: every token the user was issued so far stops working."""
    with write_session(engine) as session:
        user = session.get(AppUser, actor.user_id)
        user.session_epoch += 1
        write_audit(session, actor, "update", "app_user", user.id, user.team_id, None, {"signed_out": _now()})


def set_disabled(engine: Engine, actor: Actor, user_id: int, disabled: bool) -> None:
    """Disabling ends the user's sessions at once (the epoch moves on)."""
    require_office(actor)
    with write_session(engine) as session:
        user = session.get(AppUser, user_id)
        before = _public(user)
        user.disabled = disabled
        user.session_epoch += 1
        write_audit(session, actor, "update", "app_user", user.id, user.team_id, before, _public(user))


def change_password(engine: Engine, actor: Actor, user_id: int, new_password: str) -> None:
    """A user changes their own password (or the office resets one); every session of that user ends."""
    if actor.user_id != user_id:
        require_office(actor)
    rule = check_password_rules(new_password)
    if rule:
        raise ValidationFailed({None: [FieldError("password", rule)]})
    with write_session(engine) as session:
        user = session.get(AppUser, user_id)
        user.password_hash = hash_password(new_password)
        user.session_epoch += 1
        user.locked_until = None
        user.failed_logins = 0
        write_audit(session, actor, "update", "app_user", user.id, user.team_id, None, {"password_changed": _now()})


def reset_password(engine: Engine, actor: Actor, username: str, new_password: str) -> None:
    """``change_password`` by username (``manage.py reset-password``); LookupError for no such user."""
    with read_session(engine) as session:
        user_id = session.execute(select(AppUser.id).where(AppUser.username == username)).scalar()
    if user_id is None:
        raise LookupError(username)
    change_password(engine, actor, user_id, new_password)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def unlock(engine: Engine, actor: Actor, user_id: int) -> None:
    require_office(actor)
    with write_session(engine) as session:
        user = session.get(AppUser, user_id)
        before = _public(user)
        user.locked_until = None
        user.failed_logins = 0
        write_audit(session, actor, "update", "app_user", user.id, user.team_id, before, _public(user))


# ---------------------------------------------------------------- thresholds


def read_settings(engine: Engine) -> dict[str, Any]:
    with read_session(engine) as session:
        return get_settings(session)


def save_settings(engine: Engine, actor: Actor, values: dict[str, Any]) -> None:
    """Store the changed thresholds together, or none of them (SettingError names the first bad one)."""
    require_office(actor)
    with write_session(engine) as session:
        before = get_settings(session)
        changed = {k: v for k, v in values.items() if before.get(k) != v}
        for key, value in changed.items():
            set_setting(session, key, value)
        if changed:
            write_audit(session, actor, "update", "setting", None, None, before, get_settings(session))
