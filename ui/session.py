"""Sign-in, sign-out and the session cookie.

The token lives in ``st.session_state`` for this browser tab and in an HttpOnly cookie so that
a reload keeps the user signed in (the cookie is set by the app's cookie route, ``ui.web``, from a
grant this run hands the browser). Its signature is checked once per token and its age at every
run, and the user behind it once per data version: logout, a password change or a disabled account each write an
audit row, so the next run checks again and finds every older token worthless.
"""

from __future__ import annotations

import json
import time

import streamlit as st

from data_access import logs
from data_access.admin import end_sessions
from data_access.auth import Actor, AuthError, actor_from_token, authenticate, cookie_grant, issue_token, token_expiry
from ui.context import client_address, engine, tr
from ui.data import data_version
from ui.web import BROWSER_COOKIE, COOKIE_ROUTE, SESSION_COOKIE

_SIGNED_IN_KEYS = ("token", "token_expires", "actor", "actor_checked")  # what a session holds while signed in


def _cookie(name: str) -> str | None:
    """A cookie the browser sent with the websocket (text; a harness without a browser has none)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and value else None


def flush_cookie() -> None:
    """Deliver a pending cookie change, once per run after sign-in or sign-out: the browser posts
    the grant to the cookie route, whose answer sets (or clears) the HttpOnly cookie."""
    if "cookie_pending" not in st.session_state:
        return
    token = st.session_state.pop("cookie_pending")
    browser_key = _cookie(BROWSER_COOKIE)
    if browser_key is None:  # no browser of this server (a test harness): nothing to deliver to
        return
    body = json.dumps({"grant": cookie_grant(token, browser_key)})
    request = {"method": "POST", "credentials": "same-origin", "headers": {"Content-Type": "application/json"}, "body": body}
    st.html(f"<script>fetch({json.dumps(COOKIE_ROUTE)}, {json.dumps(request)});</script>", unsafe_allow_javascript=True)


def current_actor() -> Actor | None:
    """The signed-in user for this run, verified on the server, or None."""
    token = st.session_state.get("token") or _cookie(SESSION_COOKIE)
    signed_in = _checked_actor(token) if _unexpired(token) else None
    if signed_in is None:
        for key in _SIGNED_IN_KEYS:
            st.session_state.pop(key, None)
        return None
    st.session_state["token"] = token
    st.session_state["actor"] = signed_in
    logs.identify(signed_in.username or str(signed_in.user_id))
    return signed_in


def _unexpired(token: str | None) -> bool:
    """Whether the token's signature holds, checked once per token, and it has not expired, at every run."""
    checked = st.session_state.get("token_expires")
    if checked is None or checked[0] != token:
        checked = st.session_state["token_expires"] = (token, token_expiry(token))
    return checked[1] is not None and time.time() < checked[1]


def _checked_actor(token: str) -> Actor | None:
    """The token's user, looked up again only when the data has changed since the last look."""
    version = data_version()
    checked = st.session_state.get("actor_checked")
    if checked is not None and checked[:2] == (token, version):
        return checked[2]
    signed_in = actor_from_token(engine(), token)
    st.session_state["actor_checked"] = (token, version, signed_in)
    return signed_in


def login_page() -> None:
    st.title(tr("app.title"))
    st.caption(tr("login.subtitle"))
    with st.form("login", enter_to_submit=True):
        username = st.text_input(tr("login.username"), autocomplete="username")
        password = st.text_input(tr("login.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(tr("login.submit"), type="primary", width="stretch")
    if submitted:
        try:
            user = authenticate(engine(), username, password, source=client_address())
        except AuthError as refused:
            logs.event("sign_in", outcome="failure", username=username.strip()[:64], reason=refused.key)
            # One message for every refusal: a locked account must not reveal that the name exists.
            st.error(tr("auth.refused"))
            return
        logs.identify(user.username)
        logs.event("sign_in", outcome="success", username=user.username, role=user.role)
        token = issue_token(user)
        st.session_state["token"] = token
        st.session_state["cookie_pending"] = token
        st.rerun()


def sign_out() -> None:
    actor = st.session_state.get("actor")
    if actor and actor.user_id:
        end_sessions(engine(), actor)
        logs.event("sign_out")
    for key in _SIGNED_IN_KEYS:
        st.session_state.pop(key, None)
    st.session_state["cookie_pending"] = None  # a grant to clear the cookie
