"""ui.tiles boards under AppTest, which knows no custom components: a board's tiles are read from
the data it sends to the browser, and a click is sent as the browser sends it, a trigger event."""

from __future__ import annotations

import json

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.testing.v1 import AppTest


def _board(at: AppTest, key: str):
    return next(element for element in at.get("bidi_component") if element.key == key)


def tiles(at: AppTest, key: str) -> dict[str, dict]:
    """The board's tiles by their key: label, value, caption, help and light as shown."""
    return {tile["key"]: tile for tile in json.loads(_board(at, key).proto.bytes)["tiles"]}


def click_tile(at: AppTest, key: str, tile_key: str) -> AppTest:
    """Click one tile of the board and run the app, as a browser would."""
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(_board(at, key).proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": "open", "value": tile_key}])
    return at._run(states)
