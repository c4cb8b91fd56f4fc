"""The meeting briefing (会议材料): the round as the overview shows it on a day, on paper for the
leadership group's meeting (seed 001 §4(4) 汇报会)."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from data_access import logs, org
from data_access.activity import changes_since
from data_access.auth import Actor
from data_access.db import read_session
from data_access.documents import charts
from data_access.documents.common import Context, context, cut, days_overdue, percent, rate_text, require_documents, target_text
from data_access.documents.layout import OfficialDocument
from data_access.figures import deadline_items, open_risk_rows, six_round, team_lights
from data_access.scope import Scope
from i18n import DEFAULT_LANGUAGE

MOST_OVERDUE = 10  # as many as the overview's list of the most overdue


@logs.exported("briefing")
def briefing(engine: Engine, actor: Actor, scope: Scope, since: date, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The briefing for ``scope`` as of its day, with what changed in the ledgers since ``since``."""
    require_documents(actor)
    with read_session(engine) as session:
        ctx = context(session, scope, lang)
        six = six_round(session, scope)
        lights = team_lights(session, scope, ctx.settings)
        overdue = deadline_items(session, scope, None, ("red",), ctx.settings)
        phase_colours = deadline_items(session, scope, ("phase",), None, ctx.settings)
        risks = open_risk_rows(session, scope)
        changes = changes_since(session, scope, since)
    phases = org.phases(engine, scope.round_id)
    colours = dict(zip(phase_colours["id"], phase_colours["colour"]))
    pngs = ctx.chart_pngs(
        [
            charts.phases_chart(phases, colours, scope.as_of, lang),
            charts.six_chart(six, lang),
            charts.lights_chart(lights, ctx.labels, ctx.settings, lang),
        ],
        [300, charts.HEIGHT, charts.lights_height(len(lights))],
    )
    doc = ctx.new_document()
    doc.title(ctx.tr("documents.briefing.title", activity=ctx.activity))
    doc.centred(ctx.tr("documents.subtitle_doc" if ctx.doc_number else "documents.subtitle", doc=ctx.doc_number, day=ctx.day(scope.as_of)))
    _progress(doc, ctx, phases, colours, pngs[0])
    _six(doc, ctx, six, pngs[1])
    _lights(doc, ctx, lights, pngs[2])
    _overdue(doc, ctx, overdue)
    _risks(doc, ctx, risks)
    _changes(doc, ctx, changes, since)
    doc.signature(ctx.tr("documents.office", federation=ctx.federation), ctx.day(scope.as_of))
    return doc.to_bytes()


def _progress(doc: OfficialDocument, ctx: Context, phases: pd.DataFrame, colours: dict, png: bytes | None) -> None:
    doc.heading(1, ctx.tr("documents.briefing.progress"))
    as_of = ctx.scope.as_of
    params = {"teams": len(ctx.labels), "start": ctx.day(ctx.start), "end": ctx.day(ctx.end), "day": ctx.day(as_of)}
    if not ctx.started:
        doc.paragraph(ctx.tr("documents.stationing.not_started", **params))
    elif as_of >= ctx.end:
        doc.paragraph(ctx.tr("documents.stationing.ended", **params))
    else:
        total, elapsed = (ctx.end - ctx.start).days + 1, (as_of - ctx.start).days + 1
        doc.paragraph(ctx.tr("documents.stationing.running", total=total, elapsed=elapsed, **params))
    if phases.empty:
        doc.paragraph(ctx.tr("documents.briefing.no_phases"))
        return
    rows = [
        (
            ctx.tr(f"choice.phase_kind.{p.kind}"),
            ctx.short_day(p.start_date),
            ctx.short_day(p.deadline),
            _phase_state(ctx, p, colours.get(p.id)),
        )
        for p in phases.itertuples()
    ]
    header = [ctx.tr(f"documents.col.{c}") for c in ("phase", "start", "deadline", "state")]
    doc.table(header, rows, [3.4, 2.8, 2.8, 4.2], centre=(1, 2, 3))
    ctx.chart(doc, png, ctx.tr("documents.chart.phases"))


def _phase_state(ctx: Context, phase, colour: str | None) -> str:
    as_of = ctx.scope.as_of
    if phase.completed_on is not None and not pd.isna(phase.completed_on) and phase.completed_on <= as_of:
        return ctx.tr("documents.phase.done", day=ctx.short_day(phase.completed_on))
    if colour == "red":
        return ctx.tr("documents.phase.overdue", days=days_overdue(as_of, phase.deadline))
    if phase.start_date > as_of:
        return ctx.tr("documents.phase.not_started")
    return ctx.tr("documents.phase.due_soon" if colour == "blue" else "documents.phase.running")


def six_table(ctx: Context, six: pd.DataFrame) -> tuple[list[str], list[tuple]]:
    """The six 一批 against their targets, as the overview's tiles show them."""
    header = [ctx.tr(f"documents.col.{c}") for c in ("metric", "actual", "target", "progress")]
    rows = [
        (ctx.tr(f"figure.six.{r.metric}"), int(r.actual), target_text(r.target), percent(r.progress) if not pd.isna(r.target) else "—")
        for r in six.itertuples()
    ]
    return header, rows


def _six(doc: OfficialDocument, ctx: Context, six: pd.DataFrame, png: bytes | None) -> None:
    doc.heading(1, ctx.tr("documents.six"))
    doc.paragraph(six_sentence(ctx, six))
    header, rows = six_table(ctx, six)
    doc.table(header, rows, [4, 2.5, 2.5, 2.5], centre=(1, 2, 3))
    ctx.chart(doc, png, ctx.tr("documents.chart.six"))


