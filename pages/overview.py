"""The meeting view: open risks, team lights, six 一批 against targets, the timeline, what is most
overdue and what changed since the last meeting; a presentation mode steps through the teams."""
from dataclasses import replace
from datetime import timedelta

import plotly.graph_objects as go
import streamlit as st

from data_access import activity, ledger_store, org
from data_access.figures import deadline_items, open_risk_rows, six_round, six_rows, team_lights
from data_access.ledger_store import RowEdit, StaleEdit
from data_access.permissions import PermissionDenied, restrict_scope
from ui.context import actor, engine, tr
from ui.data import figure
from ui.filters import open_team, require_scope
from ui.team_names import team_labels, with_team_names
from ui.widgets import LIGHT_ICONS, compact_page, count_metric, fraction, localise, percent

the_round, scope = require_scope(whole_round=True)
labels = team_labels()


def reason_text(reasons) -> str:
    return "；".join(tr(key, **params) for key, params in reasons) or tr("light.reason.all_clear")


def risk_banner() -> None:
    risks = figure(open_risk_rows, scope)
    unacknowledged = risks[risks["acknowledged_by"].fillna("") == ""] if "acknowledged_by" in risks else risks
    for risk in unacknowledged.itertuples():
        text, button = st.columns([6, 1], vertical_alignment="center")
        text.error(tr("overview.risk_banner", team=labels.get(int(risk.team_id), ""), found=risk.found_on, text=risk.description[:80]), icon=":material/warning:")
        if button.button(tr("overview.acknowledge"), key=f"ack_{risk.id}", width="stretch"):
            acknowledge(int(risk.id))


def acknowledge(risk_id: int) -> None:
    row = ledger_store.get_row(engine(), actor(), "risk", risk_id)
    try:
        ledger_store.update_row(engine(), actor(), "risk", RowEdit(risk_id, row["version"], {"acknowledged_by": actor().display_name}))
    except (StaleEdit, PermissionDenied):
        st.toast(tr("overview.acknowledge_failed"))
    st.rerun()


def lights_board() -> None:
    """One card a team: its light, daily records, overdue items and open risks; the reasons on hover."""
    lights = figure(team_lights, scope)
    columns = st.columns(min(7, max(1, len(lights))))
    for index, row in enumerate(lights.itertuples()):
        with columns[index % len(columns)].container(border=True, height="stretch"):
            label = f"{LIGHT_ICONS[row.light]} **{labels.get(int(row.team_id), '')}**"
            if st.button(label, key=f"light_{row.team_id}", type="tertiary", help=reason_text(row.reasons)):
                open_team(int(row.team_id))
            small = " *" if row.small_denominator else ""
            st.caption(
                tr("overview.daily_short", rate=percent(row.daily), frac=fraction(row.daily)) + small + "  \n"
                + tr("overview.card_counts", overdue=row.overdue, risks=row.open_risks)
            )


def six_board() -> None:
    six = figure(six_round, scope)
    columns = st.columns(6)
    for column, row in zip(columns, six.itertuples()):
        caption = tr("overview.target", target=row.target, rate=percent(row.progress)) if row.target else tr("overview.no_target")
        with column:
            count_metric(
                tr(f"figure.six.{row.metric}"),
                row.actual,
                f"six_{row.metric}",
                lambda m=row.metric: localise(with_team_names(figure(six_rows, restrict_scope(actor(), scope), m))),
                caption=caption,
            )


def timeline() -> None:
    phases = org.phases(engine(), the_round.id)
    chart = go.Figure()
    for phase in phases.itertuples():
        chart.add_bar(
            y=[tr(f"choice.phase_kind.{phase.kind}")],
            x=[(phase.deadline - phase.start_date).days + 1],
            base=[phase.start_date.isoformat()],
            orientation="h",
            marker_color="#2e9d4f" if phase.completed_on and phase.completed_on <= scope.as_of else "#8ab4f8",
            hovertemplate=f"{phase.start_date} → {phase.deadline}<extra></extra>",
            showlegend=False,
        )
    chart.update_xaxes(type="date")
    chart.add_vline(x=scope.as_of.isoformat(), line_color="#d93025", line_dash="dash")
    chart.add_annotation(x=scope.as_of.isoformat(), y=1.08, yref="paper", text=tr("overview.today", day=scope.as_of), showarrow=False)
    chart.update_layout(height=210, margin=dict(l=10, r=10, t=30, b=10), barmode="overlay")
    st.plotly_chart(chart, width="stretch", config={"displaylogo": False, "staticPlot": False})


def most_overdue() -> None:
    items = figure(deadline_items, scope, None, ("red",))
    items = items.assign(days_overdue=(scope.as_of - items["due"]).map(lambda d: d.days)).sort_values("days_overdue", ascending=False)
    st.subheader(tr("overview.overdue", n=len(items)))
    shown = items.head(10)[["kind", "team_id", "title", "due", "days_overdue"]].copy()
    shown["kind"] = shown["kind"].map(lambda k: tr(f"deadline.kind.{k}"))
    st.dataframe(localise(with_team_names(shown)), hide_index=True, width="stretch")


def changes() -> None:
    st.subheader(tr("overview.changes"))
    since = st.date_input(tr("overview.since"), value=scope.as_of - timedelta(days=14), key="ov_since")
    table = figure(activity.changes_since, scope, since)
    table = table[(table["added"] > 0) | (table["changed"] > 0)]
    table["kind"] = table["kind"].map(lambda k: tr(f"ledger.{k}"))
    st.dataframe(table.rename(columns=lambda c: tr(f"overview.col.{c}")), hide_index=True, width="stretch")


def presentation() -> None:
    """One team a screen, big, for the meeting's projector; arrows step through the teams."""
    lights = figure(team_lights, scope)
    position = st.session_state.setdefault("present_index", 0) % max(1, len(lights))
    row = lights.iloc[position]
    back, title, forward = st.columns([1, 6, 1], vertical_alignment="center")
    if back.button("◀", key="present_prev", width="stretch"):
        st.session_state["present_index"] = position - 1
        st.rerun()
    if forward.button("▶", key="present_next", width="stretch"):
        st.session_state["present_index"] = position + 1
        st.rerun()
    title.markdown(f"# {LIGHT_ICONS[row['light']]} {labels.get(int(row['team_id']), '')}  ·  {position + 1}/{len(lights)}")
    st.markdown(f"## {reason_text(row['reasons'])}")
    team_scope = replace(scope, team_ids=(int(row["team_id"]),))
    six = figure(six_round, team_scope)
    columns = st.columns(3)
    for index, metric in enumerate(six.itertuples()):
        columns[index % 3].metric(tr(f"figure.six.{metric.metric}"), f"{metric.actual}" + (f" / {metric.target}" if metric.target else ""))
    columns[0].metric(tr("figure.compliance.daily"), percent(row["daily"]), help=fraction(row["daily"]))


compact_page()
header, mode = st.columns([5, 1], vertical_alignment="center")
header.markdown(f"#### {the_round.name}")
header.caption(tr("overview.subtitle", doc=the_round.doc_number, day=scope.as_of))
if mode.toggle(tr("overview.present"), key="present_mode"):
    presentation()
    st.stop()
risk_banner()
lights_board()
six_board()
timeline()
left, right = st.columns([3, 2])
with left:
    most_overdue()
with right:
    changes()
