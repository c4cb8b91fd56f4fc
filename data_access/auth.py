"""Accounts: Argon2id passwords, throttled failures, signed session tokens.

Failures are slowed down two ways (ASVS V6.3), without letting a stranger lock a real user out:
- per source (the client's address, kept only as a keyed hash): past ``SOURCE_FREE_FAILURES``
  within ``SOURCE_WINDOW``, whatever the accounts tried, each failure doubles the wait before
  the source may try again, up to ``SOURCE_MAX_DELAY``; a waiting source is refused unheard;
- per account: ``MAX_FAILED_LOGINS`` failures from sources that never signed in to it lock it for
  ``LOCKOUT``, for such sources only: where its user has signed in before, they still can.

A token carries the user's ``session_epoch``; logout, a password change and
disabling the account bump the epoch (``data_access.admin``), so every token issued before is
refused. Each of them writes an audit row, which is how the app's pages learn to check again.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from data_access.config import PROJECT_DIR, Config, config
from data_access.db import write_session
from data_access.models import AppUser, LoginSource, LoginThrottle, utcnow
from i18n import t

ROLES = ("leadership", "office", "member", "discipline")
MAX_FAILED_LOGINS = 5  # from sources that never signed in to the account
LOCKOUT = timedelta(minutes=15)
SOURCE_FREE_FAILURES = 10  # a source's failures before it has to wait
SOURCE_WINDOW = timedelta(hours=1)  # a source's failures are forgotten this long after its last one
SOURCE_FIRST_DELAY = timedelta(seconds=1)
SOURCE_MAX_DELAY = timedelta(minutes=15)
TOKEN_MAX_AGE_SECONDS = 12 * 3600
MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()  # argon2-cffi defaults to Argon2id
# Verifying against this keeps an unknown username as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Actor:
    """The acting user, as every data_access function that reads or writes receives it."""

    user_id: int | None
    role: str
    team_id: int | None = None
    person_id: int | None = None
    display_name: str = ""
    username: str = ""  # what the operator's log names them by

    @classmethod
    def of(cls, user) -> Actor:
        """From an ``AppUser`` or a row with its columns."""
        return cls(user.id, user.role, user.team_id, user.person_id, user.display_name or user.username, user.username)


SYSTEM = Actor(user_id=None, role="office", display_name="system")


class AuthError(Exception):
    """Login refused; ``key`` is a catalogue key that never says whether the user exists."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> str | None:
    """A catalogue key naming what is wrong with a new password, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "auth.password_too_short"
    return None


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    team_id: int | None = None,
    person_id: int | None = None,
    is_demo: bool = False,
) -> AppUser:
    if role not in ROLES:
        raise ValueError(f"unknown role {role}")
    if role == "member" and team_id is None:
        raise ValueError("a team member needs a team")
    user = AppUser(
        username=username,
        password_hash=hash_password(password),
        role=role,
        display_name=display_name or username,
        team_id=team_id,
        person_id=person_id,
        is_demo=is_demo,
    )
    session.add(user)
    session.flush()
    return user


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def client_source(peer: str | None, forwarded_for: str | None) -> str | None:
    """The client's address: the peer's, or behind a proxy on this machine (nginx) the last
    address of X-Forwarded-For, the one the proxy itself appended (earlier ones are the client's say)."""
    try:
        behind_proxy = peer is not None and ipaddress.ip_address(peer).is_loopback
    except ValueError:
        behind_proxy = False
    if behind_proxy and forwarded_for:
        return forwarded_for.split(",")[-1].strip() or peer
    return peer


def _source_key(source: str | None) -> str | None:
    """What the database keeps of a client address: a keyed hash (no one's whereabouts stored)."""
    if not source:
        return None
    return hmac.new(_secret().encode(), source.encode(), hashlib.sha256).hexdigest()[:32]


def authenticate(engine: Engine, username: str, password: str, now: datetime | None = None, source: str | None = None) -> AppUser:
    """The user on a correct password; AuthError otherwise, counting the failure against the
    source and, from a source the account does not know, toward the account's lock."""
    now = now or utcnow()
    key = _source_key(source)
    try:
        user, refusal = _attempt(engine, username, password, key, now)
    except IntegrityError:  # a source's first row, written meanwhile by another try of it (PostgreSQL): once more
        user, refusal = _attempt(engine, username, password, key, now)
    if refusal:  # raised after the commit: inside write_session it would roll the count back
        raise AuthError(refusal)
    return user


def _attempt(engine: Engine, username: str, password: str, key: str | None, now: datetime) -> tuple[AppUser | None, str | None]:
    with write_session(engine) as session:
        throttle = session.get(LoginThrottle, key) if key else None
        if throttle and throttle.blocked_until and _aware(throttle.blocked_until) > now:
            return None, "auth.slow_down"  # unheard: a waiting source learns nothing of any password
        user, refusal = _try(session, username, password, key, now)
        if refusal and key:
            _count_source_failure(session, throttle, key, now)
    return user, refusal


def _try(session: Session, username: str, password: str, key: str | None, now: datetime) -> tuple[AppUser | None, str | None]:
    """(the user, None) on a correct password, else (None, the refusal's key)."""
    user = session.exec(select(AppUser).where(AppUser.username == username.strip())).first()
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None, "auth.bad_credentials"
    known = key is not None and session.get(LoginSource, (user.id, key)) is not None
    if not known and user.locked_until and _aware(user.locked_until) > now:
        return None, "auth.locked"
    if not _verify(user.password_hash, password) or user.disabled:
        if known:  # the account's own user mistyping: slowed per source, never locked
            return None, "auth.bad_credentials"
        _count_failure(user, now)
        return None, "auth.locked" if user.locked_until and _aware(user.locked_until) > now else "auth.bad_credentials"
    user.failed_logins = 0
    user.locked_until = None
    if key:
        session.merge(LoginSource(user_id=user.id, source=key, last_success_at=now))
    return user, None


def _count_source_failure(session: Session, throttle: LoginThrottle | None, key: str, now: datetime) -> None:
    """One more failure from a source; past the free ones, a wait that doubles with each."""
    session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - SOURCE_WINDOW, LoginThrottle.source != key))
    if throttle is None:
        throttle = LoginThrottle(source=key, failures=0)
        session.add(throttle)
    elif now - _aware(throttle.last_failure_at) > SOURCE_WINDOW:
        throttle.failures = 0
    throttle.failures += 1
    throttle.last_failure_at = now
    over = throttle.failures - SOURCE_FREE_FAILURES
    throttle.blocked_until = now + min(SOURCE_FIRST_DELAY * 2 ** min(over - 1, 20), SOURCE_MAX_DELAY) if over > 0 else None


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(user: AppUser, now: datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILED_LOGINS:
        user.locked_until = now + LOCKOUT
        user.failed_logins = 0


# ---------------------------------------------------------------- session tokens


def _secret() -> str:
    """The cookie secret: DUNDIAN_SECRET, else one kept in var/ (replicas must share it)."""
    configured = config().secret
    if configured:
        return configured
    path = PROJECT_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _serializer() -> URLSafeTimedSerializer:
    return _serializer_for(_secret())


@lru_cache(maxsize=4)
def _serializer_for(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="dundian-session")


def issue_token(user: AppUser) -> str:
    return _serializer().dumps({"u": user.id, "e": user.session_epoch})


_SIGNED_IN_COLUMNS = (
    AppUser.id,
    AppUser.role,
    AppUser.team_id,
    AppUser.person_id,
    AppUser.display_name,
    AppUser.username,
    AppUser.disabled,
    AppUser.session_epoch,
)


def _signed(token: str | None) -> tuple[dict, datetime] | None:
    """A token's payload and signing time if its signature holds and it has not expired, else None."""
    if not token:
        return None
    try:
        return _serializer().loads(token, max_age=TOKEN_MAX_AGE_SECONDS, return_timestamp=True)
    except (BadSignature, SignatureExpired):
        return None


def token_expiry(token: str | None) -> float | None:
    """When a token whose signature holds expires (seconds since the epoch), else None."""
    signed = _signed(token)
    return None if signed is None else signed[1].timestamp() + TOKEN_MAX_AGE_SECONDS


# ---------------------------------------------------------------- the cookie that holds a token
#
# The session cookie is HttpOnly, so page scripts cannot read it, and only an HTTP response can set
# it; signing in happens over the websocket. So the run hands the browser a grant, which the browser
# posts to the app's cookie route (ui.web), and the response sets the cookie. A grant holds no token,
# lives a minute and is bound to the browser's own HttpOnly key: a copy read off the page is
# worthless in another browser.

GRANT_MAX_AGE_SECONDS = 60


def _grants() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(), salt="dundian-cookie-grant")


