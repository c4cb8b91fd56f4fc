"""Workbooks out: a round's figures, assignment table, problem list and ledgers; any table on screen.

Streamed by XlsxWriter in constant-memory mode (``cells.Book``) so that a big round's ledgers
never sit in memory as cells; ``cells`` keeps user text from ever running as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from data_access import figures, logs
from data_access.auth import Actor
from data_access.db import read_session
from data_access.excel.assignment import COLUMNS as ASSIGNMENT_COLUMNS
from data_access.excel.cells import BOLD, DATE, DATETIME, PLAIN, Book, Sheet, Style, Styled, plain, style
from data_access.excel.columns import (
    LAST_CHANGED,
    ROW_ID,
    TEAM,
    column_header,
    column_name,
    column_width,
    export_keys,
    ledger_name,
    sheet_title,
)
from data_access.excel.evaluation import add_evaluation_sheets
from data_access.figures.common import Rate
from data_access.ledgers import LEDGERS, LedgerSpec
from data_access.models import Person, Round, Site, Team, TeamMember
from data_access.permissions import readable_team_ids
from data_access.scope import Scope
from i18n import DEFAULT_LANGUAGE, t

STREAM_BATCH = 2000
PERCENT = style(num_format="0.0%")
CHART_WIDTH, CHART_HEIGHT = 529, 302  # pixels: 14 × 8 cm at 96 dpi
SUMMARY_FIGURES = (  # the figures of the summary sheet, whose definitions are printed under it
    "compliance.daily",
    "compliance.weekly",
    "compliance.monthly",
    "problems.recorded",
    "problems.resolved",
    "problems.overdue",
    "problems.resolution",
    *(f"six.{metric}" for metric in figures.SIX_METRICS),
)


def _table_sheet(book: Book, name: str, labels: list[str], widths: list[float], names: Sequence[str] = ()) -> Sheet:
    """A sheet that is one table: bold header on a fill (its cells given ``names``), frozen below it."""
    sheet = book.sheet(name, widths, freeze_header=True)
    sheet.header(labels, names)
    return sheet


def _guess_width(label: str) -> float:
    return max(10, min(40, 2.2 * len(str(label)) + 2))


# ---------------------------------------------------------------- any table


@logs.exported("table")
def table_workbook(df: pd.DataFrame, sheet_name: str = "Sheet1") -> bytes:
    """The table the user is looking at, as a workbook: bold frozen header, widths, dates as dates."""
    book = Book()
    labels = [str(c) for c in df.columns]
    widths = [_column_width(label, df.iloc[:200, i]) for i, label in enumerate(labels)]
    sheet = _table_sheet(book, _sheet_name(sheet_name), labels, widths)
    append = sheet.row_writer([_style_of(df.iloc[:, i]) for i in range(len(labels))])
    for record in df.itertuples(index=False, name=None):
        append(record)
    return book.to_bytes()


def _sheet_name(name: str) -> str:
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    return (name.strip().strip("'") or "Sheet1")[:31]  # Excel refuses a name quoted at either end


def _column_width(label: str, sample: pd.Series) -> float:
    longest = max([len(str(v)) for v in sample if v is not None] + [0])
    return max(_guess_width(label), min(50, longest * 1.6 + 2))


def _style_of(series: pd.Series) -> Style:
    """Datetimes at midnight throughout are shown as days."""
    sample = next((plain(v) for v in series if plain(v) is not None), None)
    if isinstance(sample, datetime):
        timed = any(plain(v) and plain(v).time() != datetime.min.time() for v in series[:200])
        return style(num_format=DATETIME if timed else DATE)
    return PLAIN


# ---------------------------------------------------------------- the round's workbook


@logs.exported("round_workbook")
def round_workbook(engine: Engine, actor: Actor, round_id: int, as_of: date, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """Summary with charts, the assignment table, the problem list and one sheet per ledger,
    limited to the teams the actor may read."""
    allowed = readable_team_ids(actor)
    scope = Scope(round_id, as_of, team_ids=allowed)
    book = Book()
    with read_session(engine) as session:
        rnd = session.get(Round, round_id)
        if rnd is None:
            raise LookupError(f"round {round_id} not found")
        teams = figures.teams_in_scope(session, scope)
        _summary_sheet(book, session, scope, rnd.name, teams, lang)
        _assignment_sheet(book, session, scope, rnd.name, lang)
        if allowed is None:  # the evaluation ranks every team: not for a member's workbook
            add_evaluation_sheets(book, session, round_id, lang)
        _problem_sheet(book, session, scope, teams, lang)
        for spec in LEDGERS.values():
            _ledger_sheet(book, session, scope, spec, lang)
    return book.to_bytes()


# ---- summary


def _summary_sheet(book: Book, session, scope: Scope, round_name: str, teams: pd.DataFrame, lang: str) -> None:
    compliance = figures.ledger_compliance(session, scope)
    problems = figures.problem_rates(session, scope, by="team")
    six = figures.six_by_team(session, scope)
    labels, rows = _summary_rows(teams, compliance, problems, six, lang)
    sheet = book.sheet(t("excel.export.summary_sheet", lang), [8, 24] + [12] * (len(labels) - 2))
    sheet.append([Styled(t("excel.export.title", lang, round=round_name, as_of=scope.as_of.isoformat()), BOLD)])
    sheet.append([t("excel.export.rate_note", lang)])
    sheet.header(labels)
    header_row, first, last = 3, 4, 3 + len(rows)
    append = sheet.row_writer([PERCENT if i in _RATE_COLUMNS else PLAIN for i in range(len(labels))])
    for row in rows:
        append(row)
    sheet.append()
    six_header = last + 2
    _six_table(sheet, session, scope, lang)
    _definitions(sheet, lang)
    if rows:
        below = six_header + 1 + len(figures.SIX_METRICS) + 2 + len(SUMMARY_FIGURES) + 2
        _summary_charts(sheet, header_row, first, last, six_header, below, lang)


# column positions (0-based) of the summary table whose values are rates
_RATE_COLUMNS = (2, 4, 6, 11)


def _figure_name(key: str, lang: str) -> str:
    return t(figures.NAMES[key], lang)


def _summary_rows(teams, compliance, problems, six, lang: str) -> tuple[list[str], list[list[Any]]]:
    name = lambda key: _figure_name(key, lang)  # noqa: E731
    num_den = lambda key: t("excel.export.numerator", lang, name=name(key))  # noqa: E731
    labels = [t("excel.assign.col.seq", lang), t("excel.export.team", lang)]
    for key in ("compliance.daily", "compliance.weekly", "compliance.monthly"):
        labels += [name(key), num_den(key)]
    labels += [name("problems.recorded"), name("problems.resolved"), name("problems.overdue")]
    labels += [name("problems.resolution"), num_den("problems.resolution")]
    for metric in figures.SIX_METRICS:
        labels += [name(f"six.{metric}"), f"{name(f'six.{metric}')}·{t('excel.export.six_target', lang)}"]
    by_team_compliance = {r.team_id: r for r in compliance.itertuples(index=False)}
    by_team_problems = {r.team_id: r for r in problems.itertuples(index=False)}
    six_values = {(r.team_id, r.metric): (r.actual, r.target) for r in six.itertuples(index=False)}
    rows = []
    for team in teams.itertuples(index=False):
        c, p = by_team_compliance.get(team.team_id), by_team_problems.get(team.team_id)
        row: list[Any] = [team.seq, team.site_name]
        for rate in (c.daily, c.weekly, c.monthly) if c else (None, None, None):
            row += [rate.value if rate else None, _fraction(rate)]
        row += [p.recorded, p.resolved, p.overdue, p.resolution.value, _fraction(p.resolution)] if p else [0, 0, 0, None, ""]
        for metric in figures.SIX_METRICS:
            row += list(six_values.get((team.team_id, metric), (0, None)))
        rows.append(row)
    return labels, rows


def _fraction(rate: Rate | None) -> str:
    return "" if rate is None else f"{rate.num:g}/{rate.den}"


def _six_table(sheet: Sheet, session, scope: Scope, lang: str) -> None:
    six = figures.six_round(session, scope)
    sheet.append([Styled(t("excel.export.six_title", lang), BOLD)])
    sheet.header(
        [
            "",
            *(
                t(k, lang)
                for k in ("excel.export.six_metric", "excel.export.six_actual", "excel.export.six_target", "excel.export.six_progress")
            ),
        ]
    )
    for r in six.itertuples(index=False):
        sheet.append(["", _figure_name(f"six.{r.metric}", lang), int(r.actual), r.target, Styled(r.progress.value, PERCENT)])


def _definitions(sheet: Sheet, lang: str) -> None:
    """How each figure above is computed, in the words of the figures' catalogue."""
    sheet.append()
    sheet.append([Styled(t("excel.export.definitions", lang), BOLD)])
    for key in SUMMARY_FIGURES:
        sheet.append(["", _figure_name(key, lang), t(figures.DEFINITIONS[key], lang)])


