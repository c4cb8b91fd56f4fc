"""Each site's results across the rounds evaluated so far, and each round at a glance."""
import plotly.graph_objects as go
import streamlit as st

from data_access.evaluation import records
from ui.context import tr
from ui.data import figure
from ui.filters import require_scope

st.header(tr("page.evaluation_compare"))
the_round, _scope = require_scope(whole_round=True)
st.caption(tr("eval.compare_intro"))
history = figure(records.evaluation_history, the_round.year)
if history.empty:
    st.info(tr("eval.compare_none"))
    st.stop()
history["label"] = [f"{y}{tr('eval.provisional_mark') if s != 'closed' else ''}" for y, s in zip(history["year"], history["status"])]

st.subheader(tr("eval.compare_rounds"))
summary = history.groupby(["label", "round_name"], sort=False).agg(teams=("total", "size"), mean=("total", "mean")).reset_index()
bands = history.pivot_table(index="label", columns="band", values="total", aggfunc="size", fill_value=0)
bands = bands[history.groupby("band")["total"].mean().sort_values(ascending=False).index]  # best band first
summary = summary.merge(bands, left_on="label", right_index=True)
summary = summary.rename(columns={"label": tr("field.year"), "round_name": tr("field.name"), "teams": tr("eval.compare_teams"), "mean": tr("eval.compare_mean")})
st.dataframe(summary, hide_index=True, width="stretch", column_config={tr("eval.compare_mean"): st.column_config.NumberColumn(format="%.2f")})

st.subheader(tr("eval.compare_sites"))
cells = history.assign(result=[f"{t:.2f} {b}（{r}）" for t, b, r in zip(history["total"], history["band"], history["rank"])])
table = cells.pivot_table(index="site_name", columns="label", values="result", aggfunc="first").reset_index()
st.dataframe(table.rename(columns={"site_name": tr("field.site_name")}), hide_index=True, width="stretch")

chart = go.Figure()
for site, part in history.groupby("site_name", sort=False):
    chart.add_scatter(x=part["label"], y=part["total"], name=site, mode="lines+markers")
chart.update_layout(
    height=380, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h"),
    yaxis=dict(range=[0, 100], title=tr("field.total")), xaxis=dict(type="category", title=tr("field.year")),
)
st.plotly_chart(chart, width="stretch", config={"displaylogo": False})
