"""Deliverables (seed 000 §5.4): a member hands in the team's documents on a phone; the office sees
every team's status on a projector, chases what is missing or returned, and accepts or returns."""

import streamlit as st

from data_access import admin
from data_access import deliverables as dl
from data_access.figures import deliverables as df_
from data_access.permissions import PermissionDenied, can_review_deliverables, restrict_scope
from ui.context import actor, engine, tr
from ui.data import figure, lookup
from ui.deliverables import MEMBER_COLUMNS, chase_counts, deliverables_table, status_matrix, status_rows, versions_table
from ui.filters import require_scope
from ui.team_names import team_labels
from ui.widgets import file_uploader, lazy_tabs

st.header(tr("page.deliverables"))
me = actor()
the_round, whole = require_scope()
scope = restrict_scope(me, whole)  # a member: their own team
st.caption(tr("deliverables.as_of", day=f"{scope.as_of:%Y-%m-%d}"))

flash = st.session_state.pop("deliverables_flash", None)
if flash:
    st.success(tr(flash[0], **flash[1]))
rows = figure(df_.deliverable_status, scope)
if rows.empty:
    st.info(tr("deliverables.none"))
    st.stop()


def done(key: str, **params) -> None:
    """Say what was done after the rerun that shows its effect."""
    st.session_state["deliverables_flash"] = (key, params)
    st.rerun()


def refused(error: Exception) -> None:
    if isinstance(error, dl.Refused):
        st.error(tr(error.key, **error.params))
    else:
        st.error(tr(error.key))


def download(versions, team_id: int, key: str) -> None:
    newest = versions.iloc[0]
    file = dl.document(engine(), me, int(newest["id"]))
    st.download_button(
        tr("deliverables.download", version=int(newest["version"])),
        file.content,
        file_name=file.filename,
        mime=file.mime,
        icon=":material/download:",
        key=f"{key}_{team_id}_{int(newest['id'])}",
    )


# ---------------------------------------------------------------- a member: submit in a few taps


def member_view() -> None:
    team_id = me.team_id
    own = rows[rows["team_id"] == team_id].set_index("deliverable_id", drop=False)
    # Options by id, labels without the status: a label that changes under a kept choice is not redrawn.
    picked = st.selectbox(tr("deliverables.pick"), list(own.index), format_func=lambda i: own.loc[i, "name"], key="deliv_pick")
    chosen = own.loc[picked]
    versions = lookup(dl.versions, me, int(chosen["deliverable_id"]), team_id)
    newest = versions.iloc[0] if len(versions) else None
    if newest is not None and newest["decision"] == "":
        st.info(tr("deliverables.pending_info", version=int(newest["version"])))
    elif newest is not None and newest["decision"] == "accepted":
        st.success(tr("deliverables.accepted_info", version=int(newest["version"])))
    else:
        if newest is not None:
            st.warning(tr("deliverables.returned_says", version=int(newest["version"])))
            st.text(newest["comment"])
        submit_form(int(chosen["deliverable_id"]), team_id)
    st.dataframe(status_rows(own, MEMBER_COLUMNS), hide_index=True, width="stretch")
    if newest is not None:
        with st.expander(tr("deliverables.versions"), icon=":material/history:"):
            st.dataframe(versions_table(versions), hide_index=True, width="stretch")
            download(versions, team_id, "deliv_mine")


def submit_form(deliverable_id: int, team_id: int) -> None:
    cap = lookup(admin.read_settings)["attachment_max_mb"]  # the office's cap on any file, as for attachments
    with st.form("deliv_submit", clear_on_submit=True, border=False):
        upload = file_uploader(tr("deliverables.upload"), "deliv_file", ["pdf", "docx"], "PDF、DOCX", cap)
        note = st.text_input(tr("deliverables.note"), key="deliv_note")
        sent = st.form_submit_button(tr("deliverables.submit"), type="primary", icon=":material/upload:", width="stretch")
    if not sent:
        return
    if upload is None:
        st.error(tr("deliverables.need_file"))
        return
    try:
        file = dl.checked_document(upload.name, upload.getvalue(), cap * 1024 * 1024)
        dl.submit(engine(), me, deliverable_id, team_id, file, scope.as_of, note)
    except (dl.Refused, PermissionDenied) as error:
        refused(error)
        return
    done("deliverables.submitted", version=int(lookup(dl.versions, me, deliverable_id, team_id).iloc[0]["version"]))