def _summary_charts(sheet: Sheet, header_row: int, first: int, last: int, six_header: int, below: int, lang: str) -> None:
    """Three column charts side by side from row ``below``: daily compliance, problems, the six 一批.
    Rows and columns as Excel counts them, from 1."""
    six_first, six_last = six_header + 2, six_header + 1 + len(figures.SIX_METRICS)
    daily = _bar(sheet.book, t("excel.export.chart_daily", lang), [_series(sheet, 3, header_row, first, last)])
    daily.set_y_axis({"num_format": "0%", "min": 0, "max": 1})
    problems = _bar(sheet.book, t("excel.export.chart_problems", lang), [_series(sheet, col, header_row, first, last) for col in (9, 10)])
    six = _bar(sheet.book, t("excel.export.chart_six", lang), [_series(sheet, col, six_header + 1, six_first, six_last) for col in (3, 4)])
    for anchor, chart in (("B", daily), ("H", problems), ("N", six)):
        sheet.worksheet.insert_chart(f"{anchor}{below}", chart)


def _series(sheet: Sheet, col: int, title_row: int, first: int, last: int) -> dict:
    """Column ``col`` from row ``first`` to ``last``, titled by its cell in ``title_row``, over the names in column B."""
    top, bottom, col = first - 1, last - 1, col - 1  # XlsxWriter counts from 0
    return {
        "name": [sheet.name, title_row - 1, col],
        "values": [sheet.name, top, col, bottom, col],
        "categories": [sheet.name, top, 1, bottom, 1],
    }


