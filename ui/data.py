"""Figures and lists for pages: one read session per call, cached until the data changes.

The cache key is the function, its arguments (the scope with its filters) and the
newest audit id: every write goes through the audit log, so any change to a
ledger, a threshold or the organisation makes the next run recompute.

The newest audit id is read once per script run (``begin_run``), and again after any write
committed by this process, so a page that writes and then reads in the same run sees its write.
"""
from __future__ import annotations

import itertools
from typing import Any, Callable

import streamlit as st
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from data_access.db import read_session
from data_access.models import AuditLog
from ui.context import engine, lang

_commit_ids = itertools.count(1)
_last_commit = 0  # a new number after every commit through the app's engine
_VERSION_KEY = "_data_version"


def _on_commit(_connection) -> None:
    global _last_commit
    _last_commit = next(_commit_ids)


def _watch_commits(eng: Engine) -> None:
    if not event.contains(eng, "commit", _on_commit):
        event.listen(eng, "commit", _on_commit)


def begin_run() -> None:
    """Called first in every run of app.py: read the data version afresh (writes by other processes)."""
    st.session_state.pop(_VERSION_KEY, None)


def data_version() -> int:
    return _version_of(engine())


def _version_of(eng: Engine) -> int:
    _watch_commits(eng)
    seen = st.session_state.get(_VERSION_KEY)
    if seen is not None and seen[0] == _last_commit:
        return seen[1]
    commit = _last_commit
    with read_session(eng) as session:
        version = session.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()
    st.session_state[_VERSION_KEY] = (commit, version)
    return version


def _key(fn: Callable) -> str:
    # Page scripts all run as __main__: their file tells their functions apart.
    return f"{fn.__module__}.{fn.__qualname__}@{fn.__code__.co_filename}"


# Entries of older data versions are never read again; the bounds keep a national round's few-MB
# results from piling up in a long-running process.
@st.cache_data(show_spinner=False, max_entries=1000)
def _cached(_fn: Callable, name: str, version: int, url: str, args: tuple, kwargs: tuple) -> Any:
    with read_session(engine()) as session:
        return _fn(session, *args, **dict(kwargs))


def _version_and_url() -> tuple[int, str]:
    eng = engine()
    return _version_of(eng), str(eng.url)


def figure(fn: Callable, *args, **kwargs) -> Any:
    """``fn(session, *args, **kwargs)`` from data_access.figures, cached per data version."""
    return _cached(fn, _key(fn), *_version_and_url(), args, tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False, max_entries=500)
def _looked_up(_fn: Callable, name: str, version: int, url: str, args: tuple) -> Any:
    return _fn(engine(), *args)


def lookup(fn: Callable, *args) -> Any:
    """``fn(engine, *args)``, a read of the organisation (rounds, teams, districts, people), cached per
    data version. A read that checks who asks takes the actor among ``args``, so it is part of the key."""
    return _looked_up(fn, _key(fn), *_version_and_url(), args)


@st.cache_data(show_spinner=False, max_entries=500)
def _viewed(_fn: Callable, name: str, version: int, url: str, language: str, args: tuple) -> Any:
    return _fn(*args)


def view(fn: Callable, *args) -> Any:
    """``fn(*args)``, a table or figure a page builds from cached data, cached per data version and
    language: a warm rerun of a page over hundreds of teams redraws it without rebuilding it."""
    version, url = _version_and_url()
    return _viewed(fn, _key(fn), version, url, lang(), args)


@st.cache_resource(show_spinner=False, max_entries=50)
def _charted(_fn: Callable, name: str, version: int, url: str, language: str, args: tuple) -> Any:
    return _fn(*args)


def chart(fn: Callable, *args) -> Any:
    """Like ``view``, for a plotly figure: kept as the object itself, not pickled, since unpickling a
    big figure costs more than drawing it. The figure is shared between sessions: never change it."""
    version, url = _version_and_url()
    return _charted(fn, _key(fn), version, url, lang(), args)
