"""The files of one ledger row, in a compact section under the entry form or the grid: each file's
newest version with its earlier ones, a download for each, and an upload for whoever may write
the row. What a ledger's rows take is its description's (``LedgerSpec.attachments``)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_access import admin, attachments
from data_access.files import FileRefused
from data_access.ledgers import ATTACHMENT_PURPOSES, LedgerSpec
from data_access.permissions import PermissionDenied, can_write_ledger
from ui.context import actor, engine, tr
from ui.data import lookup
from ui.widgets import file_uploader, local_time

# What the browser's file picker offers for a file type (a phone's offers its camera for images).
_PICKER_TYPES = {"pdf": ("pdf",), "docx": ("docx",), "xlsx": ("xlsx",), "jpg": ("jpg", "jpeg"), "png": ("png",)}


def attachments_section(spec: LedgerSpec, rows_of: Callable[[], pd.DataFrame], key: str, preselect: int | None = None) -> None:
    """A section, drawn only while open, where one of the rows ``rows_of()`` gives (read only then;
    ``preselect`` first) is picked and its files shown; nothing for a ledger whose rows take no files."""
    if not spec.attachments:
        return
    section = st.expander(tr("attachment.panel"), icon=":material/attach_file:", key=f"{key}_open", on_change="rerun")
    if not section.open:
        return
    with section:
        rows = rows_of()
        if rows.empty:
            st.info(tr("attachment.no_rows"))
            return
        ids = [int(i) for i in rows["id"]]
        labels = {int(r["id"]): _row_label(spec, r) for _, r in rows.iterrows()}
        if st.session_state.get(f"{key}_row") not in ids:
            st.session_state.pop(f"{key}_row", None)  # a row of another ledger, or gone: start from the newest
        if preselect in ids and st.session_state.get(f"{key}_preselected") != preselect:
            st.session_state[f"{key}_preselected"] = st.session_state[f"{key}_row"] = preselect  # a row just saved
        row_id = st.selectbox(tr("attachment.row"), ids, format_func=labels.get, key=f"{key}_row")
        team_id = int(rows.loc[rows["id"] == row_id, "team_id"].iloc[0])
        _files_of_row(spec, row_id, team_id, key)


def _row_label(spec: LedgerSpec, row: pd.Series) -> str:
    title = str(row[spec.title_field] or "")
    return f"#{row['id']} · {row['site_name']} · {row[spec.date_field]} · {title[:20]}{'…' if len(title) > 20 else ''}"


def _files_of_row(spec: LedgerSpec, row_id: int, team_id: int, key: str) -> None:
    """The row's files and, for a writer of the row, the upload under them (a file stored starts
    the page again, so that the list and the versions offered hold it)."""
    me = actor()
    try:
        files = lookup(attachments.row_files, me, spec.kind, row_id)
    except PermissionDenied as denied:
        st.error(tr(denied.key))
        return
    if files.empty:
        st.caption(tr("attachment.none"))
    for _series, versions in files.groupby("series_id", sort=False):
        _document(versions, key)
    if can_write_ledger(me, team_id):
        _upload(spec, row_id, files, key)


def _document(versions: pd.DataFrame, key: str) -> None:
    """One file: its newest version, and its earlier versions in a popover."""
    newest = versions.iloc[0]
    with st.container(border=True):
        if isinstance(newest["thumbnail"], bytes):
            st.image(newest["thumbnail"], width=160)
        _version(newest, key)
        older = versions.iloc[1:]
        if not older.empty:
            with st.popover(tr("attachment.older", n=len(older)), icon=":material/history:"):
                for _, version in older.iterrows():
                    _version(version, key)


def _version(version: pd.Series, key: str) -> None:
    """Name and facts as plain text (a file name is the user's text), and its download."""
    pages = tr("attachment.pages", n=int(version["page_count"])) if pd.notna(version["page_count"]) else ""
    about = tr(
        "attachment.about",
        purpose=tr(f"attachment.purpose.{version['purpose']}"),
        version=int(version["version"]),
        size=_size(int(version["size"])),
        when=local_time(version["uploaded_at"]),
        who=version["uploader"] or "—",
    )
    st.text(f"{version['filename']}\n{about}" + (f" · {pages}" if pages else ""))
    attachment_id, me = int(version["id"]), actor()
    st.download_button(
        tr("attachment.download"),
        lambda: attachments.download(engine(), me, attachment_id).content,  # read only when clicked
        file_name=version["filename"],
        mime=version["mime"],
        icon=":material/download:",
        key=f"{key}_get_{attachment_id}",
        on_click="ignore",
    )


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def _upload(spec: LedgerSpec, row_id: int, files: pd.DataFrame, key: str) -> None:
    """Pick the kind of file (when the ledger takes several) and the file, a new one or a new
    version of one the row has; checked and stored at once, or refused with the reason."""
    purpose = spec.attachments[0]
    if len(spec.attachments) > 1:
        purpose = st.selectbox(
            tr("attachment.purpose"), spec.attachments, format_func=lambda p: tr(f"attachment.purpose.{p}"), key=f"{key}_purpose"
        )
    newest = files[files["newest"].astype(bool) & (files["purpose"] == purpose)]
    series = {int(r["series_id"]): r["filename"] for _, r in newest.iterrows()}
    cap = lookup(admin.read_settings)["attachment_max_mb"]
    types = ATTACHMENT_PURPOSES[purpose]
    with st.form(f"{key}_upload_{row_id}_{purpose}", clear_on_submit=True, border=False):
        replaces = None
        if series:  # 0: a new file (series ids start at 1)
            chosen = st.selectbox(
                tr("attachment.series"),
                [0, *series],
                format_func=lambda s: tr("attachment.new_version_of", name=series[s]) if s else tr("attachment.new_document"),
                key=f"{key}_series",
            )
            replaces = chosen or None
        kinds = "、".join(t.upper() for t in types)
        upload = file_uploader(
            tr("attachment.file", types=kinds, max=cap), f"{key}_file", [ext for t in types for ext in _PICKER_TYPES[t]], kinds, cap
        )
        sent = st.form_submit_button(tr("attachment.upload"), icon=":material/upload:", type="primary")
    done = st.session_state.pop(f"{key}_done", None)
    if done:
        st.success(tr(done))
    if not sent:
        return
    if upload is None:
        st.warning(tr("attachment.choose_file"))
        return
    try:
        attachments.attach(engine(), actor(), spec.kind, row_id, purpose, upload.name, upload.getvalue(), replaces)
    except FileRefused as refused:
        st.error(tr("attachment.refused", reason=tr(refused.key, **refused.params)))
    except PermissionDenied as denied:
        st.error(tr(denied.key))
    else:  # again from the top: the list, and the versions the form offers, hold the new file
        st.session_state[f"{key}_done"] = "attachment.uploaded" if replaces is None else "attachment.uploaded_version"
        st.rerun()