def _bar(book: Book, title: str, series: list[dict]):
    chart = book.workbook.add_chart({"type": "column"})
    chart.set_title({"name": title})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    chart.set_legend({"position": "bottom"})
    for one in series:
        chart.add_series(one)
    return chart


# ---- assignment table


def _assignment_sheet(book: Book, session, scope: Scope, round_name: str, lang: str) -> None:
    """序号 · 蹲点单位 · 联系领导 · 带队组长 · 组员, below a title row, as the seed's attachment."""
    sheet = book.sheet(t("excel.assign.sheet", lang), [8, 28, 12, 12, 60])
    sheet.append([Styled(t("excel.assign.title", lang, round=round_name), BOLD)])
    sheet.header([t(f"excel.assign.col.{c}", lang) for c in ASSIGNMENT_COLUMNS])
    for row in assignment_rows(session, scope):
        sheet.append(row)


def _person_label(name: str, local_org: str) -> str:
    return f"{name}（{local_org}）" if local_org else name


def assignment_rows(session, scope: Scope) -> list[tuple[int, str, str, str, str]]:
    """Each team in scope with its liaison leader, current leader and current members."""
    liaison = select(Person.name).where(Person.id == Team.liaison_leader_id).scalar_subquery()
    teams = session.execute(
        select(Team.id, Team.seq, Site.name, liaison)
        .join(Site, Site.id == Team.site_id)
        .where(Team.id.in_(scope.team_id_query()))
        .order_by(Team.seq, Team.id)
    ).all()
    memberships = session.execute(
        select(TeamMember.team_id, TeamMember.role, Person.name, Person.local_org)
        .join(Person, Person.id == TeamMember.person_id)
        .where(TeamMember.team_id.in_(scope.team_id_query()), TeamMember.left_on.is_(None))
        .order_by(TeamMember.team_id, TeamMember.joined_on, TeamMember.id)
    ).all()
    leaders: dict[int, list[str]] = {}
    members: dict[int, list[str]] = {}
    for team_id, role, name, local_org in memberships:
        (leaders if role == "leader" else members).setdefault(team_id, []).append(_person_label(name, local_org))
    return [
        (seq, site, liaison_name or "", "、".join(leaders.get(team_id, [])), "、".join(members.get(team_id, [])))
        for team_id, seq, site, liaison_name in teams
    ]


