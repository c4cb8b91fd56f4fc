"""蹲点工作看板 — entry point: page config, sign-in, the sidebar filters and the navigation."""
from __future__ import annotations

import streamlit as st

from i18n import LANGUAGES
from ui.context import engine, script_run, tr
from ui.filters import draw_sidebar_filters
from ui.navigation import FAVICON, navigation_for
from ui.session import current_actor, flush_cookie, login_page, sign_out

def language_switch() -> None:
    st.sidebar.radio(
        tr("app.language"), LANGUAGES, format_func=lambda code: tr(f"lang.{code}"), key="lang", horizontal=True
    )


def account_box(actor) -> None:
    st.sidebar.caption(tr("app.signed_in_as", name=actor.display_name, role=tr(f"choice.user_role.{actor.role}")))
    if st.sidebar.button(tr("app.sign_out"), icon=":material/logout:"):
        sign_out()
        st.rerun()


st.set_page_config(page_title=tr("app.title"), page_icon=FAVICON, layout="wide")
with script_run():
    engine()
    flush_cookie()
    actor = current_actor()
    if actor is None:
        language_switch()
        st.navigation([st.Page(login_page, title=tr("login.title"), icon=":material/login:")]).run()
    else:
        page = st.navigation(navigation_for(actor.role), expanded=True)  # the office has 16 pages: all in view
        draw_sidebar_filters()
        language_switch()
        account_box(actor)
        page.run()
