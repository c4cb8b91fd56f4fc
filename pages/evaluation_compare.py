"""Each site's results across the rounds evaluated so far, and each round at a glance."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.evaluation import records
from ui.context import tr
from ui.data import chart, figure, table
from ui.evaluation import CHART_EACH_END, charted_teams
from ui.filters import require_scope

st.header(tr("page.evaluation_compare"))
the_round, _scope = require_scope(whole_round=True)
st.caption(tr("eval.compare_intro"))


def labelled_history(year: int) -> pd.DataFrame:
    history = figure(records.evaluation_history, year)
    return history.assign(
        label=[f"{y}{tr('eval.provisional_mark') if s != 'closed' else ''}" for y, s in zip(history["year"], history["status"])]
    )


def round_summary(year: int) -> pd.DataFrame:
    """Per round: teams, mean total and teams per band (best band first)."""
    history = labelled_history(year)
    summary = history.groupby(["label", "round_name"], sort=False).agg(teams=("total", "size"), mean=("total", "mean")).reset_index()
    bands = history.pivot_table(index="label", columns="band", values="total", aggfunc="size", fill_value=0)
    bands = bands[history.groupby("band")["total"].mean().sort_values(ascending=False).index]
    summary = summary.merge(bands, left_on="label", right_index=True)
    return summary.rename(
        columns={
            "label": tr("field.year"),
            "round_name": tr("field.name"),
            "teams": tr("eval.compare_teams"),
            "mean": tr("eval.compare_mean"),
        }
    )


def site_table(year: int) -> pd.DataFrame:
    """A row a site: its total, band and rank in each round."""
    history = labelled_history(year)
    cells = history.assign(result=[f"{t:.2f} {b}（{r}）" for t, b, r in zip(history["total"], history["band"], history["rank"])])
    grid = cells.pivot_table(index="site_name", columns="label", values="result", aggfunc="first").reset_index()
    return grid.rename(columns={"site_name": tr("field.site_name")})


def site_lines(year: int) -> tuple[go.Figure, int]:
    """A line a site across the rounds, and the number of teams of the newest round: above
    2 × CHART_EACH_END only its best and last are drawn, since a line a site reads for a few dozen."""
    history = labelled_history(year)
    newest = history[history["label"] == history["label"].iloc[-1]].sort_values("rank")
    charted = charted_teams(newest)
    shown = history if len(charted) == len(newest) else history[history["site_name"].isin(charted["site_name"])]
    drawn = go.Figure()
    for site, part in shown.groupby("site_name", sort=False):
        drawn.add_scatter(x=part["label"], y=part["total"], name=site, mode="lines+markers")
    drawn.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h"),
        yaxis=dict(range=[0, 100], title=tr("field.total")),
        xaxis=dict(type="category", title=tr("field.year")),
    )
    return drawn, len(newest)


if figure(records.evaluation_history, the_round.year).empty:
    st.info(tr("eval.compare_none"))
    st.stop()
st.subheader(tr("eval.compare_rounds"))
st.dataframe(
    table(round_summary, the_round.year),
    hide_index=True,
    width="stretch",
    column_config={tr("eval.compare_mean"): st.column_config.NumberColumn(format="%.2f")},
)
st.subheader(tr("eval.compare_sites"))
st.dataframe(table(site_table, the_round.year), hide_index=True, width="stretch")
lines, newest_teams = chart(site_lines, the_round.year)
if newest_teams > 2 * CHART_EACH_END:
    st.caption(tr("eval.compare_chart_ends", n=CHART_EACH_END, total=newest_teams))
st.plotly_chart(lines, width="stretch", config={"displaylogo": False})
