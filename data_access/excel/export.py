"""Workbooks out: a round's figures, assignment table, problem list and ledgers; any table on screen.

Written in openpyxl's write-only (streaming) mode so that a big round's ledgers never sit in
memory as cells; ``cells.cell`` keeps user text from ever running as a formula.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterator

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import and_, select
from sqlalchemy.engine import Engine

from data_access import figures
from data_access.auth import Actor
from data_access.db import read_session
from data_access.excel.assignment import COLUMNS as ASSIGNMENT_COLUMNS
from data_access.excel.cells import HEADER_FILL, cell, plain, save_workbook
from data_access.excel.evaluation import add_evaluation_sheets
from data_access.excel.ledger_io import ROW_ID, TEAM, column_header, column_keys, sheet_title
from data_access.figures.common import Rate
from data_access.ledgers import LEDGERS, LedgerSpec
from data_access.models import Person, Round, Site, Team, TeamMember
from data_access.permissions import readable_team_ids
from data_access.scope import Scope
from i18n import DEFAULT_LANGUAGE, t

STREAM_BATCH = 2000
TITLE_FONT = Font(bold=True, size=14)
PERCENT = "0.0%"
SUMMARY_FIGURES = (  # the figures of the summary sheet, whose definitions are printed under it
    "compliance.daily", "compliance.weekly", "compliance.monthly", "problems.recorded", "problems.resolved",
    "problems.overdue", "problems.resolution", *(f"six.{metric}" for metric in figures.SIX_METRICS),
)


def _header(ws, labels: list[str], widths: list[float] | None = None) -> None:
    for index, label in enumerate(labels, start=1):
        width = widths[index - 1] if widths else _guess_width(label)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.append([cell(ws, label, bold=True, fill=HEADER_FILL) for label in labels])


def _guess_width(label: str) -> float:
    return max(10, min(40, 2.2 * len(str(label)) + 2))


# ---------------------------------------------------------------- any table


def table_workbook(df: pd.DataFrame, sheet_name: str = "Sheet1") -> bytes:
    """The table the user is looking at, as a workbook: bold frozen header, widths, dates as dates."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_sheet_name(sheet_name))
    labels = [str(c) for c in df.columns]
    widths = [_column_width(label, df.iloc[:200, i]) for i, label in enumerate(labels)]
    _header(ws, labels, widths)
    formats = [_format_of(df.iloc[:, i]) for i in range(len(labels))]
    for record in df.itertuples(index=False, name=None):
        ws.append([cell(ws, v, number_format=f) if f else cell(ws, v) for v, f in zip(record, formats)])
    return save_workbook(workbook)


def _sheet_name(name: str) -> str:
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    return (name.strip() or "Sheet1")[:31]


def _column_width(label: str, sample: pd.Series) -> float:
    longest = max([len(str(v)) for v in sample if v is not None] + [0])
    return max(_guess_width(label), min(50, longest * 1.6 + 2))


def _format_of(series: pd.Series) -> str | None:
    sample = next((plain(v) for v in series if plain(v) is not None), None)
    if isinstance(sample, datetime):
        return "yyyy-mm-dd hh:mm" if any(plain(v) and plain(v).time() != datetime.min.time() for v in series[:200]) else "yyyy-mm-dd"
    if isinstance(sample, date):
        return "yyyy-mm-dd"
    return None


# ---------------------------------------------------------------- the round's workbook