def cookie_grant(token: str | None, browser_key: str) -> str:
    """A grant to set the session cookie to a fresh token for the user of ``token`` in the browser
    with ``browser_key``; with no valid token, a grant to clear the cookie there."""
    signed = _signed(token)
    payload = {"u": signed[0].get("u"), "e": signed[0].get("e")} if signed else {"clear": True}
    return _grants().dumps({**payload, "b": browser_key})


def redeem_grant(grant: str, browser_key: str | None) -> str | None:
    """The session cookie's new value ("" to clear it), or None for a bad, old or foreign grant."""
    try:
        payload = _grants().loads(grant, max_age=GRANT_MAX_AGE_SECONDS)
    except (BadSignature, SignatureExpired):
        return None
    if not browser_key or not isinstance(payload, dict) or payload.get("b") != browser_key:
        return None
    return "" if payload.get("clear") else _serializer().dumps({"u": payload.get("u"), "e": payload.get("e")})


def actor_from_token(engine: Engine, token: str | None) -> Actor | None:
    """The user a token still stands for, or None (bad, expired, stale epoch, disabled)."""
    signed = _signed(token)
    if signed is None:
        return None
    payload = signed[0]
    with engine.connect() as connection:  # a bare connection: an ORM session costs five times more
        user = connection.execute(select(*_SIGNED_IN_COLUMNS).where(AppUser.id == payload.get("u"))).first()
    if user is None or user.disabled or user.session_epoch != payload.get("e"):
        return None
    return Actor.of(user)


def ensure_admin(engine: Engine, conf: Config | None = None) -> str | None:
    """Create the first office account ``admin`` if no office account exists.

    Its password comes from DUNDIAN_ADMIN_PASSWORD (``conf``, default: the environment's);
    otherwise one is generated and returned so that the caller prints it once.
    """
    with write_session(engine) as session:
        if session.exec(select(AppUser).where(AppUser.role == "office", AppUser.is_demo == False)).first():  # noqa: E712
            return None
        configured = (conf or config()).admin_password
        password = configured or secrets.token_urlsafe(12)
        create_user(session, "admin", password, "office", display_name=t("auth.admin_name"))  # stored: the default language
    return None if configured else password
