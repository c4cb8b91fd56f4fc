"""The round's summary report (总结报告) to the higher federation (seed 000 §5.4), drafted from the
figures: 基本情况, 主要做法和成效, 发现的主要问题, 意见建议, and annex tables."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_access import logs
from data_access.auth import Actor
from data_access.db import read_session
from data_access.documents import charts
from data_access.documents.briefing import six_sentence, six_table
from data_access.documents.common import Context, context, cut, rate_text, require_documents, target_text
from data_access.documents.layout import OfficialDocument
from data_access.excel.assignment import COLUMNS as ASSIGNMENT_COLUMNS
from data_access.excel.export import assignment_rows
from data_access.figures import (
    SIX_METRICS,
    common_categories,
    ledger_compliance,
    problem_rows,
    problem_summary,
    six_by_team,
    six_round,
    six_rows,
)
from data_access.scope import Scope
from i18n import DEFAULT_LANGUAGE

EXAMPLES = 3  # problems quoted for each common category


@logs.exported("summary_report")
def summary_report(engine: Engine, actor: Actor, scope: Scope, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The report on the round in ``scope`` as of its day."""
    require_documents(actor)
    with read_session(engine) as session:
        ctx = context(session, scope, lang)
        six = six_round(session, scope)
        problems = problem_summary(session, scope, ctx.settings)
        categories = common_categories(session, scope, ctx.settings)
        examples = _examples(session, scope, categories)
        escalated = problem_rows(session, scope, "escalation", "num", settings=ctx.settings)
        resolved = set(problem_rows(session, scope, "resolved", settings=ctx.settings)["id"])
        outcomes = six_rows(session, scope, "outcomes")
        by_team = six_by_team(session, scope)
        compliance = ledger_compliance(session, scope, ctx.settings)
        assignment = assignment_rows(session, scope)
    pngs = ctx.chart_pngs([charts.six_chart(six, lang), charts.categories_chart(categories, lang)])
    doc = ctx.new_document()
    doc.title(ctx.tr("documents.report.title", federation=ctx.federation, activity=ctx.activity))
    higher = ctx.tr(f"documents.report.higher.{ctx.level}")
    doc.addressee(ctx.tr("documents.report.addressee", to=higher))
    doc.paragraph(
        ctx.tr("documents.report.opening_doc" if ctx.doc_number else "documents.report.opening", round=ctx.round_name, doc=ctx.doc_number)
    )
    _basics(doc, ctx, six)
    _results(doc, ctx, six, problems, outcomes, pngs[0])
    _problems(doc, ctx, categories, examples, pngs[1])
    _suggestions(doc, ctx, escalated, resolved, problems)
    doc.paragraph(ctx.tr("documents.report.closing"))
    annexes = _annexes(ctx, assignment, by_team, compliance, escalated, resolved)
    names = [ctx.tr(key) for key, _ in annexes]
    doc.annex_list(ctx.tr("documents.report.annex_list"), names)
    doc.signature(ctx.federation, ctx.day(scope.as_of))
    for n, (name, (_, draw)) in enumerate(zip(names, annexes), start=1):
        doc.annex_title(ctx.tr("documents.report.annex_label", n=n), name)
        draw(doc)
    return doc.to_bytes()


