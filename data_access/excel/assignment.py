"""The team assignment table (任务分配表): 序号 · 蹲点单位 · 联系领导 · 带队组长 · 组员.

Reading: the header row is found by its names (small variants allowed) on any sheet,
below any title rows; merged cells count for every row they cover; blank rows, note
rows and a repeated header are skipped; a row without a site continues the team above.
Members are split on 、，,；; / and spaces; ``名字（单位）`` (either bracket width) marks a
cadre of a local federation.

Importing into a round is idempotent, and who is who is kept simple:
* a site is its name;
* a person is (name, bracketed unit): 王星 and 王星（正定县总工会） are two people, while
  two office cadres of the same name are taken to be one (the office renames one
  afterwards if they really are two); a liaison leader is the office person of that name,
  marked ``is_leader``;
* a team is (round, site); 序号 and the liaison leader are updated from the table;
* a membership is added when the person is not currently on the team, or its role
  (leader/member) is corrected; people missing from the table are left on their team —
  leaving is a rotation, recorded on the administration page.
Every row created or changed is audited with action "import"; unchanged rows are not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access import logs
from data_access.auth import Actor
from data_access.db import write_session
from data_access.excel.problems import ImportFailed, ImportProblem, fail, refusals_logged
from data_access.excel.safe_read import Sheet, Source, read_workbook
from data_access.ledger_store import write_audit
from data_access.models import Person, Round, Site, Team, TeamMember
from data_access.permissions import require_office
from i18n import DEFAULT_LANGUAGE, t

COLUMNS = ("seq", "site", "liaison", "leader", "members")
REQUIRED = ("site", "leader", "members")
HEADER_SCAN_ROWS = 50
MAX_HEADER_LENGTH = 14
MAX_NAME_LENGTH = 20


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class PlannedPerson:
    name: str
    local_org: str = ""  # the bracketed unit of a local-federation cadre

    @property
    def origin(self) -> str:
        return "local" if self.local_org else "office"

    @property
    def label(self) -> str:
        return f"{self.name}（{self.local_org}）" if self.local_org else self.name


@dataclass(frozen=True)
class PlannedTeam:
    row: int  # first row of the team in the sheet
    seq: int
    site: str
    liaison: str | None
    leader: PlannedPerson
    members: tuple[PlannedPerson, ...]

    @property
    def people(self) -> tuple[PlannedPerson, ...]:
        return (self.leader, *self.members)


@dataclass(frozen=True)
class AssignmentPlan:
    sheet: str
    header_row: int
    teams: tuple[PlannedTeam, ...]

    @property
    def sites(self) -> list[str]:
        return [team.site for team in self.teams]

    @property
    def people(self) -> list[PlannedPerson]:
        """Everyone on a team, each once, in table order."""
        return list(dict.fromkeys(p for team in self.teams for p in team.people))

    @property
    def office_people(self) -> list[PlannedPerson]:
        return [p for p in self.people if p.origin == "office"]

    @property
    def local_people(self) -> list[PlannedPerson]:
        return [p for p in self.people if p.origin == "local"]

    @property
    def liaison_leaders(self) -> list[str]:
        return list(dict.fromkeys(team.liaison for team in self.teams if team.liaison))

    def frame(self, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
        """The plan as the five columns of the table, for a preview."""
        rows = [
            (team.seq, team.site, team.liaison or "", team.leader.label, "、".join(p.label for p in team.members)) for team in self.teams
        ]
        return pd.DataFrame(rows, columns=[t(f"excel.assign.col.{c}", lang) for c in COLUMNS])


@dataclass
class AssignmentChanges:
    """Rows created and updated per table (site, person, team, team_member)."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def is_noop(self) -> bool:
        return not self.created and not self.updated

    def summary(self, lang: str = DEFAULT_LANGUAGE) -> str:
        if self.is_noop:
            return t("excel.assign.no_change", lang)
        tables = ("site", "person", "team", "team_member")
        counts = [f"{t(f'excel.assign.table.{table}', lang)} +{self.created[table]} ~{self.updated[table]}" for table in tables]
        return t("excel.assign.changes", lang, counts=t("excel.list_sep", lang).join(counts))


