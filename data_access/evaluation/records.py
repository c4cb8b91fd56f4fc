"""What an evaluation is used for: the praise and criticism lists, the comparison with earlier
rounds, and each cadre's record (teams served, role, team result, leave, the office's notes),
which counts when cadres are considered for awards and promotion (seed 001 §5(3))."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.evaluation.schemes import DRAFT, bands, live_scheme_id
from data_access.evaluation.scoring import scoreboard
from data_access.ledger_store import ValidationFailed, write_audit
from data_access.ledgers import FieldError
from data_access.models import CadreNote, EvaluationScheme, Leave, Person, Round, Site, Team, TeamMember, WorkCalendar, utcnow
from data_access.permissions import require_office

NOTE_MAX = 500
CADRE_COLUMNS = [
    "person_id",
    "person_name",
    "department",
    "origin",
    "teams_served",
    "role",
    "team_rank",
    "team_total",
    "team_band",
    "leave_days",
    "note",
]
M = TeamMember


def team_rosters(session: Session, round_id: int) -> dict[int, str]:
    """Each team's people as one line, the team leader first; local-federation cadres marked."""
    service = _service(session, round_id)
    names = service["name"].where(service["origin"] != "local", service["name"] + "*")
    return {int(t): "、".join(dict.fromkeys(n)) for t, n in names.groupby(service["team_id"], sort=False)}


def praise_and_criticism(session: Session, scheme_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The teams in the top band (to praise) and in the bottom band (to criticise), with their people."""
    board = scoreboard(session, scheme_id)
    band_table = bands(session, scheme_id)
    rosters = team_rosters(session, int(session.get(EvaluationScheme, scheme_id).round_id))
    board["people"] = [rosters.get(t, "") for t in board["team_id"]]
    columns = ["rank", "team_id", "seq", "site_name", "total", "band", "small", "incomplete", "people"]
    praise = board[board["band"] == band_table["name"].iloc[0]][columns]
    criticism = board[board["band"] == band_table["name"].iloc[-1]][columns]
    return praise.reset_index(drop=True), criticism.reset_index(drop=True)


def _evaluated_rounds(session: Session, up_to_year: int) -> list:
    """(round_id, year, round_name, scheme_id, status) of each round up to that year with an
    evaluation beyond its draft, oldest first."""
    stmt = (
        select(Round.id, Round.year, Round.name, EvaluationScheme.id, EvaluationScheme.status)
        .join(EvaluationScheme, and_(EvaluationScheme.round_id == Round.id, EvaluationScheme.status != DRAFT))
        .where(Round.year <= up_to_year)
        .order_by(Round.year, Round.id)
    )
    return session.execute(stmt).all()


HISTORY_COLUMNS = ["round_id", "year", "round_name", "status", "team_id", "site_id", "site_name", "rank", "total", "band"]


def evaluation_history(session: Session, up_to_year: int, round_id: int | None = None, site_id: int | None = None) -> pd.DataFrame:
    """Every team's result in each round up to that year that has an evaluation (open ones marked
    provisional by their status), oldest round first and by rank; optionally of one round or one
    site — the rows behind ``round_comparison``. Columns HISTORY_COLUMNS."""
    frames = []
    for rid, year, round_name, scheme_id, status in _evaluated_rounds(session, up_to_year):
        if round_id is not None and rid != round_id:
            continue
        board = scoreboard(session, scheme_id)
        sites = dict(session.execute(select(Team.id, Team.site_id).where(Team.round_id == rid)).all())
        board = board.assign(round_id=rid, year=year, round_name=round_name, status=status, site_id=[sites[t] for t in board["team_id"]])
        frames.append(board if site_id is None else board[board["site_id"] == site_id])
    return pd.concat(frames, ignore_index=True)[HISTORY_COLUMNS] if frames else pd.DataFrame(columns=HISTORY_COLUMNS)


def round_comparison(session: Session, up_to_year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each evaluated round up to that year at a glance, and each site across them, from one
    reading of ``evaluation_history`` (their rows: a round's with ``round_id``, a site's with
    ``site_id``). Rolled up in Python rather than SQL: a team's band is decided in Python (the cap
    on the top band moves tied teams down together), so the roll-up counts the bands the
    scoreboard shows.

    - rounds, oldest first: round_id, year, round_name, status, teams, mean (total), then a
      column per band of the rounds' schemes, best first, with the teams in it;
    - sites, the newest round's by rank first, then sites of earlier rounds only: site_id,
      site_name, then a column per round (named by its round_id, oldest first) holding the
      site's SiteResult in it, or None.
    """
    evaluated = _evaluated_rounds(session, up_to_year)
    band_names = list(dict.fromkeys(name for *_, scheme_id, _status in evaluated for name in bands(session, scheme_id)["name"]))
    history = evaluation_history(session, up_to_year)
    return _round_summary(history, band_names), _site_results(history)


def _round_summary(history: pd.DataFrame, band_names: list[str]) -> pd.DataFrame:
    keys = ["round_id", "year", "round_name", "status"]
    if history.empty:
        return pd.DataFrame(columns=[*keys, "teams", "mean", *band_names])
    grouped = history.assign(**{name: history["band"] == name for name in band_names}).groupby(keys, sort=False)
    summary = grouped["total"].agg(teams="size", mean="mean").join(grouped[band_names].sum().astype(int))
    return summary.reset_index()


@dataclass(frozen=True)
class SiteResult:
    total: float
    band: str
    rank: int


