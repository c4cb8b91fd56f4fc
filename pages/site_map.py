"""Where the teams are: district boundaries shipped with the app (no internet needed), one marker
a site coloured by its team light and labelled with its name; beside it (below on a phone) the
sites with their key figures. A click on a marker or a row opens that team."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access import org
from data_access.config import config
from data_access.figures import problem_rates, team_lights
from data_access.geo import load_boundaries
from data_access.scope import Scope
from ui.context import tr
from ui.data import chart, figure, lookup, view
from ui.filters import open_team, require_scope
from ui.map_figure import site_map_figure
from ui.widgets import CHART_CONFIG, fraction, percent

LIST_COLUMNS = ("site", "light", "daily", "resolution", "overdue", "open_risks")

st.header(tr("page.site_map"))
the_round, scope = require_scope(whole_round=True)


def hover(row, light) -> str:
    lines = [f"<b>{row.seq}. {row.site_name}</b>", f"{row.district_name} · {tr('admin.col.leader_name')}：{row.leader_name or '—'}"]
    if light is not None:
        lines.append(f"{tr('figure.compliance.daily')}：{percent(light.daily)}（{fraction(light.daily)}）")
        lines.append(tr("map.hover_overdue", n=int(light.overdue), risks=int(light.open_risks)))
    return "<br>".join(lines)


def map_chart(scope: Scope, region_code: str, tile_url: str | None) -> tuple[go.Figure, bool]:
    """The map, and whether the region's boundaries are shipped."""
    teams = lookup(org.teams, scope.round_id, scope.district_codes)
    lights = {row.team_id: row for row in figure(team_lights, scope).itertuples()}
    sites = pd.DataFrame(
        {
            "team_id": teams["team_id"],
            "site_name": teams["site_name"],
            "label": [f"{r.seq}. {r.site_name}" for r in teams.itertuples()],
            "lon": teams["lon"],
            "lat": teams["lat"],
            "light": [lights[t].light if t in lights else "grey" for t in teams["team_id"]],
            "hover": [hover(r, lights.get(r.team_id)) for r in teams.itertuples()],
        }
    )
    light_names = {k: tr(f"light.{k}") for k in ("green", "yellow", "red", "grey")}
    boundaries = load_boundaries(region_code)
    return site_map_figure(boundaries, sites, tile_url=tile_url, labels=light_names), boundaries is not None


def site_list(scope: Scope) -> pd.DataFrame:
    """A row a site, in the teams' order: its light and the figures a meeting asks about first."""
    teams = lookup(org.teams, scope.round_id, scope.district_codes)
    lights = figure(team_lights, scope).set_index("team_id")
    resolution = figure(problem_rates, scope, "team").set_index("team_id")["resolution"]
    rows = [
        {
            "team_id": t.team_id,
            "site": f"{t.seq}. {t.site_name}",
            "light": tr(f"light.{lights.loc[t.team_id, 'light']}"),
            "daily": f"{percent(lights.loc[t.team_id, 'daily'])} ({fraction(lights.loc[t.team_id, 'daily'])})",
            "resolution": f"{percent(resolution[t.team_id])} ({fraction(resolution[t.team_id])})",
            "overdue": int(lights.loc[t.team_id, "overdue"]),
            "open_risks": int(lights.loc[t.team_id, "open_risks"]),
        }
        for t in teams.itertuples()
        if t.team_id in lights.index
    ]
    return pd.DataFrame(rows, columns=["team_id", *LIST_COLUMNS]).rename(columns=lambda c: tr(f"map.col.{c}") if c in LIST_COLUMNS else c)


drawn, has_boundaries = chart(map_chart, scope, the_round.region_code, config().tile_url)
if not has_boundaries:
    st.caption(tr("map.no_boundaries", code=the_round.region_code))
listed = view(site_list, scope)
on_map, beside = st.columns([4, 5])  # a phone puts the list below the map
with on_map:
    event = st.plotly_chart(drawn, width="stretch", on_select="rerun", selection_mode="points", key="map", config=CHART_CONFIG)
    st.caption(tr("map.click_hint"))
with beside:
    picked = st.dataframe(
        listed,
        column_order=[tr(f"map.col.{c}") for c in LIST_COLUMNS],  # the team id only tells a click's row
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="map_list",
    )
points = [p for p in (event.selection.points if event else []) if p.get("customdata") is not None]
if points:
    open_team(int(points[0]["customdata"]))
if picked and picked.selection.rows:
    open_team(int(listed["team_id"].iloc[picked.selection.rows[0]]))
