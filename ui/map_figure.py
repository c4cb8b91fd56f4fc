"""Site map figure: district outlines and one coloured marker per stationing site.

Offline by default: outlines are plain ``go.Scatter`` lines in lon/lat (no plotly
geo/map trace, which would fetch topojson, tiles or glyphs). Only when the
deployment configures an XYZ raster ``tile_url`` is a ``go.Scattermap`` used.

Click/selection: every site point carries its ``team_id`` as ``customdata``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from data_access.geo import boundary_bounds, label_points, region_outline_points

LIGHT_COLOURS = {
    "green": "#2e9d4f",
    "yellow": "#f2b200",
    "red": "#d93025",
    "grey": "#9aa0a6",
}
BORDER_COLOUR = "#a3adb8"
LABEL_COLOUR = "#98a2ad"
MARKER_SIZE = 16
HEIGHT = 560
CHINA_BOUNDS = (73.5, 18.0, 135.1, 53.6)  # view when there is nothing to fit
_SITE_COLUMNS = ("team_id", "site_name", "lon", "lat", "light", "hover")


def site_map_figure(
    boundaries: dict | None,
    sites: pd.DataFrame,
    *,
    tile_url: str | None = None,
    labels: dict,
) -> go.Figure:
    """Site map fitted to boundaries + sites.

    sites: columns team_id, site_name, lon, lat, light (green/yellow/red/grey),
    hover (HTML). labels: light -> legend label.
    """
    sites = _clean_sites(sites)
    bounds = _view_bounds(boundaries, sites)
    if tile_url:
        return _tile_figure(boundaries, sites, bounds, tile_url, labels)
    return _offline_figure(boundaries, sites, bounds, labels)


# ------------------------------------------------------------------ data prep


def _clean_sites(sites: pd.DataFrame | None) -> pd.DataFrame:
    """Sites with coordinates only; unknown lights become grey."""
    df = pd.DataFrame(sites if sites is not None else [], copy=True)
    for col in _SITE_COLUMNS:
        if col not in df:
            df[col] = None
    df["lon"] = pd.to_numeric(df["lon"], errors="coerce")
    df["lat"] = pd.to_numeric(df["lat"], errors="coerce")
    df = df.dropna(subset=["lon", "lat"])
    df["light"] = df["light"].where(df["light"].isin(list(LIGHT_COLOURS)), "grey")
    df["hover"] = df["hover"].fillna(df["site_name"]).fillna("").astype(str)
    return df


def _view_bounds(boundaries: dict | None, sites: pd.DataFrame) -> tuple:
    """(min_lon, min_lat, max_lon, max_lat) around boundaries and sites, padded."""
    boxes = [b for b in [boundary_bounds(boundaries)] if b]
    if len(sites):
        boxes.append((sites.lon.min(), sites.lat.min(), sites.lon.max(), sites.lat.max()))
    if not boxes:
        return CHINA_BOUNDS
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_x = max((x1 - x0) * 0.04, 0.02)
    pad_y = max((y1 - y0) * 0.04, 0.02)
    return float(x0 - pad_x), float(y0 - pad_y), float(x1 + pad_x), float(y1 + pad_y)


def _outline(boundaries) -> tuple[np.ndarray, np.ndarray]:
    """The outline as float arrays, a ring break as NaN: plotly copies and encodes an array in one
    step, where a national outline as lists costs it 25,000 steps at every run of the page. Single
    precision (seven digits, about a metre here) halves the two thirds of the national map's text
    that are its outline, sent to the browser and hashed by Streamlit at every run."""
    lons, lats = region_outline_points(boundaries)
    return np.array(lons, dtype=np.float32), np.array(lats, dtype=np.float32)


def _site_trace_kwargs(df: pd.DataFrame, light: str, labels: dict) -> dict:
    return dict(
        mode="markers",
        name=str(labels.get(light, light)),
        legendgroup=light,
        customdata=df["team_id"].to_numpy(),
        hovertext=df["hover"].tolist(),
        hovertemplate="%{hovertext}<extra></extra>",
    )


def _sites_by_light(sites: pd.DataFrame):
    for light in LIGHT_COLOURS:
        df = sites[sites["light"] == light]
        if len(df):
            yield light, df


# ------------------------------------------------------------ offline figure


def _offline_figure(boundaries, sites, bounds, labels) -> go.Figure:
    fig = go.Figure()
    lons, lats = _outline(boundaries)
    if len(lons):
        fig.add_trace(
            go.Scatter(
                x=lons,
                y=lats,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line=dict(color=BORDER_COLOUR, width=1),
            )
        )
    names = label_points(boundaries)
    if names:
        fig.add_trace(
            go.Scatter(
                x=[n[1] for n in names],
                y=[n[2] for n in names],
                text=[n[0] for n in names],
                mode="text",
                textfont=dict(size=11, color=LABEL_COLOUR),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for light, df in _sites_by_light(sites):
        fig.add_trace(
            go.Scatter(
                x=df["lon"].to_numpy(float),
                y=df["lat"].to_numpy(float),
                marker=dict(size=MARKER_SIZE, color=LIGHT_COLOURS[light], line=dict(width=1.5, color="white")),
                **_site_trace_kwargs(df, light, labels),
            )
        )
    x0, y0, x1, y1 = bounds
    # 1 degree of latitude is 1/cos(lat) times longer than 1 degree of longitude.
    ratio = 1 / math.cos(math.radians((y0 + y1) / 2))
    fig.update_layout(
        xaxis=dict(visible=False, range=[x0, x1]),
        yaxis=dict(visible=False, range=[y0, y1], scaleanchor="x", scaleratio=ratio),
        **_common_layout(),
    )
    return fig


# --------------------------------------------------------------- tile figure


def _tile_figure(boundaries, sites, bounds, tile_url, labels) -> go.Figure:
    fig = go.Figure()
    lons, lats = _outline(boundaries)
    if len(lons):
        fig.add_trace(
            go.Scattermap(
                lon=lons,
                lat=lats,
                mode="lines",
                hoverinfo="skip",
                showlegend=False,
                line=dict(color=BORDER_COLOUR, width=1.5),
            )
        )
    for light, df in _sites_by_light(sites):
        fig.add_trace(
            go.Scattermap(
                lon=df["lon"].to_numpy(float),
                lat=df["lat"].to_numpy(float),
                marker=dict(size=MARKER_SIZE, color=LIGHT_COLOURS[light]),
                **_site_trace_kwargs(df, light, labels),
            )
        )
    x0, y0, x1, y1 = bounds
    fig.update_layout(
        map=dict(
            style="white-bg",
            layers=[dict(sourcetype="raster", source=[tile_url], below="traces")],
            center=dict(lon=(x0 + x1) / 2, lat=(y0 + y1) / 2),
            zoom=_zoom_for(bounds),
        ),
        **_common_layout(),
    )
    return fig


def _zoom_for(bounds: tuple, width_px: int = 800, height_px: int = HEIGHT) -> float:
    """Web-Mercator zoom (512 px world at zoom 0) that fits the bounds."""
    x0, y0, x1, y1 = bounds
    merc = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    zoom_x = math.log2(width_px * 360 / (512 * max(x1 - x0, 1e-6)))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * max(merc(y1) - merc(y0), 1e-6)))
    return round(max(1.0, min(16.0, zoom_x, zoom_y)), 2)


def _common_layout() -> dict:
    return dict(
        height=HEIGHT,
        margin=dict(l=0, r=0, t=0, b=0),
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        dragmode="pan",
        showlegend=True,
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", bgcolor="rgba(255,255,255,0.85)"),
    )
