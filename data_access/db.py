"""Engine, sessions and migrations.

SQLite under ``var/`` is the zero-configuration default; ``DATABASE_URL`` (read by
``data_access.config``) selects PostgreSQL or another SQLite file. Schema changes go
through Alembic only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from data_access.config import config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
WRITE_OPTION = "dundian_write"
MIGRATION_LOCK = 20210711  # PostgreSQL advisory lock: one process migrates at a time


def _normalise(url: str) -> str:
    # Users write postgresql://; we ship psycopg 3, not psycopg2.
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, open transactions (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A writer takes the lock up front (IMMEDIATE): two writers queue instead of
        # one failing half-way with "database is locked" after it has read.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str | None = None) -> Engine:
    url = _normalise(url or config().database_url)
    if make_url(url).get_backend_name() == "sqlite":
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def alembic_config(engine: Engine) -> Config:
    alembic = Config()
    alembic.set_main_option("script_location", str(MIGRATIONS_DIR))
    alembic.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    alembic.attributes["engine"] = engine
    return alembic


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; run at every start, a no-op when current.

    Safe when several processes start together: on PostgreSQL they take turns on an advisory
    lock; on SQLite the migration's transactions take the write lock up front, so the second
    process waits and then finds the schema current.
    """
    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine.execution_options(**{WRITE_OPTION: True})), "head")
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: the configured ``DATABASE_URL``), migrated."""
    engine = make_engine(url)
    migrate(engine)
    return engine


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One all-or-nothing write transaction: commit at the end, roll back on any error."""
    with Session(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False) as session:
        with session.begin():
            yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
