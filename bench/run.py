"""``manage.py bench``: generate the scale if the database is empty, then time every page, the key
figure queries, a 10,000-row import and a round's export, and write the section to docs/benchmarks.md."""

from __future__ import annotations

import logging
import os
import platform
import secrets
import sqlite3
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import streamlit as st
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url

from bench import apptest, report
from bench.excel import measure_export, measure_import
from bench.queries import time_queries
from data_access.auth import issue_token
from data_access.config import config
from data_access.db import get_engine, is_sqlite, read_session
from data_access.models import LEDGER_MODELS, AppUser, Round, Team
from data_access.sample.scale import SCALES, generate
from data_access.startup import start
from ui import data
from ui.context import forget_engines
from ui.navigation import PAGES

ONE_TEAM_PAGES = ("pages/ledger_entry.py",)  # without a team chosen it asks for one


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    return f"{cpu}, {os.cpu_count()} cores, {memory_kb / 2**20:.0f} GB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _database(engine: Engine) -> str:
    if is_sqlite(engine):
        return f"SQLite {sqlite3.sqlite_version}"
    with engine.connect() as conn:
        return f"PostgreSQL {conn.execute(text('SHOW server_version')).scalar_one()}"


def _data(engine: Engine) -> str:
    with read_session(engine) as session:
        rounds = session.execute(select(func.count()).select_from(Round)).scalar_one()
        teams = session.execute(select(func.count()).select_from(Team)).scalar_one()
        rows = sum(session.execute(select(func.count()).select_from(model)).scalar_one() for model in LEDGER_MODELS.values())
    return f"{rounds} rounds, {teams:,} teams, {rows:,} ledger rows ({_database(engine)})"


def _office_token(engine: Engine) -> str:
    with read_session(engine) as session:
        user = (
            session.execute(select(AppUser).where(AppUser.role == "office", AppUser.disabled.is_(False)).order_by(AppUser.id))
            .scalars()
            .first()
        )
    if user is None:
        raise SystemExit("no office account to sign in with")
    return issue_token(user)


def clear_caches(url: str | None = None) -> None:
    """What a restarted app process starts without: cached results, the engine and (of ``url``) its pool."""
    st.cache_data.clear()
    st.cache_resource.clear()
    data.clear()
    forget_engines()
    if url:
        get_engine(url).dispose()
    get_engine.cache_clear()


def _first_team(engine: Engine) -> int:
    """The newest round's first team: the one the entry page is timed on."""
    with read_session(engine) as session:
        return (
            session.execute(select(Team.id).join(Round, Round.id == Team.round_id).order_by(Round.year.desc(), Round.id.desc(), Team.seq))
            .scalars()
            .first()
        )


def _pages(url: str, token: str, runs: int, floor: apptest.Floor, team_id: int) -> list[apptest.PageTiming]:
    timings = []
    for spec in PAGES:
        if "office" not in spec.roles:
            continue
        chosen = {"f_team": team_id} if spec.path in ONE_TEAM_PAGES else None
        timing = apptest.page(spec.path, token, runs, lambda: clear_caches(url), floor, chosen)
        log(
            f"  {spec.path}: cold {timing.cold:.2f} s, warm {timing.warm * 1000:.0f} ms, {timing.warm / timing.floor:.1f}× the floor {timing.error}"
        )
        timings.append(timing)
    return timings


def main(scale: str, url: str | None = None, runs: int = 15) -> int:
    # Outside a server Streamlit warns at every cache call from the bench's own thread: noise here.
    for name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api"):
        logging.getLogger(name).disabled = True
    url = url or config().database_url
    os.environ["DATABASE_URL"] = url  # what app.py connects to under AppTest
    os.environ.setdefault("DUNDIAN_SECRET", secrets.token_urlsafe(32))
    os.environ.setdefault("DUNDIAN_ADMIN_PASSWORD", secrets.token_urlsafe(16))  # never printed
    engine = start(url, sample=False)  # an empty database gets the scale, not the sample
    notes = []
    with read_session(engine) as session:
        empty = session.execute(select(func.count()).select_from(Round)).scalar_one() == 0
    if empty:
        log(f"empty database: generating the {scale} scale first")
        summary = generate(engine, SCALES[scale], progress=log)
        notes.append(f"generated by this run in {summary.seconds:.0f} s")
    token = _office_token(engine)
    log("pages (AppTest)")
    with apptest.server_like():
        floor = apptest.Floor()
        shell, shell_floor = apptest.shell(token, runs, floor)
        pages = _pages(url, token, runs, floor, _first_team(engine))
    log("figure queries")
    queries = time_queries(engine)
    log("Excel import and export (one process each)")
    with tempfile.TemporaryDirectory() as workdir:
        imported = measure_import(engine, url, Path(workdir))
    exported = measure_export(url)
    shown_url = make_url(url).render_as_string(hide_password=True)
    run = report.Run(
        scale=scale,
        database="sqlite" if is_sqlite(engine) else "postgresql",
        command=f"python manage.py bench --scale {scale} --db {shown_url}",
        machine=_machine(),
        when=datetime.now().strftime("%Y-%m-%d %H:%M"),
        data=_data(engine),
        shell=shell,
        shell_floor=shell_floor,
        pages=pages,
        queries=queries,
        imported=imported,
        exported=exported,
        notes=notes,
    )
    report.write(run)
    print(report.section(run))
    return 0
