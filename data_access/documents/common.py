"""What the three documents share: who may generate them, the round they are about, and how a
figure reads in them (as the screen shows it: 85%（40/47）, targets, days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlmodel import Session

from data_access.auth import Actor
from data_access.documents import charts
from data_access.documents.layout import OfficialDocument
from data_access.figures.common import Rate, SatisfactionRate, teams_in_scope
from data_access.models import Round
from data_access.permissions import require
from data_access.scope import Scope
from data_access.settings import get_settings
from i18n import t

# The liaison office writes them and the leadership group reads them in its meetings.
DOCUMENT_ROLES = ("office", "leadership")
MAX_TEXT = 120  # characters of a user's text in a table cell; the ledger keeps the rest
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def require_documents(actor: Actor) -> None:
    require(actor.role in DOCUMENT_ROLES, "documents.denied")


@dataclass(frozen=True)
class Context:
    """The round a document is about, as of its day, in its language."""

    scope: Scope
    lang: str
    round_name: str
    doc_number: str
    level: str
    year: int
    start: date
    end: date
    labels: dict[int, str]  # "1. 正定县正定镇" by team id, the teams in scope in seq order
    sites: dict[int, str]  # the team's site by team id
    settings: dict[str, Any]

    def tr(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    @property
    def federation(self) -> str:
        """The federation that runs the round: its name is the round's up to the year
        (石家庄市总工会2021年机关干部赴基层蹲点活动 → 石家庄市总工会); the round's name otherwise."""
        head, found, _ = self.round_name.partition(f"{self.year}年")
        return head if found and head else self.round_name

    @property
    def activity(self) -> str:
        """The round's name without its federation (2021年机关干部赴基层蹲点活动)."""
        return self.round_name.removeprefix(self.federation) or self.round_name

    @property
    def started(self) -> bool:
        return self.scope.as_of >= self.start

    def day(self, value: date | None) -> str:
        return "" if value is None or pd.isna(value) else self.tr("documents.day", y=value.year, m=value.month, d=value.day)

    def short_day(self, value: date | None) -> str:
        """A day in a table cell: without its year when it is the round's."""
        if value is None or pd.isna(value) or value.year != self.year:
            return self.day(value)
        return self.tr("documents.short_day", m=value.month, d=value.day)

    def team(self, team_id: Any) -> str:
        return self.labels.get(int(team_id), str(team_id))

    def choice(self, choice_set: str, code: str | None) -> str:
        return self.tr(f"choice.{choice_set}.{code}") if code else ""

    def reasons(self, reasons: list) -> str:
        """A team light's reasons, as its card on the overview reads them."""
        return "；".join(self.tr(key, **params) for key, params in reasons) or self.tr("light.reason.all_clear")

    def new_document(self) -> OfficialDocument:
        return OfficialDocument(self.lang)

    def chart_pngs(self, figures: list, heights: list[int] | None = None) -> list[bytes | None]:
        """PNGs of the figures, or a None for each when no browser can draw them."""
        pngs = charts.render(figures, heights)
        return pngs if pngs is not None else [None] * len(figures)

    def chart(self, doc: OfficialDocument, png: bytes | None, caption: str) -> None:
        if png is None:
            doc.note(self.tr("documents.chart_missing", caption=caption), centred=True)
        else:
            doc.image(png, caption)


def context(session: Session, scope: Scope, lang: str) -> Context:
    rnd = session.get(Round, scope.round_id)
    if rnd is None:
        raise LookupError(f"round {scope.round_id} not found")
    teams = teams_in_scope(session, scope)
    ids = [int(team) for team in teams["team_id"]]
    labels = {team: f"{seq}. {site}" for team, seq, site in zip(ids, teams["seq"], teams["site_name"])}
    sites = dict(zip(ids, teams["site_name"]))
    return Context(
        scope, lang, rnd.name, rnd.doc_number, rnd.level, rnd.year, rnd.start_date, rnd.end_date, labels, sites, get_settings(session)
    )


def percent(rate: Rate) -> str:
    """A rate as the screen shows it: a whole percent, or a dash with nothing to divide by."""
    return "—" if rate.value is None else f"{rate.value:.0%}"


def rate_text(rate: Rate) -> str:
    """85%（40/47）; satisfaction as the counts it is made of, 88%（49+22×0.9/78）, as on screen."""
    if isinstance(rate, SatisfactionRate) and rate.den:
        return f"{percent(rate)}（{rate.satisfied}+{rate.basic}×{rate.weight:g}/{rate.den}）"
    return f"{percent(rate)}（{rate.num:g}/{rate.den}）"


def target_text(target: Any) -> str:
    return "—" if target is None or pd.isna(target) else str(int(target))


def cut(text: Any, limit: int = MAX_TEXT) -> str:
    """A user's text, shortened for a table cell."""
    value = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def days_overdue(as_of: date, due: date) -> int:
    return (as_of - due).days
