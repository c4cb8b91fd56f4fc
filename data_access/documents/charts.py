"""Charts for documents: plotly figures drawn from the figure functions' frames, rendered to PNG
offline by kaleido in Debian's Chromium (never a downloaded browser; plotly.js from the installed
plotly package; no MathJax, which kaleido would fetch from the internet).

Without a browser the documents are still written, with a line where each chart would be.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import kaleido
import pandas as pd
import plotly.graph_objects as go

from data_access.figures.common import Rate
from i18n import t

CHROMIUM = "/usr/bin/chromium"
FONT = "Noto Sans CJK SC, WenQuanYi Zen Hei, Microsoft YaHei, SimHei, sans-serif"
WIDTH, HEIGHT, SCALE = 820, 420, 2  # CSS pixels, drawn twice as dense: sharp at 15 cm, text as large as a table's
LIGHT_COLOURS = {"green": "#2e9d4f", "yellow": "#f2a900", "red": "#d93025"}
PHASE_COLOURS = {"done": "#2e9d4f", "red": "#d93025", "open": "#8ab4f8"}
TARGET_COLOUR, ACTUAL_COLOUR = "#c9d3e0", "#1f5fa8"

_log = logging.getLogger(__name__)
_one_at_a_time = threading.Lock()  # one Chromium at a time: two documents at once share the cores


def browser_path() -> str | None:
    """``BROWSER_PATH`` (what kaleido's choreographer reads) or Debian's Chromium, if present."""
    path = os.environ.get("BROWSER_PATH") or CHROMIUM
    return path if os.access(path, os.X_OK) else None


def render(figures: Sequence[go.Figure], heights: Sequence[int] | None = None) -> list[bytes] | None:
    """PNG bytes of each figure, in one browser session; None when no browser can draw them."""
    path = browser_path()
    if path is None or not figures:
        return None if path is None else []
    heights = heights or [HEIGHT] * len(figures)
    try:
        with _one_at_a_time, ThreadPoolExecutor(max_workers=1) as pool:
            # A thread of its own: its event loop never meets a caller's (Streamlit runs one).
            return pool.submit(asyncio.run, _render(path, list(figures), list(heights))).result()
    except Exception:  # noqa: BLE001 - any failure of the browser leaves the document without charts
        _log.exception("charts could not be rendered with %s", path)
        return None


async def _render(path: str, figures: list[go.Figure], heights: list[int]) -> list[bytes]:
    async with kaleido.Kaleido(path=path, mathjax=False) as browser:
        return [
            await browser.calc_fig(figure, opts={"format": "png", "width": WIDTH, "height": height, "scale": SCALE})
            for figure, height in zip(figures, heights)
        ]


def _layout(drawn: go.Figure, **extra) -> go.Figure:
    layout = {"font": {"family": FONT, "size": 17, "color": "#222"}, "paper_bgcolor": "white", "plot_bgcolor": "white"}
    drawn.update_layout(**(layout | {"margin": {"l": 10, "r": 30, "t": 20, "b": 10}} | extra))
    drawn.update_xaxes(gridcolor="#e3e3e3", zerolinecolor="#999", automargin=True)
    drawn.update_yaxes(gridcolor="#e3e3e3", automargin=True)
    return drawn


def six_chart(six: pd.DataFrame, lang: str) -> go.Figure:
    """The six 一批: a bar a metric, its share of the target done; the counts written on it."""
    names = [t(f"figure.six.{m}", lang) for m in six["metric"]][::-1]
    shares = [min(r.value, 1.5) * 100 if r.value is not None else 0 for r in six["progress"]][::-1]
    texts = [
        t("documents.chart.six_label", lang, actual=a, target=tg) if not pd.isna(tg) else t("documents.chart.six_no_target", lang, actual=a)
        for a, tg in zip(six["actual"], six["target"])
    ][::-1]
    drawn = go.Figure(go.Bar(y=names, x=shares, orientation="h", marker_color=ACTUAL_COLOUR, text=texts, textposition="outside"))
    drawn.add_vline(x=100, line_color="#d93025", line_dash="dash")
    top = max([100.0, *shares]) * 1.35
    drawn.update_xaxes(range=[0, top], ticksuffix="%", title_text=t("documents.chart.six_axis", lang))
    return _layout(drawn, showlegend=False)


def lights_chart(lights: pd.DataFrame, labels: dict[int, str], settings: dict, lang: str) -> go.Figure:
    """Each team's daily-record compliance, coloured by its light, with the green and red lines."""
    rates: list[Rate] = list(lights["daily"])
    names = [labels.get(int(team), str(team)) for team in lights["team_id"]][::-1]
    values = [(r.value or 0) * 100 for r in rates][::-1]
    colours = [LIGHT_COLOURS[light] for light in lights["light"]][::-1]
    texts = [f"{r.value:.0%}" if r.value is not None else "—" for r in rates][::-1]
    drawn = go.Figure(go.Bar(y=names, x=values, orientation="h", marker_color=colours, text=texts, textposition="outside"))
    for key, colour in (("light_green_compliance", LIGHT_COLOURS["green"]), ("light_red_compliance", LIGHT_COLOURS["red"])):
        drawn.add_vline(x=settings[key] * 100, line_color=colour, line_dash="dash")
    drawn.update_xaxes(range=[0, 112], ticksuffix="%", title_text=t("figure.compliance.daily", lang))
    return _layout(drawn, showlegend=False)


def lights_height(teams: int) -> int:
    return max(260, 60 + 34 * teams)


def phases_chart(phases: pd.DataFrame, colours: dict[int, str], as_of: date, lang: str) -> go.Figure:
    """The round's phases on a time axis: done green, overdue red, the others blue; the day as a line."""
    drawn = go.Figure()
    for phase in phases.itertuples():
        state = "done" if phase.completed_on and phase.completed_on <= as_of else colours.get(phase.id, "open")
        drawn.add_bar(
            y=[t(f"choice.phase_kind.{phase.kind}", lang)],
            x=[((phase.deadline - phase.start_date).days + 1) * 86_400_000],  # milliseconds on a date axis
            base=[phase.start_date.isoformat()],
            orientation="h",
            marker_color=PHASE_COLOURS.get(state, PHASE_COLOURS["open"]),
            showlegend=False,
        )
    drawn.add_vline(x=as_of.isoformat(), line_color="#d93025", line_dash="dash")
    drawn.add_annotation(x=as_of.isoformat(), y=1.06, yref="paper", text=t("overview.today", lang, day=as_of), showarrow=False)
    first = min([*phases["start_date"], as_of]) - timedelta(days=3)
    last = max([*phases["deadline"], as_of]) + timedelta(days=3)
    drawn.update_xaxes(type="date", range=[first.isoformat(), last.isoformat()], tickformat="%m-%d")
    drawn.update_yaxes(autorange="reversed")
    return _layout(drawn, barmode="overlay", margin={"l": 10, "r": 30, "t": 40, "b": 10})


def categories_chart(categories: pd.DataFrame, lang: str) -> go.Figure:
    """Problems recorded per category; the common ones (raised at many sites) in red."""
    names = [t(f"choice.problem_category.{c}", lang) for c in categories["category"]][::-1]
    counts = list(categories["problems"])[::-1]
    colours = ["#d93025" if common else ACTUAL_COLOUR for common in categories["common"]][::-1]
    drawn = go.Figure(go.Bar(y=names, x=counts, orientation="h", marker_color=colours, text=counts, textposition="outside"))
    drawn.update_xaxes(range=[0, max([1, *counts]) * 1.2], title_text=t("figure.problems.recorded", lang))
    return _layout(drawn, showlegend=False)
