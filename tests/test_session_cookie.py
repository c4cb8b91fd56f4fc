"""The session cookie's grant and route (ui.web): a grant sets the HttpOnly, SameSite=Strict cookie
only in the browser it was made for, within its minute, from the app's own origin; behind HTTPS
(X-Forwarded-Proto from nginx) the cookie is Secure; every browser gets an HttpOnly browser key."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from starlette.applications import Starlette

from data_access.auth import actor_from_token, cookie_grant, issue_token, redeem_grant, token_expiry
from ui.web import MIDDLEWARE, ROUTES

BROWSER = "browser-key-of-alice"


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("DUNDIAN_SECRET", "cookie-test-secret")


def a_token(user_id: int = 7, epoch: int = 3) -> str:
    return issue_token(SimpleNamespace(id=user_id, session_epoch=epoch))


def request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> tuple[int, list[str]]:
    """One request through the app's routes and middleware: (status, Set-Cookie headers)."""
    app = Starlette(routes=ROUTES, middleware=MIDDLEWARE)
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
        "client": ("127.0.0.1", 50000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "127.0.0.1:8501", **headers}.items()],
        "http_version": "1.1",
        "root_path": "",
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    # Its own thread and loop: Playwright's sync API keeps a loop running in this one once a browser test ran.
    with ThreadPoolExecutor(1) as worker:
        worker.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], [v.decode() for k, v in start["headers"] if k == b"set-cookie"]


def post_grant(grant: str, browser: str | None = BROWSER, **headers: str) -> tuple[int, list[str]]:
    cookie = {"cookie": f"dundian_browser={browser}"} if browser else {}
    return request(
        "POST", "/_dundian/session", {**cookie, "content-type": "application/json", **headers}, json.dumps({"grant": grant}).encode()
    )


def session_cookie(set_cookies: list[str]):
    [header] = [h for h in set_cookies if h.startswith("dundian_session=")]
    parsed = SimpleCookie()
    parsed.load(header)
    return parsed["dundian_session"], header


def test_a_grant_sets_an_httponly_strict_cookie_holding_a_token_of_the_same_user_in_its_own_browser():
    status, cookies = post_grant(cookie_grant(a_token(7, 3), BROWSER))
    assert status == 204
    cookie, header = session_cookie(cookies)
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Secure" not in header
    assert cookie["path"] == "/" and cookie["max-age"] == str(12 * 3600)
    payload = URLSafeTimedSerializer("cookie-test-secret", salt="dundian-session").loads(cookie.value)
    assert payload == {"u": 7, "e": 3}  # the signed-in user and epoch: sign-out still ends it
    assert token_expiry(cookie.value) is not None


def test_the_grant_itself_holds_no_token():
    token = a_token()
    grant = cookie_grant(token, BROWSER)
    assert token not in grant and token.split(".")[0] not in grant
    assert actor_from_token(None, grant) is None  # not a session token either (never reaches the database)


def test_behind_https_the_cookie_is_secure():
    _, cookies = post_grant(cookie_grant(a_token(), BROWSER), **{"x-forwarded-proto": "https"})
    assert "Secure" in session_cookie(cookies)[1]


@pytest.mark.parametrize(
    "why, grant, browser, headers",
    [
        ("another browser", lambda: cookie_grant(a_token(), BROWSER), "browser-key-of-mallory", {}),
        ("no browser key", lambda: cookie_grant(a_token(), BROWSER), None, {}),
        ("a forged grant", lambda: cookie_grant(a_token(), BROWSER)[:-2] + "xx", BROWSER, {}),
        ("a session token instead", lambda: a_token(), BROWSER, {}),
        ("another site's page", lambda: cookie_grant(a_token(), BROWSER), BROWSER, {"origin": "http://evil.example"}),
    ],
)
def test_a_grant_is_refused(why, grant, browser, headers):
    status, cookies = post_grant(grant(), browser, **headers)
    assert status == 403, why
    assert not [c for c in cookies if c.startswith("dundian_session=")]


def test_a_grant_older_than_a_minute_is_refused(monkeypatch):
    grant = cookie_grant(a_token(), BROWSER)
    assert redeem_grant(grant, BROWSER)
    a_minute_later = int(time.time()) + 61
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: a_minute_later)
    assert redeem_grant(grant, BROWSER) is None


def test_a_grant_without_a_valid_token_clears_the_cookie():
    status, cookies = post_grant(cookie_grant(None, BROWSER))
    cookie, header = session_cookie(cookies)
    assert status == 204 and cookie.value == "" and cookie["max-age"] == "0" and "HttpOnly" in header


def test_a_browser_without_a_key_gets_one_in_an_httponly_cookie_and_keeps_it():
    _, first = request("GET", "/_dundian/session", {})
    [key] = [c for c in first if c.startswith("dundian_browser=")]
    assert "HttpOnly" in key and "SameSite=Lax" in key and len(key.split(";")[0]) > len("dundian_browser=") + 20
    _, again = request("GET", "/_dundian/session", {"cookie": key.split(";")[0]})
    assert not [c for c in again if c.startswith("dundian_browser=")]
