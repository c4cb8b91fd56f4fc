"""manage.py reset-password: the way back into an account whose password is lost, such as the
first office account's, printed once at the first start."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from data_access.auth import AuthError, authenticate
from data_access.db import read_session
from data_access.models import AppUser, AuditLog
from data_access.startup import start
from manage import main
from tests.factories import make_round


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A database whose first start generated the admin's password (none configured), with a round
    so that no later start loads the sample."""
    monkeypatch.delenv("DUNDIAN_ADMIN_PASSWORD", raising=False)
    url = f"sqlite:///{tmp_path / 'ops.db'}"
    engine = start(url, sample=False)
    make_round(engine, n_teams=1)
    return url, engine


def test_a_generated_password_is_printed_once_and_signs_in(database, capsys):
    url, engine = database
    assert main(["reset-password", "admin", "--generate", "--db", url]) == 0
    printed = re.search(r"Password of 'admin' changed: (\S+)$", capsys.readouterr().out.strip()).group(1)
    assert authenticate(engine, "admin", printed).username == "admin"
    with read_session(engine) as session:  # the change is in the audit log, made by the system
        entry = session.exec(select(AuditLog).where(AuditLog.table_name == "app_user").order_by(AuditLog.id.desc())).first()
    assert entry.user_id is None and "password_changed" in entry.after and printed not in entry.after


def test_a_typed_password_must_be_typed_twice_alike(database, monkeypatch, capsys):
    url, engine = database
    typed = iter(["a-new-long-password", "a-new-long-passwort"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["reset-password", "admin", "--db", url]) == 2
    assert "differ" in capsys.readouterr().err
    with pytest.raises(AuthError):
        authenticate(engine, "admin", "a-new-long-password")
    typed = iter(["a-new-long-password"] * 2)
    assert main(["reset-password", "admin", "--db", url]) == 0
    assert authenticate(engine, "admin", "a-new-long-password").username == "admin"


def test_an_unknown_account_or_a_short_password_changes_nothing(database, monkeypatch, capsys):
    url, engine = database
    with read_session(engine) as session:
        before = session.exec(select(AppUser.password_hash).where(AppUser.username == "admin")).one()
    assert main(["reset-password", "nobody", "--generate", "--db", url]) == 2
    assert "No account named 'nobody'" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "short")
    assert main(["reset-password", "admin", "--db", url]) == 2
    assert "nothing changed" in capsys.readouterr().err
    with read_session(engine) as session:
        assert session.exec(select(AppUser.password_hash).where(AppUser.username == "admin")).one() == before
