"""Each cadre's record of the round for the office: teams served, role, the team's result,
leave and a note; a row picked in the table opens its note for editing."""

import pandas as pd
import streamlit as st

from data_access.choices import MEMBER_CHOICES
from data_access.evaluation import records
from data_access.excel.export import table_workbook
from data_access.ledger_store import ValidationFailed
from ui.context import actor, engine, tr
from ui.data import lookup, view
from ui.filters import require_scope
from ui.ledger_widgets import show_validation
from ui.widgets import XLSX, as_text, localise, searched

st.header(tr("page.evaluation_cadres"))
the_round, _scope = require_scope(whole_round=True)
me = actor()
st.caption(tr("eval.cadres_intro"))


def cadre_table(reader, round_id: int) -> pd.DataFrame:
    """The records as shown, indexed by person so that a picked row finds its cadre."""
    cadres = lookup(records.cadre_records, reader, round_id)
    return localise(cadres.drop(columns=["person_id"]), MEMBER_CHOICES).set_axis(cadres["person_id"], axis="index")


shown = view(cadre_table, me, the_round.id)
listed = searched(shown, "ev_cadres_search")
note_column = tr("field.note")
# Read-only, one row picked at a time: an editable grid of every cadre costs a third more at every
# run, and one note in a text box is easier to write on a phone than in a table cell.
picked = st.dataframe(
    listed,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    placeholder="—",  # no result yet
    column_config={note_column: st.column_config.TextColumn(width="large")},
    key=f"ev_cadres_{the_round.id}_{st.session_state.get('ev_cadres_search', '')}",  # a new search starts afresh
)


def note_form(person_id: int, name: str, note: str) -> None:
    with st.form(f"ev_note_{the_round.id}_{person_id}", border=True):
        typed = st.text_area(
            tr("eval.note_for", name=as_text(name)), value=note, max_chars=records.NOTE_MAX, key=f"ev_note_text_{person_id}"
        )
        if st.form_submit_button(tr("eval.save_note"), type="primary"):
            save(person_id, name, typed)


def save(person_id: int, name: str, note: str) -> None:
    try:
        records.save_cadre_notes(engine(), me, the_round.id, {person_id: note})
    except ValidationFailed as failure:
        show_validation(failure)
    else:
        st.toast(tr("eval.saved_note", name=as_text(name)))
        st.rerun()  # the table shows the note just saved


if picked.selection.rows:
    cadre = listed.iloc[picked.selection.rows[0]]  # its name is its index: the person's id
    note_form(int(cadre.name), cadre[tr("field.person_name")], str(cadre[note_column] or ""))
st.download_button(
    tr("eval.cadres_download"),
    lambda: table_workbook(shown, tr("excel.eval.cadre_sheet")),
    file_name=f"{tr('page.evaluation_cadres')}-{the_round.year}.xlsx",
    mime=XLSX,
    key="ev_cadres_xlsx",
)