def _examples(session: Session, scope: Scope, categories: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The first problems raised in each common category, to quote."""
    common = categories[categories["common"]]["category"]
    return {c: problem_rows(session, scope, "recorded", category=c).head(EXAMPLES) for c in common}


def _basics(doc: OfficialDocument, ctx: Context, six: pd.DataFrame) -> None:
    doc.heading(1, ctx.tr("documents.report.basics"))
    cadres = int(six.set_index("metric").loc["cadres_trained", "actual"])
    params = {
        "teams": len(ctx.labels),
        "cadres": cadres,
        "start": ctx.day(ctx.start),
        "end": ctx.day(ctx.end),
        "day": ctx.day(ctx.scope.as_of),
    }
    doc.paragraph(ctx.tr("documents.report.basics_text", **params))
    if not ctx.started:
        doc.paragraph(ctx.tr("documents.stationing.not_started", **params))


def _results(doc: OfficialDocument, ctx: Context, six: pd.DataFrame, problems: dict, outcomes: pd.DataFrame, png: bytes | None) -> None:
    doc.heading(1, ctx.tr("documents.report.results"))
    doc.heading(2, ctx.tr("documents.six"))
    doc.paragraph(six_sentence(ctx, six))
    header, rows = six_table(ctx, six)
    doc.table(header, rows, [4, 2.5, 2.5, 2.5], centre=(1, 2, 3))
    ctx.chart(doc, png, ctx.tr("documents.chart.six"))
    doc.heading(2, ctx.tr("documents.report.problem_work"))
    if problems["recorded"]:
        doc.paragraph(_problem_sentence(ctx, problems))
    else:
        doc.paragraph(ctx.tr("documents.report.no_problems"))
    doc.heading(2, ctx.tr("documents.report.outcomes"))
    adopted = outcomes[outcomes["adopted_by"].fillna("") != ""]
    if adopted.empty:
        doc.paragraph(ctx.tr("documents.report.none_adopted"))
        return
    doc.paragraph(ctx.tr("documents.report.adopted"), keep_with_next=True)
    rows = [
        (i, cut(r.title), ctx.team(r.team_id), ctx.choice("outcome_kind", r.kind), cut(r.adopted_by, 40), ctx.short_day(r.submitted_on))
        for i, r in enumerate(adopted.itertuples(), start=1)
    ]
    header = [ctx.tr(f"documents.col.{c}") for c in ("seq", "outcome", "team", "outcome_kind", "adopted_by", "submitted_on")]
    doc.table(header, rows, [1, 5, 3, 2.8, 2.8, 2], centre=(0, 3, 5))


def _problem_sentence(ctx: Context, problems: dict) -> str:
    median = problems["median_days"]
    return ctx.tr(
        "documents.report.problem_text",
        recorded=problems["recorded"],
        resolved=problems["resolved"],
        resolution=rate_text(problems["resolution"]),
        on_time=rate_text(problems["on_time"]),
        response=rate_text(problems["response"]),
        satisfaction=rate_text(problems["satisfaction"]),
        median="—" if median is None else f"{median:g}",
        overdue=problems["overdue"],
    )


def _problems(doc: OfficialDocument, ctx: Context, categories: pd.DataFrame, examples: dict[str, pd.DataFrame], png: bytes | None) -> None:
    doc.heading(1, ctx.tr("documents.report.found"))
    if categories.empty:
        doc.paragraph(ctx.tr("documents.report.no_problems"))
        return
    common = categories[categories["common"]]
    doc.paragraph(
        ctx.tr("documents.report.found_text", categories=len(categories), common=len(common), sites=ctx.settings["common_min_sites"])
    )
    rows = [
        (ctx.choice("problem_category", r.category), int(r.sites), int(r.problems), ctx.tr("documents.yes") if r.common else "")
        for r in categories.itertuples()
    ]
    header = [ctx.tr(f"documents.col.{c}") for c in ("category", "sites", "problems", "common")]
    doc.table(header, rows, [5, 2.5, 2.5, 2.5], centre=(1, 2, 3))
    ctx.chart(doc, png, ctx.tr("documents.chart.categories"))
    for r in common.itertuples():
        doc.heading(2, ctx.tr("documents.report.category_heading", category=ctx.choice("problem_category", r.category)))
        doc.paragraph(ctx.tr("documents.report.category_text", sites=int(r.sites), problems=int(r.problems)))
        for index, example in enumerate(examples[r.category].itertuples(), start=1):
            doc.paragraph(ctx.tr("documents.report.example", n=index, team=ctx.team(example.team_id), title=cut(example.title)))


def _suggestions(doc: OfficialDocument, ctx: Context, escalated: pd.DataFrame, resolved: set[int], problems: dict) -> None:
    doc.heading(1, ctx.tr("documents.report.suggestions"))
    if escalated.empty:
        doc.paragraph(ctx.tr("documents.report.none_escalated"))
        return
    doc.paragraph(ctx.tr("documents.report.escalated_text", n=len(escalated), rate=rate_text(problems["escalation"])))
    unresolved = escalated[~escalated["id"].isin(resolved)]
    if unresolved.empty:
        doc.paragraph(ctx.tr("documents.report.escalated_all_resolved"))
        return
    doc.paragraph(ctx.tr("documents.report.escalated_open", n=len(unresolved)), keep_with_next=True)
    _escalated_table(doc, ctx, unresolved, resolved)


def _escalated_table(doc: OfficialDocument, ctx: Context, rows: pd.DataFrame, resolved: set[int]) -> None:
    header = [ctx.tr(f"documents.col.{c}") for c in ("seq", "item_problem", "category", "team", "escalated_to", "resolved")]
    values = [
        (
            i,
            cut(r.title),
            ctx.choice("problem_category", r.category),
            ctx.team(r.team_id),
            cut(r.escalated_to, 40),
            ctx.tr("documents.yes") if r.id in resolved else ctx.tr("documents.no"),
        )
        for i, r in enumerate(rows.itertuples(), start=1)
    ]
    doc.table(header, values, [1, 5.6, 2.4, 3, 2.8, 1.4], centre=(0, 2, 5))


def _annexes(
    ctx: Context, assignment: list, by_team: pd.DataFrame, compliance: pd.DataFrame, escalated: pd.DataFrame, resolved: set[int]
) -> list[tuple[str, Callable[[OfficialDocument], None]]]:
    """(catalogue key of its name, what draws it) of each annex, in order."""

    def teams(doc: OfficialDocument) -> None:
        header = [ctx.tr(f"excel.assign.col.{c}") for c in ASSIGNMENT_COLUMNS]
        doc.table(header, assignment, [1.2, 4, 2.2, 2.6, 7], centre=(0, 2, 3))

    def six(doc: OfficialDocument) -> None:
        cells = {(r.team_id, r.metric): f"{int(r.actual)}/{target_text(r.target)}" for r in by_team.itertuples()}
        rows = [(label, *(cells[(team, m)] for m in SIX_METRICS)) for team, label in ctx.labels.items()]
        header = [ctx.tr("documents.col.team"), *(ctx.tr(f"figure.six.{m}") for m in SIX_METRICS)]
        doc.table(header, rows, [3.0] + [2.1] * 6, centre=range(1, 7))
        doc.note(ctx.tr("documents.report.annex_note.six"))

    def ledgers(doc: OfficialDocument) -> None:
        names = ("figure.compliance.daily", "figure.compliance.weekly", "figure.compliance.monthly")
        rows = [(ctx.team(r.team_id), rate_text(r.daily), rate_text(r.weekly), rate_text(r.monthly)) for r in compliance.itertuples()]
        doc.table([ctx.tr("documents.col.team"), *(ctx.tr(n) for n in names)], rows, [4, 3, 3, 3], centre=(1, 2, 3))
        doc.note(ctx.tr("documents.report.annex_note.ledgers", **{n.rsplit(".", 1)[1]: ctx.tr(f"{n}.def") for n in names}))

    annexes = [("teams", teams), ("six", six), ("ledgers", ledgers)]
    if not escalated.empty:
        annexes.append(("escalated", lambda doc: _escalated_table(doc, ctx, escalated, resolved)))
    return [(f"documents.report.annex.{key}", draw) for key, draw in annexes]
