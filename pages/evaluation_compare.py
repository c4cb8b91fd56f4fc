"""Each site's results across the rounds evaluated so far, and each round at a glance."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.evaluation import records
from ui.context import tr
from ui.data import chart, figure, table
from ui.evaluation import CHART_EACH_END, charted_teams
from ui.filters import require_scope
from ui.widgets import CHART_CONFIG

st.header(tr("page.evaluation_compare"))
the_round, _scope = require_scope(whole_round=True)
st.caption(tr("eval.compare_intro"))


def round_labels(year: int) -> dict[int, str]:
    """Each evaluated round's column label: its year, marked while its evaluation is open."""
    summary, _sites = figure(records.round_comparison, year)
    return {
        int(r): f"{y}{tr('eval.provisional_mark') if s != 'closed' else ''}"
        for r, y, s in zip(summary["round_id"], summary["year"], summary["status"])
    }


def round_summary(year: int) -> pd.DataFrame:
    """Per round: teams, mean total and teams per band (best band first)."""
    summary, _sites = figure(records.round_comparison, year)
    summary["round_id"] = summary["round_id"].map(round_labels(year))
    return summary.drop(columns=["year", "status"]).rename(
        columns={
            "round_id": tr("field.year"),
            "round_name": tr("field.name"),
            "teams": tr("eval.compare_teams"),
            "mean": tr("eval.compare_mean"),
        }
    )


def site_table(year: int) -> pd.DataFrame:
    """A row a site: its total, band and rank in each round."""
    grid = figure(records.round_comparison, year)[1].drop(columns="site_id")
    labels = round_labels(year)
    for round_id in labels:
        grid[round_id] = [f"{r.total:.2f} {r.band}（{r.rank}）" if r else "" for r in grid[round_id]]
    return grid.rename(columns={"site_name": tr("field.site_name"), **labels})


def site_lines(year: int) -> tuple[go.Figure, int]:
    """A line a site across the rounds, and the number of teams of the newest round: above
    2 × CHART_EACH_END only its best and last are drawn, since a line a site reads for a few dozen."""
    _summary, grid = figure(records.round_comparison, year)
    labels = round_labels(year)
    newest = grid[grid[list(labels)[-1]].notna()]  # by the newest round's rank
    charted = charted_teams(newest)
    shown = grid if len(charted) == len(newest) else charted
    drawn = go.Figure()
    for _index, site in shown.iterrows():
        results = [(label, site[r]) for r, label in labels.items() if site[r] is not None]
        drawn.add_scatter(x=[label for label, _ in results], y=[r.total for _, r in results], name=site["site_name"], mode="lines+markers")
    drawn.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h"),
        yaxis=dict(range=[0, 100], title=tr("field.total")),
        xaxis=dict(type="category", categoryorder="array", categoryarray=list(labels.values()), title=tr("field.year")),
    )
    return drawn, len(newest)


if figure(records.round_comparison, the_round.year)[0].empty:
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
st.plotly_chart(lines, width="stretch", config=CHART_CONFIG)