# ---------------------------------------------------------------- the office and the readers


def matrix_tab() -> None:
    st.caption(tr("deliverables.matrix_caption"))
    st.dataframe(status_matrix(rows), width="stretch")


def chase_tab() -> None:
    st.caption(tr("deliverables.chase_caption"))
    counts = figure(df_.deliverable_chase, scope)
    if counts.empty:
        st.success(tr("deliverables.chase_none"))
        return
    st.dataframe(chase_counts(counts), hide_index=True, width="stretch")
    st.dataframe(status_rows(figure(df_.deliverable_chase_rows, scope)), hide_index=True, width="stretch")


def review_tab() -> None:
    pending = lookup(dl.awaiting_review, me, the_round.id)
    if pending.empty:
        st.info(tr("deliverables.none_pending"))
        return
    labels = team_labels()
    pending = pending.set_index("id", drop=False)
    # Options by submission id: once one is decided, the choice cannot stay on another's label.
    picked = st.selectbox(
        tr("deliverables.review_pick"),
        list(pending.index),
        format_func=lambda i: tr(
            "deliverables.review_option",
            team=labels.get(int(pending.loc[i, "team_id"]), ""),
            name=pending.loc[i, "name"],
            version=int(pending.loc[i, "version"]),
        ),
        key="deliv_review_pick",
    )
    chosen = pending.loc[picked]
    team_id = int(chosen["team_id"])
    versions = lookup(dl.versions, me, int(chosen["deliverable_id"]), team_id)
    st.dataframe(versions_table(versions), hide_index=True, width="stretch")
    download(versions, team_id, "deliv_review_file")
    # A form: the comment goes with the button that decides, never a keystroke behind it.
    with st.form(f"deliv_review_{int(chosen['id'])}", border=False):
        comment = st.text_area(tr("deliverables.comment"))
        accept, give_back = st.columns(2)
        accepted = accept.form_submit_button(tr("deliverables.accept"), type="primary", icon=":material/check:", width="stretch")
        returned = give_back.form_submit_button(tr("deliverables.return"), icon=":material/undo:", width="stretch")
    if accepted or returned:
        decide(int(chosen["id"]), "accepted" if accepted else "returned", comment)


def decide(submission_id: int, decision: str, comment: str) -> None:
    try:
        dl.review(engine(), me, submission_id, decision, comment, scope.as_of)
    except (dl.Refused, PermissionDenied) as error:
        refused(error)
        return
    done("deliverables.accepted_done" if decision == "accepted" else "deliverables.returned_done")


def define_tab() -> None:
    st.dataframe(deliverables_table(lookup(dl.round_deliverables, the_round.id)), hide_index=True, width="stretch")
    phases = lookup(dl.round_phases, the_round.id)
    with st.form("deliv_define", clear_on_submit=True):
        name = st.text_input(tr("deliverables.define_name"), key="deliv_new_name")
        phase = st.selectbox(tr("deliverables.define_phase"), list(phases), format_func=lambda p: tr(f"choice.phase_kind.{phases[p]}"))
        due = st.date_input(tr("deliverables.define_due"), value=scope.as_of, key="deliv_new_due")
        added = st.form_submit_button(tr("deliverables.define_add"), icon=":material/add:")
    if added:
        try:
            dl.add_deliverable(engine(), me, the_round.id, name, phase, due)
        except (dl.Refused, PermissionDenied) as error:
            refused(error)
        else:
            done("deliverables.added")


if me.role == "member":
    member_view()
else:
    tabs = [("deliverables.tab.matrix", matrix_tab), ("deliverables.tab.chase", chase_tab)]
    if can_review_deliverables(me):
        tabs += [("deliverables.tab.review", review_tab), ("deliverables.tab.define", define_tab)]
    lazy_tabs("deliv_tab", tabs)
