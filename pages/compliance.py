"""Ledger compliance: daily records, weekly reports and monthly exchanges against what was due,
with the team × week matrix the office uses to chase gaps."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.figures import calendar_note_for, teams_in_scope
from data_access.figures import compliance as cf
from data_access.scope import Scope
from ui.context import tr
from ui.data import chart, figure, table, view
from ui.filters import require_scope
from ui.team_names import team_labels, with_team_names
from ui.widgets import CHART_CONFIG, lazy_tabs, localise, rows_dialog

MATRIX_TEAMS = 40  # rows of the matrix; with more teams in scope, those with the fewest records

st.header(tr("page.compliance"))
_round, scope = require_scope()
st.caption(tr("compliance.intro"))
note = figure(calendar_note_for, scope)
if note:
    st.warning(tr(note))


def compliance_table(scope: Scope) -> pd.DataFrame:
    shown = localise(with_team_names(figure(cf.ledger_compliance, scope)))
    shown.columns = [tr("field.team"), tr("figure.compliance.daily"), tr("figure.compliance.weekly"), tr("figure.compliance.monthly")]
    return shown


def week_label(week_start: date, start: date, end: date) -> str:
    """The week's days within the stationing, e.g. "07-12～07-18": a column label, never a date."""
    first, last = max(week_start, start), min(week_start + timedelta(days=6), end)
    return f"{first:%m-%d}" if first == last else f"{first:%m-%d}～{last:%m-%d}"


def matrix_chart(scope: Scope, start: date, end: date) -> tuple[go.Figure | None, dict[str, date], tuple[int, ...], int]:
    """The team × week heatmap (None before the stationing starts), a column a week of the
    stationing so far; its weeks by label, its teams from the top, and how many teams the scope
    holds (the matrix shows the MATRIX_TEAMS with the fewest records)."""
    fewest = figure(cf.fewest_records, scope, MATRIX_TEAMS)
    matrix = figure(cf.daily_week_matrix, replace(scope, team_ids=tuple(int(t) for t in fewest["team_id"])))
    if matrix.empty:
        return None, {}, (), 0
    labels = team_labels()
    weeks = {week_label(w, start, end): w for w in dict.fromkeys(matrix["week_start"])}
    by_week = {w: label for label, w in weeks.items()}
    teams = tuple(dict.fromkeys(int(t) for t in matrix["team_id"]))
    x = [by_week[w] for w in matrix["week_start"]]
    y = [labels.get(int(t), t) for t in matrix["team_id"]]
    text = [f"{n}/{e}" for n, e in zip(matrix["with_record"], matrix["expected"])]
    heat = go.Figure(
        go.Heatmap(
            x=x,
            y=y,
            z=[n / e if e else None for n, e in zip(matrix["with_record"], matrix["expected"])],
            text=text,
            texttemplate="%{text}",
            colorscale=[[0, "#d93025"], [0.7, "#f2b200"], [1, "#2e9d4f"]],
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            hoverinfo="skip",
            showscale=False,
        )
    )
    # A click selects a point, and a heatmap has none: an invisible marker on each cell takes the click.
    heat.add_scatter(
        x=x,
        y=y,
        text=text,
        mode="markers",
        marker=dict(size=30, opacity=0),
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        showlegend=False,
    )
    heat.update_layout(height=110 + 40 * len(teams), margin=dict(l=10, r=10, t=30, b=10), title=tr("compliance.matrix"))
    # Categories in the weeks' order: plotly reads a label such as "07-12" as a date otherwise. Each
    # label on two lines, level, so that fourteen weeks read on a projector.
    heat.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=list(weeks),
        tickmode="array",
        tickvals=list(weeks),
        ticktext=[label.replace("～", "<br>～") for label in weeks],
        tickangle=0,
        range=[-0.5, len(weeks) - 0.5],  # fixed: the markers' size would pad an automatic range
    )
    heat.update_yaxes(
        type="category", categoryorder="array", categoryarray=[labels.get(t, t) for t in teams], range=[len(teams) - 0.5, -0.5]
    )
    return heat, weeks, teams, len(figure(teams_in_scope, scope))


def status_table(status: Callable, scope: Scope, team_id: int) -> pd.DataFrame:
    """A team's weekly or monthly status, as shown."""
    return figure(status, scope, team_id).rename(columns=lambda c: tr(f"compliance.col.{c}"))


st.dataframe(table(compliance_table, scope), hide_index=True, width="stretch")

heat, weeks, matrix_teams, team_count = chart(matrix_chart, scope, _round.start_date, _round.end_date)
if heat is None:
    st.info(tr("compliance.not_started"))
    st.stop()
labels = team_labels()


def matrix_tab() -> None:
    """The team × week matrix; a click on a cell opens that team's records of that week."""
    if team_count > MATRIX_TEAMS:
        st.caption(tr("compliance.matrix_fewest", n=team_count, shown=MATRIX_TEAMS))
    event = st.plotly_chart(heat, width="stretch", on_select="rerun", selection_mode="points", key="c_heat", config=CHART_CONFIG)
    points = event.selection.points if event else []
    if points:
        by_label = {label: team for team, label in labels.items()}
        team_id, week = by_label.get(points[0]["y"]), weeks.get(points[0]["x"])
        if team_id is not None and week is not None:
            rows_dialog(f"{points[0]['y']} · {points[0]['x']}", localise(figure(cf.daily_rate_rows, scope, team_id, week)))


def missing_text(scope: Scope, team_id: int) -> str:
    missing = figure(cf.missing_workdays, scope, team_id)
    return tr("compliance.missing", n=len(missing)) + ("  \n" + "、".join(d.strftime("%m-%d") for d in missing) if missing else "")


def team_tab() -> None:
    """One team: the working days without a record, its weekly and monthly status, its records."""
    # The matrix's teams: at a country's size, the box lists the teams the office is chasing.
    team_id = st.selectbox(tr("filter.team"), matrix_teams, format_func=labels.get, key="c_team")
    st.caption(view(missing_text, scope, team_id))
    with st.container(horizontal=True):
        st.dataframe(table(status_table, cf.weekly_status, scope, team_id), hide_index=True, width="stretch")
        st.dataframe(table(status_table, cf.monthly_status, scope, team_id), hide_index=True, width="stretch")
    if st.button(tr("compliance.show_records"), icon=":material/table_rows:"):
        rows_dialog(tr("ledger.daily") + " · " + labels.get(team_id, ""), localise(figure(cf.daily_rate_rows, scope, team_id)))


lazy_tabs("c_tab", (("compliance.tab.matrix", matrix_tab), ("compliance.team_detail", team_tab)))
