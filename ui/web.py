"""What the app adds to Streamlit's web server (``st.App`` in app.py): the session cookie's route,
the browser key it is bound to, and the handler of errors raised outside a page's run.

The session cookie is ``HttpOnly`` (page scripts cannot read it), ``SameSite=Strict`` and, behind
HTTPS, ``Secure``: HTTPS is the request's own scheme or ``X-Forwarded-Proto: https`` from the proxy
(scripts/serve.sh sets it). Only an HTTP response can set such a cookie, so a run that signs a user
in or out hands the browser a grant (``data_access.auth.cookie_grant``), and the browser posts it
to ``COOKIE_ROUTE``. A grant is bound to the browser key, a random HttpOnly cookie this middleware
gives every browser on its first request, which the run reads from the websocket's cookies.
"""

from __future__ import annotations

import logging
import secrets

from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Route

from data_access import logs
from data_access.auth import TOKEN_MAX_AGE_SECONDS, redeem_grant
from ui.context import show_error

SESSION_COOKIE = "dundian_session"
BROWSER_COOKIE = "dundian_browser"
COOKIE_ROUTE = "/_dundian/session"
BROWSER_KEY_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie


def is_https(connection: HTTPConnection) -> bool:
    forwarded = connection.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return connection.url.scheme == "https" or forwarded == "https"


def _cookie(name: str, value: str, max_age: int, same_site: str, secure: bool) -> str:
    attributes = [f"{name}={value}", "Path=/", f"Max-Age={max_age}", "HttpOnly", f"SameSite={same_site}"]
    return "; ".join(attributes + (["Secure"] if secure else []))


class BrowserKey:
    """Gives a browser without one a random key in an HttpOnly cookie (plain ASGI: responses stream)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        connection = HTTPConnection(scope)
        if scope["type"] != "http" or connection.cookies.get(BROWSER_COOKIE):
            await self.app(scope, receive, send)
            return
        cookie = _cookie(BROWSER_COOKIE, secrets.token_urlsafe(24), BROWSER_KEY_MAX_AGE, "Lax", is_https(connection))

        async def send_with_key(message):
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_key)


async def session_cookie(request: Request) -> Response:
    """POST {"grant": ...}: sets (or clears) the session cookie the grant names, in the browser it
    was made for; 403 for anything else."""
    origin = request.headers.get("origin")
    same_origin = origin is None or origin.split("://", 1)[-1] == request.headers.get("host")
    try:
        grant = (await request.json()).get("grant", "")
    except (ValueError, AttributeError):
        grant = ""
    value = redeem_grant(grant, request.cookies.get(BROWSER_COOKIE)) if same_origin and isinstance(grant, str) else None
    if value is None:
        logs.event("refused", logging.WARNING, reason="cookie_grant", origin=origin)
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    max_age = TOKEN_MAX_AGE_SECONDS if value else 0
    response.headers.append("set-cookie", _cookie(SESSION_COOKIE, value, max_age, "Strict", is_https(request)))
    return response


def on_script_error(error: Exception) -> bool:
    """An error outside a page's run (a widget's callback): logged with an id, which the user is shown."""
    show_error(error)
    return True  # instead of Streamlit's exception box


ROUTES = [Route(COOKIE_ROUTE, session_cookie, methods=["POST"])]
MIDDLEWARE = [Middleware(BrowserKey)]
