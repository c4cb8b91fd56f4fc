"""Backups that restore: ``manage.py backup FILE`` and ``manage.py restore FILE``.

SQLite is copied by its online backup API in one step, which reads one snapshot while the app
goes on writing (WAL lets writers proceed). PostgreSQL is dumped by Debian's ``pg_dump`` in its
custom format, which reads one snapshot too, and read back through ``pg_restore`` and ``psql`` in
one transaction. A file names its engine in its first bytes (SQLite's header, pg_dump's
``PGDMP``), so a restore refuses the other engine's file. A restore goes into an empty database
only, unless told to replace it; it is all or nothing, and ends with the migrations (an older
backup is brought up to the code's schema) and, on PostgreSQL, ANALYZE.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from data_access import (
    logs,
    models,  # noqa: F401  (registers the app's tables on SQLModel.metadata)
)
from data_access.db import is_sqlite, make_engine, migrate

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
_VERSION_TABLE = "alembic_version"


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    rows: dict[str, int]  # table -> rows, after the migrations
    revision: str


# ---------------------------------------------------------------- backup


def backup(url: str, file: str | Path) -> Path:
    """Write a consistent copy of the database at ``url`` to ``file`` (replaced only once complete)."""
    file = Path(file).resolve()
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(f".{file.name}.partial")
    partial.unlink(missing_ok=True)
    engine, started = make_engine(url), time.perf_counter()
    try:
        if is_sqlite(engine):
            _sqlite_backup(_sqlite_path(engine), partial)
        else:
            _pg_backup(engine, partial)
        os.replace(partial, file)
    except Exception as failure:
        logs.event("backup", logging.ERROR, outcome="failed", engine=engine.dialect.name, file=str(file), reason=str(failure))
        raise
    finally:
        partial.unlink(missing_ok=True)
        engine.dispose()
    seconds = round(time.perf_counter() - started, 1)
    logs.event("backup", outcome="written", engine=engine.dialect.name, file=str(file), bytes=file.stat().st_size, seconds=seconds)
    return file


def _sqlite_path(engine: Engine) -> Path:
    return Path(engine.url.database).resolve()


def _sqlite_backup(path: Path, partial: Path) -> None:
    if not path.exists():
        raise BackupError(f"no SQLite database at {path}")
    with closing(sqlite3.connect(path, timeout=30)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)  # all pages in one step: one read snapshot, however much is written meanwhile
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def _pg_backup(engine: Engine, partial: Path) -> None:
    with engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar_one()) // 10000
    client = _client_major("pg_dump")
    if server > client:
        raise BackupError(
            f"the PostgreSQL server is version {server}, newer than pg_dump {client}: "
            f"install postgresql-client-{server} (from apt.postgresql.org) so that pg_dump matches the server"
        )
    uri, env = _libpq(engine)
    _run(["pg_dump", "--format=custom", f"--file={partial}", f"--dbname={uri}"], env)


# ---------------------------------------------------------------- restore


def restore(url: str, file: str | Path, replace: bool = False) -> Restored:
    """Put ``file``'s database into the one at ``url``, which must hold nothing unless ``replace``;
    then migrate it to the code's schema. Nothing is written when it is refused or fails."""
    file = Path(file).resolve()
    engine = make_engine(url)
    try:
        _check_kind(file, "sqlite" if is_sqlite(engine) else "postgresql")
        occupied = _occupied(engine)
        if occupied and not replace:
            held = ", ".join(f"{name} {rows:,}" for name, rows in occupied.items() if rows) or f"{len(occupied)} of the app's tables, empty"
            raise BackupError(f"the database is not empty ({held}): restore into an empty database, or pass --replace to overwrite it")
        if is_sqlite(engine):
            _sqlite_restore(file, _sqlite_path(engine))
        else:
            _pg_restore(engine, file, replace)
        migrate(engine)
        if not is_sqlite(engine):
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))  # a restored database has no statistics yet
        restored = Restored(rows=_row_counts(engine), revision=_revision(engine))
    except Exception as failure:
        logs.event("restore", logging.ERROR, outcome="failed", engine=engine.dialect.name, file=str(file), reason=str(failure))
        raise
    finally:
        engine.dispose()
    logs.event(
        "restore",
        outcome="restored",
        engine=engine.dialect.name,
        file=str(file),
        rows=sum(restored.rows.values()),
        revision=restored.revision,
    )
    return restored


def _check_kind(file: Path, wanted: str) -> None:
    try:
        with open(file, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"cannot read {file}: {error.strerror}") from error
    kind = "sqlite" if head == SQLITE_MAGIC else "postgresql" if head.startswith(PG_MAGIC) else None
    if kind is None:
        raise BackupError(f"{file} is not a backup made by manage.py backup (neither a SQLite database nor a pg_dump archive)")
    if kind != wanted:
        made_by = "SQLite" if kind == "sqlite" else "PostgreSQL (pg_dump)"
        raise BackupError(f"{file} is a {made_by} backup: restore it into a {made_by.split()[0]} database")


def _occupied(engine: Engine) -> dict[str, int]:
    """The target's tables that hold rows, and the app's own tables even when empty."""
    ours = set(SQLModel.metadata.tables) | {_VERSION_TABLE}
    return {name: rows for name, rows in _row_counts(engine).items() if rows or name in ours}


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        names = sorted(inspect(connection).get_table_names())
        return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() or ""


