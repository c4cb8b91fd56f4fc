"""The offline site map's labels and how it keeps close markers apart (issue 20 item 5)."""

import math

import pandas as pd

from data_access.geo import load_boundaries
from ui.map_figure import MIN_GAP, site_map_figure

LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "无数据"}


def sites(points: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "team_id": list(range(1, len(points) + 1)),
            "site_name": [f"站点{i}" for i in range(1, len(points) + 1)],
            "label": [f"{i}. 站点{i}" for i in range(1, len(points) + 1)],
            "lon": [p[0] for p in points],
            "lat": [p[1] for p in points],
            "light": ["green", "yellow", "red", "grey", "green"][: len(points)],
            "hover": [""] * len(points),
        }
    )


def markers(fig) -> dict[int, tuple[float, float, str]]:
    """Where each team's marker is drawn, and the text beside it."""
    out = {}
    for trace in fig.data:
        if trace.mode and "markers" in trace.mode:
            for team, x, y, text in zip(trace.customdata, trace.x, trace.y, trace.text):
                out[int(team)] = (float(x), float(y), text)
    return out


def test_four_sites_in_the_city_centre_are_drawn_apart_and_a_far_one_stays_where_it_is():
    centre = [(114.51, 38.04), (114.512, 38.041), (114.509, 38.043), (114.514, 38.039)]
    far = (114.57, 38.42)
    fig = site_map_figure(load_boundaries("130100"), sites([*centre, far]), labels=LABELS)
    drawn = markers(fig)
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    stretch = math.cos(math.radians((y0 + y1) / 2))
    gap = MIN_GAP * max((x1 - x0) * stretch, y1 - y0)
    for a in range(1, 5):
        for b in range(a + 1, 5):
            (xa, ya, _), (xb, yb, _) = drawn[a], drawn[b]
            assert math.hypot((xa - xb) * stretch, ya - yb) >= gap * 0.99, (a, b)
    assert drawn[5][:2] == far  # nothing near it: left in place
    lines = [t for t in fig.data if t.mode == "lines" and t.line.color != "#a3adb8"]
    assert len(lines) == 1 and sum(v is None for v in lines[0].x) == 4  # a line back from each moved marker


def test_every_site_is_labelled_with_its_number_and_name():
    fig = site_map_figure(load_boundaries("130100"), sites([(114.3, 37.9), (114.9, 38.3)]), labels=LABELS)
    assert {text for _x, _y, text in markers(fig).values()} == {"1. 站点1", "2. 站点2"}


def test_the_map_is_as_tall_as_the_region_is_at_its_usual_width():
    city = site_map_figure(load_boundaries("130100"), sites([(114.5, 38.0)]), labels=LABELS)
    x0, x1 = city.layout.xaxis.range
    y0, y1 = city.layout.yaxis.range
    shape = (y1 - y0) / ((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)))  # height over width on the screen
    assert abs(city.layout.height - 480 * shape) <= 1
