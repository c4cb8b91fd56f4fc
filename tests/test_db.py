from datetime import date

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from data_access.db import read_session, write_session
from data_access.models import Round, Site, Team


def test_migrations_create_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"round", "site", "team", "daily_record", "problem", "audit_log", "app_user"} <= tables


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(IntegrityError):
        with write_session(engine) as session:
            session.add(Team(round_id=999, site_id=999))


def test_failed_write_leaves_nothing_behind(engine):
    with pytest.raises(IntegrityError):
        with write_session(engine) as session:
            session.add(Site(name="正定县正定镇"))
            session.flush()
            session.add(Team(round_id=12345, site_id=1))
    with read_session(engine) as session:
        assert session.exec(select(Site)).all() == []


def test_round_round_trips_dates(engine):
    with write_session(engine) as session:
        session.add(Round(name="r", year=2021, start_date=date(2021, 7, 12), end_date=date(2021, 10, 11)))
    with read_session(engine) as session:
        assert session.exec(select(Round)).one().start_date == date(2021, 7, 12)
