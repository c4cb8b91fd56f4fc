"""What page and browser tests expect of a database they did not write (the sample), read by direct
SQL on the rows themselves, independently of the figures and pages under test."""

from __future__ import annotations

from datetime import date

from sqlalchemy import distinct, func, select

from data_access.db import read_session
from data_access.models import (
    DailyRecord,
    EvaluationScheme,
    Indicator,
    MajorRisk,
    ObjectiveScore,
    Round,
    Site,
    Team,
    TeamMember,
    UnionBuilding,
)


def _all(engine, stmt) -> list:
    with read_session(engine) as session:
        return list(session.execute(stmt).all())


def _one(engine, stmt):
    with read_session(engine) as session:
        return session.execute(stmt).scalar_one()


def newest_round(engine) -> Round:
    """The round the app opens on: the one that starts last."""
    with read_session(engine) as session:
        return session.execute(select(Round).order_by(Round.start_date.desc())).scalars().first()


def round_of_year(engine, year: int) -> Round:
    with read_session(engine) as session:
        return session.execute(select(Round).where(Round.year == year)).scalar_one()


def team_labels(engine, round_id: int, district_code: str | None = None) -> list[str]:
    """Each team of the round (optionally of one district) as every team box and list names it,
    "<seq>. <site>", by seq."""
    stmt = select(Team.seq, Site.name).join(Site, Site.id == Team.site_id).where(Team.round_id == round_id).order_by(Team.seq)
    if district_code is not None:
        stmt = stmt.where(Site.district_code == district_code)
    return [f"{seq}. {name}" for seq, name in _all(engine, stmt)]


def team_count(engine, round_id: int) -> int:
    return _one(engine, select(func.count()).select_from(Team).where(Team.round_id == round_id))


def site_count(engine, round_ids: list[int]) -> int:
    """The sites stationed at in any of the rounds, each once."""
    return _one(engine, select(func.count(distinct(Team.site_id))).where(Team.round_id.in_(round_ids)))


def sites_on_the_map(engine, round_id: int) -> int:
    """The round's teams whose site has coordinates: one marker each."""
    stmt = (
        select(func.count())
        .select_from(Team)
        .join(Site, Site.id == Team.site_id)
        .where(Team.round_id == round_id, Site.lon.is_not(None), Site.lat.is_not(None))
    )
    return _one(engine, stmt)


def member_count(engine, team_id: int) -> int:
    """Everyone who has served on the team (rotated-out members included)."""
    return _one(engine, select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team_id))


def cadres_served(engine, round_id: int) -> int:
    """The people who served on any team of the round, each once."""
    stmt = select(func.count(distinct(TeamMember.person_id))).join(Team, Team.id == TeamMember.team_id).where(Team.round_id == round_id)
    return _one(engine, stmt)


def rotated_cadres(engine, round_id: int) -> list[list[TeamMember]]:
    """Each cadre who served more than one spell in the round: their spells, by joining day."""
    with read_session(engine) as session:
        spells = (
            session.execute(
                select(TeamMember)
                .join(Team, Team.id == TeamMember.team_id)
                .where(Team.round_id == round_id)
                .order_by(TeamMember.person_id, TeamMember.joined_on)
            )
            .scalars()
            .all()
        )
    by_person: dict[int, list[TeamMember]] = {}
    for spell in spells:
        by_person.setdefault(spell.person_id, []).append(spell)
    return [person for person in by_person.values() if len(person) > 1]


def subjective_pairs(engine, scheme_id: int) -> int:
    """Team × subjective indicator pairs of a scheme: what its evaluators must score."""
    with read_session(engine) as session:
        round_id = session.get(EvaluationScheme, scheme_id).round_id
    indicators = _one(
        engine, select(func.count()).select_from(Indicator).where(Indicator.scheme_id == scheme_id, Indicator.source == "subjective")
    )
    return team_count(engine, round_id) * indicators


def newest_scheme(engine, round_id: int) -> EvaluationScheme:
    with read_session(engine) as session:
        stmt = select(EvaluationScheme).where(EvaluationScheme.round_id == round_id).order_by(EvaluationScheme.id.desc())
        return session.execute(stmt).scalars().first()


def published_scheme(engine) -> tuple[EvaluationScheme, Round]:
    """The newest closed (published) evaluation and its round."""
    with read_session(engine) as session:
        stmt = (
            select(EvaluationScheme, Round)
            .join(Round, Round.id == EvaluationScheme.round_id)
            .where(EvaluationScheme.status == "closed")
            .order_by(Round.start_date.desc())
        )
        return tuple(session.execute(stmt).first())


def first_indicator(engine, scheme_id: int) -> Indicator:
    with read_session(engine) as session:
        stmt = select(Indicator).where(Indicator.scheme_id == scheme_id).order_by(Indicator.seq, Indicator.id)
        return session.execute(stmt).scalars().first()


def frozen_value(engine, indicator_id: int, team_id: int) -> ObjectiveScore:
    """The objective value written when the evaluation was closed."""
    with read_session(engine) as session:
        stmt = select(ObjectiveScore).where(ObjectiveScore.indicator_id == indicator_id, ObjectiveScore.team_id == team_id)
        return session.execute(stmt).scalar_one()


def daily_records(engine, team_id: int, up_to: date) -> int:
    """The team's daily records (not deleted) dated up to a day."""
    stmt = (
        select(func.count())
        .select_from(DailyRecord)
        .where(DailyRecord.team_id == team_id, DailyRecord.deleted_at.is_(None), DailyRecord.work_date <= up_to)
    )
    return _one(engine, stmt)


def daily_record_contents(engine) -> list[str]:
    return [row[0] for row in _all(engine, select(DailyRecord.content).where(DailyRecord.deleted_at.is_(None)))]


def new_unions(engine, round_id: int, as_of: date) -> tuple[int, int]:
    """New unions founded in the round by as_of (not deleted), and the union rows that found any."""
    live = (
        UnionBuilding.deleted_at.is_(None),
        UnionBuilding.event_date <= as_of,
        UnionBuilding.team_id.in_(select(Team.id).where(Team.round_id == round_id)),
    )
    total = _one(engine, select(func.coalesce(func.sum(UnionBuilding.new_unions), 0)).where(*live))
    rows = _one(engine, select(func.count()).select_from(UnionBuilding).where(*live, UnionBuilding.new_unions > 0))
    return int(total), rows


def open_risk_teams(engine, round_id: int) -> list[str]:
    """The labels of the round's teams with an open major risk."""
    stmt = (
        select(Team.seq, Site.name)
        .join(MajorRisk, MajorRisk.team_id == Team.id)
        .join(Site, Site.id == Team.site_id)
        .where(Team.round_id == round_id, MajorRisk.status == "open", MajorRisk.deleted_at.is_(None))
        .distinct()
        .order_by(Team.seq)
    )
    return [f"{seq}. {name}" for seq, name in _all(engine, stmt)]