# ---------------------------------------------------------------- finding the table


def _normalise_header(text: Any) -> str:
    return re.sub(r"[\s*＊:：()（）\[\]【】]", "", str(text))


def header_key(text: Any) -> str | None:
    """Which of the five columns a header cell names, allowing the usual variants."""
    if not isinstance(text, str):
        return None
    norm = _normalise_header(text)
    if not norm or len(norm) > MAX_HEADER_LENGTH:
        return None
    if "领导" in norm and ("联系" in norm or "包联" in norm or "分包" in norm):
        return "liaison"
    if "组长" in norm or "带队" in norm:
        return "leader"
    if "组员" in norm or "成员" in norm:
        return "members"
    if norm in ("序号", "序", "编号", "组号", "组别", "No", "NO", "no"):
        return "seq"
    if "蹲点" in norm or norm in ("单位", "单位名称", "站点", "地点"):
        return "site"
    return None


def _header_map(cells: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(cells, start=1):
        key = header_key(value)
        if key and key not in found:
            found[key] = index
    return found


def find_header(sheets: Iterable[Sheet]) -> tuple[Sheet, int, dict[str, int]] | None:
    """The first row, on any sheet, naming at least three of the five columns."""
    for sheet in sheets:
        for scanned, (number, cells) in enumerate(sheet.iter_rows()):
            if scanned >= HEADER_SCAN_ROWS:
                break
            found = _header_map(cells)
            if len(found) >= 3:
                return sheet, number, found
    return None


# ---------------------------------------------------------------- names


_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")"})
_SEPARATORS = set("、，,；;／/|\n\r\t \u3000")
_PERSON = re.compile(r"^(?P<name>[^()]+?)(?:\((?P<org>[^()]*)\))?$")


def split_people(text: Any) -> list[str]:
    """Tokens of a member cell, split on separators outside brackets."""
    if text is None:
        return []
    norm = str(text).translate(_BRACKETS)
    norm = re.sub(r"[ \u3000]*\([ \u3000]*", "(", norm)
    norm = re.sub(r"[ \u3000]*\)", ")", norm)
    tokens, current, depth = [], [], 0
    for char in norm:
        depth += (char == "(") - (char == ")")
        if char in _SEPARATORS and depth <= 0:
            tokens.append("".join(current))
            current = []
        else:
            current.append(char)
    tokens.append("".join(current))
    return [token.strip().strip("。.") for token in tokens if token.strip().strip("。.")]


