"""Each cadre's record of the round for the office: teams served, role, the team's result,
leave and a note; the notes are edited in the table."""
import streamlit as st

from data_access.evaluation import records
from data_access.excel.export import table_workbook
from data_access.ledger_store import ValidationFailed
from ui.context import actor, engine, tr
from ui.data import lookup
from ui.evaluation import XLSX
from ui.filters import require_scope
from ui.ledger_widgets import show_validation
from ui.widgets import localise

CHOICES = {"origin": "person_origin", "role": "member_role"}

st.header(tr("page.evaluation_cadres"))
the_round, _scope = require_scope(whole_round=True)
me = actor()
st.caption(tr("eval.cadres_intro"))
cadres = lookup(records.cadre_records, me, the_round.id)
shown = localise(cadres.drop(columns=["person_id"]), CHOICES)
note_column = tr("field.note")
config = {c: st.column_config.Column(disabled=c != note_column) for c in shown.columns}
config[note_column] = st.column_config.TextColumn(note_column, max_chars=records.NOTE_MAX, width="large")
edited = st.data_editor(shown, column_config=config, hide_index=True, width="stretch", key=f"ev_cadres_{the_round.id}")
changed = {
    int(person): str(new or "")
    for person, old, new in zip(cadres["person_id"], cadres["note"], edited[note_column])
    if str(old or "") != str(new or "")
}
left, right = st.columns(2)
if left.button(tr("eval.save_notes"), type="primary", disabled=not changed, key="ev_save_notes"):
    try:
        n = records.save_cadre_notes(engine(), me, the_round.id, changed)
    except ValidationFailed as failure:
        show_validation(failure)
    else:
        st.toast(tr("eval.saved_notes", n=n))
        st.rerun()
right.download_button(
    tr("eval.cadres_download"), lambda: table_workbook(shown, tr("excel.eval.cadre_sheet")),
    file_name=f"{tr('page.evaluation_cadres')}-{the_round.year}.xlsx", mime=XLSX, key="ev_cadres_xlsx",
)
