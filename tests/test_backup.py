"""Backups that restore (manage.py backup / restore), on SQLite and PostgreSQL.

The main test writes ledger rows through the ledger store in a thread while the backup runs.
Those rows are written one at a time with increasing ids, each with its audit row in the same
transaction, so the database at any moment holds a prefix of them and exactly their audit rows:
the restored copy must be such a prefix (taken between the backup's start and its end) with
every other table as it was, row for row.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
import threading
import uuid
from datetime import date, timedelta

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, select, text
from sqlmodel import SQLModel

from data_access.attachments import attach, download
from data_access.backup import BackupError, backup, restore
from data_access.db import alembic_config, is_sqlite, make_engine, migrate, write_session
from data_access.ledger_store import create_row
from data_access.models import AuditLog, DailyRecord, utcnow
from manage import main
from tests.attachment_files import image
from tests.conftest import require
from tests.factories import OFFICE, make_round

PHOTO = image(640, 480)
PADDING_ROWS = 20  # of 1 MB each, so that the copy takes long enough for writes to land during it


@pytest.fixture(autouse=True)
def pg_client(engine):
    """PostgreSQL is backed up by Debian's client (scripts/test.sh installs postgresql-client)."""
    if not is_sqlite(engine):
        missing = [program for program in ("pg_dump", "pg_restore", "psql") if shutil.which(program) is None]
        require(not missing, f"{', '.join(missing)} not found (apt-get install postgresql-client)")


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def blank_url(engine, tmp_path):
    """Factory: the URL of a new database of the engine's kind that holds nothing at all."""
    made: list[str] = []
    admin = None if is_sqlite(engine) else make_engine(os.environ["TEST_DATABASE_URL"]).execution_options(isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"dundian_blank_{uuid.uuid4().hex[:12]}"
        if admin is None:
            return f"sqlite:///{tmp_path / name}.db"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return engine.url.set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def every_row(url: str) -> dict[str, list[tuple]]:
    """Each table's rows in primary-key order."""
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
                for name, table in metadata.tables.items()
            }
    finally:
        engine.dispose()


def checksum(rows: list[tuple]) -> tuple[int, str]:
    return len(rows), hashlib.md5(repr(rows).encode()).hexdigest()


class Writer(threading.Thread):
    """Saves daily records through the ledger store, one after the other, until stopped."""

    def __init__(self, engine, team_id: int):
        super().__init__(daemon=True)
        self.engine, self.team_id = engine, team_id
        self.acknowledged: list[int] = []
        self.error: BaseException | None = None
        self._stop_now = threading.Event()
        self._saved = threading.Condition()

    def run(self) -> None:
        try:
            while not self._stop_now.is_set():
                n = len(self.acknowledged)
                values = {"work_date": date(2021, 7, 12) + timedelta(days=n % 90), "content": f"backup test row {n}"}
                row_id = create_row(self.engine, OFFICE, "daily", self.team_id, values)
                with self._saved:
                    self.acknowledged.append(row_id)
                    self._saved.notify_all()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.error = error
            with self._saved:
                self._saved.notify_all()

    def saved(self) -> int:
        with self._saved:
            return len(self.acknowledged)

    def wait_for(self, count: int) -> None:
        with self._saved:
            assert self._saved.wait_for(lambda: len(self.acknowledged) >= count or self.error, timeout=120)
        assert self.error is None, self.error

    def stop(self) -> None:
        self._stop_now.set()
        self.join(timeout=60)
        assert self.error is None, self.error


def pad(engine, team_id: int) -> None:
    """Big daily records, written without the ledger store: only their size matters here."""
    now = utcnow()
    rows = [
        {"team_id": team_id, "work_date": date(2021, 7, 12), "content": os.urandom(500_000).hex(), "created_at": now, "updated_at": now}
        for _ in range(PADDING_ROWS)
    ]
    with write_session(engine) as session:
        session.execute(DailyRecord.__table__.insert(), rows)


