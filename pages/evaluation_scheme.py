"""The office's evaluation schemes: create one (the default, or a copy), edit the draft, open it
for scoring, read the objective values again, close and publish."""

from datetime import date

import pandas as pd
import streamlit as st

from data_access.evaluation import lifecycle, schemes
from data_access.evaluation.sources import SOURCE_KEYS
from data_access.ledger_store import ValidationFailed
from data_access.permissions import PermissionDenied
from ui.context import actor, engine, tr
from ui.data import figure, table, view
from ui.filters import require_scope
from ui.ledger_widgets import show_validation
from ui.widgets import as_text

st.header(tr("page.evaluation_scheme"))
the_round, _scope = require_scope(whole_round=True)
me = actor()


def attempt(action, done_key: str) -> None:
    """Run a write; show why it was refused, or note it and draw the page again."""
    try:
        action()
    except ValidationFailed as failure:
        show_validation(failure)
    except PermissionDenied as refused:
        st.error(tr(refused.key))
    else:
        st.toast(tr(done_key))
        st.rerun()


def create_form() -> None:
    copies = figure(schemes.all_schemes)
    options = [None, *copies["id"]]
    names = {int(r.id): tr("eval.copy_scheme", round=r.round_name, name=r.name) for r in copies.itertuples()}
    with st.form("ev_new"):
        name = st.text_input(tr("eval.scheme_name"), value=tr("eval.default_name", year=the_round.year), key="ev_new_name")
        source = st.selectbox(
            tr("eval.copy_from"), options, format_func=lambda i: tr("eval.copy_default") if i is None else names[int(i)], key="ev_new_from"
        )
        if st.form_submit_button(tr("eval.create"), type="primary"):
            attempt(
                lambda: schemes.create_scheme(engine(), me, the_round.id, name, None if source is None else int(source)), "eval.created"
            )


listing = figure(schemes.round_schemes, the_round.id)
# The form is drawn only while the expander is open: a closed one costs nothing at every run.
new_scheme = st.expander(tr("eval.scheme_new"), expanded=listing.empty, icon=":material/add:", key="ev_new_open", on_change="rerun")
if new_scheme.open:
    with new_scheme:
        create_form()
if listing.empty:
    st.info(tr("eval.no_schemes"))
    st.stop()

labels = {int(r.id): f"{r.name} · {tr(f'eval.status.{r.status}')}" for r in listing.itertuples()}
scheme_id = st.selectbox(tr("eval.scheme_pick"), list(labels), format_func=labels.get, key="ev_scheme")
head = figure(schemes.header, scheme_id)
SOURCE_LABELS = {key: tr(f"eval.source.{key}") for key in SOURCE_KEYS}
SOURCE_CODES = {label: key for key, label in SOURCE_LABELS.items()}


def shown_indicators(scheme_id: int) -> pd.DataFrame:
    shown = figure(schemes.indicators, scheme_id)[list(schemes.INDICATOR_COLUMNS)]
    shown["source"] = shown["source"].map(SOURCE_LABELS)
    return shown


def shown_bands(scheme_id: int) -> pd.DataFrame:
    return figure(schemes.bands, scheme_id)[list(schemes.BAND_COLUMNS)]


def indicator_config(disabled: bool) -> dict:
    return {
        "dimension": st.column_config.TextColumn(tr("field.dimension"), required=True, disabled=disabled),
        "name": st.column_config.TextColumn(tr("field.indicator"), required=True, disabled=disabled),
        "weight": st.column_config.NumberColumn(tr("field.weight"), min_value=0, max_value=100, disabled=disabled),
        "source": st.column_config.SelectboxColumn(tr("field.source"), options=list(SOURCE_CODES), disabled=disabled),
        "full_at": st.column_config.NumberColumn(tr("field.full_at"), min_value=0, max_value=100, disabled=disabled),
        "zero_at": st.column_config.NumberColumn(tr("field.zero_at"), min_value=0, max_value=100, disabled=disabled),
    }


