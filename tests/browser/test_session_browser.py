"""The session cookie in a real browser: set by the app's cookie route, HttpOnly and SameSite=Strict,
so no script on the page reads the token; a reload keeps the user signed in, a grant copied off the
page is refused in another browser, and signing out clears the cookie."""

import json

from playwright.sync_api import expect

from data_access.sample.shijiazhuang import DEMO_USERS
from i18n import t
from tests.browser.conftest import assert_signed_in, is_cookie_grant, login, screenshot, wait_for_app

PASSWORD = next(u["password"] for u in DEMO_USERS if u["username"] == "discipline")


def session_cookies(context) -> list[dict]:
    return [cookie for cookie in context.cookies() if cookie["name"] == "dundian_session"]


def test_the_session_cookie_is_out_of_reach_of_page_scripts_and_survives_a_reload(live_server, new_page):
    page = new_page()
    with page.expect_response(is_cookie_grant) as posted:
        login(page, live_server, "discipline", PASSWORD)
    [cookie] = session_cookies(page.context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain http on 127.0.0.1; behind HTTPS the route adds Secure
    assert cookie["value"] and cookie["value"] not in page.evaluate("document.cookie")
    assert "dundian_session" not in page.evaluate("document.cookie")
    assert "dundian_browser" not in page.evaluate("document.cookie")  # the key the grant is bound to, HttpOnly too

    # A grant read off the page, replayed at once: the browser it was made for may use it again (it
    # lives a minute), another browser may not, and gets no cookie.
    grant = json.loads(posted.value.request.post_data)
    assert page.context.request.post(f"{live_server}/_dundian/session", data=grant).status == 204
    thief = new_page().context
    thief.request.get(live_server)  # the thief's browser has a browser key of its own
    replayed = thief.request.post(f"{live_server}/_dundian/session", data=grant)
    assert replayed.status == 403
    assert session_cookies(thief) == []

    page.reload()
    wait_for_app(page)
    assert_signed_in(page)
    screenshot(page, "session-signed-in-after-reload")


def test_signing_out_clears_the_session_cookie(live_server, new_page):
    page = new_page(390, 844)  # a phone: the sign-out link sits in the folded sidebar
    login(page, live_server, "discipline", PASSWORD)
    assert len(session_cookies(page.context)) == 1
    with page.expect_response(is_cookie_grant) as cleared:
        page.goto(f"{live_server}/sign_out")
        expect(page.get_by_role("button", name=t("login.submit"), exact=True)).to_be_visible()
    assert cleared.value.status == 204
    assert session_cookies(page.context) == []
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("button", name=t("login.submit"), exact=True)).to_be_visible()
    screenshot(page, "session-signed-out-phone")
