"""Ledger compliance: daily records, weekly reports and monthly exchanges against what was due,
with the team × week matrix the office uses to chase gaps."""

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.figures import calendar_note_for
from data_access.figures import compliance as cf
from data_access.scope import Scope
from ui.context import tr
from ui.data import chart, figure, table, view
from ui.filters import require_scope
from ui.team_names import team_labels, with_team_names
from ui.widgets import lazy_tabs, localise, rows_dialog

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


def matrix_chart(scope: Scope) -> tuple[go.Figure | None, dict[str, date], tuple[int, ...], int]:
    """The team × week heatmap (None before the stationing starts), its weeks by label, its teams
    from the top, and how many teams the scope holds (the matrix shows at most MATRIX_TEAMS)."""
    matrix = figure(cf.daily_week_matrix, scope)
    if matrix.empty:
        return None, {}, (), 0
    labels = team_labels()
    teams = matrix.groupby("team_id")[["with_record", "expected"]].sum()
    worst = (teams["with_record"] / teams["expected"].where(teams["expected"] > 0)).fillna(0).nsmallest(MATRIX_TEAMS, keep="first")
    shown = matrix[matrix["team_id"].isin(worst.index)]
    pivot = shown.assign(share=shown["with_record"] / shown["expected"].where(shown["expected"] > 0))
    grid = pivot.pivot(index="team_id", columns="week_start", values="share")
    counts = pivot.assign(text=pivot["with_record"].astype(str) + "/" + pivot["expected"].astype(str)).pivot(
        index="team_id", columns="week_start", values="text"
    )
    heat = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=[d.strftime("%m-%d") for d in grid.columns],
            y=[labels.get(int(t), t) for t in grid.index],
            text=counts.values,
            texttemplate="%{text}",
            colorscale=[[0, "#d93025"], [0.7, "#f2b200"], [1, "#2e9d4f"]],
            zmin=0,
            zmax=1,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            showscale=False,
        )
    )
    heat.update_layout(height=80 + 40 * len(grid), margin=dict(l=10, r=10, t=30, b=10), title=tr("compliance.matrix"))
    heat.update_yaxes(autorange="reversed")
    return heat, {d.strftime("%m-%d"): d for d in grid.columns}, tuple(int(t) for t in grid.index), len(teams)


def status_table(status: Callable, scope: Scope, team_id: int) -> pd.DataFrame:
    """A team's weekly or monthly status, as shown."""
    return figure(status, scope, team_id).rename(columns=lambda c: tr(f"compliance.col.{c}"))


st.dataframe(table(compliance_table, scope), hide_index=True, width="stretch")

heat, weeks, matrix_teams, team_count = chart(matrix_chart, scope)
if heat is None:
    st.info(tr("compliance.not_started"))
    st.stop()
labels = team_labels()


def matrix_tab() -> None:
    """The team × week matrix; a click on a cell opens that team's records of that week."""
    if team_count > MATRIX_TEAMS:
        st.caption(tr("compliance.matrix_fewest", n=team_count, shown=MATRIX_TEAMS))
    event = st.plotly_chart(heat, width="stretch", on_select="rerun", selection_mode="points", key="c_heat", config={"displaylogo": False})
    points = event.selection.points if event else []
    if points:
        by_label = {label: team for team, label in labels.items()}
        team_id, week = by_label.get(points[0]["y"]), weeks.get(points[0]["x"])
        if team_id is not None and week is not None:
            rows_dialog(f"{points[0]['y']} · {points[0]['x']}", localise(figure(cf.daily_rows, scope, team_id, week)))


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
        rows_dialog(tr("ledger.daily") + " · " + labels.get(team_id, ""), localise(figure(cf.daily_rows, scope, team_id)))


lazy_tabs("c_tab", (("compliance.tab.matrix", matrix_tab), ("compliance.team_detail", team_tab)))