def band_config(disabled: bool) -> dict:
    return {
        "name": st.column_config.TextColumn(tr("field.band"), required=True, disabled=disabled),
        "min_score": st.column_config.NumberColumn(tr("field.min_score"), min_value=0, max_value=100, disabled=disabled),
    }


def records(frame: pd.DataFrame) -> list[dict]:
    rows = frame.to_dict("records")
    for row in rows:
        if "source" in row:
            row["source"] = SOURCE_CODES.get(row["source"])
    return rows


def edit_draft() -> None:
    with st.form("ev_edit"):
        name = st.text_input(tr("eval.scheme_name"), value=head.name, key="ev_name")
        day = st.date_input(
            tr("field.evaluation_date"), value=head.evaluation_date or the_round.end_date, min_value=date(2000, 1, 1), key="ev_day"
        )
        cap = st.number_input(
            tr("eval.cap_label"), min_value=0.0, max_value=100.0, step=5.0, value=100 * (head.top_band_cap or 0), key="ev_cap"
        )
        st.caption(tr("eval.indicators_help"))
        edited = st.data_editor(
            view(shown_indicators, scheme_id),
            column_config=indicator_config(False),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key="ev_indicators",
        )
        st.caption(tr("eval.weights_total", total=f"{pd.to_numeric(edited['weight'], errors='coerce').sum():g}"))
        st.caption(tr("eval.bands_help"))
        edited_bands = st.data_editor(
            view(shown_bands, scheme_id), column_config=band_config(False), num_rows="dynamic", hide_index=True, key="ev_bands"
        )
        if st.form_submit_button(tr("eval.save_scheme"), type="primary"):
            attempt(
                lambda: schemes.save_scheme(
                    engine(),
                    me,
                    scheme_id,
                    name=name,
                    evaluation_date=day,
                    top_band_cap=(cap / 100) or None,
                    indicator_rows=records(edited),
                    band_rows=records(edited_bands),
                ),
                "eval.saved_scheme",
            )
    left, right = st.columns(2)
    if left.button(tr("eval.open"), type="primary", icon=":material/play_arrow:", key="ev_open"):
        attempt(lambda: lifecycle.open_evaluation(engine(), me, scheme_id), "eval.opened")
    if right.button(tr("eval.delete"), icon=":material/delete:", key="ev_delete"):
        attempt(lambda: schemes.delete_draft(engine(), me, scheme_id), "eval.deleted")


def show_locked() -> None:
    st.info(tr("eval.locked"))
    st.dataframe(table(shown_indicators, scheme_id), column_config=indicator_config(True), hide_index=True, width="stretch")
    st.dataframe(table(shown_bands, scheme_id), column_config=band_config(True), hide_index=True)
    if head.status == schemes.OPEN:
        manage_open()


def manage_open() -> None:
    counts = figure(lifecycle.scoring_progress, scheme_id)
    st.markdown(tr("eval.progress", scored=counts["scored"], total=counts["total"], evaluators=counts["evaluators"]))
    missing = figure(lifecycle.missing_subjective, scheme_id)
    if len(missing):
        st.caption(tr("eval.missing_list") + "；".join(as_text(f"{r.site_name} · {r.indicator}") for r in missing.itertuples()))
    left, right = st.columns(2)
    if left.button(tr("eval.refresh"), icon=":material/refresh:", key="ev_refresh"):
        attempt(lambda: lifecycle.refresh_objective(engine(), me, scheme_id), "eval.refreshed")
    confirmed = right.checkbox(tr("eval.close_confirm"), help=tr("eval.close_help"), key="ev_close_confirm")
    right.caption(tr("eval.close_help"))
    if right.button(tr("eval.close"), type="primary", icon=":material/lock:", disabled=not confirmed, key="ev_close"):
        attempt(lambda: lifecycle.close_evaluation(engine(), me, scheme_id), "eval.closed")


if head.status == schemes.DRAFT:
    edit_draft()
else:
    show_locked()
