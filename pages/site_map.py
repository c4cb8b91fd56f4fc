"""Where the teams are: district boundaries shipped with the app (no internet needed), one marker
a site coloured by its team light; a click opens that team."""
import os

import pandas as pd
import streamlit as st

from data_access import org
from data_access.figures import team_lights
from data_access.geo import load_boundaries
from ui.context import engine, tr
from ui.data import figure
from ui.filters import open_team, require_scope
from ui.map_figure import site_map_figure
from ui.widgets import fraction, percent

st.header(tr("page.site_map"))
the_round, scope = require_scope(whole_round=True)

teams = org.teams(engine(), the_round.id, scope.district_codes)
lights = figure(team_lights, scope).set_index("team_id")


def hover(row) -> str:
    light = lights.loc[row.team_id] if row.team_id in lights.index else None
    lines = [f"<b>{row.seq}. {row.site_name}</b>", f"{row.district_name} · {tr('admin.col.leader_name')}：{row.leader_name or '—'}"]
    if light is not None:
        lines.append(f"{tr('figure.compliance.daily')}：{percent(light['daily'])}（{fraction(light['daily'])}）")
        lines.append(tr("map.hover_overdue", n=int(light["overdue"]), risks=int(light["open_risks"])))
    return "<br>".join(lines)


sites = pd.DataFrame(
    {
        "team_id": teams["team_id"],
        "site_name": teams["site_name"],
        "lon": teams["lon"],
        "lat": teams["lat"],
        "light": [lights["light"].get(t, "grey") for t in teams["team_id"]],
        "hover": [hover(r) for r in teams.itertuples()],
    }
)
boundaries = load_boundaries(the_round.region_code)
if boundaries is None:
    st.caption(tr("map.no_boundaries", code=the_round.region_code))
light_names = {k: tr(f"light.{k}") for k in ("green", "yellow", "red", "grey")}
chart = site_map_figure(boundaries, sites, tile_url=os.environ.get("DUNDIAN_TILE_URL") or None, labels=light_names)
event = st.plotly_chart(chart, width="stretch", on_select="rerun", selection_mode="points", key="map", config={"displaylogo": False})
points = [p for p in (event.selection.points if event else []) if p.get("customdata") is not None]
if points:
    open_team(int(points[0]["customdata"]))
st.caption(tr("map.click_hint"))