def six_sentence(ctx: Context, six: pd.DataFrame) -> str:
    parts = [
        ctx.tr(
            "documents.six.part",
            name=ctx.tr(f"figure.six.{r.metric}"),
            actual=int(r.actual),
            target=int(r.target),
            rate=percent(r.progress),
        )
        if not pd.isna(r.target)
        else ctx.tr("documents.six.part_no_target", name=ctx.tr(f"figure.six.{r.metric}"), actual=int(r.actual))
        for r in six.itertuples()
    ]
    return ctx.tr("documents.six.sentence", day=ctx.day(ctx.scope.as_of), parts=ctx.tr("documents.list_separator").join(parts))


def _lights(doc: OfficialDocument, ctx: Context, lights: pd.DataFrame, png: bytes | None) -> None:
    doc.heading(1, ctx.tr("documents.briefing.lights"))
    counts = lights["light"].value_counts()
    shares = {light: int(counts.get(light, 0)) for light in ("green", "yellow", "red")}
    doc.paragraph(ctx.tr("documents.lights.sentence", n=len(lights), **shares), keep_with_next=True)
    rows = [
        (
            ctx.team(r.team_id),
            ctx.tr(f"light.{r.light}"),
            rate_text(r.daily) + (" *" if r.small_denominator else ""),
            int(r.overdue),
            int(r.open_risks),
            ctx.reasons(r.reasons),
        )
        for r in lights.itertuples()
    ]
    header = [ctx.tr(f"documents.col.{c}") for c in ("team", "light", "daily", "overdue", "open_risks", "reasons")]
    doc.table(header, rows, [3.6, 1.2, 3.8, 1.2, 1.5, 4.3], centre=(1, 2, 3, 4))
    doc.note(ctx.tr("documents.lights.note", rule=ctx.tr("figure.light.team.def"), min=ctx.settings["min_denominator"]))
    if ctx.started and len(lights):
        ctx.chart(doc, png, ctx.tr("documents.chart.lights"))


def _overdue(doc: OfficialDocument, ctx: Context, overdue: pd.DataFrame) -> None:
    doc.heading(1, ctx.tr("documents.briefing.overdue"))
    if overdue.empty:
        doc.paragraph(ctx.tr("documents.overdue.none", day=ctx.day(ctx.scope.as_of)))
        return
    oldest = overdue.head(MOST_OVERDUE)  # deadline_items lists the overdue by due date, oldest first
    doc.paragraph(ctx.tr("documents.overdue.sentence", n=len(overdue), top=len(oldest)), keep_with_next=True)
    rows = [
        (
            index,
            ctx.tr(f"deadline.kind.{r.kind}"),
            ctx.team(r.team_id) if not pd.isna(r.team_id) else ctx.tr("documents.whole_round"),
            _item_title(ctx, r),
            ctx.short_day(r.due),
            days_overdue(ctx.scope.as_of, r.due),
        )
        for index, r in enumerate(oldest.itertuples(), start=1)
    ]
    header = [ctx.tr(f"documents.col.{c}") for c in ("seq", "kind", "team", "item", "due", "days_overdue")]
    doc.table(header, rows, [1, 1.6, 3.4, 6.2, 2.2, 1.6], centre=(0, 1, 4, 5))


def _item_title(ctx: Context, item) -> str:
    """A phase is named by its kind; the other items by their own text."""
    return ctx.tr(f"choice.phase_kind.{item.title}") if item.kind == "phase" else cut(item.title)


def _risks(doc: OfficialDocument, ctx: Context, risks: pd.DataFrame) -> None:
    doc.heading(1, ctx.tr("documents.briefing.risks"))
    if risks.empty:
        doc.paragraph(ctx.tr("documents.risks.none", day=ctx.day(ctx.scope.as_of)))
        return
    doc.paragraph(ctx.tr("documents.risks.sentence", n=len(risks)), keep_with_next=True)
    rows = [
        (
            ctx.team(r.team_id),
            ctx.short_day(r.found_on),
            ctx.choice("risk_type", r.risk_type),
            cut(r.description),
            ctx.short_day(r.reported_on) or ctx.tr("documents.risks.not_reported"),
            ctx.choice("risk_status", r.status),
        )
        for r in risks.itertuples()
    ]
    header = [ctx.tr(f"documents.col.{c}") for c in ("team", "found_on", "risk_type", "description", "reported_on", "status")]
    doc.table(header, rows, [3, 2.2, 2, 6.4, 2.2, 1.6], centre=(1, 2, 4, 5))


def _changes(doc: OfficialDocument, ctx: Context, changes: pd.DataFrame, since: date) -> None:
    doc.heading(1, ctx.tr("documents.briefing.changes", since=ctx.day(since)))
    changed = changes[(changes["added"] > 0) | (changes["changed"] > 0)]
    if changed.empty:
        doc.paragraph(ctx.tr("documents.changes.none", since=ctx.day(since)))
        return
    doc.paragraph(ctx.tr("documents.changes.sentence", since=ctx.day(since), day=ctx.day(ctx.scope.as_of)), keep_with_next=True)
    rows = [(ctx.tr(f"ledger.{r.kind}"), int(r.added), int(r.changed)) for r in changed.itertuples()]
    doc.table([ctx.tr("overview.col.kind"), ctx.tr("overview.col.added"), ctx.tr("overview.col.changed")], rows, [5, 3, 3], centre=(1, 2))
