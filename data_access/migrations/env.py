"""Alembic environment: migrates the engine handed over by data_access.db.migrate."""

from alembic import context
from sqlmodel import SQLModel

from data_access import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from data_access.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
