"""The operator's log: one JSON object a line, on standard error or in ``DUNDIAN_LOG_FILE``.

Every line holds ``time`` (UTC), ``level``, ``event``, ``request_id`` and ``user``, then the
event's own fields. Events: ``sign_in`` (``outcome`` success or failure, the name tried, never a
password), ``refused`` (a permission check said no), ``import``, ``export``, ``backup``,
``restore`` and ``error`` (an ``error_id`` the user is shown, with the traceback). A request is
one script run of a page (``ui.context.script_run``) or one command of ``manage.py``; its id ties
its lines together. No Streamlit here: the UI binds the request and the user.
"""

from __future__ import annotations

import functools
import json
import logging
import logging.handlers
import secrets
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from data_access.config import config

LOGGER = logging.getLogger("dundian")
LOGGER.propagate = False  # its own format, not Streamlit's or the root logger's
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_user: ContextVar[str | None] = ContextVar("user", default=None)
_handler: list[tuple[tuple[str | None, str], logging.Handler]] = []  # the one handler we own, by target
_configuring = threading.Lock()


class _JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", {})
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"), "level": record.levelname}
        return json.dumps({**line, **fields}, ensure_ascii=False, default=str)


def _logger() -> logging.Logger:
    """The logger, writing where the configuration says now (tests and processes may change it)."""
    conf = config()
    target = (conf.log_file, conf.log_level)
    if not _handler or _handler[0][0] != target:
        with _configuring:  # sessions run in threads of their own: one handler, never two
            _configure(target)
    return LOGGER


def _configure(target: tuple[str | None, str]) -> None:
    if _handler and _handler[0][0] == target:
        return
    log_file, level = target
    handler = logging.StreamHandler(sys.stderr) if log_file is None else logging.handlers.WatchedFileHandler(log_file, encoding="utf-8")
    handler.setFormatter(_JsonLines())
    if _handler:
        LOGGER.removeHandler(_handler[0][1])
        _handler[0][1].close()
    _handler[:] = [(target, handler)]
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.getLevelNamesMapping().get(level, logging.INFO))


def new_id() -> str:
    """A short id a user can read out on the phone: eight hexadecimal digits."""
    return secrets.token_hex(4).upper()


@contextmanager
def request(user: str | None = None) -> Iterator[str]:
    """One request (a script run, a command): its lines share a fresh id, and the user once known."""
    request_token, user_token = _request_id.set(new_id()), _user.set(user)
    try:
        yield _request_id.get()
    finally:
        _request_id.reset(request_token)
        _user.reset(user_token)


def identify(user: str | None) -> None:
    """Name the request's user, once the run knows who is signed in (reset when the request ends)."""
    _user.set(user)


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    logger = _logger()
    if logger.isEnabledFor(level):
        context = {"event": name, "request_id": _request_id.get(), "user": _user.get()}
        logger.log(level, name, extra={"fields": {**context, **fields}})


def error(exc: BaseException, **fields: Any) -> str:
    """Log an unexpected exception with its traceback; returns the id to show the user."""
    error_id = new_id()
    trace = "".join(traceback.format_exception(exc))
    event("error", logging.ERROR, error_id=error_id, exception=f"{type(exc).__name__}: {exc}", traceback=trace, **fields)
    return error_id


def exported(kind: str) -> Callable[[Callable[..., bytes]], Callable[..., bytes]]:
    """Decorates a function that builds a download: each build logs an ``export`` line."""

    def wrap(build: Callable[..., bytes]) -> Callable[..., bytes]:
        @functools.wraps(build)
        def logged(*args, **kwargs) -> bytes:
            started = time.perf_counter()
            data = build(*args, **kwargs)
            event("export", kind=kind, bytes=len(data), seconds=round(time.perf_counter() - started, 3))
            return data

        return logged

    return wrap