def test_a_backup_taken_while_rows_are_saved_restores_every_table_as_it_was_at_one_moment(engine, blank_url, tmp_path):
    org = make_round(engine)
    pad(engine, org["team_ids"][1])
    writer = Writer(engine, org["team_ids"][0])
    writer.start()
    writer.wait_for(5)
    at_start = writer.saved()
    backup(url_of(engine), tmp_path / "nightly.backup")
    at_end = writer.saved()
    writer.wait_for(at_end + 5)  # and saving goes on after the backup
    writer.stop()
    assert at_end > at_start, "no row was saved while the backup ran: the test proves nothing"

    target = blank_url()
    restore(target, tmp_path / "nightly.backup")
    source, restored = every_row(url_of(engine)), every_row(target)

    written_ids = set(writer.acknowledged)
    saved_then = [row for row in restored["daily_record"] if row[0] in written_ids]
    moment = len(saved_then)  # the saves the backup holds: the first `moment` of them
    # Saved before the backup started: in it. Saved after it ended: not. One save may have been
    # committed but not yet acknowledged when the backup returned.
    assert at_start <= moment <= at_end + 1
    assert [row[0] for row in saved_then] == writer.acknowledged[:moment]
    expected_counts = {name: len(rows) for name, rows in source.items()} | {
        "daily_record": PADDING_ROWS + moment,
        "audit_log": moment,
    }
    assert {name: len(rows) for name, rows in restored.items()} == expected_counts
    for name, rows in restored.items():
        assert checksum(rows) == checksum(source[name][: len(rows)]), name
    # The same moment in both tables: an audit row for each saved row the backup holds, and no other.
    created = sorted(row.row_id for row in _audit(target) if row.table_name == "daily_record" and row.action == "create")
    assert created == writer.acknowledged[:moment]


def _audit(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(select(AuditLog.__table__)).all()
    finally:
        engine.dispose()


def _holding_data(url: str) -> str:
    """Fill a database with another organisation: three teams."""
    engine = make_engine(url)
    migrate(engine)
    make_round(engine, n_teams=3)
    engine.dispose()
    return url


def _with_empty_app_tables(url: str) -> str:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    return url


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        # work_calendar: every day of the years the round and this year need (its count depends on today)
        (_holding_data, r"not empty \(alembic_version 1, person 3, round 1, site 3, team 3, team_member 3, work_calendar [\d,]+\)"),
        (_with_empty_app_tables, "not empty"),
    ],
    ids=["rows", "empty-app-tables"],
)
def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_writes_nothing(engine, blank_url, tmp_path, prepare, message):
    make_round(engine)
    backup(url_of(engine), tmp_path / "b")
    target = prepare(blank_url())
    before = every_row(target)
    with pytest.raises(BackupError, match=message):
        restore(target, tmp_path / "b")
    assert every_row(target) == before


def test_replace_overwrites_a_database_that_holds_rows_with_the_backup(engine, blank_url, tmp_path):
    org = make_round(engine)
    row_id = create_row(engine, OFFICE, "daily", org["team_ids"][0], {"work_date": date(2021, 7, 13), "content": "走访两家企业"})
    photo = attach(engine, OFFICE, "daily", row_id, "photo", "走访.png", PHOTO)  # its bytes are in the database
    backup(url_of(engine), tmp_path / "b")
    target = _holding_data(blank_url())
    restored = restore(target, tmp_path / "b", replace=True)
    source = every_row(url_of(engine))
    assert every_row(target) == source
    assert restored.rows["team"] == 2 and restored.rows["daily_record"] == 1 and restored.rows["audit_log"] == 2
    assert restored.rows["attachment"] == 1
    restored_engine = make_engine(target)
    assert download(restored_engine, OFFICE, photo).content == PHOTO
    restored_engine.dispose()


def _plain_text(path, _engine, _blank):
    path.write_text("姓名,电话\n张三,123\n", encoding="utf-8")
    return "not a backup made by manage.py backup"


def _other_engines(path, engine, _blank):
    if is_sqlite(engine):
        path.write_bytes(b"PGDMP\x01\x0e\x00\x04\x08\x01\x01" + bytes(200))  # a pg_dump archive's header
        return "is a PostgreSQL \\(pg_dump\\) backup: restore it into a PostgreSQL database"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE alembic_version (version_num TEXT PRIMARY KEY)")
    return "is a SQLite backup: restore it into a SQLite database"


def _cut(path, engine, keep) -> str:
    backup(url_of(engine), path)
    data = path.read_bytes()
    path.write_bytes(data[: keep(len(data))])
    return "is (damaged or )?truncated"


