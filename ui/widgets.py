"""Shared display pieces: a rate with its numerator and denominator, drill-down dialogs, lights."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from data_access.calendar import local_time
from data_access.figures.common import Rate, SatisfactionRate
from i18n import CATALOGUE, choice_label
from ui.context import lang, tr
from ui.tiles import Tile, tile_board

LIST_ROWS = 200  # rows of a list; beyond, a search narrows them (a phone shows a few dozen)

# Coloured dots in Streamlit markdown: no emoji font needed on an intranet machine.
LIGHT_ICONS = {"green": ":green[●]", "yellow": ":orange[●]", "red": ":red[●]", "grey": ":gray[●]"}


def compact_page() -> None:
    """Less empty space above the content (just clear of the toolbar), so the meeting view fits a 1366×768 projector."""
    st.html("<style>.block-container{padding-top:3.6rem;padding-bottom:1rem}</style>")


def percent(rate: Rate) -> str:
    return "—" if rate.value is None else f"{rate.value:.0%}"


def fraction(rate: Rate) -> str:
    """The numerator over the denominator; satisfaction's weighted numerator as the counts it is
    made of ("49 + 22×0.9 / 78"), which a reader can check."""
    if isinstance(rate, SatisfactionRate):
        return f"{rate.satisfied} + {rate.basic}×{rate.weight:g} / {rate.den}"
    return f"{rate.num:g} / {rate.den}"


def fraction_in_words(rate: Rate) -> str:
    """``fraction``, with satisfaction's counts named, where there is room (a tile)."""
    if isinstance(rate, SatisfactionRate):
        return tr("figure.problems.satisfaction.parts", satisfied=rate.satisfied, basic=rate.basic, weight=f"{rate.weight:g}", den=rate.den)
    return fraction(rate)


def local_time_text(value) -> str:
    """A stored time as the federation reads it: its local date and time to the minute."""
    if value is None or pd.isna(value):
        return "—"
    return local_time(pd.Timestamp(value).to_pydatetime()).strftime("%Y-%m-%d %H:%M")


@st.dialog(" ", width="large")
def rows_dialog(title: str, frame: pd.DataFrame) -> None:
    """The rows behind a figure; their database ids mean nothing to a reader."""
    st.subheader(title)
    st.caption(tr("grid.count", n=len(frame)))
    st.dataframe(frame.drop(columns="id", errors="ignore"), hide_index=True, width="stretch")


def rate_tile(key: str, label: str, rate: Rate, help_key: str | None = None) -> Tile:
    """A big percentage with its numerator/denominator underneath."""
    return Tile(key, label, percent(rate), fraction_in_words(rate), tr(help_key) if help_key else "")


def count_tile(key: str, label: str, value: int | float | str, caption: str = "", help: str = "") -> Tile:
    return Tile(key, label, f"{value}", caption, help)


def figure_tiles(key: str, name_key: str, tiles: Sequence[Tile], rows: Callable[[str], pd.DataFrame], min_width_rem: float = 8) -> None:
    """Figures as tiles; a click on one opens ``rows(its key)``, the rows that make it up."""
    opened = tile_board(key, tr(name_key), tr("drill.open"), tiles, min_width_rem)
    if opened is not None:
        rows_dialog(next(tile.label for tile in tiles if tile.key == opened), rows(opened))


def lazy_tabs(key: str, tabs: Sequence[tuple[str, Callable[[], None]]]) -> None:
    """Tabs of which only the open one is drawn: ``tabs`` are (label key, draw). A switch of tab
    reruns the page, which costs less than drawing every tab's tables and charts at every run."""
    for tab, (_label, draw) in zip(st.tabs([tr(label) for label, _draw in tabs], key=key, on_change="rerun"), tabs):
        if tab.open:
            with tab:
                draw()


def localise(frame: pd.DataFrame, choices: dict[str, str] | None = None) -> pd.DataFrame:
    """Coded choices to labels and column names to ``field.<name>`` labels, for showing a table."""
    shown = frame.copy()
    for column, choice_set in (choices or {}).items():
        if column in shown:
            shown[column] = shown[column].map(lambda c, s=choice_set: choice_label(s, c, lang()))
    for column in shown.columns:
        if len(shown) and isinstance(shown[column].iloc[0], Rate):
            shown[column] = shown[column].map(lambda r: f"{percent(r)} ({fraction(r)})")
    return shown.rename(columns=lambda c: tr(f"field.{c}") if f"field.{c}" in CATALOGUE else c)


def searched(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """At most LIST_ROWS rows; with more (a country's people), a search box narrows them first."""
    if len(rows) <= LIST_ROWS:
        return rows
    query = st.text_input(tr("list.search"), key=key, placeholder=tr("list.search_hint")).strip()
    if query:
        text = rows.select_dtypes(include=["object", "string"]).astype(str)
        rows = rows[text.apply(lambda column: column.str.contains(query, regex=False)).any(axis=1)]
    st.caption(tr("list.showing", shown=min(len(rows), LIST_ROWS), n=len(rows)))
    return rows.head(LIST_ROWS)
