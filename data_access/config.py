"""The process's configuration: every environment variable the app reads, read here and nowhere else.

| variable | what it sets | default |
|---|---|---|
| ``DATABASE_URL`` | the database: ``postgresql://user:password@host:5432/name`` or ``sqlite:///path`` | ``sqlite:///var/dundian.db`` in the project |
| ``DUNDIAN_SECRET`` | the key that signs session cookies; every process behind one proxy needs the same | a random key kept in ``var/secret_key`` |
| ``DUNDIAN_ADMIN_PASSWORD`` | the password of the first office account ``admin``, created at the first start | a random one, printed once |
| ``DUNDIAN_TILE_URL`` | an XYZ tile server on your own network (``https://…/{z}/{x}/{y}.png``) for the site map's base map | none: district boundaries only |
| ``DUNDIAN_LOG_FILE`` | the file the operator's log (JSON lines, ``data_access.logs``) is appended to | standard error |
| ``DUNDIAN_LOG_LEVEL`` | the least level logged: ``DEBUG``, ``INFO``, ``WARNING`` or ``ERROR`` | ``INFO`` |

Not to be confused with ``data_access.settings``, the office's thresholds kept in the database.
An empty variable counts as unset. Tests build a ``Config`` with ``Config.from_environ(mapping)``
or ``dataclasses.replace(config(), ...)`` and hand it to the function under test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_DIR / "var" / "dundian.db"
VARIABLES = ("DATABASE_URL", "DUNDIAN_SECRET", "DUNDIAN_ADMIN_PASSWORD", "DUNDIAN_TILE_URL", "DUNDIAN_LOG_FILE", "DUNDIAN_LOG_LEVEL")


@dataclass(frozen=True)
class Config:
    database_url: str
    secret: str | None
    admin_password: str | None
    tile_url: str | None
    log_file: str | None = None
    log_level: str = "INFO"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Config:
        def value(name: str) -> str | None:
            return environ.get(name) or None

        return cls(
            database_url=value("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}",
            secret=value("DUNDIAN_SECRET"),
            admin_password=value("DUNDIAN_ADMIN_PASSWORD"),
            tile_url=value("DUNDIAN_TILE_URL"),
            log_file=value("DUNDIAN_LOG_FILE"),
            log_level=(value("DUNDIAN_LOG_LEVEL") or "INFO").upper(),
        )


def config() -> Config:
    """The configuration of the environment as it is now; built once for each set of values."""
    return _config(tuple(os.environ.get(name) for name in VARIABLES))


@lru_cache(maxsize=8)
def _config(values: tuple[str | None, ...]) -> Config:
    # Keyed on the raw values: a process (the bench, a test) that sets a variable gets a
    # configuration of the new value, never a stale one.
    return Config.from_environ({name: value for name, value in zip(VARIABLES, values) if value is not None})
