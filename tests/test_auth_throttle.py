"""Sign-in failures slowed per source and per account without a stranger locking a real user out
(issue 21 item 6, ASVS V6.3), on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from data_access import auth
from data_access.auth import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    SOURCE_FREE_FAILURES,
    AuthError,
    authenticate,
    client_source,
    create_user,
)
from data_access.db import read_session, write_session
from data_access.models import AppUser, LoginSource, LoginThrottle, utcnow
from i18n import t

PASSWORD = "correct-horse-42"
HOME, STRANGER, NEW_PLACE = "10.1.2.3", "203.0.113.66", "10.1.2.99"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setenv("DUNDIAN_SECRET", "throttle-test-secret")


def make_user(engine, username="zhang") -> int:
    with write_session(engine) as session:
        return create_user(session, username, PASSWORD, "office").id


def refusal(engine, username, password, source, now) -> str:
    with pytest.raises(AuthError) as refused:
        authenticate(engine, username, password, now=now, source=source)
    return refused.value.key


def test_a_stranger_cannot_lock_out_a_user_where_they_signed_in_before(engine):
    user_id = make_user(engine)
    start = utcnow()
    authenticate(engine, "zhang", PASSWORD, now=start, source=HOME)  # the user's own machine, known from now on
    keys = [refusal(engine, "zhang", f"guess-{i}", STRANGER, start) for i in range(MAX_FAILED_LOGINS + 1)]
    assert keys == ["auth.bad_credentials"] * (MAX_FAILED_LOGINS - 1) + ["auth.locked"] * 2
    assert refusal(engine, "zhang", PASSWORD, STRANGER, start) == "auth.locked"  # the stranger is shut out, even if they guess it
    assert refusal(engine, "zhang", PASSWORD, NEW_PLACE, start) == "auth.locked"  # as is any place the user never signed in from
    assert authenticate(engine, "zhang", PASSWORD, now=start + timedelta(seconds=1), source=HOME).id == user_id
    assert authenticate(engine, "zhang", PASSWORD, now=start + LOCKOUT + timedelta(seconds=1), source=NEW_PLACE).id == user_id


def test_the_users_own_typos_where_they_signed_in_before_never_lock_the_account(engine):
    user_id = make_user(engine)
    start = utcnow()
    authenticate(engine, "zhang", PASSWORD, now=start, source=HOME)
    for i in range(MAX_FAILED_LOGINS + 2):
        assert refusal(engine, "zhang", f"typo-{i}", HOME, start) == "auth.bad_credentials"
    with read_session(engine) as session:
        assert session.get(AppUser, user_id).locked_until is None
    assert authenticate(engine, "zhang", PASSWORD, now=start, source=HOME).id == user_id


def waits(engine, source, start, tries: int) -> list[float]:
    """Seconds the source must wait after each of ``tries`` failures, each tried once the last wait is over."""
    found, now = [], start
    for i in range(tries):
        assert refusal(engine, f"nobody{i}", "guess", source, now) == "auth.bad_credentials"
        with read_session(engine) as session:
            blocked = session.exec(select(LoginThrottle.blocked_until)).one()
        found.append(0.0 if blocked is None else (auth._aware(blocked) - now).total_seconds())
        now = auth._aware(blocked) + timedelta(milliseconds=1) if blocked else now
    return found


def test_a_source_that_keeps_failing_waits_longer_after_each_failure(engine):
    make_user(engine)
    start = utcnow()
    found = waits(engine, STRANGER, start, SOURCE_FREE_FAILURES + 4)
    assert found == [0.0] * SOURCE_FREE_FAILURES + [1.0, 2.0, 4.0, 8.0]  # one second, doubling


def test_a_waiting_source_is_refused_unheard_and_told_to_wait(engine):
    user_id = make_user(engine)
    start = utcnow()
    for i in range(SOURCE_FREE_FAILURES + 1):
        refusal(engine, f"nobody{i}", "guess", STRANGER, start)
    with read_session(engine) as session:
        before = session.exec(select(LoginThrottle.failures)).one()
    assert refusal(engine, "zhang", PASSWORD, STRANGER, start) == "auth.slow_down"  # even the right password waits
    assert t("auth.slow_down", "zh") == "尝试过于频繁，请稍后再试"
    with read_session(engine) as session:
        assert session.exec(select(LoginThrottle.failures)).one() == before  # nothing counted while it waits
        assert session.get(AppUser, user_id).failed_logins == 0  # nor held against the account
    assert authenticate(engine, "zhang", PASSWORD, now=start, source=HOME).id == user_id  # other sources are not slowed


def test_a_sources_failures_are_forgotten_an_hour_after_its_last(engine):
    make_user(engine)
    start = utcnow()
    for i in range(SOURCE_FREE_FAILURES):
        refusal(engine, f"nobody{i}", "guess", STRANGER, start)
    later = start + auth.SOURCE_WINDOW + timedelta(seconds=1)
    assert refusal(engine, "nobody", "guess", STRANGER, later) == "auth.bad_credentials"
    with read_session(engine) as session:
        throttle = session.exec(select(LoginThrottle)).one()
    assert (throttle.failures, throttle.blocked_until) == (1, None)


def test_the_database_keeps_no_client_address(engine):
    make_user(engine)
    authenticate(engine, "zhang", PASSWORD, source=HOME)
    refusal(engine, "zhang", "wrong", STRANGER, utcnow())
    with read_session(engine) as session:
        kept = [*session.exec(select(LoginSource.source)).all(), *session.exec(select(LoginThrottle.source)).all()]
    assert len(kept) == 2 and not any(address in key for key in kept for address in (HOME, STRANGER))


def test_behind_the_local_proxy_the_address_it_forwarded_counts_and_a_forged_one_does_not():
    assert client_source("127.0.0.1", "6.6.6.6, 10.1.2.3") == "10.1.2.3"  # nginx appends the peer it saw
    assert client_source("10.1.2.3", "127.0.0.1") == "10.1.2.3"  # no proxy in front: the header is the client's say
    assert client_source("127.0.0.1", None) == "127.0.0.1"
    assert client_source(None, None) is None
