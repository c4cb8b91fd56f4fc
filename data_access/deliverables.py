"""Deliverables and their workflow (seed 000 §5.4, §6.2): a team member submits a document, the
office accepts it or returns it with a comment, the team submits a new version.

Every change is permission-checked (``permissions``) and written with its audit record in one
transaction (``ledger_store.write_audit``). A version is never overwritten: a resubmission is a new
row, so the returned one and its comment stay. Statuses and the chase list are figures
(``figures.deliverables``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.files import FileRefused, inspect_file
from data_access.ledger_store import write_audit
from data_access.models import Deliverable, DeliverableSubmission, Phase, Team, utcnow
from data_access.permissions import (
    can_read_team,
    can_review_deliverables,
    can_submit_deliverable,
    require,
    require_office,
)

DOCUMENT_TYPES = ("pdf", "docx")  # what a deliverable may be, recognised from its content
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # the upload cap (.streamlit/config.toml maxUploadSize)
DECISIONS = ("returned", "accepted")
MAX_NAME = 100
MAX_TEXT = 2000
# What an audit record keeps of a version: everything but the file's bytes (its sha256 names them).
AUDITED = tuple(c for c in DeliverableSubmission.__table__.columns.keys() if c != "content")


class Refused(Exception):
    """A submission or review that cannot be made; ``key`` is a catalogue key, ``params`` fill it."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key = key
        self.params = params


class StoredFile(NamedTuple):
    filename: str
    mime: str
    size: int
    sha256: str
    content: bytes


