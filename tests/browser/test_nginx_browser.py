"""Two app processes on one PostgreSQL database behind nginx, started by scripts/serve.sh.

Which process serves a user: nginx hashes the cookie dundian_node over the processes and names
the one that answered in the header X-Dundian-Upstream. Each user's browser gets a cookie that
nginx sends to the wanted process (found by asking nginx), and the test records the header of
every response the page receives: all of user A's come from process A, all of user B's from B.
After process A is stopped, A's page reconnects (the frontend asks /_stcore/host-config first)
and that answer comes from B.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.serving import NGINX_PATH, behind_nginx
from data_access.db import make_engine
from data_access.sample.shijiazhuang import DEMO_USERS
from i18n import t
from tests.browser.conftest import SERVER_ENV, _require

pytestmark = pytest.mark.postgresql
MEMBER_PASSWORD = next(u["password"] for u in DEMO_USERS if u["username"] == "member")


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``admin_url``; dropped afterwards."""
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"dundian_serve_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    _require(os.access(NGINX_PATH, os.X_OK), f"{NGINX_PATH} not found (bash scripts/test.sh installs Debian's nginx)")
    admin_url = os.environ.get("TEST_DATABASE_URL")
    _require(bool(admin_url), "TEST_DATABASE_URL is not set (several processes need PostgreSQL)")
    with fresh_database(admin_url) as database_url, behind_nginx(database_url, tmp_path_factory.mktemp("serve"), env=SERVER_ENV) as running:
        yield running


def pinned_page(new_page, served, port: int):
    """A browser whose every request nginx sends to the process on ``port``, and the list of the
    processes that answered its responses."""
    page = new_page()
    for n in range(200):
        page.context.add_cookies([{"name": "dundian_node", "value": f"user-{n}", "url": served.url}])
        if page.context.request.get(f"{served.url}/_stcore/health").headers["x-dundian-upstream"] == served.upstream(port):
            break
    else:
        pytest.fail(f"no cookie value sends a browser to {served.upstream(port)}")
    answered: list[str] = []

    def record(response) -> None:
        if response.url.startswith(served.url):  # not the blob: URLs the page makes itself
            answered.append(response.headers.get("x-dundian-upstream", f"none: {response.status} {response.url}"))

    page.on("response", record)
    return page, answered


def sign_in_as_member(page, url: str) -> None:
    page.goto(url)
    # The first visitor of a fresh database waits while the sample is written.
    page.get_by_label(t("login.username"), exact=True).fill("member", timeout=180_000)
    page.get_by_label(t("login.password"), exact=True).fill(MEMBER_PASSWORD)
    page.get_by_role("button", name=t("login.submit"), exact=True).click()
    expect(nav_link(page, "page.ledger_entry")).to_be_visible(timeout=90_000)


def nav_link(page, title_key: str):
    return page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=t(title_key), exact=True)


def open_latest_reports(page) -> None:
    """The team page (a run of the script) at its latest reports."""
    nav_link(page, "page.team_progress").click()
    page.get_by_role("tab", name=t("progress.tab.reports")).click()
    expect(page.get_by_role("heading", name=t("progress.latest.daily"))).to_be_visible(timeout=60_000)


def test_a_row_saved_on_one_process_shows_on_the_other_and_a_stopped_process_sends_its_users_to_the_other_signed_in(served, new_page):
    process_a, process_b = served.app_ports
    page_a, answered_a = pinned_page(new_page, served, process_a)
    page_b, answered_b = pinned_page(new_page, served, process_b)
    sign_in_as_member(page_a, served.url)
    sign_in_as_member(page_b, served.url)

    open_latest_reports(page_b)  # B's process has read (and cached) the team's records
    text = f"两个进程：走访物流园区，宣传入会 {uuid.uuid4().hex[:6]}"
    expect(page_b.get_by_text(text)).to_have_count(0)

    nav_link(page_a, "page.ledger_entry").click()
    page_a.get_by_label(f"{t('field.content')} *").fill(text, timeout=60_000)
    page_a.get_by_role("button", name=t("ledger.save"), exact=True).click()
    saved = re.escape(t("ledger.saved", ledger=t("ledger.daily"), id="0")).replace("0", r"\d+")
    expect(page_a.get_by_text(re.compile(saved)).first).to_be_visible(timeout=60_000)

    nav_link(page_b, "page.overview").click()  # B's next runs: no restart, no reload
    open_latest_reports(page_b)
    expect(page_b.get_by_text(text)).to_be_visible(timeout=60_000)
    assert set(answered_a) == {served.upstream(process_a)}, answered_a
    assert set(answered_b) == {served.upstream(process_b)}, answered_b

    assert "dundian_session" in {cookie["name"] for cookie in page_a.context.cookies()}
    reconnected = lambda response: response.url.endswith("/_stcore/host-config")  # noqa: E731
    with page_a.expect_response(reconnected, timeout=120_000) as reply:
        served.stop_process(process_a)
    assert reply.value.headers["x-dundian-upstream"].split(", ")[-1] == served.upstream(process_b)
    # Still signed in on B: the member's own team page, with the row saved on A.
    open_latest_reports(page_a)
    expect(page_a.get_by_text(text)).to_be_visible(timeout=60_000)
