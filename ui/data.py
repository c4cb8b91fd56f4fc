"""Figures and lists for pages: one read per call, shared by every session until the data changes.

The cache key is the function, its arguments (the scope with its filters), the database and the
newest audit id: every write goes through the audit log, so any change to a ledger, a threshold
or the organisation makes the next run recompute.

The newest audit id is read once per script run (``begin_run``), and again after any write
committed by this process, so a page that writes and then reads in the same run sees its write.

Why not ``st.cache_data``: it hashes the arguments by value and unpickles the result at every
hit, which at national size cost more than drawing the page. Here a hit is a dict lookup, and a
result is handed out as a shallow copy: pandas copies on write, so a page that changes its copy
never changes what the next session reads.
"""
from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from data_access.models import AuditLog
from data_access.db import read_session
from ui.context import engine, lang

_commit_ids = itertools.count(1)
_last_commit = 0  # a new number after every commit through the app's engine
_VERSION_KEY = "_data_version"
_VERSION_QUERY = select(func.coalesce(func.max(AuditLog.id), 0))
MAX_ENTRIES = 1000  # a national round's results are a few MB each


def _on_commit(_connection) -> None:
    global _last_commit
    _last_commit = next(_commit_ids)


def _watch_commits(eng: Engine) -> None:
    if not event.contains(eng, "commit", _on_commit):
        event.listen(eng, "commit", _on_commit)


def begin_run() -> None:
    """Called first in every run of app.py: read the data version afresh (writes by other processes)."""
    st.session_state.pop(_VERSION_KEY, None)


def _version_of(eng: Engine) -> int:
    _watch_commits(eng)
    seen = st.session_state.get(_VERSION_KEY)
    if seen is not None and seen[0] == _last_commit:
        return seen[1]
    commit = _last_commit
    with eng.connect() as connection:  # a bare connection: an ORM session costs more than the query
        version = connection.execute(_VERSION_QUERY).scalar_one()
    st.session_state[_VERSION_KEY] = (commit, version)
    return version


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
    """Forget every result (what a restarted process starts without)."""
    _results.clear()


def _name(fn: Callable) -> str:
    # Page scripts all run as __main__: their file tells their functions apart.
    return f"{fn.__module__}.{fn.__qualname__}@{fn.__code__.co_filename}"


def _handed_out(value: Any) -> Any:
    """A copy a page may change freely; cheap, since frames copy their columns only when written."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, (list, dict, set)):
        return type(value)(value)
    if isinstance(value, tuple):
        return tuple(_handed_out(v) for v in value)
    return value


def _shared(kind: str, fn: Callable, args: tuple, compute: Callable[[], Any], language: str = "") -> Any:
    eng = engine()
    key: tuple[Hashable, ...] = (str(eng.url), _version_of(eng), kind, _name(fn), language, args)
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
    """A figure whose dictionary is taken once. ``st.plotly_chart`` asks for it at every run, and
    plotly builds it anew each time: a deep copy of every trace with its arrays encoded (2 ms for
    the national map, more than the rest of the page)."""

    def __init__(self, drawn: go.Figure) -> None:
        super().__init__(drawn)
        self._spec = drawn.to_dict()

    def to_dict(self) -> dict:
        return self._spec


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
