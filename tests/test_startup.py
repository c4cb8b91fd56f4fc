"""Start-up, the working-day rule and the configuration: one of each, and reads never write."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from data_access import figures as F
from data_access.admin import save_admin_rows
from data_access.auth import authenticate
from data_access.calendar import is_workday
from data_access.config import DEFAULT_SQLITE_PATH, Config, config
from data_access.db import make_engine, read_session
from data_access.models import AppUser, Round, Site, Team, WorkCalendar
from data_access.scope import Scope
from data_access.startup import start
from tests.factories import OFFICE

REPO = Path(__file__).resolve().parents[1]
PASSWORD = Config.from_environ({"DUNDIAN_ADMIN_PASSWORD": "start-up-admin-pw"})
# Worked out from a wall calendar: 2021-09-18 is a Saturday worked to make up for the Mid-Autumn
# holiday, 2021-10-01 a Friday off (National Day); 2031 is beyond the state calendar's years, so
# Monday-Friday: 2031-01-01 (a Wednesday) is worked, 2031-01-04 (a Saturday) is not.
EXPECTED = {date(2021, 9, 18): True, date(2021, 10, 1): False, date(2031, 1, 1): True, date(2031, 1, 4): False}


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def add_round(engine, start: date, end: date) -> int:
    """A round with one team written straight into the tables, not through a writer of rounds:
    its years are not in work_calendar yet."""
    with Session(engine) as session:
        rnd = Round(name=f"{start.year}年蹲点", year=start.year, start_date=start, end_date=end)
        site = Site(name=f"{start.year}测试点", district_code="130102")
        session.add_all([rnd, site])
        session.flush()
        session.add(Team(round_id=rnd.id, site_id=site.id, seq=1))
        session.commit()
        return rnd.id


def calendar_rows(session, first: date, last: date) -> dict[date, bool]:
    rows = session.execute(select(WorkCalendar.day, WorkCalendar.is_workday).where(WorkCalendar.day.between(first, last)))
    return {day: bool(flag) for day, flag in rows}


def calendar_count(session) -> int:
    return session.execute(select(func.count()).select_from(WorkCalendar)).scalar_one()


def test_the_rule_and_the_table_agree_after_start_up(engine):
    add_round(engine, date(2021, 7, 12), date(2021, 10, 11))
    add_round(engine, date(2031, 7, 7), date(2031, 10, 6))
    start(url_of(engine), sample=False, conf=PASSWORD)
    with read_session(engine) as session:
        stored = {day: calendar_rows(session, day, day).get(day) for day in EXPECTED}
    assert {day: is_workday(day) for day in EXPECTED} == EXPECTED
    assert stored == EXPECTED


def test_a_figure_read_on_a_round_outside_the_calendar_writes_nothing(engine):
    round_id = add_round(engine, date(2031, 7, 7), date(2031, 10, 6))
    with read_session(engine) as session:
        before = calendar_count(session)
        scope = Scope(round_id=round_id, as_of=date(2031, 7, 20))
        F.daily_compliance(session, scope)
        F.team_lights(session, scope)
        assert F.calendar_note_for(session, scope) == "calendar.note.fallback"
        # Counted in the same transaction: rows written by the read would show here, committed or not.
        assert calendar_count(session) == before
        assert calendar_rows(session, date(2031, 1, 1), date(2031, 12, 31)) == {}


def test_start_up_fills_the_calendar_for_a_round_it_did_not_cover(engine):
    round_id = add_round(engine, date(2031, 7, 7), date(2031, 7, 20))
    start(url_of(engine), sample=False, conf=PASSWORD)
    with read_session(engine) as session:
        days = calendar_rows(session, date(2031, 7, 7), date(2031, 7, 20))
        daily = F.daily_compliance(session, Scope(round_id=round_id, as_of=date(2031, 7, 20)))
    assert len(days) == 14 and sum(days.values()) == 10  # two weeks, Monday-Friday
    assert daily["daily"].iloc[0] == F.Rate(0, 10)


def test_creating_or_moving_a_round_in_the_office_grid_covers_its_years(engine):
    spec = {"name": "2031年蹲点", "year": 2031, "start_date": date(2031, 7, 7), "end_date": date(2031, 10, 6)}
    save_admin_rows(engine, OFFICE, "round", {}, [spec])
    with read_session(engine) as session:
        round_id = session.execute(select(Round.id).where(Round.year == 2031)).scalar_one()
        days = calendar_rows(session, date(2031, 7, 7), date(2031, 7, 20))
    assert sum(days.values()) == 10
    save_admin_rows(engine, OFFICE, "round", {round_id: {"start_date": date(2035, 7, 9), "end_date": date(2035, 10, 8)}}, [])
    with read_session(engine) as session:
        days = calendar_rows(session, date(2035, 7, 9), date(2035, 7, 15))
    assert len(days) == 7 and sum(days.values()) == 5  # Monday 9 to Sunday 15 July 2035


def test_start_up_is_idempotent_and_prints_a_generated_password_once(engine, capsys, monkeypatch):
    monkeypatch.delenv("DUNDIAN_ADMIN_PASSWORD", raising=False)
    url = url_of(engine)
    start(url)
    first = capsys.readouterr().out
    start(url)
    assert capsys.readouterr().out == ""
    with read_session(engine) as session:
        assert session.execute(select(func.count()).select_from(Round)).scalar_one() == 2  # the sample's two rounds
        admins = session.execute(select(AppUser).where(AppUser.username == "admin")).scalars().all()
    password = first.strip().rsplit(" ", 1)[-1]
    assert len(admins) == 1 and "admin" in first
    assert authenticate(engine, "admin", password).id == admins[0].id


def test_start_up_without_the_sample_leaves_the_database_empty_but_for_the_admin(engine):
    start(url_of(engine), sample=False, conf=PASSWORD)
    with read_session(engine) as session:
        assert session.execute(select(func.count()).select_from(Round)).scalar_one() == 0
        assert [u.username for u in session.execute(select(AppUser)).scalars()] == ["admin"]
    assert authenticate(engine, "admin", "start-up-admin-pw").role == "office"


def _start_in_processes(url: str, count: int, *flags: str) -> list[subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items() if k != "DUNDIAN_ADMIN_PASSWORD"} | {"PYTHONPATH": str(REPO)}
    code = "import sys; from data_access.startup import start; start(sys.argv[1], sample='--no-sample' not in sys.argv)"
    running = [
        subprocess.Popen(
            [sys.executable, "-c", code, url, *flags], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), *p.communicate()) for p in running]


def test_processes_starting_together_set_up_once(engine):
    done = _start_in_processes(url_of(engine), 2)
    assert [p.returncode for p in done] == [0, 0], [p.stderr for p in done]
    assert sum("First start" in p.stdout for p in done) == 1  # one admin, one password printed
    with read_session(engine) as session:
        assert session.execute(select(func.count()).select_from(Round)).scalar_one() == 2
        assert session.execute(select(func.count()).select_from(AppUser).where(AppUser.username == "admin")).scalar_one() == 1


def test_processes_migrating_a_new_sqlite_file_together_both_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    done = _start_in_processes(url, 3, "--no-sample")
    assert [p.returncode for p in done] == [0, 0, 0], [p.stderr for p in done]
    engine = make_engine(url)
    with read_session(engine) as session:
        assert session.execute(select(func.count()).select_from(AppUser)).scalar_one() == 1
    engine.dispose()


def test_configuration_reads_every_variable_and_treats_empty_as_unset(monkeypatch):
    given = {
        "DATABASE_URL": "postgresql://u:p@db:5432/dundian",
        "DUNDIAN_SECRET": "s3cret",
        "DUNDIAN_ADMIN_PASSWORD": "first-admin-pw",
        "DUNDIAN_TILE_URL": "https://tiles.internal/{z}/{x}/{y}.png",
    }
    assert Config.from_environ(given) == Config(
        "postgresql://u:p@db:5432/dundian", "s3cret", "first-admin-pw", "https://tiles.internal/{z}/{x}/{y}.png"
    )
    empty = Config.from_environ(dict.fromkeys(given, ""))
    assert empty == Config(f"sqlite:///{DEFAULT_SQLITE_PATH}", None, None, None)
    assert DEFAULT_SQLITE_PATH == REPO / "var" / "dundian.db"
    monkeypatch.setenv("DUNDIAN_TILE_URL", "https://other.internal/{z}/{x}/{y}.png")
    assert config().tile_url == "https://other.internal/{z}/{x}/{y}.png"  # a process that sets a variable reads the new value
