"""Command line for the office and for operators: migrations, import, export, sample data."""
from __future__ import annotations

import argparse
import sys

from alembic import command

from data_access.db import alembic_config, make_engine


def cmd_makemigration(args: argparse.Namespace) -> int:
    command.revision(alembic_config(make_engine()), message=args.message, autogenerate=True)
    return 0


def cmd_migrate(_args: argparse.Namespace) -> int:
    command.upgrade(alembic_config(make_engine()), "head")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("makemigration", help="autogenerate a migration from the models")
    make.add_argument("message")
    make.set_defaults(func=cmd_makemigration)
    sub.add_parser("migrate", help="apply all migrations").set_defaults(func=cmd_migrate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
