"""What every page needs: the engine, the signed-in actor, the language, and ``tr``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.engine import Engine

from data_access import logs
from data_access.auth import Actor, client_source
from data_access.config import config
from data_access.startup import start
from i18n import DEFAULT_LANGUAGE, LANGUAGES, t

_ready: dict[str, Engine] = {}  # read at every figure of every run: a dict, not a cache call


def engine() -> Engine:
    """The process's engine for DATABASE_URL, set up by ``startup.start`` once per process."""
    url = config().database_url
    ready = _ready.get(url)
    if ready is None:
        ready = _ready[url] = _prepared_engine(url)
    return ready


def forget_engines() -> None:
    """Start again from a fresh engine, migration check and first-start set-up (benchmarks, tests)."""
    _ready.clear()
    _prepared_engine.clear()


@st.cache_resource(show_spinner=False)  # once per URL, even when the first sessions start together
def _prepared_engine(url: str) -> Engine:
    return start(url)


class _RunState(threading.local):
    """What one script run settles once. Streamlit reuses a session's script thread from run to
    run, so it is set at the start of each run and dropped at its end."""

    lang: str | None = None  # a page asks for it at every label; reading the widget deserialises it
    data_version: tuple[int, int] | None = None  # (local commits seen, version): ui.data keeps it


this_run = _RunState()


@contextmanager
def script_run() -> Iterator[None]:
    """Around the body of app.py: the run's language is read here, once, and the data version
    the run reads at is left to its first read. The run is one request of the operator's log;
    an error in it shows the user a short message with an id, and the log the id with the traceback."""
    this_run.lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
    this_run.data_version = None
    try:
        with logs.request():
            try:
                yield
            except Exception as error:  # st.rerun and st.stop are BaseExceptions: they pass
                show_error(error)
    finally:
        this_run.lang = None
        this_run.data_version = None


def show_error(error: Exception, key: str = "app.error", **params) -> None:
    """Log an unexpected error and tell the user its id (the message ``key`` has ``{id}``), never its traceback."""
    st.error(tr(key, id=logs.error(error), **params), icon=":material/error:")


def lang() -> str:
    # Widget callbacks run before app.py's body: they read session state themselves.
    return this_run.lang or st.session_state.get("lang", DEFAULT_LANGUAGE)


def other_language() -> str:
    """The language the switch offers: the next one after the run's."""
    return LANGUAGES[(LANGUAGES.index(lang()) + 1) % len(LANGUAGES)]


def tr(key: str, **params) -> str:
    return t(key, lang(), **params)


def client_address() -> str | None:
    """The browser's address, as sign-in throttling counts it (behind nginx: the one it forwards)."""
    peer, forwarded = st.context.ip_address, st.context.headers.get("X-Forwarded-For")
    return client_source(*(value if isinstance(value, str) else None for value in (peer, forwarded)))  # AppTest has neither


def actor() -> Actor:
    return st.session_state["actor"]
