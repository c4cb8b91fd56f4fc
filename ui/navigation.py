"""Which pages exist, in which section, which roles may open them and which sidebar filters they read."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import NamedTuple

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from data_access.auth import Actor
from data_access.documents import DOCUMENT_ROLES
from data_access.evaluation.scoring import EVALUATOR_ROLES
from ui.context import lang, tr
from ui.filters import AS_OF, EVERY, NONE, ROUND_ONLY, TEAM_ROWS, WHOLE_ROUND

# A local favicon (Streamlit would fetch a material-icon favicon from the internet), as a data URL:
# given a file, Streamlit reads and registers it again at every run.
STATIC = Path(__file__).parent / "static"
FAVICON = "data:image/png;base64," + base64.b64encode((STATIC / "favicon.png").read_bytes()).decode()
SIDEBAR_STYLE = "<style>" + (STATIC / "sidebar.css").read_text(encoding="utf-8") + "</style>"
ALL_ROLES = ("leadership", "office", "member", "discipline")
READERS = ("leadership", "office", "discipline")


class PageSpec(NamedTuple):
    section: str  # catalogue key of its navigation section ("" for the account's)
    path: str
    title: str  # catalogue key
    icon: str
    roles: tuple[str, ...]  # who may open it
    filters: frozenset[str]  # the sidebar filters it reads; the others are not drawn on it


PAGES = (
    PageSpec("nav.overview", "pages/overview.py", "page.overview", ":material/dashboard:", ALL_ROLES, WHOLE_ROUND),
    PageSpec("nav.overview", "pages/site_map.py", "page.site_map", ":material/map:", ALL_ROLES, WHOLE_ROUND),
    PageSpec("nav.overview", "pages/documents.py", "page.documents", ":material/description:", DOCUMENT_ROLES, WHOLE_ROUND),
    PageSpec("nav.teams", "pages/team_progress.py", "page.team_progress", ":material/groups:", ALL_ROLES, EVERY),
    PageSpec("nav.teams", "pages/deliverables.py", "page.deliverables", ":material/assignment_turned_in:", ALL_ROLES, WHOLE_ROUND),
    PageSpec("nav.teams", "pages/compliance.py", "page.compliance", ":material/event_available:", READERS, EVERY),
    PageSpec("nav.problems", "pages/problems.py", "page.problems", ":material/report_problem:", ALL_ROLES, EVERY),
    PageSpec(
        "nav.evaluation", "pages/evaluation_scoreboard.py", "page.evaluation_scoreboard", ":material/leaderboard:", READERS, ROUND_ONLY
    ),
    PageSpec("nav.evaluation", "pages/evaluation_compare.py", "page.evaluation_compare", ":material/timeline:", READERS, ROUND_ONLY),
    PageSpec(
        "nav.evaluation", "pages/evaluation_scoring.py", "page.evaluation_scoring", ":material/rate_review:", EVALUATOR_ROLES, ROUND_ONLY
    ),
    PageSpec("nav.evaluation", "pages/evaluation_scheme.py", "page.evaluation_scheme", ":material/rule:", ("office",), ROUND_ONLY),
    PageSpec("nav.evaluation", "pages/evaluation_cadres.py", "page.evaluation_cadres", ":material/badge:", ("office",), ROUND_ONLY),
    PageSpec("nav.ledgers", "pages/ledger_entry.py", "page.ledger_entry", ":material/edit_note:", ("office", "member"), TEAM_ROWS),
    PageSpec("nav.ledgers", "pages/ledger_grid.py", "page.ledger_grid", ":material/table_edit:", ALL_ROLES, TEAM_ROWS),
    PageSpec("nav.ledgers", "pages/excel_io.py", "page.excel_io", ":material/upload_file:", ("office", "member"), ROUND_ONLY | {AS_OF}),
    PageSpec("nav.admin", "pages/admin_org.py", "page.admin_org", ":material/account_tree:", ("office",), ROUND_ONLY),
    PageSpec("nav.admin", "pages/admin_settings.py", "page.admin_settings", ":material/tune:", ("office",), NONE),
    PageSpec("nav.admin", "pages/audit_log.py", "page.audit_log", ":material/history:", ("office",), TEAM_ROWS),
)


# Under the signed-in user's name, as navigation entries rather than sidebar buttons: the
# navigation is sent once a run whatever it holds, while each button is one more element.
ACCOUNT_PAGES = (
    PageSpec("", "pages/language.py", "app.other_language", ":material/translate:", ALL_ROLES, NONE),
    PageSpec("", "pages/sign_out.py", "app.sign_out", ":material/logout:", ALL_ROLES, NONE),
)
_BY_URL_PATH = {Path(spec.path).stem: spec for spec in PAGES + ACCOUNT_PAGES}


def pages_for(role: str) -> list[PageSpec]:
    """The pages this role may open, in navigation order; the first is the app's address."""
    return [spec for spec in PAGES if role in spec.roles]


def spec_of(page: StreamlitPage, role: str) -> PageSpec:
    """The registry's entry for the page ``st.navigation`` chose ("" is the role's first page)."""
    return _BY_URL_PATH.get(page.url_path) or pages_for(role)[0]


def navigation_for(actor: Actor) -> dict[str, list[st.Page]]:
    """The actor's pages by section, in the run's language. Built once per session, user and
    language: making sixteen pages at every run cost a third of an empty script's run. They are
    kept per session, not shared, because st.navigation marks the page it hands out."""
    built = st.session_state.setdefault("_navigation", {})
    key = (actor, lang())
    if key not in built:
        built[key] = _sections(actor)
    return built[key]


def _sections(actor: Actor) -> dict[str, list[st.Page]]:
    sections: dict[str, list[st.Page]] = {}
    for spec in pages_for(actor.role):
        sections.setdefault(tr(spec.section), []).append(_page(spec))
    account = tr("app.signed_in_as", name=actor.display_name, role=tr(f"choice.user_role.{actor.role}"))
    sections[account] = [_page(spec) for spec in ACCOUNT_PAGES]
    return sections


def filters_above_pages() -> None:
    """The sidebar's filters above its list of pages (sidebar.css), in view on a projector."""
    st.html(SIDEBAR_STYLE)


def _page(spec: PageSpec) -> st.Page:
    return st.Page(spec.path, title=tr(spec.title), icon=spec.icon)
