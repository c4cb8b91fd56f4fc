"""The sample's deliverable workflow: each team hands in its stage summary and research report on
the day its outcome ledger records them; the office accepts some, returns others with a comment
(the team then hands in a second version), and has not reviewed the rest yet. Fictional documents."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import docx
from sqlalchemy import func, select
from sqlmodel import Session

from data_access.calendar import add_workdays
from data_access.models import Deliverable, DeliverableSubmission, Outcome, Site, Team

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The generated rounds' teams all hand in this one-page PDF: a province's thousands of Word files
# would only fill the database.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
RETURN_COMMENTS = (
    "请补充走访企业和职工的具体数据，并附问题台账的解决情况。",
    "篇幅偏短，请按提纲补充存在的问题和意见建议部分。",
    "请核对“六个一批”数字，与台账不一致的地方请修改。",
)
# By team seq: accepted; returned, then accepted at the second version; not reviewed yet; returned
# and not handed in again (the team's to mend).
PATTERNS = ("accepted", "resubmitted", "pending", "returned")


def _document(title: str) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph("（样例材料，内容虚构）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _version(deliverable_id: int, team_id: int, version: int, title: str, on: date, small: bool) -> DeliverableSubmission:
    content = TINY_PDF if small else _document(f"{title}（第{version}稿）")
    return DeliverableSubmission(
        deliverable_id=deliverable_id,
        team_id=team_id,
        version=version,
        filename=f"{title}（第{version}稿）.{'pdf' if small else 'docx'}",
        mime="application/pdf" if small else DOCX_MIME,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        submitted_on=on,
    )


def seed_submissions(
    session: Session, round_id: int, reviewer_id: int | None, left_for_demo: int | None = None, small: bool = False
) -> None:
    """The round's submissions, from the days its outcome ledger hands the documents in; the team
    ``left_for_demo`` keeps its research report to hand in (the demo member's to try). ``small``:
    every team's file is the same tiny PDF (the generated rounds)."""
    handed_in = (
        select(Deliverable.id, Deliverable.name, Deliverable.outcome_kind, Team.id, Team.seq, Site.name, func.min(Outcome.submitted_on))
        .join(Team, Team.round_id == Deliverable.round_id)
        .join(Site, Site.id == Team.site_id)
        .join(Outcome, (Outcome.team_id == Team.id) & (Outcome.kind == Deliverable.outcome_kind) & Outcome.deleted_at.is_(None))
        .where(Deliverable.round_id == round_id)
        .group_by(Deliverable.id, Deliverable.name, Deliverable.outcome_kind, Team.id, Team.seq, Site.name)
        .order_by(Deliverable.id, Team.seq)
    )
    for deliverable_id, name, kind, team_id, seq, site, day in session.execute(handed_in).all():
        if team_id == left_for_demo and kind == "research_report":
            continue
        title = f"{site}蹲点工作组{name}"
        first = _version(deliverable_id, team_id, 1, title, day, small)
        pattern = PATTERNS[seq % len(PATTERNS)]
        if pattern == "pending":
            session.add(first)
            continue
        first.decision = "accepted" if pattern == "accepted" else "returned"
        first.reviewed_on, first.reviewed_by = add_workdays(day, 2), reviewer_id
        session.add(first)
        if first.decision == "returned":
            first.comment = RETURN_COMMENTS[seq % len(RETURN_COMMENTS)]
        if pattern == "resubmitted":
            second = _version(deliverable_id, team_id, 2, title, add_workdays(first.reviewed_on, 3), small)
            second.decision, second.reviewed_on, second.reviewed_by = "accepted", add_workdays(second.submitted_on, 2), reviewer_id
            session.add(second)
