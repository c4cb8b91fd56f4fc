"""Figures and lists for pages: one read per call, shared by every session until the data changes.

The cache key is the function, its arguments (the scope with its filters), the database and the
newest audit id: every write goes through the audit log, so any change to a ledger, a threshold
or the organisation makes the next run recompute.

The newest audit id is pinned for a script run, so that a page's figures agree with each other. A
run takes it from the process, which reads it at most once a second (VERSION_MAX_AGE) and at once
after any commit by this process: a write shows at once in the process that made it, and within a
second in the other app processes on the same database.

Why not ``st.cache_data``: it hashes the arguments by value and unpickles the result at every
hit, which at national size cost more than drawing the page. Here a hit is a dict lookup, and a
result is handed out as a shallow copy: pandas copies on write, so a page that changes its copy
never changes what the next session reads.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import pyarrow as pa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from data_access import activity
from data_access.db import read_session
from ui.context import engine, lang, this_run

_commit_ids = itertools.count(1)
_last_commit = 0  # a new number after every commit by this process
VERSION_MAX_AGE = 1.0  # seconds another process's write may take to show here
MAX_ENTRIES = 1000  # a national round's results are a few MB each


@event.listens_for(Session, "after_commit")
def _on_commit(_session) -> None:
    # After the commit, not before: a version read by another session while this commit is on its
    # way is stored under the older number, so the next run reads again.
    global _last_commit
    _last_commit = next(_commit_ids)


@dataclass(frozen=True)
class _Seen:
    commit: int  # the last local commit when the read began
    read_at: float
    version: int


_process_versions: dict[Engine, _Seen] = {}


def _process_version(eng: Engine) -> tuple[int, int]:
    seen = _process_versions.get(eng)
    if seen is not None and seen.commit == _last_commit and time.monotonic() - seen.read_at < VERSION_MAX_AGE:
        return seen.commit, seen.version
    seen = _Seen(_last_commit, time.monotonic(), activity.data_version(eng))
    _process_versions[eng] = seen
    return seen.commit, seen.version


def data_version() -> int:
    """The data version this run reads at: the newest audit id, again after this process writes."""
    pinned = this_run.data_version
    if pinned is None or pinned[0] != _last_commit:
        pinned = this_run.data_version = _process_version(engine())
    return pinned[1]


class _Results:
    """Results of one data version per database, least recently used first out."""

    def __init__(self, max_entries: int) -> None:
        self._max_entries = max_entries
        self._entries: OrderedDict[tuple, Any] = OrderedDict()
        self._versions: dict[str, int] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()  # outside the lock: other sessions' hits don't wait for this read
        with self._lock:
            self._store(key, value)
        return value

    def _store(self, key: tuple, value: Any) -> None:
        url, version = key[0], key[1]
        if self._versions.get(url) != version:  # older versions are never asked for again
            self._versions[url] = version
            for stale in [k for k in self._entries if k[0] == url]:
                del self._entries[stale]
        self._entries[key] = value
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._versions.clear()


_results = _Results(MAX_ENTRIES)


def clear() -> None:
    """Forget every result and data version (what a restarted process starts without)."""
    _results.clear()
    _process_versions.clear()


def _name(fn: Callable) -> str:
    # Page scripts all run as __main__: their file tells their functions apart.
    return f"{fn.__module__}.{fn.__qualname__}@{fn.__code__.co_filename}"


_MUTABLE = (pd.DataFrame, pd.Series, list, dict, set)


def _handed_out(value: Any) -> Any:
    """A copy a page may change freely; cheap, since frames copy their columns only when written.
    A tuple is copied only if it holds something a page could change (a frame and its labels)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, (list, dict, set)):
        return type(value)(value)
    if isinstance(value, tuple) and any(isinstance(v, _MUTABLE) for v in value):
        return tuple(_handed_out(v) for v in value)
    return value


def _shared(kind: str, fn: Callable, args: tuple, compute: Callable[[], Any], language: str = "") -> Any:
    key: tuple[Hashable, ...] = (str(engine().url), data_version(), kind, _name(fn), language, args)
    return _results.get(key, compute)


def figure(fn: Callable, *args, **kwargs) -> Any:
    """``fn(session, *args, **kwargs)`` from data_access.figures, cached per data version."""

    def compute() -> Any:
        with read_session(engine()) as session:
            return fn(session, *args, **kwargs)

    return _handed_out(_shared("figure", fn, (args, tuple(sorted(kwargs.items()))), compute))


def lookup(fn: Callable, *args) -> Any:
    """``fn(engine, *args)``, a read of the organisation (rounds, teams, districts, people), cached per
    data version. A read that checks who asks takes the actor among ``args``, so it is part of the key."""
    return _handed_out(_shared("lookup", fn, args, lambda: fn(engine(), *args)))


def view(fn: Callable, *args) -> Any:
    """``fn(*args)``, a table or figure a page builds from cached data, cached per data version and
    language: a warm rerun of a page over hundreds of teams redraws it without rebuilding it."""
    return _handed_out(_shared("view", fn, args, lambda: fn(*args), lang()))


def chart(fn: Callable, *args) -> Any:
    """Like ``view``, for a plotly figure (or a tuple holding one), handed out as the object itself
    (copying a big figure costs more than drawing it). The figure is shared between sessions and
    frozen: never change it."""
    return _shared("chart", fn, args, lambda: _frozen(fn(*args)), lang())


class _FrozenFigure(go.Figure):
    """A figure whose dictionary and JSON are made once. ``st.plotly_chart`` asks for both at
    every run, and plotly makes them anew each time: a deep copy of every trace, its arrays
    encoded, and the whole text escaped (2 ms for the national map, more than the rest of the page)."""

    def __init__(self, drawn: go.Figure) -> None:
        super().__init__(drawn)
        self._spec = _EncodedSpec(drawn.to_dict())

    def to_dict(self) -> dict:
        return self._spec


class _EncodedSpec(dict):
    """A figure's dictionary that hands plotly's JSON writer its text, encoded once: the writer
    asks an object for ``to_plotly_json()`` first (as it does a Dash component), and orjson
    writes a ``Fragment`` as it is."""

    def __init__(self, spec: dict) -> None:
        super().__init__(spec)
        for trace in self.get("data", []):
            trace.pop("uid", None)  # what plotly.io.to_json drops, so that the text is the same
        self._fragment = orjson.Fragment(plotly.io.json.to_json_plotly(dict(self)))

    def to_plotly_json(self) -> orjson.Fragment:
        return self._fragment


def _frozen(value: Any) -> Any:
    if isinstance(value, go.Figure):
        return _FrozenFigure(value)
    if isinstance(value, tuple):
        return tuple(_frozen(v) for v in value)
    return value


def table(fn: Callable, *args) -> pa.Table | pd.DataFrame:
    """``view(fn, *args)``, a frame shown as it is, converted once per data version and language to
    the Arrow table ``st.dataframe`` sends: converting a frame at every run cost more than drawing it
    (0.4 ms for 20 rows, 2 ms for 640). Arrow tables are immutable, so sessions share them."""
    return _shared("table", fn, args, lambda: _arrow(view(fn, *args)), lang())


def _arrow(frame: pd.DataFrame) -> pa.Table | pd.DataFrame:
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return frame  # a column of mixed types: st.dataframe knows how to show it
