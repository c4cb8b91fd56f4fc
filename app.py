"""蹲点工作看板 — entry point: page config, sign-in, the sidebar filters and the navigation."""
from __future__ import annotations

import streamlit as st

from i18n import LANGUAGES
from ui.context import engine, lang, script_run, tr
from ui.filters import draw_sidebar_filters
from ui.navigation import FAVICON, filters_of, navigation_for
from ui.session import current_actor, flush_cookie, login_page, sign_out


def _next_language() -> str:
    return LANGUAGES[(LANGUAGES.index(lang()) + 1) % len(LANGUAGES)]


def _switch_language() -> None:
    st.session_state["lang"] = _next_language()


def language_switch() -> None:
    """One button, named in the language it switches to, so that a reader of that language finds it."""
    st.sidebar.button(tr(f"lang.{_next_language()}"), icon=":material/translate:", help=tr("app.language"), on_click=_switch_language)


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
        draw_sidebar_filters(filters_of(page, actor.role))
        language_switch()
        account_box(actor)
        page.run()
