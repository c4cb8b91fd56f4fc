"""The pages' result cache: one data version per database, bounded, fresh after a write, and a
page's changes to what it was handed never reach the next reader."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pyarrow as pa
from sqlalchemy import insert

from data_access.db import write_session
from data_access.models import AuditLog, utcnow
from ui import data
from ui.data import _arrow, _frozen, _handed_out, _Results


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_a_result_is_read_once_per_data_version():
    results = _Results(max_entries=10)
    compute, calls = counting(42)
    assert results.get(("db", 7, "figure", "f", "", ()), compute) == 42
    assert results.get(("db", 7, "figure", "f", "", ()), compute) == 42
    assert len(calls) == 1
    assert results.get(("db", 8, "figure", "f", "", ()), compute) == 42  # a write: read again
    assert len(calls) == 2


def test_a_new_version_drops_the_older_results_of_its_database_only():
    results = _Results(max_entries=10)
    results.get(("a", 1, "figure", "f", "", ()), lambda: "a1")
    results.get(("b", 5, "figure", "f", "", ()), lambda: "b5")
    results.get(("a", 2, "figure", "f", "", ()), lambda: "a2")
    compute, calls = counting("again")
    assert results.get(("a", 1, "figure", "f", "", ()), compute) == "again" and calls
    assert results.get(("b", 5, "figure", "f", "", ()), lambda: "recomputed") == "b5"


def test_the_least_recently_used_result_goes_first():
    results = _Results(max_entries=2)
    results.get(("db", 1, "view", "f", "zh", (1,)), lambda: "one")
    results.get(("db", 1, "view", "f", "zh", (2,)), lambda: "two")
    results.get(("db", 1, "view", "f", "zh", (1,)), lambda: "unused")  # one is used again
    results.get(("db", 1, "view", "f", "zh", (3,)), lambda: "three")
    assert results.get(("db", 1, "view", "f", "zh", (1,)), lambda: "recomputed") == "one"
    assert results.get(("db", 1, "view", "f", "zh", (2,)), lambda: "recomputed") == "recomputed"


def test_a_page_changing_its_copy_leaves_the_cached_result_alone():
    cached = pd.DataFrame({"team_id": [1, 2], "rate": [0.5, 0.9]})
    labels = {1: "1. 正定镇"}
    mine, my_labels = _handed_out((cached, labels))
    mine["rate"] = 0.0
    mine.loc[0, "team_id"] = 99
    mine["extra"] = "x"
    my_labels[2] = "2. 岗上镇"
    assert list(cached.columns) == ["team_id", "rate"]
    assert cached["team_id"].tolist() == [1, 2] and cached["rate"].tolist() == [0.5, 0.9]
    assert labels == {1: "1. 正定镇"}


def test_a_shown_table_goes_to_the_browser_as_the_same_arrow_rows():
    shown = pd.DataFrame({"工作组": ["1. 正定镇", "2. 岗上镇"], "日记录": [0.5, 0.9], "截至": [date(2021, 5, 1), date(2021, 5, 2)]})
    sent = _arrow(shown)
    assert isinstance(sent, pa.Table)
    assert sent.to_pandas().equals(shown)


def test_a_column_arrow_cannot_take_is_left_to_streamlit():
    mixed = pd.DataFrame({"value": [1, "一", date(2021, 5, 1)]})
    assert _arrow(mixed) is mixed


def test_a_frozen_chart_draws_what_the_figure_drew():
    drawn = go.Figure(go.Bar(x=["正定/镇", "<b>岗上镇</b>"], y=[3, 5], hovertemplate="%{x}<extra></extra>"))
    drawn.update_layout(height=210)
    frozen, label = _frozen((drawn, "label"))
    assert label == "label"
    # What st.plotly_chart sends: the figure's dict, written by plotly.io.to_json.
    sent = plotly.tools.return_figure_from_figure_or_data(frozen, validate_figure=True)
    assert pio.to_json(sent, validate=False) == pio.to_json(drawn.to_dict(), validate=False)
    assert frozen.to_dict() is frozen.to_dict()  # taken once, not rebuilt at every run
    assert frozen.to_dict().to_plotly_json() is frozen.to_dict().to_plotly_json()  # and encoded once


def test_a_write_shows_at_once_here_and_within_a_second_from_another_process(engine, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(data.time, "monotonic", lambda: clock[0])
    data.clear()
    first = data._process_version(engine)[1]
    with engine.begin() as other_process:  # a commit no session of this process made
        other_process.execute(insert(AuditLog).values(action="update", table_name="team", at=utcnow()))
    clock[0] += data.VERSION_MAX_AGE / 2
    assert data._process_version(engine)[1] == first  # read less than a second ago
    clock[0] += data.VERSION_MAX_AGE / 2
    second = data._process_version(engine)[1]
    assert second > first
    with write_session(engine) as session:  # this process's write: seen at the next read
        session.add(AuditLog(action="update", table_name="team"))
    assert data._process_version(engine)[1] > second
    data.clear()
