"""Excel in and out: the round's workbook for the higher federation, ledger templates, and imports
that are checked in full and previewed before anything is written."""

from datetime import date

import streamlit as st

from data_access import org
from data_access.excel import (
    ImportFailed,
    detect,
    import_assignment,
    ledger_template,
    preview,
    preview_assignment,
    problems_frame,
    read_workbook,
    round_workbook,
    write_ledgers,
)
from data_access.excel.assignment import plan_from_sheets as assignment_plan
from data_access.excel.ledger_io import plan_from_sheets as ledger_plan
from data_access.ledgers import LEDGERS
from data_access.permissions import PermissionDenied
from ui.context import actor, engine, lang, tr
from ui.filters import require_scope
from ui.widgets import file_uploader

st.header(tr("page.excel_io"))
the_round, scope = require_scope()
me = actor()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_tab() -> None:
    st.caption(tr("excel.page.export_intro", day=scope.as_of))
    if st.button(tr("excel.page.build"), type="primary", icon=":material/download:"):
        with st.spinner(tr("excel.page.building")):
            st.session_state["round_workbook"] = round_workbook(engine(), me, the_round.id, scope.as_of, lang())
    if "round_workbook" in st.session_state:
        st.download_button(
            tr("excel.page.download"), st.session_state["round_workbook"], file_name=f"{the_round.name}-{scope.as_of}.xlsx", mime=XLSX
        )


def template_tab() -> None:
    kinds = st.multiselect(tr("ledger.kind"), list(LEDGERS), default=["daily"], format_func=lambda k: tr(f"ledger.{k}"), key="tpl_kinds")
    if kinds:

        def template() -> bytes:
            """Built on click: with a round's hundreds of sites in its lists the template takes a while."""
            return ledger_template(kinds, lang(), org.visible_teams(engine(), me, the_round.id)["site_name"].tolist())

        st.download_button(tr("excel.page.template"), template, file_name=tr("excel.page.template_file", day=date.today()), mime=XLSX)


def import_tab() -> None:
    upload = file_uploader(tr("excel.page.upload"), "upload", ["xlsx"], "XLSX")
    if upload is None:
        return
    data = upload.getvalue()
    try:
        with st.spinner(tr("excel.page.checking")):
            sheets = read_workbook(data)
            is_table, has_ledgers = detect(sheets)
            plan = assignment_plan(sheets) if is_table else ledger_plan(engine(), me, the_round.id, sheets)
    except ImportFailed as failure:
        st.error(tr("excel.page.refused", n=len(failure.problems)))
        st.dataframe(problems_frame(failure.problems, lang()), hide_index=True, width="stretch")
        return
    except PermissionDenied as denied:
        st.error(tr(denied.key))
        return
    if is_table:
        confirm_assignment(plan)
    elif has_ledgers:
        confirm_ledgers(plan)


def confirm_assignment(plan) -> None:
    if me.role != "office":
        st.error(tr("perm.office_only"))
        return
    changes = preview_assignment(engine(), me, the_round.id, plan)
    st.subheader(tr("excel.page.preview"))
    st.dataframe(plan.frame(lang()), hide_index=True, width="stretch")
    st.info(changes.summary(lang()))
    if not changes.is_noop and st.button(tr("excel.page.confirm"), type="primary"):
        done = import_assignment(engine(), me, the_round.id, plan)
        st.success(done.summary(lang()))


def confirm_ledgers(plan) -> None:
    shown = preview(plan, lang())
    st.subheader(tr("excel.page.preview"))
    st.dataframe(shown.counts, hide_index=True, width="stretch")
    for name, n in shown.skipped.items():
        st.caption(tr("excel.page.skipped", ledger=name, n=n))
    for name, rows in shown.first_rows.items():
        st.caption(name)
        st.dataframe(rows, hide_index=True, width="stretch")
    if shown.total and st.button(tr("excel.page.confirm"), type="primary"):
        written = write_ledgers(engine(), me, plan)
        st.success(tr("excel.page.written", n=sum(written.values())))


tabs = [tr("excel.page.tab_import"), tr("excel.page.tab_template")] + ([tr("excel.page.tab_export")] if me.role == "office" else [])
for tab, draw in zip(st.tabs(tabs), (import_tab, template_tab, export_tab)):
    with tab:
        draw()
