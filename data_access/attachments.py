"""Files attached to ledger rows: added as versions, listed, downloaded; they follow their row.

A file is checked (``data_access.files``) before anything is written, then stored with its audit
record in one transaction. The row's permissions apply: whoever may write the row's ledger may
attach to it, whoever may read the team may list and download. A file is never deleted on its
own: a new version keeps the old ones, and the files of a deleted row are hidden with it and come
back when it is restored (the row's own delete and restore are audited by the ledger store).

``add_version`` takes any owner table with a ``team_id`` (and optionally ``deleted_at``) column,
so other records (a deliverable's submission) can keep files the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from data_access.auth import Actor
from data_access.db import read_session, write_session
from data_access.files import Inspected, inspect_file
from data_access.ledger_store import write_audit
from data_access.ledgers import ATTACHMENT_PURPOSES, LEDGERS
from data_access.models import AppUser, Attachment
from data_access.permissions import can_read_team, can_write_ledger, require
from data_access.settings import get_settings

_FILE = Attachment.__table__
# What a list shows and an audit record keeps of a file: not its bytes, thumbnail or text.
LISTED = ("id", "series_id", "version", "purpose", "filename", "file_type", "mime", "size", "sha256", "page_count", "uploaded_at")


@dataclass(frozen=True)
class Download:
    filename: str
    mime: str
    content: bytes


def max_bytes(session: Session) -> int:
    """The office's cap on one file (setting ``attachment_max_mb``)."""
    return get_settings(session)["attachment_max_mb"] * 1024 * 1024


def _owner(session: Session, owner_table: str, owner_id: int) -> dict | None:
    """The owner row's team and whether it is live; None if there is no such row."""
    table = SQLModel.metadata.tables[owner_table]
    deleted = table.c.deleted_at if "deleted_at" in table.c else None
    columns = [table.c.team_id] + ([deleted.label("deleted_at")] if deleted is not None else [])
    row = session.execute(select(*columns).where(table.c.id == owner_id)).mappings().first()
    return None if row is None else {"team_id": row["team_id"], "live": row.get("deleted_at") is None}


def add_version(
    session: Session,
    actor: Actor,
    owner_table: str,
    owner_id: int,
    purpose: str,
    filename: str,
    data: bytes,
    purposes: tuple[str, ...],
    series_id: int | None = None,
    found: Inspected | None = None,
) -> int:
    """Check and store one file on a live row the actor may write, in the caller's transaction,
    with its audit record: a new document (``series_id`` None) or the next version of one.
    ``purposes``: what the owner takes; ``found``: the file already inspected (``inspect``).
    FileRefused or PermissionDenied write nothing."""
    owner = _may_attach(session, actor, owner_table, owner_id, purpose, purposes)
    version = 1
    if series_id is not None:
        version = _next_version(session, owner_table, owner_id, series_id)
    found = found or inspect_file(data, ATTACHMENT_PURPOSES[purpose], max_bytes(session))
    record = {
        "owner_table": owner_table,
        "owner_id": owner_id,
        "team_id": owner["team_id"],
        "purpose": purpose,
        "series_id": series_id or 0,
        "version": version,
        "filename": _plain_name(filename),
        "file_type": found.file_type,
        "mime": found.mime,
        "size": found.size,
        "sha256": found.sha256,
        "content": data,
        "thumbnail": found.thumbnail,
        "page_count": found.page_count,
        "text_content": found.text,
        "uploaded_by": actor.user_id,
    }
    attachment = Attachment(**record)
    session.add(attachment)
    session.flush()
    if series_id is None:  # a new document: its series is its first version
        session.execute(update(_FILE).where(_FILE.c.id == attachment.id).values(series_id=attachment.id))
        attachment.series_id = attachment.id
    kept = {name: getattr(attachment, name) for name in LISTED} | {"owner_table": owner_table, "owner_id": owner_id}
    write_audit(session, actor, "create", _FILE.name, attachment.id, owner["team_id"], None, kept)
    return attachment.id


