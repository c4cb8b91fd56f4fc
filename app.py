"""蹲点工作看板 — entry point: page config, sign-in, the sidebar filters and the navigation."""
from __future__ import annotations

import streamlit as st

from i18n import LANGUAGES
from ui.context import engine, tr
from ui.filters import draw_sidebar_filters
from ui.session import current_actor, flush_cookie, login_page, sign_out

ALL_ROLES = ("leadership", "office", "member", "discipline")
READERS = ("leadership", "office", "discipline")

# (section, page file, title key, icon, roles that may open it)
PAGES = (
    ("nav.overview", "pages/overview.py", "page.overview", ":material/dashboard:", ALL_ROLES),
    ("nav.overview", "pages/site_map.py", "page.site_map", ":material/map:", ALL_ROLES),
    ("nav.teams", "pages/team_progress.py", "page.team_progress", ":material/groups:", ALL_ROLES),
    ("nav.teams", "pages/compliance.py", "page.compliance", ":material/event_available:", READERS),
    ("nav.problems", "pages/problems.py", "page.problems", ":material/report_problem:", ALL_ROLES),
    ("nav.ledgers", "pages/ledger_entry.py", "page.ledger_entry", ":material/edit_note:", ("office", "member")),
    ("nav.ledgers", "pages/ledger_grid.py", "page.ledger_grid", ":material/table_edit:", ALL_ROLES),
    ("nav.admin", "pages/admin_org.py", "page.admin_org", ":material/account_tree:", ("office",)),
    ("nav.admin", "pages/admin_settings.py", "page.admin_settings", ":material/tune:", ("office",)),
    ("nav.admin", "pages/audit_log.py", "page.audit_log", ":material/history:", ("office",)),
)


def navigation_for(role: str) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for section, path, title, icon, roles in PAGES:
        if role in roles:
            sections.setdefault(tr(section), []).append(st.Page(path, title=tr(title), icon=icon))
    return sections


def language_switch() -> None:
    st.sidebar.radio(
        tr("app.language"), LANGUAGES, format_func=lambda code: tr(f"lang.{code}"), key="lang", horizontal=True
    )


def account_box(actor) -> None:
    st.sidebar.caption(tr("app.signed_in_as", name=actor.display_name, role=tr(f"choice.user_role.{actor.role}")))
    if st.sidebar.button(tr("app.sign_out"), icon=":material/logout:"):
        sign_out()
        st.rerun()


st.set_page_config(page_title=tr("app.title"), page_icon=":material/flag:", layout="wide")
engine()
flush_cookie()
actor = current_actor()
if actor is None:
    language_switch()
    st.navigation([st.Page(login_page, title=tr("login.title"), icon=":material/login:")]).run()
else:
    page = st.navigation(navigation_for(actor.role))
    draw_sidebar_filters()
    language_switch()
    account_box(actor)
    page.run()
