"""Problem resolution: the rates with their numerators and denominators, by team, category,
individual or common, and over time; the overdue list; common problems to escalate."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.figures import problems as pf
from data_access.ledgers import LEDGERS
from data_access.scope import Scope
from i18n import CATALOGUE
from ui.context import tr
from ui.data import chart, figure, table, view
from ui.filters import require_scope
from ui.team_names import with_team_names
from ui.tiles import Tile
from ui.widgets import CHART_CONFIG, count_tile, date_axis, figure_tiles, lazy_tabs, localise, rate_tile

PROBLEM_CHOICES = LEDGERS["problem"].choice_columns
SHORT_HEADERS = ("overdue", "escalation", "median_days")  # short in the table, to fit 1366 px; the full name on hover

st.header(tr("page.problems"))
_round, scope = require_scope()


def problem_table(scope: Scope, figure_key: str, group: tuple) -> pd.DataFrame:
    """The rows behind a figure as shown: a rate's whole denominator with its numerator's flag."""
    if figure_key in pf.RATES:
        rows = figure(pf.problem_rate_rows, scope, figure_key, **dict(group))
    else:
        rows = figure(pf.problem_rows, scope, figure_key, **dict(group))
    return localise(with_team_names(rows.drop(columns="id")), PROBLEM_CHOICES)


def rows_of(figure_key: str, **group) -> pd.DataFrame:
    return view(problem_table, scope, figure_key, tuple(sorted(group.items())))


def rates_table(scope: Scope, grouping: str) -> pd.DataFrame:
    """The figures by group, as shown; the counts recorded and resolved are the resolution rate's
    denominator and numerator, so the table fits a 1366 px screen without them."""
    rates = figure(pf.problem_rates, scope, grouping).drop(columns=["recorded", "resolved"])
    short = {key: tr(f"problems.col.{key}") for key in SHORT_HEADERS}
    named = rates.rename(columns=lambda c: short.get(c) or (tr(f"figure.problems.{c}") if f"figure.problems.{c}" in CATALOGUE else c))
    return localise(with_team_names(named), {"category": "problem_category", "scope": "problem_scope"})


def common_table(scope: Scope) -> pd.DataFrame:
    return localise(figure(pf.common_categories, scope), {"category": "problem_category"})


def cumulative_chart(scope: Scope) -> go.Figure:
    cumulative = figure(pf.problem_cumulative, scope)
    drawn = go.Figure()
    drawn.add_scatter(x=cumulative["day"], y=cumulative["recorded"], name=tr("figure.problems.recorded"), mode="lines")
    drawn.add_scatter(x=cumulative["day"], y=cumulative["resolved"], name=tr("figure.problems.resolved"), mode="lines")
    date_axis(drawn)
    drawn.update_layout(height=360, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h"))
    return drawn


def group_filter(grouping: str, row) -> dict:
    if grouping == "team":
        return {"team_id": int(row["team_id"])}
    if grouping == "category":
        return {"category": row["category"]}
    return {"problem_scope": row["scope"]}


def summary_tiles(scope: Scope) -> tuple[Tile, ...]:
    summary = figure(pf.problem_summary, scope)
    rates = (
        rate_tile(key, tr(f"figure.problems.{key}"), summary[key], f"figure.problems.{key}.def")
        for key in ("on_time", "response", "escalation", "satisfaction")
    )
    return (
        count_tile("recorded", tr("figure.problems.recorded"), summary["recorded"]),
        rate_tile("resolution", tr("figure.problems.resolution"), summary["resolution"], "figure.problems.resolution.def"),
        count_tile("overdue", tr("figure.problems.overdue"), summary["overdue"], tr("problems.overdue_caption")),
        *rates,
    )


figure_tiles("p_figures", "page.problems", view(summary_tiles, scope), rows_of, min_width_rem=7)  # all seven in a row
median = figure(pf.problem_summary, scope)["median_days"]
st.caption(tr("problems.median", days="—" if median is None or median != median else f"{median:g}"))


def by_group_tab() -> None:
    grouping = (
        st.segmented_control(
            tr("problems.group_by"),
            ["team", "category", "scope"],
            format_func=lambda g: tr(f"problems.by.{g}"),
            default="team",
            key="p_group",
        )
        or "team"
    )
    helps = {tr(f"problems.col.{key}"): tr(f"figure.problems.{key}") for key in SHORT_HEADERS}
    helps[tr("figure.problems.satisfaction")] = tr("figure.problems.satisfaction.def")
    picked = st.dataframe(
        table(rates_table, scope, grouping),
        hide_index=True,
        width="stretch",
        column_config={label: st.column_config.Column(help=text) for label, text in helps.items()},
        on_select="rerun",
        selection_mode="single-row",
        key="p_rates",
    )
    if picked.selection.rows:
        row = figure(pf.problem_rates, scope, grouping).iloc[picked.selection.rows[0]]
        st.subheader(tr("problems.rows_of_group"))
        st.dataframe(rows_of("recorded", **group_filter(grouping, row)), hide_index=True, width="stretch")


def time_tab() -> None:
    st.plotly_chart(chart(cumulative_chart, scope), width="stretch", config=CHART_CONFIG)


def overdue_tab() -> None:
    st.dataframe(table(problem_table, scope, "overdue", ()), hide_index=True, width="stretch")


def common_tab() -> None:
    st.caption(tr("problems.common_caption"))
    st.dataframe(table(common_table, scope), hide_index=True, width="stretch")


TABS = (
    ("problems.tab.by", by_group_tab),
    ("problems.tab.time", time_tab),
    ("problems.tab.overdue", overdue_tab),
    ("problems.tab.common", common_tab),
)
lazy_tabs("p_tab", TABS)
