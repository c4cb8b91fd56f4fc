"""Start-up: what every process does before it serves a page or runs a command.

``app.py`` (through ``ui.context``), ``manage.py`` and the bench call ``start``; nothing else
migrates, seeds, fills the calendar or creates the first account.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Engine

from data_access.auth import ensure_admin
from data_access.calendar import cover_rounds
from data_access.config import Config, config
from data_access.db import get_engine, write_session
from data_access.sample.shijiazhuang import seed_if_empty

START_LOCK = 20210713  # PostgreSQL advisory lock: one process sets up at a time


def start(url: str | None = None, *, sample: bool = True, conf: Config | None = None) -> Engine:
    """The migrated engine of ``url`` (default: the configured ``DATABASE_URL``), set up:

    1. the schema migrated to the newest revision;
    2. the built-in sample loaded when the database holds no round, unless ``sample`` is False
       (``manage.py generate`` and the bench need an empty database);
    3. the working-day calendar covering every round's years, this year and the next;
    4. the first office account ``admin``; a generated password is printed once.

    Idempotent, and safe when several processes start together: on PostgreSQL they take turns,
    on SQLite each step is a write transaction that takes the lock up front and checks first.
    """
    conf = conf or config()
    engine = get_engine(url or conf.database_url)
    with _one_at_a_time(engine):
        if sample:
            seed_if_empty(engine)
        with write_session(engine) as session:
            cover_rounds(session)
        password = ensure_admin(engine, conf)
    if password:
        print(f"First start: office account 'admin' created with password: {password}", flush=True)
    return engine


@contextmanager
def _one_at_a_time(engine: Engine) -> Iterator[None]:
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": START_LOCK})
        try:
            yield
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": START_LOCK})