def _truncated_head(path, engine, _blank):
    return _cut(path, engine, lambda size: size * 2 // 3)


def _truncated_tail(path, engine, _blank):
    # The last rows lost: a pg_dump archive's table of contents, at its start, still reads.
    return _cut(path, engine, lambda size: size - 1000)


def _corrupted(path, engine, _blank):
    backup(url_of(engine), path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(8192)  # a disk's lost sectors
    path.write_bytes(bytes(data))
    return "is damaged"


def _another_apps(path, _engine, blank):
    other = make_engine(blank())
    with other.begin() as connection:
        connection.execute(text("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)"))
        connection.execute(text("INSERT INTO contacts VALUES (1, '张三')"))
    other.dispose()
    backup(other.url.render_as_string(hide_password=False), path)
    return "holds no alembic_version table: it is not a backup of this app's database"


@pytest.mark.parametrize(
    "make_file",
    [_plain_text, _other_engines, _truncated_head, _truncated_tail, _corrupted, _another_apps],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_wrong_or_truncated_file_is_refused_and_even_a_replace_leaves_the_database_as_it_was(engine, blank_url, tmp_path, make_file):
    org = make_round(engine)
    for day in range(30):
        create_row(
            engine, OFFICE, "daily", org["team_ids"][0], {"work_date": date(2021, 7, 12) + timedelta(days=day), "content": f"第{day}天"}
        )
    message = make_file(tmp_path / "file", engine, blank_url)
    target = _holding_data(blank_url())
    before = every_row(target)
    with pytest.raises(BackupError, match=message):
        restore(target, tmp_path / "file", replace=True)
    assert every_row(target) == before


def test_an_older_backup_is_migrated_to_the_codes_schema_on_restore(engine, blank_url, tmp_path):
    older = make_engine(blank_url())
    command.upgrade(alembic_config(older), "0002")  # before the figure indexes of 0003
    make_round(older)
    backup(older.url.render_as_string(hide_password=False), tmp_path / "old")
    older.dispose()
    target = blank_url()
    restored = restore(target, tmp_path / "old")
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert restored.revision == head
    restored_engine = make_engine(target)
    indexes = {index["name"] for index in inspect(restored_engine).get_indexes("daily_record")}
    restored_engine.dispose()
    assert "ix_daily_team_date_live" in indexes  # made by 0003
    assert restored.rows["team"] == 2


def test_manage_py_backup_and_restore_say_what_they_did_and_refuse_with_exit_code_2(engine, blank_url, tmp_path, capsys):
    make_round(engine, n_teams=3)
    file = tmp_path / "dundian.backup"
    assert main(["backup", str(file), "--db", url_of(engine)]) == 0
    assert f"backup written: {file}" in capsys.readouterr().out
    target = blank_url()
    assert main(["restore", str(file), "--db", target]) == 0
    out = capsys.readouterr().out
    calendar_days = len(every_row(url_of(engine))["work_calendar"])
    # 3 sites, people, teams and memberships, a round, the schema version, and the calendar's days;
    # every table of the schema and Alembic's version table
    assert f"{len(SQLModel.metadata.tables) + 1} tables, {14 + calendar_days:,} rows" in out
    assert [line.split() for line in out.splitlines() if line.strip().startswith("team")] == [["team", "3"], ["team_member", "3"]]
    assert main(["restore", str(file), "--db", target]) == 2
    assert "restore refused: the database is not empty" in capsys.readouterr().err
    assert main(["restore", str(file), "--db", target, "--replace"]) == 0


def test_pg_dump_older_than_the_server_or_missing_is_refused_with_what_to_install(engine, tmp_path, monkeypatch):
    if is_sqlite(engine):
        pytest.skip("PostgreSQL's client only")
    with engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    old = tmp_path / "old-client"
    old.mkdir()
    fake = old / "pg_dump"
    fake.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {server - 1}.4 (Debian)'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{old}:{os.environ['PATH']}")
    with pytest.raises(
        BackupError, match=f"server is version {server}, newer than pg_dump {server - 1}: install postgresql-client-{server}"
    ):
        backup(url_of(engine), tmp_path / "b")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(BackupError, match="pg_dump not found: install Debian's postgresql-client"):
        backup(url_of(engine), tmp_path / "b")
    assert not (tmp_path / "b").exists()
