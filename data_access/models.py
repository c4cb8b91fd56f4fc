"""Tables of the stationing programme (DOMAIN.md): rounds, sites, people, teams,
the twelve ledgers, evaluation, users and the audit log.

Ledger columns carry their user-facing description in ``Column.info`` (see
``ledger_field``), so that one class drives the form, the grid, the import
template and the export sheet of its ledger (``data_access.ledgers``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def ledger_field(
    widget: str,
    *,
    required: bool = False,
    choices: str | None = None,
    default: Any = None,
    form_default: str | None = None,
    min_value: float | None = None,
    max_length: int | None = None,
    index: bool = False,
    foreign_key: str | None = None,
) -> Any:
    """A ledger column with its UI description.

    widget: date | text | textarea | int | money | choice | person | bool.
    choices: name of a choice set in ``data_access.choices``.
    form_default: what a new row's form starts with (today, this_monday, me).
    The label is the catalogue key ``field.<column name>``.
    """
    info = {
        "widget": widget,
        "required": required,
        "choices": choices,
        "min_value": min_value,
        "max_length": max_length,
        "form_default": form_default,
    }
    return Field(default=default, index=index, foreign_key=foreign_key, sa_column_kwargs={"info": info})


# ---------------------------------------------------------------- organisation


class Round(SQLModel, table=True):
    """One stationing campaign (蹲点活动) of a federation."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    doc_number: str = ""
    level: str = "city"  # city | province | national
    region_code: str = ""  # administrative code of the federation's region
    year: int
    start_date: date  # start of stationing
    end_date: date  # planned end of stationing
    status: str = "active"  # planning | active | closed
    created_at: datetime = Field(default_factory=utcnow)


