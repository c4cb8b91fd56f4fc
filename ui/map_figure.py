"""Site map figure: district outlines and one coloured marker per stationing site.

Offline by default: outlines are plain ``go.Scatter`` lines in lon/lat (no plotly
geo/map trace, which would fetch topojson, tiles or glyphs). Only when the
deployment configures an XYZ raster ``tile_url`` is a ``go.Scattermap`` used.

Click/selection: every site point carries its ``team_id`` as ``customdata``.

Offline, each site is labelled with its name, and sites closer together than two markers on the
screen (a city's centre) push each other apart, each moved one with a thin line back to its true
place: deterministic, so a meeting sees the same map every time.
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
SITE_LABEL_COLOUR = "#1f2328"
LEADER_COLOUR = "#5f6b7a"
MARKER_SIZE = 16
MAX_LABELLED = 40  # more sites than this (a province, the country) would bury the map in names
MAX_SPREAD = 300  # sites set apart pairwise: a national round's 640 are left where they are
MIN_GAP = 0.085  # of the view's larger side: two and a half markers apart on a 420 px map
HEIGHT = 560
MAP_WIDTH = 480  # about the map's column on a projector and a phone's width: its height follows the region's shape
CHINA_BOUNDS = (73.5, 18.0, 135.1, 53.6)  # view when there is nothing to fit
_SITE_COLUMNS = ("team_id", "site_name", "lon", "lat", "light", "hover", "label")


def site_map_figure(
    boundaries: dict | None,
    sites: pd.DataFrame,
    *,
    tile_url: str | None = None,
    labels: dict,
) -> go.Figure:
    """Site map fitted to boundaries + sites.

    sites: columns team_id, site_name, lon, lat, light (green/yellow/red/grey),
    hover (HTML), label (the name written beside the marker; site_name if missing).
    labels: light -> legend label.
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
    df["label"] = df["label"].fillna(df["site_name"]).fillna("").astype(str)
    return df.reset_index(drop=True)


def _spread(sites: pd.DataFrame, bounds: tuple) -> pd.DataFrame:
    """Sites with ``x``, ``y`` where their markers go, and ``angle``, the direction a marker was
    moved in (NaN if it stays): markers closer than MIN_GAP of the view push each other apart, a
    little at a time, until none is (deterministic: the same map at every meeting)."""
    x0, y0, x1, y1 = bounds
    stretch = math.cos(math.radians((y0 + y1) / 2))  # a degree of longitude is this much shorter on the screen
    gap = MIN_GAP * max((x1 - x0) * stretch, y1 - y0)
    home = np.column_stack([sites["lon"].to_numpy(float) * stretch, sites["lat"].to_numpy(float)])
    at = home.copy()
    if 1 < len(sites) <= MAX_SPREAD:
        at = _pushed_apart(at, gap)
    moved = at - home
    far = np.hypot(moved[:, 0], moved[:, 1]) > gap * 0.2
    return sites.assign(x=at[:, 0] / stretch, y=at[:, 1], angle=np.where(far, np.arctan2(moved[:, 1], moved[:, 0]), np.nan))


def _pushed_apart(at: np.ndarray, gap: float, rounds: int = 60) -> np.ndarray:
    """Points moved until no two are closer than ``gap``: each round, every pair too close moves
    apart by half of what it lacks, along the line between them (straight up and down for two on
    the same spot, the first one up)."""
    at = at.copy()
    for _ in range(rounds):
        clear = True
        for i in range(len(at)):
            for j in range(i + 1, len(at)):
                dx, dy = at[j] - at[i]
                distance = math.hypot(dx, dy)
                if distance >= gap:
                    continue
                clear = False
                ux, uy = (dx / distance, dy / distance) if distance > 1e-12 else (0.0, -1.0)
                push = (gap - distance) / 2 * 1.05
                at[i] -= (ux * push, uy * push)
                at[j] += (ux * push, uy * push)
        if clear:
            break
    return at


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
    placed = _spread(sites, bounds)
    moved = placed[placed["angle"].notna()]
    if len(moved):  # a thin line from each marker set apart to where the site is
        fig.add_trace(
            go.Scatter(
                x=[v for r in moved.itertuples() for v in (r.lon, r.x, None)],
                y=[v for r in moved.itertuples() for v in (r.lat, r.y, None)],
                mode="lines",
                line=dict(color=LEADER_COLOUR, width=1),
                hoverinfo="skip",
                showlegend=False,
            )
        )
    labelled = len(placed) <= MAX_LABELLED
    for light, df in _sites_by_light(placed):
        fig.add_trace(
            go.Scatter(
                x=df["x"].to_numpy(float),
                y=df["y"].to_numpy(float),
                marker=dict(size=MARKER_SIZE, color=LIGHT_COLOURS[light], line=dict(width=1.5, color="white")),
                **_site_trace_kwargs(df, light, labels),
                **(_site_labels(df) if labelled else {"mode": "markers"}),
            )
        )
    x0, y0, x1, y1 = bounds
    # 1 degree of latitude is 1/cos(lat) times longer than 1 degree of longitude.
    ratio = 1 / math.cos(math.radians((y0 + y1) / 2))
    # As tall as the region is at the map's usual width: no band of white above and below it.
    height = round(min(HEIGHT, max(320, MAP_WIDTH * (y1 - y0) * ratio / (x1 - x0))))
    fig.update_layout(
        xaxis=dict(visible=False, range=[x0, x1]),
        yaxis=dict(visible=False, range=[y0, y1], scaleanchor="x", scaleratio=ratio),
        **_common_layout(height),
    )
    return fig


def _site_labels(placed: pd.DataFrame) -> dict:
    """A marker trace's text: each site's name beside it, away from the group it was set apart from."""
    return dict(
        mode="markers+text",
        text=placed["label"].tolist(),
        textposition=[_outward(angle) for angle in placed["angle"]],
        textfont=dict(size=13, color=SITE_LABEL_COLOUR, shadow="0 0 3px white, 0 0 2px white"),
    )


def _outward(angle: float) -> str:
    """Where a label goes: right of a site left where it is, on the far side of one moved away."""
    if math.isnan(angle):
        return "middle right"
    if abs(math.cos(angle)) < 0.35:  # above or below the group: the name centred over or under it
        return "top center" if math.sin(angle) > 0 else "bottom center"
    return "middle right" if math.cos(angle) > 0 else "middle left"


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
                mode="markers",
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


def _common_layout(height: int = HEIGHT) -> dict:
    return dict(
        height=height,
        margin=dict(l=0, r=0, t=0, b=0),
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        dragmode="pan",
        showlegend=True,
        legend=dict(orientation="h", x=0, y=0, yanchor="bottom", bgcolor="rgba(255,255,255,0.85)"),
    )
