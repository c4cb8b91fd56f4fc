"""Every change, who made it and when; the office can undo a ledger change from here."""

from datetime import datetime, time, timedelta

import streamlit as st

from data_access import ledger_store
from data_access.calendar import LOCAL_TIME_ZONE
from data_access.ledger_store import LEDGER_BY_TABLE, StaleEdit
from data_access.permissions import PermissionDenied
from i18n import CATALOGUE
from ui.context import actor, engine, tr
from ui.data import lookup, table
from ui.filters import current_scope
from ui.widgets import local_time

st.header(tr("page.audit_log"))
st.caption(tr("audit.pick"))
me = actor()
scope = current_scope()
tables = [
    None,
    *LEDGER_BY_TABLE,
    "attachment",
    "deliverable_submission",
    "deliverable",
    "team_member",
    "app_user",
    "setting",
    "round",
    "site",
    "person",
]
left, right = st.columns(2)
table_name = left.selectbox(
    tr("audit.table"), tables, format_func=lambda t: tr("filter.all") if t is None else tr(f"audit.table.{t}"), key="audit_table"
)
since_day = right.date_input(tr("audit.since"), value=datetime.now(LOCAL_TIME_ZONE).date() - timedelta(days=30), key="audit_since")
since = datetime.combine(since_day, time.min, tzinfo=LOCAL_TIME_ZONE)  # the day as the federation counts it
team_id = scope.team_ids[0] if scope and scope.team_ids else None


def field_label(name: str) -> str:
    return tr(f"field.{name}") if f"field.{name}" in CATALOGUE else name


def audit_table(me, table_name, team_id, since):
    """The entries as listed: local time, who by name, action and table in words, the team's name."""
    shown = lookup(ledger_store.audit_entries, me, table_name, team_id, since)[
        ["at", "user_name", "action", "table_name", "row_id", "team_label", "changed"]
    ]
    shown["at"] = shown["at"].map(local_time)
    shown["user_name"] = shown["user_name"].fillna(tr("audit.system"))
    shown["action"] = shown["action"].map(lambda a: tr(f"audit.action.{a}"))
    shown["table_name"] = shown["table_name"].map(lambda t: tr(f"audit.table.{t}"))
    shown["changed"] = shown["changed"].map(lambda names: "、".join(field_label(n) for n in names))
    return shown.rename(columns=lambda c: tr(f"audit.col.{c}"))


entries = lookup(ledger_store.audit_entries, me, table_name, team_id, since)
st.caption(tr("grid.count", n=len(entries)))
selection = st.dataframe(
    table(audit_table, me, table_name, team_id, since),
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="audit_pick",
)
picked = selection.selection.rows
if picked:
    entry = entries.iloc[picked[0]]
    before, after = st.columns(2)
    before.json(entry["before"] or "{}", expanded=True)
    after.json(entry["after"] or "{}", expanded=True)
    if entry["table_name"] in LEDGER_BY_TABLE and st.button(tr("audit.undo"), type="primary"):
        try:
            ledger_store.undo(engine(), me, int(entry["id"]))
        except StaleEdit:
            st.error(tr("audit.undo_stale"))
        except PermissionDenied as denied:
            st.error(tr(denied.key))
        else:
            st.success(tr("audit.undone"))
