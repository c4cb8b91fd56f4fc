"""Where the teams are: district boundaries shipped with the app (no internet needed), one marker
a site coloured by its team light; a click opens that team."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access import org
from data_access.config import config
from data_access.figures import team_lights
from data_access.geo import load_boundaries
from data_access.scope import Scope
from ui.context import tr
from ui.data import chart, figure, lookup
from ui.filters import open_team, require_scope
from ui.map_figure import site_map_figure
from ui.widgets import fraction, percent

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
            "lon": teams["lon"],
            "lat": teams["lat"],
            "light": [lights[t].light if t in lights else "grey" for t in teams["team_id"]],
            "hover": [hover(r, lights.get(r.team_id)) for r in teams.itertuples()],
        }
    )
    light_names = {k: tr(f"light.{k}") for k in ("green", "yellow", "red", "grey")}
    boundaries = load_boundaries(region_code)
    return site_map_figure(boundaries, sites, tile_url=tile_url, labels=light_names), boundaries is not None


drawn, has_boundaries = chart(map_chart, scope, the_round.region_code, config().tile_url)
if not has_boundaries:
    st.caption(tr("map.no_boundaries", code=the_round.region_code))
event = st.plotly_chart(drawn, width="stretch", on_select="rerun", selection_mode="points", key="map", config={"displaylogo": False})
points = [p for p in (event.selection.points if event else []) if p.get("customdata") is not None]
if points:
    open_team(int(points[0]["customdata"]))
st.caption(tr("map.click_hint"))