def parse_person(token: str) -> PlannedPerson | None:
    """``名字`` or ``名字(单位)``; None when the token is not a plausible name."""
    match = _PERSON.match(token)
    if not match:
        return None
    name, org = match.group("name").strip(), (match.group("org") or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(ch.isdigit() for ch in name):
        return None
    return PlannedPerson(name, org)


# ---------------------------------------------------------------- reading the rows


@dataclass
class _Draft:
    row: int
    seq: int
    site: str
    liaison: str | None
    leader: PlannedPerson | None
    members: list[PlannedPerson]
    seen: dict[str, set[str]] = field(default_factory=dict)  # cell texts already read, per column


class _Reader:
    """Turns the rows below the header into team drafts, collecting problems."""

    def __init__(self, sheet: Sheet, header_row: int, columns: dict[str, int]):
        self.sheet, self.header_row, self.columns = sheet, header_row, columns
        self.drafts: list[_Draft] = []
        self.problems: list[ImportProblem] = []
        self.header_texts = {key: sheet.value(header_row, col) for key, col in columns.items()}

    def problem(self, row: int, key: str | None, message: str, **params) -> None:
        column = str(self.header_texts.get(key)) if key else None
        self.problems.append(ImportProblem(self.sheet.name, row, column, message, params))

    def cell(self, cells: list[Any], key: str) -> Any:
        col = self.columns.get(key)
        return cells[col - 1] if col and col <= len(cells) else None

    def read(self) -> None:
        for number, cells in self.sheet.iter_rows(self.header_row + 1):
            values = {key: self.cell(cells, key) for key in COLUMNS}
            if self._skipped(values):
                continue
            self._read_row(number, values)

    def _skipped(self, values: dict[str, Any]) -> bool:
        if all(values[k] is None for k in ("site", "leader", "members", "liaison")):
            return True  # blank, or a note in the 序号 column only
        present = [v for v in values.values() if v is not None]
        if len(present) >= 3 and len(set(map(str, present))) == 1:
            return True  # a note or sub-title merged across the table
        return len(_header_map(list(values.values()))) >= 3  # the header repeated (a printed page break)

    def _read_row(self, number: int, values: dict[str, Any]) -> None:
        site = _text(values["site"])
        previous = self.drafts[-1] if self.drafts else None
        if site is None or (previous and site == previous.site):
            if previous is None:
                self.problem(number, "site", "excel.assign.no_site")
                return
            self._continue(previous, number, values)
            return
        duplicate = next((d for d in self.drafts if d.site == site), None)
        if duplicate:
            self.problem(number, "site", "excel.assign.duplicate_site", site=site, first=duplicate.row)
            return
        draft = _Draft(number, self._seq(number, values["seq"]), site, self._liaison(number, values["liaison"]), None, [])
        draft.seen["liaison"] = {str(values["liaison"])}
        self.drafts.append(draft)
        self._continue(draft, number, values)

    def _seq(self, number: int, value: Any) -> int:
        fallback = (self.drafts[-1].seq + 1) if self.drafts else 1
        if value is None:
            return fallback
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip().rstrip(".")
        if isinstance(value, bool) or not re.fullmatch(r"\d{1,6}", text):
            self.problem(number, "seq", "excel.assign.bad_seq", value=value)
            return fallback
        return int(text)

    def _liaison(self, number: int, value: Any) -> str | None:
        people = self._people(number, "liaison", value)
        if len(people) > 1:
            self.problem(number, "liaison", "excel.assign.one_liaison", value=value)
        return people[0].name if people else None

    def _people(self, number: int, key: str, value: Any) -> list[PlannedPerson]:
        found = []
        for token in split_people(value):
            person = parse_person(token)
            if person is None:
                self.problem(number, key, "excel.assign.bad_name", name=token)
            else:
                found.append(person)
        return found

    def _continue(self, draft: _Draft, number: int, values: dict[str, Any]) -> None:
        """Add a row's people to the team; a cell repeated from the row above (merged) counts once."""
        fresh = {}
        for key in ("liaison", "leader", "members"):
            raw = values[key]
            fresh[key] = None if raw is None or str(raw) in draft.seen.setdefault(key, set()) else raw
            if raw is not None:
                draft.seen[key].add(str(raw))
        if number != draft.row:
            liaison = self._liaison(number, fresh["liaison"])
            if liaison and draft.liaison and liaison != draft.liaison:
                self.problem(number, "liaison", "excel.assign.one_liaison", value=values["liaison"])
            draft.liaison = draft.liaison or liaison
        leaders = self._people(number, "leader", fresh["leader"])
        if len(leaders) > 1 or (leaders and draft.leader is not None and leaders[0] != draft.leader):
            self.problem(number, "leader", "excel.assign.one_leader", value=values["leader"])
        if leaders and draft.leader is None:
            draft.leader = leaders[0]
        for member in self._people(number, "members", fresh["members"]):
            if member in draft.members or member == draft.leader:
                self.problem(number, "members", "excel.assign.duplicate_person", name=member.label)
            else:
                draft.members.append(member)

    def teams(self) -> tuple[PlannedTeam, ...]:
        for draft in self.drafts:
            if draft.leader is None:
                self.problem(draft.row, "leader", "excel.assign.no_leader", site=draft.site)
        return tuple(PlannedTeam(d.row, d.seq, d.site, d.liaison, d.leader, tuple(d.members)) for d in self.drafts if d.leader)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


@refusals_logged("assignment")
def plan_from_sheets(sheets: list[Sheet]) -> AssignmentPlan:
    """The teams of the table found in ``sheets``; ImportFailed listing every problem."""
    found = find_header(sheets)
    if found is None:
        raise fail("excel.assign.no_header", columns=tuple(f"excel.assign.col.{c}" for c in COLUMNS))
    sheet, header_row, columns = found
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise ImportFailed(
            [ImportProblem(sheet.name, header_row, t(f"excel.assign.col.{key}"), "excel.assign.missing_column") for key in missing]
        )
    reader = _Reader(sheet, header_row, columns)
    reader.read()
    teams = reader.teams()
    if not reader.problems and not teams:
        reader.problem(header_row, None, "excel.assign.no_teams")
    if reader.problems:
        raise ImportFailed(reader.problems)
    return AssignmentPlan(sheet.name, header_row, teams)


def read_assignment(source: Source) -> AssignmentPlan:
    """Read and parse an uploaded assignment table (bytes, path or file); ImportFailed on any problem."""
    return plan_from_sheets(read_workbook(source))


# ---------------------------------------------------------------- writing


_KIND_HINTS = (
    ("行业工会", "industry_union"),
    ("联合会", "regional_federation"),
    ("街道", "subdistrict"),
    ("开发区", "dev_zone"),
    ("园区", "dev_zone"),
    ("镇", "town"),
    ("乡", "town"),
)
_DISTRICT = re.compile(r"^(.{2,6}?(?:县|区|市))(?=.)")


def guess_site_kind(name: str) -> str:
    return next((kind for hint, kind in _KIND_HINTS if hint in name), "town")


def guess_district(name: str) -> str:
    """正定县正定镇 -> 正定县; empty when the name does not start with a county or district."""
    match = _DISTRICT.match(name)
    if not match or match.group(1).endswith(("开发区", "园区", "工业区")):
        return ""
    return match.group(1)


class _Writer:
    """Applies a plan inside one session; records what it created and changed."""

    def __init__(self, session: Session, actor: Actor, round_id: int):
        self.session, self.actor = session, actor
        self.changes = AssignmentChanges()
        rnd = session.get(Round, round_id)
        if rnd is None:
            raise fail("excel.no_round", round=round_id)
        self.round = rnd

    def audit(self, table: str, obj: Any, team_id: int | None, before: dict | None) -> None:
        self.session.flush()
        (self.changes.updated if before else self.changes.created)[table] += 1
        team_id = obj.id if table == "team" else team_id
        write_audit(self.session, self.actor, "import", table, obj.id, team_id, before, obj.model_dump())

    def create(self, table: str, obj: Any, team_id: int | None = None) -> Any:
        self.session.add(obj)
        self.audit(table, obj, team_id, None)
        return obj

    def change(self, table: str, obj: Any, team_id: int | None, **values: Any) -> None:
        changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not changed:
            return
        before = obj.model_dump()
        for key, value in changed.items():
            setattr(obj, key, value)
        self.session.add(obj)
        self.audit(table, obj, team_id, before)

    def sites(self, plan: AssignmentPlan) -> dict[str, Site]:
        found = {s.name: s for s in self.session.execute(select(Site).where(Site.name.in_(plan.sites))).scalars()}
        for name in plan.sites:
            if name not in found:
                site = Site(name=name, kind=guess_site_kind(name), district_name=guess_district(name))
                found[name] = self.create("site", site)
        return found

    def people(self, plan: AssignmentPlan) -> tuple[dict[PlannedPerson, Person], dict[str, Person]]:
        names = {p.name for p in plan.people} | set(plan.liaison_leaders)
        existing: dict[tuple[str, str], Person] = {}
        for person in self.session.execute(select(Person).where(Person.name.in_(names)).order_by(Person.id)).scalars():
            existing.setdefault((person.name, person.local_org), person)
        people = {}
        for planned in plan.people:
            person = existing.get((planned.name, planned.local_org))
            if person is None:
                person = self.create("person", Person(name=planned.name, origin=planned.origin, local_org=planned.local_org))
                existing[(planned.name, planned.local_org)] = person
            people[planned] = person
        leaders = {}
        for name in plan.liaison_leaders:
            person = existing.get((name, ""))
            if person is None:
                person = self.create("person", Person(name=name, is_leader=True))
                existing[(name, "")] = person
            self.change("person", person, None, is_leader=True)
            leaders[name] = person
        return people, leaders

    def teams(self, plan: AssignmentPlan, sites: dict[str, Site], leaders: dict[str, Person]) -> dict[str, Team]:
        query = select(Team).where(Team.round_id == self.round.id)
        by_site = {team.site_id: team for team in self.session.execute(query).scalars()}
        teams = {}
        for planned in plan.teams:
            site_id = sites[planned.site].id
            liaison = leaders[planned.liaison].id if planned.liaison else None
            team = by_site.get(site_id)
            if team is None:
                team = self.create("team", Team(round_id=self.round.id, site_id=site_id, seq=planned.seq, liaison_leader_id=liaison))
            else:
                values = {"seq": planned.seq} | ({"liaison_leader_id": liaison} if liaison else {})
                self.change("team", team, team.id, **values)
            teams[planned.site] = team
        return teams

    def memberships(self, plan: AssignmentPlan, teams: dict[str, Team], people: dict[PlannedPerson, Person]) -> None:
        team_ids = [team.id for team in teams.values()]
        query = select(TeamMember).where(TeamMember.team_id.in_(team_ids), TeamMember.left_on.is_(None))
        current = {(m.team_id, m.person_id): m for m in self.session.execute(query.order_by(TeamMember.id)).scalars()}
        for planned in plan.teams:
            team = teams[planned.site]
            for person, role in [(planned.leader, "leader")] + [(m, "member") for m in planned.members]:
                person_id = people[person].id
                membership = current.get((team.id, person_id))
                if membership is None:
                    membership = TeamMember(team_id=team.id, person_id=person_id, role=role, joined_on=self.round.start_date)
                    current[(team.id, person_id)] = self.create("team_member", membership, team.id)
                else:
                    self.change("team_member", membership, team.id, role=role)

    def apply(self, plan: AssignmentPlan) -> AssignmentChanges:
        sites = self.sites(plan)
        people, leaders = self.people(plan)
        teams = self.teams(plan, sites, leaders)
        self.memberships(plan, teams, people)
        return self.changes


def import_assignment(engine: Engine, actor: Actor, round_id: int, plan: AssignmentPlan) -> AssignmentChanges:
    """Write the plan into the round in one transaction (office only); re-importing changes nothing."""
    require_office(actor)
    with write_session(engine) as session:
        changes = _Writer(session, actor, round_id).apply(plan)
    logs.event(
        "import", what="assignment", outcome="written", round_id=round_id, created=dict(changes.created), updated=dict(changes.updated)
    )
    return changes


def preview_assignment(engine: Engine, actor: Actor, round_id: int, plan: AssignmentPlan) -> AssignmentChanges:
    """What ``import_assignment`` would create and change, computed in a transaction that is rolled back."""
    require_office(actor)
    with Session(engine) as session:
        session.begin()
        try:
            return _Writer(session, actor, round_id).apply(plan)
        finally:
            session.rollback()