def _site_results(history: pd.DataFrame) -> pd.DataFrame:
    rounds = list(dict.fromkeys(history["round_id"]))
    newest_first = pd.concat([history[history["round_id"] == r] for r in reversed(rounds)]) if rounds else history
    sites = dict(zip(newest_first["site_id"], newest_first["site_name"]))
    results: dict[tuple[int, int], SiteResult] = {}
    for row in history.itertuples():  # by rank: a site's best team of a round if it had two
        results.setdefault((row.site_id, row.round_id), SiteResult(float(row.total), row.band, int(row.rank)))
    columns = {"site_id": list(sites), "site_name": list(sites.values())}
    columns |= {r: [results.get((site, r)) for site in sites] for r in rounds}
    return pd.DataFrame(columns, columns=list(columns))


# ---------------------------------------------------------------- cadres


def _service(session: Session, round_id: int) -> pd.DataFrame:
    stmt = (
        select(
            M.person_id,
            Person.name,
            Person.department,
            Person.origin,
            Person.local_org,
            M.team_id,
            Site.name,
            M.role,
            M.joined_on,
            M.left_on,
        )
        .join(Person, Person.id == M.person_id)
        .join(Team, Team.id == M.team_id)
        .join(Site, Site.id == Team.site_id)
        .where(Team.round_id == round_id)
        .order_by(Team.seq, M.role != "leader", M.joined_on, M.id)
    )
    columns = ["person_id", "name", "department", "origin", "local_org", "team_id", "site_name", "role", "joined_on", "left_on"]
    return pd.DataFrame(session.execute(stmt).all(), columns=columns)


def _leave_workdays(session: Session, round_id: int) -> dict[int, int]:
    """Working days of leave per person in the round's ledgers (the state calendar decides)."""
    wc = WorkCalendar
    stmt = (
        select(Leave.person_id, func.count(wc.day))
        .join(wc, and_(wc.day >= Leave.start_date, wc.day <= Leave.end_date, wc.is_workday.is_(True)))
        .join(Team, Team.id == Leave.team_id)
        .where(Team.round_id == round_id, Leave.deleted_at.is_(None))
        .group_by(Leave.person_id)
    )
    return {person_id: int(n) for person_id, n in session.execute(stmt)}


def _team_results(session: Session, round_id: int) -> dict[int, tuple[int, float, str]]:
    scheme_id = live_scheme_id(session, round_id)
    if scheme_id is None:
        return {}
    board = scoreboard(session, scheme_id)
    return {int(r.team_id): (int(r.rank), float(r.total), r.band) for r in board.itertuples()}


def cadre_records(engine: Engine, actor: Actor, round_id: int) -> pd.DataFrame:
    """One row per person who served in the round: teams served with role and dates, the team's
    rank, score and band (the last team served), working days of leave, the office's note."""
    require_office(actor)
    with read_session(engine) as session:
        service = _service(session, round_id)
        leave = _leave_workdays(session, round_id)
        results = _team_results(session, round_id)
        notes = dict(session.execute(select(CadreNote.person_id, CadreNote.note).where(CadreNote.round_id == round_id)).all())
    return _one_row_per_person(service, leave, results, notes)


def _one_row_per_person(service: pd.DataFrame, leave: dict, results: dict, notes: dict) -> pd.DataFrame:
    until = service["left_on"].map(lambda d: d.isoformat() if d else "")
    service = service.assign(
        spell=service["site_name"] + "（" + service["joined_on"].map(date.isoformat) + "—" + until + "）",
        is_leader=service["role"] == "leader",
        unit=service["department"].where(service["department"] != "", service["local_org"]),
    )
    people = (
        service.groupby("person_id", sort=False)
        .agg(
            person_name=("name", "last"),
            department=("unit", "last"),
            origin=("origin", "last"),
            teams_served=("spell", "；".join),
            is_leader=("is_leader", "any"),
            team_id=("team_id", "last"),
        )
        .reset_index()
    )
    people["role"] = people.pop("is_leader").map({True: "leader", False: "member"})
    result = [results.get(int(t), (None, None, None)) for t in people.pop("team_id")]
    people["team_rank"], people["team_total"], people["team_band"] = zip(*result) if result else ((), (), ())
    people["leave_days"] = [leave.get(int(p), 0) for p in people["person_id"]]
    people["note"] = [notes.get(int(p), "") for p in people["person_id"]]
    return people[CADRE_COLUMNS]


def save_cadre_notes(engine: Engine, actor: Actor, round_id: int, notes: dict[int, str]) -> int:
    """Store the changed notes together, or none when one is too long. Returns how many changed."""
    require_office(actor)
    too_long = [
        FieldError("note", "eval.error.note_length", {"max": NOTE_MAX, "person": p}) for p, n in notes.items() if len(n or "") > NOTE_MAX
    ]
    if too_long:
        raise ValidationFailed({None: too_long})
    changed = 0
    with write_session(engine) as session:
        for person_id, text in notes.items():
            changed += _save_note(session, actor, round_id, person_id, (text or "").strip())
    return changed


def _save_note(session: Session, actor: Actor, round_id: int, person_id: int, text: str) -> int:
    note = session.execute(select(CadreNote).where(CadreNote.round_id == round_id, CadreNote.person_id == person_id)).scalar()
    if (note.note if note else "") == text:
        return 0
    before = note.model_dump() if note else None
    if note is None:
        note = CadreNote(round_id=round_id, person_id=person_id)
        session.add(note)
    note.note, note.updated_at = text, utcnow()
    session.flush()
    write_audit(session, actor, "update" if before else "create", "cadre_note", note.id, None, before, note.model_dump())
    return 1
