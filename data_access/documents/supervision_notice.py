"""Supervision notices (督办通知): to a team, its overdue problems, practical things and deliverables
with their deadlines, as the liaison office chases what is late (seed 000 §6.2)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from sqlalchemy.engine import Engine

from data_access import logs
from data_access.auth import Actor
from data_access.db import read_session
from data_access.documents.common import Context, context, cut, days_overdue, require_documents
from data_access.documents.layout import OfficialDocument
from data_access.figures import deadline_items, deliverable_chase_rows, open_risk_counts, team_lights
from data_access.figures.deadlines import TEAM_KINDS
from data_access.scope import Scope
from i18n import DEFAULT_LANGUAGE


@logs.exported("supervision_notice")
def supervision_notice(engine: Engine, actor: Actor, scope: Scope, team_id: int | None = None, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """One team's notice, or with ``team_id`` None one a page for every team in scope with
    something overdue (a page saying there is none when no team has)."""
    require_documents(actor)
    if team_id is not None:
        scope = replace(scope, team_ids=(team_id,))
    with read_session(engine) as session:
        ctx = context(session, scope, lang)
        overdue = deadline_items(session, scope, TEAM_KINDS, ("red",), ctx.settings)
        to_chase = deliverable_chase_rows(session, scope, settings=ctx.settings)
        lights = team_lights(session, scope, ctx.settings).set_index("team_id")
        risks = open_risk_counts(session, scope)
    if team_id is not None and team_id not in ctx.labels:
        raise LookupError(f"team {team_id} is not in round {scope.round_id}")
    # An overdue deliverable is missing or returned: the notice says which.
    statuses = {(int(r.team_id), int(r.deliverable_id)): r.status for r in to_chase.itertuples()}
    teams = [team_id] if team_id is not None else [t for t in ctx.labels if (overdue["team_id"] == t).any()]
    doc = ctx.new_document()
    if not teams:
        _nothing_overdue(doc, ctx)
    for index, team in enumerate(teams):
        if index:
            doc.new_letter()
        items = overdue[overdue["team_id"] == team]
        _notice(
            doc,
            ctx,
            ctx.sites.get(team, ctx.team(team)),
            items.assign(status=[statuses.get((team, int(i)), "") for i in items["id"]]),
            lights.loc[team] if team in lights.index else None,
            risks.get(team, 0),
        )
    return doc.to_bytes()


def _nothing_overdue(doc: OfficialDocument, ctx: Context) -> None:
    doc.title(ctx.tr("documents.notice.title"))
    doc.centred(ctx.tr("documents.subtitle", day=ctx.day(ctx.scope.as_of)))
    doc.paragraph(ctx.tr("documents.notice.none_all", day=ctx.day(ctx.scope.as_of)))
    doc.signature(ctx.tr("documents.office", federation=ctx.federation), ctx.day(ctx.scope.as_of))


def _notice(doc: OfficialDocument, ctx: Context, site: str, items: pd.DataFrame, light, open_risks: int) -> None:
    day = ctx.day(ctx.scope.as_of)
    doc.title(ctx.tr("documents.notice.title"))
    doc.centred(ctx.tr("documents.subtitle_doc" if ctx.doc_number else "documents.subtitle", doc=ctx.doc_number, day=day))
    doc.addressee(ctx.tr("documents.notice.addressee", site=site))
    if items.empty:
        doc.paragraph(ctx.tr("documents.notice.none", round=ctx.round_name, day=day))
    else:
        doc.paragraph(ctx.tr("documents.notice.opening", round=ctx.round_name, day=day, n=len(items)))
    if light is not None:
        doc.paragraph(ctx.tr("documents.notice.light", light=ctx.tr(f"light.{light['light']}"), reasons=ctx.reasons(light["reasons"])))
    for kind in TEAM_KINDS:
        of_kind = items[items["kind"] == kind]
        if of_kind.empty:
            continue
        doc.heading(1, ctx.tr(f"documents.notice.section.{kind}", n=len(of_kind)))
        # A deliverable is due from the round's start: in place of a start, whether it is missing or returned.
        with_start = kind != "deliverable"
        rows = [
            (
                i,
                cut(r.title),
                ctx.short_day(r.start) if with_start else ctx.tr(f"deliverables.status.{r.status}"),
                ctx.short_day(r.due),
                days_overdue(ctx.scope.as_of, r.due),
            )
            for i, r in enumerate(of_kind.itertuples(), start=1)
        ]
        columns = ("seq", f"item_{kind}", f"start_{kind}" if with_start else "status_deliverable", "due", "days_overdue")
        widths = (1, 8.4, 2.2, 2.2, 1.6)
        doc.table([ctx.tr(f"documents.col.{c}") for c in columns], rows, widths, centre=(0, *range(2, len(columns))))
    if open_risks:
        doc.paragraph(ctx.tr("documents.notice.risks", n=open_risks))
    if not items.empty:
        doc.paragraph(ctx.tr("documents.notice.request"))
    doc.signature(ctx.tr("documents.office", federation=ctx.federation), day)
