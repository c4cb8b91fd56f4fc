"""Shared display pieces: a rate with its numerator and denominator, drill-down dialogs, lights."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from data_access.calendar import in_local_time
from data_access.choices import CHOICES
from data_access.excel.export import table_workbook
from data_access.figures.common import Rate, SatisfactionRate
from i18n import CATALOGUE, choice_label
from ui.context import lang, tr
from ui.tiles import Tile, tile_board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_ROWS = 200  # rows of a list; beyond, a search narrows them (a phone shows a few dozen)

# plotly's toolbar writes its buttons' names in English ("Zoom in", "Download plot as a PNG") whatever
# the page's language, and plotly's translations are a script the intranet may not fetch: no toolbar.
CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}

# Coloured dots in Streamlit markdown: no emoji font needed on an intranet machine.
LIGHT_ICONS = {"green": ":green[●]", "yellow": ":orange[●]", "red": ":red[●]", "grey": ":gray[●]"}


# Characters that start inline Markdown in Streamlit (emphasis, links and images, code, colour and
# icon directives, math, HTML, entities), and block markup at the start of a line.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>!:$~|&])")
_LINE_START_MARKUP = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)


def as_text(value: object) -> str:
    """Users' text (a site, a person, a round, a scheme's name…) for an element that reads
    Markdown (a header, caption, toast, label): every character that could make markup escaped,
    so it shows exactly as typed and never fetches an image or fakes emphasis."""
    text = _INLINE_MARKUP.sub(r"\\\1", str(value))
    return _LINE_START_MARKUP.sub(r"\1\\\2", text)


def compact_page() -> None:
    """Less empty space above the content (just clear of the toolbar), so the meeting view fits a 1366×768 projector."""
    st.html("<style>.block-container{padding-top:3.6rem;padding-bottom:1rem}</style>")


def _css_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a double-quoted string CSS reads as it is


def file_uploader(label: str, key: str, extensions: Sequence[str], kinds: str, max_mb: int | None = None):
    """st.file_uploader with its own words in the interface's language: Streamlit writes "Upload"
    on its button and "20MB per file • XLSX" under it in English whatever the language, so a style
    (nothing fetched) puts the catalogue's words in their place. ``kinds``: the types as a user reads them."""
    mb = max_mb or st.get_option("server.maxUploadSize")
    button = f".st-key-{key} [data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p"
    limit = f".st-key-{key} [data-testid=stFileUploaderDropzoneInstructions] span"
    words = ((button, tr("upload.button")), (limit, tr("upload.limit", mb=mb, kind=kinds)))
    st.html(
        "<style>"
        + "".join(f"{where}{{font-size:0}}{where}::after{{content:{_css_text(text)};font-size:0.875rem}}" for where, text in words)
        + "</style>"
    )
    return st.file_uploader(label, type=list(extensions), key=key, max_upload_size=max_mb)


def date_axis(drawn) -> None:
    """A plotly date axis in the interface's language: plotly names months in English ("Jul
    2021") whatever the page's, so the ticks are numbers in the catalogue's date format."""
    drawn.update_xaxes(type="date", tickformat=tr("chart.date_ticks"), hoverformat=tr("chart.date_hover"))


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


@st.dialog(" ", width="large")
def rows_dialog(title: str, frame: pd.DataFrame) -> None:
    """The rows behind a figure; their database ids mean nothing to a reader."""
    frame = frame.drop(columns="id", errors="ignore")
    st.subheader(as_text(title))
    st.caption(tr("grid.count", n=len(frame)))
    st.dataframe(frame, hide_index=True, width="stretch")
    table_download(frame, title)


def table_download(frame: pd.DataFrame, title: str) -> None:
    """A table as a workbook, where text never runs as a formula: the tables' own CSV download
    is switched off (.streamlit/config.toml), as Excel would run "=..." in it."""
    st.download_button(
        tr("drill.download"),
        lambda: table_workbook(frame, title),
        file_name=f"{_file_name(title)}.xlsx",
        mime=XLSX,
        icon=":material/download:",
    )


def _file_name(title: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_") or "table"


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


def choice_grid_columns(rows: pd.DataFrame, choices: dict[str, str]) -> tuple[pd.DataFrame, dict]:
    """An editable grid's coded columns as labels, each a box of its set's labels: the rows to show
    and their column configs. ``coded`` turns the labels a user picked back into codes."""
    shown = rows.copy()
    for column, choice_set in choices.items():
        if column in shown:
            shown[column] = shown[column].map(lambda c, s=choice_set: choice_label(s, c, lang()) or None)
    config = {
        column: st.column_config.SelectboxColumn(tr(f"admin.col.{column}"), options=[choice_label(s, c, lang()) for c in CHOICES[s]])
        for column, s in choices.items()
        if column in rows
    }
    return shown, config


def coded(values: dict, choices: dict[str, str]) -> dict:
    """A grid row's values with each choice label back to its code."""
    codes = {column: {choice_label(s, c, lang()): c for c in CHOICES[s]} for column, s in choices.items()}
    return {k: codes[k].get(v, v) if k in codes else v for k, v in values.items()}


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


def local_time(value) -> str:
    """A stored moment (UTC; SQLite hands it back without its zone) as users read it: the
    federation's time (Beijing time), to the minute."""
    if value is None or pd.isna(value):
        return "—"
    return in_local_time(pd.Timestamp(value).to_pydatetime()).strftime("%Y-%m-%d %H:%M")