# ---- problem list


def _problem_sheet(book: Book, session, scope: Scope, teams: pd.DataFrame, lang: str) -> None:
    rows = figures.problem_rows(session, scope, "recorded")
    overdue = set(figures.overdue_problems(session, scope)["id"])
    site_of = dict(zip(teams["team_id"], teams["site_name"]))
    fields = ("raised_on", "title", "category", "scope", "status", "handler", "deadline", "resolved_on", "escalated_to", "feedback")
    spec = LEDGERS["problem"]
    labels = [column_header(TEAM, lang), *(t(f"field.{f}", lang) for f in fields)]
    labels += [t("excel.export.overdue", lang), t("excel.export.days_overdue", lang), column_header(ROW_ID, lang)]
    sheet = _table_sheet(book, t("excel.export.problems_sheet", lang), labels, [24, 12, 30, 16, 12, 10, 12, 12, 12, 16, 10, 8, 10, 8])
    choices = {f: _ChoiceLabels(spec.field(f).choices, lang) for f in fields if spec.field(f).choices}
    yes = t("excel.template.yes", lang)
    for r in rows.to_dict("records"):
        late = r["id"] in overdue
        deadline = plain(r["deadline"])
        values = [site_of.get(r["team_id"], "")]
        for f in fields:
            value = plain(r[f])
            values.append(choices[f][value] if value and f in choices else value)
        values += [yes if late else "", (scope.as_of - deadline).days if late and deadline else None, r["id"]]
        sheet.append(values)


class _ChoiceLabels(dict):
    """Code → label of one choice set in one language, each looked up in the catalogue once."""

    def __init__(self, choices: str, lang: str) -> None:
        super().__init__()
        self.choices, self.lang = choices, lang

    def __missing__(self, code: str) -> str:
        label = self[code] = t(f"choice.{self.choices}.{code}", self.lang)
        return label


# ---- ledgers


def _ledger_sheet(book: Book, session, scope: Scope, spec: LedgerSpec, lang: str) -> None:
    """Every live row of one ledger in scope, labelled and marked as the import template is (plus
    编号, 最后修改), so that it imports again."""
    keys = export_keys(spec)
    labels = [column_header(k, lang) for k in keys]
    widths = [column_width(spec, k) for k in keys]
    sheet = _table_sheet(book, sheet_title(spec.kind, lang), labels, widths, [column_name(k) for k in keys])
    sheet.name_cell(ledger_name(spec.kind), 0, 0)
    formats = {f.name: f.type.excel_format for f in spec.fields} | {LAST_CHANGED: DATETIME}
    append = sheet.row_writer([style(num_format=formats[k]) if formats.get(k) else PLAIN for k in keys])
    # (position in the row, labels) of each choice column; the site name comes first
    choices = [(1 + i, _ChoiceLabels(f.choices, lang)) for i, f in enumerate(spec.fields) if f.choices]
    for row in _ledger_rows(session, scope, spec):
        values = list(row)
        for i, labelled in choices:
            if values[i]:
                values[i] = labelled[values[i]]
        append(values)


def _ledger_rows(session, scope: Scope, spec: LedgerSpec) -> Iterator[tuple]:
    """Rows in the sheet's column order: site, the fields (a person by name), author, id, last change."""
    table = spec.model.__table__
    author = Person.__table__.alias("author")
    joins = table.join(Team, Team.id == table.c.team_id).join(Site, Site.id == Team.site_id)
    joins = joins.outerjoin(author, author.c.id == table.c.author_id)
    columns = [Site.name.label("site_name")]
    for f in spec.fields:
        if f.widget == "person":
            person = Person.__table__.alias(f"p_{f.name}")
            joins = joins.outerjoin(person, person.c.id == table.c[f.name])
            columns.append(person.c.name.label(f"{f.name}__name"))
        else:
            columns.append(table.c[f.name])
    columns += [author.c.name.label("author_name"), table.c.id, table.c.updated_at]
    query = (
        select(*columns)
        .select_from(joins)
        .where(and_(table.c.deleted_at.is_(None), table.c.team_id.in_(scope.team_id_query())))
        .order_by(Team.seq, table.c[spec.date_field], table.c.id)
    )
    return session.execute(query.execution_options(yield_per=STREAM_BATCH))