def checked_document(filename: str, data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> StoredFile:
    """The file as stored, or Refused: a PDF or DOCX by its content that passes the attachments'
    checks (``files.inspect_file``: zip bomb, scripts in a PDF, over ``max_bytes``, the office's
    cap on any file, ``attachment_max_mb``), named by its real type."""
    try:
        inspected = inspect_file(data, DOCUMENT_TYPES, max_bytes)
    except FileRefused as refused:
        raise Refused(refused.key, **refused.params) from refused
    stem = (filename or "document").rsplit(".", 1)[0].strip()[:MAX_NAME] or "document"
    return StoredFile(f"{stem}.{inspected.file_type}", inspected.mime, inspected.size, inspected.sha256, data)


def _audited(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if row is None else {c: row[c] for c in AUDITED}


def _submission(session: Session, submission_id: int) -> dict[str, Any] | None:
    table = DeliverableSubmission.__table__
    row = session.execute(select(*(table.c[c] for c in AUDITED)).where(table.c.id == submission_id)).mappings().first()
    return dict(row) if row else None


def _newest(session: Session, deliverable_id: int, team_id: int) -> dict[str, Any] | None:
    s = DeliverableSubmission
    newest = select(func.max(s.version)).where(s.deliverable_id == deliverable_id, s.team_id == team_id).scalar_subquery()
    row_id = session.execute(select(s.id).where(s.deliverable_id == deliverable_id, s.team_id == team_id, s.version == newest)).scalar()
    return None if row_id is None else _submission(session, row_id)


# ---------------------------------------------------------------- the office's definitions


def add_deliverable(engine: Engine, actor: Actor, round_id: int, name: str, phase_id: int, due_date: date) -> int:
    """A deliverable every team of the round hands in by ``due_date``, in one of its phases."""
    require_office(actor)
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise Refused("deliverables.error.name", n=MAX_NAME)
    with write_session(engine) as session:
        phase = session.get(Phase, phase_id)
        if phase is None or phase.round_id != round_id:
            raise Refused("deliverables.error.phase")
        deliverable = Deliverable(round_id=round_id, phase_id=phase_id, name=name, due_date=due_date)
        session.add(deliverable)
        session.flush()
        write_audit(session, actor, "create", "deliverable", deliverable.id, None, None, deliverable.model_dump())
        return deliverable.id


def round_deliverables(engine: Engine, round_id: int) -> pd.DataFrame:
    """The round's deliverables by due day: id, name, phase kind, due day (readable by every role,
    like the round's phases)."""
    d = Deliverable
    stmt = (
        select(d.id, d.name, Phase.kind.label("phase"), d.due_date)
        .outerjoin(Phase, Phase.id == d.phase_id)
        .where(d.round_id == round_id)
        .order_by(d.due_date, d.id)
    )
    with read_session(engine) as session:
        rows = session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=["id", "name", "phase", "due_date"])


def round_phases(engine: Engine, round_id: int) -> dict[int, str]:
    """Phase id -> kind, in the round's order, for the office's choice of phase."""
    with read_session(engine) as session:
        rows = session.execute(select(Phase.id, Phase.kind).where(Phase.round_id == round_id).order_by(Phase.start_date, Phase.id)).all()
    return {int(i): kind for i, kind in rows}


# ---------------------------------------------------------------- the workflow


def submit(engine: Engine, actor: Actor, deliverable_id: int, team_id: int, file: StoredFile, on: date, note: str = "") -> int:
    """A new version of the team's document, dated ``on``; its id. Refused while the previous version
    awaits review or once it is accepted, and before the previous version's own days."""
    require(can_submit_deliverable(actor, team_id), "deliverables.denied.submit")
    try:
        return _submit(engine, actor, deliverable_id, team_id, file, on, note)
    except IntegrityError as clash:  # a teammate's version of the same number, committed meanwhile
        raise Refused("deliverables.error.pending") from clash


def _submit(engine: Engine, actor: Actor, deliverable_id: int, team_id: int, file: StoredFile, on: date, note: str) -> int:
    with write_session(engine) as session:
        deliverable, team = session.get(Deliverable, deliverable_id), session.get(Team, team_id)
        if deliverable is None or team is None or deliverable.round_id != team.round_id:
            raise Refused("deliverables.error.unknown")
        previous = _newest(session, deliverable_id, team_id)
        if previous is not None:
            if previous["decision"] == "":
                raise Refused("deliverables.error.pending")
            if previous["decision"] == "accepted":
                raise Refused("deliverables.error.accepted")
            if on < max(previous["submitted_on"], previous["reviewed_on"]):
                raise Refused("deliverables.error.before_previous")
        row = DeliverableSubmission(
            deliverable_id=deliverable_id,
            team_id=team_id,
            version=1 if previous is None else previous["version"] + 1,
            filename=file.filename,
            mime=file.mime,
            size=file.size,
            sha256=file.sha256,
            content=file.content,
            note=(note or "").strip()[:MAX_TEXT],
            submitted_on=on,
            submitted_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        write_audit(session, actor, "submit", "deliverable_submission", row.id, team_id, None, _submission(session, row.id))
        return row.id


def review(engine: Engine, actor: Actor, submission_id: int, decision: str, comment: str, on: date) -> None:
    """The office accepts a version or returns it with a comment (required), dated ``on``. Only the
    newest version, still awaiting review, can be decided; a concurrent decision is refused."""
    require(can_review_deliverables(actor), "deliverables.denied.review")
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision}")
    comment = (comment or "").strip()[:MAX_TEXT]
    if decision == "returned" and not comment:
        raise Refused("deliverables.error.comment")
    with write_session(engine) as session:
        before = _submission(session, submission_id)
        if before is None:
            raise Refused("deliverables.error.unknown")
        if before["decision"] != "":
            raise Refused("deliverables.error.decided")
        if on < before["submitted_on"]:
            raise Refused("deliverables.error.before_submission")
        s = DeliverableSubmission.__table__
        result = session.execute(
            update(s)
            .where(s.c.id == submission_id, s.c.decision == "")
            .values(decision=decision, comment=comment, reviewed_on=on, reviewed_by=actor.user_id, reviewed_at=utcnow())
        )
        if result.rowcount != 1:
            raise Refused("deliverables.error.decided")
        action = "accept" if decision == "accepted" else "return"
        write_audit(
            session, actor, action, "deliverable_submission", submission_id, before["team_id"], before, _submission(session, submission_id)
        )


# ---------------------------------------------------------------- reads


def awaiting_review(engine: Engine, actor: Actor, round_id: int) -> pd.DataFrame:
    """The versions the office has still to decide, oldest first: each team's newest version of a
    deliverable of the round, not yet reviewed (whatever the as-of day: it is the office's to do now)."""
    require(can_review_deliverables(actor), "deliverables.denied.review")
    s, d = DeliverableSubmission, Deliverable
    columns = ["id", "team_id", "deliverable_id", "name", "version", "submitted_on"]
    stmt = (
        select(s.id, s.team_id, s.deliverable_id, d.name, s.version, s.submitted_on)
        .join(d, d.id == s.deliverable_id)
        .where(d.round_id == round_id, s.decision == "")  # only the newest can be undecided: ``submit`` waits for it
        .order_by(s.submitted_on, s.id)
    )
    with read_session(engine) as session:
        rows = session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def versions(engine: Engine, actor: Actor, deliverable_id: int, team_id: int) -> pd.DataFrame:
    """A team's versions of one deliverable, newest first, without the files' bytes."""
    require(can_read_team(actor, team_id))
    s = DeliverableSubmission.__table__
    columns = [c for c in AUDITED if c not in ("deliverable_id", "team_id")]
    stmt = (
        select(*(s.c[c] for c in columns)).where(s.c.deliverable_id == deliverable_id, s.c.team_id == team_id).order_by(s.c.version.desc())
    )
    with read_session(engine) as session:
        rows = session.execute(stmt).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def document(engine: Engine, actor: Actor, submission_id: int) -> StoredFile:
    """One version's file, for its team and the readers of every team."""
    s = DeliverableSubmission
    with read_session(engine) as session:
        row = session.execute(select(s.team_id, s.filename, s.mime, s.size, s.sha256, s.content).where(s.id == submission_id)).first()
    if row is None:
        raise Refused("deliverables.error.unknown")
    require(can_read_team(actor, row.team_id))
    return StoredFile(row.filename, row.mime, row.size, row.sha256, bytes(row.content))