class Phase(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("round_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    kind: str  # preparation | mobilisation | stationing | summary
    start_date: date
    deadline: date
    completed_on: date | None = None


class Deliverable(SQLModel, table=True):
    """Something every team hands in by a date, e.g. the research report by 20 Oct; its status
    per team follows the submissions (``DeliverableSubmission``)."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    phase_id: int | None = Field(default=None, foreign_key="phase.id", index=True)
    name: str
    outcome_kind: str = ""  # the outcome ledger kind the document is, if any (stage_summary, research_report)
    due_date: date


class DeliverableSubmission(SQLModel, table=True):
    """One version of a team's document for a deliverable, and the office's decision on it.

    A team's status is its latest version's: submitted until reviewed, then returned or accepted.
    """

    __tablename__ = "deliverable_submission"
    __table_args__ = (UniqueConstraint("deliverable_id", "team_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    deliverable_id: int = Field(foreign_key="deliverable.id")  # indexed first in the unique constraint
    team_id: int = Field(foreign_key="team.id", index=True)
    version: int
    filename: str
    mime: str
    size: int
    sha256: str
    content: bytes
    note: str = ""
    submitted_on: date
    submitted_by: int | None = Field(default=None, foreign_key="app_user.id")
    submitted_at: datetime = Field(default_factory=utcnow)
    decision: str = ""  # "" (awaiting review) | returned | accepted
    comment: str = ""  # the office's reason for returning it, or a remark on accepting
    reviewed_on: date | None = None
    reviewed_by: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: datetime | None = None


class Target(SQLModel, table=True):
    """A six-一批 target, for the whole round (team_id null) or for one team."""

    __table_args__ = (UniqueConstraint("round_id", "team_id", "metric"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    metric: str  # one of figures.six.SIX_METRICS
    value: int


class Site(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str = "town"  # town | subdistrict | dev_zone | industry_union | regional_federation
    district_name: str = ""
    district_code: str = Field(default="", index=True)
    city_code: str = Field(default="", index=True)
    province_code: str = Field(default="", index=True)
    lon: float | None = None
    lat: float | None = None
    profile: str = ""


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    department: str = ""
    origin: str = "office"  # office | local (a cadre of the local federation)
    local_org: str = ""  # e.g. 正定县总工会
    is_young: bool = False
    is_leader: bool = False  # member of the federation's leadership (liaison leaders)


class Team(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("round_id", "site_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    site_id: int = Field(foreign_key="site.id", index=True)
    seq: int = 0  # 序号 in the assignment table
    liaison_leader_id: int | None = Field(default=None, foreign_key="person.id")


class TeamMember(SQLModel, table=True):
    """A person's time on a team; rotation ends one row and starts another."""

    __tablename__ = "team_member"
    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = "member"  # leader | member
    joined_on: date
    left_on: date | None = None


class LeadershipRole(SQLModel, table=True):
    __tablename__ = "leadership_role"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    role: str = "member"  # head | deputy | member


class WorkCalendar(SQLModel, table=True):
    """The state calendar, one row a day, so that working-day figures are computed in SQL."""

    __tablename__ = "work_calendar"
    day: date = Field(primary_key=True)
    is_workday: bool


class Setting(SQLModel, table=True):
    """Thresholds the office sets (JSON values); see data_access.settings for defaults."""

    key: str = Field(primary_key=True)
    value: str
    updated_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- ledgers


class LedgerBase(SQLModel):
    """Columns every ledger row has: its team, author, lifecycle and version."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    author_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)  # indexed with team_id, below LEDGER_MODELS
    version: int = 1
    deleted_at: datetime | None = None


class DailyRecord(LedgerBase, table=True):
    __tablename__ = "daily_record"
    # Covering: daily compliance counts a team's days from the index alone, without the long texts.
    __table_args__ = (Index("ix_daily_team_date_live", "team_id", "work_date", "deleted_at"),)
    work_date: date = ledger_field("date", required=True, form_default="today")
    place: str = ledger_field("text", default="", max_length=200)
    content: str = ledger_field("textarea", required=True, default="", max_length=4000)
    enterprises_visited: int = ledger_field("int", default=0, min_value=0)
    workers_reached: int = ledger_field("int", default=0, min_value=0)


class WeeklyReport(LedgerBase, table=True):
    __tablename__ = "weekly_report"
    __table_args__ = (Index("ix_weekly_team_week", "team_id", "week_start"),)
    week_start: date = ledger_field("date", required=True, form_default="this_monday")
    submitted_on: date = ledger_field("date", required=True, form_default="today")
    topic: str = ledger_field("text", required=True, default="", max_length=200)
    work_done: str = ledger_field("textarea", default="", max_length=4000)
    problems_found: str = ledger_field("textarea", default="", max_length=4000)
    next_plan: str = ledger_field("textarea", default="", max_length=4000)


class MonthlyExchange(LedgerBase, table=True):
    __tablename__ = "monthly_exchange"
    __table_args__ = (Index("ix_monthly_team_date", "team_id", "meeting_date"),)
    meeting_date: date = ledger_field("date", required=True, form_default="today")
    attendees: str = ledger_field("text", required=True, default="", max_length=500)
    minutes: str = ledger_field("textarea", required=True, default="", max_length=8000)
    problems_found: str = ledger_field("textarea", default="", max_length=4000)
    problems_solved: str = ledger_field("textarea", default="", max_length=4000)
    next_plan: str = ledger_field("textarea", default="", max_length=4000)
    minutes_submitted_on: date | None = ledger_field("date")


class Problem(LedgerBase, table=True):
    __table_args__ = (
        Index("ix_problem_team_status", "team_id", "status"),
        Index("ix_problem_category", "category"),
    )
    raised_on: date = ledger_field("date", required=True, form_default="today")
    title: str = ledger_field("text", required=True, default="", max_length=200)
    detail: str = ledger_field("textarea", default="", max_length=4000)
    category: str = ledger_field("choice", required=True, choices="problem_category", default="")
    scope: str = ledger_field("choice", required=True, choices="problem_scope", default="individual")
    raised_by: str = ledger_field("text", default="", max_length=200)
    handler: str = ledger_field("text", default="", max_length=200)
    deadline: date | None = ledger_field("date")
    status: str = ledger_field("choice", required=True, choices="problem_status", default="open")
    first_action_on: date | None = ledger_field("date")
    resolved_on: date | None = ledger_field("date")
    resolution: str = ledger_field("textarea", default="", max_length=4000)
    escalated_to: str = ledger_field("text", default="", max_length=200)
    escalated_on: date | None = ledger_field("date")
    feedback: str = ledger_field("choice", choices="feedback", default="")
    instruction: str = ledger_field("textarea", default="", max_length=2000)


class PracticalThing(LedgerBase, table=True):
    __tablename__ = "practical_thing"
    promised_on: date = ledger_field("date", required=True, form_default="today")
    content: str = ledger_field("text", required=True, default="", max_length=300)
    measures: str = ledger_field("textarea", default="", max_length=4000)
    deadline: date = ledger_field("date", required=True)
    status: str = ledger_field("choice", required=True, choices="thing_status", default="planned")
    done_on: date | None = ledger_field("date")
    beneficiaries: int = ledger_field("int", default=0, min_value=0)


class UnionBuilding(LedgerBase, table=True):
    __tablename__ = "union_building"
    event_date: date = ledger_field("date", required=True, form_default="today")
    organisation: str = ledger_field("text", required=True, default="", max_length=200)
    industry: str = ledger_field("text", default="", max_length=100)
    new_unions: int = ledger_field("int", default=0, min_value=0)
    new_members: int = ledger_field("int", default=0, min_value=0)
    nef_group: str = ledger_field("choice", choices="nef_group", default="")
    nef_members: int = ledger_field("int", default=0, min_value=0)
    notes: str = ledger_field("textarea", default="", max_length=2000)


class MajorRisk(LedgerBase, table=True):
    __tablename__ = "major_risk"
    found_on: date = ledger_field("date", required=True, form_default="today")
    description: str = ledger_field("textarea", required=True, default="", max_length=4000)
    risk_type: str = ledger_field("choice", required=True, choices="risk_type", default="stability")
    reported_on: date | None = ledger_field("date")
    reported_to: str = ledger_field("text", default="", max_length=200)
    measures: str = ledger_field("textarea", default="", max_length=4000)
    status: str = ledger_field("choice", required=True, choices="risk_status", default="open")
    closed_on: date | None = ledger_field("date")
    acknowledged_by: str = ledger_field("text", default="", max_length=100)


class Outcome(LedgerBase, table=True):
    kind: str = ledger_field("choice", required=True, choices="outcome_kind", default="research_report")
    title: str = ledger_field("text", required=True, default="", max_length=300)
    submitted_on: date = ledger_field("date", required=True, form_default="today")
    channel: str = ledger_field("choice", choices="channel", default="")
    adopted_by: str = ledger_field("text", default="", max_length=200)
    summary: str = ledger_field("textarea", default="", max_length=4000)


class Visit(LedgerBase, table=True):
    visit_date: date = ledger_field("date", required=True, form_default="today")
    kind: str = ledger_field("choice", required=True, choices="visit_kind", default="needy")
    persons: int = ledger_field("int", default=1, min_value=0)
    amount: float = ledger_field("money", default=0.0, min_value=0)
    notes: str = ledger_field("textarea", default="", max_length=2000)


class Leave(LedgerBase, table=True):
    person_id: int = ledger_field("person", required=True, form_default="me", foreign_key="person.id")
    start_date: date = ledger_field("date", required=True, form_default="today")
    end_date: date = ledger_field("date", required=True, form_default="today")
    reason: str = ledger_field("text", required=True, default="", max_length=300)
    approved_by: str = ledger_field("text", default="", max_length=100)


class Funds(LedgerBase, table=True):
    entry_date: date = ledger_field("date", required=True, form_default="today")
    kind: str = ledger_field("choice", required=True, choices="funds_kind", default="spending")
    item: str = ledger_field("text", required=True, default="", max_length=200)
    amount: float = ledger_field("money", required=True, default=0.0, min_value=0)
    notes: str = ledger_field("textarea", default="", max_length=2000)


class LeaderVisit(LedgerBase, table=True):
    __tablename__ = "leader_visit"
    visit_date: date = ledger_field("date", required=True, form_default="today")
    leader_name: str = ledger_field("text", required=True, default="", max_length=100)
    kind: str = ledger_field("choice", required=True, choices="leader_visit_kind", default="visit")
    notes: str = ledger_field("textarea", default="", max_length=2000)


# ---------------------------------------------------------------- evaluation


class EvaluationScheme(SQLModel, table=True):
    __tablename__ = "evaluation_scheme"
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    name: str
    status: str = "draft"  # draft | open | closed
    evaluation_date: date | None = None
    top_band_cap: float | None = None  # max share of teams in the top band
    closed_at: datetime | None = None


class Indicator(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="evaluation_scheme.id", index=True)
    dimension: str
    name: str
    weight: float
    source: str  # "subjective" or the key of an objective figure
    full_at: float | None = None  # objective value that earns full marks
    zero_at: float | None = None  # objective value at or below which it earns nothing
    seq: int = 0


class RatingBand(SQLModel, table=True):
    __tablename__ = "rating_band"
    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int = Field(foreign_key="evaluation_scheme.id", index=True)
    name: str
    min_score: float


class ObjectiveScore(SQLModel, table=True):
    """A frozen objective value, written when the office closes the evaluation."""

    __tablename__ = "objective_score"
    __table_args__ = (UniqueConstraint("indicator_id", "team_id"),)
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    numerator: float | None = None  # kept so a published rate still shows what it was made of
    denominator: float | None = None
    value: float | None = None
    score: float
    computed_at: datetime | None = Field(default_factory=utcnow)  # when the ledgers were read


class SubjectiveScore(SQLModel, table=True):
    __tablename__ = "subjective_score"
    __table_args__ = (UniqueConstraint("indicator_id", "team_id", "evaluator_id"),)
    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id", index=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    evaluator_id: int = Field(foreign_key="app_user.id")
    score: float  # 0..100 of the indicator
    comment: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class CadreNote(SQLModel, table=True):
    """The office's remark on one cadre's service in a round, kept with the evaluation record."""

    __tablename__ = "cadre_note"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    note: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


# ---------------------------------------------------------------- users and audit


class AppUser(SQLModel, table=True):
    __tablename__ = "app_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True)
    display_name: str = ""
    password_hash: str
    role: str  # leadership | office | member | discipline
    team_id: int | None = Field(default=None, foreign_key="team.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")
    is_demo: bool = False
    disabled: bool = False
    failed_logins: int = 0
    locked_until: datetime | None = None
    session_epoch: int = 0  # bumped on logout, password change and disable
    created_at: datetime = Field(default_factory=utcnow)


class LoginSource(SQLModel, table=True):
    """A source (a keyed hash of a client address, never the address) an account has signed in
    from: its failures do not count toward the account's lock, which only strangers trip."""

    __tablename__ = "login_source"
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    source: str = Field(primary_key=True)
    last_success_at: datetime = Field(default_factory=utcnow)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins from one source (keyed hash), whatever the account: past a few, each
    failure makes the source wait longer before its next try."""

    __tablename__ = "login_throttle"
    source: str = Field(primary_key=True)
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow, index=True)
    blocked_until: datetime | None = None


class AuditLog(SQLModel, table=True):
    """Append-only: who changed which row, when, and what it was before and after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_table_row", "table_name", "row_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    action: str  # create | update | delete | restore | undo | import
    table_name: str
    row_id: int | None = None
    team_id: int | None = Field(default=None, index=True)
    before: str | None = None
    after: str | None = None


class Attachment(SQLModel, table=True):
    """A file on a ledger row (minutes, a report, a photo…), kept in the database so that every app
    process and every backup holds it. A new version is a new row of the same series: the old stay."""

    __table_args__ = (Index("ix_attachment_owner", "owner_table", "owner_id"),)
    id: int | None = Field(default=None, primary_key=True)
    owner_table: str  # the table of the row it is attached to (a ledger's, or another owner's)
    owner_id: int
    team_id: int = Field(foreign_key="team.id", index=True)  # whose permissions apply
    purpose: str  # a key of data_access.ledgers.ATTACHMENT_PURPOSES
    series_id: int = Field(default=0, index=True)  # the first version's id: one document's versions
    version: int = 1
    filename: str
    file_type: str  # pdf | docx | xlsx | jpg | png, recognised from the content
    mime: str
    size: int
    sha256: str
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))  # PNG, images only
    page_count: int | None = None  # PDF only
    text_content: str = ""  # a PDF's or DOCX's text, for search
    uploaded_by: int | None = Field(default=None, foreign_key="app_user.id")
    uploaded_at: datetime = Field(default_factory=utcnow)


LEDGER_MODELS: dict[str, type[LedgerBase]] = {
    "daily": DailyRecord,
    "weekly": WeeklyReport,
    "monthly": MonthlyExchange,
    "problem": Problem,
    "thing": PracticalThing,
    "union": UnionBuilding,
    "risk": MajorRisk,
    "outcome": Outcome,
    "visit": Visit,
    "leave": Leave,
    "funds": Funds,
    "leader_visit": LeaderVisit,
}

# What changed in a round since a day (activity.changes_since): per team, rows by their last change.
for _model in LEDGER_MODELS.values():
    Index(f"ix_{_model.__tablename__}_team_updated", _model.__table__.c.team_id, _model.__table__.c.updated_at)