def _may_attach(session: Session, actor: Actor, owner_table: str, owner_id: int, purpose: str, purposes: tuple[str, ...]) -> dict:
    """The owner row, if it is live, the actor may write to it and it takes files of ``purpose``."""
    owner = _owner(session, owner_table, owner_id)
    require(owner is not None and owner["live"], "attachment.row_gone")
    require(can_write_ledger(actor, owner["team_id"]))
    require(purpose in purposes, "attachment.refused.purpose")
    return owner


def _next_version(session: Session, owner_table: str, owner_id: int, series_id: int) -> int:
    """One more than the series' newest version. Two uploads of a version of one file take turns:
    on PostgreSQL by a lock on its first version, on SQLite by the write lock each write takes first."""
    session.execute(select(_FILE.c.id).where(_FILE.c.id == series_id).with_for_update())
    newest = session.execute(
        select(func.max(_FILE.c.version)).where(
            _FILE.c.series_id == series_id, _FILE.c.owner_table == owner_table, _FILE.c.owner_id == owner_id
        )
    ).scalar()
    require(newest is not None, "attachment.row_gone")  # a series of another row is no series of this one
    return newest + 1


def _plain_name(filename: str) -> str:
    """The file's own name without the folders a browser may send, kept short."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[-200:] or "file"


def attach(
    engine: Engine, actor: Actor, kind: str, row_id: int, purpose: str, filename: str, data: bytes, series_id: int | None = None
) -> int:
    """``add_version`` on a row of the ledger ``kind``, in a transaction of its own. The file is
    read before the transaction begins: on SQLite a write holds the database's only write lock."""
    spec = LEDGERS[kind]
    with read_session(engine) as session:
        _may_attach(session, actor, spec.table_name, row_id, purpose, spec.attachments)  # no work for a refusal
        found = inspect_file(data, ATTACHMENT_PURPOSES[purpose], max_bytes(session))
    with write_session(engine) as session:
        return add_version(session, actor, spec.table_name, row_id, purpose, filename, data, spec.attachments, series_id, found)


# ---------------------------------------------------------------- reads


def _readable_owner(session: Session, actor: Actor, owner_table: str, owner_id: int) -> bool:
    """Whether the actor may see the row's files: the row is live and its team readable."""
    owner = _owner(session, owner_table, owner_id)
    if owner is None:
        return False
    require(can_read_team(actor, owner["team_id"]))
    return owner["live"]


def list_files(session: Session, actor: Actor, owner_table: str, owner_id: int) -> pd.DataFrame:
    """A row's files, every version, newest document first and each document's versions newest
    first, with the uploader's name and ``newest`` marking each document's current version. Empty
    while the row is deleted."""
    columns = [*LISTED, "thumbnail", "uploader", "newest"]
    if not _readable_owner(session, actor, owner_table, owner_id):
        return pd.DataFrame(columns=columns)
    newest = func.max(_FILE.c.version).over(partition_by=_FILE.c.series_id)
    query = (
        select(*(_FILE.c[name] for name in LISTED), _FILE.c.thumbnail, AppUser.display_name.label("uploader"), newest.label("top"))
        .outerjoin(AppUser, AppUser.id == _FILE.c.uploaded_by)
        .where(_FILE.c.owner_table == owner_table, _FILE.c.owner_id == owner_id)
        .order_by(_FILE.c.series_id.desc(), _FILE.c.version.desc())
    )
    rows = [dict(r) for r in session.execute(query).mappings()]
    for row in rows:
        row["newest"] = row.pop("top") == row["version"]
    return pd.DataFrame(rows, columns=columns)


def row_files(engine: Engine, actor: Actor, kind: str, row_id: int) -> pd.DataFrame:
    """``list_files`` of a row of the ledger ``kind``."""
    with read_session(engine) as session:
        return list_files(session, actor, LEDGERS[kind].table_name, row_id)


def download(engine: Engine, actor: Actor, attachment_id: int) -> Download:
    """A file's bytes as stored, for a reader of its team while its row is live."""
    with read_session(engine) as session:
        found = session.execute(
            select(_FILE.c.owner_table, _FILE.c.owner_id, _FILE.c.filename, _FILE.c.mime, _FILE.c.content).where(
                _FILE.c.id == attachment_id
            )
        ).first()
        require(found is not None and _readable_owner(session, actor, found.owner_table, found.owner_id), "attachment.row_gone")
    return Download(found.filename, found.mime, found.content)