def _sqlite_restore(file: Path, path: Path) -> None:
    _require_whole_sqlite_file(file)
    try:
        with closing(sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)) as source:
            problems = [line for (report,) in source.execute("PRAGMA quick_check") for line in report.splitlines()]
            if problems != ["ok"]:
                raise BackupError(f"{file} is damaged: {'; '.join(problems[:4])}")
            _require_app_backup(file, {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")})
            path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(path, timeout=30)) as target:
                source.backup(target)  # replaces every page of the target in one transaction
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{file} is damaged or truncated ({error})") from error


def _require_whole_sqlite_file(file: Path) -> None:
    """The header's page count times its page size is the file's length (a lost tail reads as zeros)."""
    with open(file, "rb") as handle:
        header = handle.read(100)
    page_size = int.from_bytes(header[16:18], "big")
    expected = (65536 if page_size == 1 else page_size) * int.from_bytes(header[28:32], "big")
    if len(header) < 100 or file.stat().st_size < expected:
        raise BackupError(f"{file} is truncated: {file.stat().st_size:,} of its {expected:,} bytes are there")


def _require_app_backup(file: Path, tables: set[str]) -> None:
    if _VERSION_TABLE not in tables:
        raise BackupError(f"{file} holds no {_VERSION_TABLE} table: it is not a backup of this app's database")


def _pg_restore(engine: Engine, file: Path, replace: bool) -> None:
    listing = _run(["pg_restore", "--list", str(file)], os.environ, failed=f"{file} is damaged or truncated")
    _require_app_backup(file, set(re.findall(r" TABLE \S+ (\S+) ", listing)))
    uri, env = _libpq(engine)
    preamble = "BEGIN;\n" + (_drop_everything(engine) if replace else "")
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        # pg_restore writes SQL; psql runs it, with the drops of a replace, in one transaction that is
        # committed only when pg_restore read the whole file: a truncated file leaves the target as it was.
        reader = subprocess.Popen(
            ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(file)], stdout=subprocess.PIPE, stderr=restore_err
        )
        writer = subprocess.Popen(
            ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", f"--dbname={uri}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        stopped = False  # psql stopped at an error before it read everything
        try:
            writer.stdin.write(preamble.encode())
            shutil.copyfileobj(reader.stdout, writer.stdin, 1 << 20)
            if reader.wait() == 0:
                writer.stdin.write(b"COMMIT;\n")
        except BrokenPipeError:
            stopped = True
            reader.kill()
        finally:
            with suppress(BrokenPipeError):
                writer.stdin.close()
            reader.stdout.close()
        reader.wait()
        writer.wait()
        if reader.returncode != 0 and not stopped:
            raise BackupError(f"{file} is damaged or truncated, nothing was restored: {_text(restore_err)}")
        if writer.returncode != 0:
            raise BackupError(f"the restore failed and was rolled back: {_text(psql_err)}")


def _drop_everything(engine: Engine) -> str:
    """SQL dropping every view, table, sequence and type in the public schema (the app's objects);
    CASCADE and IF EXISTS make the order irrelevant."""
    query = text(
        """SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                 WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.relname
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND NOT c.relispartition
           UNION ALL
           SELECT 'TYPE', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd')"""
    )
    with engine.connect() as connection:
        objects = connection.execute(query).all()
    return "".join(f'DROP {kind} IF EXISTS public."{name}" CASCADE;\n' for kind, name in objects)


# ---------------------------------------------------------------- Debian's PostgreSQL client


def _client_major(program: str) -> int:
    found = re.search(r"\) (\d+)", _run([program, "--version"], os.environ))
    return int(found.group(1)) if found else 0


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URI for the engine's database, with its password in the environment, not on a command line."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(command: list[str], env, failed: str = "") -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} not found: install Debian's postgresql-client (apt-get install postgresql-client)") from error
    if done.returncode != 0:
        raise BackupError(f"{failed or command[0] + ' failed'}: {done.stderr.strip()}")
    return done.stdout


def _text(handle) -> str:
    handle.seek(0)
    return handle.read().decode(errors="replace").strip()


# ---------------------------------------------------------------- manage.py backup / restore


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``backup FILE [--db URL]`` and ``restore FILE [--db URL] [--replace]``."""
    dump = sub.add_parser("backup", help="write a consistent copy of the database to FILE, while the app runs")
    dump.add_argument("file")
    dump.add_argument("--db", help="database URL (default: DATABASE_URL, else var/dundian.db)")
    dump.set_defaults(func=_cmd_backup)
    load = sub.add_parser("restore", help="restore FILE into an empty database (or --replace its content), then migrate")
    load.add_argument("file")
    load.add_argument("--db", help="database URL (default: DATABASE_URL, else var/dundian.db)")
    load.add_argument("--replace", action="store_true", help="overwrite a database that holds data")
    load.set_defaults(func=_cmd_restore)


def _cmd_backup(args: argparse.Namespace) -> int:
    try:
        file = backup(args.db, args.file)
    except BackupError as refused:
        print(f"backup refused: {refused}", file=sys.stderr)
        return 2
    print(f"backup written: {file} ({file.stat().st_size / 1e6:.1f} MB)")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    try:
        restored = restore(args.db, args.file, replace=args.replace)
    except BackupError as refused:
        print(f"restore refused: {refused}", file=sys.stderr)
        return 2
    print(
        f"restored {args.file}: {len(restored.rows)} tables, {sum(restored.rows.values()):,} rows, schema at revision {restored.revision}"
    )
    for name, rows in restored.rows.items():
        if rows:
            print(f"  {name:<24} {rows:>12,}")
    return 0
