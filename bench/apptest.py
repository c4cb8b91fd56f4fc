"""Timing the app's pages with Streamlit's AppTest, as close to a running server as AppTest allows.

Two differences between AppTest and ``streamlit run`` are undone here, for the timed runs only:

* AppTest forgets at every run that the app uses ``st.navigation``; because the project has a
  ``pages/`` folder it then runs a switched-to page file on its own, without ``app.py`` (no sign-in
  check, no sidebar filters). The server runs ``app.py`` and the page every time.
* AppTest compiles the scripts anew at every run; the server keeps their bytecode.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import streamlit as st
from streamlit.runtime import pages_manager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest, app_test, local_script_runner

from ui.filters import EVERY
from ui.navigation import PageSpec

APP = str(Path(__file__).resolve().parent.parent / "app.py")
EMPTY_SCRIPT = "import streamlit as st\n\nst.write('')\n"
TIMEOUT = 600


class _NavigationPagesManager(pages_manager.PagesManager):
    """A pages manager that, like the server's after the first st.navigation call, ignores pages/."""

    def __init__(self, *args, **kwargs):
        pages_manager.PagesManager.uses_pages_directory = False
        super().__init__(*args, **kwargs)


@contextmanager
def server_like() -> Iterator[None]:
    """AppTest running app.py around every page, with bytecode kept between runs."""
    shared = ScriptCache()
    with (
        mock.patch.object(app_test, "PagesManager", _NavigationPagesManager),
        mock.patch.object(app_test, "ScriptCache", lambda: shared),
        mock.patch.object(local_script_runner, "ScriptCache", lambda: shared),
    ):
        yield


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class Floor:
    """An empty Streamlit script, run next to every measurement: its rerun is Streamlit's own cost,
    and alternating with it keeps a ratio honest when the machine speeds up or slows down."""

    def __init__(self) -> None:
        self._at = AppTest.from_string(EMPTY_SCRIPT, default_timeout=TIMEOUT)
        self._at.run()

    def alongside(self, at: AppTest, runs: int) -> tuple[float, float]:
        """Median seconds of a rerun of ``at`` and of the empty script, their runs alternating."""
        samples = [(timed(at.run), timed(self._at.run)) for _ in range(runs)]
        return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def _empty_page() -> None:
    """The body of the shell measurement: nothing."""


def shell(token: str, runs: int, floor: Floor) -> tuple[float, float]:
    """Median seconds of a rerun of app.py, signed in, on a page that draws nothing but reads every
    sidebar filter (the app's own fixed cost: sign-in check, sidebar filters, navigation), and of
    the floor beside it."""

    def only_empty(_actor) -> dict:
        return {"": [st.Page(_empty_page, title="empty", url_path="bench-empty")]}

    every_filter = PageSpec("", "bench-empty", "", "", (), EVERY)
    with mock.patch("ui.navigation.navigation_for", only_empty), mock.patch("ui.navigation.spec_of", lambda _page, _role: every_filter):
        at = signed_in(token)
        at.run()
        if at.exception:
            raise RuntimeError(f"the app shell failed: {at.exception[0].value}")
        return floor.alongside(at, runs)


def signed_in(token: str) -> AppTest:
    """app.py under AppTest, signed in with ``token`` (not yet run)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["token"] = token
    return at


@dataclass(frozen=True)
class PageTiming:
    path: str
    cold: float
    warm: float = float("nan")
    floor: float = float("nan")  # the empty script, measured alternately with the warm reruns
    error: str = ""


def page(path: str, token: str, runs: int, clear_caches: Callable[[], None], floor: Floor, chosen: dict | None = None) -> PageTiming:
    """Cold: the page's first run after every cache is emptied (engine re-created, migrations
    checked, no figure cached). Warm: the median of ``runs`` reruns after it. ``chosen``: sidebar
    choices made before (a page that works on one team is timed with one chosen)."""
    at = signed_in(token)
    for key, value in (chosen or {}).items():
        at.session_state[key] = value
    at.run()  # signs in and registers the pages, on the default page
    at.switch_page(path)
    clear_caches()
    cold = timed(at.run)
    error = "; ".join(str(e.value).splitlines()[0] for e in at.exception)
    if error:
        return PageTiming(path, cold, error=error)
    warm, beside = floor.alongside(at, runs)
    return PageTiming(path, cold, warm, beside)
