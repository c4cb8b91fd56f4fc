"""Figures and lists for pages: one read session per call, cached until the data changes.

The cache key is the figure, its arguments (the scope with its filters) and the
newest audit id: every write goes through the audit log, so any change to a
ledger, a threshold or the organisation makes the next run recompute.
"""
from __future__ import annotations

from typing import Any, Callable

import streamlit as st
from sqlalchemy import func, select

from data_access.db import read_session
from data_access.models import AuditLog
from ui.context import engine


def data_version() -> int:
    with read_session(engine()) as session:
        return session.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()


@st.cache_data(show_spinner=False, max_entries=2000)
def _cached(_fn: Callable, name: str, version: int, url: str, args: tuple, kwargs: tuple) -> Any:
    with read_session(engine()) as session:
        return _fn(session, *args, **dict(kwargs))


def figure(fn: Callable, *args, **kwargs) -> Any:
    """``fn(session, *args, **kwargs)`` from data_access.figures, cached per data version."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _cached(fn, name, data_version(), str(engine().url), args, tuple(sorted(kwargs.items())))
