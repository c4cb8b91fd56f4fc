"""One team in full (members with rotation, stationing calendar, six 一批, open items by colour,
latest reports), or all teams side by side when no team is chosen."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access import ledger_store, org
from data_access.choices import MEMBER_CHOICES
from data_access.figures import (
    day_states,
    deadline_items,
    ledger_compliance,
    missing_workdays,
    problem_rates,
    six_by_team,
    six_progress,
    team_lights,
)
from data_access.scope import Scope
from ui.context import actor, tr
from ui.data import figure, lookup, table
from ui.filters import require_scope, selected_team_id
from ui.team_names import team_labels
from ui.widgets import CHART_CONFIG, LIGHT_ICONS, as_text, fraction, localise, percent

STATE_SHADES = {"missing": 0, "off": 1, "recorded": 2}  # red, grey, green on the calendar's scale

the_round, scope = require_scope()
labels = team_labels()


def progress_table(scope: Scope) -> pd.DataFrame:
    """A row a team: light, compliance, six-一批 progress, problems resolved, overdue items, open risks."""
    labels = team_labels()
    lights = figure(team_lights, scope)
    compliance = figure(ledger_compliance, scope).set_index("team_id")
    six = figure(six_progress, scope).set_index("team_id")["progress"]
    resolution = team_resolution(scope)
    shown = pd.DataFrame(
        {
            "team": [labels.get(int(t), t) for t in lights["team_id"]],
            "light": [tr(f"light.{light}") for light in lights["light"]],
            "daily": [
                f"{percent(r)} ({fraction(r)})" + (" *" if small else "") for r, small in zip(lights["daily"], lights["small_denominator"])
            ],
            "weekly": [f"{percent(compliance.loc[t, 'weekly'])}" for t in lights["team_id"]],
            "monthly": [f"{percent(compliance.loc[t, 'monthly'])}" for t in lights["team_id"]],
            "six": [f"{percent(six[t])} ({fraction(six[t])})" for t in lights["team_id"]],
            "resolution": [f"{percent(resolution[t])} ({fraction(resolution[t])})" for t in lights["team_id"]],
            "overdue": lights["overdue"],
            "open_risks": lights["open_risks"],
        }
    )
    return shown.rename(columns=lambda c: tr("figure.six.progress") if c == "six" else tr(f"progress.col.{c}"))


def team_resolution(scope: Scope) -> pd.Series:
    """Each team's problem resolution rate (a Rate) by team id."""
    return figure(problem_rates, scope, "team").set_index("team_id")["resolution"]


def side_by_side() -> None:
    st.header(tr("page.team_progress"))
    six_help = {tr("figure.six.progress"): st.column_config.TextColumn(help=tr("figure.six.progress.def"))}
    st.dataframe(table(progress_table, scope), hide_index=True, width="stretch", column_config=six_help)
    st.caption(tr("progress.small_note"))


def calendar_chart(team_id: int) -> None:
    """Each day of the stationing so far: green with a daily record, red a working day without one."""
    days = figure(day_states, scope, team_id)
    chart = go.Figure(
        go.Heatmap(
            x=days["week"],
            y=days["weekday"],
            z=days["state"].map(STATE_SHADES),
            customdata=days["day"].astype(str),
            colorscale=[[0, "#d93025"], [0.5, "#eeeeee"], [1, "#2e9d4f"]],
            zmin=0,
            zmax=2,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    chart.update_yaxes(tickvals=list(range(1, 8)), ticktext=[tr(f"weekday.{i}") for i in range(1, 8)], autorange="reversed")
    chart.update_xaxes(title=tr("progress.week_no"))
    chart.update_layout(height=240, margin=dict(l=10, r=10, t=10, b=10))
    st.plotly_chart(chart, width="stretch", config=CHART_CONFIG)
    st.caption(tr("progress.calendar_legend", missing=len(figure(missing_workdays, scope, team_id))))


def one_team(team_id: int) -> None:
    st.header(as_text(labels.get(team_id, "")))
    lights = figure(team_lights, scope)
    mine = lights[lights["team_id"] == team_id]
    if not mine.empty:
        row = mine.iloc[0]
        st.markdown(
            f"**{LIGHT_ICONS[row['light']]} " + ("；".join(tr(k, **p) for k, p in row["reasons"]) or tr("light.reason.all_clear")) + "**"
        )
    resolved = team_resolution(scope)[team_id]
    st.markdown(tr("progress.resolution_line", rate=percent(resolved), frac=fraction(resolved)), help=tr("figure.problems.resolution.def"))
    members_tab, calendar_tab, six_tab, items_tab, reports_tab = st.tabs(
        [
            tr("progress.tab.members"),
            tr("progress.tab.calendar"),
            tr("progress.tab.six"),
            tr("progress.tab.items"),
            tr("progress.tab.reports"),
        ]
    )
    with members_tab:
        members = lookup(org.team_members, actor(), team_id)
        shown = members[["name", "role", "department", "origin", "local_org", "joined_on", "left_on"]]
        st.dataframe(localise(shown, MEMBER_CHOICES), hide_index=True, width="stretch", placeholder="—")
    with calendar_tab:
        calendar_chart(team_id)
    with six_tab:
        progress = figure(six_progress, scope).set_index("team_id")["progress"][team_id]
        st.caption(f"{tr('figure.six.progress')}：{percent(progress)} ({fraction(progress)})", help=tr("figure.six.progress.def"))
        six = figure(six_by_team, scope)
        six = six[six["team_id"] == team_id]
        for row in six.itertuples():
            target = row.target or 0
            st.progress(
                min(1.0, row.progress.value or 0.0),
                text=f"{tr(f'figure.six.{row.metric}')}：{row.actual}" + (f" / {target}" if target else ""),
            )
    with items_tab:
        items = figure(deadline_items, scope)
        items = items[(items["team_id"] == team_id) & (items["done"] == 0) & (items["colour"] != "none")]
        shown = items[["colour", "kind", "title", "due"]].copy()
        shown["colour"] = shown["colour"].map(lambda c: tr(f"deadline.colour.{c}"))
        shown["kind"] = shown["kind"].map(lambda k: tr(f"deadline.kind.{k}"))
        if shown.empty:  # an empty table says "empty" in English
            st.caption(tr("progress.no_open_items"))
        else:
            st.dataframe(localise(shown), hide_index=True, width="stretch")
    with reports_tab:
        latest_report(team_id, "weekly", ("week_start", "topic", "work_done", "problems_found", "next_plan"))
        latest_report(team_id, "monthly", ("meeting_date", "attendees", "minutes", "next_plan"))
        latest_report(team_id, "daily", ("work_date", "place", "content"), count=5)


def latest_report(team_id: int, kind: str, fields: tuple[str, ...], count: int = 1) -> None:
    rows = lookup(ledger_store.latest_rows, actor(), kind, team_id, scope.as_of, count)
    st.subheader(tr(f"progress.latest.{kind}"))
    if rows.empty:
        st.caption(tr("progress.none_yet"))
        return
    for row in rows.itertuples():
        with st.container(border=True, gap="small"):
            for name in fields:
                st.markdown(f"**{tr(f'field.{name}')}**")
                st.text(getattr(row, name))  # the member's words as written: never Markdown


team_id = selected_team_id()
if team_id is None:
    side_by_side()
else:
    one_team(team_id)
