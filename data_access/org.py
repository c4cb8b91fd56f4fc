"""The organisation of a round: rounds, sites, teams, people and membership over time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.ledger_store import write_audit
from data_access.models import Person, Phase, Round, Site, Team, TeamMember
from data_access.permissions import can_read_team, readable_team_ids, require, require_office


@dataclass(frozen=True)
class RoundInfo:
    id: int
    name: str
    year: int
    level: str
    region_code: str
    start_date: date
    end_date: date
    status: str
    doc_number: str

    def default_as_of(self, today: date) -> date:
        """Today while the round runs; its last day of stationing once it is over."""
        return min(max(today, self.start_date), self.end_date)


def list_rounds(engine: Engine) -> list[RoundInfo]:
    """Newest first; the overview of every round is open to every signed-in role."""
    with read_session(engine) as session:
        rounds = session.execute(select(Round).order_by(Round.year.desc(), Round.id.desc())).scalars().all()
    return [_round_info(r) for r in rounds]


def _round_info(r: Round) -> RoundInfo:
    return RoundInfo(r.id, r.name, r.year, r.level, r.region_code, r.start_date, r.end_date, r.status, r.doc_number)


def get_round(engine: Engine, round_id: int) -> RoundInfo | None:
    with read_session(engine) as session:
        r = session.get(Round, round_id)
    return _round_info(r) if r else None


def phases(engine: Engine, round_id: int) -> pd.DataFrame:
    with read_session(engine) as session:
        rows = session.execute(select(Phase).where(Phase.round_id == round_id).order_by(Phase.start_date)).scalars().all()
    return pd.DataFrame([r.model_dump() for r in rows], columns=list(Phase.model_fields))


def teams(engine: Engine, round_id: int, district_codes: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row a team: site, district, coordinates, team leader, liaison leader, current size."""
    leader_member = aliased(TeamMember)
    leader = aliased(Person)
    liaison = aliased(Person)
    size = select(func.count()).where(TeamMember.team_id == Team.id, TeamMember.left_on.is_(None)).correlate(Team).scalar_subquery()
    query = (
        select(
            Team.id.label("team_id"),
            Team.seq,
            Site.name.label("site_name"),
            Site.kind.label("site_kind"),
            Site.district_name,
            Site.district_code,
            Site.lon,
            Site.lat,
            leader.name.label("leader_name"),
            liaison.name.label("liaison_name"),
            size.label("members"),
        )
        .join(Site, Site.id == Team.site_id)
        .outerjoin(
            leader_member,
            and_(leader_member.team_id == Team.id, leader_member.role == "leader", leader_member.left_on.is_(None)),
        )
        .outerjoin(leader, leader.id == leader_member.person_id)
        .outerjoin(liaison, liaison.id == Team.liaison_leader_id)
        .where(Team.round_id == round_id)
        .order_by(Team.seq, Team.id)
    )
    if district_codes:
        query = query.where(Site.district_code.in_(district_codes))
    with read_session(engine) as session:
        rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(query.selected_columns.keys()))


def districts(engine: Engine, round_id: int) -> list[tuple[str, str]]:
    """(code, name) of the districts the round's sites lie in."""
    query = (
        select(Site.district_code, Site.district_name)
        .join(Team, Team.site_id == Site.id)
        .where(Team.round_id == round_id)
        .distinct()
        .order_by(Site.district_code)
    )
    with read_session(engine) as session:
        return [tuple(r) for r in session.execute(query).all()]


def team_members(engine: Engine, actor: Actor, team_id: int, on: date | None = None) -> pd.DataFrame:
    """Everyone who served on the team, with join and leave dates (rotation keeps its history).

    With ``on``, only those on the team that day.
    """
    require(can_read_team(actor, team_id))
    query = (
        select(
            TeamMember.id.label("membership_id"),
            Person.id.label("person_id"),
            Person.name,
            Person.department,
            Person.origin,
            Person.local_org,
            Person.is_young,
            TeamMember.role,
            TeamMember.joined_on,
            TeamMember.left_on,
        )
        .join(Person, Person.id == TeamMember.person_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.role.desc(), TeamMember.joined_on, Person.id)
    )
    if on is not None:
        query = query.where(TeamMember.joined_on <= on, or_(TeamMember.left_on.is_(None), TeamMember.left_on >= on))
    with read_session(engine) as session:
        rows = session.execute(query).mappings().all()
    return pd.DataFrame([dict(r) for r in rows], columns=list(query.selected_columns.keys()))


def team_label(engine: Engine, team_id: int) -> str:
    with read_session(engine) as session:
        row = session.execute(select(Team.seq, Site.name).join(Site, Site.id == Team.site_id).where(Team.id == team_id)).first()
    return f"{row.seq}. {row.name}" if row else str(team_id)


def visible_teams(engine: Engine, actor: Actor, round_id: int) -> pd.DataFrame:
    """The round's teams this actor may open."""
    frame = teams(engine, round_id)
    allowed = readable_team_ids(actor)
    return frame if allowed is None else frame[frame["team_id"].isin(allowed)]


# ---------------------------------------------------------------- administration (office only)


def rotate_member(engine: Engine, actor: Actor, membership_id: int, to_team_id: int | None, on: date) -> None:
    """End a membership on ``on`` and, when ``to_team_id`` is given, start one on that team the next day."""
    require_office(actor)
    with write_session(engine) as session:
        membership = session.get(TeamMember, membership_id)
        before = membership.model_dump()
        membership.left_on = on
        write_audit(session, actor, "update", "team_member", membership.id, membership.team_id, before, membership.model_dump())
        if to_team_id is not None:
            new = TeamMember(team_id=to_team_id, person_id=membership.person_id, role="member", joined_on=on + timedelta(days=1))
            session.add(new)
            session.flush()
            write_audit(session, actor, "create", "team_member", new.id, to_team_id, None, new.model_dump())


def add_member(engine: Engine, actor: Actor, team_id: int, person_id: int, role: str, joined_on: date) -> None:
    require_office(actor)
    with write_session(engine) as session:
        membership = TeamMember(team_id=team_id, person_id=person_id, role=role, joined_on=joined_on)
        session.add(membership)
        session.flush()
        write_audit(session, actor, "create", "team_member", membership.id, team_id, None, membership.model_dump())


def people(engine: Engine, actor: Actor) -> pd.DataFrame:
    require_office(actor)
    with read_session(engine) as session:
        rows = session.execute(select(Person).order_by(Person.id)).scalars().all()
    return pd.DataFrame([r.model_dump() for r in rows], columns=list(Person.model_fields))
