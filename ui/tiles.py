"""Figures as tiles, each one button to the rows behind it: one element for a whole board.

A board of six figures drawn as st.metric and st.button in columns was nineteen elements, each
sent, registered and laid out at every run; at national size they cost as much as the rest of the
page. This draws them in one custom element (``st.components.v2``) that reports which tile was
clicked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import orjson
import streamlit as st

STATIC = Path(__file__).parent / "static"


class Tile(NamedTuple):
    key: str  # what a click reports
    label: str
    value: str = ""  # the big figure; a card without one leaves it empty
    caption: str = ""  # under the figure; line breaks are kept
    help: str = ""  # on hover: a figure's definition, a light's reasons
    light: str = ""  # a coloured dot before the label: green, yellow, red or grey


_board = st.components.v2.component(
    "dundian_tiles",
    html="<div class='tiles' role='group'></div>",
    css=(STATIC / "tiles.css").read_text(encoding="utf-8"),
    js=(STATIC / "tiles.js").read_text(encoding="utf-8"),
)


def _report_only() -> None:
    """A click needs no callback of its own, but Streamlit reports a trigger only to an event that has one."""


def card_width_rem(tiles: Sequence[Tile]) -> float:
    """The width a card board needs for its longest label on one line (tiles.css: ``.cards``, label
    at 1.125rem): a CJK character is an em, a digit, a stop or a space less than half of one; plus
    the dot and the padding."""
    ems = max((sum(1.0 if ord(c) > 0x2E7F else 0.45 for c in tile.label) for tile in tiles), default=8)
    return round(1.125 * ems + 3.0, 1)


def tile_board(key: str, name: str, hint: str, tiles: Sequence[Tile], min_width_rem: float = 8, cards: bool = False) -> str | None:
    """The tiles, as many in a row as fit at ``min_width_rem`` each; the key of the tile clicked on
    this run, or None. ``name`` is what a screen reader calls the board; ``hint``, in a corner of
    every tile, what a click opens. ``cards``: big labels that never break, read from the back of a
    meeting room (a team a card)."""
    # Bytes, not a dict: Streamlit searches a dict for data frames to send apart, at every run.
    tiles_data = [tile._asdict() for tile in tiles]
    data = orjson.dumps({"name": name, "hint": hint, "min_width": min_width_rem, "cards": cards, "tiles": tiles_data})
    return _board(key=key, data=data, on_open_change=_report_only).open
