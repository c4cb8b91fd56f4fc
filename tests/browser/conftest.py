"""Browser-test harness: the real Streamlit server driven by Debian's headless Chromium.

Everything under tests/browser is marked ``browser``. Chromium comes from
/usr/bin/chromium (scripts/test.sh installs Debian's package; Playwright never
downloads a browser). Without it the tests skip locally and fail under CI=true.

Fixtures:
  chromium_path   session: "/usr/bin/chromium"
  start_server    module: factory ``start_server(env_overrides=None) -> LiveServer``
  live_server     module: the app on a fresh SQLite database, as its base URL
  browser         session: a Playwright Chromium browser
  new_page        function: factory ``new_page(width=1366, height=768) -> Page``
                  (390x844 for phone tests); each page gets its own context (cookies)
                  and is closed after the test, with a screenshot when the test failed.

Helpers (``from tests.browser.conftest import wait_for_app, login, ...``):
  wait_for_app, assert_no_exception, screenshot, submit_sign_in, login, assert_signed_in.

Every wait is Playwright's retrying ``expect(...)`` on what the user would see (its timeout is
EXPECT_TIMEOUT unless a call says otherwise); nothing sleeps for a fixed time. After a click,
expect what the click shows: the run it starts may not have begun when the next line looks.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from i18n import t

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"
CHROMIUM_PATH = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"
SERVER_START_TIMEOUT = 60.0
HEALTH_POLL = 0.1  # seconds between two looks at the starting server's health endpoint
EXPECT_TIMEOUT = 30_000  # ms; a loaded two-core machine may take seconds for one run of a page
APP_TIMEOUT = 60.0  # s for a page's first run (the first one of a server migrates and seeds)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Environment every test server gets (the per-server database is added on start).
SERVER_ENV = {
    "DUNDIAN_SECRET": "test-secret",
    "DUNDIAN_ADMIN_PASSWORD": "admin-pass-123",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    "STREAMLIT_SERVER_RUN_ON_SAVE": "false",
    "PYTHONUNBUFFERED": "1",
}


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser with ``browser`` (a pytestmark in a conftest
    would not reach the test modules)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"_report_{report.when}", report)


def _require(condition: bool, reason: str) -> None:
    """Skip for a missing facility locally; fail under CI=true."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, limit: int = 6000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return text if len(text) <= limit else "…" + text[-limit:]


class LiveServer(str):
    """A running app server. It *is* its base URL (a str, e.g. "http://127.0.0.1:8765"),
    with extras: ``port``, ``data_dir`` (its temporary folder), ``database_url``,
    ``env`` (the overrides it got), ``log()`` (stdout+stderr so far) and ``stop()``."""

    process: subprocess.Popen
    port: int
    data_dir: Path
    database_url: str
    env: dict

    def log(self) -> str:
        return f"--- stdout ---\n{_tail(self.data_dir / 'server.stdout.log')}\n--- stderr ---\n{_tail(self.data_dir / 'server.stderr.log')}"

    def stop(self) -> None:
        proc = self.process
        if proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except OSError:
        return False


def _start_server(data_dir: Path, env_overrides: dict | None = None) -> LiveServer:
    data_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    database_url = f"sqlite:///{data_dir / 'app.db'}"
    env = dict(os.environ)
    env.pop("TEST_DATABASE_URL", None)
    env.update(SERVER_ENV)
    env["DATABASE_URL"] = database_url
    for key, value in (env_overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]
    with open(data_dir / "server.stdout.log", "wb") as out, open(data_dir / "server.stderr.log", "wb") as err:
        process = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    server = LiveServer(f"http://127.0.0.1:{port}")
    server.process, server.port, server.data_dir = process, port, data_dir
    server.database_url, server.env = env["DATABASE_URL"], dict(env_overrides or {})

    health = f"{server}/_stcore/health"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the app server exited with code {process.returncode} before answering {health}\n{' '.join(cmd)}\n{server.log()}",
                pytrace=False,
            )
        if _health_ok(health):
            return server
        try:  # the pause between two looks, cut short if the server exits
            process.wait(timeout=HEALTH_POLL)
        except subprocess.TimeoutExpired:
            pass
    server.stop()
    pytest.fail(
        f"the app server did not answer {health} with 'ok' within {SERVER_START_TIMEOUT:.0f} s\n{' '.join(cmd)}\n{server.log()}",
        pytrace=False,
    )


