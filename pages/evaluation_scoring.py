"""An evaluator's own scores: pick a team, score its subjective indicators with a comment."""

import pandas as pd
import streamlit as st

from data_access.evaluation import schemes, scoring
from data_access.ledger_store import ValidationFailed
from data_access.permissions import PermissionDenied
from ui.context import actor, engine, tr
from ui.data import figure
from ui.evaluation import require_evaluation
from ui.filters import require_scope
from ui.ledger_widgets import show_validation
from ui.team_names import team_labels

st.header(tr("page.evaluation_scoring"))
the_round, _scope = require_scope(whole_round=True)
head = require_evaluation(the_round, "eval.scoring_none")
if head.status != schemes.OPEN:
    st.info(tr("eval.scoring_none"))
    st.stop()
me = actor()
if not scoring.can_evaluate(me):
    st.warning(tr("eval.not_evaluator"))
    st.stop()
st.caption(tr("eval.scoring_intro"))
sheet = figure(scoring.score_sheet, head.id, me.user_id)
st.progress(
    sheet["score"].notna().mean() if len(sheet) else 0.0,
    text=tr("eval.scoring_progress", done=int(sheet["score"].notna().sum()), total=len(sheet)),
)

labels = team_labels()
team_id = st.selectbox(tr("eval.scoring_team"), list(labels), format_func=labels.get, key="ev_score_team")
mine = sheet[sheet["team_id"] == team_id]
with st.form(f"ev_scores_{team_id}"):
    entries = []
    for row in mine.itertuples():
        score = st.number_input(
            tr("eval.score_label", indicator=row.indicator),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            value=None if pd.isna(row.score) else float(row.score),
            key=f"ev_s_{team_id}_{row.indicator_id}",
        )
        comment = st.text_area(
            tr("eval.comment_label", indicator=row.indicator), value=row.comment, height=80, key=f"ev_c_{team_id}_{row.indicator_id}"
        )
        entries.append({"team_id": team_id, "indicator_id": int(row.indicator_id), "score": score, "comment": comment})
    submitted = st.form_submit_button(tr("eval.save_scores"), type="primary")
if submitted:
    try:
        changed = scoring.save_subjective(engine(), me, head.id, entries)
    except ValidationFailed as failure:
        show_validation(failure)
    except PermissionDenied as refused:
        st.error(tr(refused.key))
    else:
        st.toast(tr("eval.saved_scores", n=changed))
        st.rerun()

st.subheader(tr("eval.my_scores"))
overview = sheet.assign(team=[labels.get(int(t), t) for t in sheet["team_id"]])
st.dataframe(
    overview[["team", "indicator", "score", "comment"]].rename(columns=lambda c: tr(f"field.{c}")),
    hide_index=True,
    width="stretch",
)
