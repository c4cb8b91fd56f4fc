"""Accounts: Argon2id hashes, sign-in, lockout, session tokens and the first admin."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from data_access import admin, auth
from data_access.auth import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    Actor,
    AuthError,
    actor_from_token,
    authenticate,
    create_user,
    ensure_admin,
    issue_token,
)
from data_access.db import read_session, write_session
from data_access.ledger_store import ValidationFailed
from data_access.models import AppUser, AuditLog, utcnow
from tests.factories import make_round

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "new-staple-2021"
REAL_HASHER = auth._hasher


@pytest.fixture(autouse=True)
def _secret_and_fast_hashing(monkeypatch):
    """A fixed signing secret, so that no test writes var/secret_key; and Argon2id with
    minimal cost (the production cost takes ~0.4 s a hash here), except where a test asks."""
    monkeypatch.setenv("DUNDIAN_SECRET", "test-secret-for-tokens")
    monkeypatch.delenv("DUNDIAN_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def make_user(engine, username="zhang", role="office", password=PASSWORD, **extra) -> int:
    with write_session(engine) as session:
        return create_user(session, username, password, role, **extra).id


def load(engine, user_id) -> AppUser:
    with read_session(engine) as session:
        return session.get(AppUser, user_id)


def office_actor(engine) -> Actor:
    return Actor.of(load(engine, make_user(engine, "office_admin", "office")))


def refusal(engine, username, password, **kwargs) -> str:
    with pytest.raises(AuthError) as refused:
        authenticate(engine, username, password, **kwargs)
    return refused.value.key


# ---------------------------------------------------------------- passwords


def test_password_is_stored_as_an_argon2id_hash(engine, monkeypatch):
    monkeypatch.setattr(auth, "_hasher", REAL_HASHER)
    user = load(engine, make_user(engine))
    assert user.password_hash.startswith("$argon2id$")
    params = dict(p.split("=") for p in user.password_hash.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2  # at least OWASP's Argon2id minimum
    assert PASSWORD not in user.password_hash
    assert auth.hash_password(PASSWORD) != auth.hash_password(PASSWORD)  # salted
    assert authenticate(engine, "zhang", PASSWORD).id == user.id


def test_users_added_by_the_office_get_argon2id_and_the_audit_never_holds_the_hash(engine):
    office = office_actor(engine)
    user_id = admin.add_user(engine, office, "li", PASSWORD, "discipline", "李纪检", None, None)
    assert load(engine, user_id).password_hash.startswith("$argon2id$")
    with read_session(engine) as session:
        entry = session.exec(select(AuditLog).where(AuditLog.table_name == "app_user")).one()
    assert "password_hash" not in json.loads(entry.after) and "argon2" not in entry.after


def test_new_passwords_must_be_long_enough(engine):
    office = office_actor(engine)
    user_id = make_user(engine)
    before = load(engine, user_id)
    with pytest.raises(ValidationFailed):
        admin.change_password(engine, office, user_id, "short")
    after = load(engine, user_id)
    assert after.password_hash == before.password_hash and after.session_epoch == before.session_epoch
    with pytest.raises(ValidationFailed):
        admin.add_user(engine, office, "wang", "short", "office", "王", None, None)


# ---------------------------------------------------------------- sign-in and lockout


def test_right_password_signs_in(engine):
    user_id = make_user(engine)
    user = authenticate(engine, "zhang", PASSWORD)
    assert user.id == user_id and user.role == "office"
    assert authenticate(engine, "  zhang ", PASSWORD).id == user_id  # stray blanks are forgiven


def test_wrong_password_and_unknown_user_are_refused_alike(engine):
    make_user(engine)
    with pytest.raises(AuthError) as wrong:
        authenticate(engine, "zhang", "not-the-password")
    with pytest.raises(AuthError) as unknown:
        authenticate(engine, "nobody", PASSWORD)
    assert wrong.value.key == unknown.value.key == "auth.bad_credentials"
    assert str(wrong.value) == str(unknown.value)


def test_a_disabled_account_is_refused_like_a_wrong_password(engine):
    office = office_actor(engine)
    user_id = make_user(engine, "disabled_one", "member", team_id=make_round(engine)["team_ids"][0])
    admin.set_disabled(engine, office, user_id, True)
    assert refusal(engine, "disabled_one", PASSWORD) == "auth.bad_credentials"
    admin.set_disabled(engine, office, user_id, False)
    assert authenticate(engine, "disabled_one", PASSWORD).id == user_id


def test_five_failures_lock_the_account_until_the_lockout_ends(engine):
    user_id = make_user(engine)
    start = utcnow()
    keys = [refusal(engine, "zhang", f"wrong-{i}", now=start) for i in range(MAX_FAILED_LOGINS)]
    assert keys == ["auth.bad_credentials"] * (MAX_FAILED_LOGINS - 1) + ["auth.locked"]
    # The lock is stored, not just reported: the right password is refused too.
    assert load(engine, user_id).locked_until is not None
    assert refusal(engine, "zhang", PASSWORD, now=start + timedelta(seconds=1)) == "auth.locked"
    assert refusal(engine, "zhang", PASSWORD, now=start + LOCKOUT - timedelta(seconds=1)) == "auth.locked"
    # Once the lockout is over the right password works again and the slate is clean.
    user = authenticate(engine, "zhang", PASSWORD, now=start + LOCKOUT + timedelta(seconds=1))
    assert user.id == user_id
    stored = load(engine, user_id)
    assert stored.locked_until is None and stored.failed_logins == 0


def test_failures_below_the_limit_are_forgotten_after_a_good_sign_in(engine):
    make_user(engine)
    for _ in range(MAX_FAILED_LOGINS - 1):
        refusal(engine, "zhang", "wrong")
    authenticate(engine, "zhang", PASSWORD)
    for _ in range(MAX_FAILED_LOGINS - 1):
        assert refusal(engine, "zhang", "wrong") == "auth.bad_credentials"
    assert authenticate(engine, "zhang", PASSWORD)


def test_the_office_can_lift_a_lock_and_a_new_password_lifts_it_too(engine):
    office = office_actor(engine)
    user_id = make_user(engine)
    for _ in range(MAX_FAILED_LOGINS):
        refusal(engine, "zhang", "wrong")
    assert refusal(engine, "zhang", PASSWORD) == "auth.locked"
    admin.unlock(engine, office, user_id)
    assert authenticate(engine, "zhang", PASSWORD).id == user_id
    for _ in range(MAX_FAILED_LOGINS):
        refusal(engine, "zhang", "wrong")
    admin.change_password(engine, office, user_id, NEW_PASSWORD)
    assert authenticate(engine, "zhang", NEW_PASSWORD).id == user_id


# ---------------------------------------------------------------- session tokens


def test_a_fresh_token_stands_for_its_user(engine):
    user_id = make_user(engine)
    token = issue_token(authenticate(engine, "zhang", PASSWORD))
    assert actor_from_token(engine, token).user_id == user_id
    assert actor_from_token(engine, None) is None and actor_from_token(engine, "") is None


def test_logout_ends_every_earlier_token(engine):
    user_id = make_user(engine)
    first = issue_token(authenticate(engine, "zhang", PASSWORD))
    second = issue_token(authenticate(engine, "zhang", PASSWORD))  # another browser
    admin.end_sessions(engine, actor_from_token(engine, first))
    assert actor_from_token(engine, first) is None and actor_from_token(engine, second) is None
    with read_session(engine) as session:  # the pages learn from the audit log to check again
        logged = session.exec(select(AuditLog).where(AuditLog.table_name == "app_user", AuditLog.row_id == user_id)).all()
    assert [json.loads(row.after).keys() for row in logged] == [{"signed_out"}]
    fresh = issue_token(authenticate(engine, "zhang", PASSWORD))
    assert actor_from_token(engine, fresh).user_id == user_id


@pytest.mark.parametrize("by", ["self", "office"])
def test_a_password_change_ends_earlier_tokens(engine, by):
    user_id = make_user(engine, "member_a", "member", team_id=make_round(engine)["team_ids"][0])
    user = authenticate(engine, "member_a", PASSWORD)
    old_token = issue_token(user)
    actor = Actor.of(user) if by == "self" else office_actor(engine)
    admin.change_password(engine, actor, user_id, NEW_PASSWORD)
    assert actor_from_token(engine, old_token) is None
    assert refusal(engine, "member_a", PASSWORD) == "auth.bad_credentials"
    fresh = issue_token(authenticate(engine, "member_a", NEW_PASSWORD))
    assert actor_from_token(engine, fresh).user_id == user_id


def test_disabling_ends_earlier_tokens_and_re_enabling_needs_a_new_sign_in(engine):
    office = office_actor(engine)
    user_id = make_user(engine, "leader", "leadership")
    old_token = issue_token(authenticate(engine, "leader", PASSWORD))
    admin.set_disabled(engine, office, user_id, True)
    assert actor_from_token(engine, old_token) is None
    admin.set_disabled(engine, office, user_id, False)
    assert actor_from_token(engine, old_token) is None  # re-enabling does not revive it
    fresh = issue_token(authenticate(engine, "leader", PASSWORD))
    assert actor_from_token(engine, fresh).user_id == user_id


def test_a_token_of_a_disabled_user_is_refused_even_with_the_current_epoch(engine):
    user_id = make_user(engine)
    token = issue_token(authenticate(engine, "zhang", PASSWORD))
    with write_session(engine) as session:  # disabled behind the app's back: the epoch stays
        session.get(AppUser, user_id).disabled = True
    assert actor_from_token(engine, token) is None


def _flip(char: str) -> str:
    return "B" if char == "A" else "A"


def test_tampered_forged_and_expired_tokens_are_refused(engine, monkeypatch):
    user_id = make_user(engine)
    other_id = make_user(engine, "wang")
    token = issue_token(authenticate(engine, "zhang", PASSWORD))
    payload, timestamp, signature = token.split(".")
    tampered = [
        _flip(token[0]) + token[1:],  # payload changed
        ".".join([payload, timestamp, signature[:10] + _flip(signature[10]) + signature[11:]]),  # signature changed
        ".".join([issue_token(load(engine, other_id)).split(".")[0], timestamp, signature]),  # payload swapped
        ".".join([payload, timestamp]),  # signature dropped
        "garbage",
    ]
    for bad in tampered:
        assert actor_from_token(engine, bad) is None, bad
        assert auth.token_expiry(bad) is None, bad
    assert actor_from_token(engine, token).user_id == user_id
    assert abs(auth.token_expiry(token) - time.time() - auth.TOKEN_MAX_AGE_SECONDS) < 60

    monkeypatch.setenv("DUNDIAN_SECRET", "another-secret")
    forged = issue_token(load(engine, other_id))  # signed with a secret the server does not hold
    assert actor_from_token(engine, token) is None
    monkeypatch.setenv("DUNDIAN_SECRET", "test-secret-for-tokens")
    assert actor_from_token(engine, forged) is None

    monkeypatch.setattr(auth, "TOKEN_MAX_AGE_SECONDS", -1)
    assert actor_from_token(engine, token) is None
    assert auth.token_expiry(token) is None


# ---------------------------------------------------------------- the first admin


def _office_users(engine) -> list[AppUser]:
    with read_session(engine) as session:
        return session.exec(select(AppUser).where(AppUser.role == "office")).all()


def test_ensure_admin_uses_the_configured_password_once(engine, monkeypatch):
    monkeypatch.setenv("DUNDIAN_ADMIN_PASSWORD", "configured-admin-pw")
    assert ensure_admin(engine) is None  # nothing to print: the operator chose it
    [created] = _office_users(engine)
    assert created.username == "admin" and created.password_hash.startswith("$argon2id$")
    assert authenticate(engine, "admin", "configured-admin-pw").id == created.id
    monkeypatch.setenv("DUNDIAN_ADMIN_PASSWORD", "a-different-pw")
    assert ensure_admin(engine) is None
    assert [u.id for u in _office_users(engine)] == [created.id]
    assert refusal(engine, "admin", "a-different-pw") == "auth.bad_credentials"


def test_ensure_admin_generates_and_returns_a_password_once(engine):
    password = ensure_admin(engine)
    assert isinstance(password, str) and len(password) >= auth.MIN_PASSWORD_LENGTH
    [created] = _office_users(engine)
    assert created.username == "admin" and password not in created.password_hash
    assert authenticate(engine, "admin", password).id == created.id
    assert ensure_admin(engine) is None
    assert len(_office_users(engine)) == 1


def test_ensure_admin_ignores_demo_office_accounts_but_respects_real_ones(engine):
    make_user(engine, "demo_office", "office", is_demo=True)
    assert ensure_admin(engine) is not None  # a demo account is no administrator
    assert {u.username for u in _office_users(engine)} == {"demo_office", "admin"}

    # A real office account exists (under another name): no second admin appears.
    with write_session(engine) as session:
        session.exec(select(AppUser).where(AppUser.username == "admin")).one().username = "renamed"
    assert ensure_admin(engine) is None
    assert {u.username for u in _office_users(engine)} == {"demo_office", "renamed"}