@pytest.fixture(scope="module")
def start_server(tmp_path_factory):
    """Factory: ``start_server(env_overrides=None)`` starts another app server on a
    fresh SQLite database (an override of None removes the variable) and returns its
    LiveServer. All are stopped when the module ends (or earlier by ``.stop()``)."""
    servers: list[LiveServer] = []

    def start(env_overrides: dict | None = None) -> LiveServer:
        server = _start_server(tmp_path_factory.mktemp("live_server"), env_overrides)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def live_server(start_server) -> LiveServer:
    """The app on a fresh SQLite database (migrated and seeded with the sample data on
    first start); the value is the base URL, e.g. "http://127.0.0.1:8765"."""
    return start_server()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium_path() -> str:
    _require(
        os.path.exists(CHROMIUM_PATH) and os.access(CHROMIUM_PATH, os.X_OK),
        f"{CHROMIUM_PATH} not found (bash scripts/test.sh installs Debian's chromium)",
    )
    return CHROMIUM_PATH


@pytest.fixture(scope="session")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt has it
        _require(False, "playwright is not installed (pip install -r requirements-dev.txt)")
    playwright = sync_playwright().start()
    expect.set_options(timeout=EXPECT_TIMEOUT)
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:150] or "page"


@pytest.fixture
def new_page(browser, request):
    """Factory: ``new_page(width=1366, height=768)`` opens a page with that viewport in
    its own browser context. Closed after the test; if the test failed, each page's
    screenshot is saved to test-artifacts/screenshots/FAILED-<test>-<n>.png first."""
    contexts = []

    def make(width: int = 1366, height: int = 768):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = any(getattr(getattr(request.node, f"_report_{when}", None), "failed", False) for when in ("setup", "call"))
    for n, context in enumerate(contexts):
        if failed:
            for page in context.pages:
                try:
                    screenshot(page, f"FAILED-{_safe_name(request.node.nodeid)}-{n}")
                except Exception:  # noqa: BLE001 - best effort only
                    pass
        context.close()


# --------------------------------------------------------------------------- helpers


def wait_for_app(page, timeout: float = APP_TIMEOUT) -> None:
    """Wait until Streamlit is connected and has finished running the script: ``stApp`` says so
    and the status widget shows no running icon. For a page just opened (its state starts as
    "initial"); after a click, expect what the click shows instead."""
    app, ms = page.get_by_test_id("stApp"), timeout * 1000
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=ms)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=ms)
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(0, timeout=ms)


def assert_no_exception(page) -> None:
    """Fail if the page shows "Page not found", a Streamlit exception box or a Python traceback.
    These are absences: call it once the run has shown what it should."""
    expect(page.get_by_text("Page not found"), f"no page at {page.url}").to_have_count(0)
    boxes = page.get_by_test_id("stException")
    try:
        expect(boxes).to_have_count(0)
    except AssertionError:
        texts = "\n---\n".join(boxes.all_inner_texts())
        raise AssertionError(f"the page shows exception(s) at {page.url}:\n{texts}") from None
    expect(page.locator("body"), f"a traceback at {page.url}").not_to_contain_text("Traceback")
    error_message = t("app.error", id="")[:8]  # the start of the message of an error the app caught
    expect(page.locator("body"), f"an error message at {page.url}").not_to_contain_text(error_message)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG to test-artifacts/screenshots/<name>.png and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{_safe_name(name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def submit_sign_in(page, base_url: str, username: str, password: str) -> None:
    """Open base_url, fill "用户名" and "密码" and click "登录"; the caller expects the outcome."""
    page.goto(base_url)
    wait_for_app(page)
    page.get_by_label(t("login.username"), exact=True).fill(username)
    page.get_by_label(t("login.password"), exact=True).fill(password)
    page.get_by_role("button", name=t("login.submit"), exact=True).click()


def is_cookie_grant(response) -> bool:
    """The answer of the app's cookie route, whose Set-Cookie holds the HttpOnly session cookie."""
    return response.url.endswith("/_dundian/session") and response.request.method == "POST"


def login(page, base_url: str, username: str, password: str) -> None:
    """Sign in and wait until signed in: the navigation is drawn (in the sidebar, which a phone keeps
    folded away), and the session cookie is set (the cookie route has answered), so that opening
    another URL (a new Streamlit session) stays signed in, as for a user who reloads."""
    with page.expect_response(is_cookie_grant, timeout=APP_TIMEOUT * 1000) as granted:
        submit_sign_in(page, base_url, username, password)
        expect(page.get_by_test_id("stSidebarNav")).to_be_attached(timeout=APP_TIMEOUT * 1000)
    assert granted.value.status == 204, f"the cookie route answered {granted.value.status}"
    wait_for_app(page)


def assert_signed_in(page) -> None:
    """The page shows the app, not the sign-in form."""
    expect(page.get_by_test_id("stSidebarNav"), "no navigation: not signed in").to_be_attached()
    expect(page.get_by_role("button", name=t("login.submit"), exact=True), "the sign-in form is showing").to_have_count(0)
