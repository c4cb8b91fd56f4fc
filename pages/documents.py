"""The documents the office takes to a meeting or sends on: the briefing for a day, the round's
summary report and supervision notices, as Word files. Each is built when asked for (it takes some
seconds: its charts are drawn in a browser on the server), then offered for download."""

from collections.abc import Callable
from datetime import timedelta

import streamlit as st

from data_access.documents import DOCX, briefing, summary_report, supervision_notice
from data_access.permissions import PermissionDenied
from ui.context import actor, engine, lang, show_error, tr
from ui.filters import ALL, require_scope, round_team_labels

the_round, scope = require_scope(whole_round=True)
teams = round_team_labels(the_round.id, scope.district_codes)


def offer(kind: str, build: Callable[[], bytes], params: tuple, file_name: str) -> None:
    """A button that builds the document, then one that downloads it while the choices it was built
    for stand (a document built for other choices is not offered)."""
    name = tr(f"documents.page.{kind}")
    if st.button(tr("documents.page.build", name=name), key=f"doc_build_{kind}", type="primary", icon=":material/description:"):
        with st.spinner(tr("documents.page.building", name=name)):
            try:
                st.session_state[f"doc_{kind}"] = (params, build())
            except PermissionDenied as denied:
                st.error(tr(denied.key))
            except Exception as error:  # noqa: BLE001 - whatever failed, the user is told and the log keeps why
                show_error(error, "documents.page.failed", name=name)
    built = st.session_state.get(f"doc_{kind}")
    if built is not None and built[0] == params:
        st.download_button(
            tr("documents.page.download", file=file_name),
            built[1],
            file_name=file_name,
            mime=DOCX,
            key=f"doc_download_{kind}",
            icon=":material/download:",
            on_click="ignore",
        )


def file_name(kind: str, *parts) -> str:
    return "-".join([tr(f"documents.page.{kind}"), *map(str, parts), str(scope.as_of)]) + ".docx"


st.header(tr("page.documents"))
st.text(tr("documents.page.scope", round=the_round.name, day=scope.as_of))  # the round's name as written, not Markdown
st.caption(tr("documents.page.intro"))
briefing_box, report_box, notice_box = st.columns(3)
with briefing_box.container(border=True):
    st.subheader(tr("documents.page.briefing"))
    st.caption(tr("documents.page.briefing_help"))
    since = st.date_input(tr("overview.since"), value=scope.as_of - timedelta(days=14), key="doc_since")
    offer("briefing", lambda: briefing(engine(), actor(), scope, since, lang()), (scope, since, lang()), file_name("briefing"))
with report_box.container(border=True):
    st.subheader(tr("documents.page.report"))
    st.caption(tr("documents.page.report_help"))
    offer("report", lambda: summary_report(engine(), actor(), scope, lang()), (scope, lang()), file_name("report"))
with notice_box.container(border=True):
    st.subheader(tr("documents.page.notice"))
    st.caption(tr("documents.page.notice_help"))
    team = st.selectbox(
        tr("filter.team"), [ALL, *teams], format_func=lambda v: tr("documents.page.all_teams") if v == ALL else teams[v], key="doc_team"
    )
    team_id = None if team == ALL else int(team)
    named = file_name("notice", *([teams[team_id]] if team_id else []))
    offer("notice", lambda: supervision_notice(engine(), actor(), scope, team_id, lang()), (scope, team_id, lang()), named)
