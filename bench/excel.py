"""Importing a 10,000-row ledger workbook and exporting a round, each timed in its own process.

The peak resident memory of a fresh process (VmHWM, imports included) is the honest
number for "how much memory does this take"; the parent runs ``python -m bench.excel`` and reads
the child's one-line JSON report. The import is undone afterwards (its rows and audit records
deleted), so the database stays as generated and the bench can run again.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from data_access.auth import SYSTEM
from data_access.db import read_session, write_session
from data_access.excel import read_ledgers, round_workbook, write_ledgers
from data_access.excel.columns import AUTHOR, TEAM, column_keys, sheet_title
from data_access.excel.template import ledger_template
from data_access.ledgers import LEDGERS
from data_access.models import AuditLog, DailyRecord, Person, Round, Site, Team, TeamMember
from data_access.startup import start

PROJECT_DIR = Path(__file__).resolve().parent.parent
IMPORT_ROWS = 10_000
ROWS_PER_TEAM = 50


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    detail: str


def _newest_round(engine: Engine) -> Round:
    with read_session(engine) as session:
        return session.execute(select(Round).order_by(Round.year.desc(), Round.id.desc())).scalars().first()


def build_import_workbook(engine: Engine, path: Path, rows: int = IMPORT_ROWS) -> None:
    """The daily-record template of the newest round filled with ``rows`` new rows, 50 a team,
    each by a member of its team; a run-specific tag keeps them from matching stored rows."""
    the_round = _newest_round(engine)
    with read_session(engine) as session:
        teams = session.execute(
            select(Site.name, func.min(Person.name))
            .join(Team, Team.site_id == Site.id)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .join(Person, Person.id == TeamMember.person_id)
            .where(Team.round_id == the_round.id)
            .group_by(Team.seq, Site.name)
            .order_by(Team.seq)
        ).all()
    needed = -(-rows // ROWS_PER_TEAM)
    teams = (teams * needed)[:needed]
    workbook = load_workbook(io.BytesIO(ledger_template(["daily"], "zh", [site for site, _ in teams])))
    sheet = workbook[sheet_title("daily")]
    keys = column_keys(LEDGERS["daily"])
    tag = uuid.uuid4().hex[:8]
    days = (the_round.end_date - the_round.start_date).days
    for n in range(rows):
        site, author = teams[n // ROWS_PER_TEAM]
        values = {
            TEAM: site,
            AUTHOR: author,
            "work_date": the_round.start_date + timedelta(days=n % days),
            "place": "企业走访",
            "content": f"走访企业，了解职工诉求（基准测试 {tag}-{n}）。",
            "enterprises_visited": 1 + n % 3,
            "workers_reached": 5 + n % 20,
        }
        sheet.append([values[key] for key in keys])
    workbook.save(path)


def _peak_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: on Linux it carries over the forking
    parent's peak through exec."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024


def _import(url: str, path: str) -> dict:
    engine = start(url)  # the start-up of `manage.py import` and `export`
    the_round = _newest_round(engine)
    with read_session(engine) as session:
        last_row = session.execute(select(func.coalesce(func.max(DailyRecord.id), 0))).scalar_one()
        last_audit = session.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one()
    started = time.perf_counter()
    written = write_ledgers(engine, SYSTEM, read_ledgers(engine, SYSTEM, the_round.id, path))
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    with write_session(engine) as session:
        session.execute(delete(AuditLog).where(AuditLog.id > last_audit))
        session.execute(delete(DailyRecord).where(DailyRecord.id > last_row))
    return {"seconds": seconds, "peak_mb": peak, "detail": f"{sum(written.values()):,} rows written"}


def _export(url: str) -> dict:
    engine = start(url)  # the start-up of `manage.py import` and `export`
    the_round = _newest_round(engine)
    started = time.perf_counter()
    data = round_workbook(engine, SYSTEM, the_round.id, the_round.end_date)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": _peak_mb(), "detail": f"{len(data) / 2**20:.1f} MB workbook"}


def _in_child(*args: str) -> Measured:
    done = subprocess.run([sys.executable, "-m", "bench.excel", *args], cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return Measured(report["seconds"], report["peak_mb"], report["detail"])


def measure_import(engine: Engine, url: str, workdir: Path) -> Measured:
    path = workdir / "bench-import.xlsx"
    build_import_workbook(engine, path)
    return _in_child("import", url, str(path))


def measure_export(url: str) -> Measured:
    return _in_child("export", url)


if __name__ == "__main__":
    command, url, *rest = sys.argv[1:]
    print(json.dumps(_import(url, *rest) if command == "import" else _export(url)))
