"""Who may change and read what, checked where the data is (DOMAIN.md, "Who uses it").

The expected answers are written here from the roles themselves, not imported from
``data_access.permissions``, so that a mistake there shows up as a mismatch:

- office: everything;
- member: their own team's ledgers only (write and read), no administration;
- leadership: reads all, writes nothing but a problem's ``instruction`` and a major
  risk's ``acknowledged_by``;
- discipline: reads all, writes nothing.

Every refused call must raise PermissionDenied and leave the whole database (the
audit log included) exactly as it was; every allowed change writes its audit entries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import SQLModel

from data_access import auth
from data_access.admin import (
    add_user,
    admin_rows,
    change_password,
    create_team,
    save_admin_rows,
    save_settings,
    set_disabled,
    unlock,
    users,
)
from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.ledger_store import (
    GridChanges,
    RowEdit,
    StaleEdit,
    apply_grid_changes,
    audit_entries,
    create_row,
    delete_row,
    get_row,
    list_rows,
    restore_row,
    undo,
    update_row,
)
from data_access.ledgers import LEDGERS, validate
from data_access.models import AppUser, AuditLog, Person, Site, TeamMember, utcnow
from data_access.org import add_member, people, rotate_member, team_members, visible_teams
from data_access.permissions import PermissionDenied
from tests.factories import OFFICE, make_round

KINDS = tuple(LEDGERS)
MATRIX_ROLES = ("leadership", "office", "member", "discipline")  # "member" is a member of team A
LEADER_FIELDS = {"problem": "instruction", "risk": "acknowledged_by"}
DAY = date(2021, 7, 13)
MONDAY = date(2021, 7, 12)  # a weekly report's week starts on a Monday
SAMPLE = {"text": "测试", "textarea": "测试", "int": 1, "money": 1}
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
FAKE_HASH = CHEAP_HASHER.hash("not-used-here")
STATIC_TABLES = {"work_calendar"}  # the state calendar: no action here writes it


@pytest.fixture(autouse=True)
def _fast_hashing(monkeypatch):
    """Argon2id at minimal cost: who may change a password is the question here, not the hash."""
    monkeypatch.setattr(auth, "_hasher", CHEAP_HASHER)


# ---------------------------------------------------------------- the organisation


def minimal_values(kind: str, person_id: int) -> dict[str, Any]:
    """A valid row of ``kind`` with only its required fields filled in."""
    values = {}
    for spec_field in LEDGERS[kind].fields:
        if not spec_field.required:
            continue
        if spec_field.widget == "date":
            value = MONDAY if (kind, spec_field.name) == ("weekly", "week_start") else DAY
        elif spec_field.widget == "choice":
            value = spec_field.options[0]
        elif spec_field.widget == "person":
            value = person_id
        else:
            value = SAMPLE[spec_field.widget]
        values[spec_field.name] = value
    return values


@dataclass
class World:
    engine: Any
    round_id: int
    teams: tuple[int, int]  # team A, team B
    persons: tuple[int, int]  # their members' person ids
    actors: dict[str, Actor]
    counter: itertools.count

    def values(self, kind: str, team_id: int) -> dict[str, Any]:
        return minimal_values(kind, self.persons[self.teams.index(team_id)])

    def seed(self, kind: str, team_id: int, deleted: bool = False) -> tuple[int, int]:
        """A fresh row written by the office: (id, version)."""
        row_id = create_row(self.engine, OFFICE, kind, team_id, self.values(kind, team_id))
        if deleted:
            delete_row(self.engine, OFFICE, kind, row_id, 1)
            return row_id, 2
        return row_id, 1

    def n(self) -> int:
        return next(self.counter)

    def fresh_user(self, locked: bool = False) -> int:
        with write_session(self.engine) as session:
            user = AppUser(username=f"target{self.n()}", password_hash=FAKE_HASH, role="discipline")
            if locked:
                user.locked_until, user.failed_logins = utcnow().replace(year=2100), 3
            session.add(user)
            session.flush()
            return user.id

    def fresh_person(self) -> int:
        with write_session(self.engine) as session:
            person = Person(name=f"新人{self.n()}")
            session.add(person)
            session.flush()
            return person.id

    def fresh_membership(self, team_id: int) -> int:
        person_id = self.fresh_person()
        with write_session(self.engine) as session:
            membership = TeamMember(team_id=team_id, person_id=person_id, role="member", joined_on=MONDAY)
            session.add(membership)
            session.flush()
            return membership.id

    def fresh_site(self) -> int:
        with write_session(self.engine) as session:
            site = Site(name=f"新点{self.n()}")
            session.add(site)
            session.flush()
            return site.id


def build_world(engine) -> World:
    org = make_round(engine)
    team_a, team_b = org["team_ids"]
    person_a, person_b = org["person_ids"]
    accounts = {
        "leadership": ("leadership", None, None),
        "office": ("office", None, None),
        "member": ("member", team_a, person_a),
        "member_b": ("member", team_b, person_b),
        "discipline": ("discipline", None, None),
    }
    actors = {}
    with write_session(engine) as session:
        for name, (role, team_id, person_id) in accounts.items():
            user = AppUser(username=name, password_hash=FAKE_HASH, role=role, team_id=team_id, person_id=person_id)
            session.add(user)
            session.flush()
            actors[name] = Actor.of(user)
    return World(engine, org["round_id"], (team_a, team_b), (person_a, person_b), actors, itertools.count(1))


@pytest.fixture
def world(engine) -> World:
    return build_world(engine)


# ---------------------------------------------------------------- the rules, from the roles


def other_value(spec_field, n: int) -> Any:
    """A valid value for the field that differs from what ``minimal_values`` and the defaults put there."""
    if spec_field.widget == "date":
        return date(2021, 8, 2)
    if spec_field.widget == "choice":
        return spec_field.options[-1]
    if spec_field.widget in ("int", "money", "person"):
        return n + 1
    if spec_field.widget == "bool":
        return True
    return f"改{n}"


FREE_WIDGETS = ("text", "textarea", "int", "money")  # no cross-field rule reads these


def may_write(actor: Actor, team_id: int) -> bool:
    return actor.role == "office" or (actor.role == "member" and actor.team_id == team_id)


def may_edit(actor: Actor, kind: str, fields: set[str], team_id: int) -> bool:
    if may_write(actor, team_id):
        return True
    return actor.role == "leadership" and kind in LEADER_FIELDS and fields == {LEADER_FIELDS[kind]}


def may_read(actor: Actor, team_id: int) -> bool:
    return actor.role in ("office", "leadership", "discipline") or actor.team_id == team_id


# ---------------------------------------------------------------- checking a call


def snapshot(engine, tables: tuple[str, ...] | None = None) -> dict[str, list[tuple]]:
    """Every row of the given tables (default: every table the app writes), in primary-key order."""
    chosen = [t for t in SQLModel.metadata.sorted_tables if t.name not in STATIC_TABLES and (not tables or t.name in tables)]
    with read_session(engine) as session:
        return {
            table.name: [tuple(r) for r in session.execute(select(table).order_by(*table.primary_key.columns)).all()] for table in chosen
        }


class Matrix:
    """Runs calls, compares their outcome with the rule, and collects every mismatch."""

    def __init__(self, engine, tables: tuple[str, ...] | None = None):
        self.engine = engine
        self.tables = tables
        self.mismatches: list[str] = []
        self.allowed = 0
        self.refused = 0

    def check(
        self,
        label: str,
        allowed: bool,
        call: Callable[[Any], Any],
        prepare: Callable[[], Any] = lambda: None,
        writes: int | None = 1,
        effect: Callable[[Any, Any], bool] | None = None,
    ) -> None:
        """Run ``call(prepare())``, comparing the database before and after ``call`` only.

        ``writes``: the audit entries an allowed call adds (None: not checked here);
        ``effect(prepared, result)``: whether an allowed call did what it should.
        """
        prepared = prepare()
        before = snapshot(self.engine, self.tables)
        try:
            result = call(prepared)
        except PermissionDenied:
            after = snapshot(self.engine, self.tables)
            self.refused += 1
            if allowed:
                self.mismatches.append(f"{label}: refused but should be allowed")
            elif after != before:
                changed = sorted(t for t in before if before[t] != after[t])
                self.mismatches.append(f"{label}: refused but wrote to {changed}")
            return
        after = snapshot(self.engine, self.tables)
        self.allowed += 1
        if not allowed:
            self.mismatches.append(f"{label}: UNAUTHORISED SUCCESS")
            return
        added = len(after["audit_log"]) - len(before["audit_log"])
        if writes is not None and added != writes:
            self.mismatches.append(f"{label}: {added} audit entries, expected {writes}")
        if effect is not None and not effect(prepared, result):
            self.mismatches.append(f"{label}: allowed but without the expected effect")

    def assert_clean(self) -> None:
        assert self.mismatches == [], "\n".join(self.mismatches)


def _row(world: World, kind: str, row_id: int) -> dict[str, Any]:
    return get_row(world.engine, OFFICE, kind, row_id)


# ---------------------------------------------------------------- ledgers


def test_minimal_values_are_valid_for_every_ledger(world):
    assert len(KINDS) == 12
    for kind in KINDS:
        for person_id in world.persons:
            _, errors = validate(LEDGERS[kind], minimal_values(kind, person_id))
            assert errors == [], (kind, errors)


@pytest.mark.parametrize("kind", KINDS)
def test_ledger_write_matrix(world, kind):
    # Watch the tables a ledger call could touch (scanning every table on every call is slow).
    engine, spec = world.engine, LEDGERS[kind]
    m = Matrix(engine, (spec.table_name, "audit_log", "app_user", "team", "team_member", "person"))
    title = spec.title_field
    leader_field = LEADER_FIELDS.get(kind)

    def row(row_id):
        return _row(world, kind, row_id)

    for role in MATRIX_ROLES:
        actor = world.actors[role]
        for team, team_name in zip(world.teams, "AB"):
            label = f"{role} → {kind} of team {team_name}:"
            write = may_write(actor, team)
            live = lambda: world.seed(kind, team)  # noqa: E731  (row id, version)

            m.check(
                f"{label} create",
                write,
                lambda _: create_row(engine, actor, kind, team, world.values(kind, team)),
                effect=lambda _, row_id: row(row_id)["team_id"] == team,
            )

            edits = {"title": {title: f"改{world.n()}"}}
            if leader_field:
                edits["leadership field"] = {leader_field: f"已阅{world.n()}"}
                edits["both fields"] = {leader_field: f"已阅{world.n()}", title: f"改{world.n()}"}
            for what, values in edits.items():
                allowed = may_edit(actor, kind, set(values), team)
                took = lambda seeded, _: all(row(seeded[0])[k] == v for k, v in values.items())  # noqa: E731
                m.check(
                    f"{label} update {what}",
                    allowed,
                    lambda seeded: update_row(engine, actor, kind, RowEdit(*seeded, values)),
                    prepare=live,
                    effect=took,
                )
                m.check(
                    f"{label} grid-edit {what}",
                    allowed,
                    lambda seeded: apply_grid_changes(engine, actor, kind, GridChanges(edited=(RowEdit(*seeded, values),))),
                    prepare=live,
                    effect=took,
                )

            # Those who may not write this row are refused every single field, bar leadership's own.
            if not write:
                for spec_field in spec.fields:
                    if spec_field.name in (title, leader_field):
                        continue
                    values = {spec_field.name: other_value(spec_field, world.n())}
                    m.check(
                        f"{label} update {spec_field.name}",
                        False,
                        lambda seeded: update_row(engine, actor, kind, RowEdit(*seeded, values)),
                        prepare=live,
                    )

            # Keys that are no ledger field are ignored: a row never moves team or changes hands.
            smuggled = {
                title: f"改{world.n()}",
                "team_id": world.teams[1 - world.teams.index(team)],
                "author_id": world.persons[1],
                "version": 99,
                "deleted_at": utcnow(),
            }
            m.check(
                f"{label} update with system columns",
                write,
                lambda seeded: update_row(engine, actor, kind, RowEdit(*seeded, smuggled)),
                prepare=live,
                effect=lambda seeded, _: (
                    (
                        row(seeded[0])["team_id"],
                        row(seeded[0])["author_id"],
                        row(seeded[0])["version"],
                        row(seeded[0])["deleted_at"],
                        row(seeded[0])[title],
                    )
                    == (team, None, 2, None, smuggled[title])
                ),
            )

            gone = lambda seeded, _: row(seeded[0])["deleted_at"] is not None  # noqa: E731
            m.check(f"{label} delete", write, lambda seeded: delete_row(engine, actor, kind, *seeded), prepare=live, effect=gone)
            m.check(
                f"{label} grid-delete",
                write,
                lambda seeded: apply_grid_changes(engine, actor, kind, GridChanges(deleted=(seeded,))),
                prepare=live,
                effect=gone,
            )
            m.check(
                f"{label} restore",
                role == "office",
                lambda seeded: restore_row(engine, actor, kind, *seeded),
                prepare=lambda: world.seed(kind, team, deleted=True),
                effect=lambda seeded, _: row(seeded[0])["deleted_at"] is None,
            )
            m.check(
                f"{label} grid-add",
                write,
                lambda _: apply_grid_changes(engine, actor, kind, GridChanges(added=((team, world.values(kind, team)),))),
            )

            def edited_by_the_office():
                row_id, version = world.seed(kind, team)
                original = row(row_id)[title]
                update_row(engine, OFFICE, kind, RowEdit(row_id, version, {title: "改过"}))
                with read_session(engine) as session:
                    return row_id, session.execute(select(func.max(AuditLog.id))).scalar_one(), original

            m.check(
                f"{label} undo",
                role == "office",
                lambda prepared: undo(engine, actor, prepared[1]),
                prepare=edited_by_the_office,
                effect=lambda prepared, _: row(prepared[0])[title] == prepared[2],
            )
    m.assert_clean()
    assert m.allowed and m.refused


@pytest.mark.parametrize("kind", KINDS)
def test_ledger_read_matrix(world, kind):
    engine, m = world.engine, Matrix(world.engine)
    rows = {team: world.seed(kind, team)[0] for team in world.teams}
    gone = {team: world.seed(kind, team, deleted=True)[0] for team in world.teams}
    for role in MATRIX_ROLES:
        actor = world.actors[role]
        for team, team_name in zip(world.teams, "AB"):
            for row_id in (rows[team], gone[team]):
                m.check(
                    f"{role} get_row {kind} of team {team_name}",
                    may_read(actor, team),
                    lambda _: get_row(engine, actor, kind, row_id),
                    writes=0,
                    effect=lambda _, row: row["id"] == row_id and row["team_id"] == team,
                )
        readable = {t for t in world.teams if may_read(actor, t)}
        listed = list_rows(engine, actor, kind, include_deleted=True)
        assert set(listed["team_id"]) == readable, (role, kind)
        assert set(listed["id"]) == {rows[t] for t in readable} | {gone[t] for t in readable}
        assert set(list_rows(engine, actor, kind)["id"]) == {rows[t] for t in readable}
        asked_for_b = list_rows(engine, actor, kind, team_ids=[world.teams[1]], include_deleted=True)
        assert set(asked_for_b["team_id"]) == readable & {world.teams[1]}, (role, kind)
        assert list_rows(engine, actor, kind, round_id=world.round_id)["team_id"].isin(readable).all()
    m.assert_clean()


def test_a_grid_with_one_forbidden_change_writes_nothing(world):
    engine = world.engine
    team_a, team_b = world.teams
    member, leader = world.actors["member"], world.actors["leadership"]
    own, own_version = world.seed("daily", team_a)
    other, other_version = world.seed("daily", team_b)
    edit_own = (RowEdit(own, own_version, {"content": "改过"}),)
    batches = [
        (member, "daily", GridChanges(edited=edit_own, deleted=((other, other_version),))),
        (member, "daily", GridChanges(edited=edit_own, added=((team_b, world.values("daily", team_b)),))),
        (member, "daily", GridChanges(edited=(*edit_own, RowEdit(other, other_version, {"content": "改过"})))),
        (member, "daily", GridChanges(deleted=((own, own_version), (other, other_version)))),
    ]
    problem, problem_version = world.seed("problem", team_a)
    batches += [
        (
            leader,
            "problem",
            GridChanges(edited=(RowEdit(problem, problem_version, {"instruction": "请办"}),), deleted=((problem, problem_version),)),
        ),
        (
            leader,
            "problem",
            GridChanges(
                edited=(RowEdit(problem, problem_version, {"instruction": "请办"}),), added=((team_a, world.values("problem", team_a)),)
            ),
        ),
    ]
    for actor, kind, changes in batches:
        before = snapshot(engine)
        with pytest.raises(PermissionDenied):
            apply_grid_changes(engine, actor, kind, changes)
        assert snapshot(engine) == before, (actor.role, changes)
    # The office may do all of it at once, audited change by change.
    before = len(snapshot(engine)["audit_log"])
    apply_grid_changes(engine, world.actors["office"], "daily", batches[0][2])
    assert len(snapshot(engine)["audit_log"]) == before + 2


# ---------------------------------------------------------------- administration and organisation


def test_admin_and_org_write_matrix(world):
    engine, m = world.engine, Matrix(world.engine)
    team_a, team_b = world.teams
    with read_session(engine) as session:
        site_id = session.execute(select(func.min(Site.id))).scalar_one()

    def user(user_id) -> AppUser:
        with read_session(engine) as session:
            return session.get(AppUser, user_id)

    def membership(membership_id) -> TeamMember:
        with read_session(engine) as session:
            return session.get(TeamMember, membership_id)

    for role in MATRIX_ROLES:
        actor = world.actors[role]
        office = role == "office"
        label = f"{role} →"

        m.check(
            f"{label} change own password",
            True,
            lambda epoch: change_password(engine, actor, actor.user_id, f"new-password-{world.n()}"),
            prepare=lambda: user(actor.user_id).session_epoch,
            effect=lambda epoch, _: user(actor.user_id).session_epoch == epoch + 1,
        )
        for target_role in ("leadership", "office", "member", "member_b", "discipline"):
            target = world.actors[target_role].user_id
            if target != actor.user_id:
                m.check(
                    f"{label} change {target_role}'s password",
                    office,
                    lambda _: change_password(engine, actor, target, f"new-password-{world.n()}"),
                )
        m.check(
            f"{label} disable a user",
            office,
            lambda target: set_disabled(engine, actor, target, True),
            prepare=world.fresh_user,
            effect=lambda target, _: user(target).disabled,
        )
        m.check(f"{label} disable themselves", office, lambda _: set_disabled(engine, actor, actor.user_id, True))
        if office:
            set_disabled(engine, actor, actor.user_id, False)
        m.check(
            f"{label} add an office user",
            office,
            lambda _: add_user(engine, actor, f"new{world.n()}", "long-enough-pw", "office", "新", None, None),
        )
        m.check(
            f"{label} add a member",
            office,
            lambda _: add_user(engine, actor, f"new{world.n()}", "long-enough-pw", "member", "新", team_a, None),
        )
        m.check(
            f"{label} unlock a user",
            office,
            lambda target: unlock(engine, actor, target),
            prepare=lambda: world.fresh_user(locked=True),
            effect=lambda target, _: user(target).locked_until is None,
        )
        m.check(
            f"{label} edit a round",
            office,
            lambda _: save_admin_rows(engine, actor, "round", {world.round_id: {"doc_number": f"文号{world.n()}"}}, []),
        )
        m.check(
            f"{label} add a round",
            office,
            lambda _: save_admin_rows(
                engine, actor, "round", {}, [{"name": f"轮次{world.n()}", "year": 2022, "start_date": MONDAY, "end_date": DAY}]
            ),
        )
        m.check(
            f"{label} edit and add sites",
            office,
            lambda _: save_admin_rows(engine, actor, "site", {site_id: {"profile": f"简介{world.n()}"}}, [{"name": f"新点{world.n()}"}]),
            writes=2,
        )
        m.check(
            f"{label} edit and add people",
            office,
            lambda _: save_admin_rows(
                engine, actor, "person", {world.persons[0]: {"department": f"部{world.n()}"}}, [{"name": f"新人{world.n()}"}]
            ),
            writes=2,
        )
        m.check(f"{label} save settings", office, lambda _: save_settings(engine, actor, {"deadline_soon_days": world.n() % 300 + 8}))
        m.check(
            f"{label} create a team",
            office,
            lambda site: create_team(engine, actor, world.round_id, site, 9, None),
            prepare=world.fresh_site,
        )
        m.check(
            f"{label} rotate a member of A to B",
            office,
            lambda member: rotate_member(engine, actor, member, team_b, DAY),
            writes=2,
            prepare=lambda: world.fresh_membership(team_a),
            effect=lambda member, _: membership(member).left_on == DAY,
        )
        m.check(
            f"{label} end a membership in B",
            office,
            lambda member: rotate_member(engine, actor, member, None, DAY),
            prepare=lambda: world.fresh_membership(team_b),
            effect=lambda member, _: membership(member).left_on == DAY,
        )
        for team, team_name in zip(world.teams, "AB"):
            m.check(
                f"{label} add a member to {team_name}",
                office,
                lambda person: add_member(engine, actor, team, person, "member", DAY),
                prepare=world.fresh_person,
            )
    m.assert_clean()
    assert m.allowed and m.refused


def test_admin_and_org_read_matrix(world):
    engine, m = world.engine, Matrix(world.engine)
    world.seed("daily", world.teams[0])  # something in the audit log
    for role in MATRIX_ROLES:
        actor = world.actors[role]
        office = role == "office"
        m.check(f"{role} audit_entries", office, lambda _: audit_entries(engine, actor), writes=0, effect=lambda _, frame: len(frame) > 0)
        m.check(f"{role} people", office, lambda _: people(engine, actor), writes=0, effect=lambda _, frame: len(frame) >= 2)
        m.check(
            f"{role} users",
            office,
            lambda _: users(engine, actor),
            writes=0,
            effect=lambda _, frame: len(frame) == 5 and "password_hash" not in frame.columns,
        )
        for table in ("round", "site", "person"):
            m.check(
                f"{role} admin_rows {table}",
                office,
                lambda _: admin_rows(engine, actor, table),
                writes=0,
                effect=lambda _, frame: len(frame) > 0,
            )
        for team, team_name in zip(world.teams, "AB"):
            m.check(
                f"{role} team_members of {team_name}",
                may_read(actor, team),
                lambda _: team_members(engine, actor, team),
                writes=0,
                effect=lambda _, frame: len(frame) == 1,
            )
        visible = set(visible_teams(engine, actor, world.round_id)["team_id"])
        assert visible == {t for t in world.teams if may_read(actor, t)}, role
    m.assert_clean()


def test_unlocking_is_audited(world):
    target = world.fresh_user(locked=True)
    before = len(snapshot(world.engine)["audit_log"])
    unlock(world.engine, world.actors["office"], target)
    assert len(snapshot(world.engine)["audit_log"]) == before + 1


def test_navigation_offers_each_role_only_what_it_may_use():
    from ui.navigation import pages_for

    for role in MATRIX_ROLES:
        paths = {spec.path for spec in pages_for(role)}
        sections = {spec.section for spec in pages_for(role)}
        assert ("nav.admin" in sections) == (role == "office"), role
        assert ("pages/audit_log.py" in paths) == (role == "office"), role
        assert ("pages/ledger_entry.py" in paths) == (role in ("office", "member")), role
        assert {"pages/overview.py", "pages/ledger_grid.py", "pages/problems.py"} <= paths, role


# ---------------------------------------------------------------- property-based


HYPOTHESIS_ROLES = ("leadership", "office", "member", "member_b", "discipline")
STEP = st.tuples(
    st.sampled_from(("create", "update", "delete", "restore")),
    st.sampled_from(HYPOTHESIS_ROLES),
    st.sampled_from(KINDS),
    st.integers(0, 1),  # the team a new row is for
    st.integers(0, 2**16),  # which existing row of that ledger
    st.booleans(),  # edit the leadership field, where the ledger has one
    st.integers(0, 2**16),  # otherwise which field
)


def ledger_state(engine) -> dict[tuple[str, int], dict[str, Any]]:
    with read_session(engine) as session:
        return {
            (kind, row["id"]): dict(row)
            for kind, spec in LEDGERS.items()
            for row in session.execute(select(spec.model.__table__)).mappings().all()
        }


def new_audit_entries(engine, after_id: int) -> list[AuditLog]:
    with read_session(engine) as session:
        return session.execute(select(AuditLog).where(AuditLog.id > after_id).order_by(AuditLog.id)).scalars().all()


def last_audit_id(engine) -> int:
    with read_session(engine) as session:
        return session.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()


def run_step(world: World, step: tuple) -> None:
    action, role, kind, team_index, pick, use_leader_field, field_pick = step
    engine, actor, spec = world.engine, world.actors[role], LEDGERS[kind]
    before, audit_mark = ledger_state(engine), last_audit_id(engine)
    field = None
    if action == "create":
        team = world.teams[team_index]
        expected = "done" if may_write(actor, team) else "denied"
        call = lambda: create_row(engine, actor, kind, team, world.values(kind, team))  # noqa: E731
    else:
        ids = sorted(row_id for (k, row_id) in before if k == kind)
        row_id = ids[pick % len(ids)]
        row = before[(kind, row_id)]
        team = row["team_id"]
        if action == "update":
            if use_leader_field and kind in LEADER_FIELDS:
                field = LEADER_FIELDS[kind]
            else:
                free = [f for f in spec.fields if f.widget in FREE_WIDGETS]
                field = free[field_pick % len(free)].name
            value = other_value(spec.field(field), world.n())
            if row["deleted_at"] is not None:
                expected = "stale"  # a deleted row is edited by no one
            else:
                expected = "done" if may_edit(actor, kind, {field}, team) else "denied"
            call = lambda: update_row(engine, actor, kind, RowEdit(row_id, row["version"], {field: value}))  # noqa: E731
        elif action == "delete":
            expected = "done" if may_write(actor, team) else "denied"
            call = lambda: delete_row(engine, actor, kind, row_id, row["version"])  # noqa: E731
        else:
            expected = "done" if actor.role == "office" else "denied"
            call = lambda: restore_row(engine, actor, kind, row_id, row["version"])  # noqa: E731
    try:
        call()
        outcome = "done"
    except PermissionDenied:
        outcome = "denied"
    except StaleEdit:
        outcome = "stale"
    after, entries = ledger_state(engine), new_audit_entries(engine, audit_mark)
    assert outcome == expected, step

    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if outcome != "done":
        assert changed == set() and entries == [], step
        return
    [entry] = entries  # exactly one audit entry per change
    assert changed == {(kind, entry.row_id)}, step
    assert (entry.action, entry.table_name, entry.team_id, entry.user_id) == (action, spec.table_name, team, actor.user_id), step
    new_row = after[(kind, entry.row_id)]
    assert new_row["team_id"] == team, step  # no change moves a row to another team
    if action == "create":
        assert (kind, entry.row_id) not in before and new_row["author_id"] == (actor.person_id or None)
        return
    assert entry.row_id == row_id
    old_row = before[(kind, row_id)]
    columns = {c for c in new_row if new_row[c] != old_row[c]}
    if action == "update":
        assert new_row[field] == value and columns <= {field, "version", "updated_at"}, step
    else:
        assert columns <= {"deleted_at", "version", "updated_at"}, step
        assert (new_row["deleted_at"] is None) == (action == "restore"), step


@pytest.fixture
def seeded_world(world) -> World:
    """Built once per test function (and engine), shared by all Hypothesis examples."""
    for kind in KINDS:
        for team in world.teams:
            world.seed(kind, team)
    return world


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=6))
def test_random_actions_change_only_what_the_actor_may_change(seeded_world, steps):
    for step in steps:
        run_step(seeded_world, step)
