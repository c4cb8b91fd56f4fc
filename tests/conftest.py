"""Fixtures: a fresh, migrated database per test, on SQLite and (where marked) PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (scripts/test.sh sets it, starting a server
if none runs). Without it the PostgreSQL cases are skipped locally; under CI=true
they fail, so a green CI always means both engines were tested.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from data_access.db import make_engine, migrate

IN_CI = os.environ.get("CI", "").lower() == "true"
_TEMPLATE_DB = f"dundian_tmpl_{os.getpid()}"


def require(condition: bool, reason: str) -> None:
    """Skip a test for a missing facility locally; fail it under CI."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def _pg_admin_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def pg_template():
    """A migrated PostgreSQL database that every test's database is copied from (fast)."""
    admin_url = _pg_admin_url()
    if not admin_url:
        yield None
        return
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE_DB}"'))
        conn.execute(text(f'CREATE DATABASE "{_TEMPLATE_DB}"'))
    template_url = make_url(make_engine(admin_url).url).set(database=_TEMPLATE_DB)
    template = make_engine(template_url.render_as_string(hide_password=False))
    migrate(template)
    template.dispose()
    yield admin, template_url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{_TEMPLATE_DB}" WITH (FORCE)'))
    admin.dispose()


def _fresh_pg_engine(pg_template):
    admin, template_url = pg_template
    name = f"dundian_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE_DB}"'))
    engine = make_engine(template_url.set(database=name).render_as_string(hide_password=False))
    return engine, name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def engine(request, tmp_path):
    """A fresh migrated database for one test, once per engine."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        migrate(eng)
        yield eng
        eng.dispose()
        return
    pg_template = request.getfixturevalue("pg_template")
    require(pg_template is not None, "TEST_DATABASE_URL is not set (PostgreSQL tests need a server)")
    eng, name = _fresh_pg_engine(pg_template)
    yield eng
    eng.dispose()
    admin, _ = pg_template
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_engine(tmp_path):
    """SQLite only, for tests about the app's embedded default."""
    eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    migrate(eng)
    yield eng
    eng.dispose()