def round_workbook(engine: Engine, actor: Actor, round_id: int, as_of: date, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """Summary with charts, the assignment table, the problem list and one sheet per ledger,
    limited to the teams the actor may read."""
    allowed = readable_team_ids(actor)
    scope = Scope(round_id, as_of, team_ids=allowed)
    workbook = Workbook(write_only=True)
    with read_session(engine) as session:
        rnd = session.get(Round, round_id)
        if rnd is None:
            raise LookupError(f"round {round_id} not found")
        teams = figures.teams_in_scope(session, scope)
        _summary_sheet(workbook, session, scope, rnd.name, teams, lang)
        _assignment_sheet(workbook, session, scope, rnd.name, lang)
        if allowed is None:  # the evaluation ranks every team: not for a member's workbook
            add_evaluation_sheets(workbook, session, round_id, lang)
        _problem_sheet(workbook, session, scope, teams, lang)
        for kind, spec in LEDGERS.items():
            _ledger_sheet(workbook, session, scope, spec, lang)
    return save_workbook(workbook)


# ---- summary


def _summary_sheet(workbook: Workbook, session, scope: Scope, round_name: str, teams: pd.DataFrame, lang: str) -> None:
    ws = workbook.create_sheet(t("excel.export.summary_sheet", lang))
    compliance = figures.ledger_compliance(session, scope)
    problems = figures.problem_rates(session, scope, by="team")
    six = figures.six_by_team(session, scope)
    labels, rows = _summary_rows(teams, compliance, problems, six, lang)
    widths = [8, 24] + [12] * (len(labels) - 2)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append([cell(ws, t("excel.export.title", lang, round=round_name, as_of=scope.as_of.isoformat()), bold=True)])
    ws.append([t("excel.export.rate_note", lang)])
    ws.append([cell(ws, label, bold=True, fill=HEADER_FILL) for label in labels])
    header_row, first, last = 3, 4, 3 + len(rows)
    for row in rows:
        ws.append([cell(ws, v, number_format=PERCENT) if isinstance(v, float) and i in _RATE_COLUMNS else cell(ws, v) for i, v in enumerate(row)])
    ws.append([])
    six_header = last + 2
    _six_table(ws, session, scope, lang)
    _definitions(ws, lang)
    if rows:
        below = six_header + 1 + len(figures.SIX_METRICS) + 2 + len(SUMMARY_FIGURES) + 2
        _summary_charts(ws, header_row, first, last, six_header, below, lang)


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


def _six_table(ws, session, scope: Scope, lang: str) -> None:
    six = figures.six_round(session, scope)
    ws.append([cell(ws, t("excel.export.six_title", lang), bold=True)])
    labels = ["", *(t(k, lang) for k in ("excel.export.six_metric", "excel.export.six_actual", "excel.export.six_target", "excel.export.six_progress"))]
    ws.append([cell(ws, label, bold=True, fill=HEADER_FILL) for label in labels])
    for r in six.itertuples(index=False):
        progress = cell(ws, r.progress.value, number_format=PERCENT)
        ws.append(["", _figure_name(f"six.{r.metric}", lang), int(r.actual), plain(r.target), progress])


def _definitions(ws, lang: str) -> None:
    """How each figure above is computed, in the words of the figures' catalogue."""
    ws.append([])
    ws.append([cell(ws, t("excel.export.definitions", lang), bold=True)])
    for key in SUMMARY_FIGURES:
        ws.append(["", cell(ws, _figure_name(key, lang)), cell(ws, t(figures.DEFINITIONS[key], lang))])


def _summary_charts(ws, header_row: int, first: int, last: int, six_header: int, below: int, lang: str) -> None:
    """Three bar charts side by side from row ``below``: daily compliance, problems, the six 一批."""
    names = Reference(ws, min_col=2, min_row=first, max_row=last)
    daily = _bar(t("excel.export.chart_daily", lang), y_percent=True)
    daily.add_data(Reference(ws, min_col=3, min_row=header_row, max_row=last), titles_from_data=True)
    daily.set_categories(names)
    ws.add_chart(daily, f"B{below}")
    problems = _bar(t("excel.export.chart_problems", lang))
    for col in (9, 10):
        problems.add_data(Reference(ws, min_col=col, min_row=header_row, max_row=last), titles_from_data=True)
    problems.set_categories(names)
    ws.add_chart(problems, f"H{below}")
    six_first, six_last = six_header + 2, six_header + 1 + len(figures.SIX_METRICS)
    six = _bar(t("excel.export.chart_six", lang))
    six.add_data(Reference(ws, min_col=3, max_col=4, min_row=six_header + 1, max_row=six_last), titles_from_data=True)
    six.set_categories(Reference(ws, min_col=2, min_row=six_first, max_row=six_last))
    ws.add_chart(six, f"N{below}")


def _bar(title: str, y_percent: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.height, chart.width = 8, 14
    chart.x_axis.delete = False  # openpyxl 3.1 hides axes unless told
    chart.y_axis.delete = False
    if y_percent:
        chart.y_axis.number_format = "0%"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    chart.legend.position = "b"
    return chart


# ---- assignment table


def _assignment_sheet(workbook: Workbook, session, scope: Scope, round_name: str, lang: str) -> None:
    """序号 · 蹲点单位 · 联系领导 · 带队组长 · 组员, below a title row, as the seed's attachment."""
    ws = workbook.create_sheet(t("excel.assign.sheet", lang))
    for index, width in enumerate((8, 28, 12, 12, 60), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.append([cell(ws, t("excel.assign.title", lang, round=round_name), bold=True)])
    ws.append([cell(ws, t(f"excel.assign.col.{c}", lang), bold=True, fill=HEADER_FILL) for c in ASSIGNMENT_COLUMNS])
    for seq, site, liaison, leader, members in assignment_rows(session, scope):
        ws.append([seq, cell(ws, site), cell(ws, liaison), cell(ws, leader), cell(ws, members)])


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


def _problem_sheet(workbook: Workbook, session, scope: Scope, teams: pd.DataFrame, lang: str) -> None:
    ws = workbook.create_sheet(t("excel.export.problems_sheet", lang))
    rows = figures.problem_rows(session, scope, "recorded")
    overdue = set(figures.overdue_problems(session, scope)["id"])
    site_of = dict(zip(teams["team_id"], teams["site_name"]))
    fields = ("raised_on", "title", "category", "scope", "status", "handler", "deadline", "resolved_on", "escalated_to", "feedback")
    spec = LEDGERS["problem"]
    labels = [column_header(TEAM, lang), *(t(f"field.{f}", lang) for f in fields)]
    labels += [t("excel.export.overdue", lang), t("excel.export.days_overdue", lang), column_header(ROW_ID, lang)]
    _header(ws, labels, [24, 12, 30, 16, 12, 10, 12, 12, 12, 16, 10, 8, 10, 8])
    for r in rows.to_dict("records"):
        late = r["id"] in overdue
        days = (scope.as_of - plain(r["deadline"])).days if late and plain(r["deadline"]) else None
        values = [site_of.get(r["team_id"], "")]
        for f in fields:
            values.append(_label(spec, f, plain(r[f]), lang))
        values += [t("excel.template.yes", lang) if late else "", days, r["id"]]
        ws.append([cell(ws, v) for v in values])


def _label(spec: LedgerSpec, name: str, value: Any, lang: str) -> Any:
    choices = spec.field(name).choices
    if choices and value:
        return t(f"choice.{choices}.{value}", lang)
    return value


# ---- ledgers


def _ledger_sheet(workbook: Workbook, session, scope: Scope, spec: LedgerSpec, lang: str) -> None:
    """Every live row of one ledger in scope, labelled as the import template is (plus 编号, 最后修改)."""
    ws = workbook.create_sheet(sheet_title(spec.kind, lang))
    keys = column_keys(spec)
    labels = [column_header(k, lang) for k in keys] + [column_header(ROW_ID, lang), t("excel.col.last_changed", lang)]
    widths = [24] + [_field_width(spec, k) for k in keys[1:-1]] + [12, 8, 17]
    _header(ws, labels, widths)
    for record in _ledger_records(session, scope, spec):
        ws.append(_ledger_values(ws, spec, record, lang))


def _field_width(spec: LedgerSpec, name: str) -> float:
    return {"textarea": 40, "text": 20, "date": 12, "choice": 14, "person": 10}.get(spec.field(name).widget, 10)


def _ledger_records(session, scope: Scope, spec: LedgerSpec) -> Iterator[dict]:
    table = spec.model.__table__
    person_columns = [f.name for f in spec.fields if f.widget == "person"]
    author = Person.__table__.alias("author")
    extra = [author.c.name.label("author_name")]
    query = select(table, Site.name.label("site_name"), *extra)
    joins = table.join(Team, Team.id == table.c.team_id).join(Site, Site.id == Team.site_id)
    joins = joins.outerjoin(author, author.c.id == table.c.author_id)
    for name in person_columns:
        alias = Person.__table__.alias(f"p_{name}")
        joins = joins.outerjoin(alias, alias.c.id == table.c[name])
        query = query.add_columns(alias.c.name.label(f"{name}__name"))
    query = (
        query.select_from(joins)
        .where(and_(table.c.deleted_at.is_(None), table.c.team_id.in_(scope.team_id_query())))
        .order_by(Team.seq, table.c[spec.date_field], table.c.id)
    )
    result = session.execute(query.execution_options(yield_per=STREAM_BATCH))
    for row in result.mappings():
        yield dict(row)


def _ledger_values(ws, spec: LedgerSpec, record: dict, lang: str) -> list[Any]:
    values = [cell(ws, record["site_name"])]
    for f in spec.fields:
        value = record[f.name]
        if f.widget == "person":
            value = record.get(f"{f.name}__name")
        elif f.choices and value:
            value = t(f"choice.{f.choices}.{value}", lang)
        values.append(cell(ws, value, number_format="0.00") if f.widget == "money" else cell(ws, value))
    updated = plain(record["updated_at"])
    values += [cell(ws, record["author_name"]), record["id"], cell(ws, updated, number_format="yyyy-mm-dd hh:mm")]
    return values
