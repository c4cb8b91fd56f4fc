"""Quick edits in bulk: filter, correct, add and delete rows of one ledger, saved all at once."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from data_access import ledger_store
from data_access.excel import table_workbook
from data_access.ledger_store import StaleEdit, ValidationFailed
from data_access.ledgers import LEDGERS
from data_access.permissions import PermissionDenied, can_write_ledger, writable_fields
from ui.attachments import attachments_section
from ui.context import actor, engine, tr
from ui.filters import require_scope
from ui.ledger_widgets import GRID_ROWS, grid_changes, grid_column_order, ledger_grid, show_stale, show_validation
from ui.team_context import team_people
from ui.widgets import localise

st.header(tr("page.ledger_grid"))
_round, scope = require_scope()
me = actor()
kind = st.selectbox(tr("ledger.kind"), list(LEDGERS), format_func=lambda k: tr(f"ledger.{k}"), key="grid_kind")
spec = LEDGERS[kind]
period = st.date_input(tr("grid.period"), value=(scope.as_of - timedelta(days=30), scope.as_of), key="grid_period")
date_from, date_to = period if len(period) == 2 else (period[0], scope.as_of)  # while the end is being picked


def matching_rows(limit: int | None) -> pd.DataFrame:
    """The newest rows the filters match (all of them if ``limit`` is None)."""
    return ledger_store.list_rows(
        engine(), me, kind, team_ids=scope.team_ids, round_id=scope.round_id, date_from=date_from, date_to=date_to, limit=limit
    )


# Freeze the rows shown until saved or discarded: the grid reports edits by position,
# and a frozen frame is what turns those positions back into row ids and versions.
filters = (kind, scope.round_id, scope.team_ids, date_from, date_to)
if st.session_state.get("grid_filters") != filters:
    st.session_state["grid_filters"] = filters
    matching = matching_rows(GRID_ROWS + 1)  # one more: whether there are older rows than the grid holds
    st.session_state["grid_rows"] = matching.head(GRID_ROWS)
    st.session_state["grid_more"] = len(matching) > GRID_ROWS
    st.session_state["grid_epoch"] = st.session_state.get("grid_epoch", 0) + 1
rows, more = st.session_state["grid_rows"], st.session_state["grid_more"]
team_id = scope.team_ids[0] if scope.team_ids else me.team_id
people = team_people(team_id) if team_id else {}
all_fields = tuple(f.name for f in spec.fields)
editable = writable_fields(me, kind, team_id, all_fields) if team_id else (all_fields if me.role == "office" else ())
can_add = bool(team_id) and can_write_ledger(me, team_id)
grid_key = f"grid_{st.session_state['grid_epoch']}"

count = tr("grid.newest", n=GRID_ROWS) if more else tr("grid.count", n=len(rows))
st.caption(count + (" · " + tr("grid.pick_team_to_add") if not can_add and me.role == "office" else ""))
# One team's grid needs no team column, and a member has no use for row ids: on a phone the
# columns they can change come first, within the screen's width.
shown = grid_column_order(spec, editable, several_teams=scope.team_ids is None, with_ids=me.role != "member")
ledger_grid(spec, rows, editable, people, grid_key, can_add, shown)


def _reload() -> None:
    st.session_state.pop("grid_filters", None)


def export_workbook() -> bytes:
    """Every row the filters match, not only those the grid holds; built only when the button is
    clicked: a round's rows make a workbook too slow to build every run."""
    sheet = localise(
        (matching_rows(None) if more else rows)[["site_name", "author_name"] + [f.name for f in spec.fields]],
        {f.name: f.choices for f in spec.fields if f.choices},
    )
    return table_workbook(sheet, tr(spec.title_key))


def save_changes() -> None:
    """Write the grid's edits at once, or say why nothing was written; a save confirms itself."""
    changes = grid_changes(spec, rows, grid_key, team_id, people)
    n = len(changes.edited) + len(changes.added) + len(changes.deleted)
    if not n:
        st.info(tr("grid.nothing_to_save"))
        return
    try:
        ledger_store.apply_grid_changes(engine(), me, kind, changes)
    except ValidationFailed as failure:
        show_validation(failure)
    except StaleEdit as stale:
        show_stale(spec, stale)
    except PermissionDenied as denied:
        st.error(tr(denied.key))
    else:
        st.session_state["grid_saved"] = n  # confirmed on the run that shows the saved rows
        _reload()
        st.rerun()


with st.container(horizontal=True):  # one row of buttons; a phone wraps it
    save = st.button(tr("grid.save"), type="primary", disabled=not editable)
    discard = st.button(tr("grid.discard"), disabled=not editable)
    st.download_button(
        tr("grid.export"), export_workbook, file_name=f"{tr(spec.title_key)}-{date_from}-{date_to}.xlsx", icon=":material/download:"
    )
if discard:
    _reload()
    st.rerun()
if save:
    save_changes()
saved = st.session_state.pop("grid_saved", None)
if saved:
    st.success(tr("grid.saved", n=saved), icon=":material/check_circle:")

attachments_section(spec, lambda: rows, "grid_files")  # the files of one of the grid's rows
