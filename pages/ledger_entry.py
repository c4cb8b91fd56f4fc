"""Quick entry of one ledger row: a daily record in under 30 seconds on a phone."""

from datetime import date

import streamlit as st

from data_access import ledger_store, org
from data_access.ledger_store import ValidationFailed
from data_access.ledgers import LEDGERS
from data_access.permissions import PermissionDenied
from ui.attachments import attachments_section
from ui.context import actor, engine, tr
from ui.data import lookup, table
from ui.filters import ask_for_team, current_scope
from ui.ledger_widgets import ledger_form, show_validation
from ui.team_context import team_people, working_team
from ui.widgets import as_text

st.header(tr("page.ledger_entry"))
kind = st.pills(tr("ledger.kind"), list(LEDGERS), format_func=lambda k: tr(f"ledger.{k}"), default="daily", key="entry_kind") or "daily"
spec = LEDGERS[kind]
team_id = working_team()
if team_id is None:
    ask_for_team()
    st.stop()

st.caption(tr("ledger.entry_for", team=as_text(lookup(org.team_label, team_id))))
people = team_people(team_id)
me = actor()
scope = current_scope()
today = scope.as_of if scope else date.today()  # replaying a past round enters on its as-of day
values = ledger_form(spec, f"entry_{kind}", today, me.person_id, people)
if values is not None:
    try:
        row_id = ledger_store.create_row(engine(), me, kind, team_id, values)
    except ValidationFailed as failure:
        show_validation(failure)
    except PermissionDenied as denied:
        st.error(tr(denied.key))
    else:
        st.success(tr("ledger.saved", ledger=tr(spec.title_key), id=row_id))
        st.session_state["entry_saved"] = row_id  # the files section opens on the row just saved
        if kind == "daily":  # a second record of a day is allowed (a team may write two), but may be a slip
            day = values[spec.date_field]
            same_day = ledger_store.rows_on_day(engine(), me, kind, team_id, day)
            if same_day > 1:
                st.warning(tr("ledger.same_day", n=same_day, day=day.isoformat()))


def recent_table(me, kind: str, team_id: int):
    """The team's latest rows of the ledger: date, title, author."""
    spec = LEDGERS[kind]
    recent = lookup(ledger_store.latest_rows, me, kind, team_id)
    return recent[[spec.date_field, spec.title_field, "author_name"]].rename(
        columns={
            spec.date_field: tr(f"field.{spec.date_field}"),
            spec.title_field: tr(f"field.{spec.title_field}"),
            "author_name": tr("field.author_name"),
        }
    )


# Drawn only while open: on a phone the form is the page, the team's latest rows one tap below it.
recent_rows = st.expander(tr("ledger.recent"), icon=":material/history:", key="entry_recent", on_change="rerun")
if recent_rows.open:
    recent_rows.dataframe(table(recent_table, me, kind, team_id), hide_index=True, width="stretch")

# The files of the row just saved, or of another of the team's latest rows.
attachments_section(
    spec, lambda: lookup(ledger_store.latest_rows, me, kind, team_id, None, 20), "entry_files", st.session_state.get("entry_saved")
)
