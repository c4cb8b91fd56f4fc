"""Page tests: the real app.py under AppTest, on a sample database built once per session."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from data_access import logs
from data_access.auth import issue_token
from data_access.db import read_session
from data_access.models import AppUser
from data_access.startup import start

APP = str(Path(__file__).resolve().parents[2] / "app.py")


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_page_error(request):
    """A page shows an unexpected error as a message with an id (``assert not at.exception`` no
    longer sees it): fail any page test whose run logged one, unless it asks for ``page_errors``."""
    caught = _Errors()
    logs.LOGGER.addHandler(caught)
    try:
        yield caught.records
    finally:
        logs.LOGGER.removeHandler(caught)
    if "page_errors" not in request.fixturenames:
        assert not caught.records, "a page logged an error:\n" + "\n".join(str(r.fields.get("traceback", r.fields)) for r in caught.records)


@pytest.fixture
def page_errors(no_unexpected_page_error):
    """The error lines the test's runs logged (the test expects some)."""
    return no_unexpected_page_error


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'sample.db'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DUNDIAN_SECRET", "page-test-secret")
    os.environ.setdefault("DUNDIAN_ADMIN_PASSWORD", "admin-pass-123")
    return start(url)  # the app's own start-up, before any page runs


def token_for(engine, username: str) -> str:
    with read_session(engine) as session:
        user = session.exec(select(AppUser).where(AppUser.username == username)).one()
    return issue_token(user)


@pytest.fixture(scope="session")
def app_as(sample_db):
    """``app_as("office", "pages/overview.py")``: the app signed in as that user, on that page."""

    def open_page(username: str, page: str | None = None, **state) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["token"] = token_for(sample_db, username)
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        return at

    return open_page


def texts(at: AppTest) -> str:
    """Everything a user reads on the page, as one string."""
    parts = (
        [e.value for e in at.markdown]
        + [e.value for e in at.caption]
        + [e.value for e in at.title]
        + [e.value for e in at.header]
        + [e.value for e in at.subheader]
    )
    parts += [e.value for e in at.error] + [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.success]
    return "\n".join(str(p) for p in parts)


def button(at: AppTest, label: str):
    """The button a user reads ``label`` on."""
    return next(b for b in at.button if b.label == label)
