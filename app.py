"""蹲点工作看板 — entry point: page config, sign-in, the sidebar filters and the navigation.

``streamlit run app.py`` finds ``app`` below, Streamlit's web server with the app's additions
(``ui.web``: the HttpOnly session cookie's route, the error handler), and that server runs this
same file as the script of every page run, under the name ``__main__``.
"""

from __future__ import annotations

import streamlit as st

from ui.context import engine, other_language, script_run, tr
from ui.filters import draw_sidebar_filters
from ui.navigation import ACCOUNT_PAGES, FAVICON, filters_above_pages, navigation_for, spec_of
from ui.session import current_actor, flush_cookie, login_page
from ui.web import MIDDLEWARE, ROUTES, on_script_error


def _switch_language() -> None:
    st.session_state["lang"] = other_language()


def language_switch() -> None:
    """On the sign-in form: one button, named in the language it switches to, so that a reader of
    that language finds it. Signed in, the navigation's account section offers it."""
    st.sidebar.button(tr("app.other_language"), icon=":material/translate:", help=tr("app.language"), on_click=_switch_language)


def main() -> None:
    st.set_page_config(page_title=tr("app.title"), page_icon=FAVICON, layout="wide")
    with script_run():
        engine()
        flush_cookie()
        actor = current_actor()
        if actor is None:
            language_switch()
            st.navigation([st.Page(login_page, title=tr("login.title"), icon=":material/login:")]).run()
        else:
            page = st.navigation(navigation_for(actor), expanded=True)  # the office has 16 pages: all listed, below the filters
            filters_above_pages()
            spec = spec_of(page, actor.role)
            if spec not in ACCOUNT_PAGES:
                st.session_state["back_to"] = spec.path  # where the language switch returns
            draw_sidebar_filters(spec.filters)
            page.run()


if __name__ == "__main__":  # a page run: Streamlit (and AppTest) run the script as __main__
    main()
else:  # imported by `streamlit run app.py`, which serves this ASGI app
    app = st.App(__file__, routes=ROUTES, middleware=MIDDLEWARE, on_script_error=on_script_error)
