"""Each cadre's record of the round for the office: teams served, role, the team's result,
leave and a note; the notes are edited in the table."""
import pandas as pd
import streamlit as st

from data_access.choices import MEMBER_CHOICES
from data_access.evaluation import records
from data_access.excel.export import table_workbook
from data_access.ledger_store import ValidationFailed
from ui.context import actor, engine, tr
from ui.data import lookup, view
from ui.evaluation import XLSX
from ui.filters import require_scope
from ui.ledger_widgets import show_validation
from ui.widgets import localise, searched

st.header(tr("page.evaluation_cadres"))
the_round, _scope = require_scope(whole_round=True)
me = actor()
st.caption(tr("eval.cadres_intro"))


def cadre_table(reader, round_id: int) -> pd.DataFrame:
    """The records as shown, indexed by person so that an edited note finds its cadre."""
    cadres = lookup(records.cadre_records, reader, round_id)
    return localise(cadres.drop(columns=["person_id"]), MEMBER_CHOICES).set_axis(cadres["person_id"], axis="index")


shown = view(cadre_table, me, the_round.id)
listed = searched(shown, "ev_cadres_search")
note_column = tr("field.note")
config = {c: st.column_config.Column(disabled=c != note_column) for c in shown.columns}
config[note_column] = st.column_config.TextColumn(note_column, max_chars=records.NOTE_MAX, width="large")
# A new search lists other cadres: the table starts afresh.
key = f"ev_cadres_{the_round.id}_{st.session_state.get('ev_cadres_search', '')}"
st.data_editor(listed, column_config=config, hide_index=True, width="stretch", key=key, placeholder="—")  # no result yet


def changed_notes() -> dict[int, str]:
    """The notes edited in the table, by person: read from the editor's edits, not by comparing
    every row at every run."""
    notes = listed[note_column]
    edits = st.session_state.get(key, {}).get("edited_rows", {})
    typed = {int(pos): str(values[note_column] or "") for pos, values in edits.items() if note_column in values}
    return {int(listed.index[pos]): note for pos, note in typed.items() if note != str(notes.iloc[pos] or "")}


changed = changed_notes()
with st.container(horizontal=True):  # one row of buttons; a phone wraps it
    save = st.button(tr("eval.save_notes"), type="primary", disabled=not changed, key="ev_save_notes")
    st.download_button(
        tr("eval.cadres_download"), lambda: table_workbook(shown, tr("excel.eval.cadre_sheet")),
        file_name=f"{tr('page.evaluation_cadres')}-{the_round.year}.xlsx", mime=XLSX, key="ev_cadres_xlsx",
    )
if save:
    try:
        n = records.save_cadre_notes(engine(), me, the_round.id, changed)
    except ValidationFailed as failure:
        show_validation(failure)
    else:
        st.toast(tr("eval.saved_notes", n=n))
        st.rerun()
